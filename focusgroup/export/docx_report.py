"""Word report, Danish unless English is chosen (``messages.export_report``): the study's title, a one-page summary (``docx_summary``: where satisfaction is
lowest and for whom, the largest themes, what changed between waves), the method, charts, satisfaction by
theme and group, then a section per theme by size with its figures, negative share by group, the
researcher's memo and 3-5 key quotes attributed like "Deltager 3, fokusgruppe 2" (with the survey
question they answer). Non-answer themes and parents that only group themes get no section. Quotes, labels
and answers are data and stay as they were said.

Written for the reader of a report (a manager, a steering group), so figures are in words
("12 citater, 18 % af udsagnene") and the method section says plainly how the themes were found.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

from focusgroup.export import charts, docx_summary
from focusgroup.export._stats import ThemeStats, group_shares, key_quotes, theme_stats, totals
from focusgroup.export._text import num, pct, quoted, t
from focusgroup.export._view import ExportView, QuoteView
from focusgroup.records import SENTIMENT_BY_QUESTION, SENTIMENT_SUGGESTION, SURVEY

MAX_QUOTE_CHARS = 700
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SENTIMENT_WORDS = {"positiv": "exp_t_share_positiv", "neutral": "exp_t_share_neutral", "negativ": "exp_t_share_negativ"}


def write_docx(view: ExportView, path: str | Path) -> Path:
    import docx
    from docx.shared import Pt

    path = Path(path)
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    title = docx_summary.report_title(view)
    doc.core_properties.title = _clean(title)
    doc.core_properties.language = t("exp_doc_language")
    stats = docx_summary.reportable(theme_stats(view))
    findings = None
    if stats:
        from focusgroup.export.satisfaction import view_findings

        findings = view_findings(view, min_n=docx_summary.MIN_N)

    doc.add_heading(_clean(title), level=0)
    note = t("exp_report_pseudonymised" if view.pseudonymised else "exp_report_real_names")
    doc.add_paragraph(t("exp_report_intro", date=date.today().strftime(t("exp_date_format")), note=note))
    if findings is not None:
        docx_summary.add_summary(doc, view, findings, stats, _clean)

    doc.add_heading(t("exp_h_method"), level=1)
    for paragraph in method_summary(view, stats):
        doc.add_paragraph(_clean(paragraph))

    if stats:
        doc.add_heading(t("exp_h_overview"), level=1)
        doc.add_paragraph(_clean(_overview_sentence(view, stats)))
        _picture(doc, charts.prevalence_chart(stats))
        if any(s.sentiment for s in stats):
            _picture(doc, charts.sentiment_chart(stats))
        if findings is not None:
            docx_summary.add_satisfaction(doc, findings, _clean)
        group_by = (view.run or {}).get("params", {}).get("group_by")
        if group_by and group_by in view.meta_fields:
            _group_table(doc, view, stats, group_by)
        doc.add_heading(t("exp_h_themes"), level=1)
        doc.add_paragraph(t("exp_themes_intro"))
        fields = findings.table.fields if findings is not None else []
        for st in stats:  # largest first; parents are named in their themes' sections
            _theme_section(doc, view, st, 0, fields)
    else:
        doc.add_paragraph(t("exp_not_analysed"))
    doc.save(str(path))
    return path


def method_summary(view: ExportView, stats: list[ThemeStats]) -> list[str]:
    """The method section in plain words, from the data and the latest run's parameters."""
    n = totals(view)
    n_survey = sum(1 for s in view.sources if s.kind == SURVEY)
    n_transcript = len(view.sources) - n_survey
    parts = []
    if n_transcript:
        parts.append(t("exp_m_transcripts_one" if n_transcript == 1 else "exp_m_transcripts_many", n=n_transcript))
    if n_survey:
        parts.append(t("exp_m_surveys_one" if n_survey == 1 else "exp_m_surveys_many", n=n_survey))
    data = t("exp_m_data", sources=t("exp_m_and").join(parts) or t("exp_m_no_sources"), quotes=num(len(view.quotes)),
             speakers=num(n.all_speakers), analysed=num(n.quotes), participants=num(n.speakers))
    out = [data, _how_themes(view.run["params"] if view.run else {}, view)]
    asked = {SENTIMENT_BY_QUESTION, SENTIMENT_SUGGESTION}
    models = sorted({s.model for s in view.sentiments.values() if s.model and s.model not in asked})
    if view.sentiments:
        out.append(t(
            "exp_m_sentiment", models=f" ({', '.join(models)})" if models else "",
            asked=t("exp_m_asked") if any(s.model in asked for s in view.sentiments.values()) else "",
        ))
    if view.pseudonymised:
        out.append(t("exp_m_pseudonymised"))
    return out


