"""Issue 16: where `focusgroup batch` spends its CPU, thread by thread, without a profiler.

Runs ``focusgroup batch <args>`` in this process and charges each Python thread's own CPU
(``time.thread_time`` at the end of ``Thread.run``) to its kind: the embedding (Dask's worker thread and
the engine's side-by-side pool threads), the name tagger (``focusgroup-batch-ner``), the theme fit beside
the embedding (``focusgroup-batch-fit``) and the main thread (scan, prepare, merge, writes); the rest of
the process's CPU (ONNX Runtime's or BLAS's native threads, Dask's event loop) is "other". With the stage
wall times batch prints, this says which thread the wall time waits for.

    cd SNAPSHOT && PYTHONPATH=$PWD nice -n 10 python -P bench/bench_batch_threads.py \
        bench/out/pipeline/comments_10000.csv -t svar --id-column id --out /tmp/threads10k
"""

from __future__ import annotations

import atexit
import os
import re
import resource
import sys
import threading
import time
from collections import defaultdict

CPU: dict[str, float] = defaultdict(float)
WALL: dict[str, float] = defaultdict(float)
_LOCK = threading.Lock()
_run = threading.Thread.run
KINDS = [("focusgroup-batch-ner", "tagger thread"), ("focusgroup-batch-fit", "fit thread"),
         ("ThreadPoolExecutor", "engine pool threads"), ("focusgroup-batch-worker", "worker thread"),
         ("Dask-Default-Threads", "worker thread")]


def _kind(name: str) -> str:
    for prefix, kind in KINDS:
        if prefix in name:
            return kind
    return re.sub(r"[-_]?\d+", "", name) or "thread"


def run(self: threading.Thread) -> None:
    c, t = time.thread_time(), time.perf_counter()
    try:
        _run(self)
    finally:
        with _LOCK:
            CPU[_kind(self.name)] += time.thread_time() - c
            WALL[_kind(self.name)] += time.perf_counter() - t


threading.Thread.run = run  # type: ignore[method-assign]
T0 = time.perf_counter()
TAGGED: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # thread kind -> [windows, words] the tagger ran on


def count_tagger() -> None:
    from focusgroup.nlp import e5_ner

    tag = e5_ner.E5Ner.tag

    def counted(self, sentences, *args, **kwargs):  # type: ignore[no-untyped-def]
        with _LOCK:
            n = TAGGED[_kind(threading.current_thread().name)]
            n[0] += len(sentences)
            n[1] += sum(len(s) for s in sentences)
        return tag(self, sentences, *args, **kwargs)

    e5_ner.E5Ner.tag = counted  # type: ignore[method-assign]


def report() -> None:
    main = time.thread_time()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    total = ru.ru_utime + ru.ru_stime
    print(f"\n# process CPU {total:.1f} s (user {ru.ru_utime:.1f}, sys {ru.ru_stime:.1f}), wall "
          f"{time.perf_counter() - T0:.1f} s, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(f"{'main thread':28s} cpu={main:7.1f}", file=sys.stderr)
    for k, c in sorted(CPU.items(), key=lambda kv: -kv[1]):
        print(f"{k:28s} cpu={c:7.1f} (thread wall sum {WALL[k]:7.1f})", file=sys.stderr)
    print(f"{'other (native threads)':28s} cpu={total - main - sum(CPU.values()):7.1f}", file=sys.stderr)
    for k, (windows, words) in TAGGED.items():
        print(f"e5 tagger in {k}: {windows} windows, {words} words", file=sys.stderr)


if __name__ == "__main__":
    atexit.register(report)
    count_tagger()
    sys.argv = ["focusgroup", "batch", *sys.argv[1:]]
    from focusgroup.cli import main

    main()
