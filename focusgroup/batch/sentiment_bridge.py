"""Sentiment for a chunk, through the sentiment package's ``score_texts`` on the chunk's embeddings.

The vectors are computed once per quote and shared with themes. If the installed sentiment package
offers no ``score_texts`` (or its model cannot use these vectors), the Danish lexicon scorer is
used, and the model column says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

THRESHOLD = 0.05  # asent-style compound thresholds for the lexicon fallback


@dataclass
class Scores:
    labels: list[str]
    scores: list[float]
    mixed: list[bool]
    model: str


def score(texts: list[str], vectors: np.ndarray) -> Scores:
    try:
        from focusgroup.sentiment import score_texts
    except ImportError:
        return lexicon_scores(texts)
    try:
        result = score_texts(texts, embeddings=vectors)
    except (ValueError, FileNotFoundError):  # e.g. the model was trained on another embedder's vectors
        return lexicon_scores(texts)
    return _normalise(list(result))


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


def lexicon_scores(texts: list[str]) -> Scores:
    from focusgroup.sentiment.lexicon import score_text

    results = [score_text(t) for t in texts]
    compounds = [r.compound for r in results]
    labels = ["positiv" if c >= THRESHOLD else "negativ" if c <= -THRESHOLD else "neutral" for c in compounds]
    return Scores(labels, [float(c) for c in compounds], [bool(r.mixed) for r in results], "lexicon")
