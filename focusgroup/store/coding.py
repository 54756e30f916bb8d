"""Store functions for codes and codings: one coder's code on one quote, with where it came from.

A coding carries its coder (the researcher's name, or ``MACHINE_CODER`` for suggestions) so two
researchers' work can be compared (focusgroup.stats.agreement) and the tool's proposals kept apart
from what a person decided. Suggestions are codings by ``MACHINE_CODER`` with a confidence and a review
status: ``open`` until reviewed, ``active`` once accepted, ``rejected`` when turned down (kept, so the
same proposal is not made again). Functions take the ``Project`` so ``project.py`` stays about sources.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

MACHINE_CODER = "focusgroup"
ORIGINS = ("manual", "suggestion", "import")


@dataclass
class Code:
    name: str
    description: str = ""
    parent_id: int | None = None
    id: int | None = None


@dataclass
class Coding:
    quote_id: int
    code_id: int
    coder: str
    origin: str = "manual"
    confidence: float | None = None
    status: str = "active"
    id: int | None = None
    code: str = ""  # the code's name (filled by queries)


# -- codes ----------------------------------------------------------------------------------


def add_code(project: Any, name: str, description: str = "", parent: str | None = None) -> int:
    """The id of code ``name``, created when missing (a description given later fills an empty one)."""
    name = name.strip()
    if not name:
        raise ValueError("a code needs a name")
    parent_id = add_code(project, parent) if parent else None
    with project.transaction() as conn:
        row = conn.execute("SELECT id, description, parent_id FROM codes WHERE name=?", (name,)).fetchone()
        if row is not None:
            if description and not row["description"]:
                conn.execute("UPDATE codes SET description=? WHERE id=?", (description, row["id"]))
            if parent_id is not None and row["parent_id"] is None and parent_id != row["id"]:
                conn.execute("UPDATE codes SET parent_id=? WHERE id=?", (parent_id, row["id"]))
            return int(row["id"])
        cur = conn.execute("INSERT INTO codes(name, description, parent_id) VALUES (?,?,?)",
                           (name, description, parent_id))
        return int(cur.lastrowid)


def codes(project: Any) -> list[Code]:
    rows = project._conn.execute("SELECT * FROM codes ORDER BY id").fetchall()
    return [Code(r["name"], r["description"], r["parent_id"], r["id"]) for r in rows]


def code_by_name(project: Any, name: str) -> Code | None:
    r = project._conn.execute("SELECT * FROM codes WHERE name=?", (name.strip(),)).fetchone()
    return None if r is None else Code(r["name"], r["description"], r["parent_id"], r["id"])


# -- codings --------------------------------------------------------------------------------


def add_coding(project: Any, quote_id: int, code: str | int, coder: str, origin: str = "manual",
               confidence: float | None = None, status: str = "active") -> int:
    """Code a quote; coding the same quote with the same code again by the same coder updates it."""
    if origin not in ORIGINS:
        raise ValueError(f"unknown origin {origin!r}")
    code_id = code if isinstance(code, int) else add_code(project, code)
    with project.transaction() as conn:
        if conn.execute("SELECT 1 FROM quotes WHERE id=?", (quote_id,)).fetchone() is None:
            raise KeyError(quote_id)
        cur = conn.execute(
            "INSERT INTO codings(quote_id, code_id, coder, origin, confidence, status) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(quote_id, code_id, coder) DO UPDATE SET origin=excluded.origin, "
            "confidence=excluded.confidence, status=excluded.status RETURNING id",
            (quote_id, code_id, coder, origin, confidence, status),
        )
        return int(cur.fetchone()[0])


def remove_coding(project: Any, quote_id: int, code: str, coder: str) -> bool:
    with project.transaction() as conn:
        cur = conn.execute(
            "DELETE FROM codings WHERE quote_id=? AND coder=? AND code_id=(SELECT id FROM codes WHERE name=?)",
            (quote_id, coder, code),
        )
        return cur.rowcount > 0


def codings(project: Any, coder: str | None = None, statuses: tuple[str, ...] | None = None,
            quote_ids: list[int] | None = None) -> list[Coding]:
    """Codings (with the code's name), filtered by coder, status and quotes; oldest first."""
    where, args = [], []
    if coder is not None:
        where.append("c.coder=?")
        args.append(coder)
    if statuses:
        where.append(f"c.status IN ({','.join('?' * len(statuses))})")
        args.extend(statuses)
    if quote_ids is not None:
        where.append(f"c.quote_id IN ({','.join('?' * len(quote_ids))})")
        args.extend(quote_ids)
    sql = "SELECT c.*, k.name AS code FROM codings c JOIN codes k ON k.id=c.code_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = project._conn.execute(sql + " ORDER BY c.id", args).fetchall()
    return [_coding(r) for r in rows]


def coders(project: Any) -> list[str]:
    """Coders in the order they first coded; the machine's suggestions last."""
    rows = project._conn.execute("SELECT coder FROM codings GROUP BY coder ORDER BY min(id)").fetchall()
    names = [r[0] for r in rows]
    return [n for n in names if n != MACHINE_CODER] + [n for n in names if n == MACHINE_CODER]


def set_status(project: Any, coding_id: int, status: str) -> None:
    with project.transaction() as conn:
        conn.execute("UPDATE codings SET status=? WHERE id=?", (status, coding_id))


def clear_open_suggestions(project: Any) -> int:
    """Drop open (unreviewed) suggestions before proposing afresh; reviewed ones stay."""
    with project.transaction() as conn:
        cur = conn.execute("DELETE FROM codings WHERE coder=? AND status='open'", (MACHINE_CODER,))
        return cur.rowcount


def coding(project: Any, coding_id: int) -> Coding | None:
    r = project._conn.execute(
        "SELECT c.*, k.name AS code FROM codings c JOIN codes k ON k.id=c.code_id WHERE c.id=?", (coding_id,)
    ).fetchone()
    return None if r is None else _coding(r)


def _coding(r: sqlite3.Row) -> Coding:
    return Coding(quote_id=r["quote_id"], code_id=r["code_id"], coder=r["coder"], origin=r["origin"],
                  confidence=r["confidence"], status=r["status"], id=r["id"], code=r["code"])
