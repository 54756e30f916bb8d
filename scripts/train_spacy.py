"""Train the project's own small Danish spaCy pipeline on DaNE and commit-ready save it under models/.

No registry ships a trained Danish pipeline, so `make models` runs this. Steps:
1. convert ../shared/data/danish-nlp/dane_train.jsonl to DocBin (train + a fixed 250-sentence dev split),
2. `spacy train` focusgroup/nlp/train/config.cfg (tok2vec + morphologizer(UPOS) + ner, CPU),
3. assemble the final pipeline: trained components + sentencizer + the lemmy lemmatizer component,
   saved to models/da_focusgroup_sm.

Usage:  python scripts/train_spacy.py [--workdir DIR] [--out models/da_focusgroup_sm] [--assemble-only]
Everything is logged to WORKDIR/train.log as well as the console.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DATA = REPO / ".." / "shared" / "data" / "danish-nlp"
CONFIG = REPO / "focusgroup" / "nlp" / "train" / "config.cfg"
DEV_SIZE = 250
SEED = 0


class _Tee:
    """Copy console output into the log file so a long nice'd run can be followed with tail -f."""

    def __init__(self, stream, log):
        self.stream, self.log = stream, log

    def write(self, s):
        self.stream.write(s)
        self.log.write(s)
        self.log.flush()
        return len(s)

    def flush(self):
        self.stream.flush()
        self.log.flush()

    def isatty(self):
        return False


def read_dane(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_doc(vocab, row: dict):
    from spacy.tokens import Doc

    return Doc(vocab, words=row["tokens"], pos=row["pos_tags"], ents=row["ner_tags"])


def convert(workdir: Path) -> tuple[Path, Path]:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("da")
    rows = read_dane(DATA / "dane_train.jsonl")
    idx = list(range(len(rows)))
    random.Random(SEED).shuffle(idx)
    dev_ids = set(idx[:DEV_SIZE])
    train_db, dev_db = DocBin(), DocBin()
    for i, row in enumerate(rows):
        (dev_db if i in dev_ids else train_db).add(to_doc(nlp.vocab, row))
    train_path, dev_path = workdir / "train.spacy", workdir / "dev.spacy"
    train_db.to_disk(train_path)
    dev_db.to_disk(dev_path)
    print(f"converted {len(rows)} DaNE sentences: {len(rows) - DEV_SIZE} train, {DEV_SIZE} dev -> {workdir}")
    return train_path, dev_path


def train(workdir: Path, train_path: Path, dev_path: Path) -> Path:
    from spacy.cli.train import train as spacy_train

    out = workdir / "output"
    spacy_train(
        CONFIG,
        out,
        overrides={"paths.train": str(train_path), "paths.dev": str(dev_path)},
        use_gpu=-1,
    )
    return out / "model-best"


def assemble(trained: Path, out: Path) -> None:
    """Add sentence splitting and lemmy lemmas to the trained pipeline and save it."""
    import spacy

    from focusgroup.nlp.components import register_components

    register_components()
    nlp = spacy.load(trained)
    if "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    if "focusgroup_lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe("focusgroup_lemmatizer", last=True)
    nlp.meta.update(
        name="focusgroup_sm",
        version="0.1.0",
        description="Small Danish CPU pipeline (UPOS, NER, lemmy lemmas) trained on DaNE for focusgroup.",
        license="CC BY-SA 4.0",
        author="focusgroup project; data: DaNE (Hvingelby et al. 2020) / UD Danish-DDT",
        sources=[
            {"name": "DaNE", "url": "https://github.com/alexandrainst/danlp", "license": "CC BY-SA 4.0"}
        ],
    )
    nlp.to_disk(out)  # overwrites the pipeline files; MODEL_CARD.md next to them is kept
    print(f"saved pipeline {nlp.pipe_names} to {out}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "focusgroup-train")
    ap.add_argument("--out", type=Path, default=REPO / "models" / "da_focusgroup_sm")
    ap.add_argument("--assemble-only", action="store_true", help="reuse WORKDIR/output/model-best")
    args = ap.parse_args(argv)
    if not (DATA / "dane_train.jsonl").exists():
        print(f"missing training data: {DATA / 'dane_train.jsonl'}", file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    log = (args.workdir / "train.log").open("a", encoding="utf-8")
    sys.stdout, sys.stderr = _Tee(sys.stdout, log), _Tee(sys.stderr, log)
    t0 = time.time()
    if args.assemble_only:
        best = args.workdir / "output" / "model-best"
    else:
        best = train(args.workdir, *convert(args.workdir))
    assemble(best, args.out)
    print(f"done in {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
