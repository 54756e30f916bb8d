"""Batch pseudonymises with analyze's name tagger (the e5 NER), tagged beside the embedding (``batch.ner``).

A small survey written here holds names only the tagger catches ("Abdirahman Warsame", "Pinkman": in no
name list, no rule finds them), one the name lists catch ("Lone Hansen"), and a name in a free-text
background column that is empty in the first chunk. Batch's quotes.csv hides all of them and equals what
exporting the batch project writes; the export tags nothing again (the spans are in the project), and
``--real-names`` runs no tagger.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
from pathlib import Path

import pytest

from focusgroup.batch.run import WORK_DIR, run_batch
from focusgroup.nlp import e5_ner
from focusgroup.store import Project

TAGGER_ONLY = {3: "Jeg fik hjælp af Abdirahman Warsame fra virksomhedskonsulenterne.",
               7: "Min nye sagsbehandler, Pinkman, ringede i går og var rar."}
LISTED = {11: "Lone Hansen var fantastisk og ringede mig op."}
OTHER = ["Sagsbehandleren var meget hjælpsom og ringede tilbage samme dag.",
         "Det tog alt for lang tid at få svar på min ansøgning.",
         "Jeg synes mødet var godt, men ventetiden var lang.",
         "Jobklubben har hjulpet mig med mit CV.",
         "Der mangler information på hjemmesiden om reglerne.",
         "Min kontaktperson forstod ikke min situation."]
OPTIONS = {"embedder": "tfidf", "chunk_size": 20, "sample_size": 40, "n_themes": 3, "seed": 42, "n_workers": 0}
NAMES = ("Warsame", "Abdirahman", "Pinkman", "Lone", "Hansen", "Holmgren")

pytestmark = pytest.mark.skipif(not e5_ner.available(), reason="models/ner_e5_da or a base not installed")


@pytest.fixture(scope="module")
def e5_pipeline():
    """The product's default NER (the suite pseudonymises with the small spaCy NER: conftest)."""
    from focusgroup.nlp import load_pipeline
    from focusgroup.nlp.loader import _load_pipeline
    from focusgroup.privacy.ner_spans import clear_span_cache

    saved = os.environ.pop("FOCUSGROUP_NER", None)
    _load_pipeline.cache_clear()
    clear_span_cache()
    yield load_pipeline()
    if saved is not None:
        os.environ["FOCUSGROUP_NER"] = saved
    _load_pipeline.cache_clear()
    clear_span_cache()


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("survey") / "ledighed_2024.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "Ydelse", "Svar", "Andet"])
        for i in range(60):
            text = TAGGER_ONLY.get(i) or LISTED.get(i) or OTHER[i % len(OTHER)]
            w.writerow([1000 + i, "dagpenge" if i % 3 else "kontanthjælp", text, "Tak til Holmgren" if i == 25 else ""])
    return path


def _tagger_calls(tagger) -> tuple[list[tuple[str, str]], object]:
    """(thread, window) of every window the tagger tags from now on; and the tagger's own ``tag``."""
    calls: list[tuple[str, str]] = []
    tag = tagger.tag

    def counted(pieces, *args):
        calls.extend((threading.current_thread().name, " ".join(p)) for p in pieces)
        return tag(pieces, *args)

    tagger.tag = counted
    return calls, tag


