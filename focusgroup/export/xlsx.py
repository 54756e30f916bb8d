"""Excel workbook: an overview, one sheet per theme with its quotes, the quotes without a theme, and
the codebook. Headers and sheet names in the language in force (``messages.export``: Danish unless
English is chosen), frozen header rows, wrapped text, readable column widths.

Every text cell is written as a string (never parsed as a formula, number or URL), and a text that
starts like a formula (= + - @) gets Excel's quote prefix, so editing the cell later cannot turn
it into a formula either; the quote itself stays unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from focusgroup.export._stats import SENTIMENT_LABELS, ThemeStats, group_shares, theme_stats, totals
from focusgroup.export._text import code, columns, num, quoted, t
from focusgroup.export._view import ExportView, QuoteView
from focusgroup.export.quotes_csv import FORMULA_STARTS

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WHOLE = re.compile(r"-?(?:0|[1-9]\d{0,14})")
# column widths in characters; the headers are messages ("exp_quote_cols" ...)
QUOTE_WIDTHS = [70, 16, 11, 22, 10, 10, 9, 9, 30, 9, 10, 8, 24, 9]
OVERVIEW_WIDTHS = [34, 24, 8, 12, 10, 10, 9, 7]
OVERVIEW_END_WIDTHS = [10, 40, 50]
CODEBOOK_WIDTHS = [34, 24, 60, 40, 50, 8, 12]


def write_xlsx(view: ExportView, path: str | Path) -> Path:
    import xlsxwriter

    path = Path(path)
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
         "nan_inf_to_errors": True},
    )
    fmt = _Formats(wb)
    stats = theme_stats(view)
    used: set[str] = set()
    _overview(wb.add_worksheet(sheet_name(t("exp_sheet_overview"), used)), view, stats, fmt)
    for st in stats:
        ws = wb.add_worksheet(sheet_name(st.theme.label, used))
        _quotes_sheet(ws, view, st.quotes, fmt, title=st.theme.label)
    unassigned = totals(view).unassigned
    if unassigned:
        title = t("exp_sheet_no_theme")
        _quotes_sheet(wb.add_worksheet(sheet_name(title, used)), view, unassigned, fmt, title=title)
    group_by = (view.run or {}).get("params", {}).get("group_by")
    if group_by and group_by in view.meta_fields:
        _groups(wb.add_worksheet(sheet_name(t("exp_sheet_groups", field=group_by), used)), view, stats, group_by, fmt)
    _codebook(wb.add_worksheet(sheet_name(t("exp_sheet_codebook"), used)), view, theme_stats(view, parents=True), fmt)
    if view.themes:  # satisfaction by group, change, scales and "Kræver svar" (export.satisfaction)
        from focusgroup.export import satisfaction

        satisfaction.add_sheets(wb, fmt, used, satisfaction.view_findings(view), view)
    wb.close()
    return path


def sheet_name(label: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name: ≤ 31 characters, none of []:*?/\\, not quoted at the ends."""
    base = _SHEET_FORBIDDEN.sub(" ", label or t("exp_sheet_theme"))
    base = " ".join(base.split()).strip("'") or t("exp_sheet_theme")
    if base.lower() == "history":  # reserved by Excel
        base = t("exp_sheet_history")
    name, n = base[:31], 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)].rstrip() + suffix
    used.add(name.lower())
    return name


class _Formats:
    def __init__(self, wb: Any) -> None:
        self.header = wb.add_format({"bold": True, "bg_color": "#DDE4EE", "text_wrap": True, "valign": "top",
                                     "border": 1})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.wrap_quoted = wb.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True})
        self.pct = wb.add_format({"num_format": "0%", "valign": "top"})
        self.num = wb.add_format({"num_format": "0.00", "valign": "top"})
        self.int = wb.add_format({"valign": "top"})


def _put(ws: Any, row: int, col: int, value: Any, fmt: _Formats, number_format: Any = None) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt.wrap)
    elif isinstance(value, bool):
        ws.write_string(row, col, t("exp_yes" if value else "exp_no"), fmt.wrap)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, number_format or fmt.int)
    else:
        text = str(value)
        ws.write_string(row, col, text, fmt.wrap_quoted if text[:1] in FORMULA_STARTS else fmt.wrap)


def _table(ws: Any, first_row: int, headers: list[tuple[str, int]], rows: list[list[Any]], fmt: _Formats,
           number_formats: dict[int, Any] | None = None) -> None:
    for col, (header, width) in enumerate(headers):
        ws.write_string(first_row, col, header, fmt.header)
        ws.set_column(col, col, width)
    for r, values in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(values):
            _put(ws, r, col, value, fmt, (number_formats or {}).get(col))
    ws.freeze_panes(first_row + 1, 0)
    if rows:
        ws.autofilter(first_row, 0, first_row + len(rows), len(headers) - 1)


