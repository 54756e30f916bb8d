"""Issue 16: what the pipeline costs on top of the embedding, side by side in one run.

For each size, each step in its own fresh process, one after the other on the same comments
(bench/pipeline_data.py: synthetic Danish survey comments from public text, no reserved data):

1. ``focusgroup analyze comments.csv`` with default settings (pseudonymised outputs) into a new folder;
2. embedding alone: a fresh process embeds the distinct texts analyze embedded as quotes (the
   informative answers), with the default engine through ``embed_texts`` (imports and model load
   included, as analyze pays them);
3. re-analysis: ``focusgroup analyze OUT/project.fgproj`` on the unchanged project (from its caches);
   the project's embedding and run counts before and after show whether anything was embedded or
   fitted (an unchanged project keeps its run; ``--refit`` also times a re-analysis told to fit);
4. ``focusgroup batch comments.csv`` with default settings, and embedding alone of the distinct
   non-blank answers batch reads (the same rows); ``--batch-in-process`` also times
   ``focusgroup batch --workers 0`` (no Dask cluster: one worker thread in the command's process).

Wall seconds and CPU seconds (the step's whole process tree) are printed with the 1-minute load
average before each step, then the ratios the issue sets targets for.

    nice -n 10 .venv/bin/python bench/bench_pipeline.py            # 1k comments (~5-10 min idle)
    nice -n 10 .venv/bin/python bench/bench_pipeline.py --sizes 1000 10000
    nice -n 10 .venv/bin/python bench/bench_pipeline.py --sizes 10000 --no-analyze   # batch alone
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "pipeline"
BIN = Path(sys.executable).parent / "focusgroup"
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

EMBED_ALONE = """
import json, sys, time
t = time.perf_counter()
from focusgroup.config import AnalysisConfig
from focusgroup.embed import embed_texts, get_embedder
texts = json.load(open(sys.argv[1], encoding="utf-8"))
emb = get_embedder(AnalysisConfig().embedder)
embed_texts(texts, emb)
print(json.dumps({"n": len(texts), "engine": emb.name, "inner_s": time.perf_counter() - t}))
"""

QUOTE_TEXTS = """
import json, sys
from focusgroup.store import Project
with Project(sys.argv[1], create=False) as p:
    texts = list(dict.fromkeys(q.text for q in p.quotes(informative=True) if q.text.strip()))
json.dump(texts, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
"""


def run(cmd: list[str]) -> dict:
    """Wall and CPU seconds of one command (its whole process tree), with the load before it."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": round(wall, 1), "cpu": round(cpu, 1), "load": round(load, 1), "stdout": proc.stdout}


def n_embeddings(project: Path) -> int:
    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT COUNT(*) FROM embeddings WHERE backend NOT IN ('umap')").fetchone()[0]


def n_runs(project: Path) -> int:
    with sqlite3.connect(project) as conn:
        return conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0]


def distinct_answers(csv_path: Path) -> list[str]:
    import csv

    from pipeline_data import TEXT

    with csv_path.open(encoding="utf-8", newline="") as fh:
        return list(dict.fromkeys(r[TEXT] for r in csv.DictReader(fh) if r[TEXT].strip()))


def bench(n: int, batch: bool, refit: bool = False, batch_in_process: bool = False, analyze: bool = True) -> dict:
    from pipeline_data import write

    data = write(n)
    work = OUT / f"run_{n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    from focusgroup.themes.umap_cache import cache_dir

    res: dict = {"n": n, "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
                 "numba_cache_warm": any(Path(cache_dir()).glob("*/*.nbi"))}  # else analyze compiles UMAP once
    py = sys.executable
    print(f"\n## {n} comments ({data.name}); numba cache warm: {res['numba_cache_warm']}; {res['uptime']}", flush=True)

    if analyze:
        _analyze_steps(res, data, work, py, refit)
    if batch:
        _batch_steps(res, data, work, py, batch_in_process)
    for step in ("analyze", "reanalyze", "refit"):
        res.get(step, {}).pop("stdout", None)
    return res


def _analyze_steps(res: dict, data: Path, work: Path, py: str, refit: bool) -> None:
    from pipeline_data import TEXT

    res["analyze"] = run([str(BIN), "analyze", str(data), "-t", TEXT, "--id-column", "id", "--out", str(work / "a")])
    print("analyze (fresh project)", {k: v for k, v in res["analyze"].items() if k != "stdout"}, flush=True)
    project = work / "a" / "project.fgproj"
    texts = work / "quote_texts.json"
    subprocess.run([py, "-P", "-c", QUOTE_TEXTS, str(project), str(texts)], check=True, cwd=REPO)
    res["embed"] = run([py, "-P", "-c", EMBED_ALONE, str(texts)])
    res["embed"] |= json.loads(res["embed"].pop("stdout").splitlines()[-1])
    print("embedding alone (same quotes)", res["embed"], flush=True)

    cached, runs = n_embeddings(project), n_runs(project)
    res["reanalyze"] = run([str(BIN), "analyze", str(project), "--out", str(work / "a")])
    res["reanalyze"]["new_embeddings"] = n_embeddings(project) - cached
    res["reanalyze"]["new_runs"] = n_runs(project) - runs  # 0: the unchanged project kept its run
    if refit:  # the same, told to fit again (what re-analysis cost before runs were kept)
        res["refit"] = run([str(BIN), "analyze", str(project), "--out", str(work / "a"), "--refit"])
        print("re-analysis --refit", {k: v for k, v in res["refit"].items() if k != "stdout"}, flush=True)
    print("re-analysis (unchanged project)", {k: v for k, v in res["reanalyze"].items() if k != "stdout"}, flush=True)


