"""Store methods behind a batch re-run that keeps the researcher's work (``focusgroup.batch.carry``).

The work is read as plain rows from the project being replaced and written, with new quote ids, into the
project that replaces it; the carry logic (which answer is which, replaying the edits) stays in batch.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any


class WorkMixin:
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    def _rows(self, sql: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self._conn.execute(sql).fetchall()]

    def work_rows(self) -> dict[str, Any]:
        """The researcher's rows: edits (payload decoded), codes, codings, key quotes, memos, the replies a
        researcher set, and every setting (decoded)."""
        return {
            "edits": [e | {"payload": json.loads(e["payload"])} for e in self._rows("SELECT * FROM edits ORDER BY id")],
            "codes": self._rows("SELECT * FROM codes ORDER BY id"),
            "codings": self._rows("SELECT * FROM codings ORDER BY id"),
            "key_quotes": [r["quote_id"] for r in self._rows("SELECT quote_id FROM key_quotes")],
            "memos": self._rows("SELECT * FROM memos"),
            "replies": self._rows("SELECT * FROM replies WHERE by='researcher'"),
            "settings": {r["key"]: json.loads(r["value"]) for r in self._rows("SELECT key, value FROM settings")},
        }

    def restore_work(self, *, edits: list[dict], codes: list[dict], codings: list[dict], key_quotes: list[int],
                     replies: list[dict], settings: dict[str, Any]) -> None:
        """Write carried rows as they were (ids and dates kept); quote ids must already be the new ones."""
        with self.transaction() as conn:
            for e in edits:
                conn.execute("INSERT INTO edits(id, kind, payload, created_at, undone) VALUES (?,?,?,?,?)",
                             (e["id"], e["kind"], json.dumps(e["payload"], ensure_ascii=False), e["created_at"],
                              e["undone"]))
            for c in codes:
                conn.execute("INSERT INTO codes(id, name, description, parent_id, created_at) VALUES (?,?,?,?,?)",
                             (c["id"], c["name"], c["description"], c["parent_id"], c["created_at"]))
            for c in codings:
                conn.execute("INSERT INTO codings(quote_id, code_id, coder, origin, confidence, status, created_at) "
                             "VALUES (?,?,?,?,?,?,?)", (c["quote_id"], c["code_id"], c["coder"], c["origin"],
                                                        c["confidence"], c["status"], c["created_at"]))
            conn.executemany("INSERT OR IGNORE INTO key_quotes(quote_id) VALUES (?)", [(q,) for q in key_quotes])
            for r in replies:
                conn.execute("INSERT INTO replies(quote_id, needs_reply, reason, score, by, model) VALUES (?,?,?,?,?,?) "
                             "ON CONFLICT(quote_id) DO UPDATE SET needs_reply=excluded.needs_reply, "
                             "reason=excluded.reason, by='researcher'",
                             (r["quote_id"], r["needs_reply"], r["reason"], r["score"], "researcher", r["model"]))
            for key, value in settings.items():
                conn.execute("INSERT INTO settings(key, value) VALUES (?,?) ON CONFLICT(key) DO UPDATE SET "
                             "value=excluded.value", (key, json.dumps(value, ensure_ascii=False)))

    def restore_memo(self, target: str, key: str, text: str, updated_at: Any) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO memos(target, key, text, updated_at) VALUES (?,?,?,?)",
                         (target, key, text, updated_at))
