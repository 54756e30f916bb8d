"""Lemma repairs (issue 18): UD Danish-DDT lemma accuracy with and without ``components._repair`` and
``components._choose`` (which of lemmy's candidates; session 13).

The repairs were selected on the dev split; ``--test`` reports the test split (run it once).
Predicted POS from the project pipeline on gold tokens, like bench/bench_nlp.py.

    nice python bench/bench_lemmas.py            # dev
    nice python bench/bench_lemmas.py --test     # test, once
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def evaluate(split: str) -> dict:
    from bench_nlp import DATA, read_conllu, run_components

    from focusgroup.nlp import components, load_pipeline

    nlp = load_pipeline()
    sents = read_conllu(DATA / f"da_ddt-ud-{split}.conllu")
    pos = [[t.pos_ for t in run_components(nlp, [w for w, _, _ in s])] for s in sents]
    repair, choose = components._repair, components._choose
    preds = {}
    for name, fn, ch in (("lemmy's first candidate, no repairs", lambda form, p, lemma: lemma, lambda f, p, c: c),
                         ("without repairs", lambda form, p, lemma: lemma, choose),
                         ("with repairs", repair, choose)):
        components._repair, components._choose = fn, ch
        components.lemma_for.cache_clear()
        preds[name] = [[components.lemma_for(w, p) for (w, _, _), p in zip(s, tags, strict=True)]
                       for s, tags in zip(sents, pos, strict=True)]
    components._repair, components._choose = repair, choose
    components.lemma_for.cache_clear()
    gold = [[g for _, g, _ in s] for s in sents]
    out: dict = {}
    n = sum(len(g) for g in gold)
    for name, pr in preds.items():
        ok = sum(a == b for ps, gs in zip(pr, gold, strict=True) for a, b in zip(ps, gs, strict=True))
        out[name] = {"tokens": n, "lemma_acc": ok / n}
    changed: Counter = Counter()
    for s, tags, before, after in zip(sents, pos, preds["lemmy's first candidate, no repairs"], preds["with repairs"],
                                      strict=True):
        for (w, g, _), p, b, a in zip(s, tags, before, after, strict=True):
            if a != b:
                changed[(w, p, b, a, g, "right" if a == g else "wrong" if b == g else "both wrong")] += 1
    out["with repairs"]["changed"] = changed.most_common()
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true", help="the test split (once, after selecting on dev)")
    args = ap.parse_args()
    split = "test" if args.test else "dev"
    res = evaluate(split)
    for name, r in res.items():
        print(f"UD {split} {name}: lemma acc {r['lemma_acc']:.4f} ({r['tokens']} tokens)")
    print("tokens whose lemma the repairs changed (form, pred POS, before, after, gold, verdict, n):")
    for k, v in res["with repairs"]["changed"]:
        print("   ", *k, v)
