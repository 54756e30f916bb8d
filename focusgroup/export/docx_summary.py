"""The Word report's one-page summary and its satisfaction sections, for a manager who reads one page.

The summary answers, in this order: where satisfaction is lowest and for whom (the ranked theme x group
cells of ``stats.satisfaction`` and the 1-5 scale by group), the largest themes, what changed between
waves, and how many comments need a reply. Every figure comes from ``export.satisfaction.view_findings``
on the export view, the same numbers as the xlsx sheet and ``focusgroup satisfaction``.
"""

from __future__ import annotations

import io
import math
from typing import Any

from focusgroup.export._stats import ThemeStats
from focusgroup.export._view import ExportView
from focusgroup.ingest.questions import is_nothing_answer
from focusgroup.stats import satisfaction as sat
from focusgroup.stats import study

MIN_N = 8


def pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{round(100 * x)} %"


def dec(x: float) -> str:
    """2.83 -> "2,83" (Danish decimal comma)."""
    return f"{x:.2f}".replace(".", ",")


def report_title(view: ExportView) -> str:
    """The study's name as the researcher set it (``focusgroup satisfaction --title``, the app's export page);
    without one, "Temaanalyse: <project>"."""
    return view.title or f"Temaanalyse: {view.project_name}"


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
        parts = [f"»{r['theme']}« i gruppen {r['field']}: {r['group']} ({pct(r['share_negative'])} negative citater, "
                 f"95 %-interval {pct(r['ci_low'])}–{pct(r['ci_high'])}, n = {r['n']})" for _, r in themed.iterrows()]
        out.append(("Hvor er tilfredsheden lavest?",
                    "Flest negative citater, rangeret efter hvor sikkert andelen er høj: " + "; ".join(parts) + "."))
    groups = cells[cells["theme"] == sat.ALL_THEMES].head(2) if len(cells) else cells
    if len(groups):
        parts = [f"{r['field']}: {r['group']} ({pct(r['share_negative'])} negative af {r['n']} citater mod "
                 f"{pct(r['theme_share_negative'])} i alt)" for _, r in groups.iterrows()]
        out.append(("For hvem?", "Mest kritiske grupper samlet set: " + "; ".join(parts) + "."))
    for scale, table in f.scales.items():
        rows = table[table["field"] != ""]
        whole = table[table["field"] == ""]
        if len(rows) and len(whole):
            low, high, total = rows.iloc[0], rows.iloc[-1], whole.iloc[0]
            out.append((f"{scale} (1-5)", (
                f"Lavest i gruppen {low['field']}: {low['group']}, {dec(low['mean'])} (95 %-interval "
                f"{dec(low['ci_low'])}–{dec(low['ci_high'])}, {low['n']} respondenter), højest i gruppen "
                f"{high['field']}: {high['group']}, {dec(high['mean'])}; "
                f"i alt {dec(total['mean'])} ({total['n']} respondenter).")))
    if stats:
        biggest = stats[:3]
        out.append(("De største temaer", "; ".join(
            f"»{s.theme.label}« ({s.size} citater, {pct(s.prevalence)} af udsagnene, "
            f"{pct(s.sentiment.get('negativ', 0.0))} negative)" for s in biggest) + "."))
    if f.wave is not None and len(f.wave.changes):
        ch = f.wave.changes
        whole = ch[ch["theme"] == sat.ALL_THEMES]
        sure = ch[(ch["theme"] != sat.ALL_THEMES) & ((ch["negative_ci_low"] > 0) | (ch["negative_ci_high"] < 0))]
        text = ""
        for _, r in whole.iterrows():
            text += (f"Fra {r['from']} til {r['to']} gik andelen af negative citater fra {pct(r['negative_from'])} til "
                     f"{pct(r['negative_to'])} ({_pp(r['negative_change'])}, 95 %-interval fra "
                     f"{sat.signed_points(r['negative_ci_low'])} til {_pp(r['negative_ci_high'])}). ")
        if len(sure):
            text += "Sikre ændringer i enkelte temaer: " + "; ".join(
                f"»{r['theme']}« {pct(r['negative_from'])} → {pct(r['negative_to'])}" for _, r in sure.iterrows()) + "."
        else:
            text += "Ingen enkelte temaer ændrede sig sikkert (alle 95 %-intervaller omfatter 0)."
        out.append((f"Hvad har ændret sig? ({f.wave.field})", text))
    flagged = [r for r in view.replies.values() if r.needs_reply]
    if flagged:
        by: dict[str, int] = {}
        for r in flagged:
            by[r.reason] = by.get(r.reason, 0) + 1
        out.append(("Kræver svar", f"{len(flagged)} kommentarer i spørgeskemaet kræver svar fra organisationen ("
                    + ", ".join(f"{n} {reason}" for reason, n in sorted(by.items())) + "); se regnearkets ark "
                    "»Kræver svar«. Kun spørgeskemasvar er vurderet, ikke udsagn i fokusgrupper og interviews."))
    return out


