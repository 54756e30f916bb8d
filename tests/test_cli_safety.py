"""The CLI never shows a traceback for a user's mistake, never eats or chokes on user text in its rich
output, never overwrites an input or (without --force) an existing export, and exits non-zero when an
input failed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app

DA = {"FOCUSGROUP_LANG": "da"}


def _run(*args: str):
    return CliRunner().invoke(app, list(args), env=DA)


def _one_clean_line(result, code: int = 2) -> str:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def survey(tmp_path: Path) -> Path:
    """A survey whose header and answers hold rich markup: `[/i]` crashed the CLI, `[klik]` vanished."""
    path = tmp_path / "svar [klik].csv"
    rows = ["id;Hvad synes du om [/i] brevet?;Ydelse"]
    rows += [f"{i};Brevet var svært at forstå [klik] og jeg ringede nr. {i};Dagpenge" for i in range(1, 13)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_markup_in_user_text_is_shown_literally(survey, tmp_path):
    project = tmp_path / "p.fgproj"
    result = _run("import", str(project), str(survey))
    assert result.exit_code == 0, result.output
    assert "[/i]" in result.output  # the warning naming the chosen column
    info = _run("info", str(project))
    assert info.exit_code == 0, info.output
    assert "svar [klik].csv" in info.output


def test_analyze_exits_non_zero_when_an_input_failed(transcripts_dir, tmp_path):
    bad = tmp_path / "tom.txt"
    bad.write_text("", encoding="utf-8")
    out = tmp_path / "ud"
    result = _run("analyze", str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"), str(bad), "--out", str(out),
                  "--no-themes")
    assert result.exit_code == 2, result.output
    assert "tom.txt" in result.output
    assert (out / "quotes.csv").exists()  # the good file was still done


def test_analyze_out_on_an_existing_file(transcripts_dir, tmp_path):
    out = tmp_path / "fil.txt"
    out.write_text("x", encoding="utf-8")
    line = _one_clean_line(_run("analyze", str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"),
                                "--out", str(out), "--no-themes"))
    assert "ikke en mappe" in line and "fil.txt" in line


def test_batch_out_on_a_file(survey, tmp_path):
    out = tmp_path / "fil.txt"
    out.write_text("x", encoding="utf-8")
    line = _one_clean_line(_run("batch", str(survey), "--text-column", "Hvad synes du om [/i] brevet?",
                                "--out", str(out), "--workers", "0"))
    assert "ikke en mappe" in line


def test_batch_input_is_a_directory(tmp_path):
    line = _one_clean_line(_run("batch", str(tmp_path), "--text-column", "x", "--out", str(tmp_path / "ud")))
    assert "mappe" in line and "findes ikke" not in line


def test_sentiment_out_into_a_missing_folder_is_created(survey, tmp_path):
    out = tmp_path / "ny" / "mappe" / "stemning.csv"
    result = _run("sentiment", str(survey), "--out", str(out), "--model", "afinn")
    assert result.exit_code == 0, result.output
    assert out.exists()


def test_sentiment_refuses_to_overwrite_its_input(survey):
    before = survey.read_bytes()
    line = _one_clean_line(_run("sentiment", str(survey), "--out", str(survey), "--model", "afinn"))
    assert "inputfil" in line
    assert survey.read_bytes() == before


def test_sentiment_asks_for_force_when_the_output_exists(survey, tmp_path):
    out = tmp_path / "stemning.csv"
    out.write_text("gammel", encoding="utf-8")
    line = _one_clean_line(_run("sentiment", str(survey), "--out", str(out), "--model", "afinn"))
    assert "--force" in line and out.read_text(encoding="utf-8") == "gammel"
    result = _run("sentiment", str(survey), "--out", str(out), "--model", "afinn", "--force")
    assert result.exit_code == 0 and out.read_text(encoding="utf-8-sig").startswith("row")


def test_export_asks_for_force_when_the_output_exists(transcripts_dir, tmp_path):
    project = tmp_path / "p.fgproj"
    assert _run("import", str(project), str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt")).exit_code == 0
    out = tmp_path / "citater.csv"
    out.write_text("gammel", encoding="utf-8")
    line = _one_clean_line(_run("export", str(project), "--format", "csv", "--out", str(out)))
    assert "--force" in line and out.read_text(encoding="utf-8") == "gammel"
    result = _run("export", str(project), "--format", "csv", "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig") != "gammel"



def test_analyze_never_writes_over_its_own_input(tmp_path):
    out = tmp_path / "ud"
    out.mkdir()
    survey = out / "quotes.csv"
    survey.write_text("id;Hvad fungerer godt?\n1;Mødet var godt og kort\n2;Brevet var svært at forstå\n",
                      encoding="utf-8")
    before = survey.read_bytes()
    line = _one_clean_line(_run("analyze", str(survey), "--out", str(out), "--no-themes"))
    assert "inputfil" in line and survey.read_bytes() == before
