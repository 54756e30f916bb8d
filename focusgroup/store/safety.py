"""Crash and concurrency safety of a project: one source per file content, no run left ``running``,
project files readable by their owner only.

Two ``focusgroup import`` runs into one project at once stored 44 sources instead of 30: each checked
"already in the project" before either had written. Migration 4 makes ``sources.sha256`` unique per
project, so the second insert fails inside its own write transaction and is reported as a duplicate
(``DuplicateSourceError``), whoever wins the race.

A killed ``analyze`` left its run ``running`` forever. A run records the process that owns it
(``run_owner``); opening the project marks a ``running`` run failed when that process is gone (same
host) and keeps the ids in ``Project.interrupted_runs`` so the CLI and the app can say so. A run on
another host is left alone: its process cannot be checked from here.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from contextlib import AbstractContextManager, suppress
from pathlib import Path
from typing import Any

from focusgroup.errors import UserError


class DuplicateSourceError(UserError):
    """The file's exact bytes are already in the project (found inside the write transaction)."""

    def __init__(self, name: str, existing: str) -> None:
        super().__init__("warn_already_imported", source=name, existing=existing)


def create_private(path: Path) -> None:
    """Create an empty project file 0600 if there is none: SQLite creates its WAL and SHM files with
    the database file's mode, so the whole project stays readable by its owner only (was 0644)."""
    if path.exists() or not path.parent.is_dir():
        return  # an existing file keeps its mode; a missing folder is reported by SQLite as before
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def run_owner() -> dict[str, Any]:
    """What identifies the process running an analysis: stored in the run's params."""
    return {"pid": os.getpid(), "host": socket.gethostname()}


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this machine (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _stale(params: dict[str, Any]) -> bool:
    owner = params.get("owner") or {}
    if not owner.get("pid"):
        return True  # a run from before owners were recorded cannot still be running after an upgrade
    if owner.get("host") != socket.gethostname():
        return False
    return not process_alive(int(owner["pid"]))


class SafetyMixin:
    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:  # provided by Project
        raise NotImplementedError

    _conn: sqlite3.Connection
    interrupted_runs: list[int]

    def source_name_by_sha256(self, digest: str) -> str | None:
        """The name of the source holding exactly these bytes, if any."""
        with self.transaction() as conn:
            row = conn.execute("SELECT name FROM sources WHERE sha256=? ORDER BY id LIMIT 1", (digest,)).fetchone()
        return None if row is None else row[0]

    def mark_interrupted_runs(self) -> list[int]:
        """Mark ``running`` runs whose process is gone as failed; returns their ids (also kept on the project).

        Read first without a write lock: the app opens projects often, usually with nothing to mark.
        """
        rows = self._conn.execute("SELECT id, params FROM runs WHERE status='running'").fetchall()
        stale = [int(r[0]) for r in rows if _stale(json.loads(r[1] or "{}"))]
        if stale:
            try:
                with self.transaction() as conn:
                    conn.executemany("UPDATE runs SET status='failed', finished_at=datetime('now') "
                                     "WHERE id=? AND status='running'", [(i,) for i in stale])
            except sqlite3.OperationalError:  # a read-only project file: report, change nothing
                pass
        self.interrupted_runs = stale
        return stale

    def edits_after(self, edit_id: int) -> list[dict[str, Any]]:
        """Edits to replay logged after ``edit_id``, oldest first (what a run must replay before it finishes)."""
        return [e for e in self.edits() if e["id"] > edit_id]  # type: ignore[attr-defined]
