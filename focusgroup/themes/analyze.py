"""``analyze(project, config)``: select the quotes, embed them (cached), find themes, replay the
researcher's edits, and store the run. The one entry point the pipeline, CLI and app call."""

from __future__ import annotations

from typing import Any

import numpy as np

from focusgroup.config import AnalysisConfig
from focusgroup.embed import embed_texts, get_embedder
from focusgroup.progress import Progress, silent
from focusgroup.records import PARTICIPANT
from focusgroup.themes import edits, guided
from focusgroup.themes.context import clustering_vectors, left_out
from focusgroup.themes.describe import describe_state, make_label
from focusgroup.themes.errors import ThemeError
from focusgroup.themes.model import ThemeModel
from focusgroup.themes.state import RunState
from focusgroup.themes.text import WORD

STEP = "Finder temaer"


# A focus-group turn shorter than this ("Ja, det kan vi godt.") is conversation, not content. Survey
# answers are exempt: "Bedre telefontid" is a complete answer.
MIN_TURN_WORDS = 4


def select_quotes(project: Any, config: AnalysisConfig) -> list:
    """Participants'/respondents' informative quotes: moderators' questions and "ved ikke" stay out, and
    so do non-answers and back-channel turns that name no topic ("Ikke noget særligt"; nonanswer.py) and a focus
    group's round of introductions ("Jonas. Seks måneder."; nonanswer.introductions)."""
    from focusgroup.themes.nonanswer import introductions, non_answers

    everything = project.quotes()
    intros = introductions(everything)
    wanted = set(config.roles)
    quotes = [q for q in everything if q.informative and (not wanted or q.role in wanted) and q.id not in intros]
    quotes = [q for q in quotes if q.role != PARTICIPANT or len(WORD.findall(q.text)) >= MIN_TURN_WORDS]
    empty = non_answers([q.text for q in quotes], project) if quotes else []
    return [q for q, e in zip(quotes, empty, strict=True) if not e]


def analyze(project: Any, config: AnalysisConfig | None = None, progress: Progress | None = None) -> int:
    config = config or AnalysisConfig()
    progress = progress or silent
    quotes = select_quotes(project, config)
    if len(quotes) < 3:
        raise ThemeError("themes_too_few_quotes", n=len(quotes))
    emb = get_embedder(config.embedder)
    texts = [q.text for q in quotes]
    x = embed_texts(texts, emb, project, progress)
    run_id = project.start_run(config.to_dict() | {"embedder_model": emb.model, "n_quotes": len(quotes),
                                                    "left_out": left_out(emb.name)})
    try:
        progress(STEP, 0, 3)
        state = RunState(run_id)
        keyphrases: dict[int, list[str]] = {}
        log: list[dict] = []
        if config.codebook:
            _codebook_themes(state, quotes, x, config.codebook, emb, project)
        else:
            rest = np.arange(len(quotes))
            if config.seed_words:
                seeded = guided.seed_labels(texts, x, config.seed_words, emb, project)
                for s, words in enumerate(config.seed_words):
                    idx = np.flatnonzero(seeded == s)
                    if len(idx):
                        key = state.new_theme(label=make_label([], list(words)))
                        state.locked.add(key)
                        _assign(state, [quotes[i] for i in idx], x[idx], key)
                rest = np.flatnonzero(seeded == -1)
            if len(rest) >= 3:
                model = ThemeModel(seed=config.seed, min_theme_size=config.min_theme_size,
                                   n_themes=config.n_themes, embedder=emb, project=project)
                picked = [quotes[i] for i in rest]
                model.fit([texts[i] for i in rest],
                          clustering_vectors(picked, x[rest], project, emb if emb.cacheable else None), x[rest])
                log = model.guard_log_
                for t, info in model.topics_.items():
                    key = state.new_theme(keywords=info.keywords, topic=t)
                    keyphrases[key] = info.keyphrases
                    idx = rest[model.labels_ == t]
                    _assign(state, [quotes[i] for i in idx], x[idx], key)
                for i in rest[model.labels_ < 0]:
                    state.assign(quotes[i].id, None, by="model", probability=0.0)
            else:
                for i in rest:
                    state.assign(quotes[i].id, None, by="model", probability=0.0)
        progress(STEP, 1, 3)
        warnings, seen = edits.replay_since(project, state, 0)
        vectors = {q.id: v for q, v in zip(quotes, x, strict=True)}
        describe_state(project, state, vectors=vectors, keyphrases=keyphrases)
        progress(STEP, 2, 3)
        state.save(project)
        # Edits made while this run was computed went to the previous run (a rename during analyze was
        # stored but missing from the finished run). Replay them here, in the transaction that finishes
        # the run: an edit is either seen now or made (in its own transaction) on the finished run.
        with project.transaction():
            late, last = edits.replay_since(project, state, seen)
            if last != seen:
                describe_state(project, state, vectors=vectors, keyphrases=keyphrases)
                state.save(project)
            project.set_setting(f"themes.run.{run_id}", {"guard": log, "edit_warnings": warnings + late})
            project.finish_run(run_id)
        progress(STEP, 3, 3)
    except BaseException:
        project.finish_run(run_id, status="failed")
        raise
    return run_id


def _assign(state: RunState, quotes: list, vecs: np.ndarray, key: int) -> None:
    c = vecs.mean(axis=0)
    c = c / (np.linalg.norm(c) or 1.0)
    for q, sim in zip(quotes, vecs @ c, strict=True):
        state.assign(q.id, key, by="model", probability=float(np.clip(sim, 0.0, 1.0)))


def _codebook_themes(state: RunState, quotes: list, x: np.ndarray, path: str, emb: Any, project: Any) -> None:
    codes = guided.read_codebook(path)
    labels, _ = guided.zero_shot(x, codes, emb, project, [q.text for q in quotes],
                                 guided.previous_turns(project, quotes), guided.answered_questions(project, quotes))
    for c, (name, desc) in enumerate([*codes, (guided.OTHER_LABEL, guided.OTHER_DESCRIPTION)]):
        idx = np.flatnonzero(labels == (c if c < len(codes) else -1))
        if not len(idx):
            continue
        key = state.new_theme(label=name)
        state.themes[key].description = desc
        state.locked.add(key)
        _assign(state, [quotes[i] for i in idx], x[idx], key)
