"""RunState: one run's themes and assignments in memory, so edits and descriptions work the same on
a fresh model result and on a stored run, and are written back in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from focusgroup.records import Assignment, Theme
from focusgroup.themes.errors import ThemeError


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
    old_children: dict[int, set[int]] = field(default_factory=dict)  # stored parent id -> its children's ids
    # what an edit starts from (themes/parent_labels.keep_labels): a parent's label by its quotes, a leaf's by its id
    parent_labels_before: dict[frozenset[int], str] = field(default_factory=dict)
    leaf_labels_before: dict[int, str] = field(default_factory=dict)
    # ... and its grouping (describe._groups_before): a parent's label by its children's ids, each leaf's
    # quotes and its parent by stored id (a leaf at the top level has none)
    parent_children_before: dict[frozenset[int], str] = field(default_factory=dict)
    leaf_quotes_before: dict[int, frozenset[int]] = field(default_factory=dict)
    parent_of_before: dict[int, int] = field(default_factory=dict)

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
            raise ThemeError("themes_no_run")
        state = cls(run_id)
        all_themes = project.themes(run_id)
        parent_ids = {t.parent_id for t in all_themes if t.parent_id is not None}
        for t in all_themes:
            if t.id in parent_ids:
                state.old_parents.add(t.id)
            else:
                state.themes[t.id] = t
            if t.parent_id is not None:
                state.old_children.setdefault(t.parent_id, set()).add(t.id)
        for qid, a in project.assignments(run_id).items():
            state.assignments[qid] = a.theme_id if a.theme_id in state.themes else None
            state.probability[qid] = a.probability
            state.by[qid] = a.by
        state._remember({t.id: t.label for t in all_themes if t.id in state.old_parents})
        return state

    def _remember(self, parent_labels: dict[int, str]) -> None:
        """Labels before the next edit: each stored parent's (``parent_labels``: id -> label) by the quotes
        of its children, and each leaf's by its stored id."""
        by_theme: dict[int, set[int]] = {}
        for q, k in self.assignments.items():
            if k is not None and self.themes[k].id is not None:
                by_theme.setdefault(self.themes[k].id, set()).add(q)
        self.parent_labels_before, self.parent_children_before, self.parent_of_before = {}, {}, {}
        for pid, label in parent_labels.items():
            kids = self.old_children.get(pid, set())
            quotes = frozenset(q for kid in kids for q in by_theme.get(kid, ()))
            if quotes:
                self.parent_labels_before[quotes] = label
                self.parent_children_before[frozenset(kids)] = label
                self.parent_of_before.update(dict.fromkeys(kids, pid))
        self.leaf_labels_before = {t.id: t.label for t in self.themes.values() if t.id is not None}
        self.leaf_quotes_before = {k: frozenset(qs) for k, qs in by_theme.items()}

    def save(self, project: Any) -> None:
        """Write everything back atomically; stored theme ids of surviving themes do not change."""
        with project.transaction():
            pending = {k: t.parent_id for k, t in self.themes.items()}  # -1-index into self.parents
            new = [t for t in self.themes.values() if t.id is None]
            for t in new:
                t.parent_id = None  # save_themes would read a negative parent_id as an index into `new`
            if new:
                project.save_themes(self.run_id, new)
            parent_ids = self._save_parents(project, pending)
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
            gone = sorted(self.removed | (self.old_parents - set(parent_ids)))
            project.delete_themes(gone)
        self.removed.clear()
        self.old_parents = {t.id for t in self.parents}
        self.old_children = {}
        for t in self.themes.values():
            if t.parent_id is not None:
                self.old_children.setdefault(t.parent_id, set()).add(t.id)
        self._remember({t.id: t.label for t in self.parents})
        self.parents = []
        self.dirty.clear()

    def _save_parents(self, project: Any, pending: dict[int, int | None]) -> list[int]:
        """Store the hierarchy level, keeping the ids of the parents it had before.

        Parents are recomputed after every edit; inserting them anew gave them new ids each time
        (39 -> 57 -> 77 on the sample study), so a link or a note on a parent broke with any edit. A
        new parent takes the stored id of the old parent whose children overlap it most (greedy, by
        overlap); only a parent with no child in common with any old one gets a new id.
        """
        wanted = [{self.themes[k].id for k, p in pending.items() if p == -1 - i} for i in range(len(self.parents))]
        pairs = sorted(
            ((len(w & old) / len(w | old), i, pid) for i, w in enumerate(wanted)
             for pid, old in self.old_children.items() if pid in self.old_parents and w & old),
            key=lambda x: (-x[0], x[1], x[2]),
        )
        reuse: dict[int, int] = {}
        for _, i, pid in pairs:
            if i not in reuse and pid not in reuse.values():
                reuse[i] = pid
        fresh = [p for i, p in enumerate(self.parents) if i not in reuse]
        if fresh:
            project.save_themes(self.run_id, fresh)
        for i, pid in reuse.items():
            p = self.parents[i]
            p.id, p.run_id = pid, self.run_id
            project.update_theme(
                pid, label=p.label, keywords=p.keywords, size=p.size, n_speakers=p.n_speakers, n_sources=p.n_sources,
                representative_quote_ids=p.representative_quote_ids, description=p.description, parent_id=None,
            )
        return [p.id for p in self.parents]
