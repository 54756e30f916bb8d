"""`focusgroup satisfaction` on a project built from the sample survey (keyword themes stand in for
BERTopic, the lexicon model for the default one, so the test runs in seconds)."""

from __future__ import annotations

import csv
import re

import openpyxl
import pytest
from _keyword_themes import keyword_run
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.config import AnalysisConfig
from focusgroup.sentiment import question
from focusgroup.sentiment.score import score_project

KEYWORD_THEMES = {"Breve": ("brev",), "Jobklub": ("jobklub",), "Sagsbehandler": ("sagsbehandler",)}
BETTER = "Hvad kan jobcentret gøre bedre?"


@pytest.fixture(scope="module")
def project_path(tmp_path_factory, transcripts_dir):
    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not survey.is_file():
        pytest.skip("sample survey not present")
    from focusgroup.ingest import read_file
    from focusgroup.store import Project

    path = tmp_path_factory.mktemp("sat") / "survey.fgproj"
    with Project(path) as project:
        for parsed in read_file(survey, text_columns=["Hvad fungerer godt?", BETTER]):
            project.add_parsed(parsed)
        keyword_run(project, KEYWORD_THEMES, {"test": "keyword themes", "group_by": "Ydelse"}, keywords=True)
        score_project(project, AnalysisConfig(sentiment_model="asent"))
        question.score_non_answers(project)
    return path


def test_satisfaction_table_csv(project_path, tmp_path):
    out = tmp_path / "tilfredshed.csv"
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), "--by", "Ydelse", "--by", "Aldersgruppe",
                                      "--min-n", "5", "--out", str(out), "--date", "Afsluttet"])
    assert result.exit_code == 0, result.output
    assert "Andel negative citater pr. tema og gruppe (Ydelse, Aldersgruppe)" in result.output
    assert "celler under 5 citater udeladt" in result.output
    # the survey's quarters (Afsluttet: 2020 K4, 2021 K4) split the answers as its waves do: one table, said once
    assert "Ændring pr. bølge" in result.output and "Ændring pr. kvartal" not in result.output
    assert "Kvartalerne fra »Afsluttet« deler svarene præcis som bølgerne (2020 = 2020 K4, 2021 = 2021 K4)" in " ".join(
        result.output.split())
    assert "Samlet tilfredshed: gennemsnit" in result.output  # detected as a 1-5 scale
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["field"] for r in rows} == {"Ydelse", "Aldersgruppe"}
    assert all(int(r["n"]) >= 5 for r in rows)
    lows = [float(r["ci_low"]) for r in rows]
    assert lows == sorted(lows, reverse=True) and [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    assert {r["theme"] for r in rows} >= {"(alle temaer)", "Breve"}
    assert all(r["example"] for r in rows if int(r["n_negative"]) > 0)
    # the change and the scale tables are written beside the main table
    wave = list(csv.DictReader((tmp_path / "tilfredshed_wave_change.csv").open(encoding="utf-8-sig")))
    assert {(r["from"], r["to"]) for r in wave} == {("2020", "2021")}
    quarters = list(csv.DictReader((tmp_path / "tilfredshed_quarter_change.csv").open(encoding="utf-8-sig")))
    assert quarters and all(" K" in r["from"] for r in quarters)
    means = list(csv.DictReader((tmp_path / "tilfredshed_samlet_tilfredshed_by_group.csv").open(encoding="utf-8-sig")))
    by = {r["group"]: float(r["mean"]) for r in means if r["field"] == "Ydelse"}
    assert by["kontanthjælp"] < by["dagpenge"] - 0.5  # transcripts/README.md: kontanthjælp is least satisfied


def test_satisfaction_tables_follow_the_language(project_path):
    """The command's titles, columns and footers come from the catalogue: English with FOCUSGROUP_LANG=en
    (with a decimal point), Danish by default (with a decimal comma)."""
    args = ["satisfaction", str(project_path), "--by", "Ydelse", "--min-n", "5", "--date", "Afsluttet"]
    en = CliRunner().invoke(app, args, env={"FOCUSGROUP_LANG": "en", "COLUMNS": "200"})
    assert en.exit_code == 0, en.output
    for line in ("Share of negative quotes by theme and group (Ydelse)", "cells under 5 quotes left out",
                 "Change by wave (Bølge)", "Samlet tilfredshed: mean by group"):
        assert line in en.output
    assert "the waves do (2020 = 2020 Q4, 2021 = 2021 Q4)" in " ".join(en.output.split())
    assert "Andel negative" not in en.output and "gennemsnit" not in en.output
    # the stored codes in the reader's words and the report's "field = group", as the report and the app write them
    assert "(all themes)" in en.output and "(alle temaer)" not in en.output and "(alle)" not in en.output
    assert "Ydelse = kontanthjælp" in en.output and "Ydelse=" not in en.output
    assert re.search(r"│ \d\.\d\d ", en.output) and not re.search(r"│ \d,\d\d ", en.output)
    assert re.search(r"│ \d+% ", en.output) and not re.search(r"\d %", en.output)  # "12%", as the English documents
    assert not re.search(r"20\d\d K[1-4]", en.output)
    da = CliRunner().invoke(app, args, env={"FOCUSGROUP_LANG": "", "COLUMNS": "200"})
    assert da.exit_code == 0, da.output
    assert "Ændring pr. bølge (Bølge)" in da.output and re.search(r"│ \d,\d\d ", da.output)
    assert re.search(r"│ \d+ % ", da.output)
    assert "2020 = 2020 K4" in da.output  # Danish quarters ("kvartal")


def test_english_workbook_writes_quarters_as_q(project_path, tmp_path):
    """The xlsx change sheet said "2020 K4" in English; the csv keeps the stored value for scripts."""
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), "--by", "Ydelse", "--date", "Afsluttet",
                                      "--out", str(out)], env={"FOCUSGROUP_LANG": "en"})
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Change"]
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # the quarters are the waves here: one table, and a line under it that names the quarters
    assert [c for c in cells if c.startswith("Change by")] == ["Change by wave (Bølge) with the 95% interval of the difference"]
    assert any("(2020 = 2020 Q4, 2021 = 2021 Q4)" in c for c in cells), cells
    assert not any(re.search(r"20\d\d K[1-4]", c) for c in cells), cells


