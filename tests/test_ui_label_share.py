"""The mixed-theme signal: how many of a theme's quotes carry its label, the same figure in the app's
theme table, the workbook (test_export_xlsx) and the Word report; and counts written "1.226" in Danish."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest
from test_export_view import make_project

from focusgroup import messages
from focusgroup.export import charts, export_project
from focusgroup.export._stats import ThemeStats
from focusgroup.records import Theme
from focusgroup.search import stem_finder
from focusgroup.stats.label_share import label_hits, label_parts, label_rows
from focusgroup.store import Project
from focusgroup.ui import data as data_mod

APP = str(Path(__file__).resolve().parents[1] / "app.py")

QUOTES = [
    "Jeg var til lægen to gange, før de troede på mig.",  # læge
    "Brevet fra jobcentret kunne jeg ikke forstå.",  # brev
    "Kaffen i venteværelset er god.",
    "Telefonmøderne under corona var en fordel.",
    "Jeg kan godt lide telefonmøder.",  # no corona
    "Møde borgerne i øjenhøjde.",
    "Man bliver mødt i øjenhøjde.",  # no borger
    "Lad mig beholde min sagsbehandler.",
    "De nye sagsbehandlere kender ikke min sag.",  # "ny" in its plural form
    "Ingen sagsbehandler ringer tilbage.",
]


def test_label_parts_drop_function_words_and_split_on_og() -> None:
    assert label_parts("Læge og brevene") == [["læge"], ["brevene"]]
    assert label_parts("Beholde den samme sagsbehandler") == [["beholde", "sagsbehandler"]]
    assert label_parts("Ny sagsbehandler") == [["ny", "sagsbehandler"]]  # the adjective is what the label says
    assert label_parts("") == []


@pytest.mark.parametrize(("label", "rows"), [
    ("Læge og brevene", {0, 1}),  # either part: "lægen", "Brevet"
    ("Kaffen", {2}),
    ("Telefonmøderne under corona", {3}),  # every word of the part: "telefonmøder" alone is not enough
    ("Borgerne i øjenhøjde", {5}),
    ("Beholde den samme sagsbehandler", {7}),  # "den samme" need not be repeated
    ("Jobklub", set()),
    ("Ny sagsbehandler", {8}),  # a word of three letters finds its -e/-t forms
])
def test_a_quote_carries_the_label_when_it_has_every_word_of_a_part(label: str, rows: set[int]) -> None:
    assert label_rows(label, stem_finder(QUOTES)) == rows
    assert label_hits(label, stem_finder(QUOTES)) == len(rows)


def test_app_theme_table_and_word_report_show_the_same_figure(tmp_path: Path) -> None:
    with make_project(tmp_path / "studie.fgproj") as project:
        data = data_mod.load(project)
        report = export_project(project, "docx", tmp_path / "r.docx")
    themes = data.themes.set_index("label")
    # neither quote of "Kontakt med sagsbehandler" says "kontakt"; both course quotes say "Kurserne"/"kurset"
    assert themes.loc["Kontakt med sagsbehandler", ["size", "label_hits"]].tolist() == [2, 0]
    assert themes.loc["Kurser og opkvalificering", ["size", "label_hits"]].tolist() == [2, 2]
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "Etikettens ord står i 0 af de 2 citater." in text
    assert "Etikettens ord står i 2 af de 2 citater." in text


def test_counts_have_thousands_separators_in_the_readers_language() -> None:
    assert messages.num(1226, "da") == "1.226" and messages.num(1226, "en") == "1,226"
    assert messages.num(10007, "da") == "10.007" and messages.num(999, "da") == "999"


def _app(project: Path, page: str, **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"started": True, "project_path": str(project.resolve()), "lang": "da", "next_page": page,
                       **state}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_overview_and_theme_page_show_the_parent_and_the_label_share(tmp_path: Path) -> None:
    path = tmp_path / "studie.fgproj"
    make_project(path).close()
    table = _app(path, "overview").dataframe[0].value.set_index("Tema")
    assert table.loc["Kurser og opkvalificering", "Etiketten i"] == 100
    assert table.loc["Kontakt med sagsbehandler", "Etiketten i"] == 0
    assert table.loc["Fast kontaktperson", "Overordnet tema"] == "Kontakt med sagsbehandler"
    with Project(path) as p:
        theme_id = next(t.id for t in p.themes() if t.label == "Kontakt med sagsbehandler")
    at = _app(path, "theme", theme_id=theme_id)
    assert [w.value for w in at.warning] == [
        "Etikettens ord står i 0 af temaets 2 citater: navnet dækker kun en del af temaet. Læs citaterne, og omdøb "
        "temaet, hvis det trænger."]


def _stats(n: int) -> list[ThemeStats]:
    return [ThemeStats(theme=Theme(f"Tema {i}", []), parent_label="", quotes=[None] * (1200 - i),  # type: ignore[list-item]
                       prevalence=(1200 - i) / 30_000, coverage=0.0, n_speakers=1, n_sources=1,
                       sentiment={"negativ": 0.5, "positiv": 0.5}) for i in range(n)]


def test_report_charts_say_when_they_show_only_the_largest_themes(monkeypatch: pytest.MonkeyPatch) -> None:
    figures = []
    monkeypatch.setattr(charts, "_png", lambda fig: figures.append(fig) or b"")
    charts.prevalence_chart(_stats(33))
    charts.sentiment_chart(_stats(33))
    charts.prevalence_chart(_stats(5))
    titles = [f.axes[0].get_title() for f in figures]
    assert titles[0] == "Temaernes udbredelse (antal citater ved søjlen)\nDe 20 største af 33 temaer"
    assert titles[1] == "Stemning pr. tema\nDe 20 største af 33 temaer"
    assert titles[2] == "Temaernes udbredelse (antal citater ved søjlen)"  # all shown: nothing to say
    ax = figures[0].axes[0]
    counts = [txt.get_text() for txt in ax.texts]
    assert counts[-1] == "1.200"  # the largest theme, on top, with a thousands point
    bar = max(ax.patches, key=lambda p: p.get_width())
    label = next(txt for txt in ax.texts if txt.get_text() == "1.200")
    assert 0 < label.get_position()[0] - bar.get_width() < 0.05 * bar.get_width()  # beside its bar, not far off


def test_workbook_keeps_whole_numbers_of_a_survey_as_numbers(tmp_path: Path) -> None:
    """An imported survey's background values arrive as text ("3"); the workbook wrote them as text, so
    the 1-5 scale could not be averaged or pivoted in Excel. Whole numbers are numbers now; "0042" and
    "3,5" stay as written."""
    from focusgroup.pipeline import import_files
    from focusgroup.records import Assignment

    path = tmp_path / "svar.csv"
    path.write_text("Respondent;Postnr;Score;Tilfredshed;Svar\n31015477;0042;3,5;3;Brevene er svære at forstå.\n"
                    "31017352;8000;4,0;5;Lange ventetider i telefonen.\n", encoding="utf-8")
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [path], text_columns=["Svar"], id_column="Respondent")
        quotes = p.quotes()
        assert quotes[0].metadata["Tilfredshed"] == "3"  # what ingest stores
        run = p.start_run({"embedder": "tfidf", "seed": 42})
        (theme_id,) = p.save_themes(run, [Theme("Breve og ventetid", ["brev"], size=2)])
        p.save_assignments(run, [Assignment(q.id, theme_id, 0.9) for q in quotes])
        p.finish_run(run)
        out = export_project(p, "xlsx", tmp_path / "p.xlsx", real_names=True)
    sheet = openpyxl.load_workbook(out)["Breve og ventetid"]
    header = [c.value for c in sheet[2]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(r["Tilfredshed"] for r in rows) == [3, 5]
    assert sorted(r["Respondent"] for r in rows) == [31015477, 31017352]
    assert {r["Postnr"] for r in rows} == {"0042", 8000}  # a leading zero keeps the value text
    assert sorted(r["Score"] for r in rows) == ["3,5", "4,0"]


@pytest.mark.parametrize(("browser", "session", "expected"), [
    ("da-DK", "da", "localized"), ("da", "da", "localized"), ("en-US", "en", "localized"),
    ("en-US", "da", None), ("da-DK", "en", None), (None, "da", None)])
def test_count_columns_group_digits_only_when_the_browser_writes_them_the_readers_way(
        monkeypatch: pytest.MonkeyPatch, browser: str | None, session: str, expected: str | None) -> None:
    """Streamlit groups digits in the browser's locale only: a Danish page in an English browser would show
    "1,226", which a Danish reader takes for 1.226 with a decimal comma; such a page keeps "1226"."""
    import streamlit as st

    from focusgroup.ui import i18n

    monkeypatch.setattr(type(st.context), "locale", property(lambda self: browser))
    monkeypatch.setattr(i18n, "lang", lambda: session)
    assert i18n.count_column("Citater")["type_config"]["format"] == expected


def test_the_overview_sorts_the_weakest_labels_first(tmp_path: Path) -> None:
    path = tmp_path / "studie.fgproj"
    make_project(path).close()
    at = _app(path, "overview")
    at.segmented_control(key="w_sort").set_value("sort_label_share").run()
    shares = list(at.dataframe[0].value["Etiketten i"])
    assert shares == sorted(shares) and shares[0] == 0 and shares[-1] == 100
