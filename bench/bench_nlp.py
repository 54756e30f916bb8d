"""Accuracy and speed of the Danish pipeline on the shared held-out test files.

- UPOS accuracy and NER P/R/F per label on DaNE test (gold tokenisation, 565 sentences),
- lemma accuracy on UD Danish-DDT test (gold tokens, predicted POS; also lemmy with gold POS),
- nlp.pipe words/s over 10,000 survey-like answers (the sample survey's free-text answers, cycled).

Usage: python bench/bench_nlp.py [--model PATH_OR_NAME] [--n 10000] [--skip-speed] [--json out.json]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO / ".." / "shared" / "data" / "danish-nlp"
SURVEY = REPO / "transcripts" / "brugerundersoegelse_2020_2021.csv"
TARGET_LABELS = ("PER", "LOC", "ORG")


def run_components(nlp, words: list[str]):
    """Run every component except the tokenizer on gold tokens."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def _bio_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, label = set(), None, None
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                spans.add((start, i, label))
            start, label = (i, tag[2:]) if tag != "O" else (None, None)
    return spans


def eval_dane(nlp) -> dict:
    rows = [json.loads(line) for line in (DATA / "dane_test.jsonl").open(encoding="utf-8")]
    pos_ok = n_tok = 0
    tp, fp, fn = Counter(), Counter(), Counter()
    for row in rows:
        doc = run_components(nlp, row["tokens"])
        pos_ok += sum(t.pos_ == g for t, g in zip(doc, row["pos_tags"], strict=True))
        n_tok += len(doc)
        gold = _bio_spans(row["ner_tags"])
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1

    def prf(labels) -> dict:
        t, p, n = (sum(c[lb] for lb in labels) for c in (tp, fp, fn))
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        return {"p": prec, "r": rec, "f": 2 * prec * rec / (prec + rec) if prec + rec else 0.0, "gold": t + n}

    ner = {lb: prf([lb]) for lb in ("PER", "LOC", "ORG", "MISC")}
    ner["PER+LOC+ORG"] = prf(TARGET_LABELS)
    ner["all"] = prf(("PER", "LOC", "ORG", "MISC"))
    return {"sentences": len(rows), "tokens": n_tok, "upos_acc": pos_ok / n_tok, "ner": ner}


def read_conllu(path: Path) -> list[list[tuple[str, str, str]]]:
    sents, cur = [], []
    for line in path.open(encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if cur:
                sents.append(cur)
            cur = []
        elif not line.startswith("#"):
            c = line.split("\t")
            if "-" not in c[0] and "." not in c[0]:
                cur.append((c[1], c[2], c[3]))
    if cur:
        sents.append(cur)
    return sents


def eval_lemmas(nlp, path: Path) -> dict:
    from focusgroup.nlp.components import lemma_for

    ok = ok_gold_pos = pos_ok = n = 0
    errors: Counter = Counter()
    for sent in read_conllu(path):
        doc = run_components(nlp, [w for w, _, _ in sent])
        for tok, (w, lemma, upos) in zip(doc, sent, strict=True):
            n += 1
            ok += tok.lemma_ == lemma
            pos_ok += tok.pos_ == upos
            ok_gold_pos += lemma_for(w, upos) == lemma
            if tok.lemma_ != lemma:
                errors[(w, lemma, tok.lemma_, tok.pos_, upos)] += 1
    return {
        "tokens": n,
        "lemma_acc": ok / n,
        "lemma_acc_gold_pos": ok_gold_pos / n,
        "upos_acc": pos_ok / n,
        "top_errors": [list(k) + [v] for k, v in errors.most_common(15)],
    }


def survey_answers(n: int) -> list[str]:
    with SURVEY.open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    cols = [c for c in rows[0] if c.startswith("Hvad ")]
    answers = [r[c].strip() for r in rows for c in cols if r[c] and len(r[c].strip()) > 2]
    return list(itertools.islice(itertools.cycle(answers), n)), len(answers)


def eval_speed(nlp, n: int) -> dict:
    from focusgroup.nlp import lemmatize_texts

    texts, distinct = survey_answers(n)
    words = sum(len(d) for d in nlp.tokenizer.pipe(texts))
    out = {"answers": len(texts), "distinct_answers": distinct, "tokens": words}
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    out["full_pipeline_wps"] = words / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    lemmatize_texts(texts, nlp=nlp)
    out["lemmatize_texts_wps"] = words / (time.perf_counter() - t0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="spaCy package or path (default: focusgroup.nlp.load_pipeline())")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--skip-speed", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from focusgroup.nlp import describe_pipeline, load_pipeline

    nlp = load_pipeline(args.model)
    res: dict = {"pipeline": describe_pipeline(args.model)}
    print("pipeline:", res["pipeline"])
    res["dane_test"] = d = eval_dane(nlp)
    print(f"\nDaNE test ({d['sentences']} sentences, {d['tokens']} tokens, gold tokens): UPOS acc {d['upos_acc']:.4f}")
    print(f"{'label':12} {'P':>6} {'R':>6} {'F':>6} {'gold':>5}")
    for lb, m in d["ner"].items():
        print(f"{lb:12} {m['p']:6.3f} {m['r']:6.3f} {m['f']:6.3f} {m['gold']:5d}")
    for split in ("test", "dev"):
        r = res[f"ud_{split}_lemma"] = eval_lemmas(nlp, DATA / f"da_ddt-ud-{split}.conllu")
        print(
            f"\nUD Danish-DDT {split} ({r['tokens']} tokens): lemma acc {r['lemma_acc']:.4f} "
            f"(lemmy with gold POS {r['lemma_acc_gold_pos']:.4f}), UPOS acc {r['upos_acc']:.4f}"
        )
    print("most frequent lemma errors on UD test (form, gold, predicted, pred POS, gold POS, n):")
    for e in res["ud_test_lemma"]["top_errors"][:10]:
        print("   ", e)
    if not args.skip_speed:
        s = res["speed"] = eval_speed(nlp, args.n)
        print(
            f"\nspeed over {s['answers']} survey answers ({s['distinct_answers']} distinct, {s['tokens']} tokens): "
            f"nlp.pipe {s['full_pipeline_wps']:.0f} words/s, lemmatize_texts {s['lemmatize_texts_wps']:.0f} words/s"
        )
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
