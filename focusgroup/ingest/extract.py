"""File format -> content, through a registry keyed by file extension.

A reader turns raw bytes into one of three shapes, and the shape (not the format) decides how
quotes are built: ``TextDoc`` (plain text that may carry speaker labels), ``Dialogue`` (turns
already known, as in subtitles or TEI) or ``Table`` (a survey export).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from focusgroup.ingest.encoding import looks_binary
from focusgroup.ingest.errors import IngestError
from focusgroup.registry import Registry


@dataclass
class TextDoc:
    text: str


@dataclass
class Utterance:
    """One turn whose speaker is known from the file's structure; ``marks`` are (offset in text, timestamp)."""

    speaker: str | None
    text: str
    timestamp: str | None = None
    role: str | None = None
    marks: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Dialogue:
    utterances: list[Utterance]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    sheet: str | None = None


@dataclass
class Extracted:
    content: TextDoc | Dialogue | Table
    encoding: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Reader = Callable[[bytes, str], Extracted]
READERS: Registry[Reader] = Registry("file reader")  # extension (".docx") -> reader

# Extensions people try that we do not read, with what to do instead.
UNSUPPORTED_HINTS: dict[str, tuple[str, str]] = {
    ".doc": ("; save it as .docx", "; gem den som .docx"),
    ".xls": ("; save it as .xlsx or .csv", "; gem den som .xlsx eller .csv"),
    ".rtf": ("; save it as .docx or .txt", "; gem den som .docx eller .txt"),
    ".pages": ("; export it as .docx", "; eksportér den som .docx"),
    ".mp3": ("; transcribe the audio first", "; transskribér lyden først"),
    ".m4a": ("; transcribe the audio first", "; transskribér lyden først"),
    ".wav": ("; transcribe the audio first", "; transskribér lyden først"),
    ".mp4": ("; transcribe the recording first", "; transskribér optagelsen først"),
}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    return READERS.register(*extensions)


def reader_for(ext: str, name: str) -> Reader:
    ext = ext.lower()
    if ext in READERS:
        return READERS[ext]
    hint, hint_da = UNSUPPORTED_HINTS.get(ext, ("", ""))
    supported = ", ".join(sorted(READERS))
    raise IngestError(
        name,
        "unsupported",
        ext=ext or "(no extension)",
        hint=hint or f" (supported: {supported})",
        hint_da=hint_da or f" (understøttet: {supported})",
    )


# --- what a file really is, from its first bytes -------------------------------------------------

# kind -> (English, Danish) description used in "the file is named .docx but is really ..."
KINDS: dict[str, tuple[str, str]] = {
    "pdf": ("a PDF", "en PDF"),
    "docx": ("a Word document (.docx)", "et Word-dokument (.docx)"),
    "xlsx": ("an Excel workbook (.xlsx)", "en Excel-projektmappe (.xlsx)"),
    "odt": ("an OpenDocument text (.odt)", "et OpenDocument-dokument (.odt)"),
    "ods": ("an OpenDocument spreadsheet (.ods)", "et OpenDocument-regneark (.ods)"),
    "zip": ("a zip archive", "et zip-arkiv"),
    "ole": ("an old Office file (.doc/.xls)", "en gammel Office-fil (.doc/.xls)"),
    "rtf": ("an RTF document", "et RTF-dokument"),
    "text": ("plain text", "almindelig tekst"),
    "binary": ("binary data", "binære data"),
}


def sniff(raw: bytes) -> str:
    """The real kind of a file from its content: a KINDS key."""
    head = raw[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(raw)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "damaged-zip"
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "mimetype" in names and "content.xml" in names:
            return "ods" if b"spreadsheet" in raw[:200] else "odt"
        return "zip"
    sample = raw[:8192]
    if b"\x00" in sample and (sample[0::2].count(0) > len(sample) // 4 or sample[1::2].count(0) > len(sample) // 4):
        return "text"  # UTF-16
    return "binary" if looks_binary(raw) else "text"


def mislabelled(name: str, ext: str, actual: str) -> IngestError:
    english, danish = KINDS[actual]
    return IngestError(name, "mislabelled", ext=ext, actual=english, actual_da=danish)


def expect_kind(raw: bytes, name: str, ext: str, *kinds: str, label: str = "") -> None:
    """Raise 'mislabelled' when the bytes are another kind of file than the name says, 'corrupt' when broken."""
    actual = sniff(raw)
    if actual == "damaged-zip":
        raise IngestError(name, "corrupt", kind=label or ext, detail="broken zip container")
    if actual not in kinds:
        raise mislabelled(name, ext, actual)
    if raw.startswith(b"PK\x03\x04"):  # docx, xlsx, odt: refuse a zip bomb before any part is inflated
        from focusgroup.limits import check_archive

        check_archive(raw, name, "xlsx_unpacked_mb" if "xlsx" in kinds else "unpacked_mb")
