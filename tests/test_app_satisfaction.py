"""The Tilfredshed page through Streamlit's AppTest: ranked cells, a cell's quotes, and unticking a reply flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_app_pages import html_text, open_app

from focusgroup.store import Project
from focusgroup.store.findings import Reply, replies, save_replies
from focusgroup.ui import sample


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    return sample.build(tmp_path / "demo.fgproj", n_quotes=160)


def test_cells_rank_and_open_their_quotes(demo: Path) -> None:
    at = open_app(demo, "satisfaction")
    assert "Hvor er tilfredsheden lavest, og for hvem?" in html_text(at)
    picker = next(s for s in at.selectbox if s.label == "Vis citaterne i cellen")
    assert len(picker.options) >= 2 and picker.options[0].startswith("1. ")
    first = html_text(at)
    picker.set_value(1).run()
    assert not at.exception
    second = html_text(at)
    assert second != first and "citater i cellen, de mest negative først" in "\n".join(m.value for m in at.markdown)
    with Project(demo) as p:
        texts = {q.text for q in p.quotes()}
    shown = [t for t in texts if t and t in second]
    assert shown, "the chosen cell's quotes are on the page, word for word"


def test_reply_flag_can_be_unticked(demo: Path) -> None:
    with Project(demo) as p:
        quote = next(q for q in p.quotes() if q.column)
        save_replies(p, [Reply(quote.id, True, "beder om kontakt", 0.9)])
    at = open_app(demo, "satisfaction")
    box = next(c for c in at.checkbox if c.label == "Kræver svar")
    assert box.value is True
    box.uncheck().run()
    assert not at.exception
    with Project(demo) as p:
        flag = replies(p)[quote.id]
    assert not flag.needs_reply and flag.by == "researcher"


@pytest.fixture()
def rated(tmp_path: Path) -> Path:
    """A small survey with a 1-5 field (found on import) and a count field (numbers, not found as a scale)."""
    from _keyword_themes import keyword_run

    from focusgroup.ingest import read_file
    from focusgroup.records import Sentiment

    better = "Hvad kan jobcentret gøre bedre?"
    texts = ["Min sagsbehandler ringer aldrig tilbage.", "Brevene er svære at forstå.", "Jobklubben er god."]
    lines = [f"Respondent;Ydelse;Samlet tilfredshed;Antal samtaler;{better}"]
    lines += [f"{i};{'dagpenge' if i % 2 else 'kontanthjælp'};{1 + i % 5};{1 + i % 2};{texts[i % 3]}" for i in range(30)]
    path = tmp_path / "svar.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project_path = tmp_path / "rated.fgproj"
    with Project(project_path) as project:
        for parsed in read_file(path, text_columns=[better]):
            project.add_parsed(parsed)
        keyword_run(project, {"Sagsbehandler": ("sagsbehandler",), "Breve": ("brev",), "Jobklub": ("jobklub",)})
        project.save_sentiments([Sentiment(q.id, "positiv" if "god" in q.text else "negativ", 0.5, "test")
                                 for q in project.quotes()])
    return project_path


def test_scale_fields_are_confirmed_on_the_page(rated: Path) -> None:
    from focusgroup.stats.study import SCALE_SETTING

    at = open_app(rated, "satisfaction")
    pick = next(m for m in at.multiselect if m.label.startswith("Tilfredshedsskalaer"))
    assert pick.value == ["Samlet tilfredshed"]  # found on import
    assert "Antal samtaler" in pick.options  # numbers too, for the researcher to choose
    assert any("Fundet automatisk" in c.value for c in at.caption)
    assert "Samlet tilfredshed" in [h.value for h in at.subheader]
    pick.set_value(["Antal samtaler"]).run()
    assert not at.exception
    with Project(rated) as p:
        assert p.get_setting(SCALE_SETTING) == ["Antal samtaler"]  # saved, as --scale saves it
    assert [h.value for h in at.subheader if h.value in ("Samlet tilfredshed", "Antal samtaler")] == ["Antal samtaler"]
    assert any("Valgt af dig" in c.value for c in at.caption)
    next(m for m in at.multiselect if m.label.startswith("Tilfredshedsskalaer")).set_value([]).run()
    with Project(rated) as p:
        assert p.get_setting(SCALE_SETTING) == []  # "no rating field" is a choice too, not a reset to detection
    assert any("Ingen 1-5-tilfredshedsfelter valgt" in i.value for i in at.info)


def test_the_english_page_names_the_whole_group_rows_in_english(demo: Path) -> None:
    """Seen in a screenshot of the English app: "(alle temaer)" rows and "27 %–81 %" intervals."""
    at = open_app(demo, "satisfaction")
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert "(all themes)" in set(table["Theme"]) and "(alle temaer)" not in set(table["Theme"])
    assert all(" %" not in v and v.endswith("%") for v in table["95% interval"])
    assert "(all themes)" in " ".join(c.value for c in at.caption)
    picker = next(s for s in at.selectbox if s.label == "Show the cell's quotes")
    assert "% negative" in picker.options[0] and " % " not in picker.options[0]


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory, transcripts_dir: Path) -> Path:
    """The sample survey (Ydelse, Aldersgruppe, Bølge, Afsluttet) with keyword themes, in seconds."""
    from _keyword_themes import keyword_run

    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.sentiment.score import score_project

    path = tmp_path_factory.mktemp("survey") / "survey.fgproj"
    with Project(path) as project:
        for parsed in read_file(transcripts_dir / "brugerundersoegelse_2020_2021.csv",
                                text_columns=["Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"]):
            project.add_parsed(parsed)
        keyword_run(project, {"Breve": ("brev",), "Jobklub": ("jobklub",)}, {"group_by": "Ydelse"}, keywords=True)
        score_project(project, AnalysisConfig(sentiment_model="asent"))
    return path


def test_quarters_that_are_the_waves_are_one_table(survey: Path) -> None:
    """The sample survey's quarters (Afsluttet: 2020 K4, 2021 K4) split the answers as its waves do: the page
    showed the same change table under "Bølge" and under "Kvartal"; now one table and a line that says so."""
    at = open_app(survey, "satisfaction")
    assert next(s for s in at.selectbox if s.label == "Dato (kvartaler)").value == "Afsluttet"
    heads = [h.value for h in at.subheader]
    assert "Bølge" in heads and not any(h.startswith("Kvartal") for h in heads), heads
    notes = [c.value for c in at.caption if c.value.startswith("Kvartalerne fra »Afsluttet«")]
    assert notes == ["Kvartalerne fra »Afsluttet« deler svarene præcis som bølgerne (2020 = 2020 K4, 2021 = 2021 K4), "
                     "så ændringen pr. kvartal er den samme som pr. bølge og vises ikke to gange."]


def test_the_page_splits_the_answers_as_the_report_does(survey: Path) -> None:
    """make demo's page split by Ydelse alone while the report and the workbook split by Ydelse and
    Aldersgruppe: other ranks on the page than in the report, "139" cells left out against "254"."""
    from focusgroup.export import build_view
    from focusgroup.export.satisfaction import view_findings

    with Project(survey) as p:
        exported = view_findings(build_view(p))
    assert exported.table.fields == ["Ydelse", "Aldersgruppe"]
    at = open_app(survey, "satisfaction")
    assert next(m for m in at.multiselect if m.label == "Opdel efter").value == exported.table.fields
    caption = next(c.value for c in at.caption if c.value.startswith("Tema × gruppe"))
    assert f"Celler under 8 citater er udeladt: {exported.table.omitted}." in caption, caption
