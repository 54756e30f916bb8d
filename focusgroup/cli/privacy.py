"""`focusgroup pseudonymize`: replace names, CPR numbers, phones, e-mails and addresses in a project."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from focusgroup.cli.common import console, err_console, fail, open_project, say
from focusgroup.messages import num
from focusgroup.messages import text as msg
from focusgroup.progress import rich_progress

KIND_DA = {"person": "personnavne", "cpr": "CPR-numre", "phone": "telefonnumre", "email": "e-mails", "address": "adresser"}


def pseudonymize_command(
    project: Path = typer.Argument(..., help="Project file, e.g. studie.fgproj"),
    key: Path = typer.Option(None, "--key", help="Where to write the key (default: PROJECT.pseudokey.json next to the project)"),
    name: list[str] = typer.Option(None, "--name", help="A name to always pseudonymise (repeatable)"),
    no_ner: bool = typer.Option(False, "--no-ner", help="Use name lists and speaker names only, no NER model"),
    show: int = typer.Option(3, "--show", help="Print this many pseudonymised example quotes"),
    label: list[str] = typer.Option(
        None, "--label", help='Speaker label per role, e.g. --label participant=Informant (default Deltager/Moderator/Respondent)'
    ),
) -> None:
    """Pseudonymise a project: names, CPR numbers, phones, e-mails, addresses and speakers.

    Placeholders are consistent across the project ("[Person 2]" everywhere). The key is written to a
    separate file; keep it apart from the project and exports, it reverses the pseudonymisation.
    """
    from focusgroup.privacy import pseudonymize_project
    from focusgroup.records import ROLES

    labels = None
    if label:
        labels = dict(item.partition("=")[::2] for item in label)
        bad = [r for r, v in labels.items() if r not in ROLES or not v.strip()]
        if bad:
            fail(msg("cli_label_expects", roles=", ".join(ROLES), got=", ".join(bad)))
    with open_project(project) as proj, rich_progress() as progress:
        summary = pseudonymize_project(
            proj, use_ner=not no_ner, key_path=key, names=tuple(name or ()), progress=progress,
            speaker_labels=labels,
        )
    table = Table("fundet", "antal", title=escape(f"Pseudonymisering af {project}"))
    for kind, label in KIND_DA.items():
        table.add_row(label, str(summary.replaced.get(kind, 0)))
    table.add_row("talere omdøbt", str(summary.speakers_renamed))
    console.print(table)
    say(msg("cli_pseudo_changed", changed=num(summary.changed_quotes), quotes=num(summary.quotes),
            entities=num(summary.entities)))
    for original, pseudo in summary.examples[:show]:
        console.print(f"  [dim]{escape(original[:120])}[/]\n  → {escape(pseudo[:120])}", highlight=False)
    err_console.print(f"[yellow]{escape(msg('cli_pseudo_key', path=summary.key_path))}[/]", highlight=False,
                      soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("pseudonymize")(pseudonymize_command)
