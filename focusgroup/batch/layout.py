"""Survey rows to quotes and source text, laid out exactly as ``focusgroup import`` lays them out.

``focusgroup.ingest.survey.build_survey`` needs the whole table (it numbers rows from 0 and guesses
the id column per table), so batch lays out one chunk at a time with the same building blocks
(``lay_out_rows``, with the chunk's first row number); ``tests/test_batch_reader.py`` checks
the result equals ``build_survey`` on the sample survey. Offsets are relative to the chunk's text;
``ChunkLayout.shift`` places them in the whole source text ("\\n\\n" between answer blocks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from focusgroup.batch.reader import Chunk, TableInfo
from focusgroup.ingest.passages import DEFAULT_MAX_CHARS
from focusgroup.ingest.survey import ANSWER_SEPARATOR as SEPARATOR
from focusgroup.ingest.survey import lay_out_rows


@dataclass
class ChunkLayout:
    """A chunk's source text and its quotes as plain dicts (JSON-ready, picklable, small)."""

    index: int
    text: str
    quotes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [q["text"] for q in self.quotes]

    @property
    def informative(self) -> list[bool]:
        return [q["informative"] for q in self.quotes]


def layout_chunk(chunk: Chunk, info: TableInfo, max_chars: int = DEFAULT_MAX_CHARS) -> ChunkLayout:
    """The chunk's rows laid out by ``import``'s own ``lay_out_rows``: per row, one answer block per free-text
    column in the order given, each answer's quotes naming their column (the question they answer)."""
    text, quotes = lay_out_rows(chunk.rows, info.header, info.text_columns, info.id_column,
                                start_row=chunk.start_row, max_chars=max_chars)
    return ChunkLayout(chunk.index, text, [
        {"text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker, "turn": q.turn, "part": q.part,
         "column": q.column, "informative": q.informative, "metadata": q.metadata}
        for q in quotes])


def source_offset(previous_length: int, text: str) -> tuple[int, str]:
    """Where a chunk's text starts in the whole source, and the separator to write before it."""
    if previous_length and text:
        return previous_length + len(SEPARATOR), SEPARATOR
    return previous_length, ""
