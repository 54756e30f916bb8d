"""Where a batch run's quote lives: its number across the run, its chunk and its index in the chunk.

The scan numbers the quotes 0..n-1 over all chunks (``run._scan``); the sample, the fit and the assign stage
name quotes by these numbers, and their texts and vectors are in per-chunk files (the checkpoint's layout
files, ``EmbeddingStore``). This module turns a list of numbers into chunk reads, each chunk file read once for
all of its numbers. Moved out of ``batch/run.py`` (session 19), which had grown past the ~400 lines a module has.
"""

from __future__ import annotations

import bisect

import numpy as np

from focusgroup.batch.checkpoint import Checkpoint
from focusgroup.batch.embed_store import EmbeddingStore


def locate(number: int, starts: list[int]) -> tuple[int, int]:
    """(chunk, index in the chunk) of quote ``number``; ``starts``: the first number of each chunk."""
    index = bisect.bisect_right(starts, number) - 1
    return index, number - starts[index]


def by_chunk(numbers: list[int], starts: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Global quote numbers grouped by chunk: {chunk: [(position in list, index in chunk)]}."""
    out: dict[int, list[tuple[int, int]]] = {}
    for pos, number in enumerate(numbers):
        index, local = locate(number, starts)
        out.setdefault(index, []).append((pos, local))
    return out


def texts_of(ck: Checkpoint, numbers: list[int], starts: list[int]) -> list[str]:
    """The texts of quotes ``numbers``, in their order, from the chunks' layout files."""
    texts = [""] * len(numbers)
    for index, items in by_chunk(numbers, starts).items():
        quotes = ck.load_chunk_json("layout", index)["quotes"]
        for pos, local in items:
            texts[pos] = quotes[local]["text"]
    return texts


def vectors_of(store: EmbeddingStore, numbers: list[int], starts: list[int]) -> np.ndarray:
    """The embeddings of quotes ``numbers``, one row each in their order, from the chunks' vector files."""
    out: np.ndarray | None = None
    for index, items in sorted(by_chunk(numbers, starts).items()):
        vecs = store.load(index)
        if out is None:
            out = np.zeros((len(numbers), vecs.shape[1]), dtype=np.float32)
        for pos, local in items:
            out[pos] = vecs[local]
    return out if out is not None else np.zeros((0, 1), dtype=np.float32)
