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


def relabel(p, state0, gold_of: dict[str, str], stems: dict[str, str], show: bool, seed: int) -> tuple[float, float]:
    from bench_themes import names_topic

    from focusgroup.themes.describe import describe_state

    st = copy.deepcopy(state0)
    st.dirty, st.locked = set(st.themes), set()
    describe_state(p, st)  # not saved: the project keeps the run as analyze wrote it
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
            print(f"{n:4d} {n_top / max(n, 1):.2f} {ok} {top:18s} {t.label}  [{parent[k] or ''}]")
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
    args = ap.parse_args()
    if args.split == "test" and not args.once:
        raise SystemExit("the test split is read once, at the end: add --once")
    rows, topics = own.load_rows(args.split)
    stems = {t: v["stems"] for t, v in topics.items()}
    gold_of = {r["id"]: r["topic"] for r in rows}
    p = own.build_project(rows, args.split)
    states = {}
    for seed in (int(s) for s in args.seeds.split(",")):
        run, _ = own.run_seed(p, seed)
        states[seed] = RunState.load(p, run)
    for variant in [v.strip() for v in args.variants.split(";;")] if args.variants else [""]:
        undo = [setting(item) for item in variant.split()]
        clear_caches()
        res = [relabel(p, st, gold_of, stems, args.show, seed) for seed, st in states.items()]
        print(f"{variant or '(as is)'}: leaf labels name topic {mean(r[0] for r in res):.3f}, parent labels "
              f"{mean(r[1] for r in res):.3f}; per seed " + " ".join(f"{a:.3f}/{b:.3f}" for a, b in res), flush=True)
        for module, attr, old in undo:
            setattr(module, attr, old)
        clear_caches()


if __name__ == "__main__":
    main()
