"""One user-facing error type: every problem a researcher can fix is a ``UserError`` with a code in the
message catalogue, shown by the CLI (one line on stderr, exit code 2, Danish unless FOCUSGROUP_LANG=en)
and the app in the user's language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup import messages
from focusgroup.batch.checkpoint import BatchStateError
from focusgroup.cli import app
from focusgroup.errors import UserError
from focusgroup.export import ExportError
from focusgroup.ingest import IngestError
from focusgroup.refi_qda import CodebookError
from focusgroup.store import Project, ProjectError
from focusgroup.themes import edits
from focusgroup.themes.errors import ThemeError

PACKAGE = Path(__file__).resolve().parents[1] / "focusgroup"
ERROR_CLASSES = {"UserError", "UserValueError", "ProjectError", "ExportError", "CodebookError", "BatchStateError", "ThemeError"}


def test_every_error_family_is_a_user_error() -> None:
    for cls in (ProjectError, ExportError, CodebookError, BatchStateError, ThemeError, IngestError):
        assert issubclass(cls, UserError)
    assert issubclass(ThemeError, ValueError) and issubclass(CodebookError, ValueError)  # old callers


def test_every_raised_code_is_in_the_catalogue() -> None:
    """``SomeError("code", ...)`` anywhere in the package names a catalogue key: no English-only text."""
    raised = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERROR_CLASSES
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                raised.append((f"{path.name}:{node.lineno}", node.args[0].value))
    assert len(raised) > 30
    unknown = [(where, code) for where, code in raised if code not in messages.CATALOGUE]
    assert not unknown, unknown


def test_ingest_problems_live_in_the_catalogue_danish_first(tmp_path: Path) -> None:
    err = IngestError(tmp_path / "tom.csv", "empty")
    assert messages.CATALOGUE["ingest_empty"] == ("filen er tom", "the file is empty")
    assert (err.code, err.name, err.problem, err.problem_da) == ("empty", "tom.csv", "the file is empty", "filen er tom")
    assert err.message("da") == err.message_da == "tom.csv: filen er tom"
    assert err.message("en") == str(err) == "tom.csv: the file is empty"
    err = IngestError("x.doc", "unsupported", ext=".doc", hint="; save it as .docx", hint_da="; gem den som .docx")
    assert err.message("da") == "x.doc: filtypen '.doc' understøttes ikke; gem den som .docx"


def test_errors_speak_both_languages(tmp_path: Path) -> None:
    with pytest.raises(ProjectError) as err:
        Project(tmp_path / "mangler.fgproj", create=False)
    assert err.value.message("da") == f"projektet {tmp_path / 'mangler.fgproj'} findes ikke"
    assert err.value.message("en") == f"no such project: {tmp_path / 'mangler.fgproj'}"
    with Project(tmp_path / "tom.fgproj") as p, pytest.raises(ThemeError) as err:
        edits.rename(p, 1, "Ventetid")
    assert err.value.code == "themes_no_run" and "ingen analyse" in err.value.message("da")


def test_cli_shows_a_user_error_on_one_line_with_exit_code_2(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "mangler.fgproj"
    result = runner.invoke(app, ["info", str(missing)], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.strip() == f"Fejl: projektet {missing} findes ikke"
    result = runner.invoke(app, ["info", str(missing)], env={"FOCUSGROUP_LANG": "en"})
    assert result.exit_code == 2 and result.stderr.strip() == f"Error: no such project: {missing}"
    assert not missing.exists()


def test_cli_theme_edit_errors_are_user_errors(tmp_path: Path) -> None:
    project = tmp_path / "tom.fgproj"
    Project(project).close()
    result = CliRunner().invoke(app, ["theme", "rename", str(project), "3", "Ventetid"], env={"FOCUSGROUP_LANG": ""})
    assert result.exit_code == 2 and "ingen analyse endnu" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # one clear line, no traceback


def test_a_named_spacy_model_that_is_not_there_is_a_user_error(tmp_path: Path) -> None:
    """FOCUSGROUP_SPACY_MODEL (or a name) that is neither a package nor a folder raised an OSError holding both
    languages in one text; now one line in the reader's language, as every user error."""
    from focusgroup.nlp.loader import load_pipeline

    missing = str(tmp_path / "da_mangler_sm")
    with pytest.raises(UserError) as info:
        load_pipeline(missing)
    assert info.value.code == "spacy_model_missing"
    assert info.value.message("da") == (f"spaCy-modellen {missing} findes ikke (hverken som installeret pakke eller "
                                        "som mappe); intet hentes fra nettet: installér den, eller angiv en mappe")
    assert "not found" in info.value.message("en") and "findes" not in info.value.message("en")
