"""Themes on the project's own Danish comment corpus with known topics (issue 18, session 15).

tests/data/themes/own_comments.jsonl: 1,020 hand-written municipal / job-centre survey comments, 14
topics and non-answers (``ingen``), split dev / test; tests/data/themes/topics.json: display names and
gold stems, written before any labeller ran (see tests/data/themes/README.md). A stand-in for the
held-out comment corpus of issue 18 that the project never sees; select on dev, read test once.

The real themes path, as ``pipeline.analyze_project`` runs it on a survey: the split is written as a
CSV (columns ``id``, ``Kommentar``), imported with ``pipeline.import_files``, non-answers flagged
(``sentiment.question.refresh_non_answers``), then ``themes.analyze`` with the default
``AnalysisConfig`` (default embedder, seeds 42, 1, 2; sentiment and reply flags are not run). A fresh
project per call; only the answers' sentence vectors come from a cache in bench/out (the default
embedder on the same texts), so a re-run costs the themes, not the embedding.

Per seed: leaf and parent themes; NMI of the leaf themes against the gold topic over the topical
quotes (non-answers excluded; a quote without a theme, an outlier or one the pipeline set aside as a
non-answer, counts as one class ``-1``) and, for comparison, over all quotes with ``ingen`` as its own
gold class; share of topical quotes whose leaf label / parent label / top-10 keywords name their topic
(``bench_themes.names_topic`` with topics.json's stems: a label word starts with a stem); misspelt
labels (``nlp.words.is_danish_word``), duplicate labels; non-answers that got a theme; topical
quotes the pipeline set aside as non-answers; and a table: each leaf theme's label, parent label,
size, majority topic and purity.

    nice -n 10 .venv/bin/python bench/bench_own_topics.py                  # dev, seeds 42 1 2
    nice -n 10 .venv/bin/python bench/bench_own_topics.py --show 4         # + 4 quotes per theme (seed 42)
    nice -n 10 .venv/bin/python bench/bench_own_topics.py --json out.json  # rows for comparing versions
    nice -n 10 .venv/bin/python bench/bench_own_topics.py --baselines      # + plain BERTopic, k-means
    nice -n 10 .venv/bin/python bench/bench_own_topics.py --split test --once   # test: once, at the end

Another corpus in the same format (``--corpus``, ``--topics``; ``--split all`` takes every line): the
held-out tests/data/themes/heldout_s17.jsonl (session 17, another writer; every line ``test``) is read
ONCE, by the lead, at the end of session 17, and never selected on. ``--counts`` prints the rows per
topic of the chosen lines and stops before any model runs (a check of the loader, not a score).

    .venv/bin/python bench/bench_own_topics.py --corpus tests/data/themes/heldout_s17.jsonl \
        --topics tests/data/themes/topics_s17.json --split all --counts
    nice -n 10 .venv/bin/python bench/bench_own_topics.py --corpus tests/data/themes/heldout_s17.jsonl \
        --topics tests/data/themes/topics_s17.json --split all --once   # the lead, once
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT / "tests" / "data" / "themes"
CORPUS = DATA / "own_comments.jsonl"  # the default corpus and its topics (session 15)
TOPICS = DATA / "topics.json"
OUT = ROOT / "bench" / "out"
NONE = "ingen"  # the non-answers' topic id
WORDS = re.compile(r"[^\W\d_]+")


def load(split: str, corpus: Path = CORPUS, topics: Path = TOPICS) -> tuple[list[str], list[str]]:
    """(texts, gold topic ids) of a split in file order; non-answers have topic ``ingen`` (NONE)."""
    rows, _ = load_rows(split, corpus, topics)
    return [r["text"] for r in rows], [r["topic"] for r in rows]


def load_rows(split: str, corpus: Path = CORPUS, topics: Path = TOPICS) -> tuple[list[dict], dict[str, dict]]:
    """The split's rows (id, text, topic) in file order (``all``: every row), and the topics file.
    A row whose topic the topics file does not know stops the run: it would be scored against nothing."""
    rows = [json.loads(line) for line in Path(corpus).read_text(encoding="utf-8").splitlines() if line]
    known = json.loads(Path(topics).read_text(encoding="utf-8"))
    unknown = sorted({r["topic"] for r in rows} - set(known))
    if unknown:
        raise SystemExit(f"{corpus}: topics not in {topics}: {unknown}")
    return [r for r in rows if split == "all" or r["split"] == split], known


def build_project(rows: list[dict], split: str, tag: str = "own_topics"):
    """A fresh survey project holding the split, imported as a user would; answer vectors pre-filled.
    ``tag`` names its files in bench/out (one per corpus, so two corpora never share a project)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder, text_hash
    from focusgroup.pipeline import import_files
    from focusgroup.store import Project

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{tag}_{split}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "Kommentar"])
        w.writerows([r["id"], r["text"]] for r in rows)
    proj_path = OUT / f"{tag}_{split}.fgproj"
    Project.delete(proj_path)
    p = Project(proj_path)
    report = import_files(p, [path], text_columns=["Kommentar"], id_column="id")
    if report.errors:
        raise SystemExit(f"import failed: {report.errors}")
    emb = get_embedder(AnalysisConfig().embedder)
    texts = [q.text for q in p.quotes()]
    t0 = time.perf_counter()
    with Project(OUT / f"{tag}_embeddings.fgproj") as cache:  # only sentence vectors live here
        x = embed_texts(texts, emb, cache)
    p.cache_embeddings(emb.name, emb.model, {text_hash(t): v for t, v in zip(texts, x, strict=True)})
    print(
        f"# {len(texts)} answers imported; vectors ({emb.name}) ready in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    return p


def run_seed(p, seed: int) -> tuple[int, float]:
    from focusgroup.config import AnalysisConfig
    from focusgroup.lean_imports import import_bertopic_lean
    from focusgroup.sentiment.question import refresh_non_answers
    from focusgroup.themes import analyze

    import_bertopic_lean()
    refresh_non_answers(p)
    t0 = time.perf_counter()
    run = analyze(p, AnalysisConfig(seed=seed))
    return run, time.perf_counter() - t0


def misspelt(label: str) -> bool:
    from focusgroup.nlp.words import is_danish_word

    return any(not is_danish_word(w) for w in WORDS.findall(label))


def measure(p, run: int, rows: list[dict], topics: dict[str, dict], seed: int, secs: float) -> dict:
    """The figures of one run (see the module docstring) and its theme table."""
    from bench_themes import names_topic
    from sklearn.metrics import normalized_mutual_info_score

    stems = {t: v["stems"] for t, v in topics.items()}
    gold_of = {r["id"]: r["topic"] for r in rows}
    themes = {t.id: t for t in p.themes(run)}
    parents = {t.parent_id for t in themes.values() if t.parent_id is not None}
    leaves = {i: t for i, t in themes.items() if i not in parents}
    assigned = p.assignments(run)
    quotes = []  # (gold topic, leaf theme id or None, set aside as a non-answer, text)
    for q in p.quotes():
        a = assigned.get(q.id)
        quotes.append((gold_of[q.metadata["id"]], a.theme_id if a else None, a is None, q.text))
    topical = [q for q in quotes if q[0] != NONE]
    pred = [q[1] if q[1] is not None else -1 for q in topical]
    gold = [q[0] for q in topical]

    def named(label_of) -> float:
        return mean(
            bool(tid is not None and label_of(tid) and names_topic(label_of(tid), g, stems))
            for g, tid, _, _ in topical
        )

    def parent_label(tid: int) -> str | None:
        pid = themes[tid].parent_id
        return themes[pid].label if pid is not None else None

    leaf_labels = [t.label for t in leaves.values()]
    parent_labels = [themes[i].label for i in parents]
    non = [q for q in quotes if q[0] == NONE]
    table = []
    for tid, t in sorted(leaves.items(), key=lambda kv: -kv[1].size):
        members = Counter(g for g, th, _, _ in quotes if th == tid)
        top, n_top = members.most_common(1)[0] if members else ("-", 0)
        n = sum(members.values())
        table.append(
            {
                "label": t.label,
                "parent": parent_label(tid) or "",
                "size": n,
                "majority": top,
                "purity": round(n_top / n, 2) if n else 0.0,
                "names_majority": bool(top != NONE and names_topic(t.label, top, stems)) if n else False,
                "keywords": t.keywords[:10],
                "id": tid,
            }
        )
    row = {
        "seed": seed,
        "themes": len(leaves),
        "parents": len(parents),
        "quotes": len(quotes),
        "NMI_topical": round(float(normalized_mutual_info_score(gold, pred)), 3),
        "NMI_all_with_ingen_class": round(
            float(
                normalized_mutual_info_score(
                    [q[0] for q in quotes], [q[1] if q[1] is not None else -1 for q in quotes]
                )
            ),
            3,
        ),
        "no_theme_topical": round(mean(q[1] is None for q in topical), 3),
        "label_names_topic": round(named(lambda tid: themes[tid].label), 3),
        "parent_names_topic": round(named(parent_label), 3),
        "quotes_with_parent": round(
            mean(q[1] is not None and parent_label(q[1]) is not None for q in topical), 3
        ),
        "keywords10_name_topic": round(named(lambda tid: " ".join(themes[tid].keywords[:10])), 3),
        "misspelt_leaf_labels": sum(map(misspelt, leaf_labels)),
        "misspelt_parent_labels": sum(map(misspelt, parent_labels)),
        "duplicate_labels": len(leaf_labels + parent_labels)
        - len({v.casefold() for v in leaf_labels + parent_labels}),
        "non_answers_in_a_theme": f"{sum(q[1] is not None for q in non)}/{len(non)}",
        "topical_set_aside_as_non_answer": sum(q[2] for q in topical),
        "mean_purity": round(mean(r["purity"] for r in table), 3) if table else 0.0,
        "seconds_analyze": round(secs, 1),
    }
    per_topic = {}  # gold topic -> (quotes, share named by their leaf label, the theme holding most of them)
    label_of = {tid: t.label for tid, t in themes.items()}
    for g in sorted({q[0] for q in topical}):
        mine = [q for q in topical if q[0] == g]
        where = Counter(q[1] for q in mine).most_common(1)[0]
        hits = [q[1] is not None and names_topic(label_of[q[1]], g, stems) for q in mine]
        per_topic[g] = (len(mine), round(mean(hits), 2), label_of.get(where[0], "-"), where[1])
    return {"row": row, "table": table, "quotes": quotes, "per_topic": per_topic}


def baselines(p, run: int, rows: list[dict], seeds: list[int]) -> None:
    """Plain BERTopic (default settings, UMAP as bench_themes) and k-means with k = the number of gold
    topics, on the same answer vectors and the same modelled answers as ``run``: NMI_topical as above."""
    import numpy as np
    from bertopic import BERTopic
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score
    from umap import UMAP

    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import get_embedder, text_hash

    gold_of = {r["id"]: r["topic"] for r in rows}
    assigned = p.assignments(run)
    quotes = [q for q in p.quotes() if gold_of[q.metadata["id"]] != NONE]
    modelled = [q for q in quotes if q.id in assigned]
    emb = get_embedder(AnalysisConfig().embedder)
    vecs = p.cached_embeddings(emb.name, emb.model, [text_hash(q.text) for q in modelled])
    x = np.stack([vecs[text_hash(q.text)] for q in modelled])
    gold = [gold_of[q.metadata["id"]] for q in quotes]
    k = len({g for g in gold})
    for seed in seeds:
        for name in ("plain BERTopic", f"k-means k={k}"):
            if name == "plain BERTopic":
                umap = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed)
                labels, _ = BERTopic(umap_model=umap).fit_transform([q.text for q in modelled], embeddings=x)
            else:
                labels = KMeans(n_clusters=k, random_state=seed, n_init=10).fit_predict(x)
            of = {q.id: int(t) for q, t in zip(modelled, labels, strict=True)}
            pred = [of.get(q.id, -1) for q in quotes]
            row = {
                "baseline": name,
                "seed": seed,
                "themes": len(set(pred) - {-1}),
                "NMI_topical": round(float(normalized_mutual_info_score(gold, pred)), 3),
            }
            print(json.dumps(row, ensure_ascii=False), flush=True)


