"""Synthetic but realistic Danish comment sets for the pipeline benchmark (issue 16).

Comments are built from public Danish text only (no reserved sets): the sample survey's own answers
(transcripts/), DaNE train sentences, SIB-200 Danish train/dev and the *train* splits of the two
sentiment sets in ../shared. A comment is one to three sentences (mostly one or two, the survey's
own mix), with junk answers ("Ved ikke", "Nej") and exact repeats of earlier comments at survey-like
rates, so identical quotes occur as they do in real exports. Background columns Ydelse and Køn come
from the sample survey's rows.

    python bench/pipeline_data.py 1000 10000   # -> bench/out/pipeline/comments_<n>.csv
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared" / "data").resolve()
SURVEY = REPO / "transcripts" / "brugerundersoegelse_2020_2021.csv"
OUT = REPO / "bench" / "out" / "pipeline"
TEXT = "svar"
JUNK = ["Ved ikke", "Nej", "Intet", "Ikke noget", "Nej tak", "-", "Ved ikke.", "Ingen kommentarer", "Nej.", "ok"]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _survey() -> tuple[list[str], list[tuple[str, str]]]:
    with SURVEY.open(encoding="cp1252", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    sentences = []
    for r in rows:
        for col in ("Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"):
            sentences += [s.strip() for s in _SENTENCE.split(r[col]) if len(s.split()) >= 3]
    return sentences, [(r["Ydelse"], r["Køn"]) for r in rows]


def _shared() -> list[str]:
    out = []
    for line in (SHARED / "danish-nlp" / "dane_train.jsonl").read_text(encoding="utf-8").splitlines():
        toks = json.loads(line)["tokens"]
        if 4 <= len(toks) <= 40:
            out.append(re.sub(r" ([.,:;!?)])", r"\1", " ".join(toks)))
    for split in ("train", "dev"):
        with open(SHARED / "themes" / f"dan_Latn_{split}.tsv", encoding="utf-8") as fh:
            out += [r["text"] for r in csv.DictReader(fh, delimiter="\t")]
    for name in ("europarl_sent_train", "lcc_train"):
        for line in (SHARED / "sentiment" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            out.append(json.loads(line)["text"])
    return out


def comments(n: int, seed: int = 0) -> list[tuple[str, str, str]]:
    """``n`` (text, ydelse, køn) rows."""
    rng = random.Random(seed)
    survey, background = _survey()
    shared = _shared()
    rows: list[tuple[str, str, str]] = []
    for _ in range(n):
        ydelse, kon = rng.choice(background)
        r = rng.random()
        if r < 0.05:
            text = rng.choice(JUNK)
        elif r < 0.08 and rows:
            text = rng.choice(rows)[0]  # the same comment again (copied answers, "Se ovenfor" ...)
        else:
            k = rng.choices((1, 2, 3), weights=(0.55, 0.3, 0.15))[0]
            parts = [rng.choice(survey if rng.random() < 0.3 else shared) for _ in range(k)]
            text = " ".join(parts)
        rows.append((text, ydelse, kon))
    return rows


def write(n: int, seed: int = 0, out_dir: Path = OUT) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"comments_{n}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", TEXT, "Ydelse", "Køn"])
        for i, (text, ydelse, kon) in enumerate(comments(n, seed)):
            w.writerow([f"R{i + 1:06d}", text, ydelse, kon])
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(write(int(arg)))
