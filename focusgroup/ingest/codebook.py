"""Read a codebook for guided themes: ``(name, description)`` per code from .qdc, .csv/.tsv or .txt.

Codebooks are researcher files like any other input, so they go through ingest's own decoding
(BOMs, UTF-8, cp1252/cp850/Mac guesses, Unicode normalisation) and its delimiter sniffing, not a
second copy of them; a REFI-QDA .qdc (or .qdpx) is read by ``focusgroup.refi_qda.reader``.
"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

from focusgroup.ingest.encoding import decode_text
from focusgroup.ingest.tables import sniff_delimiter
from focusgroup.refi_qda.reader import CodebookError
from focusgroup.refi_qda.reader import read_codebook as read_qdc

NAME_HEADERS = {"name", "navn", "kode", "code", "tema", "theme"}
DESCRIPTION_HEADERS = {"description", "beskrivelse", "definition"}
TEXT_SEPARATORS = ("\t", ":", " - ")  # "Ventetid: lang tid før svar" in a .txt codebook


def read_codebook(path: str | Path) -> list[tuple[str, str]]:
    """Codes from .qdc/.qdpx (REFI-QDA), .csv/.tsv (name/navn + description/beskrivelse columns, or the
    first two columns without a header) or .txt ("name: description" per line, # comments)."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError("codebook_missing", path=path)
    suffix = path.suffix.lower()
    if suffix in (".qdc", ".qdpx"):
        codes = [(str(n), str(d or "")) for n, d in read_qdc(path)]
    else:
        text, _ = decode_text(path.read_bytes(), path.name)
        codes = _table_codes(text, suffix) if suffix in (".csv", ".tsv", ".tab") else _text_codes(text)
    codes = [(n, d) for n, d in codes if n]
    if not codes:
        raise CodebookError("codebook_empty", path=path)
    return codes


def _table_codes(text: str, suffix: str) -> list[tuple[str, str]]:
    delimiter = sniff_delimiter(text[:65536], "\t" if suffix != ".csv" else None) if text.strip() else ","
    rows = [r for r in csv.reader(StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    header = [h.strip().lower() for h in rows[0]] if rows else []
    name_col = next((i for i, h in enumerate(header) if h in NAME_HEADERS), None)
    desc_col = next((i for i, h in enumerate(header) if h in DESCRIPTION_HEADERS), None)
    body = rows[1:] if name_col is not None else rows
    name_col = 0 if name_col is None else name_col
    desc_col = (1 if name_col == 0 else 0) if desc_col is None else desc_col
    return [(r[name_col].strip(), r[desc_col].strip() if len(r) > desc_col else "")
            for r in body if len(r) > name_col and r[name_col].strip()]


def _text_codes(text: str) -> list[tuple[str, str]]:
    codes = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for sep in TEXT_SEPARATORS:
            if sep in line:
                name, desc = line.split(sep, 1)
                break
        else:
            name, desc = line, ""
        codes.append((name.strip(), desc.strip()))
    return codes
