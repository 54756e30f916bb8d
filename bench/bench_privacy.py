"""Recall/precision of the pseudonymiser on the project's privacy set and on DaNE test PER entities.

A gold span counts as found ("covered") when predicted spans hide all of its characters, whatever
kind they were given: for privacy that is what matters; a genitive ending may stay visible ("Lones"
pseudonymised as "[Person 1]s"). "strict" also requires the genitive ending hidden. "exact" also requires same extent and kind.
A predicted span is correct when it overlaps a gold span.

Usage: python bench/bench_privacy.py [--no-ner] [--rebuild-gold] [--json out.json] [--dev]
``--dev`` scores the 250 DaNE train sentences held out from NER training (the rules' tuning set)
instead of DaNE test; ``--dev --all-train`` all of DaNE train (only meaningful with ``--no-ner``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GOLD_TXT = REPO / "tests" / "data" / "privacy" / "privacy_eval.txt"
GOLD_JSONL = REPO / "tests" / "data" / "privacy" / "privacy_eval.jsonl"
DANE_DIR = REPO / ".." / "shared" / "data" / "danish-nlp"
DANE_TEST = DANE_DIR / "dane_test.jsonl"
DANE_TRAIN = DANE_DIR / "dane_train.jsonl"
TRAIN_SEED, TRAIN_DEV_SIZE = 0, 250  # = SEED, DEV_SIZE in scripts/train_spacy.py
KIND_OF_LABEL = {"PER": "person", "CPR": "cpr", "PHONE": "phone", "EMAIL": "email", "ADDRESS": "address"}
_MARK = re.compile(r"\[\[(PER|CPR|PHONE|EMAIL|ADDRESS):(.+?)\]\]")


def parse_markup(path: Path = GOLD_TXT) -> list[dict]:
    """The hand-written markup file as records {"text", "spans": [{"start", "end", "label"}]}."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, spans, pos = "", [], 0
        for m in _MARK.finditer(line):
            text += line[pos : m.start()]
            spans.append({"start": len(text), "end": len(text) + len(m.group(2)), "label": m.group(1)})
            text += m.group(2)
            pos = m.end()
        out.append({"text": text + line[pos:], "spans": spans})
    return out


def load_gold(path: Path = GOLD_JSONL) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dane_per_records(path: Path = DANE_TEST) -> list[dict]:
    """DaNE test sentences with their gold PER spans as character offsets in the sentence text."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    records = (_records_from_tokens(r["doc"], r["tokens"], r["ner_tags"]) for r in rows)
    return [r for r in records if r is not None]


def _detok(tokens: list[str]) -> str:
    text = ""
    for tok in tokens:
        glue = not text or tok in {",", ".", ":", ";", "!", "?", ")", "'s", "'"} or text.endswith("(")
        text += tok if glue else " " + tok
    return text


def dane_dev_records(held_out_only: bool = True) -> list[dict]:
    """DaNE train sentences the NER model never trained on: the 250-sentence dev split that
    scripts/train_spacy.py carves with the same seed. The name rules are tuned on this (and on all of
    DaNE train without NER), so DaNE test stays untouched. Text is re-joined from the tokens."""
    rows = [json.loads(ln) for ln in DANE_TRAIN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    idx = list(range(len(rows)))
    random.Random(TRAIN_SEED).shuffle(idx)
    keep = sorted(idx[:TRAIN_DEV_SIZE]) if held_out_only else range(len(rows))
    out = []
    for i in keep:
        row = rows[i]
        text = _detok(row["tokens"])
        out.append(_records_from_tokens(text, row["tokens"], row["ner_tags"]))
    return [r for r in out if r is not None]


def _records_from_tokens(text: str, tokens: list[str], tags: list[str]) -> dict | None:
    spans, cur, pos = [], None, 0
    for tok, tag in zip(tokens, tags, strict=True):
        i = text.find(tok, pos)
        if i < 0:
            return None
        pos = i + len(tok)
        if tag == "B-PER" or (tag == "I-PER" and cur is None):
            cur = [i, pos]
            spans.append(cur)
        elif tag == "I-PER":
            cur[1] = pos
        else:
            cur = None
    return {"text": text, "spans": [{"start": s, "end": e, "label": "PER"} for s, e in spans]}


def _without_genitive(text: str, start: int, end: int) -> int:
    """A name's genitive ending may stay visible ("[Person 1]s hus"): "Lones" is hidden once "Lone" is."""
    span = text[start:end]
    for suffix in ("'s", "’s", "s", "'", "’"):
        if span.endswith(suffix) and len(span) > len(suffix) + 1:
            return end - len(suffix)
    return end


