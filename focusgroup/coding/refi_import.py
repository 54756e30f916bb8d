"""A team's coding in: coded REFI-QDA projects (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder) and CSV.

A .qdpx brings sources, codes (with their hierarchy), coded selections and users. Each source is
matched to a project source by its text, or else by its name (the text may differ: a pseudonymised
export, other line breaks), with character offsets carried over by aligning the two texts word by
word; a source the project does not have is imported as a new plain-text source. A selection codes
every quote it covers at least half of (or that covers at least half of it), as the user who made
the coding (the ``creatingUser`` of the Coding, else of the selection, else ``--coder``). A focusgroup
export's own analysis codings (themes, sentiment, survey questions, key quotes: the users
``refi_qda.reader.ANALYSIS_USER_IDS``) are left out with the codes only they use, so our export comes back
as the researchers' codes, codings and coders. Anything the file holds that cannot be placed is reported
in ``ImportReport.skipped``, never a crash.
"""

from __future__ import annotations

import csv
import difflib
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from focusgroup.coding.review import default_coder
from focusgroup.errors import UserError
from focusgroup.messages import text as msg
from focusgroup.refi_qda import CodebookError, read_qdpx
from focusgroup.refi_qda.reader import ANALYSIS_USER_IDS, MODEL_USER_NAME, ORIGIN
from focusgroup.store import coding as store

_WORD = re.compile(r"\S+")
MIN_OVERLAP = 0.5


@dataclass
class ImportReport:
    codings: int = 0
    codes: int = 0
    coders: set[str] = field(default_factory=set)
    matched: int = 0  # selections placed on at least one quote
    unmatched: int = 0
    new_sources: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def import_codings(project: Any, path: str | Path, coder: str | None = None, name: str | None = None) -> ImportReport:
    """Import the codings of ``path``; ``name`` is the file's name as the researcher knows it (an upload is
    stored under a generated name), used in every message."""
    path = Path(path)
    shown = name or path.name
    if not path.is_file():
        raise UserError("coding_import_bad", path=shown, detail=msg("coding_import_missing"))
    suffix = Path(shown).suffix.lower() or path.suffix.lower()
    try:
        if suffix in {".qdpx", ".zip"}:
            return import_qdpx(project, path, coder, shown)
        if suffix in {".csv", ".tsv", ".txt"}:
            return import_csv(project, path, coder, shown)
    except UserError as exc:
        raise _renamed(exc, path, shown) from exc
    raise UserError("coding_import_format", path=shown)


def _renamed(exc: UserError, path: Path, shown: str) -> UserError:
    """The same error naming the file as the researcher knows it, not the upload's generated name."""
    if exc.path is None or exc.path.name != path.name or shown == path.name:
        return exc
    fields = {k: v for k, v in exc.fields.items() if k not in ("path", "name")}
    if isinstance(fields.get("detail"), str):
        fields["detail"] = fields["detail"].replace(str(path), shown).replace(path.name, shown)
    return type(exc)(exc.code, path=shown, **fields)


# -- CSV ------------------------------------------------------------------------------------


