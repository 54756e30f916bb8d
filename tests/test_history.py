"""Undo/redo of theme edits: the run goes back exactly, undone edits are not replayed, redo re-applies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.store import Project
from focusgroup.themes import edits, history
from focusgroup.themes.errors import ThemeError


def _project_file(sample_study: Path) -> Path:
    return sample_study if sample_study.suffix == ".fgproj" else sample_study / "project.fgproj"


@pytest.fixture()
def project(sample_study: Path, tmp_path: Path) -> Path:
    path = tmp_path / "p.fgproj"
    shutil.copy(_project_file(sample_study), path)
    return path


def _leaves(p: Project) -> list:
    themes = p.themes()
    parents = {t.parent_id for t in themes}
    return sorted((t for t in themes if t.id not in parents), key=lambda t: -t.size)


def _state(p: Project) -> tuple:
    return (sorted((t.id, t.label, t.size, t.parent_id) for t in p.themes()),
            sorted((q, a.theme_id) for q, a in p.assignments().items()))


def test_undo_merge_restores_the_run_and_redo_merges_again(project: Path) -> None:
    with Project(project) as p:
        before = _state(p)
        a, b, c = (t.id for t in _leaves(p)[:3])
        edits.merge(p, [a, b, c], "Samlet")
        merged = _state(p)
        assert merged != before
        assert sum(1 for t in p.themes() if t.label == "Samlet") == 1

        undone = history.undo(p)
        assert undone["kind"] == "merge" and "3" in undone["what"]
        assert _state(p) == before  # same theme ids, labels, sizes and assignments
        assert p.edits() == []  # an undone edit is not replayed by the next analysis
        assert history.can_redo(p) and not history.can_undo(p)

        history.redo(p)
        assert sorted((t.label, t.size) for t in p.themes()) == sorted((t[1], t[2]) for t in merged[0])
        assert [e["kind"] for e in p.edits()] == ["merge"]


def test_two_undos_go_back_two_edits_and_a_new_edit_drops_the_redo_list(project: Path) -> None:
    with Project(project) as p:
        before = _state(p)
        first, second = (t.id for t in _leaves(p)[:2])
        edits.rename(p, first, "Ventetid i telefonen")
        edits.rename(p, second, "Breve der er svære at forstå")
        history.undo(p)
        history.undo(p)
        assert _state(p) == before
        with pytest.raises(ThemeError):
            history.undo(p)
        history.redo(p)
        edits.memo(p, second, "ny rettelse")
        assert not history.can_redo(p)
        assert [e["kind"] for e in p.edit_log()] == ["rename", "memo"]


def test_undo_of_a_key_quote_unmarks_it(project: Path) -> None:
    with Project(project) as p:
        theme = _leaves(p)[0]
        quote = next(q for q, a in p.assignments().items() if a.theme_id == theme.id
                     and q not in theme.representative_quote_ids)
        edits.set_key_quote(p, quote, True)
        assert quote in p.key_quotes()
        history.undo(p)
        assert quote not in p.key_quotes()


def test_cli_undo_redo_and_history(project: Path) -> None:
    runner = CliRunner()
    with Project(project) as p:
        theme = _leaves(p)[0].id
        old = next(t.label for t in p.themes() if t.id == theme)
    assert runner.invoke(app, ["theme", "rename", str(project), str(theme), "Skift af sagsbehandler"]).exit_code == 0
    result = runner.invoke(app, ["theme", "undo", str(project)])
    assert result.exit_code == 0, result.output
    assert "Skift af sagsbehandler" in result.output
    with Project(project) as p:
        assert next(t.label for t in p.themes() if t.id == theme) == old
    result = runner.invoke(app, ["theme", "history", str(project)])
    assert result.exit_code == 0 and "fortrudt" in result.output
    assert runner.invoke(app, ["theme", "redo", str(project)]).exit_code == 0
    with Project(project) as p:
        assert next(t.label for t in p.themes() if t.id == theme) == "Skift af sagsbehandler"
    nothing = runner.invoke(app, ["theme", "redo", str(project)])
    assert nothing.exit_code == 2
