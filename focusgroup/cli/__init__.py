"""The ``focusgroup`` command line.

Each command group lives in its own module with a ``register(app)`` function; this file only lists
them, so adding a command never means editing another command's code. Modules import heavy
libraries (torch, BERTopic) inside their commands so ``--help`` stays instant.
"""

from __future__ import annotations

import importlib

import typer

from focusgroup.cli.common import UserErrorGroup

app = typer.Typer(
    cls=UserErrorGroup,  # a UserError anywhere: one line in the user's language, exit code 2
    name="focusgroup",
    help="Danish-first qualitative analysis: transcripts and survey comments to themes, sentiment and coded quotes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "project",
    "analyze",
    "themes",
    "coding",
    "history",
    "search",
    "sentiment",
    "satisfaction",
    "privacy",
    "nlp",
    "export",
    "webapp",
    "batch",
    "limits",
]

for _name in COMMAND_MODULES:
    importlib.import_module(f"focusgroup.cli.{_name}").register(app)


def main() -> None:
    from focusgroup import lean_imports

    lean_imports.install()  # spaCy and BERTopic without torch, which they never use here (~1.6 s CPU)
    app()
