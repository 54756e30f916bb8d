"""Every theme of a project's latest run relabelled as the app does, with how many of its quotes carry the label
and which rule made it (issue 18, session 18): the read-by-eye half of a label change, beside the figures of
``bench_labels_own.py`` and ``bench_labels_select.py``.

Per leaf theme: size, the label, "Etiketten i" as the app shows it (``stats.label_share``: quotes that carry the
label's words, of the theme's quotes), the rule that made the label (``labels.build_labels``' ``tiers``: a phrase
in a fair share of the quotes "share", one in 2+ quotes "loose", the most central phrase of one quote "single", a
shortened quote "quote"), the first keywords and the parent's label. Variants as in bench_labels_own.py
(``MODULE.NAME=VALUE`` separated by spaces, variants by ``;;``, an empty variant: the code as it is). The project
is not changed.

    nice -n 10 .venv/bin/python bench/bench_labels_demo.py /tmp/demo/project.fgproj --variants "labels.SINGLE_TIER=False ;; "
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    from bench_labels_own import clear_caches, label_shares, relabel_state, setting, share_summary

    from focusgroup.store import Project
    from focusgroup.themes.state import RunState

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--variants", default="", help="settings per variant, variants separated by ';;'")
    args = ap.parse_args()
    p = Project(args.project)
    state = RunState.load(p)
    for variant in [v.strip() for v in args.variants.split(";;")] if args.variants else [""]:
        undo = [setting(item) for item in variant.split()]
        clear_caches()
        st, tiers = relabel_state(p, state)
        shares = label_shares(p, st)
        print(f"=== {variant or '(as is)'}")
        print("| size | label | label in | tier | keywords | parent |")
        print("|---|---|---|---|---|---|")
        for k, t in sorted(st.themes.items(), key=lambda kv: -shares[kv[0]][1]):
            hits, n = shares[k]
            parent = st.parents[-1 - t.parent_id].label if t.parent_id is not None else ""
            print(f"| {n} | {t.label} | {hits} ({hits / max(n, 1):.0%}) | {tiers.get(k, '?')} "
                  f"| {', '.join(t.keywords[:6])} | {parent} |")
        print(share_summary([h / max(n, 1) for h, n in shares.values()], [tiers.get(k, "?") for k in st.themes]),
              flush=True)
        for module, attr, old in undo:
            setattr(module, attr, old)
        clear_caches()


if __name__ == "__main__":
    main()
