"""End to end in a real headless Chromium: upload a transcript, analyse, open a theme, edit, export.

Runs the app exactly as users get it (``streamlit run app.py``) and drives it like a researcher would.
Screenshots of each step go to tests/_artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from _keyword_themes import keyword_run

from focusgroup.cli.webapp import streamlit_command
from focusgroup.coding import review
from focusgroup.coding.agreement import project_agreement
from focusgroup.store import Project
from focusgroup.store import coding as store

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "_artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TRANSCRIPT = REPO / "transcripts" / "fokusgruppe_2_kontanthjaelp.txt"
NEW_LABEL = "Kontakt med sagsbehandleren (redigeret)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(project: Path, folder: Path, wait: float = 180) -> Iterator[str]:
    """``focusgroup app`` (the same Streamlit command) on ``project``; yields its base URL, stops it after."""
    port = _free_port()
    cmd = streamlit_command(project, port, "127.0.0.1", headless=True)  # what `focusgroup app` runs
    log = (folder / "streamlit.log").open("w")
    proc = subprocess.Popen(cmd, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + wait
        while True:
            try:
                urllib.request.urlopen(base + "/_stcore/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError((folder / "streamlit.log").read_text()) from None
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium)")
    pytest.importorskip("playwright.sync_api")
    if not TRANSCRIPT.exists():
        pytest.skip("sample transcript not generated")
    project = tmp_path / "e2e.fgproj"
    Project(project).close()
    with running_app(project, tmp_path) as base:
        yield base, project


def _settle(page, timeout: float = 60) -> None:  # noqa: ANN001 - playwright Page
    """Wait until Streamlit has finished the current run (no skeletons, no running indicator)."""
    deadline = time.time() + timeout
    page.wait_for_selector("[data-testid=stSidebar]", timeout=timeout * 1000)
    while time.time() < deadline:
        page.wait_for_timeout(400)
        if page.locator("[data-testid=stSkeleton]").count() == 0 and \
                page.locator("[data-testid=stStatusWidget]").count() == 0:
            break
    page.wait_for_timeout(400)


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"e2e_{name}.png"), full_page=True)


def _no_exception(page) -> None:  # noqa: ANN001
    errors = page.locator("[data-testid=stException]")
    assert errors.count() == 0, errors.first.inner_text()


@contextmanager
def browser_page(base: str, first: str, height: int = 1800, timeout: int = 60_000) -> Iterator:
    """Debian Chromium (never a downloaded browser) on ``base + first``, settled, with no exception shown."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": height}, accept_downloads=True)
            page.set_default_timeout(timeout)
            page.goto(base + first)
            _settle(page, 180)
            _no_exception(page)
            yield page
        finally:
            browser.close()


def _nav(page, title: str) -> None:  # noqa: ANN001
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=title, exact=True).click()
    _settle(page)


