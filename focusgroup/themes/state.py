"""RunState: one run's themes and assignments in memory, so edits and descriptions work the same on
a fresh model result and on a stored run, and are written back in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from focusgroup.records import Assignment, Theme


@dataclass
class RunState:
    run_id: int
    themes: dict[int, Theme] = field(default_factory=dict)  # key -> leaf theme (Theme.id = stored id)
    assignments: dict[int, int | None] = field(default_factory=dict)  # quote id -> theme key / None
    probability: dict[int, float] = field(default_factory=dict)
    by: dict[int, str] = field(default_factory=dict)
    parents: list[Theme] = field(default_factory=list)  # hierarchy level; children point by -1-index
    dirty: set[int] = field(default_factory=set)  # membership changed: keywords/label to recompute
    locked: set[int] = field(default_factory=set)  # label set by the researcher
    removed: set[int] = field(default_factory=set)  # stored theme ids to delete
    old_parents: set[int] = field(default_factory=set)

    # -- membership ------------------------------------------------------------------------

    def members(self, key: int) -> list[int]:
        return sorted(q for q, t in self.assignments.items() if t == key)

    def new_theme(self, label: str = "", keywords: list[str] | None = None, topic: int | None = None) -> int:
        key = max([0, *self.themes]) + 1
        self.themes[key] = Theme(label=label, keywords=list(keywords or []), topic=topic)
        self.dirty.add(key)
        return key

    def assign(self, quote_id: int, key: int | None, by: str = "researcher", probability: float = 1.0) -> None:
        """Moving one quote keeps both themes' labels; merge/split mark themes dirty themselves."""
        self.assignments[quote_id] = key
        self.by[quote_id] = by
        self.probability[quote_id] = probability

    def drop(self, key: int) -> None:
        theme = self.themes.pop(key)
        if theme.id is not None:
            self.removed.add(theme.id)
        self.dirty.discard(key)
        self.locked.discard(key)

    # -- store -----------------------------------------------------------------------------

    @classmethod
    def load(cls, project: Any, run_id: int | None = None) -> RunState:
        run_id = run_id or project.latest_run_id()
        if run_id is None:
            raise ValueError("Projektet har ingen analyse endnu. (No analysis run yet.)")
        state = cls(run_id)
        all_themes = project.themes(run_id)
        parent_ids = {t.parent_id for t in all_themes if t.parent_id is not None}
        for t in all_themes:
            if t.id in parent_ids:
                state.old_parents.add(t.id)
            else:
                state.themes[t.id] = t
        for qid, a in project.assignments(run_id).items():
            state.assignments[qid] = a.theme_id if a.theme_id in state.themes else None
            state.probability[qid] = a.probability
            state.by[qid] = a.by
        return state

    def save(self, project: Any) -> None:
        """Write everything back atomically; stored theme ids of surviving themes do not change."""
        with project.transaction() as conn:
            pending = {k: t.parent_id for k, t in self.themes.items()}  # -1-index into self.parents
            new = [t for t in self.themes.values() if t.id is None]
            for t in new:
                t.parent_id = None  # save_themes would read a negative parent_id as an index into `new`
            if new:
                project.save_themes(self.run_id, new)
            parent_ids = project.save_themes(self.run_id, self.parents) if self.parents else []
            for k, t in self.themes.items():
                parent = pending[k]
                if parent is not None and parent < 0:
                    parent = parent_ids[-1 - parent]
                t.parent_id = parent
                project.update_theme(
                    t.id, label=t.label, keywords=t.keywords, size=t.size, n_speakers=t.n_speakers,
                    n_sources=t.n_sources, representative_quote_ids=t.representative_quote_ids,
                    memo=t.memo, description=t.description, parent_id=parent,
                )
            project.save_assignments(self.run_id, [
                Assignment(q, self.themes[k].id if k is not None else None,
                           self.probability.get(q, 1.0), self.by.get(q, "model"))
                for q, k in self.assignments.items()
            ])
            gone = sorted(self.removed | self.old_parents)
            if gone:
                conn.execute(f"DELETE FROM themes WHERE id IN ({','.join('?' * len(gone))})", gone)
        self.removed.clear()
        self.old_parents = {t.id for t in self.parents}
        self.parents = []
        self.dirty.clear()
