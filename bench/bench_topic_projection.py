"""Cheap screen of topic projections (issue 18, session 19, helper P): seconds per variant, before the real
clustering (``bench_themes_consensus.py --proj-train ... --variants now,now+proj<m>``).

For each selection set (SIB-200 train/dev folds, own corpus dev split, the dev turns of a ``make demo`` project;
``bench_themes_vectors``'s sets, never a test split) the app's clustering vectors before the topic projection
(``without_tone(..., topic=False)``) are
projected by a matrix learnt on labelled training comments (``scripts/train_topic_projection.py``: ``w<k>``,
``g<k>``, ``l<a>``) and scored by
- ``knn5``: share of each scored text's 5 nearest neighbours (cosine, among the scored texts) on its topic;
- ``kmNMI``: NMI of k-means with the true number of topics (3 seeds, n_init 4) against the topics.
SIB = mean over its 8 folds. ``--train sib`` learns from SIB-200's TRAIN split (a proxy before the
session's own training comments existed): SIB is then no selection set for those rows.

    nice -n 10 .venv/bin/python bench/bench_topic_projection.py --project /tmp/P_demo/project.fgproj \
        --train s19 --methods none,w2,w4,w8,w16,w32,g2,g4,g8,g16,l0.1,l1
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_themes_vectors as btv  # noqa: E402
import train_topic_projection as ttp  # noqa: E402

SETS_CACHE = btv.OUT / "topic_projection_sets.pkl"


def load_sets(project: Path | None, cache) -> list[dict]:
    """The selection sets as ``ThemeModel.fit`` sees them before the topic projection, pickled."""
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes.context import without_tone

    key = f"{project}|no topic projection"
    if SETS_CACHE.exists():
        got = pickle.loads(SETS_CACHE.read_bytes())
        if got["key"] == key:
            return got["sets"]
    with tempfile.TemporaryDirectory() as tmp:
        sets = btv.sib_sets(cache) + btv.own_sets(cache, tmp)
        if project:
            sets += btv.turn_sets(project, tmp)[0]
        out = []
        for d in sets:
            z = without_tone(d["y"], DEFAULT_EMBEDDER, d["texts"], topic=False)
            out.append({"set": d["set"], "z": z, "gold": d["gold"][: len(d["scored"])] if d["scored"] is not None
                        else d["gold"], "scored": d["scored"]})
    SETS_CACHE.write_bytes(pickle.dumps({"key": key, "sets": out}))
    return out


def training(which: str, cache) -> tuple[np.ndarray, np.ndarray]:
    """(Sw, St) of the training data: ``s19`` (the session's own comments, both files, what exists) or
    ``sib`` (SIB-200 train split), ``t1``/``t2`` one file."""
    from focusgroup.config import DEFAULT_EMBEDDER

    if which == "sib":
        from bench_themes import load_sib, split_indices

        texts, gold = load_sib()
        idx = split_indices("train")
        corpora = [([texts[i] for i in idx], [gold[i] for i in idx])]
    else:
        files = {"s19": ttp.TRAIN_FILES, "t1": ttp.TRAIN_FILES[:1], "t2": ttp.TRAIN_FILES[1:]}[which]
        corpora = [ttp.load(ttp.DATA / f) for f in files if (ttp.DATA / f).exists()]
    zs = [ttp.study_vectors(t, DEFAULT_EMBEDDER, cache) for t, _ in corpora]
    return ttp.scatter(zs, [g for _, g in corpora])


def knn_share(z: np.ndarray, gold: list[str], k: int = 5) -> float:
    sims = z @ z.T
    np.fill_diagonal(sims, -np.inf)
    near = np.argsort(-sims, axis=1)[:, :k]
    g = np.asarray(gold)
    return float((g[near] == g[:, None]).mean())


def kmeans_nmi(z: np.ndarray, gold: list[str], seeds=(0, 1, 2)) -> float:
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score as nmi

    k = len(set(gold))
    return mean(float(nmi(gold, KMeans(k, n_init=4, random_state=s).fit_predict(z))) for s in seeds)


def screen(sets: list[dict], sw: np.ndarray, st: np.ndarray, methods: list[str]) -> list[dict]:
    rows = []
    for m in methods:
        p = None if m == "none" else ttp.fit(sw, st, m)
        per: dict[str, list] = {}
        for d in sets:
            z = d["z"] if p is None else ttp.apply(d["z"], p)
            if d["scored"] is not None:
                z = z[d["scored"]]
            name = "sib" if d["set"].startswith("sib:") else d["set"]
            per.setdefault(name, []).append((knn_share(z, d["gold"]), kmeans_nmi(z, d["gold"])))
        row = {"method": m}
        for name, vals in per.items():
            row[f"{name} knn5"] = round(mean(v[0] for v in vals), 4)
            row[f"{name} kmNMI"] = round(mean(v[1] for v in vals), 4)
        print(row, flush=True)
        rows.append(row)
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, help="make demo project for the dev turns")
    ap.add_argument("--train", default="s19", help="s19 | t1 | t2 | sib")
    ap.add_argument("--methods", default="none,w2,w4,w8,w16,w32,w48,g2,g4,g8,g16,g32,g48,l0.01,l0.1,l1")
    args = ap.parse_args()
    from focusgroup.store import Project

    btv.OUT.mkdir(parents=True, exist_ok=True)
    with Project(btv.OUT / "bench_cache.fgproj") as cache:
        sets = load_sets(args.project, cache)
        sw, st = training(args.train, cache)
        rows = screen(sets, sw, st, args.methods.split(","))
    cols = [k for k in rows[0] if k != "method"]
    print("| method | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    for r in rows:
        print(f"| {r['method']} | " + " | ".join(f"{r[c]:.4f}" for c in cols) + " |")
