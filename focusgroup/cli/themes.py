"""Theme commands: list a project's themes and put the researcher in control of them.

Every edit is logged in the project and replayed after a re-analysis (see focusgroup.themes.edits).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text

from focusgroup.cli.common import console, fail, open_project, say
from focusgroup.messages import pct
from focusgroup.messages import text as msg

PROJECT_ARG = typer.Argument(..., help="Project file, e.g. studie.fgproj")
THEME_ARG = typer.Argument(..., help="Theme id (see `focusgroup themes PROJECT`)")

theme_app = typer.Typer(help="Edit themes: rename, merge, split, move quotes, memos, key quotes.",
                        no_args_is_help=True)


def _run(project: Path, action: Callable, done: str) -> None:
    from focusgroup.themes.edits import notices

    with open_project(project) as proj:
        changes = action(proj)  # a ThemeError (no such theme, empty name, ...) is shown by the CLI's UserErrorGroup
    say(done)  # names the new label: shown literally
    for line in notices(changes or []):  # a parent the edit relabelled: "Det overordnede tema »X« hedder nu »Y«."
        say(line)


def themes_command(
    project: Path = PROJECT_ARG,
    quotes: bool = typer.Option(False, "--quotes", "-q", help="Also show each theme's representative quotes"),
) -> None:
    """List the themes of the latest analysis: label, size, speakers, sources, sentiment, keywords."""
    from focusgroup.stats import counts as counting

    with open_project(project) as proj:
        if proj.latest_run_id() is None:
            fail(msg("cli_no_analysis"))
        themes = proj.themes()
        figures = counting.from_project(proj)  # the same figures as the app, the xlsx and the Word report
        parents = {t.parent_id for t in themes if t.parent_id is not None}
        by_id = {q.id: q for q in proj.quotes(ids=[q for t in themes for q in t.representative_quote_ids])}
    table = Table("id", "tema", "citater", "talere", "kilder", "negativ", "positiv", "nøgleord", "over",
                  title=Text(str(project)))
    for t in sorted(themes, key=lambda t: (t.id in parents, -t.size)):
        label = Text(t.label, style="bold" if t.id in parents else "")
        c = figures.by_theme.get(t.id)
        neg, pos = (pct(c.share("negativ")), pct(c.share("positiv"))) if c and c.scored else ("", "")
        table.add_row(str(t.id), label, str(c.size if c else t.size), str(c.speakers if c else t.n_speakers),
                      str(c.sources if c else t.n_sources), neg, pos, Text(", ".join(t.keywords[:6])),
                      str(t.parent_id or ""))
        if quotes:
            for q in t.representative_quote_ids:
                if q in by_id:
                    table.add_row("", Text(f"  [{q}] {by_id[q].text[:160]}"), "", "", "", "", "", "", "")
    console.print(table)
    say(msg("cli_themes_summary", themes=figures.themes, parents=figures.parents, unthemed=figures.unthemed))


@theme_app.command("rename")
def rename_command(project: Path = PROJECT_ARG, theme_id: int = THEME_ARG,
                   label: str = typer.Argument(..., help="New label")) -> None:
    """Rename a theme (kept after re-analysis)."""
    from focusgroup.themes import edits

    _run(project, lambda p: edits.rename(p, theme_id, label), msg("cli_theme_renamed", id=theme_id, label=label.strip()))


@theme_app.command("merge")
def merge_command(project: Path = PROJECT_ARG,
                  theme_ids: list[int] = typer.Argument(..., help="Two or more theme ids; the first is kept"),
                  label: str = typer.Option(None, "--label", help="Label of the merged theme")) -> None:
    """Merge themes into the first one."""
    from focusgroup.themes import edits

    _run(project, lambda p: edits.merge(p, theme_ids, label), msg("cli_themes_merged", ids=_ids(theme_ids)))


def _ids(ids: list[int]) -> str:
    """[2, 7, 9] -> "2, 7 og 9" ("2, 7 and 9" in English)."""
    from focusgroup.messages import get_language

    words = [str(i) for i in ids]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {'and' if get_language() == 'en' else 'og'} {words[-1]}"


@theme_app.command("split")
def split_command(project: Path = PROJECT_ARG, theme_id: int = THEME_ARG,
                  parts: int = typer.Option(2, "--parts", help="Number of parts")) -> None:
    """Split a theme in parts by the meaning of its quotes."""
    from focusgroup.themes import edits

    _run(project, lambda p: edits.split(p, theme_id, parts), msg("cli_theme_split", id=theme_id, parts=parts))


@theme_app.command("move")
def move_command(project: Path = PROJECT_ARG,
                 quote_ids: list[int] = typer.Argument(..., help="Quote ids (quote_id in quotes.csv)"),
                 to: int = typer.Option(None, "--to", help="Target theme id"),
                 none: bool = typer.Option(False, "--none", help='Move to "no theme"')) -> None:
    """Move quotes to another theme, or to "no theme" with --none."""
    from focusgroup.themes import edits

    if (to is None) == (not none):
        fail(msg("cli_move_to_or_none"))
    _run(project, lambda p: edits.move(p, quote_ids, None if none else to),
         msg("cli_moved_to_none" if none else "cli_moved_to_theme", n=len(quote_ids), theme=to))


@theme_app.command("memo")
def memo_command(project: Path = PROJECT_ARG, theme_id: int = THEME_ARG,
                 text: str = typer.Argument(..., help="Memo text (empty string removes it)")) -> None:
    """Write a memo on a theme."""
    from focusgroup.themes import edits

    _run(project, lambda p: edits.memo(p, theme_id, text), msg("cli_memo_saved", id=theme_id))


@theme_app.command("key")
def key_command(project: Path = PROJECT_ARG, quote_id: int = typer.Argument(..., help="Quote id"),
                off: bool = typer.Option(False, "--off", help="Unmark the quote")) -> None:
    """Mark a key quote: it leads its theme's representative quotes."""
    from focusgroup.themes import edits

    _run(project, lambda p: edits.set_key_quote(p, quote_id, not off),
         msg("cli_key_off" if off else "cli_key_on", id=quote_id))


@theme_app.command("assign")
def assign_command(project: Path = PROJECT_ARG) -> None:
    """Assign quotes added since the analysis (e.g. a second wave) to the existing themes, without refitting."""
    from focusgroup.progress import rich_progress
    from focusgroup.themes.assign import assign_new

    with open_project(project) as proj, rich_progress() as progress:
        out = assign_new(proj, progress=progress)
    n_theme = sum(1 for a in out if a.theme_id is not None)
    say(msg("cli_assigned", n=len(out), themed=n_theme, unthemed=len(out) - n_theme))


def register(app: typer.Typer) -> None:
    app.command("themes")(themes_command)
    app.add_typer(theme_app, name="theme")
