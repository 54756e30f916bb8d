"""Store functions for the satisfaction findings (issue 12): non-answer flags by question, and the
"needs a reply" flag per quote with its reason.

Functions taking the ``Project`` rather than a mixin, so ``Project`` itself stays as it is. A researcher's
decision on a reply flag (``by='researcher'``) is never overwritten by the classifier running again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    quote_id: int
    needs_reply: bool
    reason: str  # "spørgsmål", "beder om kontakt", "konkret sag/fejl" or "" when no reply is needed
    score: float | None = None  # the classifier's probability that a reply is needed
    by: str = "model"  # "model" or "researcher"
    model: str = ""


def _conn(project: Any) -> Any:
    return project._conn  # the store's private connection: these functions are part of the store


def set_informative(project: Any, flags: dict[int, bool]) -> int:
    """Set quotes' informative flag; a quote that stops being informative loses its model sentiment (its
    question may imply one instead, see ``sentiment.question``). Returns how many quotes changed."""
    if not flags:
        return 0
    with project.transaction() as conn:
        before = dict(conn.execute(
            f"SELECT id, informative FROM quotes WHERE id IN ({','.join('?' * len(flags))})", list(flags)
        ).fetchall())
        changed = {i: f for i, f in flags.items() if i in before and bool(before[i]) != f}
        conn.executemany("UPDATE quotes SET informative=? WHERE id=?", [(int(f), i) for i, f in changed.items()])
        conn.executemany("DELETE FROM sentiments WHERE quote_id=?", [(i,) for i, f in changed.items() if not f])
    return len(changed)


def delete_sentiments(project: Any, quote_ids: list[int]) -> None:
    with project.transaction() as conn:
        conn.executemany("DELETE FROM sentiments WHERE quote_id=?", [(i,) for i in quote_ids])


def save_replies(project: Any, replies: list[Reply]) -> int:
    """Store the classifier's flags; quotes a researcher has decided on keep the researcher's flag."""
    with project.transaction() as conn:
        kept = {r[0] for r in conn.execute("SELECT quote_id FROM replies WHERE by='researcher'")}
        todo = [r for r in replies if r.quote_id not in kept]
        conn.executemany(
            "INSERT INTO replies(quote_id, needs_reply, reason, score, by, model) VALUES (?,?,?,?,'model',?) "
            "ON CONFLICT(quote_id) DO UPDATE SET needs_reply=excluded.needs_reply, reason=excluded.reason, "
            "score=excluded.score, by='model', model=excluded.model",
            [(r.quote_id, int(r.needs_reply), r.reason, r.score, r.model) for r in todo],
        )
    return len(todo)


def replies(project: Any) -> dict[int, Reply]:
    """Every stored flag by quote id (empty before the classifier has run)."""
    rows = _conn(project).execute("SELECT * FROM replies").fetchall()
    return {r["quote_id"]: Reply(r["quote_id"], bool(r["needs_reply"]), r["reason"], r["score"], r["by"], r["model"])
            for r in rows}


def set_reply(project: Any, quote_id: int, needs_reply: bool, reason: str | None = None) -> None:
    """A researcher's decision (e.g. unticking a flag): kept over any later classifier run."""
    with project.transaction() as conn:
        conn.execute(
            "INSERT INTO replies(quote_id, needs_reply, reason, by) VALUES (?,?,?,'researcher') "
            "ON CONFLICT(quote_id) DO UPDATE SET needs_reply=excluded.needs_reply, "
            "reason=coalesce(?, replies.reason), by='researcher'",
            (quote_id, int(needs_reply), reason or "", reason),
        )
