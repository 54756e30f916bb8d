"""Themes fitted once on the sample (``focusgroup.themes.ThemeModel``), then assignment of every answer.

The sample's themes are labelled and grouped under parent themes by analyze's own path
(``themes.describe.label_and_group``: parents on the theme centroids, labels spread over their
children, leaves that never repeat a parent's label), so a batch project has the hierarchy level the
app's parent view and the exports' parent columns show.

What workers need for assignment is small and plain (centroids and similarity floors, as
``focusgroup.themes.assign`` computes them for new material), so it is saved without pickle for
resuming and sent once to each worker. Sample answers keep the theme the fit gave them; every
other answer goes to the nearest theme centroid, or to no theme when it is less similar than
the theme's own members usually are (below their 5th percentile).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from focusgroup.batch.checkpoint import atomic_write

N_REPRESENTATIVE = 5


@dataclass
class TopicSummary:
    topic: int
    label: str
    keywords: list[str]
    sample_size: int
    representative: list[int]  # global quote numbers of the sample quotes nearest the centroid
    parent: int | None = None  # index into FittedThemes.parents
    description: str = ""  # a codebook code's description (``batch/codefit.py``)


@dataclass
class ParentSummary:
    """A parent theme (``describe.label_and_group``): it only groups its children (``TopicSummary.parent``)."""

    label: str
    keywords: list[str]
    description: str
    representative: list[int]  # global quote numbers: its children's first representatives


@dataclass
class FittedThemes:
    topics: list[TopicSummary] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)  # topic number of each centroid row
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    floors: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    fixed: dict[int, int] = field(default_factory=dict)  # sample quote number -> fitted topic (-1 none)
    log: list[Any] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # the sample's non-answers (nonanswer.plain_key), no theme
    parents: list[ParentSummary] = field(default_factory=list)
    # A codebook's fit (``batch/codefit.py``): each code's mean similarity over the sample, subtracted from an
    # answer's similarity before the nearest code is chosen (zeros: themes found by clustering), and the
    # topic of "Andet", which takes the answers no code stands out for (None: those get no theme).
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    other: int | None = None

    def to_other(self, text: str) -> bool:
        """Whether an answer goes to "Andet" whatever its scores: too few content words of its own
        ("Ja tak"), as ``themes.guided.zero_shot`` decides; never for themes found by clustering."""
        if self.other is None:
            return False
        from focusgroup.themes.guided import MIN_CONTENT_WORDS, content_words

        return content_words(text) < MIN_CONTENT_WORDS

    def is_empty(self, text: str) -> bool:
        """Whether an answer outside the sample is a non-answer: the same words as one of the sample's
        non-answers (most repeat: "Ingenting", "Ved ikke"), or non-topic words only; never parsed."""
        from focusgroup.themes.nonanswer import lexical_non_answer, plain_key  # the themes package is heavy

        return plain_key(text) in self._empty_keys or lexical_non_answer(text)

    @cached_property
    def _empty_keys(self) -> frozenset[str]:
        return frozenset(self.empty)

    def assign(self, vectors: np.ndarray, informative: np.ndarray,
               fixed: dict[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Topic (-1: none) and cosine similarity per quote; ``fixed`` maps local index -> topic."""
        n = len(informative)
        topics = np.full(n, -1, dtype=np.int32)
        sims = np.zeros(n, dtype=np.float32)
        if not self.keys or n == 0:
            return topics, sims
        all_sims = np.asarray(vectors, dtype=np.float32) @ self.centroids.T
        scores = all_sims - self.offsets if self.offsets.size else all_sims
        best = scores.argmax(axis=1)
        best_sim = all_sims[np.arange(n), best]
        keys = np.asarray(self.keys, dtype=np.int32)
        ok = informative & (scores[np.arange(n), best] >= self.floors[best])
        topics[ok] = keys[best[ok]]
        if self.other is not None:
            topics[informative & ~ok] = self.other
        sims[informative] = best_sim[informative]
        for i, topic in (fixed or {}).items():
            topics[i] = topic
            if topic in self.keys:
                sims[i] = all_sims[i, self.keys.index(topic)]
        return topics, sims

    # -- persistence without pickle -------------------------------------------------------------

    def save(self, folder: Path) -> None:
        buf = io.BytesIO()
        np.savez(buf, centroids=self.centroids, floors=self.floors, offsets=self.offsets)
        atomic_write(folder / "themes.npz", lambda fh: fh.write(buf.getbuffer()))
        meta = {"topics": [t.__dict__ for t in self.topics], "keys": self.keys,
                "fixed": [[k, v] for k, v in sorted(self.fixed.items())], "log": self.log, "empty": self.empty,
                "parents": [p.__dict__ for p in self.parents], "other": self.other}
        data = json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8")
        atomic_write(folder / "themes.json", lambda fh: fh.write(data))

    @classmethod
    def load(cls, folder: Path) -> FittedThemes:
        meta = json.loads((folder / "themes.json").read_text("utf-8"))
        with np.load(folder / "themes.npz", allow_pickle=False) as z:
            centroids, floors = z["centroids"], z["floors"]
            offsets = z["offsets"] if "offsets" in z else np.zeros(0, dtype=np.float32)  # saved before codebooks
        return cls([TopicSummary(**t) for t in meta["topics"]], meta["keys"], centroids, floors,
                   {int(k): int(v) for k, v in meta["fixed"]}, meta["log"], meta.get("empty", []),
                   [ParentSummary(**p) for p in meta.get("parents", [])],  # a fit saved before parents: none
                   offsets, meta.get("other"))


