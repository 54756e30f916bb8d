"""Write a .qdpx project (zip: project.qde + Sources/<guid>.txt) and a .qdc codebook.

Mapping: themes -> codes (parent/child kept), every quote -> a PlainTextSelection at its offsets in
the exported source text (coded with its theme, its sentiment and "Nøglecitat" when marked), memos
-> Notes, transcript speakers and survey respondents -> Cases carrying background fields as
Variables. The researchers' codebook (``codes``, hierarchy kept) is written beside the themes, and each
of their codings is a Coding by a User named as the coder, so a team's work and its coders reach
NVivo, ATLAS.ti, MAXQDA and QualCoder, and come back through ``focusgroup import-codings``. A survey
answer's question is a code under "Spørgsmål" (what every QDA tool shows, as NVivo's own survey import
does) and is named in the selection's Description (QualCoder shows it as the coding memo). GUIDs are
uuid5 of a per-project namespace and the object's id, so a re-export keeps them and a QDA tool can
recognise what it imported before. Offsets count Unicode code points, as the standard says (NVivo counts
characters outside the BMP, e.g. emoji, as two).
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from focusgroup.export._view import ExportError, ExportView, QuoteView
from focusgroup.messages import text
from focusgroup.records import Theme
from focusgroup.refi_qda._xml import NS, Ids
from focusgroup.refi_qda._xml import clean as _clean
from focusgroup.refi_qda._xml import el as _el
from focusgroup.refi_qda._xml import serialise as _serialise
from focusgroup.refi_qda._xml import short as _short
from focusgroup.refi_qda.cases import cases, variables
from focusgroup.refi_qda.reader import ANALYSIS_USER_IDS, MODEL_USER_NAME, ORIGIN
from focusgroup.store.coding import Code, Coding

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf"]
SENTIMENT_COLORS = {"positiv": "#2ca02c", "neutral": "#7f7f7f", "negativ": "#d62728"}
KEY_QUOTE_CODE = "Nøglecitat"
SENTIMENT_CODE = "Sentiment"
QUESTION_CODE = "Spørgsmål"


# -- public API ----------------------------------------------------------------------------


def write_qdpx(view: ExportView, path: str | Path) -> Path:
    path = Path(path)
    ids = Ids(view.guid_namespace)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", qde_xml(view))
        for src in view.sources:
            # Written as bytes: no newline translation, so offsets stay exact.
            zf.writestr(f"Sources/{ids('source', src.id)}.txt", src.text.encode("utf-8"))
    return path


def write_qdc(view: ExportView, path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(qdc_xml(view))
    return path


def qdc_xml(view: ExportView) -> bytes:
    """A codebook with the themes only: what another project can import as guided themes."""
    ids = Ids(view.guid_namespace)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS}, origin=ORIGIN)
    codes = etree.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for theme, children in _theme_tree(view.themes):
        _code(codes, CODEBOOK_NS, ids, view, theme, children, notes=None)
    if not len(codes):
        raise _empty("codebook")
    return _serialise(root)


def qde_xml(view: ExportView) -> bytes:
    ids = Ids(view.guid_namespace)
    now = datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    model_user, researcher = ids("user", "model"), ids("user", "researcher")
    root = _el(None, "Project", name=_clean(view.project_name) or "focusgroup", origin=ORIGIN,
               creatingUserGUID=model_user, creationDateTime=now)
    users = _el(root, "Users")
    _el(users, "User", guid=model_user, name=MODEL_USER_NAME, id=ANALYSIS_USER_IDS[0])
    _el(users, "User", guid=researcher, name="Forsker", id=ANALYSIS_USER_IDS[1])
    for coder in dict.fromkeys(c.coder for c in view.codings if c.quote_id in view.quote_by_id):
        _el(users, "User", guid=ids("user", f"coder:{coder}"), name=_clean(coder))

    notes: list[tuple[str, str, str]] = []  # (guid, name, text)
    code_guids = _codebook(root, ids, view, notes)
    found = variables(root, ids, view)
    cases(root, ids, view, found)
    sources = _el(root, "Sources")
    by_source: dict[int, list[QuoteView]] = {}
    for q in view.quotes:
        by_source.setdefault(q.source_id, []).append(q)
    coded_by: dict[int, list[Coding]] = {}
    for c in view.codings:
        if f"code:{c.code_id}" in code_guids:
            coded_by.setdefault(c.quote_id, []).append(c)
    for src in view.sources:
        src_el = _el(sources, "TextSource", guid=ids("source", src.id), name=_clean(src.name),
                     plainTextPath=f"internal://{ids('source', src.id)}.txt", creatingUser=model_user,
                     creationDateTime=now)
        memo = view.memos.get(("source", str(src.id)))
        for q in by_source.get(src.id, []):
            _selection(src_el, ids, view, q, code_guids, notes, now, model_user, researcher, coded_by)
        if memo:
            _el(src_el, "NoteRef", targetGUID=_note(notes, ids("note:source", src.id), src.name, memo))
    if not len(sources):
        root.remove(sources)
    project_memo = view.memos.get(("project", "")) or view.memos.get(("project", "project"))
    if project_memo:
        _note(notes, ids("note", "project"), text("exp_refi_project_note"), project_memo)
    if notes:
        notes_el = etree.Element(f"{{{NS}}}Notes")
        for guid, name, content in notes:
            note = _el(notes_el, "Note", guid=guid, name=_clean(name), creatingUser=researcher,
                       creationDateTime=now)
            _el(note, "PlainTextContent").text = _clean(content)
        root.append(notes_el)  # the schema's sequence: ... Cases, Sources, Notes, ..., Description
    _el(root, "Description").text = _description(view)
    if project_memo:
        _el(root, "NoteRef", targetGUID=ids("note", "project"))
    return _serialise(root)


# -- codebook ------------------------------------------------------------------------------


def _codebook(root: etree._Element, ids: Ids, view: ExportView, notes: list) -> dict[str, str]:
    """Codes for themes, sentiment and key quotes; returns code key -> GUID."""
    guids: dict[str, str] = {}
    book = _el(root, "CodeBook")
    codes = _el(book, "Codes")
    for theme, children in _theme_tree(view.themes):
        _code(codes, NS, ids, view, theme, children, notes=notes)
    guids.update({f"theme:{t.id}": ids("theme", t.id) for t in view.themes})
    labels = {s.label for s in view.sentiments.values() if s.quote_id in view.quote_by_id}
    if labels:
        parent = _el(codes, "Code", guid=ids("code", SENTIMENT_CODE), name=SENTIMENT_CODE, isCodable="false")
        _el(parent, "Description").text = text("exp_refi_sentiment_code")
        for label in sorted(labels, key=lambda x: (list(SENTIMENT_COLORS).index(x) if x in SENTIMENT_COLORS else 9, x)):
            guids[f"sentiment:{label}"] = ids("code", f"sentiment:{label}")
            _el(parent, "Code", guid=guids[f"sentiment:{label}"], name=_clean(label), isCodable="true",
                color=SENTIMENT_COLORS.get(label, "#7f7f7f"))
    if view.key_quotes & set(view.quote_by_id):
        guids["key"] = ids("code", KEY_QUOTE_CODE)
        key = _el(codes, "Code", guid=guids["key"], name=KEY_QUOTE_CODE, isCodable="true", color="#ffd700")
        _el(key, "Description").text = text("exp_refi_key_code")
    _researcher_codes(codes, ids, view, guids)
    questions = list(dict.fromkeys(q.column for q in view.quotes if q.column))
    if questions:
        parent = _el(codes, "Code", guid=ids("code", QUESTION_CODE), name=QUESTION_CODE, isCodable="false")
        _el(parent, "Description").text = text("exp_refi_question_code")
        for n, question in enumerate(questions):
            guids[f"question:{question}"] = ids("code", f"question:{question}")
            _el(parent, "Code", guid=guids[f"question:{question}"], name=_clean(question), isCodable="true",
                color=PALETTE[n % len(PALETTE)])
    if not len(codes):
        root.remove(book)
    return guids


def _researcher_codes(codes: etree._Element, ids: Ids, view: ExportView, guids: dict[str, str]) -> None:
    """The researchers' codebook as codes of its own (even where a name equals a theme's: a theme is
    the analysis' grouping, a code the researchers' decision), hierarchy kept."""

    def write(parent: etree._Element, code: Code, children: list, n: list[int]) -> None:
        guids[f"code:{code.id}"] = ids("code", f"coding:{code.id}")
        el = _el(parent, "Code", guid=guids[f"code:{code.id}"], name=_clean(code.name) or "?", isCodable="true",
                 color=PALETTE[n[0] % len(PALETTE)])
        n[0] += 1
        if code.description:
            _el(el, "Description").text = _clean(code.description)
        for child, grandchildren in children:
            write(el, child, grandchildren, n)

    counter = [0]
    for code, children in _forest(view.codes):
        write(codes, code, children, counter)


def _theme_tree(themes: list[Theme]) -> list[tuple[Theme, list]]:
    """Themes as a forest (parent -> children); a parent outside the run or a cycle makes a root."""
    return _forest(themes)


def _forest(items: list) -> list[tuple[Any, list]]:
    """Items with ``id``/``parent_id`` as a forest; a parent not among them or a cycle makes a root."""
    by_id = {t.id: t for t in items}
    children: dict[int | None, list] = {}
    for t in items:
        parent = t.parent_id if t.parent_id in by_id and t.parent_id != t.id else None
        children.setdefault(parent, []).append(t)

    seen: set[int] = set()

    def build(t: Any) -> tuple[Any, list]:
        seen.add(t.id)
        return t, [build(c) for c in children.get(t.id, []) if c.id not in seen]

    forest = [build(t) for t in children.get(None, [])]
    forest += [build(t) for t in items if t.id not in seen]  # members of a parent cycle
    return forest


def _code(parent: etree._Element, ns: str, ids: Ids, view: ExportView, theme: Theme, children: list,
          notes: list | None) -> None:
    color = PALETTE[(view.themes.index(theme)) % len(PALETTE)]
    el = etree.SubElement(parent, f"{{{ns}}}Code", guid=ids("theme", theme.id), name=_clean(theme.label) or "?",
                          isCodable="true", color=color)
    description = theme.description or ((text("exp_t_keywords") + ", ".join(theme.keywords)) if theme.keywords else "")
    if description:
        etree.SubElement(el, f"{{{ns}}}Description").text = _clean(description)
    memo = view.theme_memo(theme)
    if memo and notes is not None:
        guid = _note(notes, ids("note:theme", theme.id), text("exp_note_name", what=theme.label), memo)
        etree.SubElement(el, f"{{{ns}}}NoteRef", targetGUID=guid)
    for child, grandchildren in children:
        _code(el, ns, ids, view, child, grandchildren, notes)


# -- sources and selections ----------------------------------------------------------------


def _selection(parent: etree._Element, ids: Ids, view: ExportView, q: QuoteView, code_guids: dict[str, str],
               notes: list, now: str, model_user: str, researcher: str, coded_by: dict[int, list[Coding]]) -> None:
    sel = _el(parent, "PlainTextSelection", guid=ids("quote", q.id), name=_clean(_short(f"{q.speaker}: {q.text}")),
              startPosition=str(q.out_start), endPosition=str(q.out_end), creatingUser=model_user,
              creationDateTime=now)
    details = [q.speaker] + ([q.timestamp] if q.timestamp else []) + ([f"Spørgsmål: {q.column}"] if q.column else [])
    _el(sel, "Description").text = _clean(" · ".join(details))
    codings: list[tuple[str, str]] = []
    theme_id = view.theme_of(q.id)
    if theme_id is not None:
        by = view.assignments[q.id].by
        codings.append((code_guids[f"theme:{theme_id}"], researcher if by == "researcher" else model_user))
    s = view.sentiments.get(q.id)
    if s is not None and f"sentiment:{s.label}" in code_guids:
        codings.append((code_guids[f"sentiment:{s.label}"], model_user))
    if q.id in view.key_quotes and "key" in code_guids:
        codings.append((code_guids["key"], researcher))
    if q.column and f"question:{q.column}" in code_guids:
        codings.append((code_guids[f"question:{q.column}"], model_user))
    for code_guid, user in codings:
        coding = _el(sel, "Coding", guid=ids("coding", f"{q.id}:{code_guid}"), creatingUser=user,
                     creationDateTime=now)
        _el(coding, "CodeRef", targetGUID=code_guid)
    for c in coded_by.get(q.id, []):  # the researchers' codings, each by its coder
        code_guid, user = code_guids[f"code:{c.code_id}"], ids("user", f"coder:{c.coder}")
        coding = _el(sel, "Coding", guid=ids("coding", f"{q.id}:{code_guid}:{c.coder}"), creatingUser=user,
                     creationDateTime=now)
        _el(coding, "CodeRef", targetGUID=code_guid)
    memo = view.quote_memo(q.id)
    if memo:
        _el(sel, "NoteRef", targetGUID=_note(notes, ids("note:quote", q.id), text("exp_note_name", what=_short(q.text)), memo))


# -- helpers -------------------------------------------------------------------------------


def _note(notes: list[tuple[str, str, str]], guid: str, name: str, text: str) -> str:
    notes.append((guid, name, text))
    return guid


def _description(view: ExportView) -> str:
    kind = text("exp_refi_pseudonymised" if view.pseudonymised else "exp_refi_real_names")
    coded = [c for c in view.codings if c.quote_id in view.quote_by_id]
    codings = text("exp_refi_codings", codings=len(coded), coders=len({c.coder for c in coded})) if coded else ""
    return text("exp_refi_description", kind=kind, sources=len(view.sources), quotes=len(view.quotes),
                themes=len(view.themes), codings=codings)


def _empty(what: str) -> ExportError:
    return ExportError("export_no_themes", what=what)  # only the codebook needs themes
