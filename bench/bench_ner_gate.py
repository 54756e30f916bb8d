"""The e5 NER's pre-check (``e5_ner._may_hold_entity``): how much text it spares the tagger, and what it loses.

Gate 1 skipped a window whose only capitals are sentence-initial stop words; gate 2 also skips
sentence-initial frequent words ("Tak", "Super": wordfreq Zipf >= ``GATE_ZIPF``) that no name
list holds; gate 3 (session 15) also passes over capitalised words that are never a name wherever they
stand (``never_a_name``: ids with digits, stop words such as the pronoun "I", speaker words such as
"Respondent") and starts an item after "·" (survey headers). No model runs here: the gates are compared on

* the share of windows and words each keeps, on the synthetic 1k survey (bench/out/pipeline/
  comments_1000.csv, ``python bench/pipeline_data.py 1000 10000``) and the sample study's files
  (transcripts/, read by the importer): the quotes, and the source text between them (survey headers
  "Respondent 17 · Hvad ...", speaker labels), which the pseudonymised export tags too;
* DaNE train (never test): gold entities in the sentences each gate skips, and of the PER names among
  them, how many the name rules still hide (``privacy.detect`` without NER spans). The DaNE name lists
  (the gate's and the rules') are harvested without the sentence's fifth of the data, so the names
  count as unseen, as in bench_privacy_stages.py.

Usage: python bench/bench_ner_gate.py [--folds 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "scripts"))

COMMENTS = REPO / "bench" / "out" / "pipeline" / "comments_1000.csv"
SAMPLE = REPO / "transcripts"


def gate1(doc, start: int, end: int) -> bool:
    """The gate before session 13: only sentence-initial stop words are no evidence."""
    from focusgroup.nlp import e5_ner_gate as eg
    from focusgroup.nlp.stopwords import STOP_WORDS

    return eg.may_hold_entity(doc, start, end, ordinary=lambda word: word.lower() in STOP_WORDS, version=1)


def gate2(doc, start: int, end: int) -> bool:
    """Sessions 13-14: gate 1 plus sentence-initial frequent words."""
    from focusgroup.nlp import e5_ner_gate as eg

    return eg.may_hold_entity(doc, start, end, version=2)


def gates() -> dict:
    from focusgroup.nlp import e5_ner_gate as eg

    return {"gate 1": gate1, "gate 2": gate2, "gate 3": eg.may_hold_entity}


def corpora() -> dict[str, list[str]]:
    """Quotes, and the text between them (one piece per gap, as the export tags them), per file."""
    from focusgroup.ingest import read_file

    files = ([(COMMENTS, {"text_columns": ["svar"], "id_column": "id"})] if COMMENTS.is_file() else []) + [
        (p, {}) for p in sorted(SAMPLE.glob("*")) if p.suffix in (".docx", ".txt", ".vtt", ".xlsx")]
    out: dict[str, list[str]] = {}
    for path, kw in files:
        quotes, gaps = [], []
        for src in read_file(path, **kw):
            pos = 0
            for q in sorted(src.quotes, key=lambda q: q.start):
                quotes.append(q.text)
                gaps.append(src.source.text[pos : q.start])
                pos = q.end
            gaps.append(src.source.text[pos:])
        name = "synthetic survey, 1k comments" if path == COMMENTS else f"sample study {path.name}"
        out[name] = list(dict.fromkeys(t for t in quotes if t.strip()))
        out[f"{name}: between quotes"] = list(dict.fromkeys(t for t in gaps if t.strip()))
    return out


def kept_share(nlp, texts: list[str]) -> dict:
    from focusgroup.nlp import e5_ner as en

    n = words = 0
    kept = {g: [0, 0] for g in gates()}
    for doc in nlp.tokenizer.pipe(texts):
        for s, e in en._windows(doc):
            n, words = n + 1, words + e - s
            for name, gate in gates().items():
                if gate(doc, s, e):
                    kept[name][0] += 1
                    kept[name][1] += e - s
    return {"windows": n, "words": words, **{k: {"windows": w / n, "words": t / words} for k, (w, t) in kept.items()}}


def dane_losses(nlp, folds: int) -> dict:
    """Gold entities of DaNE train in sentences each gate skips (names lists without the sentence's fold)."""
    import bench_privacy as bp
    from build_name_list import harvest, held_out_rows
    from spacy.tokens import Doc

    from focusgroup.nlp import e5_ner as en
    from focusgroup.nlp import e5_ner_gate as eg

    det = importlib.import_module("focusgroup.privacy.detect")
    rows = [json.loads(ln) for ln in bp.DANE_TRAIN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    held = held_out_rows(rows)
    total: Counter = Counter()
    lost = {g: Counter() for g in gates()}
    skipped = {g: 0 for g in gates()}
    per_lost_rules = {g: [0, 0] for g in gates()}  # [PER names in skipped sentences, hidden by the rules]
    examples: list[str] = []
    first, _, surnames = importlib.import_module("focusgroup.nlp.names").name_lists()
    shipped = first | surnames
    saved_gate, saved_lists = eg._gate_names, det.dane_lists
    try:
        for k in range(folds):
            lines, not_names = harvest(rows, held | {i for i in range(len(rows)) if i % folds == k})
            names = frozenset(ln.lstrip("?") for ln in lines)
            lists = (names, frozenset(ln[1:] for ln in lines if ln.startswith("?")), frozenset(not_names))
            gate_names = shipped | names
            eg._gate_names = lambda gate_names=gate_names: gate_names  # type: ignore[assignment]
            eg._ordinary_initial.cache_clear()
            eg.never_a_name.cache_clear()
            det.dane_lists = lambda lists=lists: lists
            det.person_words.cache_clear()
            for i, row in enumerate(rows):
                if i % folds != k:
                    continue
                spans = en.bio_spans(row["ner_tags"])
                total.update(lab for _, _, lab in spans)
                doc = Doc(nlp.vocab, words=row["tokens"])
                for name, gate in gates().items():
                    if gate(doc, 0, len(doc)):
                        continue
                    skipped[name] += 1
                    lost[name].update(lab for _, _, lab in spans)
                    pers = [(a, b) for a, b, lab in spans if lab == "PER"]
                    if not pers:
                        continue
                    rec = bp._records_from_tokens(bp._detok(row["tokens"]), row["tokens"], row["ner_tags"])
                    found = [(s.start, s.end) for s in det.detect(rec["text"], det.DetectContext(set(), [], True), ("person",))] if rec else []
                    for g in rec["spans"] if rec else []:
                        per_lost_rules[name][0] += 1
                        hidden = any(s <= g["start"] and g["end"] <= e for s, e in found)
                        per_lost_rules[name][1] += hidden
                        if name != "gate 1" and not hidden:
                            examples.append(f"{name}: {rec['text'][g['start']:g['end']]!r} | {rec['text'][:70]}")
    finally:
        eg._gate_names = saved_gate  # type: ignore[assignment]
        eg._ordinary_initial.cache_clear()
        eg.never_a_name.cache_clear()
        det.dane_lists = saved_lists
        det.person_words.cache_clear()
    n = len(rows)
    return {"sentences": n, "gold": dict(total),
            **{g: {"skipped": skipped[g] / n, "entities lost": dict(lost[g]),
                   "PER names in skipped sentences": per_lost_rules[g][0],
                   "of them hidden by the name rules": per_lost_rules[g][1]} for g in lost},
            "PER lost at the output (gates 2, 3)": examples}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    from focusgroup.nlp import load_pipeline

    nlp = load_pipeline()
    res: dict = {"corpora": {}}
    print(f"{'corpus':66} {'windows':>7} {'words':>6}  kept windows / words: gate 1 | gate 2 | gate 3")
    for name, texts in corpora().items():
        r = kept_share(nlp, texts)
        res["corpora"][name] = r
        print(f"{name:66} {r['windows']:7} {r['words']:6}  " + " | ".join(
            f"{r[g]['windows']:.3f} / {r[g]['words']:.3f}" for g in gates()), flush=True)
    d = dane_losses(nlp, args.folds)
    res["dane_train"] = d
    print(f"\nDaNE train, {d['sentences']} sentences (all folds; test never read), gold {d['gold']}")
    for g in gates():
        x = d[g]
        print(f"  {g}: skips {x['skipped']:.3f} of sentences; gold entities in them {x['entities lost']}; "
              f"PER names there {x['PER names in skipped sentences']}, hidden anyway by the name rules "
              f"{x['of them hidden by the name rules']}")
    for ex in d["PER lost at the output (gates 2, 3)"]:
        print("   skipped, rules miss:", ex)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
