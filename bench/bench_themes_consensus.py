"""Consensus over UMAP seeds, and outliers left out, for issue 18 (session 17, helper B).

The fit is seed-noisy: the same study gives NMI +-.02 between UMAP seeds (bench/README.md, sessions 15-16).
Variants measured here against the app's rule (``now`` = ``ThemeModel.fit``'s clustering: tone and length
directions removed, UMAP + guarded leaf HDBSCAN, outliers to the nearest theme, near-duplicate pairs merged),
on the selection sets of ``bench_themes_vectors`` only (SIB-200 train/dev folds, own corpus dev, the sample
study's dev turns; never a test split):

- ``coS`` co-association over S UMAP seeds: each seed's guarded HDBSCAN partition (outliers linked to
  nobody); C[i, j] = share of the S runs that put i and j in one theme; average linkage on 1 - C cut at
  ``cut`` (default 0.5: together in most runs); groups smaller than min_cluster_size become outliers.
  ``coSv``: the last 2 layouts are of the vectors also without their top principal direction (a second view).
  ``coSm``: run i with min_cluster_size x (1, .8, 1.25, .67, 1.5)[i] (diverse scales).
  ``+place``: a quote of a group below min_cluster_size joins the theme whose quotes it was with most
  often over the runs (mean co-association), instead of the nearest centroid.
  ``coSe<N>``: the same with UMAP's epochs cut to N (500 by default below 10k points).
- ``catS`` the S UMAP embeddings side by side (5 x S dims), one guarded HDBSCAN: the squared distance is the
  sum over the seeds' layouts.
- ``marg<M>`` after the rule, outliers whose two most similar themes differ by less than M in cosine stay
  without a theme.
- ``+proj<m>`` (session 19, helper P): the clustering vectors (after ``without_tone``) projected by the matrix
  ``scripts/train_topic_projection.py`` learns with method ``m`` (``w<k>``, ``g<k>``, ``l<a>``) from
  ``--proj-train`` (``s19``: the session's training comments; ``sib``: SIB-200 train, then SIB is no selection
  set); ``+proj`` alone: the shipped ``models/topic_da`` as the app applies it (``context.topic_projection``,
  also what a variant without ``proj`` gets); ``+noproj``: the rule before session 19 (no topic projection).
- ``out<T>`` after the rule, outliers whose cosine to the nearest theme centroid (clustering vectors) is
  below T stay without a theme ("Uden tema"): NMI then counts them as one class.

Paired over seeds: each seed's difference to ``now``; "stability" = mean ARI between the partitions of
different seeds (same variant, same set).

    nice -n 10 .venv/bin/python bench/bench_themes_consensus.py --check --sets sib,own   # = ThemeModel.fit
    nice -n 10 .venv/bin/python bench/bench_themes_consensus.py --sets sib,own,turns \
        --project /tmp/B_demo/project.fgproj --variants now,co5,cat5 --seeds 42,1,2,3,4,5,6
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean, stdev

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_themes_vectors as btv  # noqa: E402


def layouts(z: np.ndarray, seeds: list[int], cache, epochs: int | None = None) -> list[np.ndarray]:
    """The app's UMAP layout per seed (cached as the app caches it); with ``epochs``, UMAP's n_epochs
    (default 500 below 10k points) cut to that many, cached under its own key."""
    import hashlib
    import warnings

    from focusgroup.themes.model import ThemeModel, exact_knn

    if epochs is None:
        return [ThemeModel(seed=s, project=cache)._reduce(z) for s in seeds]
    from umap import UMAP

    nn = min(15, len(z) - 1)
    out = []
    for s in seeds:
        key = hashlib.sha256(z.tobytes() + f"{nn}|{s}|5|e{epochs}".encode()).hexdigest()[:32]
        ids = [str(i) for i in range(len(z))]
        found = cache.cached_embeddings("umap", key, ids)
        if len(found) == len(ids):
            out.append(np.vstack([found[i] for i in ids]))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            r = UMAP(n_neighbors=nn, n_components=5, min_dist=0.0, metric="cosine", random_state=s, low_memory=True,
                     n_epochs=epochs, precomputed_knn=exact_knn(z, nn)).fit_transform(z).astype(np.float32)
        cache.cache_embeddings("umap", key, dict(zip(ids, r, strict=True)))
        out.append(r)
    return out


def hdb(r: np.ndarray, seed: int, mcs: int | None = None) -> np.ndarray:
    from focusgroup.themes import guard
    from focusgroup.themes.model import min_cluster_size_for

    n = len(r)
    lab, _ = guard.guarded_cluster(r, guard.default_attempts(n, mcs or min_cluster_size_for(n), seed))
    return np.asarray(lab)


def coassoc(parts: list[np.ndarray], cut: float, mcs: int, place: bool = False) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = len(parts[0])
    c = np.zeros((n, n), dtype=np.float32)
    for lab in parts:
        oh = np.zeros((n, lab.max() + 1), dtype=np.float32)
        ok = lab >= 0
        oh[np.flatnonzero(ok), lab[ok]] = 1.0
        c += oh @ oh.T
    c /= len(parts)
    d = 1.0 - c
    np.fill_diagonal(d, 0.0)
    groups = fcluster(linkage(squareform(d, checks=False), "average"), t=1.0 - cut, criterion="distance")
    sizes = np.bincount(groups)
    out = np.where(sizes[groups] >= mcs, groups, -1)
    if place and (out >= 0).any():  # a quote of a small group joins the theme it was with most often
        big = sorted(set(out.tolist()) - {-1})
        mean_c = np.stack([c[:, out == g].mean(axis=1) for g in big], axis=1)
        left = np.flatnonzero(out < 0)
        best = mean_c[left].argmax(axis=1)
        ok = mean_c[left, best] > 0
        out[left[ok]] = np.asarray(big)[best[ok]]
    return out


def run(d: dict, variant: str, seed: int, cache) -> np.ndarray:
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes import guard
    from focusgroup.themes.context import without_tone
    from focusgroup.themes.merge import near_duplicates, nearest_theme
    from focusgroup.themes.model import SMALL_CORPUS, _renumber, min_cluster_size_for

    steps = variant.split("+")
    proj = next((s[4:] for s in steps if s.startswith("proj")), None)
    # the app's vectors (with the shipped topic projection); +noproj: the rule before it; +proj<m>: method m
    z = without_tone(d["y"], btv.ENGINE or DEFAULT_EMBEDDER, d["texts"], topic=proj is None and "noproj" not in steps)
    if proj is not None:
        z = projected(z, proj, cache)
    n = len(z)
    head = steps[0]
    if head == "now" or n < SMALL_CORPUS:
        lab = btv.cluster(z, btv.parse("now"), seed, cache)
    elif head.startswith("co") or head.startswith("cat"):
        spec, _, ep = (head[2:] if head.startswith("co") else head[3:]).partition("e")
        multi = spec.endswith("m")  # each run its own min_cluster_size (evidence accumulation over scales)
        views = spec.endswith("v")  # the last 2 layouts of vectors also without their top principal direction
        k = int(spec.rstrip("mv"))
        cut = next((float(s[3:]) for s in steps if s.startswith("cut")), 0.5)
        seeds = [seed + 1000 * i for i in range(k)]
        rs = layouts(z, seeds, cache, int(ep) if ep else None)
        if views:
            zc = z - z.mean(axis=0)
            top = np.linalg.svd(zc, full_matrices=False)[2][0]
            rs[-2:] = layouts(btv.unit(zc - np.outer(zc @ top, top)), seeds[-2:], cache)
        if head.startswith("cat"):
            lab = hdb(np.hstack(rs), seed)
        else:
            mcs = min_cluster_size_for(n)
            scales = [1.0, 0.8, 1.25, 0.67, 1.5, 0.9, 1.1][:k] if multi else [1.0] * k
            lab = coassoc([hdb(r, s, max(2, round(mcs * f))) for r, s, f in zip(rs, seeds, scales, strict=True)],
                          cut, mcs, "place" in steps)
            if not guard.check(lab).ok:  # a collapsed consensus: the first seed's own partition
                lab = hdb(rs[0], seed)
        lab = _renumber(lab)
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    raw = lab.copy()
    lab = _renumber(near_duplicates(nearest_theme(lab, z), z))
    for s in steps[1:]:
        if s.startswith("out"):  # far outliers keep no theme
            t = float(s[3:])
            topics = sorted(set(lab.tolist()) - {-1})
            cents = btv.unit(np.vstack([z[(lab == tt) & (raw >= 0)].mean(axis=0) if ((lab == tt) & (raw >= 0)).any()
                                        else z[lab == tt].mean(axis=0) for tt in topics]))
            sims = (z @ cents.T).max(axis=1)
            lab = np.where((raw < 0) & (sims < t), -1, lab)
        elif s.startswith("marg"):  # outliers between two themes (top-2 cosine margin below M) keep none
            m = float(s[4:])
            topics = sorted(set(lab.tolist()) - {-1})
            cents = btv.unit(np.vstack([z[lab == tt].mean(axis=0) for tt in topics]))
            top2 = np.sort(z @ cents.T, axis=1)[:, -2:]
            lab = np.where((raw < 0) & (top2[:, 1] - top2[:, 0] < m), -1, lab)
    return lab


PROJ_TRAIN = "s19"
_PROJ: dict = {}


def projected(z: np.ndarray, method: str, cache) -> np.ndarray:
    """``z`` by the topic projection ``method`` learnt from ``PROJ_TRAIN`` ('' = the shipped model)."""
    if not method:
        from focusgroup.config import DEFAULT_EMBEDDER
        from focusgroup.themes.context import with_topic_projection

        return with_topic_projection(z, btv.ENGINE or DEFAULT_EMBEDDER)
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_topic_projection as btp
    import train_topic_projection as ttp

    if (PROJ_TRAIN, method) not in _PROJ:
        if PROJ_TRAIN not in _PROJ:
            _PROJ[PROJ_TRAIN] = btp.training(PROJ_TRAIN, cache)
        _PROJ[(PROJ_TRAIN, method)] = ttp.fit(*_PROJ[PROJ_TRAIN], method)
    return ttp.apply(z, _PROJ[(PROJ_TRAIN, method)])


def check(sets: list[dict], cache) -> None:
    """``co5+cut0.15+place`` here gives the same partition as ``ThemeModel.fit`` (the app's rule since session 17)."""
    from sklearn.metrics import adjusted_rand_score

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes.model import ThemeModel

    for d in sets:
        c = d.get("cache", cache)
        a = run(d, "co5+cut0.15+place", 1, c)
        b = ThemeModel(seed=1, project=c, engine=btv.ENGINE or DEFAULT_EMBEDDER).fit(d["texts"], d["y"]).labels_
        same = adjusted_rand_score(a, b) == 1.0 and ((a < 0) == (b < 0)).all()
        print(d["set"], "same partition" if same else f"DIFFER ARI {adjusted_rand_score(a, b):.3f}", flush=True)


def evaluate(sets: list[dict], variants: list[str], seeds: list[int], cache) -> list[dict]:
    from sklearn.metrics import adjusted_mutual_info_score as ami
    from sklearn.metrics import normalized_mutual_info_score as nmi

    rows = []
    for d in sets:
        for variant in variants:
            for seed in seeds:
                t0 = time.perf_counter()
                lab = run(d, variant, seed, d.get("cache", cache))
                secs = time.perf_counter() - t0
                pad = [-1] * len(d.get("pad", []))
                scored = lab if d["scored"] is None else np.concatenate([lab[d["scored"]], pad])
                row = {"set": d["set"], "variant": variant, "seed": seed, "n": len(lab),
                       "themes": len(set(lab.tolist()) - {-1}), "NMI": round(float(nmi(d["gold"], scored)), 4),
                       "AMI": round(float(ami(d["gold"], scored)), 4), "out": round(float((lab < 0).mean()), 3),
                       "purity_in": round(btv.purity([g for g, t in zip(d["gold"], scored, strict=False) if t >= 0],
                                                     scored[scored >= 0]), 3) if (scored >= 0).any() else 0.0,
                       "s": round(secs, 1), "lab": lab.tolist()}
                print(json.dumps({k: v for k, v in row.items() if k != "lab"}), flush=True)
                rows.append(row)
    return rows


def summary(rows: list[dict], base: str = "now") -> None:
    from sklearn.metrics import adjusted_rand_score as ari

    def group(r: dict) -> str:
        return "sib" if r["set"].startswith("sib:") else r["set"]

    sets = list(dict.fromkeys(group(r) for r in rows))
    print("| variant | set | NMI | paired dNMI (se, wins) | AMI | dAMI | themes | unassigned | purity assigned | stability ARI | s/run |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for v in dict.fromkeys(r["variant"] for r in rows):
        for s in sets:
            rs = [r for r in rows if r["variant"] == v and group(r) == s]
            if not rs:
                continue
            bs = {(r["set"], r["seed"]): r for r in rows if r["variant"] == base and group(r) == s}
            seeds = sorted({r["seed"] for r in rs})
            dn, da = [], []
            for sd in seeds:  # per seed: mean over the set's folds
                mine = [r for r in rs if r["seed"] == sd]
                if all((r["set"], sd) in bs for r in mine):
                    dn.append(mean(r["NMI"] - bs[(r["set"], sd)]["NMI"] for r in mine))
                    da.append(mean(r["AMI"] - bs[(r["set"], sd)]["AMI"] for r in mine))
            se = stdev(dn) / len(dn) ** 0.5 if len(dn) > 1 else 0.0
            stab = mean(ari(a["lab"], b["lab"]) for a, b in itertools.combinations(rs, 2) if a["set"] == b["set"])
            paired = f"{mean(dn):+.4f} ({se:.4f}, {sum(x > 0 for x in dn)}/{len(dn)})" if dn else ""
            print(f"| {v} | {s} | {mean(r['NMI'] for r in rs):.4f} | {paired} | {mean(r['AMI'] for r in rs):.4f} | "
                  f"{mean(da):+.4f} | {mean(r['themes'] for r in rs):.1f} | {mean(r['out'] for r in rs):.3f} | "
                  f"{mean(r.get('purity_in', 0) for r in rs):.3f} | "
                  f"{stab:.3f} | {mean(r['s'] for r in rs):.1f} |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="sib,own,turns")
    ap.add_argument("--variants", default="now,co5")
    ap.add_argument("--project", type=Path, help="make demo project for the 'turns' set")
    ap.add_argument("--seeds", default="42,1,2,3,4,5,6")
    ap.add_argument("--json", type=Path, help="write the rows here")
    ap.add_argument("--check", action="store_true", help="co5+cut0.15+place = ThemeModel.fit (seed 1)")
    ap.add_argument("--summary", type=Path, help="only print the summary of rows written by --json")
    ap.add_argument("--base", default="now", help="the variant the paired differences are taken against")
    ap.add_argument("--proj-train", default="s19", help="training data of +proj<m>: s19 | t1 | t2 | sib")
    args = ap.parse_args()
    PROJ_TRAIN = args.proj_train
    if args.summary:
        summary(json.loads(args.summary.read_text()), args.base)
        sys.exit()
    from focusgroup.store import Project

    btv.OUT.mkdir(parents=True, exist_ok=True)
    with Project(btv.OUT / "bench_cache.fgproj") as cache, tempfile.TemporaryDirectory() as tmp:
        wanted = args.sets.split(",")
        sets = btv.sib_sets(cache) if "sib" in wanted else []
        if "own" in wanted:
            sets += btv.own_sets(cache, tmp)
        if "turns" in wanted and args.project:
            sets += btv.turn_sets(args.project, tmp)[0]
        if args.check:
            check(sets, cache)
            sys.exit()
        rows = evaluate(sets, args.variants.split(","), [int(s) for s in args.seeds.split(",")], cache)
        if args.json:
            args.json.write_text(json.dumps(rows))
        summary(rows, args.base)
