"""Helpers shared by command modules: opening projects and failing with a plain message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from focusgroup import messages
from focusgroup.errors import UserError
from focusgroup.store import Project

# Piped output (files, grep, tests) gets wide lines instead of folded table cells.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


USER_ERROR_EXIT = 2  # a problem the user can fix (bad file, missing project, ...): see UserErrorGroup


def fail(message: str | UserError, code: int | None = None) -> NoReturn:
    """One "Fejl: ..." line on stderr, then exit with ``code`` (default 2: a problem the user can fix, as the
    README promises scripts; 1 is left to the unexpected, which keeps its traceback)."""
    text = message.message() if isinstance(message, UserError) else message
    code = USER_ERROR_EXIT if code is None else code
    err_console.print(f"[bold red]{messages.text('error_prefix')}:[/] {escape(text)}", highlight=False,
                      soft_wrap=True)
    raise typer.Exit(code)


class UserErrorGroup(TyperGroup):
    """The root command group: the one place where a ``UserError`` becomes a message and exit code 2.

    Commands raise ``UserError`` (``IngestError``, ``ProjectError``, ``ExportError``, ...) and need not
    catch it; this shows ``message()`` in the user's language (Danish unless FOCUSGROUP_LANG=en) on one
    line of stderr. Any other exception is a bug and keeps its traceback.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as exc:
            fail(exc)


def warn(text: str) -> None:
    """One "Advarsel: ..." line on stderr; ``text`` (file names, headers, labels) is shown literally."""
    err_console.print(f"[yellow]{messages.text('warning_prefix')}:[/] {escape(text)}", highlight=False,
                      soft_wrap=True)


def error(text: str) -> None:
    """One "Fejl: ..." line on stderr without exiting (a bad file among good ones); text shown literally."""
    err_console.print(f"[bold red]{messages.text('error_prefix')}:[/] {escape(text)}", highlight=False,
                      soft_wrap=True)


def say(text: str) -> None:
    """A plain line on stdout with no rich markup at all: user text such as ``[klik]`` stays as it is."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


def output_folder(path: Path) -> Path:
    """An output folder (created if missing); a file in its place is a UserError, not a traceback."""
    if path.exists() and not path.is_dir():
        raise UserError("not_a_directory", path=path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def output_file(path: Path, inputs: list[Path], force: bool) -> Path:
    """An output file: never one of ``inputs``; an existing one only with ``--force``; its folder created."""
    if any(path.resolve() == p.resolve() for p in inputs if p.exists()):
        raise UserError("out_is_input", path=path)
    if path.is_dir():
        raise UserError("out_is_directory", path=path)
    if path.exists() and not force:
        raise UserError("file_exists", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def warn_key_beside_exports(project: Path, out_folder: Path) -> None:
    """Warn when the project's pseudonymisation key would be shared along with the exports."""
    from focusgroup.store.keyfile import key_path

    key = key_path(project)
    if key.exists() and key.parent.resolve() == out_folder.resolve():
        warn(messages.text("key_beside_exports", key=key.name))


def open_project(path: Path, *, must_exist: bool = True) -> Project:
    project = Project(path, create=not must_exist)  # a missing/broken file: ProjectError, exit code 2
    if project.interrupted_runs:  # a killed analyze: its run was just marked failed; say so once
        runs = ", ".join(map(str, project.interrupted_runs))
        warn(messages.text("runs_interrupted", runs=runs))
    return project


def parse_roles(values: list[str] | None) -> dict[str, str] | None:
    """``--role "Lise=moderator"`` options to a mapping; names may contain spaces."""
    if not values:
        return None
    roles = {}
    for value in values:
        name, sep, role = value.rpartition("=")
        if not sep or not name.strip():
            fail(messages.text("cli_roles_expect", value=repr(value)))
        roles[name.strip()] = role.strip()
    return roles
