"""``focusgroup batch``: a large comment file to quotes.csv, themes.csv and a project, chunk by chunk."""

from __future__ import annotations

from pathlib import Path

import typer

from focusgroup.cli.common import fail, output_folder, say, warn, warn_key_beside_exports
from focusgroup.config import DEFAULT_EMBEDDER, EMBEDDER_HELP
from focusgroup.messages import text as msg


def batch_command(
    input: Path = typer.Argument(..., help="Survey file (.csv, .tsv, .xlsx); read in chunks, never whole"),
    text_column: list[str] = typer.Option(None, "--text-column", "-t", help="Free-text column to analyse (repeatable: each answer a quote with its question; default: proposed from the first 5,000 rows, as analyze proposes them)"),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder: quotes.csv, themes.csv, project.fgproj"),
    id_column: str = typer.Option(None, "--id-column", help="Respondent id column (default: guessed)"),
    group_by: str = typer.Option(None, "--group-by", help="Background column to compare groups by, e.g. Ydelse"),
    codebook: Path = typer.Option(None, "--codebook", help="Codebook (.qdc, .csv, .txt): its codes are the themes (fitted on the sample)"),
    sample_size: int = typer.Option(5000, "--sample-size", help="Answers the themes are fitted on; the rest are assigned"),
    chunk_size: int = typer.Option(1000, "--chunk-size", help="Rows per chunk (the unit of work and of resuming)"),
    scheduler: str = typer.Option(None, "--scheduler", help="Address of an existing Dask scheduler, e.g. tcp://10.0.0.5:8786"),
    workers: int = typer.Option(None, "--workers", help="Local Dask worker processes (default: in this process on <= 2 cores or for one chunk, else one per core; 0: in this process)"),
    seed: int = typer.Option(42, "--seed", help="Random seed: the same input and seed give the same result"),
    embedder: str = typer.Option(DEFAULT_EMBEDDER, "--embedder", help=EMBEDDER_HELP),
    min_theme_size: int = typer.Option(None, "--min-theme-size", help="Smallest theme (default: from sample size)"),
    n_themes: int = typer.Option(None, "--n-themes", help="Number of themes (default: automatic)"),
    restart: bool = typer.Option(False, "--restart", help="Throw away an unfinished run in OUT and start over"),
    real_names: bool = typer.Option(False, "--real-names", help="Write real names instead of pseudonyms in quotes.csv (and run no name tagger)"),
    title: str = typer.Option(None, "--title", help="The study's name for the app and the reports (default: the input file's name; a re-run keeps the project's)"),
    drop_lost_edits: bool = typer.Option(False, "--drop-lost-edits", help="Rebuild OUT's project even though some of the researcher's work in it is on answers no longer in INPUT: codings, memos and key quotes on those answers are dropped (and named), theme edits replayed where their themes are still found"),
) -> None:
    """Analyse a large survey file in resumable chunks (stop any time; re-run to continue).

    Where: in this process on <= 2 cores or for one chunk; else (or --workers N) a local Dask cluster.
    """
    from focusgroup.batch.run import run_batch
    from focusgroup.config import AnalysisConfig
    from focusgroup.errors import UserError
    from focusgroup.progress import rich_progress
    from focusgroup.records import RESPONDENT

    if workers is not None and workers < 0:
        fail(msg("cli_workers_negative"))
    if codebook is not None and not codebook.exists():  # as analyze says it
        fail(msg("cli_codebook_missing", path=codebook))
    if out.exists():  # a file in the way is one clear line, not NotADirectoryError
        output_folder(out)
    # else run_batch makes the folder once the input and its columns are checked: a typo writes nothing
    try:
        with rich_progress() as progress:
            config = AnalysisConfig(  # the settings `focusgroup analyze` takes, for survey respondents
                embedder=embedder, seed=seed, n_themes=n_themes, min_theme_size=min_theme_size,
                roles=(RESPONDENT,), group_by=group_by, codebook=str(codebook) if codebook else None,
            )
            result = run_batch(
                input, text_column or None, out, sample_size=sample_size, scheduler=scheduler, n_workers=workers,
                chunk_size=chunk_size, id_column=id_column, restart=restart, pseudonymize=not real_names,
                progress=progress, config=config, title=title, drop_lost_edits=drop_lost_edits,
            )
    except UserError:  # IngestError, BatchStateError: shown by the CLI's UserErrorGroup (exit code 2)
        raise
    except ValueError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail(msg("cli_batch_interrupted", out=out), 130)
    resumed = sum(result.resumed.values())
    say(msg(
        "cli_batch_summary", rows=result.rows, quotes=result.quotes, informative=result.informative,
        sample=result.sample, themes=result.themes, workers=msg("cli_batch_in_process") if result.in_process
        else msg("cli_batch_workers", n=result.workers), seconds=f"{result.seconds:.0f}",
        resumed_part=msg("cli_batch_resumed", n=resumed) if resumed else "",
        written=", ".join(str(p) for p in result.outputs.values()),
    ))
    if result.kept:
        say(msg("cli_batch_kept", what=result.kept))
    for text in result.warnings:
        warn(text)
    if not real_names:
        warn_key_beside_exports(out / "project.fgproj", out)
    say(msg("cli_batch_stages", stages=", ".join(f"{k} {v:.1f}" for k, v in result.timings.items())))


def register(app: typer.Typer) -> None:
    app.command("batch")(batch_command)
