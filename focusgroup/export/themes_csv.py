"""themes.csv: one row per theme of the latest run, for Excel/R/pandas.

Columns: theme_id, label, keywords, size, n_speakers, n_sources, representative_quotes (one quote
per line as "[quote_id] text", joinable to quotes.csv), then parent_id, level ("tema" or
"overtema" for a group of themes) and memo. Pseudonymised by default like every export.
"""

from __future__ import annotations

import csv
from pathlib import Path

from focusgroup.export._view import ExportView, build_view
from focusgroup.export.quotes_csv import neutralise

COLUMNS = ["theme_id", "label", "keywords", "size", "n_speakers", "n_sources", "representative_quotes",
           "parent_id", "level", "memo"]


def theme_rows(view: ExportView) -> list[dict[str, object]]:
    parents = {t.parent_id for t in view.themes if t.parent_id is not None}
    ordered = sorted(view.themes, key=lambda t: (t.id in parents, -t.size, t.id))
    rows = []
    for t in ordered:
        reps = [view.quote_by_id[q] for q in t.representative_quote_ids if q in view.quote_by_id]
        rows.append({
            "theme_id": t.id, "label": t.label, "keywords": ", ".join(t.keywords), "size": t.size,
            "n_speakers": t.n_speakers, "n_sources": t.n_sources,
            "representative_quotes": "\n".join(f"[{q.id}] {q.text}" for q in reps),
            "parent_id": "" if t.parent_id is None else t.parent_id,
            "level": "overtema" if t.id in parents else "tema", "memo": view.theme_memo(t),
        })
    return rows


def write_themes_csv(project, path: str | Path, *, pseudonymize: bool = True,
                     view: ExportView | None = None) -> Path:
    path = Path(path)
    view = view or build_view(project, real_names=not pseudonymize)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads æøå right
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in theme_rows(view):
            writer.writerow({k: neutralise(v) for k, v in row.items()})
    return path