def _engine_text(params: dict[str, Any]) -> str:
    """The embedding engine in a reader's words: "sprogmodellen multilingual-e5-small (motor: e5-int8)", not
    the cache identity ("e5-int8-b392…-v2:a9cc…/query") a run records for its vectors."""
    from focusgroup.embed.family import E5_SMALL

    engine = str(params.get("embedder") or "")
    if engine in E5_SMALL:
        return t("exp_engine_e5", engine=engine)
    if engine == "tfidf":
        return t("exp_engine_tfidf")
    return t("exp_engine_named", name=Path(engine).name) if engine else t("exp_engine_unknown")


def _how_themes(params: dict[str, Any], view: ExportView) -> str:
    if not view.run:
        return t("exp_m_no_run")
    if params.get("codebook"):
        from focusgroup.themes.guided import OTHER_LABEL

        text = t("exp_m_codebook", codebook=Path(str(params["codebook"])).name, other=OTHER_LABEL)
    else:
        size = params.get("min_theme_size") or t("exp_m_size_auto")
        text = t("exp_m_bertopic", model=_engine_text(params), size=size, seed=params.get("seed", "–"))
        text += _left_out_text(params.get("left_out") or [])
        seeds = params.get("seed_words") or []
        if seeds:
            text += t("exp_m_seed_words", words="; ".join(", ".join(words) for words in seeds))
    if view.n_edits:
        text += t("exp_m_edits", n=view.n_edits)
    return text


def _left_out_text(models: list[str]) -> str:
    """What the run's clustering vectors left out (``themes.context.left_out``, recorded since session 19)."""
    from focusgroup.themes.context import topic_training

    trained = topic_training() if "topic_da" in models else None
    if trained:
        return t("exp_m_left_out_topic", comments=num(trained[0]), topics=num(trained[1]))
    return t("exp_m_left_out_tone") if "sentiment_da" in models else ""


def _overview_sentence(view: ExportView, stats: list[ThemeStats]) -> str:
    n = totals(view)
    biggest = stats[0]
    grouped = t("exp_o_grouped", n=n.parents) if n.parents else ""
    text = t("exp_o_sentence", themes=n.themes, grouped=grouped, label=biggest.theme.label, size=num(biggest.size),
             pct=pct(biggest.prevalence))
    if n.unassigned:
        text += t("exp_o_unassigned", n=num(len(n.unassigned)), pct=pct(len(n.unassigned) / n.quotes))
    return text


def _ordered(stats: list[ThemeStats]) -> list[tuple[ThemeStats, int]]:
    """Top-level themes by size, each followed by its sub-themes."""
    ids = {s.theme.id for s in stats}
    children: dict[int, list[ThemeStats]] = {}
    for s in stats:
        if s.theme.parent_id in ids and s.theme.parent_id != s.theme.id:
            children.setdefault(s.theme.parent_id, []).append(s)
    out: list[tuple[ThemeStats, int]] = []
    seen: set[int] = set()

    def visit(s: ThemeStats, depth: int) -> None:
        if s.theme.id in seen:
            return
        seen.add(s.theme.id)
        out.append((s, depth))
        for c in children.get(s.theme.id, []):
            visit(c, depth + 1)

    for s in stats:
        if s.theme.parent_id not in ids:
            visit(s, 0)
    for s in stats:  # members of a parent cycle
        visit(s, 0)
    return out


