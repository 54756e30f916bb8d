"""The loaded pipeline multiplies with numpy instead of blis (nlp.loader._numpy_matmul, issue 16): faster
on this box, and the same tags and lemmas as the pipeline spaCy loads as it is."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from thinc.api import NumpyOps

from focusgroup.nlp import loader

REPO = Path(__file__).resolve().parents[1]
PROJECT_MODEL = REPO / "models" / "da_focusgroup_sm"


def _answers(transcripts_dir: Path, n: int = 150) -> list[str]:
    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";")) or []
    texts = [c for r in rows[1:] for c in r if len(c.split()) >= 3]
    assert len(texts) >= 50
    return texts[:n]


def test_loaded_pipeline_tags_as_spacy_loads_it(transcripts_dir):
    if not (PROJECT_MODEL / "config.cfg").is_file():
        pytest.fail("models/da_focusgroup_sm is missing")
    fast = loader.load_pipeline()
    assert loader.chosen_candidate().kind == "project"
    ops = {type(n.ops).__name__ + str(getattr(n.ops, "use_blis", "")) for n in fast.get_pipe("tok2vec").model.walk()}
    assert ops == {"NumpyOpsFalse"}
    plain = spacy.load(PROJECT_MODEL)  # as spaCy loads it: blis
    assert all(type(n.ops) is NumpyOps and n.ops.use_blis for n in plain.get_pipe("tok2vec").model.walk())
    texts = _answers(transcripts_dir)
    skip = [p for p in ("ner",) if p in fast.pipe_names]
    got = [[(t.pos_, t.lemma_, t.morph.to_json()) for t in d] for d in fast.pipe(texts, disable=skip)]
    want = [[(t.pos_, t.lemma_, t.morph.to_json()) for t in d] for d in plain.pipe(texts, disable=[p for p in skip if p in plain.pipe_names])]
    assert got == want
    assert sum(len(d) for d in got) > 1000