def test_names_only_the_tagger_finds_are_hidden_and_equal_the_export(e5_pipeline, survey: Path, tmp_path: Path):
    from focusgroup.pipeline import write_outputs
    from focusgroup.privacy import Pseudonymizer
    from focusgroup.privacy.ner_spans import clear_span_cache, text_hash
    from focusgroup.privacy.person_spans import spans_model

    for text in TAGGER_ONLY.values():  # the rules and lists alone leave them: only the tagger finds them
        assert Pseudonymizer(use_ner=False).transform(text) == text
    tagger = e5_pipeline.get_pipe("ner").tagger
    calls, _ = _tagger_calls(tagger)
    try:
        out = tmp_path / "b"
        result = run_batch(survey, "Svar", out, **OPTIONS)
        # the answers and background cells were tagged beside the embedding, and the merge took their tags;
        # the merge tags only the theme labels, keywords and descriptions (known after the fit)
        assert any(t == "focusgroup-batch-ner" and "Warsame" in w for t, w in calls)
        with Project(out / "project.fgproj", create=False) as project:
            theme_words = {x for t in project.themes() for x in (t.label, t.description, *t.keywords)}
        assert {w for t, w in calls if t != "focusgroup-batch-ner"} <= theme_words
        assert len(list((out / WORK_DIR / "ner").glob("chunk_*.json"))) == 3
        assert result.timings["ner_wait"] >= 0  # the merge's wait for the tagger thread, in the stage times
        rows = list(csv.DictReader((out / "quotes.csv").open(encoding="utf-8-sig")))
        assert len(rows) == result.quotes == 60
        assert not any(n in r["text"] or n in r["Andet"] for r in rows for n in NAMES)
        assert rows[3]["text"] == "Jeg fik hjælp af [Person 1] fra virksomhedskonsulenterne."
        assert rows[7]["text"] == "Min nye sagsbehandler, [Person 2], ringede i går og var rar."
        assert rows[11]["text"] == "[Person 3] var fantastisk og ringede mig op."
        assert rows[25]["Andet"] == "Tak til [Person 4]"  # a free-text column empty in the first chunk
        with Project(out / "project.fgproj", create=False) as project:
            texts = {q.text for q in project.quotes()}
            cached = project.cached_ner_spans(spans_model(e5_pipeline), [text_hash(t) for t in texts])
            assert len(cached) == len(texts)  # the app and exports find every answer tagged
            assert project.get_setting("privacy")["use_ner"] is True
            assert project.get_setting("study.title") == "ledighed_2024"  # the input's name, not "project"
        # exporting the batch project (a copy: an export records a GUID namespace) in a fresh process's state
        copy = tmp_path / "copy"
        copy.mkdir()
        for f in out.iterdir():
            if f.is_file():
                shutil.copy(f, copy / f.name)
        clear_span_cache()
        calls.clear()
        with Project(copy / "project.fgproj", create=False) as project:
            write_outputs(project, tmp_path / "export")
        # no answer or background cell is tagged again; the export joins a theme's one-word label and keywords
        # into one text ("Ventetiden / lang / ventetid"), which batch tagged word by word
        first_words = {x.split()[0] for x in theme_words if x.strip()}
        assert all(w.split()[0] in first_words for _, w in calls), calls
        for name in ("quotes.csv", "themes.csv"):
            assert (tmp_path / "export" / name).read_bytes() == (out / name).read_bytes(), name
    finally:
        del tagger.tag


def test_real_names_run_no_tagger_and_a_title_is_kept(e5_pipeline, survey: Path, tmp_path: Path):
    tagger = e5_pipeline.get_pipe("ner").tagger
    calls, _ = _tagger_calls(tagger)
    try:
        out = tmp_path / "real"
        run_batch(survey, "Svar", out, pseudonymize=False, title="Ledighedsundersøgelse 2024", **OPTIONS)
    finally:
        del tagger.tag
    assert not calls and not (out / WORK_DIR / "ner").exists()
    rows = list(csv.DictReader((out / "quotes.csv").open(encoding="utf-8-sig")))
    assert rows[3]["text"] == TAGGER_ONLY[3]
    with Project(out / "project.fgproj", create=False) as project:
        assert project.get_setting("study.title") == "Ledighedsundersøgelse 2024"


