"""Helpers for the embed/themes tests: real Danish texts (SIB-200 from ../shared) in a real project."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from focusgroup.records import RESPONDENT, SURVEY, ParsedSource, Quote, Source, Speaker


def sib_rows(shared_dir: Path, split: str = "train") -> list[tuple[str, str]]:
    with open(shared_dir / "data" / "themes" / f"dan_Latn_{split}.tsv", encoding="utf-8") as f:
        return [(r["text"], r["category"]) for r in csv.DictReader(f, delimiter="\t")]


def stratified(rows: list[tuple[str, str]], per_topic: int, topics: list[str] | None = None) -> list[tuple[str, str]]:
    out, seen = [], {}
    for text, cat in rows:
        if topics is not None and cat not in topics:
            continue
        if seen.get(cat, 0) < per_topic:
            seen[cat] = seen.get(cat, 0) + 1
            out.append((text, cat))
    return out


def survey_source(name: str, answers: list[str], first_respondent: int = 1) -> ParsedSource:
    """A survey file as the ingest layer would store it: one quote per answer, one respondent each."""
    text, quotes, speakers, pos = "", [], [], 0
    for i, answer in enumerate(answers):
        speaker = f"R{first_respondent + i}"
        speakers.append(Speaker(speaker, RESPONDENT))
        quotes.append(Quote(answer, pos, pos + len(answer), speaker=speaker, role=RESPONDENT, turn=i))
        text += answer + "\n\n"
        pos = len(text)
    return ParsedSource(Source(name, text, kind=SURVEY, format="csv"), speakers, quotes)


def norm_text(text: str) -> str:
    """Case and spacing aside: how the corpus checks compare a comment with another text."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def shared_theme_texts(shared_dir: Path) -> set[str] | None:
    """Every line of ../shared/data/themes and every tab-separated field of it, normalised (``norm_text``);
    None when the folder is absent. The own comment corpora must hold none of them (written, not copied)."""
    folder = shared_dir / "data" / "themes"
    if not folder.is_dir():
        return None
    shared: set[str] = set()
    for path in folder.iterdir():
        if path.is_file():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                shared.add(norm_text(line))
                shared.update(norm_text(field) for field in line.split("\t"))
    return shared
