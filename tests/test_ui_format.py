"""Numbers as a Danish analyst writes them ("9 %", "1.226", "0,85") and as an English one does ("9%",
"1,226", "0.85"), on every page and chart of the app; and no Danish left on an English page.

Seen in screenshots of the sample study (session 15): the theme table's progress columns said "9%", the
"Uden tema" metric "0%", the sentiment bar "negativ 38%", the charts' axes "40%"; the English satisfaction
page said "(-13 til +1)" and "beder om kontakt", the English size chart's hover "citater · deltagere".
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from focusgroup.store import Project
from focusgroup.store.findings import Reply, save_replies
from focusgroup.ui import charts, i18n, sample, style
from focusgroup.ui import data as data_mod

for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
    logging.getLogger(_name).setLevel(logging.ERROR)

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample.build(tmp_path_factory.mktemp("fmt") / "demo.fgproj", n_quotes=160)


def _app(project: Path, page: str, lang: str = "da") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["started"] = True
    at.session_state["project_path"] = str(project.resolve())
    at.session_state["lang"] = lang
    at.session_state["next_page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("lang", "count", "share", "mean", "progress"), [
    ("da", "1.226", "9 %", "0,85", "%d %%"), ("en", "1,226", "9%", "0.85", "%d%%")])
def test_the_formatters_follow_the_session_language(monkeypatch: pytest.MonkeyPatch, lang: str, count: str,
                                                    share: str, mean: str, progress: str) -> None:
    monkeypatch.setattr(i18n, "lang", lambda: lang)
    assert (i18n.num(1226), i18n.pct(0.09), i18n.dec(0.85), i18n.progress_format()) == (count, share, mean, progress)
    assert i18n.code_name("reason", "beder om kontakt") == ("beder om kontakt" if lang == "da" else "asks to be contacted")
    assert (i18n.period("2020 K4"), i18n.period("2021")) == ("2020 " + ("K4" if lang == "da" else "Q4"),
                                                                             "2021")


def test_charts_write_shares_the_readers_way(demo: Path) -> None:
    with Project(demo) as p:
        data = data_mod.load(p)
    names = {s: s for s in data_mod.SENTIMENTS}
    da, en = charts.sentiment(data.themes, names, "Andel", "da"), charts.sentiment(data.themes, names, "Share", "en")
    assert da.layout.xaxis.ticksuffix == " %" and en.layout.xaxis.ticksuffix == "%"
    assert all(v.endswith(" %") for v in da.data[0].customdata) and all(v.endswith("%") and " %" not in v
                                                                          for v in en.data[0].customdata)
    field = data_mod.default_group_field(data)
    heat = charts.heatmap(data, field, "Andel", "da")
    assert heat.data[0].colorbar.ticksuffix == " %"
    assert all(v.endswith(" %") for row in heat.data[0].text for v in row)
    waves = charts.waves(data, data_mod.wave_field(data), "Share", "en")
    assert waves.layout.xaxis.ticksuffix == "%" and waves.layout.xaxis.tickformat is None
    sizes = charts.sizes(data.themes, "Quotes", i18n.messages.text("chart_size_hover", "en", quotes="{quotes}",
                                                                   speakers="{speakers}", sources="{sources}"))
    assert all("quotes" in h and "citater" not in h for h in sizes.data[0].customdata)
    bar = style.sentiment_bar({"negativ": 0.38, "neutral": 0.41, "positiv": 0.21}, {}, "da")
    assert "38 %" in bar and "38%" not in bar


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_overview_writes_shares_and_counts_the_readers_way(demo: Path, lang: str) -> None:
    at = _app(demo, "overview", lang)
    unthemed = next(m for m in at.metric if m.label == ("Uden tema" if lang == "da" else "No theme"))
    assert unthemed.value.endswith(" %" if lang == "da" else "%") and (lang == "da" or " %" not in unthemed.value)
    columns = at.dataframe[0].proto.columns  # the progress columns' printf format, as the browser shows it
    assert ('"format": "%d %%"' in columns) == (lang == "da") and ('"format": "%d%%"' in columns) == (lang == "en")
    # each percentage says what it is a share of (the "Deltagere" column's "9 %" is of all participants)
    assert ("Andel af alle deltagere" if lang == "da" else "Share of all participants") in columns


def test_the_english_satisfaction_page_has_no_danish_words_of_its_own(demo: Path) -> None:
    with Project(demo) as p:
        quote = next(q for q in p.quotes() if q.column)
        save_replies(p, [Reply(quote.id, True, "beder om kontakt", 0.9)])
    at = _app(demo, "satisfaction", "en")
    cards = "\n".join(h.value for h in at.html)
    assert "asks to be contacted" in cards and "beder om kontakt" not in cards
    changes = [d.value for d in at.dataframe[1:]]  # the wave/quarter tables after the ranked cells
    cells = [str(v) for df in changes for column in df.columns for v in df[column]]
    intervals = [v for v in cells if " pp (" in v]
    assert intervals and all(" to " in v and " til " not in v for v in intervals)
    periods = [v for v in cells if " → " in v and v[:4].isdigit()]
    assert all(" K" not in v for v in periods)  # quarters read "2020 Q4 → 2021 Q1" in English
    reasons = next(m for m in at.multiselect if m.label == "Reason")
    assert "asks to be contacted" in [reasons.format_func(o) for o in reasons.options]


def test_a_search_with_more_hits_than_shown_says_so(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first 200 hits are drawn; on 10,000 answers "sagsbehandler" finds far more, and the page
    said "2.345 citater fundet" over 200 cards without a word about the rest."""
    from focusgroup.ui.views import search

    monkeypatch.setattr(search, "MAX_SHOWN", 2)
    at = _app(demo, "search")
    at.text_input(key="w_search").input("sagsbehandler").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(i.value.startswith("Viser de første 2 af") for i in at.info)
    assert len([h for h in at.html if 'class="fg-card' in h.value]) == 2