def score(records: list[dict], predicted: list[list]) -> dict[str, dict[str, float]]:
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rec, preds in zip(records, predicted, strict=True):
        covered = [False] * len(rec["text"])
        for p in preds:
            for i in range(p.start, p.end):
                covered[i] = True
        for g in rec["spans"]:
            st = stats[g["label"]]
            st["gold"] += 1
            st["covered"] += all(covered[g["start"] : _without_genitive(rec["text"], g["start"], g["end"])])
            st["strict"] += all(covered[g["start"] : g["end"]])
            st["exact"] += any(
                p.start == g["start"] and p.end == g["end"] and p.kind == KIND_OF_LABEL[g["label"]] for p in preds
            )
        for p in preds:
            label = next(k for k, v in KIND_OF_LABEL.items() if v == p.kind)
            st = stats[label]
            st["pred"] += 1
            st["pred_ok"] += any(p.start < g["end"] and g["start"] < p.end for g in rec["spans"])
    out = {}
    for label, st in sorted(stats.items()):
        out[label] = {
            "gold": st["gold"],
            "pred": st["pred"],
            "recall": st["covered"] / st["gold"] if st["gold"] else float("nan"),
            "strict_recall": st["strict"] / st["gold"] if st["gold"] else float("nan"),
            "exact_recall": st["exact"] / st["gold"] if st["gold"] else float("nan"),
            "precision": st["pred_ok"] / st["pred"] if st["pred"] else float("nan"),
        }
    return out


def evaluate(records: list[dict], use_ner: bool, kinds: tuple[str, ...] | None = None):
    from focusgroup.privacy import KINDS, Pseudonymizer

    pz = Pseudonymizer(use_ner=use_ner, kinds=kinds or KINDS)
    t0 = time.perf_counter()
    preds = pz.detect_many([r["text"] for r in records])
    return score(records, preds), time.perf_counter() - t0, preds


def altered_clean(records: list[dict], predicted: list[list]) -> dict[str, int]:
    """Sentences without any personal data (the precision cases) that the pseudonymiser changed: target 0."""
    clean = [(r, p) for r, p in zip(records, predicted, strict=True) if not r["spans"]]
    return {"clean": len(clean), "altered": sum(1 for _, p in clean if p)}


def _print(title: str, res: dict, secs: float, n: int) -> None:
    print(f"\n{title}  ({n} sentences, {secs:.1f} s)")
    print(f"{'label':8} {'gold':>5} {'pred':>5} {'recall':>7} {'strict':>7} {'exact':>7} {'precision':>9}")
    for label, r in res.items():
        print(
            f"{label:8} {r['gold']:5d} {r['pred']:5d} {r['recall']:7.3f} {r['strict_recall']:7.3f}"
            f" {r['exact_recall']:7.3f} {r['precision']:9.3f}"
        )


def _print_errors(records: list[dict], predicted: list[list]) -> None:
    for rec, ps in zip(records, predicted, strict=True):
        g = {(s["start"], s["end"]) for s in rec["spans"]}
        p = {(s.start, s.end) for s in ps}
        if g != p:
            print("  ", rec["text"], "| gold:", [rec["text"][a:b] for a, b in sorted(g)],
                  "| pred:", [rec["text"][a:b] for a, b in sorted(p)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-ner", action="store_true", help="name lists only, no NER model")
    ap.add_argument("--rebuild-gold", action="store_true", help="regenerate the jsonl from the markup file")
    ap.add_argument("--errors", action="store_true", help="print missed and spurious spans")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--dev", action="store_true", help="held-out DaNE train split (tuning set), not test")
    ap.add_argument("--all-train", action="store_true", help="with --dev: all of DaNE train")
    ap.add_argument("--threads", type=int, default=1, help="torch threads for the e5 NER (2 were 7x slower than 1 on the loaded box)")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    if args.rebuild_gold:
        with GOLD_JSONL.open("w", encoding="utf-8") as f:
            for rec in parse_markup():
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"wrote {GOLD_JSONL}")
    from focusgroup.nlp import describe_pipeline

    use_ner = not args.no_ner
    if use_ner:
        print("pipeline:", describe_pipeline())
    results = {}
    gold = load_gold()
    res, secs, preds = evaluate(gold, use_ner)
    _print("privacy_eval (tests/data/privacy)", res, secs, len(gold))
    clean = altered_clean(gold, preds)
    print(f"clean sentences altered: {clean['altered']} of {clean['clean']}")
    results["privacy_eval"] = res
    results["privacy_eval_clean"] = clean
    if args.errors:
        _print_errors(gold, preds)
    if (DANE_TRAIN if args.dev else DANE_TEST).exists():
        if args.dev:
            name, dane = "dane_train_per" if args.all_train else "dane_dev_per", dane_dev_records(not args.all_train)
        else:
            name, dane = "dane_test_per", dane_per_records()
        res, secs, preds = evaluate(dane, use_ner, kinds=("person",))
        _print(f"{name}, PER only", res, secs, len(dane))
        results[name] = res
        if args.errors and args.dev:  # never print test-set errors: tuning happens on dev only
            _print_errors(dane, preds)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
