"""quotes.csv: the flat contract other tools (Excel, R, pandas) read.

Columns: quote_id, source, row, speaker, role, start, end, text, theme_id, theme_label, sentiment,
sentiment_score, then one column per metadata field. ``row`` is the 0-based data row for survey
files and the turn index for transcripts.
"""

from __future__ import annotations

import csv
from pathlib import Path

from focusgroup.store import Project

BASE_COLUMNS = [
    "quote_id", "source", "row", "speaker", "role", "start", "end", "text",
    "theme_id", "theme_label", "sentiment", "sentiment_score",
]


def neutralise(value: object) -> object:
    """Stop spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def quote_rows(project: Project, *, pseudonymize: bool = False) -> tuple[list[str], list[dict[str, object]]]:
    quotes = project.quotes()
    assignments = project.assignments()
    labels = {t.id: t.label for t in project.themes()} if project.latest_run_id() else {}
    sentiments = project.sentiments()
    texts, speakers = _pseudonymised(project) if pseudonymize else ({}, {})
    meta_fields = list(dict.fromkeys(k for q in quotes for k in q.metadata))
    rows = []
    for q in quotes:
        a = assignments.get(q.id)
        s = sentiments.get(q.id)
        theme_id = a.theme_id if a else None
        row: dict[str, object] = {
            "quote_id": q.id, "source": q.source_name, "row": q.turn,
            "speaker": speakers.get(q.speaker, q.speaker), "role": q.role, "start": q.start, "end": q.end,
            "text": texts.get(q.id, q.text), "theme_id": "" if theme_id is None else theme_id,
            "theme_label": labels.get(theme_id, ""), "sentiment": s.label if s else "",
            "sentiment_score": f"{s.score:.3f}" if s else "",
        }
        for key in meta_fields:
            row[key] = q.metadata.get(key, "")
        rows.append(row)
    columns = BASE_COLUMNS + [k for k in meta_fields if k not in BASE_COLUMNS]
    return columns, rows


def write_quotes_csv(project: Project, path: str | Path, *, pseudonymize: bool = False) -> Path:
    path = Path(path)
    columns, rows = quote_rows(project, pseudonymize=pseudonymize)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise(v) for k, v in row.items()})
    return path


def _pseudonymised(project: Project) -> tuple[dict[int, str], dict[str, str]]:
    from focusgroup.privacy import pseudonymized_view

    view = pseudonymized_view(project)
    return view.quote_texts, view.speaker_names