def test_the_map_of_a_large_project_shows_a_fixed_sample_and_says_so(demo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """UMAP of 9,417 batch answers took 128 s at load 6.5 behind a spinner; the map now draws at most
    ``MAP_LIMIT`` quotes, always the same ones, and the caption says how many of how many."""
    from focusgroup.ui import layout
    from focusgroup.ui.views import overview

    monkeypatch.setattr(layout, "UMAP_LIMIT", 0)  # PCA: UMAP's JIT is tested as slow elsewhere
    monkeypatch.setattr(overview, "MAP_LIMIT", 40)
    at = _app(demo, "overview")
    at.segmented_control(key="w_chart").set_value("chart_map").run()
    assert not at.exception, [e.value for e in at.exception]
    caption = next(c.value for c in at.caption if c.value.startswith("Kortet viser"))
    assert caption.startswith("Kortet viser 40 af ")
    with Project(demo) as p:
        data = data_mod.load(p)
    first = overview._map_points(str(demo), data)
    again = overview._map_points(str(demo), data)
    assert len(first) == 40 and list(first["text"]) == list(again["text"])


def test_the_english_export_from_the_app_names_parent_themes_in_english(tmp_path: Path) -> None:
    """The English workbook's codebook said "Overordnet tema: Brev; Respekt": the parent's description is
    stored in the analysis' language (themes.describe); the export now writes it in the reader's."""
    import io

    from openpyxl import load_workbook

    from focusgroup.export import export_bytes
    from focusgroup.records import Assignment, Theme

    path = sample.build(tmp_path / "p.fgproj", n_quotes=40)
    with Project(path) as p:
        run = p.start_run({})
        ids = p.save_themes(run, [Theme(label="Kontakt", description="Overordnet tema: Breve; Telefon"),
                                  Theme(label="Breve", parent_id=-1), Theme(label="Telefon", parent_id=-1)])
        p.save_assignments(run, [Assignment(q.id, ids[1 + i % 2]) for i, q in enumerate(p.quotes(informative=True))])
        p.finish_run(run)
        cells = {}
        for lang in ("da", "en"):
            content, _, _ = export_bytes(p, "xlsx", real_names=True, lang=lang)
            book = load_workbook(io.BytesIO(content), read_only=True)
            cells[lang] = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c}
    # what a parent holds, in words that cannot be read as its own parent (the column beside it is "Overordnet tema")
    assert "Samler temaerne: Breve; Telefon" in cells["da"] and "Overordnet tema: Breve; Telefon" not in cells["da"]
    assert "Groups the themes: Breve; Telefon" in cells["en"] and not any("Overordnet tema" in c for c in cells["en"])


def test_the_english_sidebar_lists_the_edits_in_english(tmp_path: Path) -> None:
    """The undo panel's history is worded when it is read (``themes.history.describe``): the English
    sidebar said "omdøbt til »Ventetid«", in the language the process runs in."""
    from focusgroup.ui import actions

    path = sample.build(tmp_path / "p.fgproj", n_quotes=40)
    with Project(path) as p:
        actions.rename_theme(p, p.themes()[0].id, "Ventetid")
    at = _app(path, "overview", "en")
    undo = next(b for b in at.sidebar.button if b.key == "w_undo")
    assert undo.help == "Undo: renamed to “Ventetid”"
    assert any("renamed to “Ventetid”" in x.value for x in at.sidebar.text)
    at.selectbox(key="lang").set_value("da").run()
    assert any("omdøbt til »Ventetid«" in x.value for x in at.sidebar.text)


def test_the_analysis_steps_have_words_in_both_languages() -> None:
    """The progress bars of a running analysis carry the pipeline's step names, Danish constants: the
    page shows them through ``jobs.STEP_KEYS``, which must know every one of them."""
    import importlib

    from focusgroup.ui import jobs

    steps = {importlib.import_module(m).STEP for m in ("focusgroup.themes.analyze", "focusgroup.sentiment.score",
                                                       "focusgroup.replies")}
    pipeline = (Path(__file__).resolve().parents[1] / "focusgroup" / "pipeline.py").read_text(encoding="utf-8")
    assert steps <= set(jobs.STEP_KEYS) and '"Indlæser filer"' in pipeline
    for key in jobs.STEP_KEYS.values():
        assert i18n.messages.text(key, "en") != i18n.messages.text(key, "da")


