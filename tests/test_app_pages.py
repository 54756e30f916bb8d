"""The pages' logic through Streamlit's AppTest: what a researcher sees and what each click stores."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from focusgroup.store import Project
from focusgroup.ui import sample

# AppTest reads session state from the test thread; Streamlit warns about that on every access.
for _name in ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.state.session_state_proxy"):
    logging.getLogger(_name).setLevel(logging.ERROR)

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    return sample.build(tmp_path / "demo.fgproj", n_quotes=160)


def open_app(project: Path | None, page: str | None = None, folder: Path | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["started"] = True
    if project is not None:
        at.session_state["project_path"] = str(project.resolve())
    if folder is not None:
        at.session_state["projects_dir"] = str(folder)
    if page:
        at.session_state["next_page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def go(at: AppTest, page: str) -> AppTest:
    at.session_state["next_page"] = page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def theme_chooser(at: AppTest):  # noqa: ANN201 - AppTest's Selectbox
    return next(s for s in at.selectbox if s.label == "Vælg tema")


def html_text(at: AppTest) -> str:
    return "\n".join(h.value for h in at.html)


def test_overview_shows_every_theme_with_size(demo: Path) -> None:
    at = open_app(demo, "overview")
    metrics = {m.label: m.value for m in at.metric}
    with Project(demo) as p:
        counts, themes = p.counts(), p.themes()
    assert metrics["Citater"] == str(counts["quotes"]) and metrics["Temaer"] == str(len(themes))
    # what the themes leave out (moderator, short replies, non-answers) is counted and explained, not hidden
    # behind "Uden tema 0 %"
    from focusgroup.stats import counts as counts_mod

    with Project(demo) as p:
        c = counts_mod.from_project(p)
    assert c.quotes > c.analysed > 0 and metrics["Ikke analyseret"] == str(c.quotes - c.analysed)
    left = next(m for m in at.metric if m.label == "Ikke analyseret")
    assert f"{c.quotes - c.analysed} af {c.quotes} citater" in left.help and "moderatorens" in left.help
    table = at.dataframe[0].value
    assert sorted(table["Tema"]) == sorted(t.label for t in themes)
    assert list(table["Citater"]) == sorted(table["Citater"], reverse=True)  # sorted by size
    at.segmented_control(key="w_sort").set_value("sort_label").run()
    assert list(at.dataframe[0].value["Tema"]) == sorted(t.label for t in themes)


def test_overview_charts_render(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from focusgroup.ui import layout

    monkeypatch.setattr(layout, "UMAP_LIMIT", 0)  # PCA here; UMAP (a minute of JIT on 2 cores) is tested as slow
    at = open_app(demo, "overview")
    for chart in ("chart_sentiment", "chart_groups", "chart_waves", "chart_map"):
        at.segmented_control(key="w_chart").set_value(chart).run()
        assert not at.exception, (chart, [e.value for e in at.exception])
        assert not at.info, (chart, [i.value for i in at.info])  # every chart has data in the demo project
        assert at.get("plotly_chart"), chart


def test_theme_page_lists_the_chosen_themes_quotes_with_highlights(demo: Path) -> None:
    at = open_app(demo, "theme")
    with Project(demo) as p:
        themes = {t.id: t for t in p.themes()}
        members = {}
        for a in p.assignments().values():
            members.setdefault(a.theme_id, []).append(a.quote_id)
    for theme_id in list(themes)[:2]:
        theme_chooser(at).set_value(theme_id).run()
        assert not at.exception
        assert at.session_state["theme_id"] == theme_id
        assert f"{len(members[theme_id])} citater" in html_text(at)
        cards = [h.value for h in at.html if 'class="fg-card' in h.value]
        assert len(cards) == min(20, len(members[theme_id]))
        assert all("<mark>" in c for c in cards)  # each sample quote contains a keyword of its theme


def test_filters_narrow_the_quotes(demo: Path) -> None:
    at = open_app(demo, "theme")
    at.multiselect(key="w_f_sentiment").set_value(["positiv"]).run()
    cards = [h.value for h in at.html if 'class="fg-card' in h.value]
    assert cards and all(">positiv</span>" in c for c in cards)


def test_a_memo_typed_beside_a_new_name_is_saved_with_it(demo: Path) -> None:
    """The name and the memo had a "Gem navn" and a "Gem memo" button each: a memo typed before pressing
    "Gem navn" was dropped without a word (seen in the browser on make demo's "Brev"). One button saves both."""
    at = open_app(demo, "theme")
    theme_id = at.session_state["theme_id"]
    next(w for w in at.text_area if w.key.startswith(f"w_memo_{theme_id}_")).input("Læs brevene igen.")
    next(w for w in at.text_input if w.key.startswith(f"w_label_{theme_id}_")).input("Brevene")
    assert [b.label for b in at.button].count("Gem navn og memo") == 1
    at.button[[b.label for b in at.button].index("Gem navn og memo")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        theme = next(t for t in p.themes() if t.id == theme_id)
        assert (theme.label, theme.memo) == ("Brevene", "Læs brevene igen.")
        assert [e["kind"] for e in p.edits()] == ["rename", "memo"]
    assert {t.value for t in at.toast} >= {"Temaet hedder nu Brevene.", "Memoet er gemt."}


def test_rename_merge_memo_move_and_key_quote_are_saved(demo: Path) -> None:
    at = open_app(demo, "theme")
    theme_id = at.session_state["theme_id"]
    next(w for w in at.text_input if w.key.startswith(f"w_label_{theme_id}_")).input("Relationen til sagsbehandleren")
    at.button[[b.label for b in at.button].index("Gem navn og memo")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert {t.id: t.label for t in p.themes()}[theme_id] == "Relationen til sagsbehandleren"
        assert [e["kind"] for e in p.edits()] == ["rename"]
    chooser = theme_chooser(at)  # the chooser shows the new name at once
    assert chooser.value == theme_id and chooser.format_func(theme_id).startswith("Relationen til sagsbehandleren")
    label_box = next(w for w in at.text_input if w.key.startswith(f"w_label_{theme_id}_"))
    assert label_box.value == "Relationen til sagsbehandleren"  # the box shows the theme as it is now
    next(w for w in at.text_area if w.key.startswith(f"w_memo_{theme_id}_")).input("Gennemgående: skift af sagsbehandler.")
    at.button[[b.label for b in at.button].index("Gem navn og memo")].click().run()
    with Project(demo) as p:
        assert {t.id: t.memo for t in p.themes()}[theme_id] == "Gennemgående: skift af sagsbehandler."
    # key quote and move: the first quote card's widgets
    boxes = [c for c in at.checkbox if c.key and c.key.startswith("w_key_")]
    order = [c.key for c in boxes]
    quote_id = int(boxes[1].key.removeprefix("w_key_"))  # not the first: ticking must not re-sort the list
    boxes[1].check().run()
    with Project(demo) as p:
        assert quote_id in p.key_quotes()
    assert [c.key for c in at.checkbox if c.key and c.key.startswith("w_key_")] == order
    second = next(c for c in at.checkbox if c.key == order[2])
    second.check().run()  # two key quotes in a row: the next box is still the quote it was
    with Project(demo) as p:
        assert {quote_id, int(order[2].removeprefix("w_key_"))} <= p.key_quotes()
    other = next(t.id for t in Project(demo).themes() if t.id != theme_id)
    at.selectbox(key=f"w_move_{quote_id}").set_value(other).run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        moved = p.assignments()[quote_id]
        assert moved.theme_id == other and moved.by == "researcher"
    # merge the theme with another: one theme fewer, all quotes kept
    with Project(demo) as p:
        n_before, assigned_before = len(leaf_themes(p)), sum(a.theme_id is not None for a in p.assignments().values())
    at.multiselect(key=f"w_merge_{theme_id}").set_value([other])  # inside a form: sent with the submit
    at.button[[b.label for b in at.button].index("Læg sammen")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert len(leaf_themes(p)) == n_before  # nothing merged before the researcher confirms
    assert any("Disse 2 temaer" in w.value for w in at.warning)
    at.button(key="w_merge_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert len(leaf_themes(p)) == n_before - 1
        assert sum(a.theme_id is not None for a in p.assignments().values()) == assigned_before


def leaf_themes(p: Project) -> list:
    themes = p.themes()
    return [t for t in themes if t.id not in {x.parent_id for x in themes}]


def test_search_finds_inflected_forms_by_lemma(demo: Path) -> None:
    at = open_app(demo, "search")
    at.text_input(key="w_search").input("sagsbehandlerne").run()
    assert not at.exception, [e.value for e in at.exception]
    hits = [h.value for h in at.html if "fg-card" in h.value and "<mark>" in h.value]
    marked = {m.lower() for h in hits for m in _marks(h)}
    assert {"sagsbehandler", "sagsbehandleren"} <= marked
    at.toggle(key="w_search_exact").set_value(True).run()
    assert not [h for h in at.html if "fg-card" in h.value and "<mark>" in h.value]  # in no sample quote
    assert at.info and "sagsbehandlerne" in at.info[0].value


def test_search_codes_every_hit_to_a_theme_and_offers_the_hits_as_csv(demo: Path) -> None:
    at = open_app(demo, "search")
    at.text_input(key="w_search").input("sagsbehandler").run()
    with Project(demo) as p:
        target = leaf_themes(p)[-1].id
        texts = {q.id: q.text for q in p.quotes()}
    assert at.get("download_button")
    at.selectbox(key="w_search_target").set_value(target).run()
    at.button(key="w_search_code").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        coded = [q for q, a in p.assignments().items() if a.theme_id == target and a.by == "researcher"]
    assert coded and all("sagsbehandl" in texts[q].lower() for q in coded)


def test_coding_the_hits_to_a_theme_says_first_how_many_quotes_leave_their_themes(demo: Path) -> None:
    """"Kod" moved every hit (not only the 200 shown) out of the theme it was in with one click; a quote has one
    theme, and a QDA user reads "code" as adding a code. The button now opens a confirmation that counts them."""
    at = open_app(demo, "search")
    at.text_input(key="w_search").input("sagsbehandler").run()
    with Project(demo) as p:
        target = leaf_themes(p)[-1].id
        before = {q: a.theme_id for q, a in p.assignments().items()}
    at.selectbox(key="w_search_target").set_value(target).run()
    with Project(demo) as p:
        assert {q: a.theme_id for q, a in p.assignments().items()} == before  # choosing a theme moves nothing
    warning = next(w.value for w in at.warning if "flyttes til" in w.value)
    import re

    head, _, tail = warning.partition("»")  # "{n} citater flyttes til »{theme}«. {moving} af dem ... {k} andre temaer"
    n, (moving, k) = int(re.findall(r"\d+", head)[0]), (int(x) for x in re.findall(r"\d+", tail.split("«", 1)[1])[:2])
    hits = [q for q, theme in before.items() if theme is not None and theme != target]
    assert 0 < moving <= n and k > 0 and "forlader dem" in warning
    at.button(key="w_search_code").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        after = {q: a.theme_id for q, a in p.assignments().items()}
    left = [q for q in hits if after[q] == target]
    assert len(left) == moving  # the count it gave is the number of quotes that left another theme
    assert any("er kodet til" in x.value for x in at.success)  # said after the page's rerun


def _marks(html: str) -> list[str]:
    import re

    return re.findall(r"<mark>(.*?)</mark>", html)


def test_projects_page_creates_opens_and_deletes(tmp_path: Path) -> None:
    at = open_app(None, folder=tmp_path)
    at.text_input(key="new_project_name").input("Fokusgrupper 2024")
    at.button[[b.label for b in at.button].index("Opret")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    created = tmp_path / "Fokusgrupper 2024.fgproj"
    assert created.exists() and at.session_state["project_path"] == str(created.resolve())
    go(at, "projects")
    at.button(key="delete_Fokusgrupper 2024.fgproj").click().run()
    assert not created.exists() and at.session_state["project_path"] is None


def test_project_list_counts_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """The English app showed "1.226" quotes (a Danish thousands point) on the Projects page."""
    from focusgroup.ui import i18n

    monkeypatch.setattr(i18n, "lang", lambda: "da")
    assert i18n.num(1226) == "1.226"
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert i18n.num(1226) == "1,226"


def test_upload_shows_what_each_file_holds_and_imports(tmp_path: Path, transcripts_dir: Path) -> None:
    txt = transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"
    csv = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not (txt.exists() and csv.exists()):
        pytest.skip("sample data not generated")
    project = tmp_path / "ny.fgproj"
    Project(project).close()
    at = open_app(project, "data")
    at.file_uploader[0].set_value([
        ("Fokusgruppe 2.txt", txt.read_bytes(), "text/plain"),
        ("Survey.csv", csv.read_bytes(), "text/csv"),
        ("ødelagt.docx", b"PK\x03\x04garbage", "application/octet-stream"),
    ]).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert "Transskription:" in captions and "Spørgeskema:" in captions
    assert any(m.value == "**ødelagt\\.docx**" for m in at.markdown)  # the name, literally (markdown-escaped)
    assert any("Kan ikke læses" in e.value for e in at.error)
    columns = next(m for m in at.multiselect if m.label == "Fritekstkolonner").value
    assert "Hvad kan jobcentret gøre bedre?" in columns
    moderator = next(m for m in at.multiselect if m.label == "Moderator")
    assert moderator.value  # the inferred moderator is proposed
    upload_dir = Path(at.session_state["upload_dir"])
    assert len(list(upload_dir.iterdir())) == 3 and all(p.name.startswith("upload-") for p in upload_dir.iterdir())
    at.button(key="import_files").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert list(upload_dir.iterdir()) == []  # temporary copies (personal data) are gone after the import
    with Project(project) as p:
        names = sorted(s.name for s in p.sources())
        assert names == ["Fokusgruppe 2.txt", "Survey.csv"]
        assert {q.column for q in p.quotes() if q.column} <= set(columns)


def test_export_page_offers_every_format_pseudonymised_by_default(demo: Path) -> None:
    from focusgroup.export import FORMATS

    at = open_app(demo, "export")
    assert at.toggle(key="w_real_names").value is False
    labels = [m.value for m in at.markdown]
    for fmt in FORMATS.values():
        assert f"**{fmt.label}**" in labels


def test_english_switch_translates_the_pages(demo: Path) -> None:
    at = open_app(demo, "overview")
    at.selectbox(key="lang").set_value("en").run()
    assert {m.label for m in at.metric} >= {"Sources", "Quotes", "Themes"}


def test_analysis_page_shows_live_progress_and_blocks_a_second_run(demo: Path) -> None:
    from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
    from focusgroup.ui import jobs

    at = open_app(demo, "analysis")
    assert at.selectbox(key="w_embedder").value == DEFAULT_EMBEDDER  # the default model
    assert at.selectbox(key="w_group_by").value == "Ydelse"  # proposed from the survey's background data
    # a job in progress (registered as the worker thread would): progress per step, run button disabled
    job = jobs.Job(str(demo.resolve()), AnalysisConfig(embedder="tfidf"))
    job.progress("Embedding af citater", 30, 120)
    jobs._jobs()[job.path] = job
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.button(key="run_analysis").disabled
    assert [p.value for p in at.get("progress")] == [25]
    assert "Analysen kører" in " ".join(m.value for m in at.markdown)
    with job.lock:
        job.status = "error"
        job.error = "ValueError: for få citater"
    at.run()
    assert not at.button(key="run_analysis").disabled
    assert any("for få citater" in e.value for e in at.error)
    del jobs._jobs()[job.path]


def test_pseudonymised_view_hides_real_speaker_names(demo: Path) -> None:
    at = open_app(demo, "theme")
    at.multiselect(key="w_f_source").set_value(["fokusgruppe_1.txt"]).run()
    real = html_text(at)
    assert any(name in real for name in ("Anders", "Fatima", "Jørgen", "Mette"))
    at.toggle(key="pseudonymized").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = html_text(at)
    assert "Deltager" in shown
    assert not any(f"<b>{name}</b>" in shown for name in ("Anders", "Fatima", "Jørgen", "Mette", "Lise"))


def test_sidebar_names_the_next_step_and_undoes_a_merge(demo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "tom.fgproj"
    Project(empty).close()
    at = open_app(empty, "data")
    assert any("tilføj transskriptioner" in i.value for i in at.sidebar.info)

    with Project(demo) as p:
        leaves = sorted(leaf_themes(p), key=lambda t: -t.size)[:3]
        before = sorted((t.id, t.label, t.size) for t in p.themes())
        from focusgroup.themes import edits

        edits.merge(p, [t.id for t in leaves], "Samlet tema")
    at = open_app(demo, "overview")
    undo = at.sidebar.button(key="w_undo")
    assert not undo.disabled and at.sidebar.button(key="w_redo").disabled
    undo.click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert sorted((t.id, t.label, t.size) for t in p.themes()) == before
    assert not at.sidebar.button(key="w_redo").disabled
    at.sidebar.button(key="w_redo").click().run()
    with Project(demo) as p:
        assert sum(t.label == "Samlet tema" for t in p.themes()) == 1


def test_analysis_page_puts_a_new_wave_into_the_themes_and_pseudonymises_in_place(demo: Path, tmp_path: Path) -> None:
    from focusgroup.pipeline import import_files

    wave = tmp_path / "bolge2.txt"
    wave.write_text("Moderator: Hvordan gik det?\nLis: Sagsbehandleren ringede aldrig tilbage, og jeg ventede i "
                    "telefonkøen i en time.\nOle: Mit brev fra jobcentret var svært at forstå.\n", encoding="utf-8")
    with Project(demo) as p:
        import_files(p, [wave])
        before = set(p.assignments())
    at = open_app(demo, "analysis")
    assert any("2 citater" in m.value for m in at.markdown), [m.value for m in at.markdown]
    at.button(key="w_assign").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        new = set(p.assignments()) - before
        assert len(new) == 2
    at.button(key="w_pseudonymize").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert len(p.pseudonymized_quotes()) == len(p.quotes())
    assert at.warning and "pseudokey" in at.warning[0].value


def test_analysis_page_offers_a_codebook_for_the_themes(demo: Path) -> None:
    at = open_app(demo, "analysis")
    assert [e for e in at.expander if "Kodebog" in e.label]


def test_survey_cards_show_the_group_fields_not_the_respondent_id_twice(demo: Path) -> None:
    import re

    from focusgroup.ui import data as data_mod
    from focusgroup.ui.views.theme import card_fields

    with Project(demo) as p:
        d = data_mod.load(p)
    survey = d.quotes[d.quotes["kind"] == "survey"]
    assert not survey.empty
    row = d.records[int(survey.iloc[0]["pos"])]
    fields = card_fields(d, row)
    group = data_mod.default_group_field(d)
    assert group and fields and fields[0].startswith(f"{group}: ")
    assert not any(re.search(r"\d{2}:\d{2}", f) for f in fields)  # no completion times
    assert not any(f.split(": ", 1)[1] in row["speaker"] for f in fields)


def test_removing_a_source_is_asked_first(demo: Path) -> None:
    """"Fjern kilde" removed the preselected first source with its quotes and codings in one click, and
    Fortryd does not bring a source back; now it asks, naming the source and its quotes, as "Slet" does."""
    with Project(demo) as p:
        sources = {s.id: s.name for s in p.sources()}
        first = next(iter(sources))
        n = len(p.quotes(source_id=first))
    at = open_app(demo, "data")
    assert "Fjern kilde" not in [b.label for b in at.button]  # the popover's label, not a button that acts
    warning = next(w.value for w in at.warning if "fjernes fra projektet" in w.value)
    from focusgroup.ui.style import md

    assert md(sources[first]) in warning and f"med dens {n} citater" in warning and "kan ikke fortrydes" in warning
    with Project(demo) as p:
        assert len(p.sources()) == len(sources)  # opening the page removed nothing
    at.button(key="delete_source").click().run()
    assert not at.exception, [e.value for e in at.exception]
    with Project(demo) as p:
        assert {s.id for s in p.sources()} == set(sources) - {first}
