"""The e5 NER's int8 build against fp32, side by side in one process: CPU and wall seconds on the gated
windows of a survey, the same tags side by side as one after another, and agreement with fp32 on DaNE
train sentences. Scores on the held-out dev split come from bench_ner.py --dev and bench_privacy.py --dev.

Variants (interleaved, ``--rounds`` times, best CPU kept; ``uptime`` load printed):
* fp32 batched: length-sorted batches, 2 intra-op threads (the default before session 14);
* fp32 side by side: one window per call, 2 calls at once on one core each (fp32's default since
  session 14: where int8 is not the default, and with FOCUSGROUP_NER_INT8=0);
* int8 one after another: the SmoothQuant int8 build, one window per call, 1 thread;
* int8 side by side: the same, 2 calls at once (the default).

Usage: nice -n 10 python bench/bench_ner_int8.py [--csv bench/out/pipeline/comments_1000.csv] [--rounds 2]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))


def gated_windows(path: Path, column: str) -> list[list[str]]:
    """The windows the pipeline would send to the tagger (spaCy tokens, ``e5_ner_gate.gated_windows``)."""
    from focusgroup.nlp.e5_ner_gate import gated_windows
    from focusgroup.nlp.loader import load_pipeline

    nlp = load_pipeline()
    with path.open(encoding="utf-8") as f:
        texts = list(dict.fromkeys(r[column] for r in csv.DictReader(f) if r[column].strip()))
    out = []
    for doc in nlp.tokenizer.pipe(texts):
        out += [[t.text for t in doc[s:e]] for s, e in gated_windows(doc)]
    return out


def taggers():
    from focusgroup.nlp import e5_ner
    from focusgroup.nlp import e5_ner_engine as eng

    fp32, int8 = e5_ner.load_e5_ner(int8=False, engine="onnx"), e5_ner.load_e5_ner(engine="onnx")
    if int8.config.get("int8") != "smooth":
        raise SystemExit("no SmoothQuant calibration for these weights (scripts/calibrate_ner_int8.py)")
    fp32_path, int8_path = fp32.model.path, int8.model.path
    table = fp32.model.table

    def make(base, path, threads, side):
        return e5_ner.E5Ner(
            eng.OrtRunner(path, table, threads, side_by_side=side), base.tokenizer, base.config
        )

    return {
        "fp32 batched, 2 intra-op threads (before)": make(fp32, fp32_path, 2, False),
        "fp32 one per call, 2 side by side": make(fp32, fp32_path, 2, True),
        "int8 one per call, 1 thread": make(int8, int8_path, 1, False),
        "int8 one per call, 2 side by side (default)": make(int8, int8_path, 2, True),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=REPO / "bench" / "out" / "pipeline" / "comments_1000.csv")
    ap.add_argument("--column", default="svar")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--agree", type=int, default=800, help="DaNE train sentences (400 on) for tag agreement")
    args = ap.parse_args(argv)
    wins = gated_windows(args.csv, args.column)
    words = sum(map(len, wins))
    ts = taggers()
    print(f"{len(wins)} gated windows, {words} words ({args.csv.name}); load {os.getloadavg()}", flush=True)
    best: dict[str, tuple[float, float]] = {}
    tags: dict[str, list] = {}
    for _ in range(args.rounds):
        for name, t in ts.items():
            t0, c0 = time.perf_counter(), time.process_time()
            tags[name] = t.tag(wins)
            r = (time.perf_counter() - t0, time.process_time() - c0)
            print(f"  {name}: wall {r[0]:.1f} s, CPU {r[1]:.1f} s, load {os.getloadavg()[0]:.2f}", flush=True)
            best[name] = min(best.get(name, r), r, key=lambda x: x[1])
    names = list(ts)
    same = tags[names[2]] == tags[names[3]]
    print(f"int8 side by side == one after another on all {len(wins)} windows: {same}")
    same = tags[names[0]] == tags[names[1]]
    print(f"fp32 side by side == fp32 batched on all {len(wins)} windows: {same}")
    ref = best[names[0]]
    print("| NER variant | wall s | CPU s | × fp32 batched, wall | × fp32 batched, CPU |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu) in best.items():
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {ref[0] / wall:.2f} | {ref[1] / cpu:.2f} |")
    if args.agree:
        from train_ner import load_split

        from focusgroup.nlp.e5_ner import bio_spans

        sents = [r["tokens"] for r in load_split()[0][400 : 400 + args.agree]]
        a, b = ts[names[0]].tag(sents), ts[names[3]].tag(sents)
        ents = {lab: [0, 0] for lab in ("PER", "LOC", "ORG")}
        for x, y in zip(a, b, strict=True):
            for lab, c in ents.items():
                ex, ey = ({s for s in bio_spans(z) if s[2] == lab} for z in (x, y))
                c[0] += len(ex & ey)
                c[1] += len(ex | ey)
        same_sent = sum(x == y for x, y in zip(a, b, strict=True))
        shares = ", ".join(f"{lab} {c[0] / max(c[1], 1):.3f}" for lab, c in ents.items())
        print(
            f"agreement with fp32 on DaNE train {400}-{399 + len(sents)}: {same_sent} of {len(sents)} sentences "
            f"identical; entities (same / either) {shares}"
        )
    print(f"load after {os.getloadavg()}")
    print(json.dumps({k: list(v) for k, v in best.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
