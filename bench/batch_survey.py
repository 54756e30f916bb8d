"""Realistic large variants of the sample survey (transcripts/brugerundersoegelse_2020_2021.csv).

Answers are recombined and perturbed from the sample's own answers: one or two sentences from
different respondents of the same ydelse, occasional typos, lower-cased starts, junk answers and
blanks at the sample's own rates, background columns drawn from real rows, unique respondent ids.
The output is a ';'-separated cp1252 csv like the SurveyXact export, so batch reads what users have.

    python bench/batch_survey.py 1000 10000 100000     # -> bench/out/batch/survey_<n>.csv
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "transcripts" / "brugerundersoegelse_2020_2021.csv"
OUT = REPO / "bench" / "out" / "batch"
TEXT_COLUMNS = ("Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _rows() -> tuple[list[str], list[dict[str, str]]]:
    with SOURCE.open(encoding="cp1252", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        return list(reader.fieldnames or []), list(reader)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 3:
        j = rng.randrange(len(w) - 1)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _answer(pool: list[str], blanks: float, rng: random.Random) -> str:
    base = rng.choice(pool)
    if not base.strip() or rng.random() < blanks * 0.1:
        return base  # blanks and junk keep their rate
    sentences = _SENTENCE.split(base)
    if rng.random() < 0.35:
        sentences += _SENTENCE.split(rng.choice(pool))[:1]
    text = " ".join(s for s in sentences if s.strip())
    if rng.random() < 0.15:
        text = _typo(text, rng)
    if rng.random() < 0.1 and text:
        text = text[0].lower() + text[1:]
    return text


def generate(n: int, seed: int = 0, out_dir: Path = OUT) -> Path:
    rng = random.Random(seed)
    header, rows = _rows()
    by_ydelse: dict[str, dict[str, list[str]]] = {}
    for r in rows:
        pools = by_ydelse.setdefault(r["Ydelse"], {c: [] for c in TEXT_COLUMNS})
        for c in TEXT_COLUMNS:
            pools[c].append(r[c])
    blank_rate = {c: sum(not r[c].strip() for r in rows) / len(rows) for c in TEXT_COLUMNS}
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"survey_{n}.csv"
    with path.open("w", encoding="cp1252", errors="replace", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for i in range(n):
            base = dict(rng.choice(rows))
            base["Respondent"] = str(40_000_000 + i)
            for c in TEXT_COLUMNS:
                base[c] = _answer(by_ydelse[base["Ydelse"]][c], blank_rate[c], rng)
            writer.writerow([base[h] for h in header])
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["1000", "10000", "100000"]:
        print(generate(int(arg)))
