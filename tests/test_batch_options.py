"""Batch takes analyze's survey options: repeatable --text-column, --group-by (and --codebook).

On the sample survey (476 rows, two comment fields, background fields Ydelse, Aldersgruppe, Køn, ...), with
the tfidf embedder, small chunks and a small sample so a run takes seconds. The group field is "Køn": the app
and the satisfaction tables fall back to Ydelse (then Aldersgruppe) without one, so these tests fail when the
option is dropped on the way.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from _batch_data import chunked_layout
from typer.testing import CliRunner

from focusgroup.batch.layout import layout_chunk
from focusgroup.batch.reader import inspect_table, iter_chunks
from focusgroup.batch.run import WORK_DIR, _StopForTest, run_batch
from focusgroup.cli import app
from focusgroup.config import AnalysisConfig
from focusgroup.errors import UserError
from focusgroup.store import Project

GOOD = "Hvad fungerer godt?"
BETTER = "Hvad kan jobcentret gøre bedre?"
OPTIONS = {"embedder": "tfidf", "chunk_size": 70, "sample_size": 200, "n_themes": 6, "seed": 42, "n_workers": 0}


@pytest.fixture(scope="module")
def survey(sample_survey_csv: Path) -> Path:
    return sample_survey_csv


@pytest.fixture(scope="module")
def two_columns(survey: Path, tmp_path_factory: pytest.TempPathFactory):
    """Both comment fields, grouped by Køn (spelt in lower case: the header's spelling is stored)."""
    return run_batch(survey, [GOOD, BETTER], tmp_path_factory.mktemp("two"), group_by="køn", **OPTIONS)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_two_text_columns_are_laid_out_as_import_lays_them_out(survey: Path, suffix: str) -> None:
    from focusgroup.ingest.extract import READERS
    from focusgroup.ingest.survey import build_survey

    path = survey.with_suffix(suffix)
    table = READERS[suffix](path.read_bytes(), path.name).content
    text, _, quotes, _ = build_survey(table, path.name, text_columns=[GOOD, BETTER])
    info = inspect_table(path, [GOOD, BETTER])
    assert info.text_columns == [GOOD, BETTER] and GOOD not in info.meta_columns
    joined, laid = chunked_layout(info, 37)  # a chunk size that cuts anywhere
    batch = [(q["text"], q["start"], q["end"], q["speaker"], q["turn"], q["part"], q["column"], q["informative"],
              q["metadata"]) for q in laid]
    assert joined == text
    assert batch == [(q.text, q.start, q.end, q.speaker, q.turn, q.part, q.column, q.informative, q.metadata)
                     for q in quotes]
    assert {q[6] for q in batch} == {GOOD, BETTER}


def test_without_a_text_column_batch_proposes_the_columns_import_proposes(survey: Path, tmp_path: Path) -> None:
    """``analyze`` without --text-column proposes the free-text columns; batch now does the same from the first
    rows (both comment fields of the sample survey), says so, and lays them out as with -t given."""
    from focusgroup.ingest import read_file
    from focusgroup.messages import text as msg

    parsed = read_file(survey)[0]
    info = inspect_table(survey, None)
    assert info.proposed and info.text_columns == [GOOD, BETTER]
    assert info.fingerprint() == inspect_table(survey, [GOOD, BETTER]).fingerprint()  # the same run when named
    assert msg("warn_columns_chosen", columns=f"{GOOD}, {BETTER}") in parsed.warnings
    result = CliRunner().invoke(app, ["batch", str(survey), "--out", str(tmp_path / "b"), "--embedder", "tfidf",
                                      "--sample-size", "150", "--chunk-size", "100", "--real-names"],
                                env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 0, result.output
    line = " ".join(result.output.split())
    assert msg("warn_columns_chosen", columns=f"{GOOD}, {BETTER}") in line and "952 citater" in line
    table = tmp_path / "tal.csv"  # numbers only: nothing to propose is the import's user error
    table.write_text("id;score\n1;3\n2;4\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        run_batch(table, None, tmp_path / "never")
    assert err.value.code == "no_text_column" and not (tmp_path / "never").exists()


def test_two_text_columns_give_both_questions_quotes(two_columns, survey: Path) -> None:
    out = two_columns.out_dir
    assert two_columns.rows == 476 and two_columns.quotes == 2 * 476  # one answer per column per row
    with Project(out / "project.fgproj", create=False) as project:
        quotes = project.quotes()
        source = project.sources()[0]
        assignments = project.assignments()
        run = project.runs()[-1]
    assert all(source.text[q.start : q.end] == q.text for q in quotes)
    by_column = {c: [q for q in quotes if q.column == c and q.informative] for c in (GOOD, BETTER)}
    assert len(by_column[GOOD]) > 200 and len(by_column[BETTER]) > 200
    for q in quotes:  # an answer is a quote of its own question, the other question is no background field
        assert GOOD not in q.metadata and BETTER not in q.metadata and "Ydelse" in q.metadata
    # themes over both questions' answers, as analyze finds them
    themed = {c: sum(assignments[q.id].theme_id is not None for q in qs) for c, qs in by_column.items()}
    assert themed[GOOD] > 50 and themed[BETTER] > 50, themed
    assert run["params"]["text_columns"] == [GOOD, BETTER]
    assert source.metadata["text_columns"] == [GOOD, BETTER]
    with (out / "quotes.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(quotes)
    assert {r["question"] for r in rows} == {GOOD, BETTER}
    assert GOOD not in rows[0] and BETTER not in rows[0]  # no background column repeats a question
    assert any("ø" in r["text"] and r["question"] == GOOD for r in rows)


def test_a_resumed_two_column_run_equals_an_uninterrupted_one(two_columns, survey: Path, tmp_path: Path) -> None:
    from test_batch_run import _same_outputs

    out = tmp_path / "resumed"
    with pytest.raises(_StopForTest):
        run_batch(survey, [GOOD, BETTER], out, group_by="køn", stop_after=2, **OPTIONS)
    assert not (out / "quotes.csv").exists() and (out / WORK_DIR).is_dir()
    result = run_batch(survey, [GOOD, BETTER], out, group_by="køn", **OPTIONS)
    assert result.resumed["embed"] == 2 and result.quotes == two_columns.quotes
    _same_outputs(two_columns.out_dir, out)


def test_the_columns_order_and_set_belong_to_the_run(two_columns, survey: Path) -> None:
    from focusgroup.batch.checkpoint import BatchStateError

    # the same folder with one column (or the two swapped) is another run: --restart, never a mixed result
    for columns in ([BETTER], [BETTER, GOOD]):
        with pytest.raises(BatchStateError, match="--restart"):
            run_batch(survey, columns, two_columns.out_dir, group_by="køn", **OPTIONS)


def test_group_by_lands_in_the_project_the_app_and_the_satisfaction_tables(two_columns) -> None:
    from focusgroup.export._view import build_view
    from focusgroup.export.satisfaction import view_findings
    from focusgroup.ui import data

    with Project(two_columns.out_dir / "project.fgproj", create=False) as project:
        params = project.runs()[-1]["params"]
        view = build_view(project)
        app_data = data.load(project)
    assert params["group_by"] == "Køn"  # as analyze stores it (AnalysisConfig.group_by), in the header's spelling
    assert data.default_group_field(app_data) == "Køn"  # the Tilfredshed page's split
    findings = view_findings(view)
    assert findings.table.fields[0] == "Køn"  # the report's and the workbook's split
    assert set(findings.table.cells["field"]) >= {"Køn"}


def test_a_finished_run_takes_another_group_field_without_restart(two_columns, survey: Path, tmp_path: Path) -> None:
    """The group field changes no chunk's work: a finished folder merges again with the new field (no
    --restart), and the summary says no Dask ran (it said '0 Dask-worker(e)' when everything was resumed)."""
    import shutil

    from focusgroup.messages import text as msg

    out = tmp_path / "again"
    shutil.copytree(two_columns.out_dir, out)
    result = CliRunner().invoke(app, [
        "batch", str(survey), "-t", GOOD, "-t", BETTER, "--group-by", "Aldersgruppe", "--out", str(out),
        "--embedder", "tfidf", "--chunk-size", "70", "--sample-size", "200", "--n-themes", "6", "--seed", "42",
        "--workers", "0"], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 0, result.output
    line = " ".join(result.output.split())
    assert msg("cli_batch_in_process") in line and "Dask-worker" not in line
    assert msg("cli_batch_resumed", n=14) in line  # 476 rows in chunks of 70: 7 chunks embedded, 7 assigned
    with Project(out / "project.fgproj", create=False) as project:
        assert project.runs()[-1]["params"]["group_by"] == "Aldersgruppe"
    assert (out / "quotes.csv").read_bytes() == (two_columns.out_dir / "quotes.csv").read_bytes()


def test_an_unknown_group_field_is_a_user_error_and_writes_nothing(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "never"
    with pytest.raises(UserError) as err:
        run_batch(survey, [GOOD, BETTER], out, group_by="Ydlse", **OPTIONS)
    assert err.value.code == "batch_group_by_unknown"
    text = err.value.message("da")
    assert survey.name in text and "Ydlse" in text and "Ydelse" in text
    assert not out.exists()
    with pytest.raises(UserError) as err:  # a question is no field to compare groups by
        run_batch(survey, [GOOD, BETTER], out, config=AnalysisConfig(embedder="tfidf", group_by=GOOD))
    assert err.value.code == "batch_group_by_is_text" and not out.exists()
    result = CliRunner().invoke(app, ["batch", str(survey), "-t", GOOD, "-t", BETTER, "--group-by", "Ydlse",
                                      "--out", str(out), "--embedder", "tfidf"], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2, result.output
    line = " ".join(result.output.split())
    assert f"{survey.name}: --group-by »Ydlse« er ikke en kolonne i filen" in line and "Traceback" not in line
    assert not out.exists()
    result = CliRunner().invoke(app, ["batch", str(survey), "-t", GOOD, "-t", "Hvad kan vi gøre?",
                                      "--out", str(out), "--embedder", "tfidf"], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2 and "Hvad kan vi gøre?" in result.output and not out.exists()


# -- --codebook ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def codebook(repo_root: Path) -> Path:
    return repo_root / "tests" / "data" / "codebook_jobcenter.csv"


def test_the_codebook_fit_on_the_sample_is_analyzes_choice_there(survey: Path, codebook: Path) -> None:
    """``fit_codebook`` gives the sample's answers the codes ``guided.match_codes`` gives them (the function
    analyze's zero-shot ends in), on the sample's vectors; the other answers are scored with its centroids."""
    from focusgroup.batch.codefit import fit_codebook
    from focusgroup.batch.embed_store import prepare_embedder
    from focusgroup.ingest.codebook import read_codebook
    from focusgroup.themes import guided
    from focusgroup.themes.nonanswer import non_answers

    info = inspect_table(survey, [GOOD, BETTER])
    quotes = [q for chunk in iter_chunks(info, 200) for q in layout_chunk(chunk, info).quotes]
    texts = [q["text"] for q in quotes if q["informative"]][:300]
    emb = prepare_embedder("tfidf", texts, 42)
    x = emb.encode(texts)
    codes = read_codebook(codebook)
    fitted = fit_codebook(texts, x, list(range(len(texts))), codes, emb)
    kept = [i for i, e in enumerate(non_answers(texts)) if not e]
    keep = [guided.content_words(texts[i]) >= guided.MIN_CONTENT_WORDS for i in kept]
    expected, _ = guided.match_codes(x[kept], emb.encode([guided.code_text(n, d) for n, d in codes]),
                                     keep=keep)
    other = len(codes)
    assert [fitted.fixed[i] for i in kept] == [other if c < 0 else int(c) for c in expected]
    assert sum(fitted.fixed[i] == other for i in kept) > 0 and len(fitted.keys) >= 6
    # answers outside the sample go through ``assign`` (the workers' path): the sample's answers scored there
    # get the codes the fit gave them (the short ones, "Andet" whatever their scores, come as ``fixed``)
    scored = [i for i in kept if not fitted.to_other(texts[i])]
    topics, _ = fitted.assign(x[scored], np.ones(len(scored), dtype=bool))
    assert [int(t) for t in topics] == [fitted.fixed[i] for i in scored]


def test_batch_with_a_codebook_has_its_codes_as_themes(survey: Path, codebook: Path, tmp_path: Path) -> None:
    from focusgroup.ingest.codebook import read_codebook

    out = tmp_path / "codes"
    result = run_batch(survey, [GOOD, BETTER], out, group_by="Ydelse", codebook=codebook, **OPTIONS)
    codes = dict(read_codebook(codebook))
    with Project(out / "project.fgproj", create=False) as project:
        themes = project.themes()
        assignments = project.assignments()
        quotes = {q.id: q for q in project.quotes()}
        params = project.runs()[-1]["params"]
    parents = {t.parent_id for t in themes if t.parent_id is not None}
    leaves = [t for t in themes if t.id not in parents]
    assert result.themes == len(leaves) >= 6
    for t in leaves:  # the codebook's names and descriptions, as analyze stores them
        assert t.label in codes or t.label == "Andet"
        assert t.description == codes.get(t.label, "Passer ikke til nogen kode i kodebogen")
        assert t.keywords and t.representative_quote_ids
    assert params["codebook"] == str(codebook) and params["group_by"] == "Ydelse"
    themed = [a for a in assignments.values() if a.theme_id is not None]
    assert {quotes[a.quote_id].column for a in themed} == {GOOD, BETTER}
    assert len(themed) > result.sample  # the answers outside the sample got codes too
    with (out / "themes.csv").open(encoding="utf-8-sig") as fh:
        assert "Telefonisk kontakt" in fh.read()
    # another codebook is another run
    other = tmp_path / "other.txt"
    other.write_text("Ventetid: lang tid før svar\nBreve: breve fra jobcentret\n", encoding="utf-8")
    from focusgroup.batch.checkpoint import BatchStateError

    with pytest.raises(BatchStateError, match="--restart"):
        run_batch(survey, [GOOD, BETTER], out, codebook=other, **OPTIONS)


def test_a_missing_codebook_is_a_user_error_and_writes_nothing(survey: Path, tmp_path: Path) -> None:
    out = tmp_path / "never"
    with pytest.raises(UserError) as err:
        run_batch(survey, [GOOD], out, codebook=tmp_path / "kodebog.csv", **OPTIONS)
    assert err.value.code == "codebook_missing" and not out.exists()
    result = CliRunner().invoke(app, ["batch", str(survey), "-t", GOOD, "--codebook", str(tmp_path / "kodebog.csv"),
                                      "--out", str(out)], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2 and "kodebog.csv" in result.output and not out.exists()


@pytest.mark.slow
def test_batch_codes_equal_analyze_codes_when_the_sample_holds_every_answer(survey: Path, codebook: Path,
                                                                            tmp_path: Path) -> None:
    """With the default engine (same vectors per text in both) and a sample of every answer, batch's codebook
    themes are analyze's, answer by answer, parents included (sample survey, both questions: 952 of 952)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.pipeline import analyze_project, import_files

    config = AnalysisConfig(codebook=str(codebook), roles=("respondent",))
    run_batch(survey, [GOOD, BETTER], tmp_path / "b", config=config, chunk_size=200, sample_size=5000,
              pseudonymize=False, n_workers=0)
    with Project(tmp_path / "a.fgproj") as project:
        import_files(project, [survey], text_columns=[GOOD, BETTER])
        analyze_project(project, config, reuse=False)

    def coded(path: Path) -> tuple[dict, list]:
        with Project(path, create=False) as p:
            themes = {t.id: t for t in p.themes()}
            a = p.assignments()
            by_quote = {(q.column, q.turn, q.part): themes[a[q.id].theme_id].label
                        if q.id in a and a[q.id].theme_id is not None else None for q in p.quotes()}
            parents = sorted(t.label for t in themes.values() if any(c.parent_id == t.id for c in themes.values()))
        return by_quote, parents

    batch, analyze = coded(tmp_path / "b" / "project.fgproj"), coded(tmp_path / "a.fgproj")
    assert batch == analyze
    assert len(batch[0]) == 952 and len(set(batch[0].values())) >= 8


def test_a_chunk_size_below_one_is_a_user_error_in_the_readers_language(survey: Path, tmp_path: Path) -> None:
    """It was an English ValueError the CLI printed as it was ('Fejl: chunk_size and sample_size must be ...')."""
    with pytest.raises(ValueError) as err:  # still the ValueError older callers catch
        run_batch(survey, GOOD, tmp_path / "x", chunk_size=0)
    assert isinstance(err.value, UserError) and err.value.code == "batch_sizes"
    result = CliRunner().invoke(app, ["batch", str(survey), "-t", GOOD, "--out", str(tmp_path / "x"),
                                      "--sample-size", "0"], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2 and "--sample-size skal være mindst 1" in result.output
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_codebook_on_two_worker_processes_gives_the_in_process_bytes(survey: Path, codebook: Path,
                                                                      tmp_path: Path) -> None:
    """The codebook's fit (centroids, offsets, "Andet") reaches Dask workers as it is used in this process."""
    from test_batch_run import _same_outputs

    options = {**OPTIONS, "codebook": codebook, "pseudonymize": False}
    run_batch(survey, [GOOD, BETTER], tmp_path / "w0", **options)
    result = run_batch(survey, [GOOD, BETTER], tmp_path / "w2", **{**options, "n_workers": 2})
    assert result.workers == 2 and not result.in_process
    _same_outputs(tmp_path / "w0", tmp_path / "w2")
