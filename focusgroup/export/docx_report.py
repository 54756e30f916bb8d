"""Word report in Danish: the study's title, a one-page summary (``docx_summary``: where satisfaction is
lowest and for whom, the largest themes, what changed between waves), the method, charts, satisfaction by
theme and group, then a section per theme by size with its figures, negative share by group, the
researcher's memo and 3-5 key quotes attributed like "Deltager 3, fokusgruppe 2" (with the survey
question they answer). Non-answer themes and parents that only group themes get no section.

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
from focusgroup.export._view import ExportView, QuoteView
from focusgroup.records import SURVEY

MAX_QUOTE_CHARS = 700
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SENTIMENT_WORDS = {"positiv": "positive", "neutral": "neutrale", "negativ": "negative"}


def write_docx(view: ExportView, path: str | Path) -> Path:
    import docx
    from docx.shared import Pt

    path = Path(path)
    doc = docx.Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    title = docx_summary.report_title(view)
    doc.core_properties.title = _clean(title)
    doc.core_properties.language = "da-DK"
    stats = docx_summary.reportable(theme_stats(view))
    findings = None
    if stats:
        from focusgroup.export.satisfaction import view_findings

        findings = view_findings(view, min_n=docx_summary.MIN_N)

    doc.add_heading(_clean(title), level=0)
    note = "Citaterne er pseudonymiserede." if view.pseudonymised else "Rapporten indeholder rigtige navne."
    doc.add_paragraph(f"Temaanalyse og tilfredshed. Udarbejdet {date.today():%d.%m.%Y} med focusgroup. {note}")
    if findings is not None:
        docx_summary.add_summary(doc, view, findings, stats, _clean)

    doc.add_heading("Metode", level=1)
    for paragraph in method_summary(view, stats):
        doc.add_paragraph(_clean(paragraph))

    if stats:
        doc.add_heading("Overblik", level=1)
        doc.add_paragraph(_clean(_overview_sentence(view, stats)))
        _picture(doc, charts.prevalence_chart(stats))
        if any(s.sentiment for s in stats):
            _picture(doc, charts.sentiment_chart(stats))
        if findings is not None:
            docx_summary.add_satisfaction(doc, findings, _clean)
        group_by = (view.run or {}).get("params", {}).get("group_by")
        if group_by and group_by in view.meta_fields:
            _group_table(doc, view, stats, group_by)
        doc.add_heading("Temaerne", level=1)
        doc.add_paragraph("Temaerne efter størrelse. Dækning er andelen af de analyserede udsagn og af teksten.")
        fields = findings.table.fields if findings is not None else []
        for st in stats:  # largest first; parents are named in their themes' sections
            _theme_section(doc, view, st, 0, fields)
    else:
        doc.add_paragraph("Projektet er endnu ikke analyseret: der er ingen temaer at rapportere.")
    doc.save(str(path))
    return path


def method_summary(view: ExportView, stats: list[ThemeStats]) -> list[str]:
    """The method section in plain Danish, from the data and the latest run's parameters."""
    t = totals(view)
    n_survey = sum(1 for s in view.sources if s.kind == SURVEY)
    n_transcript = len(view.sources) - n_survey
    parts = []
    if n_transcript:
        parts.append(f"{n_transcript} {'transskription' if n_transcript == 1 else 'transskriptioner'} "
                     "(fokusgrupper/interviews)")
    if n_survey:
        parts.append(f"{n_survey} spørgeskemaudtræk med fritekstsvar")
    data = (
        f"Data: {' og '.join(parts) or 'ingen kilder'}; i alt {len(view.quotes)} citater fra "
        f"{t.all_speakers} deltagere, moderatorer og respondenter. "
        f"{t.quotes} citater fra {t.speakers} deltagere/respondenter indgik i analysen; moderatorens spørgsmål "
        "og tomme svar (fx »ved ikke«) blev holdt ude."
    )
    out = [data, _how_themes(view.run["params"] if view.run else {}, view)]
    from focusgroup.sentiment.question import MODEL as BY_QUESTION
    from focusgroup.sentiment.question import SUGGESTION

    asked = {BY_QUESTION, SUGGESTION}
    models = sorted({s.model for s in view.sentiments.values() if s.model and s.model not in asked})
    if view.sentiments:
        out.append(
            "Stemningen i hvert citat (positiv, neutral eller negativ) er vurderet automatisk"
            + (f" ({', '.join(models)})" if models else "")
            + ". Vurderingen er vejledende og bør læses sammen med citaterne."
            + (" Spørgeskemasvar er læst i lyset af spørgsmålet: »Ingenting, tak for hjælpen« til »hvad kan gøres "
               "bedre?« tæller ikke som kritik, og svar der kun er forslag, tæller som neutrale."
               if any(s.model in asked for s in view.sentiments.values()) else "")
        )
    if view.pseudonymised:
        out.append("Navne, CPR-numre, telefonnumre, e-mails og adresser er erstattet af pladsholdere "
                   "(fx »Deltager 3«, »[Person 1]«).")
    return out


def _engine_text(params: dict[str, Any]) -> str:
    """The embedding engine in a reader's words: "sprogmodellen multilingual-e5-small (motor: e5-int8)", not
    the cache identity ("e5-int8-b392…-v2:a9cc…/query") a run records for its vectors."""
    from focusgroup.embed.family import E5_SMALL

    engine = str(params.get("embedder") or "")
    if engine in E5_SMALL:
        return f"sprogmodellen multilingual-e5-small (motor: {engine})"
    if engine == "tfidf":
        return "ordvægte (TF-IDF) i stedet for en sprogmodel"
    return f"sprogmodellen {Path(engine).name}" if engine else "en sprogmodel"


