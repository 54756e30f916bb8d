"""Issue 16: nothing is computed twice that a cache already holds (embeddings, UMAP's compiled kernels).

Embed calls are counted through a small cacheable embedder registered for these tests, so the tests
run in seconds and assert what was encoded, not how long it took.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys

import numpy as np
import pytest

from focusgroup.config import AnalysisConfig
from focusgroup.embed.base import register
from focusgroup.records import RESPONDENT
from focusgroup.store import Project


def test_umap_kernels_use_a_numba_cache_in_the_user_cache(tmp_path):
    """A fresh process enables numba's file cache for the kernels a theme fit runs, in the user cache."""
    code = (
        "from focusgroup.themes import umap_cache; umap_cache.enable();"
        "import importlib, numba;"
        "print(getattr(importlib.import_module('umap.umap_'), 'smooth_knn_dist')._cache._cache_path);"
        "print(all(type(getattr(importlib.import_module(m), n)._cache).__name__ == 'FunctionCache'"
        " for m, n in umap_cache.DISPATCHERS))"
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"} | {"FOCUSGROUP_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    folder, cached = out.stdout.split()
    assert folder.startswith(str(tmp_path / "numba")) and cached == "True"


# -- embed calls, counted --------------------------------------------------------------------------


class CountingEmbedder:
    """Cacheable bag-of-words vectors (cheap, deterministic) that record every text they encode."""

    name, model, dim, cacheable = "test-counting", "bow-hash-96", 96, True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.full((len(texts), self.dim), 1e-3, dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def texts(self) -> list[str]:
        return [t for call in self.calls for t in call]


EMB = CountingEmbedder()
register("test-counting")(lambda: EMB)
COLUMN = "Hvad kan jobcentret gøre bedre?"


@pytest.fixture
def survey(transcripts_dir, tmp_path):
    """The sample survey's first 90 answers to one question, as a UTF-8 csv (real Danish answers)."""
    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r[COLUMN].strip()][:90]
    path = tmp_path / "svar.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Respondent", "Ydelse", COLUMN])
        w.writerows([r["Respondent"], r["Ydelse"], r[COLUMN]] for r in rows)
    return path


CONFIG = AnalysisConfig(embedder="test-counting", sentiment_model="afinn", roles=(RESPONDENT,))


def test_reanalysis_embeds_nothing_and_keyword_candidates_come_from_the_cache(survey, tmp_path):
    from focusgroup.pipeline import analyze_project, import_files

    EMB.calls.clear()
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [survey], text_columns=[COLUMN], id_column="Respondent")
        analyze_project(p, CONFIG)
        first = EMB.texts()
        assert len(first) == len(set(first))  # no text embedded twice, quotes or keyword candidates
        quotes = {q.text for q in p.quotes(informative=True)}
        candidates = [t for t in first if t not in quotes]
        assert any(len(t.split()) == 1 for t in candidates)  # KeyBERT's candidate words were embedded
        EMB.calls.clear()
        analyze_project(p, CONFIG, reuse=False)  # fit again (an unchanged project would keep its run)
        assert EMB.calls == []  # quotes and keyword candidates all from the project's cache


def test_batch_fills_the_cache_so_analysis_embeds_nothing_batch_embedded(survey, tmp_path):
    from focusgroup.batch.run import run_batch
    from focusgroup.pipeline import analyze_project

    EMB.calls.clear()
    result = run_batch(survey, COLUMN, tmp_path / "out", n_workers=0, chunk_size=40, config=CONFIG,
                       id_column="Respondent")
    batch_texts = set(EMB.texts())
    EMB.calls.clear()
    with Project(result.outputs["project"], create=False) as p:
        analyze_project(p, CONFIG)
        again = set(EMB.texts()) & batch_texts
        assert not again  # neither the answers nor the fit's keyword candidates are embedded again
        assert not {q.text for q in p.quotes(informative=True)} & set(EMB.texts())


def test_batch_embeds_an_answer_repeated_in_later_chunks_once(survey, tmp_path):
    """In one process (the default on 2 cores) an answer already embedded for an earlier chunk is not
    embedded again; a pickled copy (what a Dask worker gets) starts with nothing remembered."""
    import pickle

    from focusgroup.batch.embed_store import ChunkEmbedder
    from focusgroup.batch.run import run_batch

    chunk = ChunkEmbedder("test-counting")
    EMB.calls.clear()
    a = chunk.encode(["Bedre telefontid", "Hurtigere svar"])
    b = chunk.encode(["Hurtigere svar", "Mere tid til samtalen"])
    assert EMB.calls == [["Bedre telefontid", "Hurtigere svar"], ["Mere tid til samtalen"]]
    assert np.array_equal(a[1], b[0]) and pickle.loads(pickle.dumps(chunk))._memo == {}

    with survey.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    twice = tmp_path / "twice.csv"
    with twice.open("w", encoding="utf-8", newline="") as fh:  # the 90 answers, then the same again
        csv.writer(fh).writerows(rows + [[f"{r[0]}-2", *r[1:]] for r in rows[1:]])
    EMB.calls.clear()
    run_batch(twice, COLUMN, tmp_path / "out", n_workers=0, chunk_size=60, config=CONFIG, id_column="Respondent")
    answers = {r[2] for r in rows[1:]}
    embedded = [t for t in EMB.texts() if t in answers]
    assert sorted(embedded) == sorted(set(embedded))  # each answer once, in whichever chunk came first


def test_batch_sentences_of_a_repeated_long_answer_are_embedded_once(monkeypatch):
    """The sentences sentiment scores long answers by go through the chunk embedder's memory too, and
    come back (hash -> vector) for the project's cache."""
    from focusgroup.batch import engine
    from focusgroup.batch.embed_store import ChunkEmbedder
    from focusgroup.embed import text_hash
    from focusgroup.sentiment.backends import AfinnBackend

    class Stub(AfinnBackend):
        embedder = "test-counting"

        def proba(self, texts, embeddings=None):
            assert embeddings is not None and len(embeddings) == len(texts)
            return super().proba(texts)

    monkeypatch.setattr(engine, "sentiment_backend", lambda spec, name: Stub())
    long = ("Jeg har været ledig i et år og har mødt mange forskellige sagsbehandlere undervejs i forløbet. "
            "Det har været svært at skulle forklare min situation forfra hver eneste gang, og det er trættende. "
            "Men den sidste sagsbehandler lyttede faktisk og hjalp mig godt videre mod et nyt job.")
    job = engine.ChunkJob(ChunkEmbedder("test-counting"))
    EMB.calls.clear()
    first = engine.embed_task([long, "Bedre telefontid"], job)
    second = engine.embed_task(["Hurtigere svar", long], job)
    texts = EMB.texts()
    assert len(texts) == len(set(texts)) and len(first.sentences) == 3  # each text and sentence once
    assert set(second.sentences) == set(first.sentences) == {text_hash(s) for s in texts if s not in
                                                             (long, "Bedre telefontid", "Hurtigere svar")}
