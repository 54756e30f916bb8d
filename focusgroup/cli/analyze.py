"""``focusgroup analyze``: files in, quotes.csv and themes.csv out, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from focusgroup.cli.common import error, fail, open_project, output_folder, say, warn, warn_key_beside_exports
from focusgroup.config import DEFAULT_EMBEDDER, EMBEDDER_HELP
from focusgroup.errors import UserError
from focusgroup.messages import num
from focusgroup.messages import text as msg


def analyze_command(
    inputs: list[Path] = typer.Argument(..., help="Transcripts/survey files, or an existing project file (.fgproj)"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder for quotes.csv, themes.csv and project.fgproj"),
    text_column: list[str] = typer.Option(None, "--text-column", "-t", help="Survey free-text column (repeatable)"),
    id_column: str = typer.Option(None, "--id-column", help="Survey respondent id column"),
    group_by: str = typer.Option(None, "--group-by", help="Metadata field to compare groups by, e.g. Ydelse"),
    embedder: str = typer.Option(DEFAULT_EMBEDDER, "--embedder", help=EMBEDDER_HELP),
    min_theme_size: int = typer.Option(None, "--min-theme-size", help="Smallest theme (default: from corpus size)"),
    seed: int = typer.Option(42, "--seed", help="Random seed: the same input and seed give the same themes"),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook (.qdc, .csv, .txt): assign quotes to its codes"),
    themes: bool = typer.Option(True, "--themes/--no-themes", help="Find themes and sentiment (--no-themes: import only)"),
    real_names: bool = typer.Option(False, "--real-names", help="Write real names instead of pseudonyms"),
    fresh: bool = typer.Option(False, "--fresh", help="Start OUT/project.fgproj afresh (drops earlier edits)"),
    title: str = typer.Option(None, "--title", help="The study's name for the app and the reports (kept in the project)"),
    refit: bool = typer.Option(False, "--refit", help="Compute themes and sentiment again even if nothing changed"),
) -> None:
    """Import files, find themes and sentiment, write OUT/quotes.csv and OUT/themes.csv.

    Re-running on the same OUT reuses OUT/project.fgproj: files already imported are skipped, cached
    embeddings are reused and the researcher's theme edits are replayed onto the new analysis. When
    nothing changed (files, settings, models, code), the last analysis is kept as it is (--refit: fit again).
    """
    from focusgroup.config import AnalysisConfig
    from focusgroup.pipeline import analyze_project, import_files, write_outputs
    from focusgroup.progress import rich_progress

    if codebook is not None and not codebook.exists():
        fail(msg("cli_codebook_missing", path=codebook))
    output_folder(out)
    for written_name in ("quotes.csv", "themes.csv"):  # analyze writes these: never over one of its inputs
        target = out / written_name
        if any(target.exists() and p.exists() and p.resolve() == target.resolve() for p in inputs):
            raise UserError("out_is_input", path=target)
    projects = [p for p in inputs if p.suffix == ".fgproj"]
    files = [p for p in inputs if p.suffix != ".fgproj"]
    if len(projects) > 1:
        fail(msg("cli_one_project"))
    project_path = projects[0] if projects else out / "project.fgproj"
    if fresh and not projects and project_path.exists():
        from focusgroup.store import Project

        Project.delete(project_path)
    config = AnalysisConfig(
        embedder=embedder, min_theme_size=min_theme_size, seed=seed,
        codebook=str(codebook) if codebook else None, group_by=group_by,
    )
    failed = 0
    with open_project(project_path, must_exist=bool(projects)) as proj, rich_progress() as progress:
        if files:
            report = import_files(
                proj, files, text_columns=text_column or None, id_column=id_column, progress=progress
            )
            for warning in report.warnings:
                warn(warning)
            for problem in report.errors:
                error(problem)
            failed = len(report.errors)
            if not report.source_ids and not proj.counts()["sources"]:
                fail(msg("cli_nothing_imported"))
        if title:
            from focusgroup.export._view import TITLE_SETTING

            proj.set_setting(TITLE_SETTING, title.strip())
        if themes:
            from focusgroup.pipeline import reusable_run

            reused = None if refit else reusable_run(proj, config)
            if reused is None:
                analyze_project(proj, config, progress=progress, reuse=False, prefetch_ner=not real_names)
            else:
                say(msg("cli_analysis_reused", run=reused))
        written = write_outputs(proj, out, pseudonymize=not real_names, progress=progress)
        counts = proj.counts()
        # quotes.csv keeps the survey's own id column: pseudonymised, not anonymous
        note = "" if real_names else _kept_ids_note(proj, written[0].name)
    say(msg("cli_analyze_summary", sources=num(counts["sources"]), quotes=num(counts["quotes"]),
            themes=num(counts["themes"]), written=", ".join(str(p) for p in written), project=project_path))
    if note:
        say(note)
    warn_key_beside_exports(project_path, out)
    if failed:  # the other files were done, but a script must see that an input failed
        raise typer.Exit(2)


def _kept_ids_note(project: Any, file_name: str) -> str:
    from focusgroup.export import kept_ids_note

    return kept_ids_note(project, file_name)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze_command)
