"""Limits on what one input file may cost: the defence against small files that unpack into huge ones.

A probe found a 4.7 KB .xlsx whose sheet declares ``A1:XFD1048576`` (17 billion cells) grow ``import``
to 23.8 GB until the kernel killed it, and a .docx whose ``document.xml`` inflates to 1.1 GB reach
2.3-7.8 GB. Every reader therefore checks, before it builds anything big:

- the file's size on disk (``file_mb``),
- for zip-based formats (docx, xlsx, odt, qdpx) the declared unpacked size of all members
  (``unpacked_mb``; ``xlsx_unpacked_mb`` for streamed sheets) and the compression ratio of each member (``zip_ratio``): zip readers stop at the
  declared size, so the declared size is what a reader can be made to inflate,
- rows x columns of a sheet counted from its real cells, never from its declared dimension
  (``sheet_cells``; ``batch`` streams rows, so it checks only the width, ``sheet_columns``),
- the length of a source's text (``text_chars``),
- and CPU time spent reading one file (``seconds``), checked by the readers as they go. CPU time, not
  wall time: on a shared, busy machine (load 12 on 2 cores) a good 3M-cell sheet took over 600 s of wall
  time and was refused; its CPU time stays the same whatever the load. The reading thread's CPU
  time: in the app, other sessions' work does not count against a file.

Each limit is declared once below with its help text and environment variable; ``focusgroup limits``
lists them. A refusal is a ``LimitError`` (an ``IngestError``) naming the file, the limit and the
variable that raises it, e.g. ``FOCUSGROUP_MAX_UNPACKED_MB=500 focusgroup import ...``. The defaults
keep peak memory of ``import`` under ~1.5 GB for any file up to the limits (bench/bench_hostile.py).
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from focusgroup import messages
from focusgroup.ingest.errors import IngestError


@dataclass(frozen=True)
class Limit:
    name: str
    env: str
    default: float
    help_da: str
    help_en: str

    def value(self) -> float:
        """The limit in force: the environment variable when set to a number, else the default."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            return self.default
        return value if value >= 0 else self.default


LIMITS: dict[str, Limit] = {
    lim.name: lim
    for lim in (
        Limit("file_mb", "FOCUSGROUP_MAX_FILE_MB", 100,
              "største inputfil i MB (batch læser csv i bidder og er undtaget)",
              "largest input file in MB (batch streams csv and is exempt)"),
        Limit("unpacked_mb", "FOCUSGROUP_MAX_UNPACKED_MB", 100,
              "største udpakkede størrelse i MB af en docx/odt/qdpx-fil",
              "largest unpacked size in MB of a docx/odt/qdpx file"),
        Limit("xlsx_unpacked_mb", "FOCUSGROUP_MAX_XLSX_UNPACKED_MB", 500,
              "største udpakkede størrelse i MB af en xlsx-fil (læses i strøm, så grænsen er højere)",
              "largest unpacked size in MB of an xlsx file (streamed, so the limit is higher)"),
        Limit("zip_ratio", "FOCUSGROUP_MAX_ZIP_RATIO", 200,
              "største pakningsforhold for en del over 1 MB i en zip-baseret fil",
              "largest compression ratio of a part over 1 MB in a zip-based file"),
        Limit("sheet_cells", "FOCUSGROUP_MAX_SHEET_CELLS", 5_000_000,
              "flest rækker x kolonner i et ark/csv, talt fra de udfyldte celler",
              "most rows x columns in a sheet/csv, counted from the filled cells"),
        Limit("sheet_columns", "FOCUSGROUP_MAX_SHEET_COLUMNS", 2_000,
              "flest kolonner i et ark (også for batch)",
              "most columns in a sheet (batch too)"),
        Limit("text_chars", "FOCUSGROUP_MAX_TEXT_CHARS", 20_000_000,
              "flest tegn tekst i én kilde",
              "most characters of text in one source"),
        Limit("seconds", "FOCUSGROUP_MAX_SECONDS", 600,
              "længste CPU-tid i sekunder til at læse én fil",
              "longest CPU time in seconds for reading one file"),
    )
}

UNPACKED_RATIO_FLOOR = 1 << 20  # a part under 1 MB unpacked cannot hurt, whatever its ratio


def value(name: str) -> float:
    return LIMITS[name].value()


