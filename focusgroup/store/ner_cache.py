"""Store methods for the NER span cache (migration 8): the person-name spans found per text and model.

The transformer NER is the costliest step of pseudonymisation; ``focusgroup.privacy`` reads these
before running it, so analyze, export and the app never tag the same text twice with the same model.
Spans are character offsets ``[[start, end], ...]`` into the exact text whose SHA-256 is the key.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from contextlib import AbstractContextManager

from focusgroup.store.derived import _chunks


class NerCacheMixin:
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    def cached_ner_spans(self, model: str, hashes: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """text hash -> spans, for the hashes ``model`` has tagged before."""
        found: dict[str, list[tuple[int, int]]] = {}
        for part in _chunks(list(dict.fromkeys(hashes))):
            rows = self._conn.execute(
                f"SELECT text_hash, spans FROM ner_spans WHERE model=? AND text_hash IN ({','.join('?' * len(part))})",
                (model, *part),
            ).fetchall()
            found.update((h, [(int(s), int(e)) for s, e in json.loads(spans)]) for h, spans in rows)
        return found

    def cache_ner_spans(self, model: str, spans: dict[str, list[tuple[int, int]]]) -> None:
        if not spans:
            return
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO ner_spans(model, text_hash, spans) VALUES (?,?,?)",
                [(model, h, json.dumps([list(s) for s in sp])) for h, sp in spans.items()],
            )
