"""Words/s of the NER engines side by side in one run: the spaCy CNN, the e5 NER on PyTorch and on ONNX
Runtime fp32 and dynamic int8 (1 and 2 threads), each as the Danish pipeline's "ner" component on the same pre-tokenised
sentences (so the e5 component's window cutting and capital-letter skip apply to both e5 engines).

Speed only, no scores: the sentences are DaNE *train*'s first ``--n`` (no test data is read). Engines run
interleaved (CNN, onnx 2, torch 2, int8 2, onnx 1, torch 1, int8 1, then again) and the best of ``--repeat`` is kept, to
damp the shared box's load swings; ``uptime`` is printed before and after. CPU seconds (all threads of
the process) are less sensitive to other people's load than wall time.

Usage: nice -n 10 python bench/bench_ner_speed.py [--n 565] [--repeat 2] [--json out.json]
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
DANE_TRAIN = REPO / ".." / "shared" / "data" / "danish-nlp" / "dane_train.jsonl"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def pipeline(ner: str, engine: str = "onnx", threads: int = 2, int8: bool = False):
    os.environ["FOCUSGROUP_NER"] = ner
    os.environ["FOCUSGROUP_NER_ENGINE"] = engine
    os.environ["FOCUSGROUP_NER_INT8"] = "1" if int8 else "0"
    os.environ["FOCUSGROUP_NER_THREADS"] = str(threads)
    import torch

    from focusgroup.nlp.e5_ner import load_e5_ner
    from focusgroup.nlp.loader import _load_pipeline

    torch.set_num_threads(threads)
    _load_pipeline.cache_clear()
    load_e5_ner.cache_clear()
    nlp = _load_pipeline(None)
    return nlp, [p for n, p in nlp.pipeline if n in ("tok2vec", "ner")]


def timed(procs, nlp, sents: list[list[str]]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process, all threads) for the NER pass."""
    from spacy.tokens import Doc

    for proc in procs:  # warm up: loads (and at first use exports) the model outside the timing
        list(proc.pipe([Doc(nlp.vocab, words=["Lone", "bor", "i", "Aarhus", "."])]))
    docs = [Doc(nlp.vocab, words=s) for s in sents]
    t0, c0 = time.perf_counter(), time.process_time()
    for proc in procs:
        docs = list(proc.pipe(docs, batch_size=64))
    return time.perf_counter() - t0, time.process_time() - c0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=565)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with DANE_TRAIN.open(encoding="utf-8") as f:
        sents = [json.loads(line)["tokens"] for _, line in zip(range(args.n), f, strict=False)]
    words = sum(map(len, sents))
    print(f"{len(sents)} DaNE train sentences, {words} words; load before: {_load()}", flush=True)
    runs = [("spaCy CNN", "spacy", "onnx", 1, False), ("e5 ONNX Runtime", "e5", "onnx", 2, False),
            ("e5 PyTorch", "e5", "torch", 2, False), ("e5 ONNX Runtime int8", "e5", "onnx", 2, True),
            ("e5 ONNX Runtime", "e5", "onnx", 1, False), ("e5 PyTorch", "e5", "torch", 1, False),
            ("e5 ONNX Runtime int8", "e5", "onnx", 1, True)]
    best: dict[tuple[str, int], tuple[float, float]] = {}
    for _ in range(args.repeat):
        for name, ner, engine, threads, int8 in runs:
            nlp, procs = pipeline(ner, engine, threads, int8)
            secs, cpu = timed(procs, nlp, sents)
            old = best.get((name, threads), (float("inf"), float("inf")))
            best[(name, threads)] = (min(secs, old[0]), min(cpu, old[1]))
            print(f"  {name:21s} {threads} thread(s): {words / secs:7.0f} words/s wall ({secs:.1f} s), "
                  f"{words / cpu:7.0f} words per CPU-s, load {_load()}", flush=True)
    cnn = words / best[("spaCy CNN", 1)][0]
    print(f"\nbest of {args.repeat}; load after: {_load()}")
    print("| engine | threads | words/s (wall) | words per CPU-second | × e5 PyTorch, wall (same threads) "
          "| × e5 PyTorch, CPU | × spaCy CNN, wall |")
    print("|---|---|---|---|---|---|---|")
    out = {}
    for (name, threads), (secs, cpu) in best.items():
        ref = best.get(("e5 PyTorch", threads)) if name != "spaCy CNN" else None
        rel = f"{ref[0] / secs:.2f} | {ref[1] / cpu:.2f}" if ref else " | "
        print(f"| {name} | {threads} | {words / secs:,.0f} | {words / cpu:,.0f} | {rel} | {words / secs / cnn:.2f} |")
        out[f"{name} {threads}"] = {"words_per_s": words / secs, "words_per_cpu_s": words / cpu}
    if args.json:
        args.json.write_text(json.dumps({"words": words, "words_per_s": out}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
