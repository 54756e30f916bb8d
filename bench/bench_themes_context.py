"""Focus-group turns read with their question: NMI of the sample study's themes against the 122
hand-labelled turns of ``tests/data/codebook_jobcenter_dev.csv`` (issue 18, session 14; the selection set:
the held-out codebook turns are the lead's). Figures go to bench/README.md.

The project is a ``make demo`` output (its quotes and cached vectors; copied, never written):

    make demo DEMO=/tmp/demo
    nice -n 10 .venv/bin/python bench/bench_themes_context.py /tmp/demo/project.fgproj            # all variants
    nice -n 10 .venv/bin/python bench/bench_themes_context.py /tmp/demo/project.fgproj --show now  # + largest themes
    .venv/bin/python bench/bench_themes_context.py /tmp/demo/project.fgproj --labels  # label names the code, latest run

Variants (``focusgroup.themes.context``): ``own`` = each quote's own vector (before), ``centred`` = the
kinds centred only, ``question:A:B`` = the question mixed in with weight A for turns with <= 2
topic-bearing words and B for the others, then the kinds centred (``now`` = the module's constants).
Each row: themes, largest theme, NMI on the coded turns (with "Andet" as a code, and without those
turns), and the share of transcript turns that sit in a theme made mostly (>= 50%) of transcript turns.
SIB-200 is one kind of text without questions: the vectors are the own vectors there, so its NMI does
not move (``tests/test_themes_context.py``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
import tempfile
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEEDS = (42, 1, 2)
VARIANTS = ["own", "centred", "question:0.5:0.5", "question:0.7:0.7", "question:1:1", "question:1:0.3",
            "question:1.5:0.5", "question:1:0.5", "now"]


def gold() -> dict[str, str]:
    with open(ROOT / "tests" / "data" / "codebook_jobcenter_dev.csv", encoding="utf-8") as f:
        return {r[0]: r[1] for r in csv.reader(f, delimiter=";") if r and r[1] != "kode"}


def vectors(variant: str, quotes: list, x: np.ndarray, project, emb) -> np.ndarray:
    from focusgroup.themes import context

    if variant == "own":
        return x
    if variant == "centred":
        return context.clustering_vectors(quotes, x, project, None)
    if variant == "now":
        return context.clustering_vectors(quotes, x, project, emb)
    _, short, other = variant.split(":")
    keep = context.SHORT_QUESTION_WEIGHT, context.QUESTION_WEIGHT
    context.SHORT_QUESTION_WEIGHT, context.QUESTION_WEIGHT = float(short), float(other)
    try:
        return context.clustering_vectors(quotes, x, project, emb)
    finally:
        context.SHORT_QUESTION_WEIGHT, context.QUESTION_WEIGHT = keep


def run(path: Path, variants: list[str], show: set[str]) -> list[dict]:
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.store import Project
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.model import ThemeModel

    codes = gold()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project.fgproj"
        with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)  # with the WAL's pages; the demo project is not written
        with Project(copy) as p:
            quotes = select_quotes(p, AnalysisConfig())
            texts = [q.text for q in quotes]
            emb = get_embedder(DEFAULT_EMBEDDER)
            x = np.asarray(embed_texts(texts, emb, p))
            spoken = np.array([q.column is None for q in quotes])
            coded = [i for i, t in enumerate(texts) if t in codes]
            content = [i for i in coded if codes[texts[i]] != "Andet"]
            for variant in variants:
                y = vectors(variant, quotes, x, p, emb)
                for seed in SEEDS:
                    lab = ThemeModel(seed=seed, embedder=emb, project=p, keyphrases=False).fit(texts, y, x).labels_
                    sizes = np.bincount(lab[lab >= 0])
                    spoken_themes = [t for t in range(len(sizes)) if spoken[lab == t].mean() >= 0.5]
                    row = {"variant": variant, "seed": seed, "quotes": len(texts), "coded": len(coded),
                           "themes": len(sizes), "largest": int(sizes.max()),
                           "NMI": round(nmi([codes[texts[i]] for i in coded], lab[coded]), 3),
                           "NMI_no_andet": round(nmi([codes[texts[i]] for i in content], lab[content]), 3),
                           "spoken_in_spoken_themes": round(float(np.isin(lab[spoken], spoken_themes).mean()), 2)}
                    print(json.dumps(row, ensure_ascii=False), flush=True)
                    rows.append(row)
                    if variant in show and seed == SEEDS[0]:
                        for t in np.argsort(-sizes)[:8]:
                            members = np.flatnonzero(lab == t)
                            print(f"  {sizes[t]:3d} quotes, {spoken[members].mean():.0%} spoken: "
                                  + " || ".join(texts[i][:60] for i in members[:8]))
    return rows


def label_names_code(path: Path) -> dict:
    """Share of the coded, modelled dev turns (without "Andet") whose leaf label (or its parent's) has a word
    starting with the first four letters of a content word of their code's name ("Breve og sprog" -> brev,
    spro): stems made mechanically from the names, for a finished run of a make demo project."""
    import re

    from focusgroup.store import Project

    codes = gold()

    def stems(code: str) -> list[str]:
        return [w[:4] for w in re.findall(r"\w+", code.lower()) if w not in {"og", "til", "af", "blive"}]

    def names(label: str, code: str) -> bool:
        return any(w.lower().startswith(s) for w in re.findall(r"\w+", label) for s in stems(code))

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project.fgproj"
        with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        with Project(copy) as p:
            run = p.latest_run_id()
            themes = {t.id: t for t in p.themes(run)}
            texts = {q.id: q.text for q in p.quotes()}
            leaf = both = n = 0
            for qid, a in p.assignments(run).items():
                code = codes.get(texts[qid])
                if not code or code == "Andet" or a.theme_id is None:
                    continue
                t = themes[a.theme_id]
                parent = themes[t.parent_id].label if t.parent_id in themes else ""
                n += 1
                leaf += names(t.label, code)
                both += names(t.label, code) or names(parent, code)
    return {"project": str(path), "coded_turns": n, "leaf_label_names_code": round(leaf / max(n, 1), 3),
            "leaf_or_parent": round(both / max(n, 1), 3)}


def table(rows: list[dict]) -> None:
    print("| variant | themes | largest | NMI (122 turns) | NMI without 'Andet' | spoken turns in spoken themes |")
    print("|---|---|---|---|---|---|")
    for v in dict.fromkeys(r["variant"] for r in rows):
        rs = [r for r in rows if r["variant"] == v]
        print(f"| {v} | {mean(r['themes'] for r in rs):.1f} | {mean(r['largest'] for r in rs):.0f} "
              f"| {mean(r['NMI'] for r in rs):.3f} ({' / '.join(str(r['NMI']) for r in rs)}) "
              f"| {mean(r['NMI_no_andet'] for r in rs):.3f} | {mean(r['spoken_in_spoken_themes'] for r in rs):.2f} |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path, help="a make demo project (read through a copy)")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--show", default="", help="variants whose largest themes are printed (seed 42)")
    ap.add_argument("--labels", action="store_true", help="only 'label names the code' of the project's latest run")
    args = ap.parse_args()
    if args.labels:
        print(json.dumps(label_names_code(args.project)))
        sys.exit()
    table(run(args.project, args.variants.split(","), set(filter(None, args.show.split(",")))))
