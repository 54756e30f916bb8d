"""Lexical fallback: TF-IDF (words + character n-grams, for Danish compounds) reduced by SVD.

Vectors depend on the whole corpus, so they are never cached and ``encode`` must see every text
of an analysis at once. ``fit`` gives the same vector space as a reusable transformer, for callers
that cannot hold every text (``focusgroup batch`` fits on its sample, then transforms each chunk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from focusgroup.embed.base import l2_normalise, register

if TYPE_CHECKING:
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

# scipy and sklearn are imported where used: ``focusgroup.embed`` registers this backend in every process,
# and importing sklearn there cost a theme rename ~1.6 s of its ~4 s (bench/README.md, session 18 helper E).


class TfidfSvdEmbedder:
    name = "tfidf"
    model = "tfidf-words+char3-5-svd"
    cacheable = False

    def __init__(self, dim: int = 100, seed: int = 42) -> None:
        self.dim = dim
        self.seed = seed

    def fit(self, texts: list[str]) -> FittedTfidfSvd:
        """The vector space of ``texts`` (words + char n-grams, SVD), to ``transform`` any later texts into."""
        return FittedTfidfSvd(self.dim, self.seed).fit(texts)

    def encode(self, texts: list[str]) -> np.ndarray:
        n = len(texts)
        out = np.zeros((n, self.dim), dtype=np.float32)
        if n == 0:
            return out
        from scipy.sparse import hstack
        from sklearn.decomposition import TruncatedSVD

        words, chars = _vectorizers()
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


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(lowercase=True, sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
    chars = TfidfVectorizer(lowercase=True, sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5))
    return words, chars


class FittedTfidfSvd:
    """``TfidfSvdEmbedder``'s space fitted once; picklable (sent to batch workers), L2-normalised output."""

    def __init__(self, dim: int = 100, seed: int = 42) -> None:
        self.dim, self.seed = dim, seed
        self.words, self.chars = _vectorizers()
        self.svd: TruncatedSVD | None = None
        self.fitted = False

    def fit(self, texts: list[str]) -> FittedTfidfSvd:
        from scipy.sparse import hstack
        from sklearn.decomposition import TruncatedSVD

        try:
            x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()
        except ValueError:  # only empty/symbol texts: every vector stays zero
            return self
        self.fitted = True
        k = min(self.dim, x.shape[0] - 1, x.shape[1] - 1)
        if k >= 1:
            self.svd = TruncatedSVD(n_components=k, random_state=self.seed).fit(x)
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts or not self.fitted:
            return out
        from scipy.sparse import hstack

        x = hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
        reduced = self.svd.transform(x) if self.svd is not None else x.toarray()[:, : self.dim]
        out[:, : reduced.shape[1]] = reduced
        return l2_normalise(out)


@register("tfidf")
def _factory() -> TfidfSvdEmbedder:
    return TfidfSvdEmbedder()