def import_csv(project: Any, path: Path, coder: str | None = None, shown: str | None = None) -> ImportReport:
    """Rows of quote_id;code[;coder][;description] (Danish headers citat_id/kode/koder/beskrivelse too)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.DictReader(text.splitlines(), dialect=dialect))
    header = {h.strip().lower(): h for h in (rows[0].keys() if rows else [])}
    pick = lambda *names: next((header[n] for n in names if n in header), None)  # noqa: E731
    qcol, ccol = pick("quote_id", "citat_id", "id"), pick("code", "kode")
    kcol, dcol = pick("coder", "koder", "user", "bruger"), pick("description", "beskrivelse")
    if qcol is None or ccol is None:
        raise UserError("coding_csv_columns", path=shown or path.name, columns=", ".join(header) or "-")
    report = ImportReport()
    known = {q.id for q in project.quotes()}
    fallback = coder or default_coder()
    added: set[str] = set()
    with project.transaction():
        for n, row in enumerate(rows, start=2):
            qid, code = (row.get(qcol) or "").strip(), (row.get(ccol) or "").strip()
            if not qid.isdigit() or int(qid) not in known or not code:
                report.skipped.append(msg("coding_skip_csv_row", name=shown or path.name, line=n, quote=qid, code=code))
                report.unmatched += 1
                continue
            who = ((row.get(kcol) or "") if kcol else "").strip() or fallback
            store.add_code(project, code, ((row.get(dcol) or "") if dcol else "").strip())
            added.add(code)
            store.add_coding(project, int(qid), code, who, origin="import")
            report.codings += 1
            report.matched += 1
            report.coders.add(who)
    report.codes = len(added)  # codes of the rows imported, not of the rows skipped
    return report


# -- REFI-QDA -------------------------------------------------------------------------------


def import_qdpx(project: Any, path: Path, coder: str | None = None, shown: str | None = None) -> ImportReport:
    shown = shown or path.name
    try:
        qdpx = read_qdpx(path)
    except CodebookError as exc:
        raise _renamed(exc, path, shown) from exc
    report = ImportReport()
    users = {g: (n or g) for g, n in qdpx.users.items()}
    fallback = coder or default_coder()
    coding_users, unknown, analysis = _coding_users(path)
    report.skipped.extend(f"{shown}: {part}" for part in unknown)
    codes = qdpx.code_by_guid()
    kept = {s: [(c, u) for c, u in pairs if u not in analysis] for s, pairs in coding_users.items()}
    skipped_codes = _analysis_codes(qdpx.codes, coding_users, kept, analysis)
    n_analysis = sum(len(pairs) - len(kept[s]) for s, pairs in coding_users.items())
    if n_analysis:
        report.skipped.append(msg("coding_import_analysis", name=shown, n=n_analysis))
    # codes first, parents before children (the reader lists them depth first)
    code_names: dict[str, str] = {}
    for c in qdpx.codes:
        if c.guid in skipped_codes:
            continue
        name = c.name.strip() or c.guid
        parent = code_names.get(c.parent_guid) if c.parent_guid else None
        store.add_code(project, name, c.description, parent)
        code_names[c.guid] = name
    report.codes = len(code_names)
    by_source = {s.guid: s for s in qdpx.sources}
    placed: dict[str, tuple[int, list]] = {}  # qdpx source guid -> (project source id, offset map)
    for src in qdpx.sources:
        placed[src.guid] = _place_source(project, src, report)
    with project.transaction():
        for sel in qdpx.selections:
            pairs = kept.get(sel.guid) if sel.guid in coding_users else [(c, None) for c in sel.code_guids]
            if sel.source_guid not in placed or not pairs:
                continue
            source_id, mapping = placed[sel.source_guid]
            start, end = _map(mapping, sel.start), _map(mapping, sel.end)
            quotes = _covered(project.quotes(source_id=source_id), start, end)
            if not quotes:
                report.unmatched += 1
                report.skipped.append(msg("coding_skip_uncovered", name=by_source[sel.source_guid].name,
                                          start=sel.start, end=sel.end, text=sel.text[:40]))
                continue
            report.matched += 1
            for code_guid, user_guid in pairs:
                if code_guid not in codes or code_guid not in code_names:
                    report.skipped.append(msg("coding_skip_unknown_code", guid=code_guid))
                    continue
                who = users.get(user_guid, user_guid) if user_guid else fallback
                if who == store.MACHINE_CODER:
                    who = f"{who} (import)"
                for q in quotes:
                    store.add_coding(project, q.id, code_names[code_guid], who, origin="import")
                    report.codings += 1
                report.coders.add(who)
    return report


def _analysis_codes(codes: list, coding_users: dict[str, list], kept: dict[str, list], analysis: set[str]) -> set[str]:
    """Codes only a focusgroup analysis used (themes, sentiment, questions, key quotes), with their parents:
    a code whose subtree the analysis coded and no coder did. A code nobody used (a codebook entry) stays."""
    if not analysis:
        return set()
    by_analysis = {c for s, pairs in coding_users.items() for c, u in pairs if u in analysis}
    by_coders = {c for pairs in kept.values() for c, _ in pairs}
    children: dict[str | None, list[str]] = {}
    for c in codes:
        children.setdefault(c.parent_guid, []).append(c.guid)

    def subtree(guid: str) -> set[str]:
        out, todo = set(), [guid]
        while todo:
            g = todo.pop()
            if g not in out:
                out.add(g)
                todo.extend(children.get(g, []))
        return out

    return {c.guid for c in codes if (t := subtree(c.guid)) & by_analysis and not t & by_coders}


def _coding_users(path: Path) -> tuple[dict[str, list[tuple[str, str | None]]], list[str], set[str]]:
    """Selection GUID -> [(code GUID, creating user GUID)], one per Coding (two users may code the same
    selection with the same code); the parts of the file we do not read; and the GUIDs of the users of a
    focusgroup analysis (``refi_qda.writer``: its themes, sentiment, questions and key quotes)."""
    read = {"Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Description", "NoteRef", "Links",
            "Sets", "Graphs"}
    used_sources = {"TextSource"}
    with zipfile.ZipFile(path) as zf:
        name = next(n for n in zf.namelist() if n.lower() == "project.qde")
        root = etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False, no_network=True,
                                                               huge_tree=True))
    out: dict[str, list[tuple[str, str | None]]] = {}
    skipped: list[str] = []
    ours = (root.get("origin") or "").startswith(ORIGIN)
    analysis = {u.get("guid") for box in root if isinstance(box.tag, str) and etree.QName(box).localname == "Users"
                for u in box if (ours and u.get("id") in ANALYSIS_USER_IDS) or u.get("name") == MODEL_USER_NAME}
    for el in root:
        local = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if local and local not in read:
            skipped.append(msg("coding_skip_element", element=local))
    for box in root:
        if not isinstance(box.tag, str) or etree.QName(box).localname != "Sources":
            continue
        for src in box:
            kind = etree.QName(src).localname if isinstance(src.tag, str) else ""
            if kind and kind not in used_sources:
                skipped.append(msg("coding_skip_source", kind=kind, name=src.get("name", "")))
                continue
            for sel in src:
                if not isinstance(sel.tag, str) or etree.QName(sel).localname != "PlainTextSelection":
                    continue
                for coding in sel:
                    if not isinstance(coding.tag, str) or etree.QName(coding).localname != "Coding":
                        continue
                    user = coding.get("creatingUser") or sel.get("creatingUser")
                    for ref in coding:
                        if isinstance(ref.tag, str) and etree.QName(ref).localname == "CodeRef":
                            out.setdefault(sel.get("guid"), []).append((ref.get("targetGUID"), user))
    return out, skipped, analysis


def _place_source(project: Any, src: Any, report: ImportReport) -> tuple[int, list]:
    """The project source for a .qdpx source (imported when new) and the offset map between them."""
    sources = project.sources()
    same = next((s for s in sources if s.text == src.text), None)
    if same is not None:
        return same.id, []
    stem = Path(src.name).stem.casefold()
    named = next((s for s in sources if s.name == src.name or Path(s.name).stem.casefold() == stem), None)
    if named is None:
        named = _new_source(project, src)
        report.new_sources.append(src.name)
        if named.text == src.text:
            return named.id, []
    return named.id, _alignment(src.text, named.text)


def _new_source(project: Any, src: Any) -> Any:
    from focusgroup.pipeline import import_files

    name = Path(src.name).name if Path(src.name).suffix.lower() == ".txt" else f"{Path(src.name).name}.txt"
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / name
        file.write_text(src.text, encoding="utf-8")
        result = import_files(project, [file])
    if not result.source_ids:
        raise UserError("coding_import_bad", path=src.name, detail="; ".join(result.errors) or "kilden kunne ikke læses")
    return project.source(result.source_ids[0])


def _alignment(a: str, b: str) -> list[tuple[int, int]]:
    """Pairs (offset in a, offset in b) at the starts and ends of words the two texts share, in order."""
    wa, wb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    sm = difflib.SequenceMatcher(None, [m.group() for m in wa], [m.group() for m in wb], autojunk=False)
    pairs = [(0, 0)]
    for i, j, n in sm.get_matching_blocks():
        for k in range(n):
            pairs.append((wa[i + k].start(), wb[j + k].start()))
            pairs.append((wa[i + k].end(), wb[j + k].end()))
    pairs.append((len(a), len(b)))
    return pairs


def _map(mapping: list[tuple[int, int]], offset: int) -> int:
    """Offset in the project's text for an offset in the file's text (nearest shared word boundary)."""
    if not mapping:
        return offset
    import bisect

    keys = [p[0] for p in mapping]
    i = bisect.bisect_left(keys, offset)
    if i < len(mapping) and mapping[i][0] == offset:
        return mapping[i][1]
    lo, hi = mapping[max(i - 1, 0)], mapping[min(i, len(mapping) - 1)]
    return lo[1] + (offset - lo[0]) if offset - lo[0] <= hi[0] - offset else max(lo[1], hi[1] - (hi[0] - offset))


def _covered(quotes: list, start: int, end: int) -> list:
    out = []
    for q in quotes:
        overlap = min(end, q.end) - max(start, q.start)
        if overlap > 0 and overlap >= MIN_OVERLAP * min(q.end - q.start, end - start):
            out.append(q)
    return out
