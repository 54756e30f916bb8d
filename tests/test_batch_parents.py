"""Batch projects have parent themes, made by analyze's own path (themes.describe.label_and_group).

A batch project had leaves only, so the app's parent view and the exports' parent columns were empty for
exactly the large surveys. The fit on the sample now groups and labels its themes as analyze does: on a
sample that holds every answer, analysing the batch project again gives the same leaves, labels and
parents; the parents' figures count every assigned answer; the xlsx export shows them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from test_batch_run import COL, _CountingEmbedder

from focusgroup.batch.run import run_batch
from focusgroup.store import Project


@pytest.fixture(scope="module")
def small(transcripts_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample survey's first 200 answers (all in batch's sample: the fit sees what analyze sees)."""
    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    path = tmp_path_factory.mktemp("parents") / "svar.csv"
    with survey.open(encoding="cp1252", newline="") as src, path.open("w", encoding="utf-8", newline="") as dst:
        csv.writer(dst).writerows(row for _, row in zip(range(201), csv.reader(src, delimiter=";"), strict=False))
    return path


def _tree(project: Project) -> dict[frozenset[str], tuple[str, str]]:
    """Each leaf (its quotes' texts) -> (its label, its parent's label or "")."""
    from focusgroup.themes.state import RunState

    run = project.latest_run_id()
    state = RunState.load(project, run)
    labels = {t.id: t.label for t in project.themes(run)}
    text = {q.id: q.text for q in project.quotes()}
    return {frozenset(text[q] for q in state.members(k)): (t.label, labels.get(t.parent_id, ""))
            for k, t in state.themes.items()}


def test_batch_parents_are_analyzes_and_reach_the_xlsx(small: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import base
    from focusgroup.export.registry import export_project
    from focusgroup.pipeline import analyze_project

    seen: list[str] = []
    monkeypatch.setitem(base._REGISTRY._items, "test-count", lambda: _CountingEmbedder(seen))  # removed after
    config = AnalysisConfig(embedder="test-count", sentiment_model="asent", n_themes=8, roles=("respondent",))
    result = run_batch(small, COL, tmp_path / "b", n_workers=0, chunk_size=70, sample_size=500, config=config)
    with Project(result.outputs["project"], create=False) as project:
        run = project.latest_run_id()
        themes = project.themes(run)
        parents = [t for t in themes if any(c.parent_id == t.id for c in themes)]
        leaves = [t for t in themes if t not in parents]
        assert len(parents) >= 2 and len(leaves) >= 6
        assignments = project.assignments(run)
        speaker = {q.id: q.speaker for q in project.quotes()}
        for p in parents:  # figures over every assigned answer of its children, as analyze counts them
            children = {c.id for c in leaves if c.parent_id == p.id}
            assert len(children) >= 2 and p.label and p.label not in {c.label for c in leaves}
            members = [q for q, a in assignments.items() if a.theme_id in children]
            assert p.size == len(members) == sum(c.size for c in leaves if c.id in children)
            assert p.n_speakers == len({speaker[q] for q in members})
            assert p.description.startswith("Overordnet tema: ")
            assert len(p.representative_quote_ids) == len(children)
        batch = _tree(project)
        # every answer was stored by this run: none is new material for `theme assign` / the app (the run used to
        # record last_quote_id 0, so the app's Analyse page ran the non-answer rules over every quote per redraw)
        from focusgroup.themes.assign import new_quotes

        assert next(r for r in project.runs() if r["id"] == run)["params"]["last_quote_id"] == project.last_quote_id()
        assert new_quotes(project, run) == []
        xlsx = export_project(project, "xlsx", tmp_path / "b.xlsx")
        analyze_project(project, config, reuse=False)
        analysed = _tree(project)
    assert analysed == batch  # the same leaves, labels and parents as analyze's own run
    rows = list(openpyxl.load_workbook(xlsx)["Oversigt"].iter_rows(min_row=5, values_only=True))  # row 4: the header
    shown = {r[0]: r[1] for r in rows if r[0]}
    assert {label: parent for label, parent in batch.values()} == {k: v or "" for k, v in shown.items()}
    codebook = [r for r in openpyxl.load_workbook(xlsx)["Kodebog"].iter_rows(values_only=True)]
    assert {p.label for p in parents} <= {r[0] for r in codebook}
    csv_rows = list(csv.DictReader(result.outputs["themes"].open(encoding="utf-8-sig")))
    assert sum(r["level"] == "overtema" for r in csv_rows) == len(parents)


def test_batch_parents_are_described_in_the_callers_language(small: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The fit runs in a thread beside the embedding (batch/earlyfit.py); it sees the caller's
    ``messages.language`` block, so an English run stores English parent descriptions."""
    from focusgroup import messages
    from focusgroup.config import AnalysisConfig
    from focusgroup.embed import base

    monkeypatch.setitem(base._REGISTRY._items, "test-count", lambda: _CountingEmbedder([]))  # removed after
    config = AnalysisConfig(embedder="test-count", sentiment_model="asent", n_themes=8, roles=("respondent",))
    with messages.language("en"):
        result = run_batch(small, COL, tmp_path / "en", n_workers=0, chunk_size=70, sample_size=500, config=config)
    with Project(result.outputs["project"], create=False) as project:
        described = [t.description for t in project.themes() if t.description]
    assert described and all(d.startswith("Parent theme: ") for d in described)
