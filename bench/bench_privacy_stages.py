"""Where person names get lost between the NER tagger and the pseudonymised text (issue 15), on DaNE train.

Every DaNE train+dev sentence as running text (the 564 DaNE dev sentences with their raw text from
``da_ddt-ud-dev.conllu``, the others re-joined from their tokens like ``bench_privacy --dev``), and per
gold PER name whether it is hidden after each stage:

1. the e5 tagger on DaNE's gold tokens (no spaCy, no windows);
2. the pipeline's entities on the running text (spaCy's tokens, windows, ``_may_hold_entity``);
3. after ``_clean_person`` (POS trimming);
4. the pseudonymiser's output (``detect``: lists, rules, filters), with the DaNE name lists harvested
   without the sentence's fifth of the data (``--folds``), so the names are as unseen as on test.

The tagger trained on these sentences, so stage 1 is optimistic; what matters is the loss after it.
DaNE test is never read. ``--errors`` prints the names a stage lost. Takes ~8 min on 2 loaded cores.

Usage: python bench/bench_privacy_stages.py [--limit N] [--folds 5] [--errors]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "scripts"))

import bench_privacy as bp  # noqa: E402

UD_DEV = bp.DANE_DIR / "da_ddt-ud-dev.conllu"
STAGES = ("tagger on gold tokens", "pipeline entities", "after _clean_person", "pseudonymised output")


def ud_texts(path: Path = UD_DEV) -> dict[tuple[str, ...], str]:
    """Raw sentence text by token tuple, from a UD conllu file (multi-word token lines skipped)."""
    out, text, toks = {}, None, []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            text = line[9:]
        elif not line:
            if toks and text:
                out[tuple(toks)] = text
            text, toks = None, []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" not in cols[0] and "." not in cols[0]:
                toks.append(cols[1])
    return out


def records(limit: int | None = None) -> tuple[list[dict], list[dict]]:
    """(DaNE train rows, records with text, gold PER spans, tokens, row number), held-out split left out."""
    from build_name_list import held_out_rows

    rows = [json.loads(ln) for ln in bp.DANE_TRAIN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    held = held_out_rows(rows)
    raw = ud_texts() if UD_DEV.exists() else {}
    out = []
    for i, row in enumerate(rows):
        if i in held:
            continue
        text = raw.get(tuple(row["tokens"])) or bp._detok(row["tokens"])
        rec = bp._records_from_tokens(text, row["tokens"], row["ner_tags"])
        if rec is not None:
            out.append({**rec, "tokens": row["tokens"], "row": i, "raw": tuple(row["tokens"]) in raw})
    return rows, out[:limit] if limit else out


def _offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    pos, out = 0, []
    for tok in tokens:
        i = text.find(tok, pos)
        out.append((i, i + len(tok)))
        pos = i + len(tok)
    return out


def run_stages(recs: list[dict], rows: list[dict], folds: int) -> None:
    """Adds "stages": four span lists per record."""
    from build_name_list import harvest, held_out_rows

    from focusgroup.nlp import load_pipeline
    from focusgroup.nlp.e5_ner import bio_spans, load_e5_ner
    from focusgroup.privacy.person_spans import clean_person as _clean_person
    from focusgroup.privacy.person_spans import precise_ner as _precise_ner

    det = importlib.import_module("focusgroup.privacy.detect")
    nlp = load_pipeline()
    tags = load_e5_ner().tag([r["tokens"] for r in recs])
    keep = {"ner", "tok2vec", "morphologizer", "tagger", "attribute_ruler"}
    docs = nlp.pipe([r["text"] for r in recs], batch_size=64, disable=[p for p in nlp.pipe_names if p not in keep])
    precise = _precise_ner(nlp)
    for rec, wtags, doc in zip(recs, tags, docs, strict=True):
        offs = _offsets(rec["text"], rec["tokens"])
        gold_tok = [(offs[a][0], offs[b - 1][1]) for a, b, label in bio_spans(wtags) if label == "PER"]
        ents = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
        clean = [sp for e in doc.ents if e.label_ == "PER" and (sp := _clean_person(e, precise)) is not None]
        rec["stages"] = [gold_tok, ents, clean, []]
    held = held_out_rows(rows)
    saved = det.dane_lists
    try:
        for k in range(folds):
            lines, not_names = harvest(rows, held | {r["row"] for r in recs if r["row"] % folds == k})
            names = frozenset(ln.lstrip("?") for ln in lines)
            lists = (names, frozenset(ln[1:] for ln in lines if ln.startswith("?")), frozenset(not_names))
            det.dane_lists = lambda lists=lists: lists
            det.person_words.cache_clear()
            for rec in recs:
                if rec["row"] % folds == k:
                    ctx = det.DetectContext(set(), rec["stages"][2], precise)
                    rec["stages"][3] = [(s.start, s.end) for s in det.detect(rec["text"], ctx, ("person",))]
    finally:
        det.dane_lists = saved
        det.person_words.cache_clear()


def _hidden(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    return all(i in covered for i in range(a, b))


def report(recs: list[dict], errors: bool) -> dict:
    n, found, pred, wrong = 0, [0] * len(STAGES), 0, 0
    for rec in recs:
        text = rec["text"]
        for g in rec["spans"]:
            a, b = g["start"], bp._without_genitive(text, g["start"], g["end"])
            n += 1
            hit = [_hidden(st, a, b) for st in rec["stages"]]
            found = [f + h for f, h in zip(found, hit, strict=True)]
            lost = next((i for i in range(1, len(hit)) if hit[i - 1] and not hit[i]), None)
            if errors and lost is not None:
                print(f"  lost at '{STAGES[lost]}': {text[a:b]!r} | {text[max(0, a - 60) : b + 40]}")
        for s, e in rec["stages"][3]:
            pred += 1
            wrong += not any(s < g["end"] and g["start"] < e for g in rec["spans"])
    out = {"gold": n, **{st: found[i] / n for i, st in enumerate(STAGES)}, "precision": 1 - wrong / pred if pred else 0.0}
    print(f"\n{len(recs)} DaNE train sentences ({sum(r['raw'] for r in recs)} with raw UD text), {n} PER names")
    for i, st in enumerate(STAGES):
        print(f"{st:26} recall {found[i] / n:.3f}")
    print(f"{'output precision':26} {out['precision']:.3f} ({pred} spans)")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="first N sentences only")
    ap.add_argument("--folds", type=int, default=5, help="name lists harvested without each fold in turn")
    ap.add_argument("--errors", action="store_true", help="print the names each stage lost")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    rows, recs = records(args.limit)
    run_stages(recs, rows, args.folds)
    res = report(recs, args.errors)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
