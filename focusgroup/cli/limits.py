"""``focusgroup limits``: the limits on input files in force, and the variable that raises each."""

from __future__ import annotations

import typer
from rich.table import Table

from focusgroup.cli.common import console


def limits_command() -> None:
    """Show the limits on input files (size, unpacked size, sheet cells, text, time) and how to raise them."""
    from focusgroup import limits, messages

    table = Table(title=messages.text("limits_title"))
    for column in ("limit", "value", "variable", "meaning"):
        table.add_column(messages.text(f"cli_col_{column}"), overflow="fold")
    for name, value, env, help_text in limits.describe():
        table.add_row(name, value, env, help_text)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("limits")(limits_command)
