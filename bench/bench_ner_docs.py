"""The e5 NER on documents, not sentences: whole windows against runs of gated sentences (issue 16).

DaNE's items are single sentences, so ``bench_ner.py --dev`` cannot tell how the tagger's window matters.
Here the 250 held-out DaNE train sentences (the selection split, never test) are joined ``k`` at a time, in
corpus order, into documents (spaCy ``Doc`` on the gold tokens), and each document is tagged the way
``E5NerComponent`` tags it (``e5_ner_gate.gated_windows``): whole windows of up to 120 words
(``by_sentence=False``, ``FOCUSGROUP_NER_WINDOWS=text``) or only the runs of sentences that may hold an
entity (the default since session 16). Exact-span scores against the gold tags, and the words tagged.

Usage: FOCUSGROUP_NER=e5 nice -n 10 python bench/bench_ner_docs.py [--k 1 4 8]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))


def spans(tagger, doc, wins) -> set[tuple[int, int, str]]:
    from focusgroup.nlp.e5_ner import bio_spans

    pieces = [[t.text for t in doc[s:e]] for s, e in wins]
    out = set()
    for (s, _), tags in zip(wins, tagger.tag(pieces) if pieces else [], strict=True):
        out |= {(s + a, s + b, label) for a, b, label in bio_spans(tags)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k", type=int, nargs="+", default=[1, 4, 8], help="sentences per document")
    args = ap.parse_args(argv)
    from spacy.tokens import Doc
    from train_ner import load_split

    from focusgroup.nlp.e5_ner import bio_spans, load_e5_ner
    from focusgroup.nlp.e5_ner_gate import gated_windows
    from focusgroup.nlp.loader import load_pipeline

    nlp, tagger, dev = load_pipeline(), load_e5_ner(), load_split()[1]
    print(f"{tagger.description}; load {os.getloadavg()[0]:.1f}")
    print("| sentences per doc | windows | words tagged | PER P | PER R | F1 PER/LOC/ORG | F1 MISC |")
    print("|---|---|---|---|---|---|---|")
    for k in args.k:
        docs = []
        for i in range(0, len(dev), k):
            group = dev[i : i + k]
            words = [w for r in group for w in r["tokens"]]
            docs.append((Doc(nlp.vocab, words=words), set(bio_spans([t for r in group for t in r["ner_tags"]]))))
        for by_sentence in (False, True):
            counts: dict[str, list[int]] = {lab: [0, 0, 0] for lab in ("PER", "LOC", "ORG", "MISC")}
            words = 0
            for doc, gold in docs:
                wins = gated_windows(doc, by_sentence=by_sentence)
                words += sum(e - s for s, e in wins)
                pred = spans(tagger, doc, wins)
                for lab, c in counts.items():
                    g, p = {x for x in gold if x[2] == lab}, {x for x in pred if x[2] == lab}
                    c[0] += len(g & p)
                    c[1] += len(p)
                    c[2] += len(g)
            tp, n_pred, n_gold = (sum(counts[lab][j] for lab in ("PER", "LOC", "ORG")) for j in range(3))
            per, misc = counts["PER"], counts["MISC"]
            print(f"| {k} | {'sentence runs' if by_sentence else 'whole windows'} | {words:,} | "
                  f"{per[0] / max(per[1], 1):.3f} | {per[0] / max(per[2], 1):.3f} | "
                  f"{2 * tp / max(n_pred + n_gold, 1):.3f} | {2 * misc[0] / max(misc[1] + misc[2], 1):.3f} |", flush=True)
    print(f"load after {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