def test_a_pages_choices_are_still_there_after_a_visit_to_another_page(demo: Path) -> None:
    """Streamlit drops the state of widgets a run does not draw: a visit to Søg reset Tilfredshed's
    "Opdel efter" and "Mindst citater", and the search box was empty on the way back."""
    at = _app(demo, "satisfaction")
    split = at.multiselect(key="w_sat_by")
    split.set_value(split.options[-1:]).run()
    at.number_input(key="w_sat_min_n").set_value(3).run()
    chosen = at.multiselect(key="w_sat_by").value
    at.session_state["next_page"] = "search"
    at.run()
    at.text_input(key="w_search").input("brev").run()
    at.session_state["next_page"] = "satisfaction"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="w_sat_by").value == chosen and at.number_input(key="w_sat_min_n").value == 3
    at.session_state["next_page"] = "search"
    at.run()
    assert at.text_input(key="w_search").value == "brev"
    # but real names in an export are never kept: back on Eksport, the files are pseudonymised again
    at.session_state["next_page"] = "export"
    at.run()
    at.toggle(key="w_real_names").set_value(True).run()
    at.session_state["next_page"] = "search"
    at.run()
    at.session_state["next_page"] = "export"
    at.run()
    assert at.toggle(key="w_real_names").value is False


def test_the_app_starts_streamlit_without_the_state_duplication_stack_trace(tmp_path: Path) -> None:
    from focusgroup.cli.webapp import streamlit_command

    assert "--global.disableWidgetStateDuplicationWarning=true" in streamlit_command(tmp_path / "p.fgproj", 8501,
                                                                                       "127.0.0.1", headless=True)


def test_an_uploaded_files_warnings_are_in_the_readers_language(tmp_path: Path, transcripts_dir: Path) -> None:
    """The English Data page showed the transcript's warning in Danish ("teksten før den første
    talerangivelse …"): the file is read inside the session's language now."""
    import shutil

    from focusgroup.ui import actions

    source = transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"
    warnings = {}
    for lang in ("da", "en"):
        copy = tmp_path / lang / source.name
        copy.parent.mkdir()
        shutil.copy(source, copy)
        warnings[lang] = " ".join(actions.inspect_upload(actions.Upload(source.name, copy), lang).parsed.warnings)
    assert "talerangivelse" in warnings["da"]
    assert warnings["en"] and "talerangivelse" not in warnings["en"] and "tegn" not in warnings["en"]


def test_the_export_page_of_a_large_project_makes_each_file_on_the_page_first(
        demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 10k batch project's first pseudonymised CSV took 248 s (load 10); the browser gives up on a
    deferred download after 180 s, so "Hent .csv" spun for three minutes and then showed an error. A large
    project's file is now made on the page with progress, then offered: the same bytes as the CLI's."""
    from focusgroup.export import export_bytes
    from focusgroup.ui.views import export

    at = _app(demo, "export")
    assert not [c for c in at.caption if c.value.startswith("Projektet har")]
    assert not [b for b in at.button if b.key == "w_prepare_csv"]  # small: one click downloads
    monkeypatch.setattr(export, "LARGE", 10)
    at.run()
    note = next(c.value for c in at.caption if c.value.startswith("Projektet har"))
    assert "160 citater" in note and "flere minutter" in note
    assert "download_csv" not in [b.key for b in at.get("download_button")]
    at.button(key="w_prepare_csv").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "download_csv" in [b.key for b in at.get("download_button")]
    prepared = next(v for k, v in at.session_state[export.PREPARED].items() if k[1] == "csv")[1]
    with Project(demo) as p:
        assert prepared == export_bytes(p, "csv", lang="da")[0]


def test_the_latest_analysis_time_is_written_as_on_the_projects_page(demo: Path) -> None:
    """The Analyse page said "Seneste analyse: 2026-12-03 12:10:05" beside the Projekter page's "03-12-2026 12:10"."""
    import re

    at = _app(demo, "analysis")
    line = next(c.value for c in at.caption if c.value.startswith("Seneste analyse"))
    # the dotted date of the Word report ("03.12.2026"), one formatter (messages.moment) for both pages
    assert re.search(r"Seneste analyse: \d\d\.\d\d\.\d{4} \d\d:\d\d ·", line), line


def test_a_search_with_one_hit_says_citat(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"1 citater fundet" (seen searching make demo for one focus-group turn): one hit is "1 citat fundet". The
    sample study repeats its answers, so no word finds one quote there: the page's search is made to find one."""
    from focusgroup.ui.views import search

    at = _app(demo, "search")
    at.text_input(key="w_search").input("sagsbehandler").run()
    assert any(c.value.endswith(" citater fundet") and not c.value.startswith("1 ") for c in at.caption)
    found = search.search

    monkeypatch.setattr(search, "search", lambda *a, **k: dict(list(found(*a, **k).items())[:1]))
    at.text_input(key="w_search").input("sagsbehandleren").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 citat fundet" in [c.value for c in at.caption], [c.value for c in at.caption]
