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

from focusgroup.errors import UserError
from focusgroup.records import ParsedSource, Quote, Source, Speaker
from focusgroup.store.analysis import AnalysisMixin
from focusgroup.store.derived import DerivedTextMixin
from focusgroup.store.history import HistoryMixin
from focusgroup.store.keyfile import key_files
from focusgroup.store.migrations import MIGRATIONS, SCHEMA_VERSION
from focusgroup.store.ner_cache import NerCacheMixin
from focusgroup.store.safety import DuplicateSourceError, SafetyMixin, create_private
from focusgroup.store.work import WorkMixin

SIDE_FILES = ("-wal", "-shm", "-journal")


class ProjectError(UserError):
    """The project file cannot be used (not a project, newer schema, ...); texts: ``messages.problems``."""


class Project(AnalysisMixin, DerivedTextMixin, HistoryMixin, NerCacheMixin, SafetyMixin, WorkMixin):
    """The one door to a project's SQLite file: every SQL statement of focusgroup lives in this package.

    The connection is private (``_conn``) so features add a method here (or a module in
    ``focusgroup.store``) instead of writing SQL where they are; ``tests/test_store_sql.py`` fails on
    an ``.execute(`` anywhere else.
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError("project_missing", path=self.path)
        create_private(self.path)  # raw texts with CPR numbers: owner-only, whatever the umask
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves (see transaction()).
            self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            self.mark_interrupted_runs()  # a killed analyze's run: failed, and said so (interrupted_runs)
        except sqlite3.DatabaseError as exc:
            raise ProjectError("project_invalid", path=self.path, detail=str(exc)) from exc

    # -- lifecycle -------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProjectError("project_newer", path=self.path, version=version, supported=SCHEMA_VERSION)
        for number in range(version, SCHEMA_VERSION):
            try:
                self._conn.executescript(
                    "BEGIN IMMEDIATE;" + MIGRATIONS[number] + f";PRAGMA user_version={number + 1};COMMIT;"
                )
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._conn.close()

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
        if self._conn.in_transaction:
            yield self._conn
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    # -- settings --------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
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
        """Store a parsed file whole: its source, speakers and quotes in one transaction.

        A quote whose text is not the source text at its offsets is refused (everything rolls back):
        exports and REFI-QDA selections rely on ``source.text[q.start:q.end] == q.text``.
        """
        src = parsed.source
        with self.transaction() as conn:
            src.id = self.add_source(src)
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
            self._insert_quotes(src, speaker_ids, parsed.quotes, src.text, 0)
        return src.id

    def add_source(self, src: Source) -> int:
        """Store a source row alone (text may be "" and grow by ``append_source_text``); returns its id."""
        with self.transaction() as conn:
            try:  # sha256 is unique (migration 4): the duplicate check is atomic with the insert
                cur = conn.execute(
                    "INSERT INTO sources(name, kind, format, encoding, sha256, text, metadata) VALUES (?,?,?,?,?,?,?)",
                    (src.name, src.kind, src.format, src.encoding, src.sha256, src.text, _dump(src.metadata)),
                )
            except sqlite3.IntegrityError as exc:
                row = conn.execute("SELECT name FROM sources WHERE sha256=?", (src.sha256,)).fetchone()
                raise DuplicateSourceError(src.name, row[0] if row else "?") from exc
            src.id = int(cur.lastrowid)
        return src.id

    def append_source_text(self, source_id: int, text: str) -> None:
        """Append to a source's text. SQLite rewrites the whole value, so callers append in large pieces
        (batch: ~4 MB) rather than per row: per 1,000-row chunk it would write the text ~n²/2 times."""
        with self.transaction() as conn:
            conn.execute("UPDATE sources SET text = text || ? WHERE id=?", (text, source_id))

    def append_quotes(self, source_id: int, quotes: list[Quote], text: str, offset: int) -> list[int]:
        """Bulk-append quotes (and their speakers, as needed) to a stored source, in one transaction.

        ``text`` is the piece of the source text that starts at ``offset`` and holds these quotes
        (their offsets are into the whole source text): each quote is checked against it as
        ``add_parsed`` checks, before any row is written. Batch stores 100,000 answers this way,
        chunk by chunk, while the source text is appended in larger pieces.
        """
        src = self.source_row(source_id)
        with self.transaction() as conn:
            names = sorted({q.speaker for q in quotes})
            roles = {q.speaker: q.role for q in quotes}
            conn.executemany("INSERT OR IGNORE INTO speakers(source_id, name, role) VALUES (?,?,?)",
                             [(source_id, n, roles[n]) for n in names])
            speaker_ids: dict[str, int] = {}
            for i in range(0, len(names), 500):  # SQLite's variable limit; a batch chunk has ~1,000 names
                part = names[i : i + 500]
                speaker_ids.update(conn.execute(
                    f"SELECT name, id FROM speakers WHERE source_id=? AND name IN ({','.join('?' * len(part))})",
                    (source_id, *part),
                ).fetchall())
            self._insert_quotes(src, speaker_ids, quotes, text, offset)
        return [int(q.id) for q in quotes if q.id is not None]

    def _insert_quotes(self, src: Source, speaker_ids: dict[str, int], quotes: list[Quote], text: str,
                       offset: int) -> None:
        for q in quotes:
            if text[q.start - offset : q.end - offset] != q.text or q.start < offset:
                raise ProjectError("project_quote_mismatch", source=src.name, start=q.start, end=q.end)
        for q in quotes:
            cur = self._conn.execute(
                'INSERT INTO quotes(source_id, speaker_id, turn, part, start, "end", text, timestamp, '
                "column_name, informative, metadata) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (src.id, speaker_ids[q.speaker], q.turn, q.part, q.start, q.end, q.text, q.timestamp,
                 q.column, int(q.informative), _dump(q.metadata)),
            )
            q.id, q.source_id, q.source_name = int(cur.lastrowid), src.id, src.name

    def source_row(self, source_id: int) -> Source:
        """A source without its text (cheap for a batch source of many megabytes)."""
        row = self._conn.execute(
            "SELECT id, name, kind, format, encoding, sha256, '' AS text, metadata FROM sources WHERE id=?",
            (source_id,),
        ).fetchone()
        if row is None:
            raise ProjectError("project_no_source", path=self.path, source_id=source_id)
        return _source(row)

    def rename_source(self, source_id: int, name: str, metadata: dict[str, Any] | None = None) -> None:
        """Change a source's shown name (and, when given, replace its metadata)."""
        with self.transaction() as conn:
            if metadata is None:
                conn.execute("UPDATE sources SET name=? WHERE id=?", (name, source_id))
            else:
                conn.execute("UPDATE sources SET name=?, metadata=? WHERE id=?", (name, _dump(metadata), source_id))

    def sources(self) -> list[Source]:
        rows = self._conn.execute("SELECT * FROM sources ORDER BY id").fetchall()
        return [_source(r) for r in rows]

    def sources_imported_after(self, when: str) -> set[int]:
        """Ids of the sources imported strictly after ``when`` (a run's ``started_at``, same clock)."""
        rows = self._conn.execute("SELECT id FROM sources WHERE imported_at > ?", (when,)).fetchall()
        return {r["id"] for r in rows}

    def source(self, source_id: int) -> Source:
        row = self._conn.execute("SELECT * FROM sources WHERE id=?", (source_id,)).fetchone()
        if row is None:
            raise ProjectError("project_no_source", path=self.path, source_id=source_id)
        return _source(row)

    def delete_source(self, source_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sources WHERE id=?", (source_id,))

    def speakers(self, source_id: int | None = None) -> list[Speaker]:
        sql, args = "SELECT * FROM speakers", ()
        if source_id is not None:
            sql, args = sql + " WHERE source_id=?", (source_id,)
        rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
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
        rows = self._conn.execute(sql + " ORDER BY q.source_id, q.turn, q.part, q.id", args).fetchall()
        return [_quote(r) for r in rows]

    def counts(self) -> dict[str, int]:
        one = self._conn.execute
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
