"""ThemeModel: BERTopic configured for short Danish texts, with a guarded clustering step.

Clustering is done here (UMAP + guarded HDBSCAN, or agglomerative clustering for small corpora) so
a collapse can be detected and repaired without refitting UMAP; BERTopic then builds the theme
representations from those labels (manual topic modelling via ``BaseCluster``): c-TF-IDF on lemmas
with Danish stop words and 1-2-grams, reduce_frequent_words, KeyBERTInspired + MMR keyphrases,
outlier reduction and update_topics. The embeddings are always precomputed (and cached) by us.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from focusgroup.embed import Embedder, embed_texts
from focusgroup.themes import guard
from focusgroup.themes.describe import distinct_words
from focusgroup.themes.errors import ThemeError
from focusgroup.themes.text import TOKEN_PATTERN, lemma_strings, stop_words

SMALL_CORPUS = 150  # below this, UMAP/HDBSCAN are unstable: agglomerative clustering instead
logging.getLogger("BERTopic").disabled = True  # its "custom list of topic assignments" notice is expected


@dataclass
class TopicInfo:
    topic: int
    keywords: list[str]  # c-TF-IDF on lemmas
    keyphrases: list[str] = field(default_factory=list)  # KeyBERTInspired + MMR (semantic embedders)
    size: int = 0


def min_cluster_size_for(n: int) -> int:
    """Grows slowly with the corpus: 200 quotes -> 5, 800 -> 10, 3.5k -> 21, 10k -> 36 (selected on SIB-200
    train/dev folds of 200-800 sentences with leaf selection; a collapse is the guard's job)."""
    return int(np.clip(round(n**0.5 / 2.8), 5, 40))


class _CachedBackend:
    """Lets BERTopic's representation models embed words/docs through our cached embedder.

    ``known`` maps the fitted documents (lemma strings) to their quotes' vectors: KeyBERTInspired
    embeds each theme's representative documents, which are quotes already embedded, so they are
    looked up instead of embedding their lemma strings anew (issue 16: no text embedded twice)."""

    def __new__(cls, emb: Embedder, project: Any, known: dict[str, np.ndarray] | None = None):
        from bertopic.backend import BaseEmbedder

        known = known or {}

        class Backend(BaseEmbedder):
            def embed(self, documents, verbose=False):  # noqa: ARG002
                docs = [str(d) for d in documents]
                todo = [d for d in docs if d not in known]
                found = dict(zip(todo, embed_texts(todo, emb, project), strict=True)) if todo else {}
                return np.vstack([known[d] if d in known else found[d] for d in docs]) if docs else \
                    np.zeros((0, emb.dim), dtype=np.float32)

        return Backend()


class ThemeModel:
    """fit(texts, embeddings) -> labels_ and topics_; transform(embeddings) assigns new quotes."""

    def __init__(
        self,
        *,
        seed: int = 42,
        min_theme_size: int | None = None,
        n_themes: int | None = None,
        embedder: Embedder | None = None,
        project: Any = None,
        attempts: list[guard.Attempt] | None = None,
        keyphrases: bool = True,
        engine: str | None = None,
    ) -> None:
        self.seed = seed
        self.min_theme_size = min_theme_size
        self.n_themes = n_themes
        self.embedder = embedder
        self.project = project
        self.attempts = attempts
        self.keyphrases = keyphrases and embedder is not None and embedder.cacheable
        # the engine whose vectors fit() gets (default: the embedder's): e5 vectors are clustered without tone
        self.engine = engine or (embedder.name if embedder is not None else None)

    # -- clustering ------------------------------------------------------------------------

    def _reduce(self, x: np.ndarray, seed: int | None = None) -> np.ndarray:
        """UMAP to 5 dimensions, cached in the project: the same quotes and seed give the same result,
        so a re-analysis (after edits, or with another min theme size) skips the slowest step."""
        seed = self.seed if seed is None else seed
        n_neighbors = min(15, len(x) - 1)
        key = hashlib.sha256(x.tobytes() + f"{n_neighbors}|{seed}|5".encode()).hexdigest()[:32]
        ids = [str(i) for i in range(len(x))]
        if self.project is not None:
            found = self.project.cached_embeddings("umap", key, ids)
            if len(found) == len(ids):
                return np.vstack([found[i] for i in ids])
        from focusgroup.themes import umap_cache

        umap_cache.enable()  # numba's file cache: no ~25-40 s kernel compilation per fresh process
        from umap import UMAP

        with warnings.catch_warnings():  # "no transform without an NNDescent index" and "n_jobs": expected
            warnings.simplefilter("ignore", UserWarning)
            reduced = UMAP(
                n_neighbors=n_neighbors, n_components=5, min_dist=0.0, metric="cosine",
                random_state=seed, low_memory=True, precomputed_knn=exact_knn(x, n_neighbors),
            ).fit_transform(x).astype(np.float32)
        if self.project is not None:
            self.project.cache_embeddings("umap", key, dict(zip(ids, reduced, strict=True)))
        return reduced

    def _cluster(self, x: np.ndarray, layouts: int = 1) -> np.ndarray:
        """Labels (-1 outliers); with ``layouts`` > 1 (and the default attempts, 150-``MAX_QUOTES`` quotes)
        the themes agreed over that many UMAP layouts (``themes.consensus``)."""
        n = len(x)
        mcs = self.min_theme_size or min_cluster_size_for(n)
        if n < SMALL_CORPUS:
            self.reduced_ = x
            attempts = self.attempts or [_agglomerative_attempt(self.n_themes, mcs, self.seed),
                                         guard.kmeans_attempt(self.n_themes, self.seed, 2)]
        else:
            self.reduced_ = self._reduce(x)
            attempts = self.attempts or (
                [guard.kmeans_attempt(self.n_themes, self.seed, mcs)] if self.n_themes
                else guard.default_attempts(n, mcs, self.seed)
            )
        labels, self.guard_log_ = guard.guarded_cluster(self.reduced_, attempts)
        if layouts > 1 and n >= SMALL_CORPUS and self.attempts is None and not self.n_themes:
            from focusgroup.themes.consensus import MAX_QUOTES, consensus_cluster

            if n <= MAX_QUOTES:
                labels, entry = consensus_cluster(
                    labels, lambda s: self._reduce(x, s),
                    lambda r, s: guard.guarded_cluster(r, guard.default_attempts(n, mcs, s))[0],
                    self.seed, mcs, lambda lab: guard.check(lab).ok, layouts)
                self.guard_log_.append(entry)
        return _renumber(labels)

    # -- fit / transform -------------------------------------------------------------------

    def fit(self, texts: list[str], embeddings: np.ndarray, own: np.ndarray | None = None) -> ThemeModel:
        """Cluster by ``embeddings``; ``own`` (default: the same) are the quotes' own vectors, which
        KeyBERT's representative documents and the centroids use (``context.clustering_vectors``).
        The clustering (and BERTopic's outlier reduction) sees ``embeddings`` centred and without the
        sentiment and length directions when they are the sentiment model's engine family
        (``context.without_tone``); there, with no theme count asked for, the themes are those agreed
        over several UMAP layouts (``themes.consensus``), the outliers then go to their nearest theme and
        near-duplicate themes are merged in pairs (``themes.merge``)."""
        from bertopic import BERTopic
        from bertopic.cluster import BaseCluster
        from bertopic.dimensionality import BaseDimensionalityReduction
        from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
        from bertopic.vectorizers import ClassTfidfTransformer
        from sklearn.feature_extraction.text import CountVectorizer

        from focusgroup.themes.consensus import LAYOUTS
        from focusgroup.themes.context import without_tone
        from focusgroup.themes.merge import near_duplicates, nearest_theme

        x = np.asarray(embeddings, dtype=np.float32)
        n = len(texts)
        if n < 3:
            raise ThemeError("themes_too_few_quotes", n=n)
        own = x if own is None else np.asarray(own, dtype=np.float32)
        seen = without_tone(x, self.engine, texts)
        labels = self._cluster(seen, layouts=LAYOUTS if seen is not x else 1)
        if seen is not x and not self.n_themes:  # e5 vectors, no theme count asked for: themes/merge.py
            labels = _renumber(near_duplicates(nearest_theme(labels, seen), seen))
        x = seen
        docs = lemma_strings(texts, self.project)

        def vectorizer() -> CountVectorizer:
            # min_df counts topics here, not quotes (c-TF-IDF sees one text per topic): keep it 1.
            return CountVectorizer(ngram_range=(1, 2), stop_words=sorted(stop_words()),
                                   token_pattern=TOKEN_PATTERN, min_df=1)

        backend = _CachedBackend(self.embedder, self.project, dict(zip(docs, own, strict=True))) if self.keyphrases \
            else None
        tm = BERTopic(
            embedding_model=backend,
            umap_model=BaseDimensionalityReduction(),
            hdbscan_model=BaseCluster(),
            vectorizer_model=vectorizer(),
            ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
            calculate_probabilities=False,
            language="multilingual",  # "english" would strip æ, ø and å from every keyword
        )
        try:
            tm.fit(docs, embeddings=x, y=labels)
        except ValueError:  # no terms at all (only stop words): keywords stay empty
            self._finish(None, labels, own)
            return self
        topics = list(tm.topics_)
        if -1 in topics and len(set(topics)) > 1:
            topics = tm.reduce_outliers(docs, topics, strategy="embeddings", embeddings=x)
        representation = None
        if self.keyphrases:
            representation = {"KeyBERT": [
                KeyBERTInspired(top_n_words=10, nr_repr_docs=5, nr_candidate_words=20, random_state=self.seed),
                MaximalMarginalRelevance(diversity=0.3, top_n_words=8),
            ]}
        with contextlib.suppress(ValueError):  # no terms left: keep the first representation
            tm.update_topics(docs, topics=topics, vectorizer_model=vectorizer(),
                             ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
                             representation_model=representation)
        self._finish(tm, np.asarray(topics), own)
        return self

    def _finish(self, tm: Any, labels: np.ndarray, x: np.ndarray) -> None:
        self.topic_model_ = tm
        self.labels_ = np.asarray(labels)
        self.topics_: dict[int, TopicInfo] = {}
        for t in sorted(set(self.labels_.tolist()) - {-1}):
            words, phrases = [], []
            if tm is not None:
                words = [w for w, s in (tm.get_topic(t) or []) if w and s > 0 and distinct_words(w)]
                aspects = getattr(tm, "topic_aspects_", {}) or {}
                phrases = [w for w, s in aspects.get("KeyBERT", {}).get(t, []) if w and distinct_words(w)]
            self.topics_[t] = TopicInfo(t, words, phrases, int((self.labels_ == t).sum()))
        self.centroids_ = {t: _unit(x[self.labels_ == t].mean(axis=0)) for t in self.topics_}

    def transform(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest theme centroid and its cosine similarity, for new material."""
        from focusgroup.themes.assign import nearest

        return nearest(np.asarray(embeddings, dtype=np.float32), self.centroids_)


def _agglomerative_attempt(k: int | None, min_size: int, seed: int) -> guard.Attempt:
    def run(x: np.ndarray) -> np.ndarray:
        from sklearn.cluster import AgglomerativeClustering

        n = len(x)
        # ~1.1 sqrt(n) themes, as leaf HDBSCAN gives larger studies: the silhouette's choice (3-4 themes
        # for 99 SIB-200 dev sentences, 7 topics) gave NMI .355 vs .476 on nine train/dev subsets of 60-120
        kk = k or int(np.clip(round(1.1 * n**0.5), 3, max(3, n // 3)))
        labels = AgglomerativeClustering(n_clusters=max(1, min(kk, n))).fit_predict(x)
        sizes = np.bincount(labels)
        # singletons cannot be themes: they become outliers and are reassigned later
        labels[sizes[labels] < 2] = -1
        return labels

    return f"agglomerative(k={k or 'auto'})", run


def exact_knn(x: np.ndarray, k: int, chunk: int = 1024) -> tuple[np.ndarray, np.ndarray, None]:
    """Exact cosine neighbours (self first) with numpy: faster than UMAP's own search below ~50k
    quotes, and it spares the per-process numba compilation of the approximate search."""
    n = len(x)
    idx = np.empty((n, k), dtype=np.int32)
    dist = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, chunk):
        sims = x[start : start + chunk] @ x.T
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = np.inf  # self first
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        order = np.argsort(-sims[rows[:, None], part], axis=1, kind="stable")
        top = part[rows[:, None], order]
        idx[start : start + chunk] = top
        d = 1.0 - sims[rows[:, None], top]
        d[:, 0] = 0.0
        dist[start : start + chunk] = np.clip(d, 0.0, 2.0)
    return idx, dist, None


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Topics numbered by size (largest 0), outliers -1, so the same input gives the same numbers."""
    labels = np.asarray(labels)
    ids = [t for t in np.unique(labels) if t >= 0]
    order = sorted(ids, key=lambda t: (-(labels == t).sum(), int(np.argmax(labels == t))))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping.get(t, -1) for t in labels])


def _unit(v: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(v)
    return (v / norm).astype(np.float32) if norm else v.astype(np.float32)
