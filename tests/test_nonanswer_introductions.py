"""A focus group's round of introductions forms no theme (issue 18, session 18): on make demo the participants'
self-presentations ("Jonas. Seks måneder.", "Jeg hedder Sanne, og det er to år nu.") made the theme
"Kontanthjælp" (11 of its 12 quotes) and most of "Sygdom". They are who is in the group, not a finding: like
non-answers they stay in the project without a theme. A presentation that speaks of the job centre stays."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from focusgroup.store import Project

FILES = ("fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
         "brugerundersoegelse_2020_2021.xlsx")


@pytest.fixture()
def study(tmp_path: Path, transcripts_dir: Path) -> Project:
    from focusgroup.ingest import read_file

    p = Project(tmp_path / "intro.fgproj")
    for name in FILES:
        for parsed in read_file(transcripts_dir / name):
            p.add_parsed(parsed)
    return p


def _who(p: Project, ids: set[int]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for q in p.quotes(ids=sorted(ids)):
        out.setdefault(q.source_name.split("_")[1], set()).add(q.speaker)
    return out


def test_each_groups_round_of_introductions_and_nothing_else(study: Project) -> None:
    from focusgroup.themes.nonanswer import introductions

    ids = introductions(study.quotes())
    assert _who(study, ids) == {
        # Deltager 4 stays: "Jeg blev sagt op fra et kontorjob på kommunen" names the municipality
        "1": {"Deltager 1", "Deltager 2", "Deltager 3", "Deltager 5", "Deltager 6"},
        "2": {"Kim", "Sanne", "Ahmed", "Jonas", "Bente"},
        "3": {"Maria Nielsen", "Peter Sørensen", "Hanne Lund", "Thomas Berg", "Fatima Ali"},
    }
    texts = {q.id: q.text for q in study.quotes(ids=sorted(ids))}
    assert len(ids) == 15 and all(len(t.split()) <= 60 for t in texts.values())
    assert not any("kommunen" in t for t in texts.values())
    assert all(q.role == "participant" and not q.column for q in study.quotes(ids=sorted(ids)))
    # the turn after the round is the talk itself ("Øh, den første ting, der skete, var, at jeg fik et brev")
    later = [q for q in study.quotes() if not q.column and q.id not in ids and q.role == "participant"]
    assert any("første ting, der skete" in q.text for q in later)


def test_a_presentation_that_speaks_of_the_job_centre_stays(study: Project) -> None:
    from focusgroup.themes.nonanswer import introductions

    quotes = study.quotes()
    jonas = next(q for q in quotes if q.text.startswith("Jonas. Seks måneder."))
    told = replace(jonas, text=jonas.text + " Og min sagsbehandler har aldrig ringet tilbage.")
    ids = introductions([told if q.id == jonas.id else q for q in quotes])
    assert jonas.id not in ids and len(ids) == 14
    # without the moderator's request there is no round
    no_request = [replace(q, text="Hvordan var den første kontakt?") if q.role == "moderator" else q for q in quotes]
    assert not introductions(no_request)
    # nor is a name said in passing, or a round that asks for content
    for said in ("Jeres navn kommer ikke med i rapporten. Hvordan var det første møde?",
                 "Skal vi tage en runde om, hvad I synes om jobcentret?",
                 "Der sidder en repræsentant fra jobcentret med i dag. Hvad husker I fra starten?"):
        assert not introductions([replace(q, text=said) if q.role == "moderator" else q for q in quotes]), said


def test_the_analysis_leaves_the_round_out(study: Project) -> None:
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes import select_quotes
    from focusgroup.themes.nonanswer import introductions

    chosen = {q.id for q in select_quotes(study, AnalysisConfig())}
    intros = introductions(study.quotes())
    assert not chosen & intros
    assert any(q.text.startswith("Jeg hedder Sanne") for q in study.quotes(ids=sorted(intros)))
    assert len(chosen) > 600  # the survey answers and the rest of the talk are still modelled
