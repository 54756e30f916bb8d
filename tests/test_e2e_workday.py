"""A researcher's working day in a real headless Chromium (issue 17): the overview's counts are the CLI's,
a theme opens by its name, a merge asks first and can be undone, two key quotes in a row stay the ones
clicked, and a compound search finds its words and codes the hits to a theme."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from _keyword_themes import keyword_run
from test_e2e_browser import CHROMIUM, REPO, _nav, _no_exception, _settle, _shot, browser_page, running_app

from focusgroup.store import Project

pytestmark = pytest.mark.e2e

FILES = [REPO / "transcripts" / "fokusgruppe_2_kontanthjaelp.txt", REPO / "transcripts" / "brugerundersoegelse_2020_2021.csv"]
THEMES = {"Sagsbehandleren": ("sagsbehandler",), "Telefonen": ("telefon",), "Breve": ("brev",),
          "Jobklubben": ("jobklub",), "Møder": ("møde",)}


@pytest.fixture()
def workday(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on a focus group and the survey with keyword themes and lexicon sentiment (seconds to build)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.pipeline import import_files
    from focusgroup.sentiment.score import score_project
    from focusgroup.themes.describe import describe_state
    from focusgroup.themes.state import RunState

    if not CHROMIUM.exists() or not all(f.exists() for f in FILES):
        pytest.skip("chromium or the sample files are missing")
    pytest.importorskip("playwright.sync_api")
    path = tmp_path / "dag.fgproj"
    with Project(path) as project:
        import_files(project, FILES, text_columns=["Hvad kan jobcentret gøre bedre?"])
        keyword_run(project, THEMES, {"embedder": "tfidf", "group_by": "Ydelse"},
                    roles=("participant", "respondent"))
        run = project.latest_run_id()
        state = RunState.load(project, run)
        for key in state.themes:
            state.locked.add(key)  # keep the keyword labels
        describe_state(project, state)
        state.save(project)
        score_project(project, AnalysisConfig(sentiment_model="asent"))
    with running_app(path, tmp_path) as base:
        yield base, path


def _leaves(p: Project) -> list:
    themes = p.themes()
    parents = {t.parent_id for t in themes}
    return [t for t in themes if t.id not in parents]


def _eventually(check, timeout: float = 120) -> None:  # noqa: ANN001 - a no-argument predicate
    """Poll the project until ``check()`` holds: the page writes in its own run, on a loaded machine."""
    deadline = time.time() + timeout
    while not check():
        assert time.time() < deadline, "the page's write did not reach the project in time"
        time.sleep(1)


def _choose(page, chooser, label: str) -> None:  # noqa: ANN001 - playwright objects
    """Pick ``label`` in a multiselect and wait until its chip shows: typing into the select while it
    re-renders (twice seen on a loaded clean clone) loses the text or the Enter, so the option is clicked
    and the chosen chip, not the keystrokes, decides whether to try again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    box = chooser.locator("input")
    chip = chooser.locator("[data-tag]:visible", has_text=label).first
    option = page.get_by_role("option", name=re.compile("^" + re.escape(label)))
    for _ in range(4):
        try:
            box.click()
            box.press_sequentially(label)
            option.first.click(timeout=15_000)
            expect(chip).to_be_visible(timeout=15_000)
            break
        except (PlaywrightTimeout, AssertionError):
            page.keyboard.press("Escape")
            _settle(page)
    expect(chip).to_be_visible()
    page.keyboard.press("Escape")  # close the list so it does not cover the button below
    _settle(page)


def _n_leaves(path: Path) -> int:
    with Project(path) as proj:
        return len(_leaves(proj))


def _key_ids(page) -> list[int]:  # noqa: ANN001
    """Quote ids of the key-quote checkboxes on the page, top to bottom (Streamlit's st-key-* classes)."""
    out = []
    for el in page.locator("[class*='st-key-w_key_']").all():
        m = re.search(r"st-key-w_key_(\d+)", el.get_attribute("class") or "")
        if m:
            out.append(int(m.group(1)))
    return out


