"""Undo and redo of the researcher's theme edits, and the edit history in words.

Edits are an event log replayed over every re-analysis (``focusgroup.themes.edits``). Undo writes back
the run as it was just before the last edit (a snapshot taken when the edit was made) and flags the
edit as undone, so a later re-analysis does not replay it either; redo applies the flagged edit again.
A new edit drops the redo list. Only edits made on the latest run can be undone this way: an edit from
before a re-analysis has no snapshot of the current run (the researcher edits the theme again instead).
"""

from __future__ import annotations

from typing import Any

from focusgroup import messages
from focusgroup.themes.errors import ThemeError
from focusgroup.themes.state import RunState


def describe(edit: dict[str, Any], lang: str | None = None) -> str:
    """One edit in words ("omdøbt til »Ventetid«", "3 temaer lagt sammen")."""
    kind, p = edit["kind"], edit["payload"]
    fields: dict[str, object] = {"kind": kind}
    if kind == "rename":
        fields["label"] = p.get("label", "")
    elif kind == "merge":
        fields["n"] = len(p.get("themes", []))
    elif kind == "split":
        fields["n"] = len(p.get("groups", []))
    elif kind == "move":
        fields["n"] = len(p.get("quotes", []))
    elif kind == "key":
        fields["quote"] = p.get("quote")
        fields["state"] = messages.text("history_key_on" if p.get("flag", True) else "history_key_off", lang)
    key = f"history_kind_{kind}"
    return messages.text(key if key in messages.CATALOGUE else "history_kind_other", lang, **fields)


def history(project: Any) -> list[dict[str, Any]]:
    """Every edit, oldest first, with ``what`` (in words) and ``undone``."""
    return [e | {"what": describe(e)} for e in project.edit_log()]


def can_undo(project: Any) -> bool:
    live = [e for e in project.edit_log() if not e["undone"]]
    if not live:
        return False
    snap = project.edit_snapshot(live[-1]["id"])
    return snap is not None and snap[0] == project.latest_run_id()


def can_redo(project: Any) -> bool:
    return any(e["undone"] for e in project.edit_log())


def undo(project: Any) -> dict[str, Any]:
    """Undo the last edit in force; returns it. ``ThemeError`` when there is none or it predates the run."""
    with project.transaction():
        live = [e for e in project.edit_log() if not e["undone"]]
        if not live:
            raise ThemeError("history_nothing_to_undo")
        last = live[-1]
        snap = project.edit_snapshot(last["id"])
        if snap is None or snap[0] != project.latest_run_id():
            raise ThemeError("history_before_run", edit=last["id"])
        run_id, snapshot = snap
        if last["kind"] == "key":
            project.set_key_quote(last["payload"]["quote"], not last["payload"].get("flag", True))
        project.restore_run(run_id, snapshot)
        project.set_edit_undone(last["id"], True)
    return last | {"what": describe(last)}


def redo(project: Any) -> dict[str, Any]:
    """Apply the earliest undone edit again; returns it. ``ThemeError`` when nothing was undone."""
    from focusgroup.themes.describe import describe_state
    from focusgroup.themes.edits import apply

    with project.transaction():
        undone = [e for e in project.edit_log() if e["undone"]]
        if not undone:
            raise ThemeError("history_nothing_to_redo")
        edit = undone[0]
        state = RunState.load(project)
        snapshot = project.run_snapshot(state.run_id)
        if edit["kind"] == "key":
            project.set_key_quote(edit["payload"]["quote"], edit["payload"].get("flag", True))
        else:
            warning = apply(state, edit["kind"], edit["payload"])
            if warning:
                raise ThemeError("themes_edit_failed", detail=warning)
        describe_state(project, state)
        state.save(project)
        project.set_edit_undone(edit["id"], False)
        project.save_edit_snapshot(edit["id"], state.run_id, snapshot)
    return edit | {"what": describe(edit)}
