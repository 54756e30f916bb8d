"""Comment sentiment in the light of its question: answers to "Hvad kan jobcentret gøre bedre?".

Scores tests/data/improve/{dev,test}.tsv (written for this project: suggestions, complaints and praise,
labelled neutral/negativ/positiv) with the project's default sentiment model, then applies
``sentiment.question.in_light_of`` as the pipeline does, and prints how many suggestions end up negative
and how many complaints stay negative. The rule was written on dev only; test is scored once.

    nice -n 10 .venv/bin/python bench/bench_improve_answers.py [--split dev|test] [--model SPEC]
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from focusgroup.sentiment import get_backend, score_texts
from focusgroup.sentiment.backends import encode
from focusgroup.sentiment.question import in_light_of

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "improve"
QUESTION = "Hvad kan jobcentret gøre bedre?"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    ap.add_argument("--model", default=None, help="sentiment model spec (default: the project's default)")
    ap.add_argument("--show", action="store_true", help="print every answer whose label is wrong")
    args = ap.parse_args()
    rows = list(csv.DictReader((DATA / f"{args.split}.tsv").open(encoding="utf-8"), delimiter="\t"))
    texts = [r["text"] for r in rows]
    backend = get_backend(args.model)
    emb = encode(texts, backend.embedder) if backend.embedder else None
    before = score_texts(texts, emb, backend)
    after = [in_light_of(t, QUESTION, lab, score) for t, (lab, score, _) in zip(texts, before, strict=True)]
    print(f"{args.split}: {len(rows)} answers to {QUESTION!r}, model {backend.name}")
    for name, labels in (("model alone", [b[0] for b in before]), ("in the light of the question", [a[0] for a in after])):
        by_kind: dict[str, Counter] = {}
        for r, lab in zip(rows, labels, strict=True):
            by_kind.setdefault(r["kind"], Counter())[lab] += 1
        acc = sum(lab == r["label"] for r, lab in zip(rows, labels, strict=True)) / len(rows)
        sugg, compl = by_kind.get("forslag", Counter()), by_kind.get("klage", Counter())
        print(f"  {name:30s} accuracy {acc:.3f}; suggestions negative {sugg['negativ']}/{sum(sugg.values())}; "
              f"complaints negative {compl['negativ']}/{sum(compl.values())}; " + "; ".join(
                  f"{k}: {dict(v)}" for k, v in sorted(by_kind.items())))
    if args.show:
        for r, (lab, _), b in zip(rows, after, before, strict=True):
            if lab != r["label"]:
                print(f"  gold {r['label']:8s} model {b[0]:8s} now {lab:8s} | {r['text']}")


if __name__ == "__main__":
    main()
