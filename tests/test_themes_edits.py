"""Researcher control that survives re-analysis, assigning new material, and the theme commands."""

from __future__ import annotations

import pytest
from _themes_data import sib_rows, stratified, survey_source
from typer.testing import CliRunner

from focusgroup.config import AnalysisConfig
from focusgroup.store import Project
from focusgroup.themes import analyze, edits
from focusgroup.themes.assign import assign_new

TOPICS = ["sports", "health", "politics", "travel", "geography"]
CFG = AnalysisConfig(embedder="tfidf")


@pytest.fixture
def project(shared_dir, tmp_path):
    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    p = Project(tmp_path / "p.fgproj")
    p.add_parsed(survey_source("svar.csv", texts))
    analyze(p, CFG)
    yield p
    p.close()


def _leaves(p: Project):
    themes = p.themes()
    parents = {t.parent_id for t in themes}
    return sorted((t for t in themes if t.id not in parents), key=lambda t: -t.size)


def _members(p: Project, theme_id: int) -> set[int]:
    return {q for q, a in p.assignments().items() if a.theme_id == theme_id}


def _theme_of(p: Project, quote_id: int):
    a = p.assignments()[quote_id]
    return next((t for t in p.themes() if t.id == a.theme_id), None), a


def test_edits_survive_reanalysis(project):
    p = project
    big, b, c, d = _leaves(p)[:4]
    b_c = _members(p, b.id) | _members(p, c.id)
    edits.rename(p, big.id, "Sport og konkurrence")
    edits.memo(p, big.id, "Vigtigt for rapporten")
    edits.merge(p, [b.id, c.id], label="Samlet tema")
    moved = sorted(_members(p, d.id))[0]
    edits.move(p, [moved], None)
    target_quote = sorted(_members(p, big.id))[0]
    other = sorted(_members(p, b.id))[0]
    edits.move(p, [other], big.id)
    edits.set_key_quote(p, target_quote)
    before = {t.label for t in p.themes()}
    assert {"Sport og konkurrence", "Samlet tema"} <= before

    run = analyze(p, CFG)  # re-analysis: a new run, edits replayed
    assert p.latest_run_id() == run
    assert p.get_setting(f"themes.run.{run}")["edit_warnings"] == []
    renamed = next(t for t in p.themes() if t.label == "Sport og konkurrence")
    assert renamed.memo == "Vigtigt for rapporten"
    assert renamed.representative_quote_ids[0] == target_quote  # the key quote leads
    merged = next(t for t in p.themes() if t.label == "Samlet tema")
    assert b_c - {other} <= _members(p, merged.id)
    theme, a = _theme_of(p, moved)
    assert theme is None and a.by == "researcher"
    theme, a = _theme_of(p, other)
    assert theme.id == renamed.id and a.by == "researcher"


def test_split_is_replayed_with_the_same_groups(project):
    p = project
    big = _leaves(p)[0]
    n_before = len(_leaves(p))
    edits.split(p, big.id, 2)
    after = _leaves(p)
    assert len(after) == n_before + 1
    parts = sorted(len(_members(p, t.id)) for t in after)
    analyze(p, CFG)
    assert sorted(len(_members(p, t.id)) for t in _leaves(p)) == parts


def test_edit_errors_are_plain(project):
    with pytest.raises(ValueError, match="findes ikke"):
        edits.rename(project, 99999, "x")
    with pytest.raises(ValueError, match="to"):
        edits.merge(project, [_leaves(project)[0].id])


def test_new_material_is_assigned_without_refitting(project, shared_dir):
    p = project
    themes_before = {(t.id, t.label) for t in _leaves(p)}
    run = p.latest_run_id()
    old = p.quotes()
    new_texts = [t for t, _ in stratified(sib_rows(shared_dir, "test"), 2, TOPICS)] + [old[0].text]
    p.add_parsed(survey_source("bølge2.csv", new_texts, first_respondent=100))
    out = assign_new(p)
    assert len(out) == len(new_texts) and p.latest_run_id() == run
    assert {(t.id, t.label) for t in _leaves(p)} == themes_before  # same themes, nothing refitted
    a = p.assignments()
    copy = next(q for q in p.quotes() if q.source_name == "bølge2.csv" and q.text == old[0].text)
    assert a[copy.id].theme_id == a[old[0].id].theme_id  # an identical answer joins the same theme
    assert sum(t.size for t in _leaves(p)) == sum(1 for x in a.values() if x.theme_id is not None)
    assert assign_new(p) == []  # nothing new left


def test_theme_commands(project):
    from focusgroup.cli import app

    path = str(project.path)
    tid = _leaves(project)[0].id
    runner = CliRunner()
    res = runner.invoke(app, ["theme", "rename", path, str(tid), "Ventetid på svar"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["themes", path])
    assert res.exit_code == 0 and "Ventetid på svar" in res.output
    res = runner.invoke(app, ["theme", "move", path, "1"])
    assert res.exit_code != 0 and "--to" in res.output
    res = runner.invoke(app, ["theme", "rename", path, "99999", "x"])
    assert res.exit_code != 0 and "findes ikke" in res.output


def test_quotes_the_analysis_left_out_are_not_new_material(tmp_path, transcripts_dir):
    """After analysing a transcript, its short turns and non-answers ("Ja.", "Nej, det gjorde det ikke")
    were offered as 'new quotes since the analysis' and `theme assign` put them into themes. Only quotes
    of sources imported later are new, and of those only what the analysis would have modelled."""
    from focusgroup.ingest import read_file
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.assign import new_quotes

    with Project(tmp_path / "t.fgproj") as p:
        for parsed in read_file(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"):
            p.add_parsed(parsed)
        run = analyze(p, CFG)
        modelled = {q.id for q in select_quotes(p, CFG)}
        informative = {q.id for q in p.quotes(informative=True, roles=CFG.roles)}
        assert informative - modelled  # the transcript has turns the analysis leaves out on purpose
        assert new_quotes(p) == [] and assign_new(p) == []
        wave2 = ["Jobklubben har hjulpet mig meget med at skrive ansøgninger", "Ja.",
                 "Jeg venter altid alt for længe i telefonen når jeg ringer", "Ikke noget særligt"]
        p.add_parsed(survey_source("bølge2.csv", wave2, first_respondent=200))
        new = new_quotes(p)
        assert sorted(q.text for q in new) == sorted(wave2[::2])  # not "Ja." nor the non-answer
        assert len(assign_new(p)) == 2 and p.latest_run_id() == run
        assert new_quotes(p) == []
