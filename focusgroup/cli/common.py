"""Helpers shared by command modules: opening projects and failing with a plain message."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from focusgroup.store import Project, ProjectError

# Piped output (files, grep, tests) gets wide lines instead of folded table cells.
console = Console(width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]Fejl:[/] {message}", highlight=False)
    raise typer.Exit(code)


def open_project(path: Path, *, must_exist: bool = True) -> Project:
    try:
        return Project(path, create=not must_exist)
    except ProjectError as exc:
        fail(str(exc))


def parse_roles(values: list[str] | None) -> dict[str, str] | None:
    """``--role "Lise=moderator"`` options to a mapping; names may contain spaces."""
    if not values:
        return None
    roles = {}
    for value in values:
        name, sep, role = value.rpartition("=")
        if not sep or not name.strip():
            fail(f"--role expects NAME=ROLE, got {value!r}")
        roles[name.strip()] = role.strip()
    return roles
