"""A csv or qdpx that keeps the survey's own respondent id says so where its reader sees it (session 18).

quotes.csv keeps the column "Respondent" (the survey's id, issue 15: ids are never pseudonymised) beside the
renumbered speaker "Respondent 1"; the workbook said so on its first sheet, but the csv (and the qdpx's case
variables) came with no word that the file is pseudonymised, not anonymous. A csv has no room for prose (a
note row would be read as data), so the CLI prints it after writing and the app shows it by the download."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.store import Project

SURVEY = ("Respondent;Hvad kan vi gøre bedre?\n31015477;Svar hurtigere på mails, tak.\n"
          "31017352;Brevene kommer for sent, nogle gange efter mødet.\n")


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    from focusgroup.pipeline import import_files

    path = tmp_path / "survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    with Project(tmp_path / "s.fgproj") as p:
        import_files(p, [path], text_columns=["Hvad kan vi gøre bedre?"])
    return tmp_path / "s.fgproj"


def test_export_csv_says_the_respondent_column_is_the_surveys_own_id(survey: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "ud"
    out.mkdir()
    result = CliRunner().invoke(app, ["export", str(survey), "--format", "csv", "--out", str(out / "citater.csv")])
    assert result.exit_code == 0, result.output
    assert ("Bemærk: kolonnen »Respondent« i citater.csv er spørgeskemaets eget respondent-id og står uændret, så "
            "filen er pseudonymiseret, ikke anonym") in " ".join(result.output.split())
    with (out / "citater.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Respondent"] for r in rows] == ["31015477", "31017352"]  # the note is no row of the file
    assert all(r["speaker"].startswith("Respondent ") and r["speaker"] != "Respondent 31015477" for r in rows)

    monkeypatch.setenv("FOCUSGROUP_LANG", "en")
    result = CliRunner().invoke(app, ["export", str(survey), "--format", "qdpx", "--out", str(out / "p.qdpx")])
    assert "Note: the column “Respondent” in p.qdpx is the survey's own respondent id" in " ".join(result.output.split())
    result = CliRunner().invoke(app, ["export", str(survey), "--format", "csv", "--out", str(out / "r.csv"), "--real-names"])
    assert result.exit_code == 0 and "respondent id" not in result.output  # real names: nothing was renumbered
    result = CliRunner().invoke(app, ["export", str(survey), "--format", "docx", "--out", str(out / "r.docx")])
    assert result.exit_code == 0 and "respondent id" not in result.output  # the report has no id column


def test_no_note_without_a_kept_id(tmp_path: Path) -> None:
    from focusgroup.export import kept_ids_note
    from focusgroup.pipeline import import_files

    path = tmp_path / "survey.csv"
    path.write_text("Hvad kan vi gøre bedre?\nSvar hurtigere på mails, tak.\nBrevene kommer for sent.\n", encoding="utf-8")
    with Project(tmp_path / "s.fgproj") as p:
        import_files(p, [path])
        assert kept_ids_note(p, "s.csv") == ""


def test_the_export_page_says_it_by_the_csv_download(survey: Path) -> None:
    from test_app_pages import open_app

    from focusgroup.config import AnalysisConfig
    from focusgroup.pipeline import import_files
    from focusgroup.themes import analyze

    answers = ["Svar hurtigere på mails, tak.", "Brevene kommer for sent til mødet.", "Sagsbehandleren lytter ikke.",
               "Mere tid til samtalen med sagsbehandleren.", "Breve med et klart sprog, tak.", "Ring tilbage når I lover det.",
               "Færre skift af sagsbehandler.", "Mødet var godt og roligt.", "Jobklubben gav mig mod på at søge job."]
    path = survey.parent / "mere.csv"
    path.write_text("Respondent;Hvad kan vi gøre bedre?\n" + "".join(f"{31020000 + i};{a}\n" for i, a in enumerate(answers)),
                    encoding="utf-8")
    with Project(survey) as p:
        import_files(p, [path], text_columns=["Hvad kan vi gøre bedre?"])
        analyze(p, AnalysisConfig(embedder="tfidf"))
    at = open_app(survey, "export")
    captions = " ".join(c.value for c in at.caption)
    assert "kolonnen »Respondent« i s.csv er spørgeskemaets eget respondent-id" in captions.replace("\\", "")
    assert "i s.qdpx" in captions and "i s.xlsx" not in captions and "i s.docx" not in captions