def test_upload_analyse_open_theme_edit_and_export(server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    base, project = server
    with browser_page(base, "/data", height=1800, timeout=60_000) as page:

        # 1. upload a transcript: the app says what it found and proposes the moderator
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(TRANSCRIPT))
        expect(page.get_by_text("Transskription:")).to_be_visible(timeout=120_000)
        _settle(page)
        _shot(page, "1_upload")
        page.get_by_role("button", name="Importér 1 fil(er)").click()
        expect(page.get_by_text("Kilder i projektet")).to_be_visible(timeout=120_000)
        _settle(page)
        _no_exception(page)
        with Project(project) as proj:
            assert [s.name for s in proj.sources()] == [TRANSCRIPT.name]

        # 2. run the analysis (tfidf: fast on one transcript) with visible progress
        _nav(page, "Analyse")
        page.locator("[data-testid=stSelectbox]", has_text="Sprogmodel").click()
        page.get_by_role("option", name="tfidf").click()
        _settle(page)
        page.get_by_role("button", name="Kør analysen").click()
        expect(page.get_by_text("Analysen kører")).to_be_visible(timeout=30_000)
        _shot(page, "2_running")
        expect(page.get_by_text(re.compile("Analysen er færdig|Analysen fejlede"))).to_be_visible(timeout=600_000)
        _settle(page)
        _shot(page, "3_done")
        _no_exception(page)
        failed = page.get_by_text("Analysen fejlede")
        assert failed.count() == 0, failed.first.inner_text()

        # 3. the overview lists the themes; open the theme page and see its quotes
        _nav(page, "Temaer")
        expect(page.locator("[data-testid=stDataFrame]")).to_be_visible(timeout=60_000)
        _shot(page, "4_overview")
        grid = page.locator("[data-testid=stDataFrame]").bounding_box()
        page.mouse.click(grid["x"] + 15, grid["y"] + 52)  # the first theme row's selection cell
        page.wait_for_url("**/theme", timeout=60_000)
        _settle(page)
        _nav(page, "Temaer")  # coming back stays on the overview (the click is not replayed)
        page.wait_for_timeout(1500)
        assert page.url.endswith("/overview")
        _nav(page, "Tema")
        cards = page.locator(".fg-card")
        expect(cards.first).to_be_visible(timeout=60_000)
        assert cards.count() >= 1
        _shot(page, "5_theme")
        with Project(project) as proj:
            assert proj.themes()
            quotes = {" ".join(q.text.split()) for q in proj.quotes()}
        first = cards.first.locator(".fg-text").inner_text()
        assert " ".join(first.split()) in quotes  # the card shows the stored quote, word for word

        # 4. rename the theme: saved at once, shown at once
        page.get_by_text("Redigér tema").click()
        name = page.get_by_label("Navn", exact=True)
        name.fill(NEW_LABEL)
        page.get_by_role("button", name="Gem navn og memo").click()
        expect(page.locator(".fg-hero h1", has_text=NEW_LABEL)).to_be_visible(timeout=120_000)
        _settle(page)
        _shot(page, "6_renamed")
        with Project(project) as proj:
            assert NEW_LABEL in {t.label for t in proj.themes()}

        # 5. running it again unchanged keeps the run (nothing computed); fitting again on request keeps
        # the researcher's label
        _nav(page, "Analyse")
        page.get_by_role("button", name="Kør analysen").click()
        expect(page.get_by_text("Intet er ændret siden sidste analyse")).to_be_visible(timeout=60_000)
        _shot(page, "6b_kept")
        with Project(project) as proj:
            assert len(proj.runs()) == 1
        page.get_by_text("Beregn temaerne forfra").click()
        _settle(page)
        page.get_by_role("button", name="Kør analysen").click()
        expect(page.get_by_text("Analysen kører")).to_be_visible(timeout=30_000)  # not the first run's result
        expect(page.get_by_text(re.compile("Analysen er færdig|Analysen fejlede"))).to_be_visible(timeout=600_000)
        assert page.get_by_text("Analysen fejlede").count() == 0
        with Project(project) as proj:
            assert len(proj.runs()) == 2
            assert NEW_LABEL in {t.label for t in proj.themes()}

        # 6. export: the Excel download is a real workbook, and pseudonymised by default
        _nav(page, "Eksport")
        expect(page.get_by_role("button", name="Hent .xlsx")).to_be_visible(timeout=60_000)
        _shot(page, "7_export")
        with page.expect_download(timeout=180_000) as info:
            page.get_by_role("button", name="Hent .xlsx").click()
        content = Path(info.value.path()).read_bytes()
        assert info.value.suggested_filename == "e2e.xlsx"
        names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        assert "xl/workbook.xml" in names
        with page.expect_download(timeout=180_000) as info:
            page.get_by_role("button", name="Hent .csv").click()
        csv_text = Path(info.value.path()).read_text(encoding="utf-8-sig")
        assert NEW_LABEL in csv_text
        _no_exception(page)



SURVEY = REPO / "transcripts" / "brugerundersoegelse_2020_2021.csv"
KEYWORD_THEMES = {"Breve": ("brev",), "Jobklub": ("jobklub",), "Sagsbehandler": ("sagsbehandler",)}


@pytest.fixture()
def survey_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app on the sample survey with keyword themes and lexicon sentiment (seconds, not minutes)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.ingest import read_file
    from focusgroup.sentiment import question
    from focusgroup.sentiment.score import score_project
    from focusgroup.store.findings import Reply, save_replies

    if not CHROMIUM.exists() or not SURVEY.exists():
        pytest.skip("chromium or the sample survey is missing")
    pytest.importorskip("playwright.sync_api")
    path = tmp_path / "survey.fgproj"
    with Project(path) as project:
        for parsed in read_file(SURVEY, text_columns=["Hvad fungerer godt?", "Hvad kan jobcentret gøre bedre?"]):
            project.add_parsed(parsed)
        keyword_run(project, KEYWORD_THEMES, {"group_by": "Ydelse"})
        score_project(project, AnalysisConfig(sentiment_model="asent"))
        question.score_non_answers(project)
        ring = next(q for q in project.quotes() if q.text.startswith("ring til mig på"))
        save_replies(project, [Reply(ring.id, True, "beder om kontakt", 0.9)])
    with running_app(path, tmp_path) as base:
        yield base, path


