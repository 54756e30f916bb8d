"""`focusgroup themes` shows each theme's sentiment from the statistics module, as the app does."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.stats import counts as counting
from focusgroup.store import Project


def test_themes_lists_negative_and_positive_shares_from_the_statistics_module(sample_study: Path) -> None:
    project = sample_study if sample_study.suffix == ".fgproj" else sample_study / "project.fgproj"
    result = CliRunner().invoke(app, ["themes", str(project)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "tema" in line and "negativ" in line)
    assert "positiv" in header
    with Project(project) as p:
        figures = counting.from_project(p)
    rows = {}
    for line in result.output.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 8 and cells[1].isdigit():
            rows[int(cells[1])] = cells
    assert len(rows) >= figures.themes
    checked = 0
    for theme_id, cells in rows.items():
        c = figures.by_theme[theme_id]
        assert cells[3] == str(c.size)
        if c.scored:
            # Danish writes a space before the per cent sign, as every other figure of the CLI, app and documents
            assert cells[6] == f"{100 * c.share('negativ'):.0f} %" and cells[7] == f"{100 * c.share('positiv'):.0f} %"
            checked += 1
    assert checked >= 3
    assert f"{figures.themes} temaer" in result.output


def test_analyze_keeps_the_study_title_for_the_app_and_reports(tmp_path: Path, transcripts_dir: Path) -> None:
    from focusgroup.export._view import TITLE_SETTING
    from focusgroup.ui.sidebar import study_title

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"), "--out",
                                      str(out), "--no-themes", "--title", "Brugerundersøgelse 2021"])
    assert result.exit_code == 0, result.output
    with Project(out / "project.fgproj") as p:
        assert p.get_setting(TITLE_SETTING) == "Brugerundersøgelse 2021"
    assert study_title(str(out / "project.fgproj")) == "Brugerundersøgelse 2021"


def test_info_writes_counts_with_the_readers_thousands_separator(
    sample_study: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,226 quotes read "1.226" in Danish and "1,226" in English (a bare "1226" was the CLI's odd one out)."""
    with Project(sample_study) as p:
        quotes = counting.from_project(p).quotes
    assert quotes >= 1000
    danish = CliRunner().invoke(app, ["info", str(sample_study)])
    assert danish.exit_code == 0, danish.output
    assert f"{quotes // 1000}.{quotes % 1000:03d} citater" in danish.output
    monkeypatch.setenv("FOCUSGROUP_LANG", "en")
    english = CliRunner().invoke(app, ["info", str(sample_study)])
    assert f"{quotes // 1000},{quotes % 1000:03d} quotes" in english.output
