"""A project: one SQLite file holding sources, speakers, quotes and everything derived from them.

One file per study keeps sharing, backup and deletion simple (a researcher can delete a study and
know that its personal data is gone). WAL mode lets the app read while an analysis writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from focusgroup.records import ParsedSource, Quote, Source, Speaker
from focusgroup.store.analysis import AnalysisMixin
from focusgroup.store.migrations import MIGRATIONS, SCHEMA_VERSION

SIDE_FILES = ("-wal", "-shm", "-journal")


class ProjectError(Exception):
    """The project file cannot be used (not a project, newer schema, ...)."""


class Project(AnalysisMixin):
    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(f"{self.path}: no such project")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (see transaction()).
            self.conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{self.path}: not a focusgroup project ({exc})") from exc

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError(
                f"{self.path}: made by a newer focusgroup (schema {version} > {SCHEMA_VERSION}); upgrade first"
            )
        for number in range(version, SCHEMA_VERSION):
            try:
                self.conn.executescript(
                    "BEGIN IMMEDIATE;" + MIGRATIONS[number] + f";PRAGMA user_version={number + 1};COMMIT;"
                )
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def delete(path: str | Path) -> None:
        """Remove the project file and its side files (WAL, keys), i.e. all of the study's data."""
        path = Path(path)
        for candidate in [path, *(path.with_name(path.name + s) for s in SIDE_FILES), *key_files(path)]:
            candidate.unlink(missing_ok=True)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Everything inside commits together or not at all, so a failure never leaves half a write."""
        if self.conn.in_transaction:
            yield self.conn
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- settings --------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # -- sources, speakers, quotes ---------------------------------------------------------

    def add_parsed(self, parsed: ParsedSource) -> int:
        src = parsed.source
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO sources(name, kind, format, encoding, sha256, text, metadata) VALUES (?,?,?,?,?,?,?)",
                (src.name, src.kind, src.format, src.encoding, src.sha256, src.text, _dump(src.metadata)),
            )
            src.id = int(cur.lastrowid)
            speaker_ids: dict[str, int] = {}
            roles = {sp.name: sp.role for sp in parsed.speakers}
            roles.update({q.speaker: q.role for q in parsed.quotes if q.speaker not in roles})
            for name, role in roles.items():
                cur = conn.execute(
                    "INSERT INTO speakers(source_id, name, role) VALUES (?,?,?)", (src.id, name, role)
                )
                speaker_ids[name] = int(cur.lastrowid)
            for sp in parsed.speakers:
                sp.id, sp.source_id = speaker_ids[sp.name], src.id
            for q in parsed.quotes:
                if src.text[q.start : q.end] != q.text:
                    raise ProjectError(f"{src.name}: quote at {q.start}-{q.end} does not match the source text")
                cur = conn.execute(
                    'INSERT INTO quotes(source_id, speaker_id, turn, part, start, "end", text, timestamp, '
                    "column_name, informative, metadata) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (src.id, speaker_ids[q.speaker], q.turn, q.part, q.start, q.end, q.text, q.timestamp,
                     q.column, int(q.informative), _dump(q.metadata)),
                )
                q.id, q.source_id, q.source_name = int(cur.lastrowid), src.id, src.name
        return src.id

    def sources(self) -> list[Source]:
        rows = self.conn.execute("SELECT * FROM sources ORDER BY id").fetchall()
        return [_source(r) for r in rows]

    def source(self, source_id: int) -> Source:
        row = self.conn.execute("SELECT * FROM sources WHERE id=?", (source_id,)).fetchone()
        if row is None:
            raise ProjectError(f"{self.path}: no source with id {source_id}")
        return _source(row)

    def delete_source(self, source_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE id=?", (source_id,))

    def speakers(self, source_id: int | None = None) -> list[Speaker]:
        sql, args = "SELECT * FROM speakers", ()
        if source_id is not None:
            sql, args = sql + " WHERE source_id=?", (source_id,)
        rows = self.conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Speaker(name=r["name"], role=r["role"], id=r["id"], source_id=r["source_id"]) for r in rows]

    def set_role(self, speaker_id: int, role: str) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE speakers SET role=? WHERE id=?", (role, speaker_id))

    def quotes(
        self,
        source_id: int | None = None,
        informative: bool | None = None,
        roles: Iterable[str] | None = None,
        ids: Iterable[int] | None = None,
    ) -> list[Quote]:
        where, args = [], []
        if source_id is not None:
            where.append("q.source_id=?")
            args.append(source_id)
        if informative is not None:
            where.append("q.informative=?")
            args.append(int(informative))
        if roles is not None:
            roles = list(roles)
            where.append(f"sp.role IN ({','.join('?' * len(roles))})")
            args.extend(roles)
        if ids is not None:
            ids = list(ids)
            where.append(f"q.id IN ({','.join('?' * len(ids))})")
            args.extend(ids)
        sql = (
            "SELECT q.*, sp.name AS speaker, sp.role AS role, s.name AS source_name FROM quotes q "
            "JOIN sources s ON s.id=q.source_id LEFT JOIN speakers sp ON sp.id=q.speaker_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.conn.execute(sql + " ORDER BY q.source_id, q.turn, q.part, q.id", args).fetchall()
        return [_quote(r) for r in rows]

    def counts(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "sources": one("SELECT count(*) FROM sources").fetchone()[0],
            "speakers": one("SELECT count(*) FROM speakers").fetchone()[0],
            "quotes": one("SELECT count(*) FROM quotes").fetchone()[0],
            "informative": one("SELECT count(*) FROM quotes WHERE informative=1").fetchone()[0],
            "runs": one("SELECT count(*) FROM runs WHERE status='done'").fetchone()[0],
            "themes": one(  # leaf themes: parent themes only group them
                "SELECT count(*) FROM themes t WHERE run_id=(SELECT max(id) FROM runs WHERE status='done') "
                "AND NOT EXISTS (SELECT 1 FROM themes c WHERE c.parent_id=t.id)"
            ).fetchone()[0],
            "embeddings": one("SELECT count(*) FROM embeddings").fetchone()[0],
        }


def key_files(path: Path) -> list[Path]:
    """Files that belong to a project besides the database itself (e.g. a pseudonymisation key)."""
    return sorted(path.parent.glob(path.name + ".*key*"))


def _dump(value: Any) -> str:
    return json.dumps(value or {}, ensure_ascii=False)


def _source(r: sqlite3.Row) -> Source:
    return Source(
        name=r["name"], text=r["text"], kind=r["kind"], format=r["format"], encoding=r["encoding"],
        sha256=r["sha256"], metadata=json.loads(r["metadata"]), id=r["id"],
    )


def _quote(r: sqlite3.Row) -> Quote:
    return Quote(
        text=r["text"], start=r["start"], end=r["end"], speaker=r["speaker"], role=r["role"], turn=r["turn"],
        part=r["part"], timestamp=r["timestamp"], column=r["column_name"], informative=bool(r["informative"]),
        metadata=json.loads(r["metadata"]), id=r["id"], source_id=r["source_id"], source_name=r["source_name"],
    )
