"""`focusgroup satisfaction PROJECT --by FIELD`: where satisfaction is lowest and for whom, what changed
between waves or quarters, and the 1-5 scale by group and theme (tables on screen, --out .csv/.xlsx)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from focusgroup import messages
from focusgroup.cli.common import console, fail, open_project, say
from focusgroup.messages import text as msg


def satisfaction_command(
    project_path: Path = typer.Argument(..., metavar="PROJECT", help="Projektfil (.fgproj) / project file"),
    by: list[str] = typer.Option(None, "--by", help="Baggrundsfelt at opdele på, fx Ydelse (kan gentages) / group field"),
    wave: str = typer.Option(None, "--wave", help="Bølgefelt, fx Bølge (findes selv hvis udeladt) / wave field"),
    date: str = typer.Option(None, "--date", help="Datofelt: ændring pr. kvartal, fx Afsluttet / date field"),
    min_n: int = typer.Option(8, "--min-n", min=1, help="Mindste antal citater i en celle / smallest cell"),
    scale: list[str] = typer.Option(None, "--scale", help="Bekræft et 1-5-felt, fx 'Samlet tilfredshed' (gemmes) / "
                                    "confirm a rating field (saved)"),
    title: str = typer.Option(None, "--title", help="Undersøgelsens navn til rapporter (gemmes) / study name"),
    top: int = typer.Option(15, "--top", min=1, help="Rækker vist på skærmen / rows shown"),
    out: Path = typer.Option(None, "--out", "-o", help="Gem tabellerne som .csv eller .xlsx / save as .csv or .xlsx"),
    real_names: bool = typer.Option(False, "--real-names", help="Rigtige navne i eksempler / real names in examples"),
) -> None:
    """Rank theme x group cells by their share of negative quotes (Wilson 95 % intervals), with change
    between waves/quarters and numeric satisfaction scales."""
    from focusgroup.export import satisfaction as out_sat
    from focusgroup.export._view import TITLE_SETTING, build_view
    from focusgroup.stats import satisfaction as sat
    from focusgroup.stats import study

    if out is not None and out.suffix.lower() not in {".csv", ".xlsx"}:
        fail(msg("cli_out_csv_xlsx", name=out.name))
    with open_project(project_path) as project:
        if project.latest_run_id() is None:
            fail(msg("cli_not_analysed", project=project_path))
        # every named field checked before anything is computed (the view pseudonymises every text)
        study.check_fields([*(by or []), *(x for x in (wave, date) if x), *(scale or [])], study.field_names(project))
        if title:
            project.set_setting(TITLE_SETTING, title)
        view = build_view(project, real_names=real_names)
        df = study.frame_from_view(view)
        if scale:
            study.confirm_scales(project, scale, df)
        scales = study.scale_fields(project, df)
        by = by or out_sat.default_by(view, df)
        wave = wave or sat.wave_field(df)
        f = study.findings(df, by, wave=wave, date=date, min_n=min_n, scales=scales)
        _print_cells(f, top)
        for kind, change in f.changes():  # a quarter table that repeats the wave table is said once, below it
            _print_change(change, msg(f"sat_cli_{kind}"), top, f.wave_field if kind == "wave" else f.date_field)
            if kind == "wave" and f.quarter_is_wave:
                say(msg("sat_quarter_is_wave", field=f.date_field, pairs=messages.period_pairs(f.quarter_is_wave)))
        for name in f.scales:
            _print_scale(f, name, top)
        if out is not None:
            if out.suffix.lower() == ".csv":
                written = out_sat.write_csv(f, out)
            else:
                written = [out_sat.write_xlsx(f, out, view)]
            say(msg("cli_wrote", written=", ".join(str(p) for p in written),
                    suffix="" if real_names else f" ({msg('cli_pseudonymised')})"))


def code(kind: str, value: str) -> str:
    """A stored code in the reader's words ("(alle temaer)" -> "(all themes)" in English), as the report and
    the app write it; the English tables printed the Danish codes."""
    from focusgroup.export._text import code as in_words  # the export layer loads on use, as the command does

    return in_words(kind, value)


def _num(n: object) -> str:
    """A count as the report and the app write it ("1.226" in Danish): the cells of a 10,000-answer survey
    reach four digits, which this table printed bare ("1226")."""
    return messages.num(int(n))


def _dec(x: float) -> str:
    return messages.dec(x)


def _sdec(x: float) -> str:
    return messages.dec(x, None, signed=True)


def _table(key: str, overflow: str | None = "fold") -> Table:
    table = Table()
    for col in msg(key).split("|"):
        table.add_column(col, overflow=overflow)
    return table


def _pct(x: float) -> str:
    return messages.pct(x)


def _pp(x: float) -> str:
    from focusgroup.stats.satisfaction import signed_points

    return signed_points(x)


def _interval(x: float, low: float, high: float, to: str) -> str:
    """"-7 (-14 til 0)"; the value alone where there is no interval (the whole study's share, 1 by definition)."""
    return _pp(x) if low != low or high != high else f"{_pp(x)} ({_pp(low)} {to} {_pp(high)})"


def _print_cells(f, top: int) -> None:  # noqa: ANN001 - study.Findings
    t = f.table
    console.print(msg("sat_cli_cells_title", fields=escape(", ".join(t.fields))), highlight=False)
    table = _table("sat_cli_cells_cols")
    for _, r in t.cells.head(top).iterrows():
        table.add_row(str(r["rank"]), escape(code("theme", r["theme"])), escape(f"{r['field']} = {r['group']}"), _num(r["n"]),
                      _pct(r["share_negative"]), f"{_pct(r['ci_low'])}–{_pct(r['ci_high'])}", _pp(r["difference"]),
                      escape(textwrap.shorten(r["example"], 60, placeholder="…")))
    console.print(table)
    console.print(msg("sat_cli_cells_footer", cells=_num(len(t.cells)), min_n=t.min_n,
                      hidden=_num(len(t.cells) - min(top, len(t.cells))), omitted=_num(t.omitted)))


def _print_change(change, label: str, top: int, name: str | None = None) -> None:  # noqa: ANN001 - Change
    from focusgroup.stats.satisfaction import ALL_THEMES

    rows = change.ranked()
    if rows.empty:
        return
    shown = rows[rows["theme"] == ALL_THEMES]
    rest = rows[rows["theme"] != ALL_THEMES]
    console.print("\n" + msg("sat_cli_change_title", period=label, field=escape(name or change.field)), highlight=False)
    table = _table("sat_cli_change_cols")
    to = msg("sat_cli_to")
    for _, r in [*shown.iterrows(), *rest.head(top).iterrows()]:
        table.add_row(
            escape(code("theme", r["theme"])), f"{messages.period(r['from'])} → {messages.period(r['to'])}", f"{_pct(r['share_from'])} → {_pct(r['share_to'])}",
            _interval(r["share_change"], r["share_ci_low"], r["share_ci_high"], to),
            f"{_pct(r['negative_from'])} → {_pct(r['negative_to'])}",
            _interval(r["negative_change"], r["negative_ci_low"], r["negative_ci_high"], to),
            f"{_num(r['n_from'])} → {_num(r['n_to'])}")
    console.print(table)
    if change.omitted:
        console.print(msg("sat_cli_change_omitted", omitted=change.omitted, min_n=change.min_n))


def _print_scale(f, name: str, top: int) -> None:  # noqa: ANN001 - study.Findings
    console.print("\n" + msg("sat_cli_scale_title", name=escape(name)), highlight=False)
    table = _table("sat_cli_scale_cols", overflow=None)
    for _, r in f.scales[name].iterrows():
        group = code("group", r["group"])
        where = f"{r['field']} = {group}" if r["field"] else group
        table.add_row(escape(where), _num(r["n"]), _dec(r["mean"]), f"{_dec(r['ci_low'])}–{_dec(r['ci_high'])}")
    console.print(table)
    themes = f.scale_themes[name]
    if themes.empty:
        return
    console.print("\n" + msg("sat_cli_scale_themes_title", name=escape(name), min_n=f.table.min_n), highlight=False)
    table = _table("sat_cli_scale_themes_cols")
    for _, r in themes.head(top).iterrows():
        table.add_row(escape(code("theme", r["theme"])), _num(r["n_raise"]), _dec(r["mean_raise"]), _num(r["n_other"]),
                      _dec(r["mean_other"]), f"{_sdec(r['difference'])} ({_sdec(r['ci_low'])} {msg('sat_cli_to')} {_sdec(r['ci_high'])})")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("satisfaction")(satisfaction_command)
