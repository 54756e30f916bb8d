"""``focusgroup theme undo|redo|history``: take back the last theme edits, and see what was edited when."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from focusgroup import messages
from focusgroup.cli.common import console, open_project

PROJECT_ARG = typer.Argument(..., help="Project file, e.g. studie.fgproj")


def _steps(project: Path, steps: int, what: str) -> None:
    from focusgroup.themes import history

    step, done = (history.undo, "history_undone") if what == "undo" else (history.redo, "history_redone")
    with open_project(project) as proj:
        for _ in range(steps):
            edit = step(proj)
            console.print(Text(messages.text(done, what=edit["what"])))


def undo_command(project: Path = PROJECT_ARG,
                 steps: int = typer.Option(1, "--steps", "-n", min=1, help="Undo this many edits")) -> None:
    """Undo the last theme edit (rename, merge, split, move, memo, key quote); `theme redo` brings it back."""
    _steps(project, steps, "undo")


def redo_command(project: Path = PROJECT_ARG,
                 steps: int = typer.Option(1, "--steps", "-n", min=1, help="Redo this many edits")) -> None:
    """Redo the edit undone last."""
    _steps(project, steps, "redo")


def history_command(project: Path = PROJECT_ARG) -> None:
    """List every theme edit with its time and whether it is in force or undone."""
    from focusgroup.themes import history

    with open_project(project) as proj:
        rows = history.history(proj)
    if not rows:
        console.print(messages.text("history_none"))
        return
    table = Table(*(messages.text(k) for k in ("history_col_id", "history_col_when", "history_col_what",
                                               "history_col_state")), title=messages.text("history_title"))
    for e in rows:
        state = messages.text("history_state_undone" if e["undone"] else "history_state_live")
        table.add_row(str(e["id"]), e["created_at"], Text(e["what"]), state)
    console.print(table)


def register(app: typer.Typer) -> None:  # noqa: ARG001  (the commands belong to `focusgroup theme`)
    from focusgroup.cli.themes import theme_app

    theme_app.command("undo")(undo_command)
    theme_app.command("redo")(redo_command)
    theme_app.command("history")(history_command)
