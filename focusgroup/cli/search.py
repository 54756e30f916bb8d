"""``focusgroup search`` and ``focusgroup quotes``: find quotes by word, list quote ids, code hits to a theme.

Both print quote ids, so ``theme move``/``theme key`` never need the CSV. Screen output shows the
project's texts as stored (the researcher's own terminal); ``--out`` files are exports and are
pseudonymised unless ``--real-names``, like every export.
"""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from focusgroup.cli.common import console, fail, open_project, say
from focusgroup.messages import text as msg

PROJECT_ARG = typer.Argument(..., help="Project file, e.g. studie.fgproj")
CONTEXT = 60


def _snippet(text: str, spans: list[tuple[int, int]]) -> str:
    """The text around the first hit with every hit in bold; user text escaped for rich."""
    if not spans:
        return escape(text[: 2 * CONTEXT])
    lo = max(0, spans[0][0] - CONTEXT)
    hi = min(len(text), max(end for _, end in spans[:3]) + CONTEXT)
    out, last = ["…" if lo else ""], lo
    for start, end in spans:
        if start < last or end > hi:
            continue
        out += [escape(text[last:start]), f"[bold]{escape(text[start:end])}[/]"]
        last = end
    out += [escape(text[last:hi]), "…" if hi < len(text) else ""]
    return "".join(out)


def _rows(proj, quote_ids: list[int], real_names: bool, pseudonymise: bool) -> tuple[dict[int, dict], str]:
    """Quote id -> row (text, speaker, source, theme) for output; pseudonymised through the export view."""
    themes = {t.id: t.label for t in proj.themes()} if proj.latest_run_id() else {}
    assignments = proj.assignments() if proj.latest_run_id() else {}
    if pseudonymise and not real_names:
        from focusgroup.export._view import build_view

        view = build_view(proj)
        by_id = {q.id: q for q in view.quotes}
        theme_label = {t.id: t.label for t in view.themes}
        rows = {q: {"text": by_id[q].text, "speaker": by_id[q].speaker, "source": by_id[q].source_name,
                    "theme": theme_label.get(getattr(assignments.get(q), "theme_id", None), "")}
                for q in quote_ids if q in by_id}
        return rows, msg("cli_pseudonymised")
    quotes = {q.id: q for q in proj.quotes(ids=quote_ids)}
    rows = {q: {"text": quotes[q].text, "speaker": quotes[q].speaker, "source": quotes[q].source_name,
                "theme": themes.get(getattr(assignments.get(q), "theme_id", None), "")}
            for q in quote_ids if q in quotes}
    return rows, msg("cli_real_names")


def _write_csv(out: Path, rows: dict[int, dict], question: dict[int, str | None]) -> None:
    from focusgroup.export.quotes_csv import neutralise

    with open(out, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads æøå right
        writer = csv.writer(fh)
        writer.writerow(["quote_id", "source", "speaker", "theme", "question", "text"])
        for qid, r in rows.items():
            writer.writerow([qid, *(neutralise(x) for x in (r["source"], r["speaker"], r["theme"],
                                                          question.get(qid) or "", r["text"]))])


def search_command(
    project: Path = PROJECT_ARG,
    query: str = typer.Argument(..., help='Words to find, e.g. "telefon" (finds telefontid, telefonkø too)'),
    exact: bool = typer.Option(False, "--exact", help="Only the exact word forms (no base form, no compounds)"),
    theme: int = typer.Option(None, "--theme", help="Only quotes in this theme"),
    limit: int = typer.Option(50, "--limit", help="Show at most this many hits (all go to --out)"),
    out: Path = typer.Option(None, "--out", "-o", help="Write all hits to a CSV file (pseudonymised)"),
    real_names: bool = typer.Option(False, "--real-names", help="Real names in --out (internal use only)"),
    move_to: int = typer.Option(None, "--move-to", help="Code every hit to this theme (a logged, undoable edit)"),
) -> None:
    """Search all quotes by base form, inflection and compound; show ids, theme and the words in context."""
    from focusgroup.search import SearchIndex

    with open_project(project) as proj:
        quotes = proj.quotes()
        assignments = proj.assignments() if proj.latest_run_id() else {}
        if theme is not None:
            quotes = [q for q in quotes if getattr(assignments.get(q.id), "theme_id", None) == theme]
        index = SearchIndex([q.text for q in quotes])
        hits = index.search(query, exact)
        ids = [quotes[r].id for r in sorted(hits)]
        spans = {quotes[r].id: hits[r] for r in hits}
        by_id = {q.id: q for q in quotes}
        if not ids:
            say(msg("cli_search_none", query=query))
            return
        if move_to is not None:
            from focusgroup.themes import edits

            coded = [q for q in ids if q in assignments]  # moderator turns and blanks are not in the analysis
            if coded:
                edits.move(proj, coded, move_to)
        rows, names = _rows(proj, ids[:limit], real_names=True, pseudonymise=False)
        table = Table("id", "kilde", "taler", "tema", "citat", title=escape(msg("cli_search_title", n=len(ids), query=query)))
        for qid in ids[:limit]:
            r = rows[qid]
            table.add_row(str(qid), escape(r["source"] or ""), escape(r["speaker"] or ""),
                          escape(r["theme"]), _snippet(by_id[qid].text, spans[qid]))
        console.print(table)
        if len(ids) > limit:
            say(msg("cli_search_more", n=len(ids) - limit))
        if move_to is not None:
            say(msg("cli_search_coded_partly" if len(coded) < len(ids) else "cli_search_coded", n=len(coded),
                    theme=move_to, rest=len(ids) - len(coded)))
        if out is not None:
            rows, names = _rows(proj, ids, real_names=real_names, pseudonymise=True)
            _write_csv(out, rows, {q.id: q.column for q in quotes})
            say(msg("cli_search_wrote", n=len(rows), path=out, names=names))


def quotes_command(
    project: Path = PROJECT_ARG,
    theme: int = typer.Option(None, "--theme", help="Only quotes in this theme (see `focusgroup themes`)"),
    no_theme: bool = typer.Option(False, "--no-theme", help="Only informative quotes without a theme"),
    limit: int = typer.Option(100, "--limit", help="Show at most this many quotes"),
) -> None:
    """List quotes with their ids, speaker, theme and sentiment (the ids `theme move`/`theme key` take)."""
    with open_project(project) as proj:
        if theme is not None and proj.latest_run_id() is None:
            fail(msg("cli_no_analysis"))
        assignments = proj.assignments() if proj.latest_run_id() else {}
        labels = {t.id: t.label for t in proj.themes()} if proj.latest_run_id() else {}
        sentiments = proj.sentiments()
        quotes = proj.quotes(informative=True if (theme is not None or no_theme) else None)

        def theme_of(q) -> int | None:
            return getattr(assignments.get(q.id), "theme_id", None)

        if theme is not None:
            quotes = [q for q in quotes if theme_of(q) == theme]
        elif no_theme:
            quotes = [q for q in quotes if q.id in assignments and theme_of(q) is None]
    table = Table("id", "kilde", "taler", "tema", "stemning", "citat")
    for q in quotes[:limit]:
        s = sentiments.get(q.id)
        table.add_row(str(q.id), escape(q.source_name or ""), escape(q.speaker or ""),
                      escape(labels.get(theme_of(q), "")), s.label if s else "", escape(q.text[:140]))
    console.print(table)
    say(msg("cli_quotes_count_limited" if len(quotes) > limit else "cli_quotes_count", n=len(quotes), limit=limit))


def register(app: typer.Typer) -> None:
    app.command("search")(search_command)
    app.command("quotes")(quotes_command)
