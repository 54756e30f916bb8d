"""quotes.csv: the flat contract other tools (Excel, R, pandas) read.

Columns: quote_id, source, row, speaker, role, start, end, text, theme_id, theme_label, sentiment,
sentiment_score, question, needs_reply, reply_reason, then one column per metadata field. ``row`` is the
0-based data row for survey files and the turn index for transcripts. ``start``/``end`` are offsets into the project's stored
source text (stable whether or not the export is pseudonymised), so rows join back to the project.
"""

from __future__ import annotations

import csv
from pathlib import Path

from focusgroup.export._view import ExportView

BASE_COLUMNS = [
    "quote_id", "source", "row", "speaker", "role", "start", "end", "text",
    "theme_id", "theme_label", "sentiment", "sentiment_score",
]
# After the base columns: the survey question a quote answers, and whether it needs a reply (true/false,
# empty before the reply classifier has run) with the reason.
FINDINGS_COLUMNS = ["question", "needs_reply", "reply_reason"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Stop spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def view_rows(view: ExportView) -> tuple[list[str], list[dict[str, object]]]:
    labels = {t.id: t.label for t in view.themes}
    rows = []
    for q in view.quotes:
        theme_id = view.theme_of(q.id)
        s = view.sentiments.get(q.id)
        row: dict[str, object] = {
            "quote_id": q.id, "source": q.source_name, "row": q.turn, "speaker": q.speaker, "role": q.role,
            "start": q.start, "end": q.end, "text": q.text, "theme_id": "" if theme_id is None else theme_id,
            "theme_label": labels.get(theme_id, ""), "sentiment": s.label if s else "",
            "sentiment_score": f"{s.score:.3f}" if s else "",
            "question": q.column or "",
        }
        r = view.replies.get(q.id)
        row["needs_reply"] = ("true" if r.needs_reply else "false") if r else ""
        row["reply_reason"] = r.reason if r and r.needs_reply else ""
        for key in view.meta_fields:
            if key not in BASE_COLUMNS and key not in FINDINGS_COLUMNS:
                row[key] = q.metadata.get(key, "")
        rows.append(row)
    columns = BASE_COLUMNS + FINDINGS_COLUMNS + [
        k for k in view.meta_fields if k not in BASE_COLUMNS and k not in FINDINGS_COLUMNS]
    return columns, rows


def write_csv(view: ExportView, path: str | Path) -> Path:
    path = Path(path)
    columns, rows = view_rows(view)
    # UTF-8 with BOM: Excel on Windows reads the file as UTF-8 only with it (else "Ã¦" for "æ");
    # pandas, R and Python's csv with encoding="utf-8-sig" read it as before.
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writerow({c: neutralise(c) for c in columns})  # a header like "=id" is a cell too
        for row in rows:
            writer.writerow({k: neutralise(v) for k, v in row.items()})
    return path
