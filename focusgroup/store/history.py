"""Store methods behind undo/redo: the run as it was before an edit, and the undone flag on edits.

A snapshot is the run's theme rows and assignment rows as JSON (a few hundred KB for 10k quotes), taken
before each edit; undo writes it back with the same theme ids, so nothing that points at a theme id
(memos, the app's open theme) goes stale. Undone edits stay in the log, flagged, until a new edit is
made (then they are dropped, as in every editor's linear undo).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

_THEME_COLUMNS = ("id", "run_id", "topic", "label", "keywords", "size", "n_speakers", "n_sources",
                  "representative", "parent_id", "description", "memo")


class HistoryMixin:
    _conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    def run_snapshot(self, run_id: int) -> dict[str, Any]:
        """The run's theme and assignment rows, ready for ``restore_run``."""
        themes = self._conn.execute(
            f"SELECT {', '.join(_THEME_COLUMNS)} FROM themes WHERE run_id=? ORDER BY id", (run_id,)).fetchall()
        assignments = self._conn.execute(
            'SELECT run_id, quote_id, theme_id, probability, "by" FROM assignments WHERE run_id=? ORDER BY quote_id',
            (run_id,)).fetchall()
        return {"themes": [list(r) for r in themes], "assignments": [list(r) for r in assignments]}

    def save_edit_snapshot(self, edit_id: int, run_id: int, snapshot: dict[str, Any]) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO edit_snapshots(edit_id, run_id, state) VALUES (?,?,?)",
                         (edit_id, run_id, json.dumps(snapshot, ensure_ascii=False)))

    def edit_snapshot(self, edit_id: int) -> tuple[int, dict[str, Any]] | None:
        row = self._conn.execute("SELECT run_id, state FROM edit_snapshots WHERE edit_id=?", (edit_id,)).fetchone()
        return None if row is None else (row["run_id"], json.loads(row["state"]))

    def restore_run(self, run_id: int, snapshot: dict[str, Any]) -> None:
        """Put a run's themes and assignments back exactly as in ``snapshot`` (same theme ids)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM assignments WHERE run_id=?", (run_id,))
            conn.execute("UPDATE themes SET parent_id=NULL WHERE run_id=?", (run_id,))
            conn.execute("DELETE FROM themes WHERE run_id=?", (run_id,))
            rows = snapshot["themes"]
            marks = ",".join("?" * len(_THEME_COLUMNS))
            # parents first: children reference them
            conn.executemany(f"INSERT INTO themes({', '.join(_THEME_COLUMNS)}) VALUES ({marks})",
                             [[*r[:9], None, *r[10:]] for r in rows])
            conn.executemany("UPDATE themes SET parent_id=? WHERE id=?",
                             [(r[9], r[0]) for r in rows if r[9] is not None])
            conn.executemany('INSERT INTO assignments(run_id, quote_id, theme_id, probability, "by") '
                             "VALUES (?,?,?,?,?)", snapshot["assignments"])

    def edit_log(self) -> list[dict[str, Any]]:
        """Every edit, undone ones included, oldest first (the app's edit history)."""
        rows = self._conn.execute("SELECT * FROM edits ORDER BY id").fetchall()
        return [dict(r) | {"payload": json.loads(r["payload"]), "undone": bool(r["undone"])} for r in rows]

    def set_edit_undone(self, edit_id: int, undone: bool) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE edits SET undone=? WHERE id=?", (int(undone), edit_id))

    def drop_undone_edits(self) -> int:
        """Forget the redo list (called when a new edit is made)."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM edits WHERE undone=1").rowcount
