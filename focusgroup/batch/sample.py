"""The representative sample that themes are fitted on.

Bottom-k sampling over a keyed hash of the row number: a row is in the sample when its hash is
among the ``k`` smallest of all informative rows. That is a uniform random sample (so frequent
complaints weigh as much as they do in the data), it is the same for a given seed however the file
is chunked or the work distributed, and it needs one pass and memory for ``k`` rows only.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass, field


def row_key(seed: int, row: int) -> int:
    digest = hashlib.blake2b(f"{seed}:{row}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass
class SampleSelector:
    """Feed every informative row once (``offer``); ``rows()`` is the sample in file order."""

    size: int
    seed: int = 42
    _heap: list[tuple[int, int, str]] = field(default_factory=list)  # (-key, row, text): a max-heap
    seen: int = 0

    def offer(self, row: int, text: str) -> None:
        self.seen += 1
        if self.size <= 0:
            return
        item = (-row_key(self.seed, row), row, text)
        if len(self._heap) < self.size:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:  # a smaller key than the largest kept one
            heapq.heapreplace(self._heap, item)

    def rows(self) -> list[int]:
        return sorted(row for _, row, _ in self._heap)

    def texts(self) -> list[str]:
        return [text for _, _, text in sorted(self._heap, key=lambda item: item[1])]
