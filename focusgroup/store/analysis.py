"""Store methods for what analysis derives: runs, themes, assignments, sentiment, edits, memos, cache.

Kept apart from the source/quote methods so each file stays about one thing; ``Project`` mixes it in.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from focusgroup.records import Assignment, Sentiment, Theme


class AnalysisMixin:
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    # -- runs ------------------------------------------------------------------------------

    def start_run(self, params: dict[str, Any]) -> int:
        from focusgroup.store.safety import run_owner  # the process, so a killed run is found on next open

        params = params | {"owner": run_owner()}
        with self.transaction() as conn:
            # quotes stored later are new material for this run (themes.assign.new_quotes)
            params = params | {"last_quote_id": self.last_quote_id()}
            cur = conn.execute("INSERT INTO runs(params) VALUES (?)", (json.dumps(params, ensure_ascii=False),))
            return int(cur.lastrowid)

    def mark_run_material(self, run_id: int) -> None:
        """Every quote stored so far is this run's material, not new material (``themes.assign.new_quotes``): for
        a run that stores its quotes after ``start_run``, as ``batch`` does."""
        with self.transaction() as conn:
            row = conn.execute("SELECT params FROM runs WHERE id=?", (run_id,)).fetchone()
            params = json.loads(row[0]) if row and row[0] else {}
            params["last_quote_id"] = self.last_quote_id()
            conn.execute("UPDATE runs SET params=? WHERE id=?", (json.dumps(params, ensure_ascii=False), run_id))

    def last_quote_id(self) -> int:
        """The highest quote id (0 in an empty project): quotes are numbered in the order they are stored."""
        return int(self._conn.execute("SELECT coalesce(max(id), 0) FROM quotes").fetchone()[0])

    def finish_run(self, run_id: int, status: str = "done") -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET status=?, finished_at=datetime('now') WHERE id=?", (status, run_id))

    def latest_run_id(self) -> int | None:
        row = self._conn.execute("SELECT max(id) FROM runs WHERE status='done'").fetchone()
        return row[0]

    def runs(self) -> list[dict[str, Any]]:
        rows = self._conn.execute("SELECT * FROM runs ORDER BY id").fetchall()
        return [dict(r) | {"params": json.loads(r["params"])} for r in rows]

    def input_digest(self) -> str:
        """sha256 of everything an analysis reads from the project: every source (but when it was
        imported), speaker (name, role) and quote row (text, offsets, informative, metadata).

        ``pipeline.analysis_fingerprint`` combines it with the settings, models and code, so a
        re-analysis of an unchanged project can keep its last run instead of fitting it again."""
        h = hashlib.sha256()
        for table, skip in (("sources", {"imported_at"}), ("speakers", set()), ("quotes", set())):
            cur = self._conn.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608  (fixed names)
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c not in skip]
            h.update(repr((table, [cols[i] for i in keep])).encode())
            for row in cur:
                h.update(repr(tuple(row[i] for i in keep)).encode())
        return h.hexdigest()

    def content_digest(self, skip_tables: set[str], skip_settings: set[str]) -> str:
        """sha256 of every row of every table but ``skip_tables`` (caches) and the ``skip_settings`` keys:
        what the outputs are written from, so unchanged outputs need not be written again."""
        h = hashlib.sha256()
        tables = [r[0] for r in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        for table in (t for t in tables if t not in skip_tables):
            cur = self._conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')  # noqa: S608  (names from the schema)
            h.update(repr((table, [d[0] for d in cur.description])).encode())
            for row in cur:
                if table == "settings" and row["key"] in skip_settings:
                    continue
                h.update(repr(tuple(row)).encode())
        return h.hexdigest()

    def _run(self, run_id: int | None) -> int | None:
        return self.latest_run_id() if run_id is None else run_id

    # -- themes and assignments ------------------------------------------------------------

    def save_themes(self, run_id: int, themes: list[Theme]) -> list[int]:
        """Store themes; a negative ``parent_id`` (-1-i) points at ``themes[i]`` of the same call."""
        ids: list[int] = []
        with self.transaction() as conn:
            for t in themes:
                cur = conn.execute(
                    "INSERT INTO themes(run_id, topic, label, keywords, size, n_speakers, n_sources, "
                    "representative, description, memo) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (run_id, t.topic, t.label, _json(t.keywords), t.size, t.n_speakers, t.n_sources,
                     _json(t.representative_quote_ids), t.description, t.memo),
                )
                t.id, t.run_id = int(cur.lastrowid), run_id
                ids.append(t.id)
            for t in themes:
                if t.parent_id is not None:
                    parent = ids[-1 - t.parent_id] if t.parent_id < 0 else t.parent_id
                    t.parent_id = parent
                    conn.execute("UPDATE themes SET parent_id=? WHERE id=?", (parent, t.id))
        return ids

    def themes(self, run_id: int | None = None) -> list[Theme]:
        run_id = self._run(run_id)
        rows = self._conn.execute("SELECT * FROM themes WHERE run_id=? ORDER BY id", (run_id,)).fetchall()
        return [
            Theme(
                label=r["label"], keywords=json.loads(r["keywords"]), size=r["size"], n_speakers=r["n_speakers"],
                n_sources=r["n_sources"], representative_quote_ids=json.loads(r["representative"]),
                parent_id=r["parent_id"], description=r["description"], memo=r["memo"], topic=r["topic"],
                id=r["id"], run_id=r["run_id"],
            )
            for r in rows
        ]

    def update_theme(self, theme_id: int, **fields: Any) -> None:
        columns = {"label", "description", "memo", "keywords", "parent_id", "size", "n_speakers", "n_sources",
                   "representative_quote_ids"}
        unknown = set(fields) - columns
        if unknown:
            raise ValueError(f"unknown theme fields: {sorted(unknown)}")
        with self.transaction() as conn:
            for name, value in fields.items():
                column = "representative" if name == "representative_quote_ids" else name
                if name in {"keywords", "representative_quote_ids"}:
                    value = _json(value)
                conn.execute(f"UPDATE themes SET {column}=? WHERE id=?", (value, theme_id))

    def delete_themes(self, theme_ids: list[int]) -> None:
        """Remove themes; assignments to them go too (ON DELETE CASCADE), children lose their parent."""
        ids = list(theme_ids)
        if not ids:
            return
        with self.transaction() as conn:
            for part in _chunks(ids, 500):
                conn.execute(f"DELETE FROM themes WHERE id IN ({','.join('?' * len(part))})", part)

    def save_assignments(self, run_id: int, assignments: list[Assignment]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO assignments(run_id, quote_id, theme_id, probability, by) VALUES (?,?,?,?,?) "
                "ON CONFLICT(run_id, quote_id) DO UPDATE SET theme_id=excluded.theme_id, "
                "probability=excluded.probability, by=excluded.by",
                [(run_id, a.quote_id, a.theme_id, float(a.probability), a.by) for a in assignments],
            )

    def assignments(self, run_id: int | None = None) -> dict[int, Assignment]:
        run_id = self._run(run_id)
        rows = self._conn.execute("SELECT * FROM assignments WHERE run_id=?", (run_id,)).fetchall()
        return {
            r["quote_id"]: Assignment(r["quote_id"], r["theme_id"], r["probability"], r["by"]) for r in rows
        }

    def assigned_counts(self, run_id: int, *, parents: bool = False) -> dict[int, tuple[int, int, int]]:
        """theme id -> (quotes, distinct speakers, distinct sources) assigned to it in ``run_id``, in SQL
        (batch: 100,000 assignments are never loaded to count them). The same figures as
        ``stats.counts.ThemeCounts`` (size, speakers, sources): speakers are per source and never the
        moderator; ``tests/test_counts.py`` checks they agree. ``parents``: per parent theme, over the
        quotes assigned to any of its children (a speaker in two children counts once)."""
        group = "t.parent_id" if parents else "a.theme_id"
        rows = self._conn.execute(
            f"SELECT {group}, count(*), count(DISTINCT CASE WHEN s.role != 'moderator' THEN q.speaker_id END), "
            "count(DISTINCT q.source_id) "
            "FROM assignments a JOIN quotes q ON q.id=a.quote_id LEFT JOIN speakers s ON s.id=q.speaker_id "
            + ("JOIN themes t ON t.id=a.theme_id " if parents else "")
            + f"WHERE a.run_id=? AND {group} IS NOT NULL GROUP BY {group}", (run_id,)).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    # -- sentiment -------------------------------------------------------------------------

    def save_sentiments(self, sentiments: list[Sentiment]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO sentiments(quote_id, label, score, mixed, model) VALUES (?,?,?,?,?) "
                "ON CONFLICT(quote_id) DO UPDATE SET label=excluded.label, score=excluded.score, "
                "mixed=excluded.mixed, model=excluded.model",
                [(s.quote_id, s.label, float(s.score), int(s.mixed), s.model) for s in sentiments],
            )

    def sentiments(self) -> dict[int, Sentiment]:
        rows = self._conn.execute("SELECT * FROM sentiments").fetchall()
        return {
            r["quote_id"]: Sentiment(r["quote_id"], r["label"], r["score"], r["model"], bool(r["mixed"]))
            for r in rows
        }

    # -- researcher edits, memos, key quotes -----------------------------------------------

    def add_edit(self, kind: str, payload: dict[str, Any]) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO edits(kind, payload) VALUES (?,?)", (kind, json.dumps(payload, ensure_ascii=False))
            )
            return int(cur.lastrowid)

    def edits(self) -> list[dict[str, Any]]:
        """The edits to replay, oldest first (undone ones are left out; see store/history.py)."""
        rows = self._conn.execute("SELECT * FROM edits WHERE undone=0 ORDER BY id").fetchall()
        return [dict(r) | {"payload": json.loads(r["payload"])} for r in rows]

    def set_memo(self, target: str, key: str, text: str) -> None:
        with self.transaction() as conn:
            if text:
                conn.execute(
                    "INSERT INTO memos(target, key, text) VALUES (?,?,?) ON CONFLICT(target, key) "
                    "DO UPDATE SET text=excluded.text, updated_at=datetime('now')",
                    (target, str(key), text),
                )
            else:
                conn.execute("DELETE FROM memos WHERE target=? AND key=?", (target, str(key)))

    def memos(self, target: str | None = None) -> dict[tuple[str, str], str]:
        sql, args = "SELECT target, key, text FROM memos", ()
        if target is not None:
            sql, args = sql + " WHERE target=?", (target,)
        return {(r["target"], r["key"]): r["text"] for r in self._conn.execute(sql, args)}

    def set_key_quote(self, quote_id: int, flag: bool = True) -> None:
        with self.transaction() as conn:
            if flag:
                conn.execute("INSERT OR IGNORE INTO key_quotes(quote_id) VALUES (?)", (quote_id,))
            else:
                conn.execute("DELETE FROM key_quotes WHERE quote_id=?", (quote_id,))

    def key_quotes(self) -> set[int]:
        return {r[0] for r in self._conn.execute("SELECT quote_id FROM key_quotes")}

    # -- embedding cache -------------------------------------------------------------------

    def cached_embeddings(self, backend: str, model: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for chunk in _chunks(list(dict.fromkeys(hashes)), 500):
            rows = self._conn.execute(
                f"SELECT text_hash, vector FROM embeddings WHERE backend=? AND model=? "
                f"AND text_hash IN ({','.join('?' * len(chunk))})",
                (backend, model, *chunk),
            )
            for h, blob in rows:
                found[h] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def cache_embeddings(self, backend: str, model: str, vectors: dict[str, np.ndarray]) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO embeddings(backend, model, text_hash, dim, vector) VALUES (?,?,?,?,?)",
                [
                    (backend, model, h, int(v.shape[-1]), np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in vectors.items()
                ],
            )


def _json(value: Any) -> str:
    return json.dumps(list(value or []), ensure_ascii=False)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