class LimitError(IngestError):
    """A file refused by a limit; the text names the file, the limit and the variable that raises it."""

    def __init__(self, path: str | Path, code: str, **fields: object) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.code = code
        lim = LIMITS[str(fields["limit"])]
        self.fields = {"env": lim.env, "max": lim.value(), **fields, "name": self.name}
        # Numbers as each language writes them: 16.384 in Danish, 16,384 in English.
        self.problem = messages.text(code, "en", **_numbers(self.fields, "en"))
        self.problem_da = messages.text(code, "da", **_numbers(self.fields, "da"))
        Exception.__init__(self, f"{self.name}: {self.problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuild, (str(self.path), self.code, self.fields)


def _rebuild(path: str, code: str, fields: dict[str, object]) -> LimitError:
    return LimitError(path, code, **{k: v for k, v in fields.items() if k not in ("name",)})


def _fmt(number: float, lang: str = "da") -> str:
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "da" else text


def _numbers(fields: dict[str, object], lang: str) -> dict[str, object]:
    return {k: _fmt(v, lang) if isinstance(v, int | float) and not isinstance(v, bool) else v
            for k, v in fields.items()}


# -- checks --------------------------------------------------------------------------------


def check_file_size(path: Path) -> None:
    """Refuse a file larger than ``file_mb`` before reading a byte of it."""
    size = path.stat().st_size
    if size > value("file_mb") * 1e6:
        raise LimitError(path, "limit_file", limit="file_mb", size=size / 1e6)


def check_archive(source: bytes | Path, name: str | Path, limit: str = "unpacked_mb") -> None:
    """Refuse a zip whose declared unpacked size or per-part compression ratio is over the limits.

    Reads only the central directory (no member is inflated). A damaged zip passes here and is
    reported by the format's own reader. ``limit``: docx/odt/qdpx are parsed whole into a tree (a
    95 MB document.xml of formatted runs peaked at 1.35 GB), xlsx is streamed row by row (2M cells
    in ~0.5 GB), so xlsx has its own, higher limit (``xlsx_unpacked_mb``).
    """
    try:
        with zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    total = sum(i.file_size for i in infos)
    if total > value(limit) * 1e6:
        raise LimitError(name, "limit_unpacked", limit=limit, size=total / 1e6)
    ratio_max = value("zip_ratio")
    for info in infos:
        if info.file_size > UNPACKED_RATIO_FLOOR and info.file_size > ratio_max * max(info.compress_size, 1):
            raise LimitError(name, "limit_ratio", limit="zip_ratio", part=info.filename,
                             ratio=round(info.file_size / max(info.compress_size, 1)))


def check_text(length: int, name: str | Path) -> None:
    if length > value("text_chars"):
        raise LimitError(name, "limit_text", limit="text_chars", size=length)


class CellCounter:
    """Rows x columns of a table as it is read, by its real content: refuses as soon as it is over.

    ``cells`` is None for streaming readers (batch) that check only the width.
    """

    def __init__(self, name: str | Path, *, cells: bool = True) -> None:
        self.name = name
        self.rows = 0
        self.width = 0
        self.max_cells = value("sheet_cells") if cells else None
        self.max_columns = value("sheet_columns")

    def add(self, row_number: int, width: int) -> None:
        """Row ``row_number`` (1-based, counting blank rows before it) has content up to column ``width``."""
        if width > self.max_columns:
            raise LimitError(self.name, "limit_columns", limit="sheet_columns", size=width)
        self.rows = max(self.rows, row_number)
        self.width = max(self.width, width)
        if self.max_cells is not None and self.rows * self.width > self.max_cells:
            raise LimitError(self.name, "limit_cells", limit="sheet_cells", rows=self.rows, columns=self.width)


# -- time budget ---------------------------------------------------------------------------

_deadline: ContextVar[tuple[float, str] | None] = ContextVar("focusgroup_read_deadline", default=None)


@contextmanager
def time_budget(name: str | Path) -> Iterator[None]:
    """Readers inside this block may spend at most ``seconds``; ``check_time()`` enforces it."""
    token = _deadline.set((time.thread_time() + value("seconds"), str(name)))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise LimitError when the current file's time budget is spent (no-op outside ``time_budget``)."""
    current = _deadline.get()
    if current is not None and time.thread_time() >= current[0]:
        raise LimitError(current[1], "limit_time", limit="seconds")


def describe(lang: str | None = None) -> list[tuple[str, str, str, str]]:
    """(name, value in force, environment variable, help) for every limit, for ``focusgroup limits``."""
    en = (lang or messages.get_language()) == "en"
    return [(lim.name, _fmt(lim.value(), "en" if en else "da"), lim.env, lim.help_en if en else lim.help_da)
            for lim in LIMITS.values()]
