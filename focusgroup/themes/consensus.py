"""Themes agreed over several UMAP layouts (issue 18, session 17).

UMAP's layout depends on its seed, and HDBSCAN on the layout: two analyses of one study with different
seeds shared only about two thirds of their theme structure (mean adjusted Rand index between seeds .66-.70
on SIB-200 folds, the own comment corpus and the sample study's turns), and NMI against known topics moved
by +-.02 between seeds (bench/README.md, sessions 15-16). Here the clustering runs on ``LAYOUTS`` layouts
(the study's seed, then seed + 1000, + 2000, ...), each with the guard's attempts; two quotes are
*co-associated* by the share of those runs that put them in one theme (outliers are linked to nobody), and
average linkage on 1 - that share is cut at ``CUT``. Leaf HDBSCAN cuts a subject into fine clusters, and
where it draws the line inside a subject changes with the layout; a low cut joins clusters that share
quotes across the layouts and keeps only the boundaries that (nearly) every layout draws. A quote left in a
group smaller than the minimum theme size joins the theme it was most often in over the runs (the runs
know more about an unstable quote than one centroid distance: NMI +.0006/+.0024/+.0012 on the three sets
below, within noise, never a loss in the mean); the rest stay outliers, which ``themes.merge`` then places
in their nearest theme.

Measured, paired over 10 seeds against one layout (bench/README.md, "Session 17 (helper B)"): NMI SIB-200
folds +.012 (10/10 seeds), own corpus dev +.009 (6/10 seeds, se .005), dev turns +.012 (7/10); AMI +.017-.027;
a few fewer themes (own dev 25 -> 22); agreement between seeds (ARI) .65-.69 -> .75-.77. Cuts .1-.3 gave about
the same on SIB-200 and the turns (own dev, the noisiest set, -.000 to +.006); .4-.5 less; 3 layouts about .003
NMI and .05 ARI less than 5, 7 layouts no more NMI.

Selected on the selection sets only (SIB-200 train/dev folds, the own corpus's dev split, the sample study's
dev turns; 10 paired seeds), ``bench/bench_themes_consensus.py`` (variant ``co5+cut0.15+place``).

Cost: UMAP runs 5 times (CPU of the clustering step at 1,000 quotes 1.5 -> 7.5 s, at 5,000 (batch's
sample) 7.2 -> 41.2 s; the co-association and linkage are 0.1 s and 2.1 s of that). The co-association is
dense (n x n), so above ``MAX_QUOTES`` quotes one layout is used as before. Each layout is cached in the
project like the first, so a re-analysis refits nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LAYOUTS = 5
CUT = 0.15
SEED_STEP = 1000
MAX_QUOTES = 6000  # at 6,000 quotes: co-association 144 MB (float32) + condensed distances 72 MB + linkage's 144 MB


def seeds(seed: int, layouts: int = LAYOUTS) -> list[int]:
    """The UMAP seeds of one analysis: its own first, so the first layout is the one-layout fit's."""
    return [seed + SEED_STEP * i for i in range(layouts)]


def coassociation(parts: list[np.ndarray]) -> np.ndarray:
    """n x n share of the partitions that put quotes i and j in one theme (an outlier, -1, in none)."""
    n = len(parts[0])
    c = np.zeros((n, n), dtype=np.float32)
    for lab in parts:
        lab = np.asarray(lab)
        ok = np.flatnonzero(lab >= 0)
        if not len(ok):
            continue
        onehot = np.zeros((n, int(lab.max()) + 1), dtype=np.float32)
        onehot[ok, lab[ok]] = 1.0
        c += onehot @ onehot.T
    return c / len(parts)


def agree(parts: list[np.ndarray], min_size: int, cut: float = CUT) -> np.ndarray:
    """One partition from several (see the module docstring): groups of average co-association above
    ``cut``, numbered from 0. A quote of a group smaller than ``min_size`` joins the theme whose quotes it
    shared a theme with most often over the runs (mean co-association); one never in a theme with any of
    them is an outlier (-1)."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(parts) == 1:
        return np.asarray(parts[0])
    c = coassociation(parts)
    d = 1.0 - c
    np.fill_diagonal(d, 0.0)
    condensed = squareform(d, checks=False)
    del d  # peak memory: the co-association, the condensed distances and linkage's float64 copy of them
    groups = fcluster(linkage(condensed, "average"), t=1.0 - cut, criterion="distance")
    del condensed
    sizes = np.bincount(groups)
    big = np.flatnonzero(sizes >= min_size)
    number = np.full(len(sizes), -1)
    number[big] = np.arange(len(big))
    out = number[groups]
    left = np.flatnonzero(out < 0)
    if len(left) and len(big):
        together = np.stack([c[left][:, out == t].mean(axis=1) for t in range(len(big))], axis=1)
        best = together.argmax(axis=1)
        placed = together[np.arange(len(left)), best] > 0
        out[left[placed]] = best[placed]
    return out


def consensus_cluster(first: np.ndarray, layout: Callable[[int], np.ndarray],
                      cluster: Callable[[np.ndarray, int], np.ndarray], seed: int, min_size: int,
                      check: Callable[[np.ndarray], bool], layouts: int = LAYOUTS) -> tuple[np.ndarray, dict]:
    """``first`` = the first seed's partition; ``layout(seed)`` a UMAP layout, ``cluster(layout, seed)``
    its guarded partition. Returns the agreed partition and a guard-log entry; when the agreed partition
    fails the guard's ``check`` (a collapse), ``first`` is kept."""
    parts = [np.asarray(first)] + [np.asarray(cluster(layout(s), s)) for s in seeds(seed, layouts)[1:]]
    agreed = agree(parts, min_size)
    ok = check(agreed)
    out = agreed if ok else np.asarray(first)
    entry = {"attempt": f"consensus(layouts={layouts}, cut={CUT})", "ok": ok,
             "n_topics": len(set(out.tolist()) - {-1}), "outlier_share": round(float((out < 0).mean()), 3),
             "reason": "" if ok else "the agreed partition failed the guard: the first layout's is kept"}
    return out, entry
