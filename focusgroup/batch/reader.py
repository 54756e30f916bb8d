"""Read a csv/xlsx survey file in chunks of rows, never holding the whole file in memory.

Cells come out exactly as ``focusgroup import`` reads them (same decoding, delimiter sniffing, cell
formatting and header tidying from ``focusgroup.ingest``), so a batch run and an import of the same
file give the same quotes. The encoding is decided by the ingest layer's ``decode`` applied block
by block over the whole file: a cp1252 byte on line 90,000 must not be read as latin-1 because the
first block looked like it. xlsx is streamed with openpyxl's read-only mode.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focusgroup import messages
from focusgroup.ingest.encoding import decode, normalize
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Table
from focusgroup.ingest.survey import find_column, guess_id_column, propose_columns
from focusgroup.ingest.tables import PAGE_BREAKS, cell_text, sheet_rows, sniff_delimiter, tidy_header
from focusgroup.limits import check_archive

GUESS_ROWS = 5000  # rows looked at to guess the respondent id column
BLOCK = 1 << 20  # bytes per block for hashing and encoding detection
TABULAR = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx"}


@dataclass
class TableInfo:
    """What a table file is, found by streaming passes; enough to re-read it identically later."""

    path: Path
    format: str  # "csv" | "xlsx"
    header: list[str]
    text_columns: list[str]  # the free-text columns, in the order given: each answer of each one a quote
    id_column: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    skip_lines: int = 0  # an Excel "sep=;" line before the header
    sheet: str | None = None
    sha256: str = ""
    size: int = 0
    group_by: str | None = None  # the background field groups are compared by (checked against the header)
    proposed: bool = False  # the text columns were proposed from the first rows, none being named

    @property
    def text_column(self) -> str:
        """The first free-text column (a run of one column, as before ``text_columns``)."""
        return self.text_columns[0]

    @property
    def meta_columns(self) -> list[str]:
        """Every column but the free text, as ``import`` keeps them: background fields and the id."""
        return [c for c in self.header if c not in self.text_columns]

    def fingerprint(self) -> dict[str, Any]:
        # one column as the single name it always was, so a run started before ``text_columns`` resumes
        columns: str | list[str] = self.text_columns[0] if len(self.text_columns) == 1 else list(self.text_columns)
        return {"sha256": self.sha256, "size": self.size, "text_column": columns,
                "id_column": self.id_column, "encoding": self.encoding, "delimiter": self.delimiter,
                "sheet": self.sheet}


@dataclass
class Chunk:
    """Data rows ``start_row ..`` (0-based, header excluded; blank rows included so numbers match)."""

    index: int
    start_row: int
    rows: list[list[str]] = field(default_factory=list)  # padded/cut to the header's width

    def __len__(self) -> int:
        return len(self.rows)


def inspect_table(path: str | Path, text_column: str | Sequence[str] | None, id_column: str | None = None,
                  group_by: str | None = None) -> TableInfo:
    """Detect format, encoding, delimiter and header; check the named columns exist.

    ``text_column``: one free-text column or several (``analyze --text-column`` repeated): each answer of
    each column is a quote that knows its question, laid out as ``import`` lays them out; None (or none):
    proposed from the first ``GUESS_ROWS`` rows as ``import`` proposes them (``proposed`` says so). ``group_by``: a
    background field of the file, resolved to the header's spelling as the text columns are; a name that is
    no background column is a ``UserError`` naming the file and the column, raised before anything is written.
    """
    path = Path(path)
    wanted = [text_column] if isinstance(text_column, str) else list(text_column or [])
    if path.is_dir():
        raise IngestError(path, "unreadable", detail=messages.text("is_a_folder"))
    if not path.is_file():
        raise IngestError(path, "missing")
    fmt = TABULAR.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(path, "unsupported", ext=path.suffix or "(none)",
                          hint="; batch reads .csv, .tsv and .xlsx", hint_da="; batch læser .csv, .tsv og .xlsx")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty")
    info = TableInfo(path, fmt, [], wanted, size=size)
    if fmt == "csv":
        info.encoding, info.sha256, head = detect_encoding(path)
        first, _, rest = head.partition("\n")
        if first.lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's "sep=;" line
            info.delimiter, info.skip_lines, head = first.strip()[4], 1, rest
        info.delimiter = info.delimiter or sniff_delimiter(
            head[:65536], "\t" if path.suffix.lower() in (".tsv", ".tab") else None
        )
        raw_rows = _csv_rows(info)
    else:
        info.sha256 = file_sha256(path)
        info.sheet = _biggest_sheet(path)
        raw_rows = _xlsx_rows(info)
    try:
        header = next((r for r in raw_rows if any(c.strip() for c in r)), None)
    finally:
        raw_rows.close()
    if header is None:
        raise IngestError(path, "no_text")
    info.header = tidy_header(header)
    table = Table(info.header, [])
    head = read_head(info, GUESS_ROWS) if not (id_column and wanted) else []
    if id_column:
        info.id_column = find_column(table, id_column, path.name)
    else:  # as ``import`` does, from the first rows (a streaming reader cannot look at all of them)
        info.id_column = guess_id_column(Table(info.header, head))
    if wanted:
        info.text_columns = list(dict.fromkeys(find_column(table, c, path.name) for c in wanted))
    else:  # proposed as ``import`` proposes them (``build_survey``), from the same first rows
        info.text_columns = propose_columns(Table(info.header, head), exclude=[info.id_column] if info.id_column else [])
        if not info.text_columns:
            raise IngestError(path, "no_text_column", columns=", ".join(info.header))
        info.proposed = True
    if group_by:
        info.group_by = _group_field(info, group_by)
    return info


def _group_field(info: TableInfo, wanted: str) -> str:
    """The header's name of the ``--group-by`` field (as ``find_column`` matches: exact, else ignoring case and
    spacing); a UserError naming the file, the field and the background columns when it is none of them."""
    from focusgroup.errors import UserError

    fields = info.meta_columns
    try:
        return find_column(Table(fields, []), wanted, info.path.name)
    except IngestError:
        code = "batch_group_by_is_text" if any(_names(c, wanted) for c in info.text_columns) else "batch_group_by_unknown"
        raise UserError(code, path=info.path, column=wanted, columns=", ".join(fields) or "–") from None


def _names(column: str, wanted: str) -> bool:
    """Whether ``wanted`` names ``column`` as ``find_column`` matches names."""
    try:
        find_column(Table([column], []), wanted, "")
    except IngestError:
        return False
    return True


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _newline_unit(head: bytes) -> tuple[bytes, int, str | None]:
    """(newline code unit, its width in bytes, codec to read with or None) from a file's first bytes.

    Blocks must be cut after a whole newline *code unit*: cut at a single ``\n`` byte, a UTF-16 file
    was split inside characters and read wrongly. UTF-32 is checked first (its LE BOM begins with
    UTF-16's); UTF-16 without a BOM is recognised by its NUL bytes, as ``decode`` does.
    """
    boms = [(codecs.BOM_UTF32_LE, b"\n\0\0\0", "utf-32"), (codecs.BOM_UTF32_BE, b"\0\0\0\n", "utf-32"),
            (codecs.BOM_UTF16_LE, b"\n\0", "utf-16"), (codecs.BOM_UTF16_BE, b"\0\n", "utf-16")]
    for bom, unit, codec in boms:
        if head.startswith(bom):
            return unit, len(unit), codec
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
        little = sample[1::2].count(0) > sample[0::2].count(0)
        return (b"\n\0", 2, "utf-16-le") if little else (b"\0\n", 2, "utf-16-be")
    return b"\n", 1, None


def _last_cut(raw: bytes, unit: bytes, width: int) -> int:
    """Position just after the last newline unit that starts on a character boundary; 0 if none."""
    end = len(raw)
    while (i := raw.rfind(unit, 0, end)) >= 0:
        if i % width == 0:
            return i + len(unit)
        end = i + len(unit) - 1
    return 0


def _blocks(path: Path, unit: bytes = b"\n", width: int = 1) -> Iterator[bytes]:
    """~1 MB blocks cut after a newline, so no multi-byte character is split between blocks."""
    rest = b""
    with path.open("rb") as fh:
        while raw := fh.read(BLOCK):
            raw = rest + raw
            cut = _last_cut(raw, unit, width)
            if cut == 0:
                rest = raw
                continue
            rest = raw[cut:]
            yield raw[:cut]
    if rest:
        yield rest


# When blocks disagree, the encoding that decodes all of them wins: ASCII-only blocks say utf-8.
_RANK = {"utf-8": 0, "latin-1": 1, "cp1252": 2}


def detect_encoding(path: Path) -> tuple[str, str, str]:
    """(encoding, sha256, decoded and normalized first block) from one pass over the file."""
    with path.open("rb") as fh:
        unit, width, codec = _newline_unit(fh.read(4096))
    digest = hashlib.sha256()
    label, head = "", ""
    for i, block in enumerate(_blocks(path, unit, width)):
        digest.update(block)
        if i == 0:
            text, label = decode(block, path.name)
            head = normalize(text)
        elif label in _RANK:  # a BOM or charset-normalizer's guess on the first block decides alone
            _, found = decode(block, path.name)
            if found not in _RANK or _RANK[found] > _RANK[label]:
                label = found
    if not head.strip():
        raise IngestError(path, "no_text")
    return codec or label, digest.hexdigest(), head


def iter_chunks(info: TableInfo, chunk_size: int) -> Iterator[Chunk]:
    """Chunks of ``chunk_size`` data rows in file order (the last one may be shorter)."""
    width = len(info.header)
    rows = _csv_rows(info) if info.format == "csv" else _xlsx_rows(info)
    try:
        header_seen = False
        chunk = Chunk(0, 0)
        for values in rows:
            if not header_seen:
                header_seen = any(v.strip() for v in values)
                continue
            chunk.rows.append((values + [""] * (width - len(values)))[:width])
            if len(chunk.rows) == chunk_size:
                yield chunk
                chunk = Chunk(chunk.index + 1, chunk.start_row + chunk_size)
        if chunk.rows:
            yield chunk
    finally:
        rows.close()


def _csv_rows(info: TableInfo) -> Iterator[list[str]]:
    # The csv module streams record by record with constant memory; quoted fields with line breaks
    # (common in comment columns) span lines correctly.
    encoding = {"utf-8": "utf-8-sig"}.get(info.encoding or "utf-8", info.encoding)
    try:
        with info.path.open("r", encoding=encoding, newline="") as fh:
            for _ in range(info.skip_lines):
                fh.readline()
            for row in csv.reader(fh, delimiter=info.delimiter or ","):
                yield [normalize(cell.translate(PAGE_BREAKS)) for cell in row]  # as import reads them
    except (UnicodeDecodeError, csv.Error) as exc:
        raise IngestError(info.path, "corrupt", kind="CSV", detail=str(exc)) from exc


def _open_xlsx(path: Path) -> Any:
    from openpyxl import load_workbook

    check_archive(path, path, "xlsx_unpacked_mb")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise IngestError(path, "corrupt", kind="Excel", detail=type(exc).__name__) from exc


def _biggest_sheet(path: Path) -> str:
    """The sheet with the most non-empty rows, as ``import`` chooses (answers vs. notes sheets)."""
    wb = _open_xlsx(path)
    try:
        # Rows by real content (``sheet_rows``): a declared A1:XFD1048576 must not be walked cell by cell.
        counts = {ws.title: sum(1 for row in sheet_rows(ws, path.name, cells=False) if row) for ws in wb.worksheets}
    finally:
        wb.close()
    if not counts or not max(counts.values()):
        raise IngestError(path, "no_text")
    return max(counts, key=lambda title: counts[title])


def _xlsx_rows(info: TableInfo) -> Iterator[list[str]]:
    wb = _open_xlsx(info.path)
    try:
        for row in sheet_rows(wb[info.sheet], info.path.name, cells=False):
            yield [cell_text(v) for v in row]
    except IngestError:
        raise
    except Exception as exc:  # damaged XML parts
        raise IngestError(info.path, "corrupt", kind="Excel", detail=str(exc)[:80]) from exc
    finally:
        wb.close()


def read_head(info: TableInfo, n: int) -> list[list[str]]:
    """The first ``n`` data rows (for previews and tests)."""
    return next(iter_chunks(info, n), Chunk(0, 0)).rows

