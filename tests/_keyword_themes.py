"""A theme run from keywords, for tests that need themes in seconds instead of an analysis."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from focusgroup.records import Assignment, Theme
from focusgroup.store import Project


def keyword_run(project: Project, themes: Mapping[str, tuple[str, ...]], params: dict | None = None,
                roles: Iterable[str] | None = None, keywords: bool = False) -> dict[str, int]:
    """One finished run whose themes are ``themes`` (label -> words); a quote goes to the first theme with
    one of its words in it, else to no theme. Returns label -> theme id."""
    run = project.start_run(params or {})
    ids = project.save_themes(run, [Theme(label=n, keywords=list(k) if keywords else []) for n, k in themes.items()])
    by_label = dict(zip(themes, ids, strict=True))
    rows = []
    for q in project.quotes(informative=True, roles=list(roles) if roles else None):
        hit = next((n for n, kws in themes.items() if any(k in q.text.lower() for k in kws)), None)
        rows.append(Assignment(q.id, by_label[hit] if hit else None))
    project.save_assignments(run, rows)
    project.finish_run(run)
    return by_label
