"""The command line on the bundled sample study: import, info, speakers, delete, bad files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.store import Project

runner = CliRunner()
SURVEY_COLUMNS = ["-t", "Hvad fungerer godt?", "-t", "Hvad kan jobcentret gøre bedre?"]


def test_python_m_focusgroup_help_lists_commands():
    out = subprocess.run(
        [sys.executable, "-m", "focusgroup", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for command in ("import", "info", "analyze", "speakers", "delete"):
        assert command in out


@pytest.mark.parametrize("command", ["import", "info", "analyze", "speakers", "delete"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_import_info_and_role_override(tmp_path, transcripts_dir):
    proj = tmp_path / "studie.fgproj"
    files = [str(transcripts_dir / n) for n in ("fokusgruppe_2_kontanthjaelp.txt", "brugerundersoegelse_2020_2021.csv")]
    result = runner.invoke(app, ["import", str(proj), *files, *SURVEY_COLUMNS])
    assert result.exit_code == 0, result.output
    with Project(proj) as p:
        sources = {s.name: s for s in p.sources()}
        assert set(sources) == {"fokusgruppe_2_kontanthjaelp.txt", "brugerundersoegelse_2020_2021.csv"}
        survey = p.quotes(source_id=sources["brugerundersoegelse_2020_2021.csv"].id)
        assert {q.column for q in survey} == {"Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"}
        assert any("æ" in q.text or "ø" in q.text or "å" in q.text for q in survey)
        assert any(not q.informative for q in survey) and any(q.informative for q in survey)
        for src in sources.values():
            for q in p.quotes(source_id=src.id):
                assert src.text[q.start : q.end] == q.text
        assert {sp.name for sp in p.speakers() if sp.role == "moderator"} == {"Moderator (Lise)"}

    info = runner.invoke(app, ["info", str(proj)])
    assert info.exit_code == 0 and "fokusgruppe_2_kontanthjaelp.txt" in info.output

    result = runner.invoke(app, ["speakers", str(proj), "--role", "Kim=moderator"])
    assert result.exit_code == 0, result.output
    with Project(proj) as p:
        assert {sp.name for sp in p.speakers() if sp.role == "moderator"} == {"Moderator (Lise)", "Kim"}


def test_batch_with_bad_files_imports_the_good_ones_and_names_the_bad(tmp_path, transcripts_dir):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    corrupt = tmp_path / "ødelagt.docx"
    corrupt.write_bytes(b"PK\x03\x04 not really a zip")
    fake_xlsx = tmp_path / "svar.xlsx"
    with zipfile.ZipFile(fake_xlsx, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    proj = tmp_path / "p.fgproj"
    good = str(transcripts_dir / "fokusgruppe_3_sygedagpenge.vtt")
    result = runner.invoke(app, ["import", str(proj), str(empty), good, str(corrupt), str(fake_xlsx)])
    assert result.exit_code == 2  # partial success
    for name in ("tom.txt", "ødelagt.docx", "svar.xlsx"):
        assert name in result.output
    with Project(proj) as p:
        assert [s.name for s in p.sources()] == ["fokusgruppe_3_sygedagpenge.vtt"]


def test_failed_import_keeps_what_was_stored(tmp_path, transcripts_dir):
    proj = tmp_path / "p.fgproj"
    runner.invoke(app, ["import", str(proj), str(transcripts_dir / "fokusgruppe_1_dagpenge.docx")])
    with Project(proj) as p:
        before = p.counts()
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    result = runner.invoke(app, ["import", str(proj), str(bad)])
    assert result.exit_code == 2 and "x.pdf" in result.output
    with Project(proj) as p:
        assert p.counts() == before


def test_delete_removes_the_project(tmp_path, transcripts_dir):
    proj = tmp_path / "p.fgproj"
    runner.invoke(app, ["import", str(proj), str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt")])
    assert proj.exists()
    result = runner.invoke(app, ["delete", str(proj), "--yes"])
    assert result.exit_code == 0
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["info"], ["delete", "--yes"], ["themes"]])
def test_a_missing_project_is_the_same_clear_error_everywhere(tmp_path, command):
    """`delete` said "nope.fgproj: intet sådant projekt" with exit code 1 where `info` said "projektet
    nope.fgproj findes ikke" with exit code 2: one message, one exit code for a script to test."""
    result = runner.invoke(app, [*command, str(tmp_path / "nope.fgproj")])
    assert result.exit_code == 2, result.output
    assert f"projektet {tmp_path / 'nope.fgproj'} findes ikke" in " ".join(result.output.split())
    assert not (tmp_path / "nope.fgproj").exists()
