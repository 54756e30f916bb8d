"""Exports of the bundled sample study, imported with the real ingest (docx, txt, vtt, survey csv)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from focusgroup.export import build_view, export_project
from focusgroup.records import Assignment, Sentiment, Theme
from focusgroup.refi_qda import read_qdpx
from focusgroup.store import Project

FILES = [
    "fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
    "brugerundersoegelse_2020_2021.csv",
]
WORDS = {"Kontakt": ("sagsbehandler", "ringe"), "Kurser": ("kursus", "kurser", "cv"), "Helbred": ("ryg", "helbred")}


@pytest.fixture(scope="module")
def sample(transcripts_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Project:
    from focusgroup.ingest import read_file

    paths = [transcripts_dir / f for f in FILES]
    if not all(p.exists() for p in paths):
        pytest.skip("sample data not present")
    p = Project(tmp_path_factory.mktemp("sample") / "jobcenter.fgproj")
    for path in paths:
        for parsed in read_file(path):
            p.add_parsed(parsed)
    # Keyword themes stand in for BERTopic (slow): what matters here is the export of real quotes.
    run = p.start_run({"method": "keywords (test)", "embedder": "none"})
    ids = p.save_themes(run, [Theme(label, list(words)) for label, words in WORDS.items()])
    # Not every participant/respondent quote has a theme: the exports must show those too.
    assignments, sentiments = [], []
    for q in p.quotes(informative=True, roles=["participant", "respondent"]):
        low = q.text.lower()
        hit = next((i for i, ws in enumerate(WORDS.values()) if any(w in low for w in ws)), None)
        if hit is not None:
            assignments.append(Assignment(q.id, ids[hit], 0.9))
            label = "negativ" if any(w in low for w in ("ikke", "aldrig", "dårlig")) else "neutral"
            sentiments.append(Sentiment(q.id, label, -0.5 if label == "negativ" else 0.0, "test"))
    p.save_assignments(run, assignments)
    p.save_sentiments(sentiments)
    p.finish_run(run)
    yield p
    p.close()


def _check_qdpx(view, out: Path, shared_dir: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(shared_dir / "standards/refi-qda/Project.xsd")))
    with zipfile.ZipFile(out) as zf:
        assert schema.validate(etree.fromstring(zf.read("project.qde"))), schema.error_log
    back = read_qdpx(out)
    assert len(back.sources) == 4 and len(back.selections) == len(view.quotes) > 1000
    assert sorted(s.text for s in back.selections) == sorted(q.text for q in view.quotes)
    assert sorted(s.text for s in back.sources) == sorted(s.text for s in view.sources)
    # Survey background fields arrive as variables; the satisfaction score is numeric.
    survey_case = next(c for c in back.cases if "Ydelse" in c.variables)
    assert isinstance(survey_case.variables["Samlet tilfredshed"], int)
    assert survey_case.variables["Ydelse"] in {"dagpenge", "kontanthjælp", "sygedagpenge", "jobafklaringsforløb",
                                               "ressourceforløb", "uddannelseshjælp", "ledighedsydelse"}


def test_sample_qdpx_with_real_names_validates_and_round_trips(
    sample: Project, tmp_path: Path, shared_dir: Path
) -> None:
    out = export_project(sample, "qdpx", tmp_path / "jobcenter.qdpx", real_names=True)
    view = build_view(sample, real_names=True)
    _check_qdpx(view, out, shared_dir)
    # Real names: the exported sources are the stored texts, byte for byte.
    assert {s.text for s in view.sources} == {s.text for s in sample.sources()}


@pytest.mark.slow  # pseudonymising 1,200 quotes takes ~1 min on the 2-core box (see bench/README.md)
def test_sample_pseudonymised_exports(sample: Project, tmp_path: Path, shared_dir: Path) -> None:
    from focusgroup.export.xlsx import write_xlsx
    from focusgroup.refi_qda import write_qdpx

    view = build_view(sample)
    shown = " ".join([q.speaker for q in view.quotes] + [s.text for s in view.sources])
    for name in ("Sanne", "Ahmed", "Fatima Ali", "Peter Sørensen"):
        assert name not in shown, name
    _check_qdpx(view, write_qdpx(view, tmp_path / "pseudo.qdpx"), shared_dir)
    assert write_xlsx(view, tmp_path / "pseudo.xlsx").stat().st_size > 10_000
