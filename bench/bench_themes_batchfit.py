"""Cost of batch's theme fit (``batch/themefit.fit_themes``) on the pipeline bench's 1k comments, issue 18.

The fit alone, in this process, on vectors embedded once (the default engine) and saved beside the
data; prints wall and CPU seconds, how many texts the fit embedded (keyword candidates, label
phrases), the themes and the first labels. ``--old FILE`` times another themefit.py instead, e.g. the
one before labels by centrality:

    .venv/bin/python bench/pipeline_data.py 1000          # once: bench/out/pipeline/comments_1000.csv
    git show e041ff9:focusgroup/batch/themefit.py > /tmp/themefit_old.py
    nice -n 10 .venv/bin/python bench/bench_themes_batchfit.py --old /tmp/themefit_old.py
    nice -n 10 .venv/bin/python bench/bench_themes_batchfit.py
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "out" / "pipeline" / "comments_1000.csv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", type=Path, help="a themefit.py to time instead of the installed one")
    args = ap.parse_args()
    from focusgroup.batch.embed_store import MemoryCache
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import get_embedder

    with DATA.open(encoding="utf-8", newline="") as fh:
        texts = [r["svar"] for r in csv.DictReader(fh) if r["svar"].strip()]
    emb = get_embedder(DEFAULT_EMBEDDER)
    vec_path = DATA.with_name(f"comments_1000_{DEFAULT_EMBEDDER}.npy")
    if not vec_path.exists():
        np.save(vec_path, emb.encode(texts))
    x = np.load(vec_path)
    if args.old:
        spec = importlib.util.spec_from_file_location("themefit_old", args.old)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["themefit_old"] = mod
        spec.loader.exec_module(mod)
        fit = mod.fit_themes
    else:
        from focusgroup.batch.themefit import fit_themes as fit
    seen: list[str] = []
    encode = emb.encode
    emb.encode = lambda t: (seen.extend(t), encode(t))[1]
    t0, c0 = time.perf_counter(), time.process_time()
    fitted = fit(texts, x, list(range(len(texts))), seed=42, embedder=emb, cache=MemoryCache())
    print(json.dumps({"themefit": str(args.old or "current"), "n": len(texts),
                      "wall": round(time.perf_counter() - t0, 1), "cpu": round(time.process_time() - c0, 1),
                      "embedded": len(seen), "themes": len(fitted.topics),
                      "labels": [t.label for t in fitted.topics][:12], "load": round(os.getloadavg()[0], 2)},
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