def _overview(ws: Any, view: ExportView, stats: list[ThemeStats], fmt: _Formats) -> None:
    n = totals(view)
    ws.write_string(0, 0, t("exp_overview_title", project=view.title or view.project_name), fmt.title)
    ws.write_string(1, 0, t(
        "exp_overview_line", sources=num(len(view.sources)), speakers=num(n.speakers), quotes=num(n.quotes),
        themes=num(n.themes), unassigned=num(len(n.unassigned)), names=t("exp_pseudonymised" if view.pseudonymised else "exp_real_names")
        + (t("exp_kept_ids", fields=", ".join(quoted(f) for f in view.kept_id_fields)) if view.kept_id_fields else "")))
    headers = columns("exp_overview_cols", OVERVIEW_WIDTHS)
    headers += [(t("exp_sentiment_col", label=code("sentiment", label).capitalize()), 9) for label in SENTIMENT_LABELS]
    headers += columns("exp_overview_cols_end", OVERVIEW_END_WIDTHS)
    rows = []
    for st in stats:
        rows.append([
            st.theme.label, st.parent_label, st.size, st.label_hits, st.prevalence, st.coverage, st.n_speakers, st.n_sources,
            *[st.sentiment.get(label) if st.sentiment else None for label in SENTIMENT_LABELS],
            st.mean_score, ", ".join(st.theme.keywords), st.theme.description,
        ])
    pct = {4: fmt.pct, 5: fmt.pct, 8: fmt.pct, 9: fmt.pct, 10: fmt.pct, 11: fmt.num}
    _table(ws, 3, headers, rows, fmt, pct)


def _quotes_sheet(ws: Any, view: ExportView, quotes: list[QuoteView], fmt: _Formats, title: str) -> None:
    meta = [k for k in view.meta_fields if any(k in q.metadata for q in quotes)]
    headers = columns("exp_quote_cols", QUOTE_WIDTHS) + [(k, 14) for k in meta]
    rows = []
    for q in sorted(quotes, key=lambda q: (q.id not in view.key_quotes, q.source_id, q.turn, q.part)):
        s = view.sentiments.get(q.id)
        a = view.assignments.get(q.id)
        rows.append([
            q.text, q.speaker, code("role", q.role), view.source_by_id[q.source_id].name, q.timestamp,
            code("sentiment", s.label) if s else None, s.score if s else None, "★" if q.id in view.key_quotes else None,
            view.quote_memo(q.id), a.probability if a and a.theme_id is not None else None,
            coded_by(a.by) if a and a.theme_id is not None else None,
            q.id, q.column, _reply_text(view, q.id), *[background_value(q.metadata.get(k)) for k in meta],
        ])
    ws.write_string(0, 0, title, fmt.title)
    _table(ws, 1, headers, rows, fmt, {6: fmt.num, 9: fmt.num})


def background_value(value: Any) -> Any:
    """A background value as Excel should hold it: a whole number stored as text ("3" on the sample study's
    1-5 scale, "2020") becomes a number, so the researcher can sum, average and pivot it; "0042" (leading
    zero), "3,5" and ids longer than Excel's 15 digits stay text, as they were."""
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    return value


def coded_by(by: str) -> str:
    """Who coded a quote or set a flag: "forsker" (researcher) or "model"."""
    return {"researcher": t("exp_by_researcher"), "model": t("exp_by_model")}.get(by, by)


def _reply_text(view: ExportView, quote_id: int) -> str | None:
    r = view.replies.get(quote_id)
    if not (r and r.needs_reply):
        return None
    return t("exp_yes_reason", reason=code("reason", r.reason)) if r.reason else t("exp_yes")


def _groups(ws: Any, view: ExportView, stats: list[ThemeStats], field: str, fmt: _Formats) -> None:
    """Each theme's share of every group's analysed quotes, for the run's group comparison."""
    groups, shares = group_shares(view, stats, field)
    ws.write_string(0, 0, t("exp_groups_title", field=field), fmt.title)
    headers = [(t("exp_theme_col"), 34)] + [(g, 12) for g in groups]
    rows = [[st.theme.label, *[shares[st.theme.id][g] for g in groups]] for st in stats]
    _table(ws, 1, headers, rows, fmt, {i: fmt.pct for i in range(1, len(groups) + 1)})


def _codebook(ws: Any, view: ExportView, stats: list[ThemeStats], fmt: _Formats) -> None:
    headers = columns("exp_codebook_cols", CODEBOOK_WIDTHS)
    rows = [
        [st.theme.label, st.parent_label, st.theme.description, ", ".join(st.theme.keywords),
         view.theme_memo(st.theme), st.size, st.label_hits]
        for st in stats
    ]
    ws.write_string(0, 0, t("exp_codebook_title"), fmt.title)
    _table(ws, 1, headers, rows, fmt)
