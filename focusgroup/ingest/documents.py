"""Readers for running-text documents: .txt/.md, .docx, .odt and .pdf, all to one plain text.

Word and OpenDocument paragraphs become lines; a table row (a common transcript layout: speaker in
the first cell, speech in the second) becomes "speaker: speech". PDF text is reflowed: page numbers
and repeated headers go, and lines wrapped by the page width are joined, so a quote is not cut by
the layout of the page it was printed on.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from io import BytesIO

from focusgroup import limits
from focusgroup.ingest.encoding import decode_text, normalize
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Extracted, TextDoc, expect_kind, register
from focusgroup.ingest.turns import TS, starts_with_label


@register(".txt", ".text", ".md", ".markdown")
def read_text(raw: bytes, name: str) -> Extracted:
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expect_kind(raw, name, ext, "text", "binary")
    text, encoding = decode_text(raw, name)
    return Extracted(TextDoc(text), encoding=encoding)


# --- Word -----------------------------------------------------------------------------------------


def _row_line(cells: list[str]) -> str:
    """A table row as one line; a short first cell reads as a speaker label, a time cell as "[time]"."""
    cells = [c.strip() for c in cells if c and c.strip()]
    if not cells:
        return ""
    if len(cells) >= 3 and re.fullmatch(TS, cells[0].strip("[]()")):
        return f"[{cells[0].strip('[]()')}] " + _row_line(cells[1:])
    if len(cells) >= 2 and len(cells[0]) <= 40 and "\n" not in cells[0]:
        head = cells[0] if cells[0].endswith(":") else cells[0] + ":"
        return head + " " + " ".join(cells[1:])
    return " ".join(cells)


@register(".docx", ".docm")
def read_docx(raw: bytes, name: str) -> Extracted:
    import docx
    from docx.table import Table as DocxTable

    expect_kind(raw, name, ".docx", "docx", label="Word")
    try:
        document = docx.Document(BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(name, "corrupt", kind="Word", detail=type(exc).__name__) from exc
    except Exception as exc:  # lxml XMLSyntaxError and friends from a damaged part
        raise IngestError(name, "corrupt", kind="Word", detail=str(exc)[:80]) from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if len(lines) % 1000 == 0:
            limits.check_time()
        if isinstance(block, DocxTable):
            for row in block.rows:
                seen: list[object] = []
                cells = []
                for cell in row.cells:  # merged cells repeat: keep each once
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        cells.append(cell.text)
                lines.append(_row_line(cells))
        else:
            lines.append(block.text)
    return Extracted(TextDoc(normalize("\n".join(lines))), metadata={"paragraphs": len(lines)})


# --- OpenDocument ---------------------------------------------------------------------------------


@register(".odt")
def read_odt(raw: bytes, name: str) -> Extracted:
    from odf import teletype
    from odf.opendocument import load

    expect_kind(raw, name, ".odt", "odt", label="OpenDocument")
    try:
        document = load(BytesIO(raw))
    except Exception as exc:  # odfpy raises bare KeyErrors and XML errors on damaged files
        raise IngestError(name, "corrupt", kind="OpenDocument", detail=type(exc).__name__) from exc

    lines: list[str] = []

    def walk(node: object) -> None:
        for child in getattr(node, "childNodes", []):
            qname = getattr(child, "qname", None)
            if qname is None:
                continue
            local = qname[1]
            if len(lines) % 1000 == 0:
                limits.check_time()
            if local in ("p", "h"):
                lines.append(teletype.extractText(child))
            elif local == "table-row":
                cells = [
                    "\n".join(teletype.extractText(p) for p in cell.childNodes if getattr(p, "qname", ("", ""))[1] in ("p", "h"))
                    for cell in child.childNodes
                    if getattr(cell, "qname", ("", ""))[1] == "table-cell"
                ]
                lines.append(_row_line(cells))
            else:
                walk(child)

    walk(document.text)
    return Extracted(TextDoc(normalize("\n".join(lines))), metadata={"paragraphs": len(lines)})


# --- PDF ------------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^(?:(?:side|page|s\.|p\.)\s*)?\d{1,4}(?:\s*(?:/|af|of|-)\s*\d{1,4})?$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")


def _page_lines(text: str) -> list[str]:
    return [_SPACES.sub(" ", line).strip() for line in normalize(text).split("\n")]


def _is_label_line(line: str) -> bool:
    return starts_with_label(line) or (line.endswith(":") and len(line) <= 40)


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and running headers/footers: a first or last line recurring on most pages."""
    pages = [[ln for ln in lines if not _PAGE_NUMBER.match(ln)] for lines in pages]
    if len(pages) < 3:
        return pages
    key = lambda ln: re.sub(r"\d+", "#", ln)  # noqa: E731 - "Side 3" and "Side 4" are one header
    counts: Counter[str] = Counter()
    for lines in pages:
        body = [ln for ln in lines if ln]
        counts.update({key(ln) for ln in (*body[:1], *body[-1:])})
    edges = {k for k, n in counts.items() if n >= max(3, len(pages) // 2)}
    cleaned = []
    for lines in pages:
        idx = [i for i, ln in enumerate(lines) if ln]
        drop = {i for i in (idx[:1] + idx[-1:]) if key(lines[i]) in edges and not _is_label_line(lines[i])}
        cleaned.append([ln for i, ln in enumerate(lines) if i not in drop])
    return cleaned


def _reflow(lines: list[str]) -> str:
    """Join lines wrapped by the page width; keep label lines and blank-line paragraph breaks."""
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        prev = out[-1] if out else ""
        if prev and not (prev.endswith(":") and len(prev) <= 40) and not starts_with_label(line) and not line.startswith(("•", "- ", "* ")):
            out[-1] = prev + " " + line
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


@register(".pdf")
def read_pdf(raw: bytes, name: str) -> Extracted:
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    expect_kind(raw, name, ".pdf", "pdf", label="PDF")
    try:
        reader = pypdf.PdfReader(BytesIO(raw))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError, PdfReadError) as exc:
                raise IngestError(name, "encrypted") from exc
            if not opened:
                raise IngestError(name, "encrypted")
        pages = []
        for page in reader.pages:
            limits.check_time()
            pages.append(_page_lines(page.extract_text() or ""))
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise IngestError(name, "corrupt", kind="PDF", detail=str(exc)[:80] or type(exc).__name__) from exc
    lines = [ln for page in _strip_running_lines(pages) for ln in page]
    text = _reflow(lines)
    if not text.strip():
        raise IngestError(name, "no_text_layer")
    return Extracted(TextDoc(text), metadata={"pages": len(pages)})
