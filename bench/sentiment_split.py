"""What scoring long answers per sentence costs and changes, on an analysed project (issue 15/16).

    make demo && nice -n 10 python bench/sentiment_split.py [demo/project.fgproj] [--span]

Works on a copy of the project (its embedding cache gives the answers' and sentences' vectors). For the
default linear model and engine: how many informative answers are long (``score.LONG_TURN_WORDS``), the words of
their sentences against all answer words, the fresh embedding time of the answers and of the extra sentences
(two runs side by side), and for other thresholds how many labels and mixed flags differ from the product's.
``--span`` also pools each sentence's vector from the whole answer's pass (fp32 torch, token spans) instead
of a pass of its own, and counts the labels that change.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import focusgroup.sentiment.score as S  # noqa: E402
from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig  # noqa: E402
from focusgroup.embed.family import engine_for  # noqa: E402
from focusgroup.sentiment.backends import encode, get_backend  # noqa: E402
from focusgroup.store import Project  # noqa: E402


def labels(backend, p: np.ndarray) -> np.ndarray:
    """``score_texts``' labels from aggregated probabilities (decision bias, then the sign-clash rule)."""
    lab = backend.decide(p)
    sc = p[:, 2] - p[:, 0]
    return np.where(((lab == "positiv") & (sc < 0)) | ((lab == "negativ") & (sc > 0)), "neutral", lab)


def span_vectors(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Each sentence of each long text pooled from the text's own fp32 pass (its tokens only), unit norm."""
    import torch

    from focusgroup.embed.e5_convert import load_e5_torch

    torch.set_num_threads(1)
    model, tok = load_e5_torch()
    sents, vecs = [], []
    n = len("query: ")
    for x in texts:
        enc = tok.encode("query: " + x)
        ids = enc.ids[:512]
        with torch.inference_mode():
            h = model(input_ids=torch.tensor([ids])).last_hidden_state[0].numpy()
        offs = enc.offsets[: len(ids)]
        pos = 0
        for s in S._split_long(x):
            a = x.find(s, pos)
            a = a if a >= 0 else pos
            b = pos = a + len(s)
            toks = [k for k, (o, e) in enumerate(offs) if o >= a + n and e <= b + n and e > o]
            toks = toks or [k for k, (o, e) in enumerate(offs) if o < b + n and e > a + n]
            v = h[toks].mean(0)
            sents.append(s)
            vecs.append(v / np.linalg.norm(v))
    return sents, np.asarray(vecs, dtype=np.float32)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", nargs="?", type=Path, default=REPO / "demo" / "project.fgproj")
    ap.add_argument("--span", action="store_true")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp()) / "copy.fgproj"
    shutil.copy(args.project, tmp)
    backend = get_backend("lr")
    engine = engine_for(backend.embedder, DEFAULT_EMBEDDER)
    with Project(tmp) as project:
        roles = list(AnalysisConfig().roles)
        texts = [q.text for q in project.quotes(informative=True, roles=roles) if q.text and q.text.strip()]
        emb = encode(texts, engine, project=project)
        words = np.array([len(x.split()) for x in texts])

        def efn(xs: list[str]) -> np.ndarray:
            return encode(xs, engine, project=project)

        def run(th: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
            S.LONG_TURN_WORDS = th
            res = S.score_texts(texts, emb, backend, efn)
            sents = list(dict.fromkeys(s for x in texts for s in (S._split_long(x) or [])))
            return np.array([r[0] for r in res]), np.array([r[2] for r in res]), sents

        base = S.LONG_TURN_WORDS
        ref, ref_mixed, ref_sents = run(base)
        long_idx = [i for i, x in enumerate(texts) if S._split_long(x)]
        print(f"{len(texts)} informative answers ({engine}); long (> {base} words, >= 2 sentences): {len(long_idx)}")
        from focusgroup.embed import get_embedder

        e = get_embedder(engine)
        for _ in range(2):
            t = time.perf_counter()
            e.encode(texts)
            a = time.perf_counter() - t
            t = time.perf_counter()
            e.encode(ref_sents)
            b = time.perf_counter() - t
            print(f"fresh {engine}: answers {a:.1f} s, their long answers' {len(ref_sents)} sentences {b:.1f} s "
                  f"(+{b / a:.0%}), load {os.getloadavg()[0]:.1f}")
        print("\n| LONG_TURN_WORDS | long answers | sentences embedded | their words / answer words | "
              f"labels != at {base} | mixed flags | mixed != at {base} |\n|---|---|---|---|---|---|---|")
        for th in (base, 40, 50, 60, 10**6):
            lab, mixed, sents = run(th)
            w = sum(len(s.split()) for s in sents) / words.sum()
            print(f"| {th if th < 10**6 else 'never'} | {sum(1 for x in texts if S._split_long(x))} | {len(sents)} | "
                  f"{w:.1%} | {int((lab != ref).sum())} | {int(mixed.sum())} | {int((mixed != ref_mixed).sum())} |")
        S.LONG_TURN_WORDS = base
        if args.span:
            long_texts = [texts[i] for i in long_idx]
            sents, V = span_vectors(long_texts)
            alone = efn(sents)
            sp, own = backend.proba(sents, V), backend.proba(sents, alone)
            agg, k = [], 0
            for x in long_texts:
                m = len(S._split_long(x))
                agg.append(S._aggregate(sp[k : k + m], S._split_long(x)))
                k += m
            changed = int((labels(backend, np.array(agg)) != ref[long_idx]).sum())
            print(f"\nspan-pooled from the whole answer's pass (fp32 torch): cos to the sentence embedded alone "
                  f"{np.mean(np.sum(V * alone, 1)):.3f}; sentence labels changed "
                  f"{int((backend.decide(sp) != backend.decide(own)).sum())} of {len(sents)}, answer labels changed "
                  f"{changed} of {len(long_idx)}")
    shutil.rmtree(tmp.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
