"""Readers for survey exports: .csv/.tsv (delimiter sniffed, any encoding) and .xlsx (openpyxl, read-only).

Every cell becomes a string ("" when blank) so a CSV and an Excel export of the same survey give
the same table: integral floats lose their ".0", dates become ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from io import BytesIO, StringIO

from focusgroup import limits, messages
from focusgroup.ingest.encoding import decode, normalize
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Extracted, Table, expect_kind, register

DELIMITERS = [";", ",", "\t", "|"]
# Vertical tab and form feed inside a CSV field (pasted from Word or a PDF) are spaces: normalize() would
# make a form feed a line break, which split an unquoted row in two.
PAGE_BREAKS = {0x0B: " ", 0x0C: " "}


def tidy_header(header: list[str]) -> list[str]:
    """Blank headers get a name, duplicates a suffix: metadata keys must be unique and non-empty."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = " ".join(str(name).split()) or f"kolonne {i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _table(rows: list[list[str]], name: str, sheet: str | None = None) -> Table:
    """First non-empty row is the header; rows are padded/cut to its width; trailing blank rows dropped."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if first is None:
        raise IngestError(name, "no_text")
    width = max(len(r) for r in rows)
    header = tidy_header(rows[first] + [""] * (width - len(rows[first])))
    data = [(r + [""] * (width - len(r)))[:width] for r in rows[first + 1 :]]
    if not data:
        raise IngestError(name, "no_rows")
    return Table(header, data, sheet)


def sniff_delimiter(sample: str, preferred: str | None = None) -> str:
    """The delimiter giving the most rows with the header's field count (>1), then the most fields."""
    lines = sample.split("\n")
    if len(lines) > 1:
        sample = "\n".join(lines[:-1])  # the last line may be cut
    best, best_score = preferred or ",", (-1.0, 0)
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(StringIO(sample), delimiter=delim) if r]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        same = sum(len(r) == len(rows[0]) for r in rows) / len(rows)
        score = (same + (0.01 if delim == preferred else 0.0), len(rows[0]))
        if score > best_score:
            best, best_score = delim, score
    return best


@register(".csv", ".tsv", ".tab")
def read_csv(raw: bytes, name: str) -> Extracted:
    ext = "." + name.rsplit(".", 1)[-1].lower()
    expect_kind(raw, name, ext, "text", "binary")
    text, encoding = decode(raw, name)
    text = normalize(text.translate(PAGE_BREAKS))
    if not text.strip():
        raise IngestError(name, "empty")
    delimiter = None
    first, _, rest = text.partition("\n")
    if first.lower().startswith("sep=") and len(first.strip()) == 5:  # Excel's "sep=;" line
        delimiter, text = first.strip()[4], rest
    delimiter = delimiter or sniff_delimiter(text[:65536], "\t" if ext in (".tsv", ".tab") else None)
    counter = limits.CellCounter(name)
    rows = []
    try:
        for row in csv.reader(StringIO(text), delimiter=delimiter):
            rows.append(row)
            counter.add(len(rows), len(row))
            if len(rows) % 10_000 == 0:
                limits.check_time()
    except csv.Error as exc:
        raise IngestError(name, "corrupt", kind="CSV", detail=str(exc)) from exc
    table = _table(rows, name)
    return Extracted(table, encoding=encoding, metadata={"delimiter": delimiter})


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # Excel stores a line break typed in a cell as "_x000D_\n"; openpyxl hands the escape on.
        return normalize(value.replace("_x000D_", "\r"))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


@register(".xlsx", ".xlsm")
def read_xlsx(raw: bytes, name: str) -> Extracted:
    import openpyxl

    expect_kind(raw, name, ".xlsx", "xlsx", label="Excel")
    try:
        workbook = openpyxl.load_workbook(BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError(name, "corrupt", kind="Excel", detail=type(exc).__name__) from exc
    except Exception as exc:  # damaged XML parts
        raise IngestError(name, "corrupt", kind="Excel", detail=str(exc)[:80]) from exc
    sheets: list[tuple[str, list[list[str]]]] = []
    try:
        for ws in workbook.worksheets:
            rows = [[cell_text(v) for v in row] for row in sheet_rows(ws, name)]
            filled = [r for r in rows if any(c.strip() for c in r)]
            if filled:
                sheets.append((ws.title, rows))
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(name, "corrupt", kind="Excel", detail=str(exc)[:80]) from exc
    finally:
        workbook.close()
    if not sheets:
        raise IngestError(name, "no_text")
    # Exports put answers on one sheet and variable labels or notes on others: take the biggest.
    title, rows = max(sheets, key=lambda s: sum(any(c.strip() for c in r) for r in s[1]))
    warnings = []
    if len(sheets) > 1:
        others = ", ".join(t for t, _ in sheets if t != title)
        warnings.append(messages.text("warn_other_sheets", sheet=title, others=others))
    return Extracted(_table(rows, name, title), metadata={"sheet": title}, warnings=warnings)


def sheet_rows(ws: object, name: str, *, cells: bool = True) -> Iterator[list[object]]:
    """A read-only sheet's rows by its real cells, never by its declared ``<dimension>``.

    openpyxl pads every row to the declared width and fills every row up to the declared height: a
    4.7 KB file declaring ``A1:XFD1048576`` became 17 billion cells (23.8 GB before the kernel killed
    ``import``). Here a row is as long as its last non-blank cell, blank rows before a row with content
    come out as ``[]`` (row numbers still match the sheet), blank rows after the last one not at all,
    and ``limits.CellCounter`` refuses the sheet as soon as its content is over the limits
    (``cells=False``: width only, for streaming readers). Uses openpyxl's row parser directly
    (``WorkSheetParser``, openpyxl 3.1), the same one ``iter_rows`` uses, so cell values are identical.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    counter = limits.CellCounter(name, cells=cells)
    book = ws.parent  # type: ignore[attr-defined]
    with ws._get_source() as src:  # type: ignore[attr-defined]
        parser = WorkSheetParser(src, ws._shared_strings, data_only=book.data_only, epoch=book.epoch,  # type: ignore[attr-defined]
                                 date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
        emitted = 0
        for number, row in parser.parse():
            filled = [c for c in row if c["value"] is not None and str(c["value"]).strip()]
            if not filled:
                continue
            width = max(c["column"] for c in filled)
            counter.add(number, width)
            if number % 10_000 == 0:
                limits.check_time()
            values: list[object] = [None] * width
            for c in row:
                if 1 <= c["column"] <= width:
                    values[c["column"] - 1] = c["value"]
            while emitted < number - 1:
                emitted += 1
                yield []
            emitted = number
            yield values
