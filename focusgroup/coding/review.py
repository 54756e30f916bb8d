"""Coding quotes by hand and reviewing the tool's suggestions.

Accepting a suggestion writes the researcher's own coding (origin "suggestion") and marks the
proposal active; rejecting marks it rejected, so it is not proposed again; "other code" rejects it and
codes the quote with the code the researcher chose. Every researcher coding is an example for the
next round of suggestions (focusgroup.coding.examples).
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from focusgroup.errors import UserError
from focusgroup.store import coding as store

MACHINE_CODER = store.MACHINE_CODER


def default_coder() -> str:
    """The researcher's name: ``FOCUSGROUP_CODER`` or the login name."""
    name = os.environ.get("FOCUSGROUP_CODER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "forsker"
    return name


def code_quotes(project: Any, quote_ids: list[int], code: str, coder: str | None = None,
                description: str = "", origin: str = "manual") -> list[int]:
    """Code quotes with ``code`` (created when new) as ``coder``; unknown quote ids are an error."""
    coder = (coder or default_coder()).strip()
    if coder == MACHINE_CODER:
        raise UserError("coding_reserved_coder", coder=coder)
    if not code.strip():
        raise UserError("coding_empty_code")
    known = {q.id for q in project.quotes(ids=quote_ids)} if quote_ids else set()
    missing = [q for q in quote_ids if q not in known]
    if missing:
        raise UserError("coding_unknown_quotes", ids=", ".join(map(str, missing)))
    store.add_code(project, code, description)
    with project.transaction():
        return [store.add_coding(project, q, code, coder, origin=origin) for q in quote_ids]


def uncode(project: Any, quote_ids: list[int], code: str, coder: str | None = None) -> int:
    coder = (coder or default_coder()).strip()
    return sum(store.remove_coding(project, q, code, coder) for q in quote_ids)


def open_suggestions(project: Any) -> list[store.Coding]:
    """Unreviewed suggestions, most confident first."""
    rows = store.codings(project, coder=MACHINE_CODER, statuses=("open",))
    return sorted(rows, key=lambda c: -(c.confidence or 0.0))


def _suggestion(project: Any, suggestion_id: int) -> store.Coding:
    s = store.coding(project, suggestion_id)
    if s is None or s.coder != MACHINE_CODER:
        raise UserError("coding_unknown_suggestion", id=suggestion_id)
    return s


def accept(project: Any, suggestion_id: int, coder: str | None = None) -> store.Coding:
    s = _suggestion(project, suggestion_id)
    with project.transaction():
        store.set_status(project, s.id, "active")
        code_quotes(project, [s.quote_id], s.code, coder, origin="suggestion")
    return s


def reject(project: Any, suggestion_id: int, other_code: str | None = None, coder: str | None = None) -> store.Coding:
    s = _suggestion(project, suggestion_id)
    with project.transaction():
        store.set_status(project, s.id, "rejected")
        if other_code:
            code_quotes(project, [s.quote_id], other_code, coder)
    return s
