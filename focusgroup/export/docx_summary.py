"""The Word report's one-page summary and its satisfaction sections, for a manager who reads one page.

The summary answers, in this order: where satisfaction is lowest and for whom (the ranked theme x group
cells of ``stats.satisfaction`` and the 1-5 scale by group), the largest themes, what changed between
waves, and how many comments need a reply. Every figure comes from ``export.satisfaction.view_findings``
on the export view, the same numbers as the xlsx sheet and ``focusgroup satisfaction``; the words come from
``messages.export_report`` in the language in force.
"""

from __future__ import annotations

import io
from typing import Any

from focusgroup.export._stats import ThemeStats
from focusgroup.export._text import code, dec, n_eq, num, pct, points, t
from focusgroup.export._view import ExportView
from focusgroup.ingest.questions import is_nothing_answer
from focusgroup.stats import satisfaction as sat
from focusgroup.stats import study

MIN_N = 8
GROUP_LINE_MIN_N = 5  # a theme's negative share is named for groups with at least this many of its quotes

__all__ = ["GROUP_LINE_MIN_N", "MIN_N", "add_satisfaction", "add_summary", "dec", "group_chart", "group_line",
           "is_non_answer_theme", "pct", "report_title", "reportable", "summary_points"]


def report_title(view: ExportView) -> str:
    """The study's name as the researcher set it (``focusgroup satisfaction --title``, the app's export page);
    without one, "Temaanalyse: <project>" ("Thematic analysis: <project>")."""
    return view.title or t("exp_report_title", project=view.project_name)


def is_non_answer_theme(st: ThemeStats) -> bool:
    """A theme made of "nothing"-answers ("Ikke noget særligt", "Desværre ikke ret meget"): more than half."""
    return bool(st.quotes) and sum(is_nothing_answer(q.text) for q in st.quotes) > 0.5 * len(st.quotes)


def reportable(stats: list[ThemeStats]) -> list[ThemeStats]:
    """Themes with quotes, largest first, without non-answer themes and without parents that only group."""
    return [s for s in stats if s.size and not s.is_parent and not is_non_answer_theme(s)]


def summary_points(view: ExportView, f: study.Findings, stats: list[ThemeStats]) -> list[tuple[str, str]]:
    """(heading, sentence) pairs of the summary page."""
    out: list[tuple[str, str]] = []
    cells = f.table.cells
    themed = cells[cells["theme"] != sat.ALL_THEMES].drop_duplicates("theme").head(3) if len(cells) else cells
    if len(themed):
        parts = [t("exp_s_lowest_part", theme=code("theme", r["theme"]), field=r["field"], group=r["group"],
                   share=pct(r["share_negative"]), low=pct(r["ci_low"]), high=pct(r["ci_high"]), n=n_eq(r["n"]))
                 for _, r in themed.iterrows()]
        out.append((t("exp_s_lowest_h"), t("exp_s_lowest", parts="; ".join(parts))))
    groups = cells[cells["theme"] == sat.ALL_THEMES].head(2) if len(cells) else cells
    if len(groups):
        parts = [t("exp_s_who_part", field=r["field"], group=r["group"], share=pct(r["share_negative"]), n=num(r["n"]),
                   total=pct(r["theme_share_negative"])) for _, r in groups.iterrows()]
        out.append((t("exp_s_who_h"), t("exp_s_who", parts="; ".join(parts))))
    for scale, table in f.scales.items():
        rows = table[table["field"] != ""]
        whole = table[table["field"] == ""]
        if len(rows) and len(whole):
            low, high, total = rows.iloc[0], rows.iloc[-1], whole.iloc[0]
            out.append((t("exp_s_scale_h", scale=scale), t(
                "exp_s_scale", low_field=low["field"], low_group=low["group"], low_mean=dec(low["mean"]),
                ci_low=dec(low["ci_low"]), ci_high=dec(low["ci_high"]), low_n=num(low["n"]), high_field=high["field"],
                high_group=high["group"], high_mean=dec(high["mean"]), mean=dec(total["mean"]), n=num(total["n"]))))
    if stats:
        biggest = stats[:3]
        out.append((t("exp_s_biggest_h"), "; ".join(
            t("exp_s_biggest_part", label=s.theme.label, size=num(s.size), share=pct(s.prevalence),
              negative=pct(s.sentiment.get(sat.NEGATIVE, 0.0))) for s in biggest) + "."))
    if f.wave is not None and len(f.wave.changes):
        ch = f.wave.changes
        whole = ch[ch["theme"] == sat.ALL_THEMES]
        sure = ch[(ch["theme"] != sat.ALL_THEMES) & ((ch["negative_ci_low"] > 0) | (ch["negative_ci_high"] < 0))]
        text = ""
        for _, r in whole.iterrows():
            text += t("exp_s_change_whole", start=r["from"], end=r["to"], share_start=pct(r["negative_from"]),
                      share_end=pct(r["negative_to"]), change=points(r["negative_change"]),
                      low=sat.signed_points(r["negative_ci_low"]), high=points(r["negative_ci_high"]))
        if len(sure):
            text += t("exp_s_change_sure", parts="; ".join(
                t("exp_s_change_sure_part", theme=code("theme", r["theme"]), start=pct(r["negative_from"]),
                  end=pct(r["negative_to"]), n=n_eq((r["n_from"], r["n_to"])))
                for _, r in sure.iterrows()))
            compared = int((ch["theme"] != sat.ALL_THEMES).sum())
            if compared >= 10:  # a false "sure" change is likely among this many (5 % each)
                text += t("exp_s_change_many", k=compared)
        else:
            text += t("exp_s_change_none")
        out.append((t("exp_s_change_h", field=f.wave.field), text))
    flagged = [r for r in view.replies.values() if r.needs_reply]
    if flagged:
        by: dict[str, int] = {}
        for r in flagged:
            by[r.reason] = by.get(r.reason, 0) + 1
        reasons = ", ".join(t("exp_s_reason_count", n=num(n), reason=code("reason", reason)) for reason, n in sorted(by.items()))
        out.append((t("exp_s_replies_h"), t("exp_s_replies", n=num(len(flagged)), reasons=reasons,
                                            sheet=t("exp_sheet_replies"))))
    return out


