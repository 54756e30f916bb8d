"""The batch merge stage alone (project file, quotes.csv, themes.csv from finished chunk files).

Run a batch once (``focusgroup batch FILE ... --out RUN``), then time only its merge, with this
checkout's code or another one's (``--code DIR``: a folder holding a ``focusgroup`` package, e.g.
``git archive COMMIT focusgroup | tar -x -C /tmp/old``), alternating to share the machine's load:

    nice python bench/bench_batch_merge.py RUN FILE --repeat 2 --code /tmp/old
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COL = "Hvad kan jobcentret gøre bedre?"

CHILD = r"""
import json, shutil, sys, time
from pathlib import Path
from focusgroup.batch.checkpoint import Checkpoint
from focusgroup.batch.reader import inspect_table
from focusgroup.batch.themefit import FittedThemes
import focusgroup.batch.output as out_mod

run, survey, target, col = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
manifest = json.loads((run / ".batch" / "manifest.json").read_text("utf-8"))
ck = Checkpoint(run / ".batch", manifest["params"])
info = inspect_table(survey, col)
fitted = FittedThemes.load(ck.file("fit"))
chunks = [c[0] for c in ck.step("scan")["chunks"]]
shutil.rmtree(target, ignore_errors=True)
t = time.perf_counter()
if hasattr(out_mod, "merge_outputs"):
    from focusgroup.batch.embed_store import prepare_embedder
    emb = prepare_embedder(manifest["params"]["embedder"], ["a b c", "d e f", "g h i"], 42)
    out_mod.merge_outputs(ck, info, fitted, target, chunks, {"batch": True}, embedder=emb)
else:
    out_mod.write_outputs(ck, info, fitted, target, chunks, {"batch": True})
print(json.dumps({"quotes": sum(chunks), "seconds": round(time.perf_counter() - t, 2)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("run", type=Path, help="a finished `focusgroup batch` output folder")
    ap.add_argument("file", type=Path, help="the input file that run read")
    ap.add_argument("--code", type=Path, action="append", default=[], help="another focusgroup to compare")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    codes = [REPO, *args.code]
    for i in range(args.repeat):
        for code in codes:
            target = args.run.parent / f"merge_{code.name}_{i}"
            out = subprocess.run([sys.executable, "-c", CHILD, str(args.run), str(args.file), str(target), COL],
                                 env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"}, capture_output=True,
                                 text=True, check=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"| {code} | {result['quotes']} | {result['seconds']} |", flush=True)


if __name__ == "__main__":
    main()
