"""NER on DaNE: entity F1 per label and words/s, the project's spaCy CNN beside the fine-tuned e5 model.

Both run inside the Danish pipeline (``load_pipeline``) on DaNE's gold tokens, so the only difference
is the "ner" component: ``FOCUSGROUP_NER=spacy`` (the CNN in models/da_focusgroup_sm) or ``e5``
(models/ner_e5_da). Exact-span entity scores as in scripts/train_ner.py.

Usage: python bench/bench_ner.py [--dev] [--only spacy|e5] [--json out.json]
``--dev`` scores the 250 DaNE train sentences held out from training (selection split); without it
DaNE test, which is meant to be read once per model, at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

DANE_TEST = REPO / ".." / "shared" / "data" / "danish-nlp" / "dane_test.jsonl"


def run(which: str, rows: list[dict]) -> tuple[dict, float, int]:
    """(scores, seconds for the NER pass, words) with the pipeline's "ner" set to ``which``."""
    os.environ["FOCUSGROUP_NER"] = which
    from spacy.tokens import Doc
    from train_ner import entity_scores

    from focusgroup.nlp.loader import _load_pipeline

    _load_pipeline.cache_clear()
    nlp = _load_pipeline(None)
    if "ner" not in nlp.pipe_names:
        raise SystemExit(f"no ner in the pipeline for {which}")
    needed = {"ner", "tok2vec"}
    procs = [(n, p) for n, p in nlp.pipeline if n in needed]
    docs = [Doc(nlp.vocab, words=r["tokens"]) for r in rows]
    # warm up (loads weights) outside the timing
    for _, proc in procs:
        list(proc.pipe([Doc(nlp.vocab, words=["Lone", "bor", "i", "Aarhus", "."])]))
    t0 = time.perf_counter()
    for _, proc in procs:
        docs = list(proc.pipe(docs, batch_size=64))
    secs = time.perf_counter() - t0
    preds = []
    for doc in docs:
        tags = ["O"] * len(doc)
        for ent in doc.ents:
            tags[ent.start] = f"B-{ent.label_}"
            for i in range(ent.start + 1, ent.end):
                tags[i] = f"I-{ent.label_}"
        preds.append(tags)
    return entity_scores([r["ner_tags"] for r in rows], preds), secs, sum(len(r["tokens"]) for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", action="store_true", help="DaNE train's held-out split instead of DaNE test")
    ap.add_argument("--only", choices=("spacy", "e5"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (2 were 7x slower than 1 on the loaded box)")
    args = ap.parse_args(argv)
    import torch
    from train_ner import load_split

    torch.set_num_threads(args.threads)
    if args.dev:
        rows, name = load_split()[1], "DaNE dev (250 held-out train sentences)"
    else:
        rows = [json.loads(ln) for ln in DANE_TEST.read_text(encoding="utf-8").splitlines() if ln.strip()]
        name = f"DaNE test ({len(rows)} sentences)"
    out = {}
    for which in ("spacy", "e5"):
        if args.only and which != args.only:
            continue
        scores, secs, words = run(which, rows)
        out[which] = {"scores": scores, "seconds": secs, "words_per_s": words / secs}
        print(f"\n{which}: {name}, {words} words in {secs:.1f} s = {words / secs:,.0f} words/s")
        print(f"{'label':12} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6}")
        for label, s in scores.items():
            print(f"{label:12} {s['gold']:5d} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