def add_summary(doc: Any, view: ExportView, f: study.Findings, stats: list[ThemeStats], clean: Any) -> None:
    doc.add_heading(t("exp_s_heading"), level=1)
    found = summary_points(view, f, stats)
    if not found:
        doc.add_paragraph(t("exp_s_empty"))
    for heading, text in found:
        p = doc.add_paragraph()
        p.add_run(clean(heading) + ("" if heading.endswith("?") else ":") + " ").bold = True
        p.add_run(clean(text))
    doc.add_page_break()


def add_satisfaction(doc: Any, f: study.Findings, clean: Any, top: int = 12) -> None:
    """The ranked cells as a table and the negative share by group as a chart."""
    cells = f.table.cells
    if cells.empty:
        return
    doc.add_heading(t("exp_s_sat_h"), level=1)
    doc.add_paragraph(clean(t("exp_s_sat_intro", fields=", ".join(f.table.fields), min_n=f.table.min_n,
                              omitted=f.table.omitted, all=code("theme", sat.ALL_THEMES))))
    table = doc.add_table(rows=1, cols=6)
    table.style = "Light Grid Accent 1" if "Light Grid Accent 1" in [s.name for s in doc.styles] else None
    for cell, text in zip(table.rows[0].cells, t("exp_s_sat_cols").split("|"), strict=True):
        cell.text = text
    for _, r in cells.head(top).iterrows():
        row = table.add_row().cells
        values = (code("theme", r["theme"]), f"{r['field']} = {r['group']}", num(r["n"]), pct(r["share_negative"]),
                  f"{pct(r['ci_low'])}–{pct(r['ci_high'])}", f"{sat.signed_points(r['difference'])} pp")
        for cell, text in zip(row, values, strict=True):
            cell.text = clean(text)
    png = group_chart(f)
    if png:
        from docx.shared import Cm

        doc.add_picture(io.BytesIO(png), width=Cm(16))


def group_chart(f: study.Findings) -> bytes | None:
    """Bars of each group's negative share (all themes) with its 95 % interval, per field."""
    from focusgroup.export.charts import _png, _pyplot

    cells = f.table.cells
    rows = cells[cells["theme"] == sat.ALL_THEMES] if len(cells) else cells
    if rows.empty:
        return None
    rows = rows.sort_values(["field", "share_negative"])
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 0.38 * len(rows) + 1.3))
    labels = [f"{r['field']} = {r['group']} ({n_eq(r['n'])})" for _, r in rows.iterrows()]
    share = 100 * rows["share_negative"].to_numpy()
    err = [share - 100 * rows["ci_low"].to_numpy(), 100 * rows["ci_high"].to_numpy() - share]
    ax.barh(labels, share, xerr=err, color="#c0392b", alpha=0.8, ecolor="#555555", capsize=3)
    ax.set_xlabel(t("exp_c_group_x"))
    ax.set_title(t("exp_c_group_title"))
    ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def group_line(view: ExportView, st: ThemeStats, fields: list[str], min_n: int = GROUP_LINE_MIN_N) -> str:
    """"kontanthjælp 52 % (n = 25), dagpenge 20 % (n = 30)": the theme's negative share per group."""
    parts = []
    for fld in fields[:1]:
        pairs = ((q.metadata.get(fld), getattr(view.sentiments.get(q.id), "label", None)) for q in st.quotes)
        shown = study.negative_by_group(pairs, min_n)  # figures from stats, as every other in the report
        if shown:
            parts.append(f"{fld}: " + ", ".join(f"{g} {pct(share)} ({n_eq(n)})" for g, _, n, share in shown))
    return "; ".join(parts)
