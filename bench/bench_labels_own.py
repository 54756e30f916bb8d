"""Label rules on fixed themes of the own comment corpus (issue 18): the real themes path once per seed, then
the labels again under each variant, so a label rule is compared on the same grouping in one process.

``bench_own_topics.py`` builds the project and runs ``themes.analyze`` per seed (the real path: CSV import,
non-answers, default engine); here every theme of each run is then relabelled with ``describe.describe_state``
(parents first, leaves by centrality, as the app) under each ``--variants`` entry: settings
``MODULE.NAME=VALUE`` separated by spaces, variants by ``;;`` (an empty variant: the code as it is). Modules
are ``focusgroup.themes.<MODULE>`` or a full ``focusgroup....`` path; the word check's and the parse caches
are emptied per variant. Figures: share of topical quotes whose leaf / parent label names their gold topic
(``bench_themes.names_topic`` with topics.json's stems), as bench_own_topics.py counts them (the empty
variant gives its figures: dev .381 / .358 at 52ae3dd); ``--show`` prints every theme (size, purity,
majority topic, + when the label names it) per seed.

    nice -n 10 .venv/bin/python bench/bench_labels_own.py --variants "phrases.KIN_GENERIC=False ;; " --show
    nice -n 10 .venv/bin/python bench/bench_labels_own.py --split test --once --variants "...;; "  # once
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def setting(item: str) -> tuple[object, str, object]:
    """Apply ``MODULE.NAME=VALUE``; returns (module, name, old value) to undo it."""
    name, value = item.split("=", 1)
    mod, attr = name.rsplit(".", 1)
    module = importlib.import_module(mod if mod.startswith("focusgroup") else f"focusgroup.themes.{mod}")
    assert hasattr(module, attr), name
    old = getattr(module, attr)
    setattr(module, attr, ast.literal_eval(value))
    return module, attr, old


def clear_caches() -> None:
    from focusgroup.nlp.words import is_danish_word
    from focusgroup.themes import parse_cache

    is_danish_word.cache_clear()
    parse_cache._CACHE.clear()


LOW_SHARE = 0.10  # a label in fewer than this share of its theme's quotes (the app's "Etiketten i")


def relabel_state(p, state0):
    """The run's themes relabelled as describe_state does (not saved), and the rule that made each leaf label
    (``labels.build_labels``' ``tiers``: share / loose / single / quote)."""
    from focusgroup.themes import labels
    from focusgroup.themes.describe import describe_state

    tiers: dict[int, str] = {}
    build = labels.build_labels

    def recording(*args, **kwargs):
        if kwargs.get("fallback", True):  # the leaves (the parents' call has no fallback)
            kwargs["tiers"] = tiers
        return build(*args, **kwargs)

    st = copy.deepcopy(state0)
    st.dirty, st.locked = set(st.themes), set()
    # parents labelled afresh, as analyze does: since 6417f7f / 5151e08 a parent whose quotes or children are as
    # stored keeps its stored label (an edit's rule), so the parent figures did not follow a label variant
    st.parent_labels_before, st.parent_children_before = {}, {}
    labels.build_labels = recording
    try:
        describe_state(p, st)
    finally:
        labels.build_labels = build
    return st, tiers


def label_shares(p, st) -> dict[int, tuple[int, int]]:
    """Per leaf theme: (quotes that carry its label, quotes), as the app counts them (``stats.label_share``)."""
    from focusgroup.search import stem_finder
    from focusgroup.stats.label_share import label_hits

    text = {q.id: q.text for q in p.quotes()}
    return {k: (label_hits(t.label, stem_finder([text[q] for q in st.members(k)])), len(st.members(k)))
            for k, t in st.themes.items()}


def share_summary(shares: list[float], tiers: list[str]) -> str:
    """How many labels name fewer than LOW_SHARE of their quotes, the median share, and the tiers."""
    from statistics import median

    low = sum(s < LOW_SHARE for s in shares)
    tier = Counter(tiers)
    return (f"{len(shares)} themes, share < {LOW_SHARE:.0%}: {low}, median share {median(shares):.2f}; tiers "
            + " ".join(f"{k} {tier[k]}" for k in ("share", "qualified", "loose", "single", "quote", "kind") if tier[k]))


def relabel(p, state0, gold_of: dict[str, str], stems: dict[str, str], show: bool, seed: int,
            collect: list | None = None) -> tuple[float, float]:
    from bench_themes import names_topic

    st, tiers = relabel_state(p, state0)
    shares = label_shares(p, st)
    if collect is not None:
        collect.extend((shares[k][0] / max(shares[k][1], 1), tiers.get(k, "?")) for k in st.themes)
    quotes = {q.id: q for q in p.quotes()}
    parent = {k: st.parents[-1 - t.parent_id].label if t.parent_id is not None else None for k, t in st.themes.items()}
    pairs = [(gold_of[quotes[q].metadata["id"]], k) for q, k in st.assignments.items() if k is not None]
    pairs = [(g, k) for g, k in pairs if g != "ingen"]
    # bench_own_topics counts over every topical quote (one without a theme names nothing)
    n_topical = sum(1 for q in quotes.values() if gold_of[q.metadata["id"]] != "ingen")
    leaf = sum(names_topic(st.themes[k].label, g, stems) for g, k in pairs) / n_topical
    par = sum(bool(parent[k]) and names_topic(parent[k], g, stems) for g, k in pairs) / n_topical
    if show:
        print(f"--- seed {seed}: leaf labels {leaf:.3f}, parent labels {par:.3f}")
        for k, t in sorted(st.themes.items(), key=lambda kv: -len(st.members(kv[0]))):
            c = Counter(g for g, kk in pairs if kk == k)
            n = sum(c.values())
            top, n_top = c.most_common(1)[0] if c else ("-", 0)
            ok = "+" if c and names_topic(t.label, top, stems) else "-"
            hits, size = shares[k]
            print(f"{n:4d} {n_top / max(n, 1):.2f} {ok} {top:18s} {t.label}  [{parent[k] or ''}]  "
                  f"{hits}/{size} {tiers.get(k, '?')}")
    return leaf, par


def main() -> None:
    import bench_own_topics as own

    from focusgroup.themes.state import RunState

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "test"])
    ap.add_argument("--once", action="store_true", help="required with --split test (read once, at the end)")
    ap.add_argument("--seeds", default="42,1,2")
    ap.add_argument("--variants", default="", help="settings per variant, variants separated by ';;'")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--reuse", action="store_true", help="label the runs the last --reuse call of this split "
                    "kept (bench/out/own_topics_<split>.runs.json) instead of running analyze again; the label "
                    "code may change between calls, the grouping is the kept one")
    args = ap.parse_args()
    if args.split == "test" and not args.once:
        raise SystemExit("the test split is read once, at the end: add --once")
    rows, topics = own.load_rows(args.split)
    stems = {t: v["stems"] for t, v in topics.items()}
    gold_of = {r["id"]: r["topic"] for r in rows}
    seeds = [int(s) for s in args.seeds.split(",")]
    kept = own.OUT / f"own_topics_{args.split}.runs.json"
    runs = json.loads(kept.read_text()) if args.reuse and kept.exists() else {}
    if all(str(s) in runs for s in seeds):
        from focusgroup.store import Project

        p = Project(own.OUT / f"own_topics_{args.split}.fgproj")
    else:
        kept.unlink(missing_ok=True)  # the project is built anew: runs kept before are gone with it
        p = own.build_project(rows, args.split)
        runs = {str(seed): own.run_seed(p, seed)[0] for seed in seeds}
        if args.reuse:
            kept.write_text(json.dumps(runs))
    states = {seed: RunState.load(p, runs[str(seed)]) for seed in seeds}
    for variant in [v.strip() for v in args.variants.split(";;")] if args.variants else [""]:
        undo = [setting(item) for item in variant.split()]
        clear_caches()
        got: list = []
        res = [relabel(p, st, gold_of, stems, args.show, seed, got) for seed, st in states.items()]
        print(f"{variant or '(as is)'}: leaf labels name topic {mean(r[0] for r in res):.3f}, parent labels "
              f"{mean(r[1] for r in res):.3f}; per seed " + " ".join(f"{a:.3f}/{b:.3f}" for a, b in res)
              + f"; {share_summary([g[0] for g in got], [g[1] for g in got])}", flush=True)
        for module, attr, old in undo:
            setattr(module, attr, old)
        clear_caches()


if __name__ == "__main__":
    main()
