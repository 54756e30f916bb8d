"""Researcher control that survives re-analysis: edits are logged in the store and replayed.

Theme ids change with every run, so an edit names themes by their members at edit time (quote ids,
which are stable); on replay, each anchor is matched to the theme of the new run that shares most
quotes with it (Jaccard >= MIN_OVERLAP). A split stores the resulting groups of quotes, so it
replays the same way without re-clustering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from focusgroup import messages
from focusgroup.registry import Registry
from focusgroup.themes.errors import ThemeError
from focusgroup.themes.state import RunState

MIN_OVERLAP = 0.3

Apply = Callable[[RunState, dict], str | None]  # returns a warning when the edit no longer applies
_APPLY: Registry[Apply] = Registry("theme edit")


def _register(kind: str) -> Callable[[Apply], Apply]:
    return _APPLY.register(kind)


def match(state: RunState, anchor: list[int]) -> int | None:
    """The theme of ``state`` that best matches an anchor (its members when the edit was made)."""
    a = set(anchor)
    best, best_score = None, 0.0
    for key in state.themes:
        m = set(state.members(key))
        if not m or not a:
            continue
        score = len(a & m) / len(a | m)
        if score > best_score:
            best, best_score = key, score
    return best if best_score >= MIN_OVERLAP else None


@_register("rename")
def _rename(state: RunState, p: dict) -> str | None:
    key = match(state, p["theme"])
    if key is None:
        return f"omdøbning til {p['label']!r}: temaet findes ikke længere"
    state.themes[key].label = p["label"]
    state.locked.add(key)
    return None


@_register("memo")
def _memo(state: RunState, p: dict) -> str | None:
    key = match(state, p["theme"])
    if key is None:
        return "memo: temaet findes ikke længere"
    state.themes[key].memo = p["text"]
    return None


@_register("merge")
def _merge(state: RunState, p: dict) -> str | None:
    keys = list(dict.fromkeys(k for k in (match(state, a) for a in p["themes"]) if k is not None))
    if len(keys) < 2:
        return "sammenlægning: færre end to af temaerne findes"
    target, memos = keys[0], [state.themes[k].memo for k in keys if state.themes[k].memo]
    for k in keys[1:]:
        for q in state.members(k):
            state.assign(q, target, by=state.by.get(q, "model"), probability=state.probability.get(q, 1.0))
        state.drop(k)
    theme = state.themes[target]
    theme.keywords = []  # recomputed for the merged membership
    theme.memo = "\n\n".join(memos)
    if p.get("label"):
        theme.label = p["label"]
        state.locked.add(target)
    else:
        state.locked.discard(target)
    state.dirty.add(target)
    return None


@_register("split")
def _split(state: RunState, p: dict) -> str | None:
    key = match(state, p["theme"])
    if key is None:
        return "opdeling: temaet findes ikke længere"
    current = set(state.members(key))
    state.themes[key].keywords = []  # a researcher's label stays with the largest part
    state.dirty.add(key)
    for group in p["groups"][1:]:
        moving = [q for q in group if q in current]
        if not moving:
            continue
        new = state.new_theme()
        for q in moving:
            state.assign(q, new, by=state.by.get(q, "model"), probability=state.probability.get(q, 1.0))
    return None


@_register("move")
def _move(state: RunState, p: dict) -> str | None:
    target = None
    if p.get("to") is not None:
        target = match(state, p["to"])
        if target is None:
            return "flytning: måltemaet findes ikke længere"
    for q in p["quotes"]:
        if q in state.assignments:
            state.assign(q, target, by="researcher")
    return None


@_register("key")
def _key(state: RunState, p: dict) -> str | None:  # noqa: ARG001  (stored per quote; nothing to replay)
    return None


def apply(state: RunState, kind: str, payload: dict) -> str | None:
    if kind not in _APPLY:
        return f"ukendt redigering {kind!r}"
    return _APPLY[kind](state, payload)


def replay(project: Any, state: RunState) -> list[str]:
    """Apply every logged edit, oldest first, to a new run; returns what could not be applied."""
    return replay_since(project, state, 0)[0]


def replay_since(project: Any, state: RunState, after: int) -> tuple[list[str], int]:
    """Apply the edits logged after edit id ``after``; returns (what could not be applied, last id seen)."""
    warnings, last = [], after
    for e in project.edits_after(after):
        w = apply(state, e["kind"], e["payload"])
        if w:
            warnings.append(f"redigering {e['id']}: {w}")
        last = e["id"]
    return warnings, last


# -- edits on the latest run (what the CLI and the app call) ------------------------------------


@dataclass(frozen=True)
class ParentChange:
    """A parent theme's label before and after an edit (None: the parent did not exist / is gone).

    A parent cannot be renamed and is labelled by the analysis, so an edit that changes one must say so:
    a merge under a new name relabelled the merged theme's parent with no word to the researcher."""

    before: str | None
    after: str | None


def notices(changes: list[ParentChange], lang: str | None = None) -> list[str]:
    """What the CLI and the app tell after an edit: "Det overordnede tema »X« hedder nu »Y«." and the like."""
    out = []
    for c in changes:
        if c.before is not None and c.after is not None:
            out.append(messages.text("theme_parent_relabelled", lang, old=c.before, new=c.after))
        elif c.before is not None:
            out.append(messages.text("theme_parent_gone", lang, old=c.before))
        elif c.after is not None:
            out.append(messages.text("theme_parent_new", lang, new=c.after))
    return out


