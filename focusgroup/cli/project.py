"""Project commands: import files, show what a project holds, set speaker roles, delete a project."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from focusgroup.cli.common import USER_ERROR_EXIT, console, error, fail, open_project, parse_roles, say, warn
from focusgroup.messages import num
from focusgroup.messages import text as msg
from focusgroup.progress import rich_progress
from focusgroup.stats import counts as counting

PROJECT_ARG = typer.Argument(..., help="Project file (one SQLite file per study), e.g. studie.fgproj")


def import_command(
    project: Path = PROJECT_ARG,
    files: list[Path] = typer.Argument(..., help="Transcripts and survey files (.txt .md .docx .odt .pdf .vtt .srt .csv .tsv .xlsx)"),
    text_column: list[str] = typer.Option(None, "--text-column", "-t", help="Survey free-text column (repeatable); proposed automatically if left out"),
    id_column: str = typer.Option(None, "--id-column", help="Survey respondent id column"),
    role: list[str] = typer.Option(None, "--role", help='Override a speaker role, e.g. --role "Lise=moderator" (repeatable)'),
    pseudonymize: bool = typer.Option(False, "--pseudonymize", help="Pseudonymise names, CPR, phones, e-mails after importing"),
) -> None:
    """Import transcripts and survey files into a project (created if missing)."""
    from focusgroup.ingest.errors import IngestError
    from focusgroup.pipeline import import_files

    missing = [str(f) for f in files if not f.exists()]
    with open_project(project, must_exist=False) as proj, rich_progress() as progress:
        report = import_files(
            proj, [f for f in files if f.exists()], text_columns=text_column or None, id_column=id_column,
            roles=parse_roles(role), progress=progress,
        )
        if pseudonymize and report.source_ids:
            from focusgroup.privacy import pseudonymize_project

            pseudonymize_project(proj)
        counts = proj.counts()
        scales = _found_scales(proj) if report.source_ids else {}
    for warning in report.warnings:
        warn(warning)
    for problem in [IngestError(m, "missing").message() for m in missing] + report.errors:
        error(problem)
    say(msg("cli_imported", n=len(report.source_ids), project=project, sources=num(counts["sources"]),
            speakers=num(counts["speakers"]), quotes=num(counts["quotes"])))
    for name, (low, high) in scales.items():
        say(msg("cli_scale_found", name=name, low=low, high=high, project=project))
    if missing or report.errors:
        raise typer.Exit(USER_ERROR_EXIT)  # the good files are in; a script must see that one failed


def _found_scales(proj) -> dict[str, tuple[int, int]]:  # noqa: ANN001 - Project
    """1-5 (or 0-10) rating fields among the survey's background data (issue 12: detected on import)."""
    from focusgroup.stats.study import SCALE_SETTING, detect_project_scales

    return {} if proj.get_setting(SCALE_SETTING) else detect_project_scales(proj)


def info_command(project: Path = PROJECT_ARG) -> None:
    """Show the sources, speakers, quotes and analysis runs of a project."""
    with open_project(project) as proj:
        counts = proj.counts()
        table = Table("id", title=Text(str(project)))
        table.add_column(msg("cli_col_source"), overflow="fold")
        for column in ("kind", "format", "speakers", "quotes", "informative"):
            table.add_column(msg(f"cli_col_{column}"))
        for src in proj.sources():
            quotes = proj.quotes(source_id=src.id)
            table.add_row(
                str(src.id), Text(src.name), src.kind, src.format, str(len(proj.speakers(src.id))),
                str(len(quotes)), str(sum(q.informative for q in quotes)),
            )
        figures = counting.from_project(proj)  # the same figures as the app, the xlsx and the Word report
        console.print(table)
        say(msg(
            "cli_info_summary", sources=num(figures.sources), speakers=num(figures.speakers),
            participants=num(figures.participants), quotes=num(figures.quotes),
            informative=num(figures.informative), analysed=num(figures.analysed), analysed_word=msg("cli_info_analysed" if counts["runs"] else "cli_info_to_analyse"),
            runs=counts["runs"], themes=figures.themes,
            parents_part=msg("cli_info_parents", parents=figures.parents) if figures.parents else "",
            unthemed_part=msg("cli_info_unthemed", unthemed=num(figures.unthemed)) if counts["runs"] else "",
            embeddings=num(counts["embeddings"]),
        ))


def speakers_command(
    project: Path = PROJECT_ARG,
    role: list[str] = typer.Option(None, "--role", help='Set a role, e.g. --role "Lise=moderator" (repeatable)'),
) -> None:
    """List speakers and their roles; --role NAME=ROLE corrects an inferred role."""
    from focusgroup.records import ROLES

    overrides = parse_roles(role) or {}
    bad = {r for r in overrides.values() if r not in ROLES}
    if bad:
        fail(msg("cli_unknown_roles", roles=sorted(bad), choices=", ".join(ROLES)))
    with open_project(project) as proj:
        sources = {s.id: s.name for s in proj.sources()}
        table = Table("id")
        for column in ("source", "speaker", "role"):
            table.add_column(msg(f"cli_col_{column}"), overflow="fold")
        for sp in proj.speakers():
            if sp.name in overrides:
                proj.set_role(sp.id, overrides[sp.name])
                sp.role = overrides[sp.name]
            table.add_row(str(sp.id), Text(sources[sp.source_id]), Text(sp.name), sp.role)
        console.print(table)


def delete_command(
    project: Path = PROJECT_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation"),
) -> None:
    """Delete a project file and everything in it (texts, analyses, pseudonymisation key)."""
    from focusgroup.store import Project, ProjectError

    if not project.exists():  # the same message and exit code as every other command on a missing project
        raise ProjectError("project_missing", path=project)
    if not yes:
        typer.confirm(msg("cli_delete_confirm", project=project), abort=True)
    Project.delete(project)
    say(msg("cli_deleted", project=project))


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command("info")(info_command)
    app.command("speakers")(speakers_command)
    app.command("delete")(delete_command)
