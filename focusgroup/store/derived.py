"""Store methods for texts derived from the quotes: pseudonymised quotes/speakers and the lemma cache.

Kept apart from ``project.py`` (sources, quotes) and ``analysis.py`` (runs, themes) so each file stays
about one thing; ``Project`` mixes it in. The pseudonymised texts are what the app and every export
show (``focusgroup.privacy``); the lemma cache saves re-lemmatising unchanged quotes on re-analysis
(``focusgroup.themes.text``), keyed like the embedding cache by (pipeline, text hash).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager

CHUNK = 500  # ids per IN (...) query: below SQLite's variable limit on every build


class DerivedTextMixin:
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    # -- pseudonymised texts ---------------------------------------------------------------

    def pseudonymized_quotes(self, ids: Iterable[int] | None = None) -> dict[int, str]:
        """quote id -> stored pseudonymised text (all of them, or only ``ids``)."""
        if ids is None:
            return dict(self._conn.execute("SELECT quote_id, text FROM pseudonymized_quotes").fetchall())
        found: dict[int, str] = {}
        for part in _chunks(list(dict.fromkeys(ids))):
            found.update(self._conn.execute(
                f"SELECT quote_id, text FROM pseudonymized_quotes WHERE quote_id IN ({','.join('?' * len(part))})",
                part,
            ).fetchall())
        return found

    def pseudonymized_speakers(self) -> dict[str, str]:
        """Real speaker name -> stored pseudonym."""
        return dict(self._conn.execute(
            "SELECT sp.name, ps.name FROM pseudonymized_speakers ps JOIN speakers sp ON sp.id = ps.speaker_id"
        ).fetchall())

    def replace_pseudonymized(self, quotes: Iterable[tuple[int, str]], speakers: Iterable[tuple[int, str]]) -> None:
        """Replace every stored pseudonymised quote and speaker at once ((quote id, text), (speaker id, name))."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM pseudonymized_quotes")
            conn.execute("DELETE FROM pseudonymized_speakers")
            conn.executemany("INSERT INTO pseudonymized_quotes(quote_id, text) VALUES (?, ?)", list(quotes))
            conn.executemany("INSERT INTO pseudonymized_speakers(speaker_id, name) VALUES (?, ?)", list(speakers))

    def add_pseudonymized_quotes(self, quotes: Iterable[tuple[int, str]]) -> None:
        """Store (quote id, pseudonymised text) pairs for quotes added since (batch: chunk by chunk)."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO pseudonymized_quotes(quote_id, text) VALUES (?, ?)", list(quotes))

    # -- lemma cache -----------------------------------------------------------------------

    def cached_lemmas(self, pipeline: str, hashes: Iterable[str]) -> dict[str, str]:
        """text hash -> lemma string, for the hashes this pipeline has lemmatised before."""
        found: dict[str, str] = {}
        for part in _chunks(list(dict.fromkeys(hashes))):
            found.update(self._conn.execute(
                f"SELECT text_hash, lemmas FROM lemma_cache WHERE pipeline=? AND text_hash IN "
                f"({','.join('?' * len(part))})",
                (pipeline, *part),
            ).fetchall())
        return found

    def cache_lemmas(self, pipeline: str, lemmas: dict[str, str]) -> None:
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO lemma_cache(pipeline, text_hash, lemmas) VALUES (?,?,?)",
                             [(pipeline, h, lem) for h, lem in lemmas.items()])


def _chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
