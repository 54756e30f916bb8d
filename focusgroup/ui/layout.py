"""2-D positions of the themed quotes for the quote map.

The analysis already cached each quote's embedding in the project, so the map only reduces those
vectors to two dimensions (UMAP, cosine); runs without cacheable vectors (tfidf) fall back to a
TF-IDF/SVD representation of the texts. Positions depend on the texts only, never on edits, so they
are cached per run and quote set while colours follow the current themes.
"""

from __future__ import annotations

import numpy as np

from focusgroup.store import Project

UMAP_LIMIT = 20_000  # above this, PCA: UMAP would take minutes on two cores


def cached_vectors(project: Project, texts: list[str], embedder: str) -> np.ndarray | None:
    """The analysis' own vectors from the project's embedding cache, or None if any is missing."""
    try:
        from focusgroup.embed import get_embedder
        from focusgroup.embed.cache import MAX_CHARS, text_hash

        emb = get_embedder(embedder)
    except Exception:  # noqa: BLE001 - an unknown/missing model only means: no cached vectors
        return None
    if not getattr(emb, "cacheable", True):
        return None
    hashes = [text_hash(t[:MAX_CHARS]) for t in texts]
    found = project.cached_embeddings(emb.name, emb.model, hashes)
    if len(found) < len(set(hashes)):
        return None
    return np.vstack([found[h] for h in hashes]).astype(np.float32)


def lexical_vectors(texts: list[str], seed: int) -> np.ndarray:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(max_features=5000, sublinear_tf=True).fit_transform(texts)
    k = max(2, min(50, x.shape[1] - 1, x.shape[0] - 1))
    return TruncatedSVD(n_components=k, random_state=seed).fit_transform(x).astype(np.float32)


def reduce_2d(x: np.ndarray, seed: int = 42) -> np.ndarray:
    n = len(x)
    if n < 15 or n > UMAP_LIMIT:
        from sklearn.decomposition import PCA

        return PCA(n_components=2, random_state=seed).fit_transform(x)
    from focusgroup.themes import umap_cache

    umap_cache.enable()  # numba's file cache: the map does not recompile UMAP in every app process
    import umap

    reducer = umap.UMAP(n_neighbors=min(15, n - 1), n_components=2, min_dist=0.1, metric="cosine",
                        random_state=seed, n_jobs=1)
    return reducer.fit_transform(x)


def positions(project: Project, texts: list[str], embedder: str, seed: int = 42) -> np.ndarray:
    vectors = cached_vectors(project, texts, embedder)
    if vectors is None:
        vectors = lexical_vectors(texts, seed)
    return reduce_2d(vectors, seed)
