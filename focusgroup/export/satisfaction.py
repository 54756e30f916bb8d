"""Satisfaction findings as files: a csv of the ranked cells (plus change and scale tables next to it), and
xlsx sheets "Tilfredshed", "Udvikling", "Skala" and "Kræver svar" that the workbook export and
``focusgroup satisfaction --out X.xlsx`` share.

Figures come from ``focusgroup.stats.study`` on the export view, so example quotes are pseudonymised
like every other exported text. The sheets' words follow the language in force (``messages.export``); the
csv files keep their column names and coded values in every language (the reason is in that module).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pandas as pd

from focusgroup import messages
from focusgroup.export._text import code, columns, num, t
from focusgroup.export._view import ExportView
from focusgroup.export.quotes_csv import neutralise
from focusgroup.stats import satisfaction as sat
from focusgroup.stats import study

# column widths in characters; the headers are messages ("exp_cell_cols" ...)
CELL_WIDTHS = [6, 34, 14, 18, 9, 9, 10, 10, 10, 11, 9, 70, 8]
CHANGE_WIDTHS = [34, 10, 10, 10, 10, 9, 10, 10, 10, 10, 10, 11, 11, 9, 9]
SCALE_WIDTHS = [16, 20, 11, 11, 9, 9]
SCALE_THEME_WIDTHS = [34, 9, 8, 9, 9, 9, 9, 9]
REPLY_WIDTHS = [70, 16, 24, 16, 22, 28, 10, 9, 9, 8]


def view_findings(view: ExportView, by: list[str] | None = None, *, wave: str | None = None,
                  date: str | None = None, min_n: int = 8, scales: list[str] | None = None,
                  auto: bool = True) -> study.Findings:
    """Findings on the view; with ``auto`` the fields not given are chosen as the app does (run's group
    field and the first other group fields, the wave field, the first date field, detected scales)."""
    df = study.frame_from_view(view)
    if df.empty:
        return study.findings(df.assign(sentiment=[]) if "sentiment" not in df else df, [], min_n=min_n)
    if auto:
        by = by or default_by(view, df)
        wave = wave or sat.wave_field(df)
        dates = study.date_fields(df)
        date = date or (dates[0] if dates else None)
        # the fields the researcher confirmed on the Tilfredshed page or with --scale (the page promises "bruges
        # også i rapporterne"), else detection; the report and the workbook read detection only before
        if scales is None and view.confirmed_scales is not None:
            scales = [c for c in view.confirmed_scales if c in df.columns]
        scales = scales if scales is not None else sat.detect_scale_fields(df)
    return study.findings(df, by or [], wave=wave, date=date, min_n=min_n, scales=scales)


def default_by(view: ExportView, df: pd.DataFrame, n: int = 2) -> list[str]:
    """``study.default_by`` with the run's group field first (the app's page chooses the same)."""
    return study.default_by(df, (view.run or {}).get("params", {}).get("group_by"), n)


# -- csv -----------------------------------------------------------------------------------------

def write_csv(f: study.Findings, path: str | Path) -> list[Path]:
    """The ranked cells to ``path``; wave/quarter change and scale tables to ``<stem>_<what>.csv`` beside it."""
    path = Path(path)
    written = [_frame_csv(f.table.cells.drop(columns=["quote_ids"]), path)]
    for name, change in (("wave", f.wave), ("quarter", f.quarter)):
        if change is not None:
            written.append(_frame_csv(change.changes, path.with_name(f"{path.stem}_{name}_change.csv")))
    for scale, table in f.scales.items():
        slug = "".join(ch if ch.isalnum() else "_" for ch in scale.lower()).strip("_")
        written.append(_frame_csv(table, path.with_name(f"{path.stem}_{slug}_by_group.csv")))
        written.append(_frame_csv(f.scale_themes[scale], path.with_name(f"{path.stem}_{slug}_by_theme.csv")))
    return written


def _frame_csv(df: pd.DataFrame, path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel reads æøå right
        w = csv.writer(fh)
        w.writerow(list(df.columns))
        for row in df.itertuples(index=False):
            w.writerow([neutralise(_plain(v)) for v in row])
    return path


def _plain(v: Any) -> Any:
    if isinstance(v, float):
        return "" if math.isnan(v) else round(v, 4)
    return "" if v is None else v


# -- xlsx ----------------------------------------------------------------------------------------

def write_xlsx(f: study.Findings, path: str | Path, view: ExportView | None = None) -> Path:
    """A workbook with only the satisfaction sheets (``focusgroup satisfaction --out X.xlsx``)."""
    import xlsxwriter

    from focusgroup.export.xlsx import _Formats

    path = Path(path)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False, "nan_inf_to_errors": True})
    add_sheets(wb, _Formats(wb), set(), f, view)
    wb.close()
    return path


def add_sheets(wb: Any, fmt: Any, used: set[str], f: study.Findings, view: ExportView | None) -> None:
    from focusgroup.export.xlsx import sheet_name

    _cells_sheet(wb.add_worksheet(sheet_name(t("exp_sheet_satisfaction"), used)), f, fmt)
    changes = f.changes()  # the quarter's table only when it is not the wave's under other names
    if changes:
        ws = wb.add_worksheet(sheet_name(t("exp_sheet_change"), used))
        row = 0
        for kind, change in changes:
            ws.write_string(row, 0, t("exp_change_title", period=t(f"exp_{kind}"), field=code("field", change.field)),
                            fmt.title)
            rows = [[code("theme", r[0]), messages.period(r[1]), messages.period(r[2]), *[_num(v) for v in r[3:]]]
                    for r in change.changes.itertuples(index=False)]
            _table(ws, row + 1, columns("exp_change_cols", CHANGE_WIDTHS), rows, fmt,
                   {3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
            row += len(rows) + 2
            if kind == "wave" and f.quarter_is_wave:
                ws.write_string(row, 0, t("exp_quarter_is_wave", field=f.date_field,
                                          pairs=messages.period_pairs(f.quarter_is_wave)))
            row += 2
    if f.scales:
        _scale_sheet(wb.add_worksheet(sheet_name(t("exp_sheet_scale"), used)), f, fmt)
    if view is not None and any(r.needs_reply for r in view.replies.values()):
        reply_sheet(wb.add_worksheet(sheet_name(t("exp_sheet_replies"), used)), view, fmt)


def _cells_sheet(ws: Any, f: study.Findings, fmt: Any) -> None:
    table = f.table
    ws.write_string(0, 0, t("exp_cells_title"), fmt.title)
    ws.write_string(1, 0, t("exp_cells_note", fields=", ".join(table.fields) or "–", min_n=table.min_n,
                            omitted=num(table.omitted), all=code("theme", sat.ALL_THEMES)))
    rows = [[r["rank"], code("theme", r["theme"]), r["field"], r["group"], r["n"], r["n_negative"],
             r["share_negative"], r["ci_low"], r["ci_high"], _num(r["theme_share_negative"]), _num(r["difference"]),
             r["example"], r["example_quote_id"]] for _, r in table.cells.iterrows()]
    _table(ws, 3, columns("exp_cell_cols", CELL_WIDTHS), rows, fmt, {6, 7, 8, 9, 10})


def _scale_sheet(ws: Any, f: study.Findings, fmt: Any) -> None:
    row = 0
    for scale, table in f.scales.items():
        ws.write_string(row, 0, t("exp_scale_title", scale=scale), fmt.title)
        rows = [[r["field"], code("group", r["group"]), r["n"], r["mean"], _num(r["ci_low"]), _num(r["ci_high"])]
                for _, r in table.iterrows()]
        _table(ws, row + 1, columns("exp_scale_cols", SCALE_WIDTHS), rows, fmt, set(), decimals={3, 4, 5})
        row += len(rows) + 4
        themes = f.scale_themes[scale]
        ws.write_string(row, 0, t("exp_scale_themes_title", scale=scale, min_n=f.table.min_n), fmt.title)
        rows = [[r["theme"], r["n_raise"], r["mean_raise"], r["n_other"], r["mean_other"], r["difference"],
                 _num(r["ci_low"]), _num(r["ci_high"])] for _, r in themes.iterrows()]
        _table(ws, row + 1, columns("exp_scale_themes_cols", SCALE_THEME_WIDTHS), rows, fmt, set(),
               decimals={2, 4, 5, 6, 7})
        row += len(rows) + 4


def reply_sheet(ws: Any, view: ExportView, fmt: Any) -> None:
    """The comments that need a reply, by reason, with the question they answer."""
    labels = {t.id: t.label for t in view.themes}
    flagged = [(view.quote_by_id[i], r) for i, r in view.replies.items() if r.needs_reply and i in view.quote_by_id]
    flagged.sort(key=lambda p: (p[1].reason, -(p[1].score or 0.0)))
    ws.write_string(0, 0, t("exp_replies_title", n=num(len(flagged))), fmt.title)
    rows = []
    for q, r in flagged:
        s = view.sentiments.get(q.id)
        rows.append([q.text, code("reason", r.reason), q.column, q.speaker, view.source_by_id[q.source_id].name,
                     labels.get(view.theme_of(q.id), ""), code("sentiment", s.label) if s else None, _num(r.score),
                     t("exp_by_researcher" if r.by == "researcher" else "exp_by_model"), q.id])
    _table(ws, 1, columns("exp_reply_cols", REPLY_WIDTHS), rows, fmt, set(), decimals={7})


def _table(ws: Any, first: int, headers: list[tuple[str, int]], rows: list[list[Any]], fmt: Any,
           pct: set[int], decimals: set[int] | None = None) -> None:
    from focusgroup.export.xlsx import _table as table

    formats = {i: fmt.pct for i in pct} | {i: fmt.num for i in decimals or set()}
    table(ws, first, headers, rows, fmt, formats)


def _num(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    return v
