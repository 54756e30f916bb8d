"""Lexical fallback: TF-IDF (words + character n-grams, for Danish compounds) reduced by SVD.

Vectors depend on the whole corpus, so they are never cached and ``encode`` must see every text
of an analysis at once.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import hstack
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer

from focusgroup.embed.base import l2_normalise, register


class TfidfSvdEmbedder:
    name = "tfidf"
    model = "tfidf-words+char3-5-svd"
    cacheable = False

    def __init__(self, dim: int = 100, seed: int = 42) -> None:
        self.dim = dim
        self.seed = seed

    def encode(self, texts: list[str]) -> np.ndarray:
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if n == 0:
            return out
        words = TfidfVectorizer(lowercase=True, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
        chars = TfidfVectorizer(lowercase=True, sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
        try:
            x = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        except ValueError:  # only empty/symbol texts
            return out
        k = min(self.dim, x.shape[0] - 1, x.shape[1] - 1)
        if k < 1:
            dense = x.toarray()[:, : self.dim]
            out[:, : dense.shape[1]] = dense
        else:
            out[:, :k] = TruncatedSVD(n_components=k, random_state=self.seed).fit_transform(x)
        return l2_normalise(out)


@register("tfidf")
def _factory() -> TfidfSvdEmbedder:
    return TfidfSvdEmbedder()
