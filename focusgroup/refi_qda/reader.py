"""Read REFI-QDA files: a .qdc codebook (guided themes) and a .qdpx project (round-trip checks).

Elements are matched by local name, so files from tools that write another namespace version (or
none) still read. Bad files raise ``CodebookError`` naming the file and the problem.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from focusgroup.errors import UserError
from focusgroup.limits import check_archive

ORIGIN = "focusgroup"  # the ``origin`` of our own exports
# The users of a focusgroup analysis' own codings (themes, sentiment, key quotes, survey questions):
# ``import-codings`` leaves codings by these out, they are analyses, not a coder's decisions.
MODEL_USER_NAME = "focusgroup (automatisk analyse)"
ANALYSIS_USER_IDS = ("focusgroup", "forsker")


class CodebookError(UserError, ValueError):
    """The file is not a readable REFI-QDA codebook or project (texts: ``focusgroup.messages.problems``)."""


@dataclass
class QdpxCode:
    guid: str
    name: str
    description: str = ""
    parent_guid: str | None = None
    codable: bool = True
    color: str | None = None
    note_guids: list[str] = field(default_factory=list)


@dataclass
class QdpxSource:
    guid: str
    name: str
    text: str


@dataclass
class QdpxSelection:
    guid: str
    source_guid: str
    start: int
    end: int
    text: str  # the source text at [start:end]
    code_guids: list[str] = field(default_factory=list)
    note_guids: list[str] = field(default_factory=list)
    description: str = ""


@dataclass
class QdpxCase:
    guid: str
    name: str
    variables: dict[str, Any] = field(default_factory=dict)
    selection_guids: list[str] = field(default_factory=list)


@dataclass
class QdpxProject:
    name: str
    sources: list[QdpxSource]
    codes: list[QdpxCode]
    selections: list[QdpxSelection]
    notes: dict[str, str]  # note GUID -> text
    cases: list[QdpxCase]
    users: dict[str, str]  # user GUID -> name

    def code_by_guid(self) -> dict[str, QdpxCode]:
        return {c.guid: c for c in self.codes}


def read_codebook(path: str | Path) -> list[tuple[str, str]]:
    """(name, description) of every codable code, depth first, from a .qdc (or a .qdpx's codebook)."""
    root = _load(Path(path))
    if _local(root) not in {"CodeBook", "Project"}:
        raise CodebookError("refi_not_codebook", path=path, root=_local(root))
    codes = _codes(root)
    if not codes:
        raise CodebookError("refi_no_codes", path=path)
    return [(c.name, c.description) for c in codes if c.codable]


def read_qdpx(path: str | Path) -> QdpxProject:
    path = Path(path)
    check_archive(path, path)  # a bomb is refused before project.qde or any source is inflated
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CodebookError("refi_not_qdpx", path=path, detail=str(exc)) from exc
    with zf:
        root = _parse(path, _read_member(zf, path, "project.qde"))
        if _local(root) != "Project":
            raise CodebookError("refi_bad_root", path=path, root=_local(root))
        sources: list[QdpxSource] = []
        selections: list[QdpxSelection] = []
        for src in _find(root, "Sources", "TextSource"):
            text = _source_text(zf, path, src)
            sources.append(QdpxSource(src.get("guid"), src.get("name", ""), text))
            for sel in _children(src, "PlainTextSelection"):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                selections.append(QdpxSelection(
                    guid=sel.get("guid"), source_guid=src.get("guid"), start=start, end=end, text=text[start:end],
                    code_guids=[ref.get("targetGUID") for c in _children(sel, "Coding")
                                for ref in _children(c, "CodeRef")],
                    note_guids=[n.get("targetGUID") for n in _children(sel, "NoteRef")],
                    description=_text(sel, "Description"),
                ))
    notes = {n.get("guid"): _text(n, "PlainTextContent") for n in _find(root, "Notes", "Note")}
    variables = {v.get("guid"): v.get("name", "") for v in _find(root, "Variables", "Variable")}
    cases = []
    for case in _find(root, "Cases", "Case"):
        values = {}
        for vv in _children(case, "VariableValue"):
            ref = next(iter(_children(vv, "VariableRef")), None)
            value_el = next((c for c in vv if _local(c).endswith("Value") and _local(c) != "VariableRef"), None)
            if ref is not None and value_el is not None:
                values[variables.get(ref.get("targetGUID"), ref.get("targetGUID"))] = _typed(value_el)
        cases.append(QdpxCase(case.get("guid"), case.get("name", ""), values,
                              [s.get("targetGUID") for s in _children(case, "SelectionRef")]))
    users = {u.get("guid"): u.get("name", "") for u in _find(root, "Users", "User")}
    return QdpxProject(root.get("name", ""), sources, _codes(root), selections, notes, cases, users)


# -- helpers -------------------------------------------------------------------------------


def _load(path: Path) -> etree._Element:
    if not path.exists():
        raise CodebookError("refi_missing", path=path)
    if zipfile.is_zipfile(path):
        check_archive(path, path)
        with zipfile.ZipFile(path) as zf:
            return _parse(path, _read_member(zf, path, "project.qde"))
    return _parse(path, path.read_bytes())


def _read_member(zf: zipfile.ZipFile, path: Path, name: str) -> bytes:
    match = next((n for n in zf.namelist() if n.lower() == name.lower()), None)
    if match is None:
        raise CodebookError("refi_no_member", path=path, member=name)
    return zf.read(match)


def _parse(path: Path, data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CodebookError("refi_bad_xml", path=path, detail=str(exc)) from exc


def _source_text(zf: zipfile.ZipFile, path: Path, src: etree._Element) -> str:
    inline = next(iter(_children(src, "PlainTextContent")), None)
    if inline is not None:
        return inline.text or ""
    ref = src.get("plainTextPath", "")
    if not ref.startswith("internal://"):
        raise CodebookError("refi_source_outside", path=path, source=src.get("name"), ref=ref)
    name = ref[len("internal://"):]
    # Tools disagree on the folder ("Sources/", "sources/", none): match the file name.
    match = next((n for n in zf.namelist() if n.lower() == f"sources/{name}".lower()), None) or next(
        (n for n in zf.namelist() if n.rsplit("/", 1)[-1] == name), None)
    if match is None:
        raise CodebookError("refi_source_missing", path=path, source=src.get("name"), ref=ref)
    return zf.read(match).decode("utf-8-sig")


def _codes(root: etree._Element) -> list[QdpxCode]:
    book = root if _local(root) == "CodeBook" else next(iter(_children(root, "CodeBook")), None)
    out: list[QdpxCode] = []
    if book is None:
        return out

    def walk(parent: etree._Element, parent_guid: str | None) -> None:
        for code in _children(parent, "Code"):
            out.append(QdpxCode(
                guid=code.get("guid"), name=code.get("name", ""), description=_text(code, "Description"),
                parent_guid=parent_guid, codable=code.get("isCodable", "true").lower() in {"true", "1"},
                color=code.get("color"), note_guids=[n.get("targetGUID") for n in _children(code, "NoteRef")],
            ))
            walk(code, code.get("guid"))

    for codes in _children(book, "Codes"):
        walk(codes, None)
    return out


def _typed(el: etree._Element) -> Any:
    kind, text = _local(el), (el.text or "")
    if kind == "IntegerValue":
        return int(text)
    if kind == "FloatValue":
        return float(text)
    if kind == "BooleanValue":
        return text.strip().lower() in {"true", "1"}
    return text


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _find(root: etree._Element, container: str, name: str) -> list[etree._Element]:
    return [c for box in _children(root, container) for c in _children(box, name)]


def _text(el: etree._Element, name: str) -> str:
    child = next(iter(_children(el, name)), None)
    return (child.text or "") if child is not None else ""
