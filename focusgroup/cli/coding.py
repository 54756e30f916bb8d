"""Coding commands: code quotes by hand, let the tool suggest codes from examples, review the
suggestions, import a team's coding (.qdpx/.csv) and measure agreement between coders."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from focusgroup import messages
from focusgroup.cli.common import console, err_console, fail, open_project
from focusgroup.errors import UserError
from focusgroup.messages import text as msg

PROJECT_ARG = typer.Argument(..., help="Project file, e.g. studie.fgproj")
CODER_OPT = typer.Option(None, "--coder", help="Your name as coder (default: $FOCUSGROUP_CODER or your login)")


@contextmanager
def _project(path: Path) -> Iterator[Any]:
    with open_project(path) as proj:
        try:
            yield proj
        except UserError as exc:
            fail(exc)


def code_command(
    project: Path = PROJECT_ARG,
    quote_ids: list[int] = typer.Argument(..., help="Quote ids (quote_id in quotes.csv, or `focusgroup codes --quotes`)"),
    code: str = typer.Option(..., "--code", "-c", help="Code name (created if new)"),
    coder: str = CODER_OPT,
    description: str = typer.Option("", "--description", help="Description of a new code"),
    remove: bool = typer.Option(False, "--remove", help="Remove this code from the quotes instead"),
) -> None:
    """Code quotes with a code, as yourself; coded quotes are examples for `focusgroup suggest`."""
    from focusgroup.coding import review

    coder = coder or review.default_coder()
    with _project(project) as proj:
        if remove:
            n = review.uncode(proj, quote_ids, code, coder)
            console.print(msg("coding_uncoded", n=n), highlight=False, markup=False)
            return
        review.code_quotes(proj, quote_ids, code, coder, description)
    console.print(msg("coding_coded", n=len(quote_ids), code=code, coder=coder), highlight=False, markup=False)


def codes_command(project: Path = PROJECT_ARG,
                  quotes: bool = typer.Option(False, "--quotes", "-q", help="Also list the coded quotes"),
                  codebook: Path = typer.Option(None, "--codebook", help="Add the codes (with descriptions) of a "
                                                "codebook (.qdc, .csv, .txt); suggestions use the descriptions")) -> None:
    """List the codebook with how many quotes each coder gave each code."""
    from focusgroup.store import coding as store

    with _project(project) as proj:
        if codebook is not None:
            from focusgroup.themes.guided import read_codebook

            try:
                for name, description in read_codebook(codebook):
                    store.add_code(proj, name, description)
            except (OSError, ValueError) as exc:
                fail(str(exc))
        codes, rows, coders = store.codes(proj), store.codings(proj), store.coders(proj)
        texts = {q.id: q.text for q in proj.quotes(ids=sorted({c.quote_id for c in rows}))} if quotes else {}
    table = Table("id", msg("coding_col_code"), *coders, title=msg("coding_codes_title"))
    by_id = {c.id: c for c in codes}
    for c in codes:
        name = c.name if c.parent_id is None else f"{by_id[c.parent_id].name} › {c.name}"
        counts = [sum(1 for r in rows if r.code_id == c.id and r.coder == k and r.status != "rejected") for k in coders]
        table.add_row(str(c.id), Text(name), *map(str, counts))  # user text: never rich markup
        for r in rows if quotes else []:
            if r.code_id == c.id and r.status != "rejected":
                table.add_row("", Text(f"  [{r.quote_id}] {r.coder}: {texts.get(r.quote_id, '')[:120]}"),
                              *[""] * len(coders))
    console.print(table)


def suggest_command(
    project: Path = PROJECT_ARG,
    show: int = typer.Option(15, "--show", help="How many suggestions to print"),
) -> None:
    """Propose codes for uncoded quotes, learned from the quotes researchers coded (coder "focusgroup")."""
    from focusgroup.coding.examples import suggest_project

    with _project(project) as proj:
        result = suggest_project(proj)
        texts = {q.id: q.text for q in proj.quotes(ids=[s.quote_id for s in result.suggestions[:show]])}
    table = Table("id", msg("coding_col_quote"), msg("coding_col_suggestion"), msg("coding_col_confidence"),
                  msg("coding_col_text"))
    for s in result.suggestions[:show]:
        table.add_row(str(s.id), str(s.quote_id), Text(s.code), f"{s.confidence:.2f}",
                      Text(texts.get(s.quote_id, "")[:100]))
    console.print(table)
    console.print(msg("coding_suggested", n=len(result.suggestions), quotes=result.n_quotes,
                      examples=result.n_examples, method=result.method), highlight=False, markup=False)


def review_command(
    project: Path = PROJECT_ARG,
    suggestion_ids: list[int] = typer.Argument(..., help="Suggestion ids (from `focusgroup suggest`)"),
    accept: bool = typer.Option(False, "--accept", help="Accept: the quote gets the suggested code"),
    reject: bool = typer.Option(False, "--reject", help="Reject the suggestion"),
    other: str = typer.Option(None, "--other", help="Reject and code the quote with this code instead"),
    coder: str = CODER_OPT,
) -> None:
    """Accept or reject suggestions; an accepted suggestion becomes an example for the next round."""
    from focusgroup.coding import review

    if sum([accept, reject, other is not None]) != 1:
        fail(msg("cli_review_choice"))
    with _project(project) as proj:
        for sid in suggestion_ids:
            if accept:
                s = review.accept(proj, sid, coder)
                console.print(msg("coding_reviewed_accept", id=sid, quote=s.quote_id, code=s.code), highlight=False, markup=False)
            else:
                s = review.reject(proj, sid, other, coder)
                key = "coding_reviewed_other" if other else "coding_reviewed_reject"
                console.print(msg(key, id=sid, quote=s.quote_id, code=other), highlight=False, markup=False)


def import_codings_command(
    project: Path = PROJECT_ARG,
    file: Path = typer.Argument(..., help="A coded REFI-QDA project (.qdpx) or a CSV with quote_id, code[, coder]"),
    coder: str = typer.Option(None, "--coder", help="Coder for codings that name none"),
) -> None:
    """Import a team's coding (NVivo, ATLAS.ti, MAXQDA, QualCoder .qdpx, or a CSV) to compare and extend it."""
    from focusgroup.coding.refi_import import import_codings

    with _project(project) as proj:
        report = import_codings(proj, file, coder)
    for line in report.skipped:
        err_console.print(Text(f"{msg('warning_prefix')}: ", style="yellow") + Text(msg("coding_import_skipped", detail=line)),
                          highlight=False, markup=False)
    console.print(msg("coding_imported", codings=report.codings, coders=len(report.coders), codes=report.codes,
                      matched=report.matched, unmatched=report.unmatched), highlight=False, markup=False)