def fit_sample(texts: list[str], vectors: np.ndarray, quote_numbers: list[int], config: Any, embedder: Any,
               cache: Any = None) -> FittedThemes:
    """The run's fit on the sample: the codebook's codes (``config.codebook``, ``batch/codefit.py``) or
    themes found by ``fit_themes``; ``embedder`` is the run's ``ChunkEmbedder``."""
    if config.codebook:
        from focusgroup.batch.codefit import fit_codebook
        from focusgroup.ingest.codebook import read_codebook

        return fit_codebook(texts, vectors, quote_numbers, read_codebook(config.codebook), embedder, cache)
    return fit_themes(texts, vectors, quote_numbers, seed=config.seed, embedder=embedder.backend,
                      n_themes=config.n_themes, min_theme_size=config.min_theme_size, cache=cache)


def fit_themes(texts: list[str], vectors: np.ndarray, quote_numbers: list[int], *, seed: int,
               embedder: Any = None, min_theme_size: int | None = None,
               n_themes: int | None = None, cache: Any = None) -> FittedThemes:
    """Fit the project's ThemeModel on the sample; fewer than 3 answers give no themes.

    ``cache`` (an ``embed_store.MemoryCache``) stands in for the project's caches during the fit, so
    the keyword candidates' vectors and the lemmas reach the project at the merge."""
    from focusgroup.lean_imports import import_bertopic_lean

    import_bertopic_lean()
    from focusgroup.themes.assign import theme_centroids
    from focusgroup.themes.model import ThemeModel
    from focusgroup.themes.nonanswer import non_answers, plain_key

    # Non-answers ("Ikke noget særligt", "Jeg har været godt tilfreds") form no theme, as in analyze
    # (themes/analyze.select_quotes): they stay out of the fit, fixed to no theme. Parsed once; the
    # labels below read the same parses, and the cache takes them to the project.
    empty = non_answers(texts, cache) if texts else []
    left_out = {int(q): -1 for q, e in zip(quote_numbers, empty, strict=True) if e}
    empty_keys = sorted({plain_key(t) for t, e in zip(texts, empty, strict=True) if e})
    keep = [i for i, e in enumerate(empty) if not e]
    texts, vectors, quote_numbers = [texts[i] for i in keep], vectors[keep], [quote_numbers[i] for i in keep]
    if len(texts) < 3:
        # Every sampled answer is still fixed (to no theme): assignment looks each one up (a 2-row file
        # crashed with KeyError here).
        return FittedThemes(fixed={int(q): -1 for q in quote_numbers} | left_out,
                            log=[f"{len(texts)} informative answers: too few for themes"], empty=empty_keys)
    model = ThemeModel(seed=seed, min_theme_size=min_theme_size, n_themes=n_themes, embedder=embedder,
                       project=cache)
    model.fit(texts, vectors)
    labels = np.asarray(model.labels_)
    theme_of = [int(t) if t >= 0 else None for t in labels]
    centroids, floors = theme_centroids(vectors, theme_of)
    keys = sorted(centroids)
    fitted = FittedThemes(
        keys=keys,
        centroids=np.vstack([centroids[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 0)),
        floors=np.asarray([floors[k] for k in keys], dtype=np.float32),
        fixed={q: int(t) for q, t in zip(quote_numbers, labels, strict=True)} | left_out,
        log=[{"non_answers_left_out": len(left_out)}, *getattr(model, "guard_log_", [])],
        empty=empty_keys,
    )
    orders = {}
    for k in keys:
        members = np.flatnonzero(labels == k)
        orders[k] = members[np.argsort(-(vectors[members] @ centroids[k]), kind="stable")]
    state = _label_and_group(model, keys, labels, orders, texts, quote_numbers, centroids, _phrase_embed(embedder, cache))
    for k in keys:
        theme, members = state.themes[k], orders[k]
        fitted.topics.append(TopicSummary(
            topic=int(k), label=theme.label, keywords=theme.keywords[:10], sample_size=int(len(members)),
            representative=[int(quote_numbers[i]) for i in members[:N_REPRESENTATIVE]],
            parent=None if theme.parent_id is None else -1 - theme.parent_id,
        ))
    fitted.parents = [ParentSummary(p.label, p.keywords, p.description, [int(q) for q in p.representative_quote_ids])
                      for p in state.parents]
    return fitted


def _label_and_group(model: Any, keys: list[int], labels: np.ndarray, orders: dict[int, np.ndarray], texts: list[str],
                     quote_numbers: list[int], centroids: dict[int, np.ndarray], embed: Any) -> Any:
    """The sample's themes as analyze's ``RunState`` (quote numbers for quote ids), labelled and grouped by
    analyze's ``describe.label_and_group``: the same Danish phrase labels (each theme's quotes in quote
    order, phrases ordered by centrality with the fit's engine; the phrase vectors go through the fit's
    cache into the project, so analyze embeds none again) and the same parents."""
    from focusgroup.records import RESPONDENT, Quote, Theme
    from focusgroup.themes.describe import label_and_group
    from focusgroup.themes.state import RunState

    state = RunState(run_id=0)
    members = {k: sorted(int(quote_numbers[i]) for i in np.flatnonzero(labels == k)) for k in keys}
    order = [k for k in model.topics_ if k in members] + [k for k in keys if k not in model.topics_]
    for k in order:  # in the model's topic order, as analyze adds its themes
        info = model.topics_.get(k)
        state.themes[k] = Theme(label="", keywords=list(info.keywords) if info else [], topic=int(k),
                                size=len(members[k]),
                                representative_quote_ids=[int(quote_numbers[i]) for i in orders[k][:N_REPRESENTATIVE]])
        state.dirty.add(k)
    # the sample's answers as quotes: one respondent each (the parents' figures are counted again over
    # every assigned answer at the merge)
    quotes = {int(q): Quote(text=t, start=0, end=len(t), speaker=str(q), role=RESPONDENT, id=int(q), source_id=1)
              for q, t in zip(quote_numbers, texts, strict=True)}
    label_and_group(state, members, quotes, centroids, embed)
    return state


def _phrase_embed(embedder: Any, cache: Any) -> Callable[[list[str]], np.ndarray] | None:
    """Label phrases embedded by the fit's engine through ``cache``; None for an engine whose vectors
    depend on the corpus (TF-IDF): counts alone order the phrases, as in analyze."""
    if embedder is None or not getattr(embedder, "cacheable", False):
        return None
    from focusgroup.embed import embed_texts

    return lambda phrases: embed_texts(phrases, embedder, cache)
