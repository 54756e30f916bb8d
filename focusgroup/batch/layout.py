"""Survey rows to quotes and source text, laid out exactly as ``focusgroup import`` lays them out.

``focusgroup.ingest.survey.build_survey`` needs the whole table (it numbers rows from 0 and guesses
the id column per table), so batch lays out one chunk at a time with the same building blocks
(``answer_block``, ``respondent_name``); ``tests/test_batch_reader.py`` checks
the result equals ``build_survey`` on the sample survey. Offsets are relative to the chunk's text;
``ChunkLayout.shift`` places them in the whole source text ("\\n\\n" between answer blocks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from focusgroup.batch.reader import Chunk, TableInfo
from focusgroup.ingest.passages import DEFAULT_MAX_CHARS
from focusgroup.ingest.survey import ANSWER_SEPARATOR as SEPARATOR
from focusgroup.ingest.survey import answer_block, respondent_name


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
    col = info.text_column
    text_i = info.header.index(col)
    id_i = info.header.index(info.id_column) if info.id_column else None
    meta = [(c, info.header.index(c)) for c in info.meta_columns]
    pieces: list[str] = []
    pos = 0
    quotes: list[dict[str, Any]] = []
    for offset, row in enumerate(chunk.rows):
        if not any(cell.strip() for cell in row):
            continue
        row_no = chunk.start_row + offset
        speaker = respondent_name(row[id_i] if id_i is not None else "", row_no)
        metadata = {c: row[i].strip() for c, i in meta}
        if pieces:
            pieces.append(SEPARATOR)
            pos += len(SEPARATOR)
        block, spans, informative = answer_block(speaker, col, row[text_i], max_chars)
        base = pos
        pieces.append(block)
        pos += len(block)
        for part, (s, e) in enumerate(spans):
            quotes.append({
                "text": block[s:e], "start": base + s, "end": base + e, "speaker": speaker, "turn": row_no,
                "part": part, "column": col, "informative": informative, "metadata": dict(metadata),
            })
    return ChunkLayout(chunk.index, "".join(pieces), quotes)


def source_offset(previous_length: int, text: str) -> tuple[int, str]:
    """Where a chunk's text starts in the whole source, and the separator to write before it."""
    if previous_length and text:
        return previous_length + len(SEPARATOR), SEPARATOR
    return previous_length, ""