def agreement_command(
    project: Path = PROJECT_ARG,
    coders: tuple[str, str] = typer.Option((None, None), "--coders", help="The two coders to compare, e.g. --coders Anna Bo"),
    show: int = typer.Option(20, "--show", help="How many disagreeing quotes to list"),
) -> None:
    """Agreement between two coders on the quotes both coded: percent, Cohen's κ, Krippendorff's α."""
    from focusgroup.coding.agreement import project_agreement

    with _project(project) as proj:
        report = project_agreement(proj, tuple(coders) if all(coders) else None)
        ids = report.overall.disagreements[:show]
        quotes = {q.id: q.text for q in proj.quotes(ids=ids)}
        from focusgroup.coding.agreement import coder_labels

        labels = [coder_labels(proj, name) for name in report.coders]
    a, b = report.coders
    table = Table(msg("coding_col_code"), msg("coding_col_n"), escape(a), escape(b), msg("coding_col_percent"),
                  msg("coding_col_kappa"), msg("coding_col_alpha"),
                  title=Text(msg("coding_agreement_title", a=a, b=b)))
    for row in [*report.per_code, report.overall]:
        name = Text(row.code) if row.code is not None else Text(msg("coding_overall"), style="bold")
        counts = (str(row.n_a), str(row.n_b)) if row.code is not None else ("", "")
        table.add_row(name, str(row.n), *counts, _num(100 * row.percent, 0), _num(row.kappa), _num(row.alpha))
    console.print(table)
    console.print(msg("coding_agreement_summary", n=report.overall.n, only_a=report.only_a, only_b=report.only_b,
                      a=a, b=b), highlight=False, markup=False)
    if ids:
        dis = Table(msg("coding_col_quote"), escape(a), escape(b), msg("coding_col_text"),
                    title=msg("coding_disagreements"))
        for q in ids:
            dis.add_row(str(q), Text(", ".join(sorted(labels[0].get(q, ())))),
                        Text(", ".join(sorted(labels[1].get(q, ())))), Text(quotes.get(q, "")[:100]))
        console.print(dis)


def _num(x: float, digits: int = 2) -> str:
    """κ and α as the app writes them (``messages.dec``: "0,85" in Danish, "−0,12" with a true minus); the
    CLI printed "0.85" and "-0.12" in Danish beside the app's "0,85". A whole percentage as it is."""
    if x is None or math.isnan(x):
        return "–"
    return messages.dec(x) if digits == 2 else f"{x:.{digits}f}"


COMMANDS: dict[str, Callable[..., None]] = {
    "code": code_command,
    "codes": codes_command,
    "suggest": suggest_command,
    "review": review_command,
    "import-codings": import_codings_command,
    "agreement": agreement_command,
}


def register(app: typer.Typer) -> None:
    for name, command in COMMANDS.items():
        app.command(name)(command)
