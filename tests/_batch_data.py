"""Batch test helper: a survey laid out chunk by chunk as batch lays it out, in one source text."""

from __future__ import annotations

from typing import Any

from focusgroup.batch.layout import layout_chunk, source_offset
from focusgroup.batch.reader import iter_chunks


def chunked_layout(info: Any, chunk_size: int) -> tuple[str, list[dict]]:
    """The joined source text and every quote (dict, offsets into that text) of ``info``'s table read in
    chunks of ``chunk_size`` rows; compare with import's ``build_survey`` of the whole table."""
    pieces, length, quotes = [], 0, []
    for chunk in iter_chunks(info, chunk_size):
        layout = layout_chunk(chunk, info)
        offset, sep = source_offset(length, layout.text)
        pieces.append(sep + layout.text)
        length = offset + len(layout.text)
        quotes += [{**q, "start": offset + q["start"], "end": offset + q["end"]} for q in layout.quotes]
    return "".join(pieces), quotes
