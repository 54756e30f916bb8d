"""One set of numbers: `focusgroup info`, the app's overview, the xlsx overview sheet and the Word report
show the same participants, analysed quotes and themes on the sample study (``stats.counts``), and parent
theme ids survive edits."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.records import MODERATOR
from focusgroup.stats import counts as counting
from focusgroup.store import Project

runner = CliRunner()


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in {text!r}"
    return int(match.group(1))


@pytest.fixture(scope="module")
def figures(sample_study: Path) -> counting.Counts:
    with Project(sample_study) as p:
        return counting.from_project(p)


def test_counts_mean_what_they_say(sample_study: Path, figures: counting.Counts) -> None:
    with Project(sample_study) as p:
        quotes = p.quotes()
        themes = p.themes()
        assignments = p.assignments()
    # participants: non-moderator speakers per source with an informative quote, counted by hand here
    people = {(q.source_id, q.speaker) for q in quotes if q.role != MODERATOR and q.informative}
    assert figures.participants == len(people) > 300  # respondents with an answer + focus-group participants
    assert figures.speakers > figures.participants  # moderators and blank-only respondents on top
    parents = {t.parent_id for t in themes if t.parent_id is not None}
    assert figures.themes == len([t for t in themes if t.id not in parents]) and figures.parents == len(parents) > 0
    assert figures.analysed == len(assignments)
    assert figures.unthemed == sum(a.theme_id is None for a in assignments.values())
    for t in themes:
        if t.id in parents:  # a parent holds its children's quotes
            children = [c.id for c in themes if c.parent_id == t.id]
            assert figures.by_theme[t.id].size == sum(figures.by_theme[c].size for c in children)
        else:
            assert figures.by_theme[t.id].size == sum(a.theme_id == t.id for a in assignments.values())
            shares = figures.by_theme[t.id].sentiment
            assert not shares or sum(shares.values()) == pytest.approx(1.0)


def test_info_app_xlsx_and_docx_show_the_same_counts(sample_study: Path, figures: counting.Counts,
                                                     tmp_path: Path) -> None:
    import docx
    import openpyxl

    from focusgroup.ui import data

    project = sample_study
    info = runner.invoke(app, ["info", str(project)], terminal_width=400)
    assert info.exit_code == 0, info.output
    text = " ".join(info.output.split())
    # info prints Danish by default (messages/cli_output.py; English with FOCUSGROUP_LANG=en)
    cli = {"participants": _number(r"\((\d+) deltagere/respondenter med", text),
           "analysed": _number(r"(\d+) analyseret\)", text), "themes": _number(r"(\d+) temaer i seneste kørsel", text)}

    with Project(project) as p:
        d = data.load(p)
    ui = {"participants": d.n_participants, "analysed": d.counts.analysed, "themes": len(d.themes)}
    assert d.counts.themes == len(d.themes)
    assert int(d.themes["size"].sum()) + d.counts.unthemed == d.counts.analysed

    for fmt in ("xlsx", "docx"):
        result = runner.invoke(app, ["export", str(project), "--format", fmt, "--out", str(tmp_path / f"r.{fmt}"),
                                     "--real-names"])  # pseudonymising costs time and changes no count
        assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["Oversigt"]
    line = sheet["A2"].value
    rows = [r for r in sheet.iter_rows(min_row=5, values_only=True) if r[0]]
    xlsx = {"participants": _number(r"(\d+) deltagere/respondenter", line),
            "analysed": _number(r"(\d+) analyserede citater", line), "themes": _number(r"(\d+) temaer", line)}
    assert len(rows) == xlsx["themes"]  # one overview row per (leaf) theme

    report = "\n".join(par.text for par in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    word = {"participants": _number(r"\d+ citater fra (\d+) deltagere/respondenter indgik", report),
            "analysed": _number(r"(\d+) citater fra \d+ deltagere/respondenter indgik", report),
            "themes": _number(r"Analysen fandt (\d+) temaer", report)}

    expected = {"participants": figures.participants, "analysed": figures.analysed, "themes": figures.themes}
    assert cli == ui == xlsx == word == expected


def test_parent_theme_ids_survive_edits(sample_study: Path, tmp_path: Path) -> None:
    from focusgroup.themes import edits

    project = tmp_path / "p.fgproj"
    shutil.copy(sample_study, project)

    def parent_ids(p: Project) -> set[int]:
        return {t.parent_id for t in p.themes() if t.parent_id is not None}

    with Project(project) as p:
        before = parent_ids(p)
        assert before
        leaves = sorted((t for t in p.themes() if t.id not in before), key=lambda t: -t.size)
        edits.rename(p, leaves[0].id, "Ventetid på svar")
        after_rename = parent_ids(p)
        quote = next(qid for qid, a in p.assignments().items() if a.theme_id == leaves[1].id)
        edits.move(p, [quote], leaves[2].id)
        after_move = parent_ids(p)
        edits.memo(p, leaves[3].id, "Tjek dette tema")
        after_memo = parent_ids(p)
        n_parents = len([t for t in p.themes() if t.id in after_memo])
    assert after_rename == before
    assert after_move == before  # one quote moved: the same groups, the same ids
    assert after_memo == before
    assert n_parents == len(before)  # no stale parent rows left behind


def test_count_rules_on_a_small_hierarchy() -> None:
    from focusgroup.records import Theme

    themes = [Theme("Kontakt", id=1), Theme("Fast kontaktperson", parent_id=1, id=2), Theme("Kurser", id=3),
              Theme("Service", id=4), Theme("Ventetid", parent_id=4, id=5), Theme("Telefontid", parent_id=4, id=6)]
    F = counting.QuoteFacts
    facts = [
        F(1, 1, "Lise", MODERATOR, True, 40, True, None),  # the moderator: never analysed, never a participant
        F(2, 1, "Kim", "participant", True, 30, True, 1, "negativ", -0.5),  # coded to a parent directly
        F(3, 1, "Kim", "participant", True, 30, True, 2, "positiv", 0.5),
        F(4, 2, "Kim", "respondent", True, 20, True, 3),  # another source: another person
        F(5, 2, "R7", "respondent", False, 3, False),  # "ved ikke": not a participant
        F(6, 2, "R8", "respondent", True, 20, True, 5, "neutral", 0.0),
        F(7, 2, "R9", "respondent", True, 10, True, 6, "negativ", -1.0),
        F(8, 2, "R9", "respondent", True, 10, True, None),
        F(9, 1, "Sanne", "participant", True, 12, False),  # too short to model: not in the run
    ]
    c = counting.count(facts, themes, n_sources=2)
    assert (c.quotes, c.analysed, c.informative, c.speakers, c.participants) == (9, 6, 8, 7, 5)
    assert c.themes == 5 and c.theme_ids == [1, 2, 3, 5, 6] and c.parents == 1 and c.parent_ids == [4]
    assert c.unthemed == 1 and c.unthemed_ids == [8]
    assert c.by_theme[1].size == 1 and c.by_theme[1].sentiment == {"positiv": 0.0, "neutral": 0.0, "negativ": 1.0}
    service = c.by_theme[4]  # a grouping: the quotes of its themes
    assert (service.size, service.speakers, service.sources, service.quote_ids) == (2, 2, 1, [6, 7])
    assert service.mean_score == pytest.approx(-0.5) and c.by_theme[3].sentiment == {}
    assert c.prevalence(3) == pytest.approx(1 / 6) and c.speaker_share(4) == pytest.approx(2 / 5)


def test_batch_counts_in_sql_equal_stats_counts(sample_study: Path, figures: counting.Counts) -> None:
    """Batch counts its 100,000 assignments in SQL (``Project.assigned_counts``): the same figures."""
    with Project(sample_study) as p:
        in_sql = p.assigned_counts(p.latest_run_id())
    for theme_id in figures.theme_ids:
        c = figures.by_theme[theme_id]
        assert in_sql.get(theme_id, (0, 0, 0)) == (c.size, c.speakers, c.sources)


def test_the_app_overview_page_shows_the_same_counts(sample_study: Path, figures: counting.Counts,
                                                     tmp_path: Path) -> None:
    """The rendered overview (Streamlit AppTest), not just its data, shows the figures `info` prints."""
    from streamlit.testing.v1 import AppTest

    project = tmp_path / "studie.fgproj"
    shutil.copy(sample_study, project)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=180)
    at.session_state["started"] = True
    at.session_state["project_path"] = str(project)
    at.session_state["next_page"] = "overview"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}

    def da(n: int) -> str:  # the Danish app writes counts with a thousands point ("1.226"), as `info` does not
        return f"{n:,}".replace(",", ".")

    assert metrics["Deltagere"] == da(figures.participants)
    assert metrics["Temaer"] == da(figures.themes) and metrics["Kilder"] == da(figures.sources)
    assert metrics["Citater"] == da(figures.quotes)