def print_table(res: dict, show: int) -> None:
    quotes = res["quotes"]
    print(f"{'size':>4} {'pur':>4} {'ok':>2}  {'majority topic':<19} label  [parent]")
    for t in res["table"]:
        ok = "+" if t["names_majority"] else "-"
        print(
            f"{t['size']:>4} {t['purity']:>4.2f} {ok:>2}  {t['majority']:<19} {t['label']}  [{t['parent']}]"
        )
        if show:
            print(f"{'':>33}keywords: {', '.join(t['keywords'])}")
            for g, _, _, text in [q for q in quotes if q[1] == t["id"]][:show]:
                print(f"{'':>33}- ({g}) {text[:110]}")
    print(f"{'gold topic':<19} {'n':>3} named  most in (n)")
    for g, (n, named, where, k) in res["per_topic"].items():
        print(f"{g:<19} {n:>3} {named:>5.2f}  {where} ({k})")
    if show:
        left = [q for q in quotes if q[1] is None and not q[2]]
        aside = [q for q in quotes if q[2]]
        print(f"no theme (outliers): {len(left)}; set aside as non-answers: {len(aside)}")
        for g, _, _, text in aside:
            if g != NONE:
                print(f"   set aside but topical: ({g}) {text[:110]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="JSON lines: id, text, topic, split")
    ap.add_argument("--topics", type=Path, default=TOPICS, help="topic id -> name, stems (topics.json)")
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument(
        "--once", action="store_true", help="required when test lines are read (once, at the end)"
    )
    ap.add_argument("--counts", action="store_true", help="rows per topic of the chosen lines; no model")
    ap.add_argument("--seeds", default="42,1,2")
    ap.add_argument("--show", type=int, default=0, help="quotes printed per theme (first seed only)")
    ap.add_argument(
        "--baselines", action="store_true", help="also plain BERTopic and k-means on the same vectors"
    )
    ap.add_argument("--json", type=Path, help="write the per-seed rows and tables here")
    args = ap.parse_args()
    rows, topics = load_rows(args.split, args.corpus, args.topics)
    if args.counts:
        per = Counter(r["topic"] for r in rows)
        for tid in sorted(topics, key=lambda t: -per[t]):
            print(f"{per[tid]:>5}  {tid:<19} {topics[tid]['name']}")
        print(f"{len(rows):>5}  {args.corpus.name} split {args.split}")
        return
    if any(r["split"] == "test" for r in rows) and not args.once:
        raise SystemExit("test lines are read once, by whoever adopts a change: add --once")
    print(f"# load {os.getloadavg()[0]:.1f} at start; {args.corpus.name} split {args.split}", flush=True)
    tag = "own_topics" if args.corpus.resolve() == CORPUS.resolve() else args.corpus.stem
    p = build_project(rows, args.split, tag)
    results = []
    try:
        for k, seed in enumerate(int(s) for s in args.seeds.split(",")):
            run, secs = run_seed(p, seed)
            res = measure(p, run, rows, topics, seed, secs)
            results.append(res)
            print(json.dumps(res["row"], ensure_ascii=False), flush=True)
            print_table(res, args.show if k == 0 else 0)
        if args.baselines:
            baselines(p, run, rows, [int(s) for s in args.seeds.split(",")])
    finally:
        p.close()
    keys = [k for k, v in results[0]["row"].items() if isinstance(v, int | float) and k != "seed"]
    print("mean over seeds:", json.dumps({k: round(mean(r["row"][k] for r in results), 3) for k in keys}))
    print(f"# load {os.getloadavg()[0]:.1f} at end", flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"row": r["row"], "table": r["table"]} for r in results], ensure_ascii=False, indent=1
            ),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