def _how_themes(params: dict[str, Any], view: ExportView) -> str:
    if not view.run:
        return "Der er ikke kørt en temaanalyse endnu."
    if params.get("codebook"):
        text = (f"Citaterne blev fordelt på koderne i kodebogen »{Path(str(params['codebook'])).name}« efter, hvor "
                "meget de ligner kodens navn og beskrivelse; citater, der ikke passede til nogen kode, står under "
                "»Andet«.")
    else:
        model = _engine_text(params)
        size = params.get("min_theme_size") or "valgt ud fra datamængden"
        text = (f"Temaerne blev fundet automatisk med emnemodellering (BERTopic): hvert citat blev omsat til en "
                f"betydningsvektor med {model}, lignende citater blev grupperet (mindste temastørrelse: {size}; "
                f"seed {params.get('seed', '–')}, så samme data giver samme temaer), og hvert tema fik nøgleord "
                "ud fra de ord, der kendetegner dets citater.")
        seeds = params.get("seed_words") or []
        if seeds:
            text += " Forskeren angav på forhånd temaer ud fra nøgleordene " + "; ".join(
                ", ".join(words) for words in seeds) + "."
    if view.n_edits:
        text += (f" Forskeren har derefter gennemgået temaerne og foretaget {view.n_edits} rettelser "
                 "(navne, sammenlægninger, flytning af citater, notater).")
    return text


def _overview_sentence(view: ExportView, stats: list[ThemeStats]) -> str:
    t = totals(view)
    biggest = stats[0]
    grouped = f", samlet i {t.parents} overordnede temaer" if t.parents else ""
    text = (f"Analysen fandt {t.themes} temaer{grouped}. Det største, »{biggest.theme.label}«, rummer {biggest.size} "
            f"citater ({_pct(biggest.prevalence)} af de analyserede udsagn).")
    if t.unassigned:
        text += f" {len(t.unassigned)} citater ({_pct(len(t.unassigned) / t.quotes)}) passede ikke i noget tema."
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
    doc.add_heading(_clean(f"Temaer fordelt på {field}"), level=2)
    doc.add_paragraph(_clean(f"Andel af hver gruppes citater, der handler om temaet ({field})."))
    table = doc.add_table(rows=1, cols=len(groups) + 1)
    table.style = "Light Grid Accent 1" if "Light Grid Accent 1" in [s.name for s in doc.styles] else None
    header = table.rows[0].cells
    header[0].text = "Tema"
    for i, g in enumerate(groups, start=1):
        header[i].text = _clean(g)
    for st in stats:
        row = table.add_row().cells
        row[0].text = _clean(st.theme.label)
        for i, g in enumerate(groups, start=1):
            row[i].text = _pct(shares[st.theme.id][g])


def _theme_section(doc: Any, view: ExportView, st: ThemeStats, depth: int, fields: list[str] | None = None) -> None:
    doc.add_heading(_clean(st.theme.label), level=min(2 + depth, 4))
    if st.parent_label:
        p = doc.add_paragraph()
        p.add_run("Overordnet tema: ").bold = True
        p.add_run(_clean(st.parent_label))
    if st.theme.description:
        doc.add_paragraph(_clean(st.theme.description))
    if st.theme.keywords:
        p = doc.add_paragraph()
        p.add_run("Nøgleord: ").bold = True
        p.add_run(_clean(", ".join(st.theme.keywords)))
    p = doc.add_paragraph()
    p.add_run("Udbredelse: ").bold = True
    p.add_run(f"{st.size} {'citat' if st.size == 1 else 'citater'} ({_pct(st.prevalence)} af de analyserede udsagn, {_pct(st.coverage)} af teksten), "
              f"fra {st.n_speakers} {'person' if st.n_speakers == 1 else 'personer'} i "
              f"{st.n_sources} {'kilde' if st.n_sources == 1 else 'kilder'}.")
    if st.sentiment:
        p = doc.add_paragraph()
        p.add_run("Stemning: ").bold = True
        p.add_run(", ".join(f"{_pct(st.sentiment.get(k, 0.0))} {word}" for k, word in SENTIMENT_WORDS.items()) + ".")
        by_group = docx_summary.group_line(view, st, fields or [])
        if by_group:
            p = doc.add_paragraph()
            p.add_run("Negative pr. gruppe: ").bold = True
            p.add_run(_clean(by_group + " (grupper med mindst 5 citater)."))
    memo = view.theme_memo(st.theme)
    if memo:
        p = doc.add_paragraph()
        p.add_run("Forskerens notat: ").bold = True
        p.add_run(_clean(memo)).italic = True
    chosen = key_quotes(view, st)
    if chosen:
        doc.add_paragraph().add_run("Udvalgte citater").bold = True
        for q in chosen:
            _quote(doc, view, q)


def _quote(doc: Any, view: ExportView, q: QuoteView) -> None:
    text = q.text if len(q.text) <= MAX_QUOTE_CHARS else q.text[:MAX_QUOTE_CHARS].rsplit(" ", 1)[0] + " […]"
    style = "Quote" if "Quote" in [s.name for s in doc.styles] else None
    p = doc.add_paragraph(style=style)
    p.add_run(_clean(f"»{text}«"))
    where = view.attribution(q) + (f", {q.timestamp}" if q.timestamp else "") + (f" (svar på »{q.column}«)"
                                                                                   if q.column else "")
    p.add_run(_clean(f" – {where}")).bold = True
    if q.id in view.key_quotes:
        p.add_run(" (nøglecitat)")


def _picture(doc: Any, png: bytes) -> None:
    from docx.shared import Cm

    doc.add_picture(io.BytesIO(png), width=Cm(16))


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


def _clean(text: str) -> str:
    """Word's XML cannot hold most control characters."""
    return _XML_ILLEGAL.sub("", text or "")
