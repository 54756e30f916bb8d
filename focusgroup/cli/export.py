"""``focusgroup export``: a project to csv, xlsx, docx or REFI-QDA (.qdpx project, .qdc codebook)."""

from __future__ import annotations

from pathlib import Path

import typer

from focusgroup.cli.common import fail, open_project, output_file, say, warn_key_beside_exports
from focusgroup.export.registry import FORMATS
from focusgroup.messages import get_language
from focusgroup.messages import text as msg

_FORMAT_HELP = "; ".join(f"{f.name}: {f.label_en}" for f in FORMATS.values())


def export_command(
    project: Path = typer.Argument(..., help="Project file (.fgproj)"),
    fmt: str = typer.Option(..., "--format", "-f", help=f"Format: {_FORMAT_HELP}"),
    out: Path = typer.Option(None, "--out", "-o", help="Output file or folder (default: next to the project)"),
    real_names: bool = typer.Option(
        False, "--real-names", help="Write real names instead of pseudonyms (exports are pseudonymised by default)"
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the output file if it exists"),
    title: str = typer.Option(None, "--title", help="The study's name, the Word report's title (saved in the project)"),
) -> None:
    """Export a project's quotes, themes and codes (pseudonymised unless --real-names)."""
    from focusgroup.errors import UserError
    from focusgroup.export import export_project, kept_ids_note
    from focusgroup.progress import rich_progress

    if fmt.lower().lstrip(".") not in FORMATS:
        fail(msg("cli_unknown_format", fmt=repr(fmt), choices=", ".join(FORMATS)))
    spec = FORMATS[fmt.lower().lstrip(".")]
    target = out if out is not None else project.with_suffix(spec.extension)
    if target.suffix.lower() != spec.extension and not target.is_dir():
        fail(msg("cli_bad_extension", path=target, name=spec.name, ext=spec.extension))
    final = target / (project.stem + spec.extension) if target.is_dir() else target
    output_file(final, [project], force)  # never the project itself; an existing export only with --force
    with open_project(project) as proj, rich_progress() as progress:
        if title:
            from focusgroup.export._view import TITLE_SETTING

            proj.set_setting(TITLE_SETTING, title.strip())
        try:
            written = export_project(proj, spec.name, target, real_names=real_names, progress=progress)
        except UserError:  # ExportError, ...: shown by the CLI's UserErrorGroup (exit code 2)
            raise
        except (OSError, ValueError) as exc:  # ValueError: e.g. an unreadable pseudonymisation key
            fail(str(exc))
        # the xlsx says it on its first sheet; a csv or qdpx has no room for it
        note = "" if real_names or spec.name not in ("csv", "qdpx") else kept_ids_note(proj, Path(written).name)
    names = msg("cli_real_names" if real_names else "cli_pseudonymised")
    label = spec.label_en if get_language() == "en" else spec.label
    say(msg("cli_export_wrote", path=written, label=label, names=names))
    if note:
        say(note)
    if not real_names:
        warn_key_beside_exports(project, Path(written).parent)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