def _batch_steps(res: dict, data: Path, work: Path, py: str, batch_in_process: bool) -> None:
    from pipeline_data import TEXT

    answers = work / "answer_texts.json"
    answers.write_text(json.dumps(distinct_answers(data), ensure_ascii=False), encoding="utf-8")
    res["batch"] = run([str(BIN), "batch", str(data), "-t", TEXT, "--id-column", "id", "--out", str(work / "b")])
    res["batch"]["stages"] = res["batch"].pop("stdout").strip().splitlines()[-1]
    res["batch"]["cached_embeddings"] = n_embeddings(work / "b" / "project.fgproj")
    print("batch", res["batch"], flush=True)
    if batch_in_process:  # one worker thread in this process: no cluster, the engine's own threads
        res["batch0"] = run([str(BIN), "batch", str(data), "-t", TEXT, "--id-column", "id", "--out",
                             str(work / "b0"), "--workers", "0"])
        res["batch0"]["stages"] = res["batch0"].pop("stdout").strip().splitlines()[-1]
        print("batch --workers 0", res["batch0"], flush=True)
    res["batch_embed"] = run([py, "-P", "-c", EMBED_ALONE, str(answers)])
    res["batch_embed"] |= json.loads(res["batch_embed"].pop("stdout").splitlines()[-1])
    print("embedding alone (batch's rows)", res["batch_embed"], flush=True)


def report(r: dict) -> None:
    print(f"\n| {r['n']:,} comments | wall s | CPU s | load before | × embedding (wall) | × embedding (CPU) | target |")
    print("|---|---|---|---|---|---|---|")
    if "analyze" in r:
        _report_analyze(r)
    _report_batch(r)


def _report_analyze(r: dict) -> None:
    e, a, re_ = r["embed"], r["analyze"], r["reanalyze"]
    print(f"| embedding alone ({e['n']:,} distinct quotes, {e['engine']}) | {e['wall']} | {e['cpu']} | {e['load']} | 1 | 1 | |")
    print(f"| analyze, fresh | {a['wall']} | {a['cpu']} | {a['load']} | {a['wall'] / e['wall']:.2f} | "
          f"{a['cpu'] / e['cpu']:.2f} | ≤ 1.15 |")
    kept = "run kept" if re_.get("new_runs") == 0 else "fitted again"
    print(f"| re-analysis ({re_['new_embeddings']} new embeddings, {kept}) | {re_['wall']} | {re_['cpu']} | "
          f"{re_['load']} | {re_['wall'] / e['wall']:.2f} | {re_['cpu'] / e['cpu']:.2f} | ≤ 0.15 and ≤ 10 s at 10k |")
    if "refit" in r:
        f = r["refit"]
        print(f"| re-analysis --refit | {f['wall']} | {f['cpu']} | {f['load']} | {f['wall'] / e['wall']:.2f} | "
              f"{f['cpu'] / e['cpu']:.2f} | |")


def _report_batch(r: dict) -> None:
    if "batch" in r:
        b, be = r["batch"], r["batch_embed"]
        print(f"| embedding alone ({be['n']:,} distinct answers) | {be['wall']} | {be['cpu']} | {be['load']} | 1 | 1 | |")
        print(f"| batch ({b['cached_embeddings']:,} vectors cached) | {b['wall']} | {b['cpu']} | {b['load']} | "
              f"{b['wall'] / be['wall']:.2f} | {b['cpu'] / be['cpu']:.2f} | ≤ 1.1 at 10k |")
        if "batch0" in r:
            b0 = r["batch0"]
            print(f"| batch --workers 0 (in this process) | {b0['wall']} | {b0['cpu']} | {b0['load']} | "
                  f"{b0['wall'] / be['wall']:.2f} | {b0['cpu'] / be['cpu']:.2f} | ≤ 1.1 at 10k |")
        print(f"\nbatch {b['stages']}")
        if "batch0" in r:
            print(f"batch --workers 0 {r['batch0']['stages']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--no-batch", action="store_true", help="skip the batch steps")
    ap.add_argument("--refit", action="store_true", help="also time a re-analysis told to fit again (--refit)")
    ap.add_argument("--batch-in-process", action="store_true", help="also time batch --workers 0 (no Dask cluster)")
    ap.add_argument("--no-analyze", action="store_true", help="skip the analyze steps (batch alone, e.g. at 10k)")
    args = ap.parse_args()
    results = [bench(n, not args.no_batch, args.refit, args.batch_in_process, not args.no_analyze) for n in args.sizes]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    for r in results:
        report(r)


if __name__ == "__main__":
    main()