def _pp(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{sat.signed_points(x)} procentpoint"


def add_summary(doc: Any, view: ExportView, f: study.Findings, stats: list[ThemeStats], clean: Any) -> None:
    doc.add_heading("Sammenfatning", level=1)
    points = summary_points(view, f, stats)
    if not points:
        doc.add_paragraph("Projektet har endnu ingen resultater at sammenfatte.")
    for heading, text in points:
        p = doc.add_paragraph()
        p.add_run(clean(heading) + ("" if heading.endswith("?") else ":") + " ").bold = True
        p.add_run(clean(text))
    doc.add_page_break()


def add_satisfaction(doc: Any, f: study.Findings, clean: Any, top: int = 12) -> None:
    """The ranked cells as a table and the negative share by group as a chart."""
    cells = f.table.cells
    if cells.empty:
        return
    doc.add_heading("Tilfredshed pr. tema og gruppe", level=1)
    doc.add_paragraph(clean(
        f"Andel negative citater pr. tema og gruppe ({', '.join(f.table.fields)}), rangeret efter den nedre grænse "
        f"af 95 %-intervallet, så små grupper ikke topper listen. Celler med under {f.table.min_n} citater er "
        f"udeladt ({f.table.omitted}). »{sat.ALL_THEMES}« er hele gruppen."))
    table = doc.add_table(rows=1, cols=6)
    table.style = "Light Grid Accent 1" if "Light Grid Accent 1" in [s.name for s in doc.styles] else None
    for cell, text in zip(table.rows[0].cells, ("Tema", "Gruppe", "n", "Negative", "95 %-interval", "Forskel"),
                          strict=True):
        cell.text = text
    for _, r in cells.head(top).iterrows():
        row = table.add_row().cells
        values = (r["theme"], f"{r['field']} = {r['group']}", str(r["n"]), pct(r["share_negative"]),
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
    labels = [f"{r['field']} = {r['group']} (n={r['n']})" for _, r in rows.iterrows()]
    share = 100 * rows["share_negative"].to_numpy()
    err = [share - 100 * rows["ci_low"].to_numpy(), 100 * rows["ci_high"].to_numpy() - share]
    ax.barh(labels, share, xerr=err, color="#c0392b", alpha=0.8, ecolor="#555555", capsize=3)
    ax.set_xlabel("Andel negative citater (%), med 95 %-interval")
    ax.set_title("Stemning pr. gruppe (alle temaer)")
    ax.set_xlim(0, 100)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def group_line(view: ExportView, st: ThemeStats, fields: list[str], min_n: int = 5) -> str:
    """"kontanthjælp 52 % (n=25), dagpenge 20 % (n=30)": the theme's negative share per group."""
    parts = []
    for fld in fields[:1]:
        counts: dict[str, list[int]] = {}
        for q in st.quotes:
            s = view.sentiments.get(q.id)
            value = q.metadata.get(fld)
            if s is None or value in (None, ""):
                continue
            c = counts.setdefault(str(value), [0, 0])
            c[0] += s.label == "negativ"
            c[1] += 1
        shown = sorted(((g, k, n) for g, (k, n) in counts.items() if n >= min_n), key=lambda x: -x[1] / x[2])
        if shown:
            parts.append(f"{fld}: " + ", ".join(f"{g} {pct(k / n)} (n={n})" for g, k, n in shown))
    return "; ".join(parts)