def test_satisfaction_xlsx_scale_confirmation_and_title(project_path, tmp_path):
    from focusgroup.store import Project

    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), "--by", "Ydelse", "--scale",
                                      "Samlet tilfredshed", "--title", "Brugerundersøgelse 2020-2021", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Tilfredshed", "Udvikling", "Skala"]
    ws = wb["Tilfredshed"]
    assert [c.value for c in ws[4]][:4] == ["Rang", "Tema", "Felt", "Gruppe"]
    assert ws.cell(5, 1).value == 1
    with Project(project_path) as project:
        assert project.get_setting("satisfaction.scale_fields") == ["Samlet tilfredshed"]
        assert project.get_setting("study.title") == "Brugerundersøgelse 2020-2021"


@pytest.mark.parametrize("option", ["--by", "--wave", "--date", "--scale"])
def test_unknown_field_is_named_before_anything_is_computed(project_path, monkeypatch, option):
    import focusgroup.export._view as view_mod

    def no_view(*args, **kwargs):
        raise AssertionError("the view was built before the fields were checked")

    monkeypatch.setattr(view_mod, "build_view", no_view)
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), option, "Kommune"])
    assert result.exit_code == 2, result.output  # a UserError: one line, no traceback
    assert "intet baggrundsfelt »Kommune«" in result.output
    assert "Ydelse" in result.output and "Samlet tilfredshed" in result.output  # the fields there are
    english = CliRunner().invoke(app, ["satisfaction", str(project_path), option, "Kommune"],
                                 env={"FOCUSGROUP_LANG": "en"})
    assert english.exit_code == 2 and 'no background field "Kommune"' in english.output


def test_a_scale_field_without_numbers_is_refused(project_path):
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), "--scale", "Ydelse"])
    assert result.exit_code == 2 and "»Ydelse« indeholder ingen tal" in result.output


def test_import_reports_the_rating_scale(tmp_path, transcripts_dir):
    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    result = CliRunner().invoke(app, ["import", str(tmp_path / "p.fgproj"), str(survey), "--text-column", BETTER])
    assert result.exit_code == 0, result.output
    assert "Vurderingsskala fundet: Samlet tilfredshed (1-5)" in result.output


def test_the_report_and_workbook_use_the_confirmed_rating_fields(project_path, tmp_path):
    """The Tilfredshed page saves the researcher's rating fields and says they are "brugt også i rapporterne";
    the Word report and the workbook read the detected fields all the same ("Samlet tilfredshed" after the
    researcher had said there is none)."""
    import shutil

    import docx

    from focusgroup.export import build_view, export_project
    from focusgroup.stats import study
    from focusgroup.store import Project

    path = tmp_path / "copy.fgproj"
    shutil.copy(project_path, path)
    with Project(path) as p:
        assert "Samlet tilfredshed" in study.scale_fields(p, study.frame_from_view(build_view(p)))  # detected
        before = openpyxl.load_workbook(export_project(p, "xlsx", tmp_path / "before.xlsx")).sheetnames
        study.confirm_scales(p, [], study.frame_from_view(build_view(p)))  # "no rating field"
        after = openpyxl.load_workbook(export_project(p, "xlsx", tmp_path / "after.xlsx")).sheetnames
        report = docx.Document(str(export_project(p, "docx", tmp_path / "after.docx")))
    assert "Skala" in before and "Skala" not in after
    assert not any(par.text.startswith("Samlet tilfredshed (1-5)") for par in report.paragraphs)


def test_the_change_sheet_names_which_change_each_interval_belongs_to(project_path, tmp_path):
    """The Udvikling sheet had two "95 % fra" columns, the second told apart by a trailing space: a reader could
    not see which change an interval belonged to, and pandas read a column "95 % fra " (session 18)."""
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(app, ["satisfaction", str(project_path), "--by", "Ydelse", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Udvikling"]
    header = next([c.value for c in row] for row in ws.iter_rows() if row[0].value == "Tema")
    header = [h for h in header if h]
    assert len(set(header)) == len(header) and all(h == h.strip() for h in header), header
    assert header[5:8] == ["Ændring", "Ændring 95 % fra", "Ændring 95 % til"]
    assert header[10:13] == ["Ændring negative", "Ændring negative 95 % fra", "Ændring negative 95 % til"]
