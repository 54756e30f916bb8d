"""Final fit of the e5 sentiment fine-tune's CV configuration on all train (session 16, issue 15 item 4).

    nice -n 15 .venv/bin/python scripts/final_fit_sentiment_e5.py   # -> .cache/sentiment/e5cv/final/epoch{1..5}

Trains the configuration of ``scripts/train_sentiment_e5.py --folds all`` (top 2 layers + lexicon, lr 2e-4,
5-epoch schedule, seed 0) once on all 1,018 train sentences and keeps the task weights (fp16) after every
epoch, so the epoch can be chosen by the CV without refitting. Session 16 shipped nothing from it: the
two-seed CV found no gain for the fine-tune or its blend with the linear model (bench/README.md
"Session 16"); ``bench/sentiment_e5_own.py --final`` scores these weights on the own sentences.
Test files are not read.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from train_sentiment_e5 import (  # noqa: E402
    SEED,
    Upper,
    lower_cache,
    save_state,
    scaled_lex,
)

from focusgroup.sentiment.e5_model import load_base  # noqa: E402
from focusgroup.sentiment.lexicon import LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS  # noqa: E402
from focusgroup.sentiment.train import DATA_DIR, TRAIN_FILES, load_jsonl  # noqa: E402

CONFIG = (2, 1.0, 2e-4)  # trained layers, lexicon weight, lr: the configuration of the session-16 CV
CACHE = REPO / ".cache" / "sentiment" / "e5cv"
L = np.asarray(LABELS)


def train_data() -> tuple[list[str], np.ndarray, np.ndarray]:
    texts, labels, domain = [], [], []
    for i, name in enumerate(TRAIN_FILES):
        t, lab = load_jsonl(DATA_DIR / name)
        texts += t
        labels += list(lab)
        domain += [i] * len(t)
    return texts, np.asarray(labels), np.asarray(domain)


def fit(epochs: int, out: Path) -> int:
    import torch

    torch.set_num_threads(1)
    texts, y_str, _ = train_data()
    y = np.asarray([LABELS.index(v) for v in y_str])
    k, lw, lr = CONFIG
    bert, tok = load_base()
    bert.eval()
    t0 = time.perf_counter()
    hs = lower_cache(bert, tok, texts, bert.config.num_hidden_layers - k)
    lex, _, _ = scaled_lex(LexiconFeatures().transform(texts).astype(np.float64), np.arange(len(y)), lw)
    up = Upper(bert, k, lex.shape[1], SEED, lr)
    for e, _ in up.fit_epochs(hs, lex, y, epochs, SEED, None, lambda m: print(m, flush=True)):
        save_state(up.net, out / f"epoch{e}.safetensors")
    print(f"fitted on {len(y)} sentences in {(time.perf_counter() - t0) / 60:.1f} min; load {os.getloadavg()[0]:.1f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=5, help="the schedule (as the CV's)")
    ap.add_argument("--states", type=Path, default=CACHE / "final")
    args = ap.parse_args(argv)
    return fit(args.epochs, args.states)


if __name__ == "__main__":
    raise SystemExit(main())