def _parent_labels(project: Any, run_id: int) -> dict[int, str]:
    themes = project.themes(run_id)
    ids = {t.parent_id for t in themes if t.parent_id is not None}
    return {t.id: t.label for t in themes if t.id in ids}


def _changes(before: dict[int, str], after: dict[int, str]) -> list[ParentChange]:
    """Parents by stored id (``RunState`` keeps a parent's id across edits)."""
    out = [ParentChange(label, after.get(pid)) for pid, label in before.items() if after.get(pid) != label]
    return out + [ParentChange(None, label) for pid, label in after.items() if pid not in before]


def _edit(project: Any, kind: str, make_payload: Callable[[RunState], dict],
          run_id: int | None = None) -> list[ParentChange]:
    """Apply, describe, save and log one edit; the parents whose label it changed."""
    from focusgroup.themes.describe import describe_state

    # One write transaction from loading the run to logging the edit: a run that finishes meanwhile
    # (analyze replays late edits as it finishes) sees this edit either wholly logged or not at all.
    with project.transaction():
        state = RunState.load(project, run_id)
        before = _parent_labels(project, state.run_id)
        payload = make_payload(state)
        warning = apply(state, kind, payload)
        if warning:
            raise ThemeError("themes_edit_failed", detail=warning)
        snapshot = project.run_snapshot(state.run_id)  # what undo goes back to
        describe_state(project, state)
        state.save(project)
        _log(project, kind, payload, state.run_id, snapshot)
        return _changes(before, _parent_labels(project, state.run_id))


def _log(project: Any, kind: str, payload: dict, run_id: int | None, snapshot: dict | None) -> int:
    """Log an edit with the run as it was before it; a new edit ends the redo list."""
    project.drop_undone_edits()
    edit_id = project.add_edit(kind, payload)
    if run_id is not None and snapshot is not None:
        project.save_edit_snapshot(edit_id, run_id, snapshot)
    return edit_id


def _theme_key(state: RunState, theme_id: int) -> int:
    if theme_id not in state.themes:
        raise ThemeError("themes_no_theme", theme=theme_id)
    return theme_id


def rename(project: Any, theme_id: int, label: str) -> list[ParentChange]:
    label = label.strip()
    if not label:
        raise ThemeError("themes_empty_label")
    return _edit(project, "rename", lambda s: {"theme": s.members(_theme_key(s, theme_id)), "label": label})


def memo(project: Any, theme_id: int, text: str) -> list[ParentChange]:
    return _edit(project, "memo", lambda s: {"theme": s.members(_theme_key(s, theme_id)), "text": text})


def merge(project: Any, theme_ids: list[int], label: str | None = None) -> list[ParentChange]:
    if len(set(theme_ids)) < 2:
        raise ThemeError("themes_merge_two")
    return _edit(project, "merge",
          lambda s: {"themes": [s.members(_theme_key(s, t)) for t in theme_ids], "label": label})


def move(project: Any, quote_ids: list[int], theme_id: int | None) -> list[ParentChange]:
    def payload(s: RunState) -> dict:
        missing = [q for q in quote_ids if q not in s.assignments]
        if missing:
            raise ThemeError("themes_quote_not_analysed", quote=missing)
        return {"quotes": list(quote_ids), "to": None if theme_id is None else s.members(_theme_key(s, theme_id))}

    return _edit(project, "move", payload)


def split(project: Any, theme_id: int, parts: int = 2, seed: int = 42) -> list[ParentChange]:
    """Split a theme by k-means on its quotes' embeddings; the resulting groups are what is logged."""

    def payload(s: RunState) -> dict:
        import numpy as np
        from sklearn.cluster import KMeans

        from focusgroup.themes.describe import _vectors

        ids = s.members(_theme_key(s, theme_id))
        if len(ids) < 2 * max(parts, 2) // 2 or len(ids) < parts:
            raise ThemeError("themes_split_small")
        quotes = {q.id: q for q in project.quotes(ids=ids)}
        vecs = _vectors(project, s, ids, quotes)
        labels = KMeans(n_clusters=parts, random_state=seed, n_init=10).fit_predict(np.vstack([vecs[q] for q in ids]))
        groups = [[q for q, g in zip(ids, labels, strict=True) if g == i] for i in range(parts)]
        groups.sort(key=len, reverse=True)
        return {"theme": ids, "groups": groups}

    return _edit(project, "split", payload)


def set_key_quote(project: Any, quote_id: int, flag: bool = True) -> None:
    run_id = project.latest_run_id()
    with project.transaction():
        snapshot = project.run_snapshot(run_id) if run_id is not None else None
        project.set_key_quote(quote_id, flag)
        _log(project, "key", {"quote": quote_id, "flag": flag}, run_id, snapshot)
        if run_id is not None:  # key quotes lead the representative quotes
            from focusgroup.themes.describe import describe_state

            state = RunState.load(project)
            describe_state(project, state)
            state.save(project)
