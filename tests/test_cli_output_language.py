"""The CLI's own output lines are Danish by default and English with FOCUSGROUP_LANG=en (issue 17).

Runs the real commands on a sample transcript: the summary lines of ``import``, ``info`` and
``analyze --no-themes`` and ``export`` come from ``focusgroup.messages.cli_output``, and a project path with
``[brackets]`` is shown literally (no rich markup is applied to it).
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app

runner = CliRunner()


def _run(args: list[str], lang: str | None) -> str:
    env = {"FOCUSGROUP_LANG": lang} if lang else {"FOCUSGROUP_LANG": ""}
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("lang", "imported", "info", "analysed", "exported"),
    [
        (None,
         "Importerede 1 kilde(r) i {proj}: 1 kilder, 6 talere, 96 citater i projektet.",
         "1 kilder, 6 talere (",
         "1 kilder, 96 citater, 0 temaer. Skrev {out}/quotes.csv og {out}/project.fgproj.",
         "Skrev {csv} (Citater (CSV), pseudonymiseret)."),
        ("en",
         "Imported 1 source(s) into {proj}: 1 sources, 6 speakers, 96 quotes in the project.",
         "1 sources, 6 speakers (",
         "1 sources, 96 quotes, 0 themes. Wrote {out}/quotes.csv and {out}/project.fgproj.",
         "Wrote {csv} (Quotes (CSV), pseudonymised)."),
    ],
)
def test_import_info_and_analyze_summaries_follow_the_language(tmp_path, transcripts_dir, lang, imported, info,
                                                                analysed, exported):
    sample = str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt")
    proj = tmp_path / "studie [a].fgproj"  # brackets: shown as they are, not read as rich markup
    out = _run(["import", str(proj), sample], lang)
    assert imported.format(proj=proj) in out.splitlines()

    out = _run(["info", str(proj)], lang)
    assert out.splitlines()[-1].startswith(info)

    folder = tmp_path / "ud"
    out = _run(["analyze", sample, "--out", str(folder), "--no-themes"], lang)
    assert analysed.format(out=folder) in out.splitlines()
    csv = tmp_path / "citater.csv"
    out += _run(["export", str(proj), "-f", "csv", "--out", str(csv)], lang)
    assert exported.format(csv=csv) in out.splitlines()
    english = ("sources", " quotes", "themes", "Wrote", "pseudonymised")  # not "quotes.csv"
    if lang is None:  # nothing English left on stdout in the Danish flow
        assert not any(word in out for word in english), out


def test_every_cli_line_has_both_languages_with_the_same_fields():
    """A field only in the Danish (or English) text would silently print empty in the other language."""
    import string

    from focusgroup.messages import CATALOGUE
    from focusgroup.messages.cli_output import MESSAGES

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for key, (da, en) in MESSAGES.items():
        assert CATALOGUE[key] == (da, en), key  # registered, and no other module took the key
        assert da.strip() and en.strip(), key
        assert fields(da) == fields(en), key