def test_a_working_day_in_the_browser(workday: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    from focusgroup.stats import counts as counting

    base, path = workday
    with Project(path) as proj:
        figures = counting.from_project(proj)
        biggest = max(_leaves(proj), key=lambda t: t.size)
    with browser_page(base, "/overview", height=1000, timeout=90_000) as page:

        # 1. the overview's counts are the statistics module's (as `focusgroup info`, the xlsx and the report)
        expect(page.locator("[data-testid=stMetric]").nth(3)).to_be_visible(timeout=180_000)
        expect(page.locator("[data-testid=stDataFrame]")).to_be_visible(timeout=180_000)
        _settle(page)
        metrics = {m.locator("[data-testid=stMetricLabel]").inner_text().strip():
                   m.locator("[data-testid=stMetricValue]").inner_text().strip()
                   for m in page.locator("[data-testid=stMetric]").all()}
        assert metrics["Kilder"] == str(figures.sources)
        assert metrics["Deltagere"] == str(figures.participants)
        assert metrics["Citater"] == str(figures.quotes)
        assert metrics["Temaer"] == str(figures.themes)
        _shot(page, "day_1_overview")

        # 2. a click on the theme's name (not the row checkbox) opens it
        grid = page.locator("[data-testid=stDataFrame]").bounding_box()
        page.mouse.click(grid["x"] + 160, grid["y"] + 52)  # first row, the label cell
        page.wait_for_url("**/theme", timeout=90_000)
        _settle(page)
        expect(page.locator(".fg-hero h1", has_text=biggest.label)).to_be_visible()

        # 3. merge asks first, then undo brings both themes back
        with Project(path) as proj:
            before = sorted((t.id, t.label) for t in _leaves(proj))
        other = next(label for _, label in before if label != biggest.label)
        page.get_by_text("Redigér tema").click()
        chooser = page.locator("[data-testid=stMultiSelect]", has_text="Læg sammen med")
        expect(chooser).to_be_visible()
        _choose(page, chooser, other)
        _shot(page, "day_2_choose")
        confirm = page.get_by_text("Disse 2 temaer lægges sammen")
        for _ in range(3):  # a click that lands while the page reruns after the choice is lost: click again
            page.get_by_role("button", name="Læg sammen", exact=True).click()
            _settle(page)
            try:
                expect(confirm).to_be_visible(timeout=20_000)
                break
            except AssertionError:
                _shot(page, "day_2_confirm_retry")
        expect(confirm).to_be_visible()
        with Project(path) as proj:
            assert sorted((t.id, t.label) for t in _leaves(proj)) == before  # nothing merged yet
        page.get_by_role("button", name="Ja, læg 2 temaer sammen").click()
        _eventually(lambda: _n_leaves(path) == len(before) - 1)
        expect(page.get_by_text("Temaerne er lagt sammen.")).to_be_visible()  # the page's rerun after the merge
        _settle(page)
        page.wait_for_timeout(2000)
        _shot(page, "day_2_merged")
        undo = page.locator("[data-testid=stSidebar]").get_by_role("button", name="Fortryd")
        expect(undo).to_be_enabled()
        undo.click()
        try:
            _eventually(lambda: _n_leaves(path) == len(before), timeout=45)
        except AssertionError:  # a click that landed while the page was still redrawing: click once more
            _settle(page)
            undo.click()
            _eventually(lambda: _n_leaves(path) == len(before))
        _shot(page, "day_2_undo")
        _settle(page)
        with Project(path) as proj:
            assert sorted((t.id, t.label) for t in _leaves(proj)) == before
        _no_exception(page)

        # 4. two key quotes in a row: each click marks the quote it was on
        page.goto(base + "/theme")
        _settle(page)
        order = _key_ids(page)
        assert len(order) >= 3
        boxes = page.get_by_role("checkbox", name="Nøglecitat")
        boxes.nth(1).click(force=True)
        _eventually(lambda: order[1] in Project(path).key_quotes())
        _settle(page)
        boxes.nth(2).click(force=True)
        _eventually(lambda: order[2] in Project(path).key_quotes())
        _settle(page)
        assert _key_ids(page) == order  # the list did not move under the mouse
        with Project(path) as proj:
            assert {order[1], order[2]} <= proj.key_quotes()
        _shot(page, "day_3_key_quotes")

        # 5. a compound search finds telefontid/telefonkø and codes the hits to a theme
        _nav(page, "Søg")
        box = page.get_by_label("Søgeord")
        box.fill("telefon")
        box.press("Enter")
        expect(page.locator(".fg-card mark").first).to_be_visible(timeout=240_000)  # the index lemmatises once
        _settle(page)
        marks = {m.inner_text().lower() for m in page.locator(".fg-card mark").all()}
        assert any(m.startswith("telefon") and m != "telefon" for m in marks), marks
        _shot(page, "day_4_search")
        with Project(path) as proj:
            target = next(t for t in _leaves(proj) if t.label == "Breve")
        page.locator("[data-testid=stSelectbox]", has_text="Kod alle fund til tema").click()
        page.get_by_role("option", name="Breve").click()
        _settle(page)
        page.get_by_role("button", name="Kod", exact=True).click()  # opens the count of quotes that would move
        page.get_by_role("button", name=re.compile(r"^Ja, flyt [\d.]+ citater$")).click()
        _settle(page)
        _eventually(lambda: any(a.by == "researcher" for a in Project(path).assignments().values()))
        expect(page.get_by_text(re.compile(r"citater er kodet til »Breve«"))).to_be_visible()
        with Project(path) as proj:
            coded = [q for q, a in proj.assignments().items() if a.theme_id == target.id and a.by == "researcher"]
            texts = {q.id: q.text.lower() for q in proj.quotes(ids=coded)}
        assert coded and all("telefon" in texts[q] for q in coded)
        _no_exception(page)