@pytest.mark.slow  # three batch runs with the e5 tagger: about a minute on the shared box
def test_a_crashed_run_keeps_its_tagged_chunks_and_ends_with_the_same_files(e5_pipeline, survey: Path, tmp_path: Path):
    from focusgroup.batch.run import _StopForTest

    whole = tmp_path / "whole"
    run_batch(survey, "Svar", whole, **OPTIONS)
    out = tmp_path / "crashed"
    with pytest.raises(_StopForTest):
        run_batch(survey, "Svar", out, stop_after=1, **OPTIONS)
    kept = {p.name: p.stat().st_mtime_ns for p in (out / WORK_DIR / "ner").glob("chunk_*.json")}
    run_batch(survey, "Svar", out, **OPTIONS)
    after = {p.name: p.stat().st_mtime_ns for p in (out / WORK_DIR / "ner").glob("chunk_*.json")}
    assert len(after) == 3 and all(after[name] == t for name, t in kept.items())  # not tagged again
    for name in ("quotes.csv", "themes.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes(), name


def _failing(tagger, where: str):
    """The tagger raises in the batch's tagger thread (``where="thread"``) or everywhere (``"all"``)."""
    tag = tagger.tag

    def failing(pieces, *args):
        if where == "all" or threading.current_thread().name == "focusgroup-batch-ner":
            raise RuntimeError("ORT session lost")
        return tag(pieces, *args)

    tagger.tag = failing


def test_a_failed_tagger_thread_is_told_and_the_merge_still_hides_the_names(e5_pipeline, survey: Path,
                                                                            tmp_path: Path):
    """The thread's error was swallowed: the user never learnt why the merge took so long. Now a catalogue
    warning on stderr, and the privacy record names it; the merge tags the chunks and hides the same names."""
    from typer.testing import CliRunner

    from focusgroup.cli import app
    from focusgroup.messages import text as msg
    from focusgroup.privacy.ner_spans import clear_span_cache

    clear_span_cache()  # spans an earlier test found would spare the tagger
    tagger = e5_pipeline.get_pipe("ner").tagger
    _failing(tagger, "thread")
    out = tmp_path / "b"
    try:
        result = CliRunner().invoke(app, [
            "batch", str(survey), "-t", "Svar", "--out", str(out), "--embedder", "tfidf", "--chunk-size", "20",
            "--sample-size", "40", "--n-themes", "3", "--workers", "0"])
    finally:
        del tagger.tag
    assert result.exit_code == 0, result.output
    warning = msg("cli_batch_ner_thread_failed", detail="RuntimeError: ORT session lost")
    assert warning.split("(")[0].strip() in " ".join(result.output.split()), result.output
    # --workers 0 embeds in this process: the summary said "1 Dask-worker(e)" where no Dask ran
    assert msg("cli_batch_in_process") in " ".join(result.output.split()) and "Dask-worker" not in result.output
    rows = list(csv.DictReader((out / "quotes.csv").open(encoding="utf-8-sig")))
    assert not any(n in r["text"] or n in r["Andet"] for r in rows for n in NAMES)
    assert rows[3]["text"] == "Jeg fik hjælp af [Person 1] fra virksomhedskonsulenterne."
    with Project(out / "project.fgproj", create=False) as project:
        record = project.get_setting("privacy")
    assert record["use_ner"] is True and "ner_e5_da" in record["ner"]
    assert record["ner_ahead_failed"] == "RuntimeError: ORT session lost"


def test_a_tagger_failing_at_the_merge_writes_no_file_that_claims_pseudonymisation(e5_pipeline, survey: Path,
                                                                                  tmp_path: Path):
    """A tagger that fails everywhere stopped batch with a bare RuntimeError; now a user error from the
    catalogue, and no quotes.csv, themes.csv or project (they would hold the names only the tagger finds)."""
    from focusgroup.batch.ner import NerFailed
    from focusgroup.privacy.ner_spans import clear_span_cache

    clear_span_cache()  # spans an earlier test found would spare the tagger
    tagger = e5_pipeline.get_pipe("ner").tagger
    _failing(tagger, "all")
    out = tmp_path / "b"
    try:
        with pytest.raises(NerFailed) as failed:
            run_batch(survey, "Svar", out, **OPTIONS)
    finally:
        del tagger.tag
    assert failed.value.code == "batch_ner_failed" and "RuntimeError: ORT session lost" in str(failed.value)
    assert not any((out / name).exists() for name in ("quotes.csv", "themes.csv", "project.fgproj"))
    assert len(list((out / WORK_DIR).glob("**/*.npy"))) >= 3  # the embedded chunks are kept for the re-run


@pytest.mark.slow  # two batch runs with the e5 tagger: about a minute on the shared box
def test_the_merge_runs_the_ner_only_on_texts_with_a_person_tag(e5_pipeline, survey: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    """The merge tokenised and gated every answer again to find the tags the thread had written; an answer
    none of whose windows got a PER tag has no person span, and now gets its empty spans from the thread's
    file. The same files as with the merge's own pass over every answer."""
    from focusgroup.batch import ner as batch_ner
    from focusgroup.privacy import pseudonymizer
    from focusgroup.privacy.ner_spans import clear_span_cache

    ran: list[str] = []
    run_ner = pseudonymizer.Pseudonymizer._run_ner

    def counted(nlp, texts):  # type: ignore[no-untyped-def]
        ran.extend(texts)
        return run_ner(nlp, texts)

    monkeypatch.setattr(pseudonymizer.Pseudonymizer, "_run_ner", staticmethod(counted))
    clear_span_cache()
    run_batch(survey, "Svar", tmp_path / "short", **OPTIONS)
    answers = {*TAGGER_ONLY.values(), *LISTED.values(), *OTHER, "Tak til Holmgren"}
    with_names = {*TAGGER_ONLY.values(), *LISTED.values(), "Tak til Holmgren"}
    assert set(TAGGER_ONLY.values()) <= set(ran)
    assert not (set(ran) & answers) - with_names  # no answer without a name went through the NER again
    monkeypatch.setattr(batch_ner.NerAhead, "_remember_clear", lambda self, texts, pz: None)  # the old merge
    clear_span_cache()
    ran.clear()
    run_batch(survey, "Svar", tmp_path / "whole", **OPTIONS)
    assert set(OTHER) <= set(ran)
    for name in ("quotes.csv", "themes.csv"):
        assert (tmp_path / "short" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