def test_satisfaction_page_cells_open_their_quotes_and_replies_can_be_unticked(
        survey_server: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    base, path = survey_server
    with Project(path) as proj:
        texts = {" ".join(q.text.split()) for q in proj.quotes()}
    with browser_page(base, "/overview", height=1600, timeout=60_000) as page:
        _nav(page, "Tilfredshed")
        expect(page.get_by_text("Hvor er tilfredsheden lavest, og for hvem?")).to_be_visible(timeout=120_000)
        expect(page.locator("[data-testid=stDataFrame]").first).to_be_visible(timeout=120_000)
        cards = page.locator(".fg-card")
        expect(cards.first).to_be_visible(timeout=60_000)
        _no_exception(page)
        _shot(page, "sat_1_cells")
        assert " ".join(cards.first.locator(".fg-text").inner_text().split()) in texts
        picker = page.get_by_role("combobox", name="Vis citaterne i cellen")
        expect(picker).to_have_value(re.compile(r"^1\. "))
        # click the second row of the ranked table: its cell's quotes open below
        grid = page.locator("[data-testid=stDataFrame]").first.bounding_box()
        page.mouse.click(grid["x"] + 15, grid["y"] + 52 + 35)
        _settle(page)
        expect(picker).to_have_value(re.compile(r"^2\. "), timeout=60_000)
        expect(cards.first).to_be_visible(timeout=60_000)
        _shot(page, "sat_2_second_cell")
        page.get_by_role("tab", name="Varmekort").click()
        expect(page.locator("[data-testid=stPlotlyChart]").first).to_be_visible(timeout=60_000)
        page.get_by_role("tab", name="Kræver svar").click()
        card = page.locator(".fg-card", has_text="ring til mig på")
        expect(card).to_be_visible(timeout=60_000)
        _shot(page, "sat_3_replies")
        page.get_by_role("checkbox", name="Kræver svar").first.click(force=True)
        _settle(page)
        _no_exception(page)
        from focusgroup.store.findings import replies

        with Project(path) as proj:
            flags = [r for r in replies(proj).values() if r.by == "researcher"]
        assert len(flags) == 1 and not flags[0].needs_reply


def test_code_two_quotes_accept_a_suggestion_and_see_kappa(server: tuple[str, Path]) -> None:
    """Coding page: code two quotes, accept a suggestion with the A key, re-code one, see Cohen's kappa."""
    from playwright.sync_api import expect

    from focusgroup.pipeline import import_files

    base, project = server
    with Project(project) as proj:
        import_files(proj, [TRANSCRIPT])
        run = proj.start_run({"embedder": "tfidf"})  # suggestions on fast vectors; no theme analysis needed
        proj.finish_run(run)
    with browser_page(base, "/coding", height=1800, timeout=60_000) as page:
        _nav(page, "Kodning")
        page.get_by_label("Dit navn som koder").fill("Anna")
        page.get_by_label("Dit navn som koder").press("Enter")
        _settle(page)
        for needle, code in (("Jeg har prøvet at ringe ti gange", "Telefonisk kontakt"),
                             ("Jeg forstår ikke halvdelen", "Breve og sprog")):
            chooser = page.locator("[data-testid=stMultiSelect]", has_text="Citater")
            chooser.click()
            page.keyboard.type(needle)
            page.get_by_role("option", name=re.compile(re.escape(needle))).click()
            page.keyboard.press("Escape")
            page.get_by_label("… eller en ny kode").fill(code)
            page.get_by_label("… eller en ny kode").press("Enter")
            _settle(page)
            page.get_by_role("button", name="Kod de valgte citater").click()
            _settle(page)
            _no_exception(page)
        _shot(page, "8_coded")
        with Project(project) as proj:
            mine = store.codings(proj, coder="Anna")
        assert sorted(c.code for c in mine) == ["Breve og sprog", "Telefonisk kontakt"]  # one quote each
        page.get_by_role("tab", name="Forslag").click()
        page.get_by_role("button", name="Foreslå koder").click()
        expect(page.get_by_role("button", name="Acceptér (A)")).to_be_visible(timeout=120_000)
        _settle(page)
        _shot(page, "9_suggestion")
        with Project(project) as proj:
            first = review.open_suggestions(proj)[0]
        page.locator(".fg-card").first.click()  # focus the page, not a text field
        page.keyboard.press("a")  # accept with the keyboard
        _settle(page)
        with Project(project) as proj:
            assert store.coding(proj, first.id).status == "active"
        page.get_by_role("tab", name="Forslag").click()
        page.get_by_role("button", name="Brug anden kode").click()
        _settle(page)
        page.get_by_role("tab", name="Enighed").click()
        table = page.locator("[data-testid=stDataFrame]", has=page.locator("th", has_text="Cohens κ"))
        expect(table.first).to_be_visible(timeout=60_000)  # the grid draws on a canvas; its header is in the DOM
        _settle(page)
        _shot(page, "10_agreement")
        with Project(project) as proj:
            report = project_agreement(proj, ("Anna", store.MACHINE_CODER))
        assert report.overall.n == 2
        _no_exception(page)