def _group_table(doc: Any, view: ExportView, stats: list[ThemeStats], field: str) -> None:
    """Themes by group (e.g. Ydelse): which groups raise which themes, as shares of each group's quotes."""
    groups, shares = group_shares(view, stats, field)
    if not groups:
        return
    groups = groups[:8]  # a page is not wider
    doc.add_heading(_clean(t("exp_g_heading", field=field)), level=2)
    doc.add_paragraph(_clean(t("exp_g_intro", field=field)))
    table = doc.add_table(rows=1, cols=len(groups) + 1)
    table.style = "Light Grid Accent 1" if "Light Grid Accent 1" in [s.name for s in doc.styles] else None
    header = table.rows[0].cells
    header[0].text = t("exp_theme_col")
    for i, g in enumerate(groups, start=1):
        header[i].text = _clean(g)
    for st in stats:
        row = table.add_row().cells
        row[0].text = _clean(st.theme.label)
        for i, g in enumerate(groups, start=1):
            row[i].text = pct(shares[st.theme.id][g])


def _theme_section(doc: Any, view: ExportView, st: ThemeStats, depth: int, fields: list[str] | None = None) -> None:
    doc.add_heading(_clean(st.theme.label), level=min(2 + depth, 4))
    if st.parent_label:
        p = doc.add_paragraph()
        p.add_run(t("exp_t_parent")).bold = True
        p.add_run(_clean(st.parent_label))
    if st.theme.description:
        doc.add_paragraph(_clean(st.theme.description))
    if st.theme.keywords:
        p = doc.add_paragraph()
        p.add_run(t("exp_t_keywords")).bold = True
        p.add_run(_clean(", ".join(st.theme.keywords)))
    p = doc.add_paragraph()
    p.add_run(t("exp_t_spread")).bold = True
    p.add_run(t("exp_t_spread_text", n=num(st.size), quotes=_word("quote", st.size), prevalence=pct(st.prevalence),
                coverage=pct(st.coverage), speakers=num(st.n_speakers), people=_word("person", st.n_speakers),
                sources=st.n_sources, sources_word=_word("source", st.n_sources))
                + t("exp_t_label_hits", hits=num(st.label_hits), n=num(st.size)))
    if st.sentiment:
        p = doc.add_paragraph()
        p.add_run(t("exp_t_sentiment")).bold = True
        p.add_run(", ".join(f"{pct(st.sentiment.get(k, 0.0))} {t(key)}" for k, key in SENTIMENT_WORDS.items()) + ".")
        by_group = docx_summary.group_line(view, st, fields or [])
        if by_group:
            p = doc.add_paragraph()
            p.add_run(t("exp_t_by_group")).bold = True
            p.add_run(_clean(by_group + t("exp_t_by_group_note", min_n=docx_summary.GROUP_LINE_MIN_N)))
    memo = view.theme_memo(st.theme)
    if memo:
        p = doc.add_paragraph()
        p.add_run(t("exp_t_memo")).bold = True
        p.add_run(_clean(memo)).italic = True
    chosen = key_quotes(view, st)
    if chosen:
        doc.add_paragraph().add_run(t("exp_t_key_quotes")).bold = True
        for q in chosen:
            _quote(doc, view, q)


def _quote(doc: Any, view: ExportView, q: QuoteView) -> None:
    text = q.text if len(q.text) <= MAX_QUOTE_CHARS else q.text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " […]"
    style = "Quote" if "Quote" in [s.name for s in doc.styles] else None
    p = doc.add_paragraph(style=style)
    p.add_run(_clean(quoted(text)))
    where = (view.attribution(q) + (f", {q.timestamp}" if q.timestamp else "")
             + (t("exp_q_answer_to", column=q.column) if q.column else ""))
    p.add_run(_clean(f" – {where}")).bold = True
    if q.id in view.key_quotes:
        p.add_run(t("exp_q_key"))


def _picture(doc: Any, png: bytes) -> None:
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(16))


def _word(what: str, n: int) -> str:
    """"citat"/"citater" ("quote"/"quotes") by the count."""
    return t(f"exp_{what}_one" if n == 1 else f"exp_{what}_many")


def _clean(text: str) -> str:
    """Word's XML cannot hold most control characters."""
    return _XML_ILLEGAL.sub("", text or "")
