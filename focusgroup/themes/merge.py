"""Near-duplicate themes merged in pairs (issue 18, session 16).

The clustering splits one subject into two themes when it is talked about in two ways: the sample study's
letters came out as "Breve og sprog" beside "Sprog", its caseworker as "Nuværende sagsbehandler" beside
"Rådgiver", its jobklub twice. A researcher merges such pairs. Here the themes' centroids (of the clustering
vectors, centred on the mean of all the themes' centroids) are compared; the closest pairs with a cosine of
at least ``MIN_COS`` are merged, best first, each theme at most once (no chains: a 3-way merge needs the
researcher's eye). It runs after the outliers have gone to their nearest theme (``nearest_theme``, as BERTopic's
``reduce_outliers(strategy="embeddings")`` does), so that they join the theme they are closest to, not a pair.

Selected with ``bench/bench_themes_vectors.py`` (variant ``merge0.6``, 10 seeds) on SIB-200 train/dev
folds, the own comment corpus's dev split and the sample study's dev turns; see bench/README.md, issue 18,
"Session 16 (helper E)". A lower threshold (0.4, 0.5) merged more and lost NMI on the own corpus; merging
before the outliers are placed gained less.
"""

from __future__ import annotations

import numpy as np

MIN_COS = 0.6


def nearest_theme(labels: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``labels`` with every outlier (-1) in the theme whose centroid (of ``x``) is the most similar."""
    labels = np.asarray(labels).copy()
    out = np.flatnonzero(labels < 0)
    topics = sorted(set(labels.tolist()) - {-1})
    if not len(out) or not topics:
        return labels
    cents = _unit(np.vstack([x[labels == t].mean(axis=0) for t in topics]))
    labels[out] = np.asarray(topics)[(_unit(x[out]) @ cents.T).argmax(axis=1)]
    return labels


def near_duplicates(labels: np.ndarray, x: np.ndarray, min_cos: float = MIN_COS) -> np.ndarray:
    """``labels`` with each merged pair under the lower number (outliers -1 stay); ``x`` the clustering
    vectors the labels came from. Fewer than 3 themes: unchanged."""
    labels = np.asarray(labels)
    topics = sorted(set(labels.tolist()) - {-1})
    if len(topics) < 3:
        return labels
    c = _unit(np.vstack([x[labels == t].mean(axis=0) for t in topics]))
    c = _unit(c - c.mean(axis=0))
    sim = c @ c.T
    pairs = sorted(((sim[a, b], a, b) for a in range(len(topics)) for b in range(a + 1, len(topics))), reverse=True)
    into = {t: t for t in topics}
    used: set[int] = set()
    for s, a, b in pairs:
        if s < min_cos:
            break
        if a in used or b in used:
            continue
        used |= {a, b}
        into[topics[b]] = topics[a]
    return np.array([into.get(t, t) for t in labels.tolist()])


def _unit(y: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(y, axis=1, keepdims=True)
    return (y / np.where(n > 0, n, 1.0)).astype(np.float32)
