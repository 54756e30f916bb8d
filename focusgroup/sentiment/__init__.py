"""Danish sentiment per quote (label, score in [-1, 1], mixed flag) and its aggregates.

``score_texts`` for any list of texts, ``score_project`` for a stored project (run by the pipeline
after themes), ``aggregate`` for shares with confidence intervals and the low-satisfaction ranking.
"""

from focusgroup.sentiment.backends import BACKENDS, get_backend
from focusgroup.sentiment.model import LABELS
from focusgroup.sentiment.score import score_project, score_texts

__all__ = ["BACKENDS", "LABELS", "describe_model", "get_backend", "score_project", "score_texts"]


def describe_model(spec: str | None = None) -> str:
    """One line for `focusgroup doctor`: which sentiment model is used and how it scored."""
    backend = get_backend(spec)
    model = getattr(backend, "model", None)
    if model is None:
        return backend.name
    test = model.meta.get("test", {})
    scores = ", ".join(f"{k} macro-F1 {v['macro_f1']:.3f}" for k, v in test.items())
    return f"{backend.name} ({model.embedder} + leksikon){'; ' + scores if scores else ''}"
