"""A batch re-run keeps the researcher's work in the project it rebuilds (``focusgroup.batch.carry``).

Before, re-running ``focusgroup batch`` into a folder (a finished run merged again, ``--restart``, a new wave)
wrote project.fgproj afresh: renames, merges, memos, codings and key quotes made in the app were gone, and
nothing said so. On the sample survey (one comment field, tfidf, chunks of 100), a project is edited through
the same functions the CLI and the app call; each re-run must give back the edited project, theme by theme
and answer by answer, or refuse before writing anything when the input no longer holds the edited answers.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.batch.carry import LostWork
from focusgroup.batch.run import run_batch
from focusgroup.cli import app
from focusgroup.export._view import TITLE_SETTING
from focusgroup.export.quotes_csv import neutralise
from focusgroup.store import Project
from focusgroup.store.coding import add_coding, codings
from focusgroup.themes import edits

BETTER = "Hvad kan jobcentret gøre bedre?"
OPTIONS = {"embedder": "tfidf", "chunk_size": 100, "sample_size": 200, "n_themes": 6, "seed": 42, "n_workers": 0,
           "pseudonymize": False}


@pytest.fixture(scope="module")
def survey(sample_survey_csv: Path) -> Path:
    return sample_survey_csv


def _theme(project: Project, label: str) -> int:
    return next(t.id for t in project.themes() if t.label == label)


@pytest.fixture(scope="module")
def edited(survey: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch folder whose project the researcher has worked in: a rename, a merge under a new name, a memo,
    two codings, a key quote and the study's title. Copy it before re-running into it."""
    out = tmp_path_factory.mktemp("edited") / "run"
    run_batch(survey, BETTER, out, **OPTIONS)
    with Project(out / "project.fgproj", create=False) as p:
        assigned = {a.theme_id for a in p.assignments(p.latest_run_id()).values()}
        big, second, third = sorted((t for t in p.themes() if t.id in assigned), key=lambda t: -t.size)[:3]
        edits.rename(p, big.id, "Mødet med jobcentret")
        edits.merge(p, [second.id, third.id], label="Sagsbehandler og hjælp")
        edits.memo(p, _theme(p, "Mødet med jobcentret"), "Se også transport")
        members = [q for q, a in p.assignments(p.latest_run_id()).items() if a.theme_id == _theme(p, "Mødet med jobcentret")]
        for q in members[:2]:
            add_coding(p, q, "Ventetid", "lone")
        edits.set_key_quote(p, members[2])
        p.set_setting(TITLE_SETTING, "Jobcenter 2021, min titel")
    return out


def _state(folder: Path) -> dict:
    """What the researcher sees: each answer's theme, each theme's label/size/memo, codings (by answer text),
    key quotes, the title; and the theme labels quotes.csv and themes.csv show."""
    with Project(folder / "project.fgproj", create=False) as p:
        run = p.latest_run_id()
        label = {t.id: t.label for t in p.themes(run)}
        text = {q.id: (q.speaker, q.text) for q in p.quotes()}
        state = {
            "answers": {text[q]: label.get(a.theme_id) for q, a in p.assignments(run).items()},
            "themes": sorted((t.label, t.size, t.memo) for t in p.themes(run)),
            "codings": sorted((text[c.quote_id], c.code, c.coder) for c in codings(p)),
            "key_quotes": sorted(text[q] for q in p.key_quotes()),
            "title": p.get_setting(TITLE_SETTING),
            "edits": [e["kind"] for e in p.edits()],
        }
    with (folder / "quotes.csv").open(encoding="utf-8-sig") as fh:
        state["csv"] = {(r["speaker"], r["text"]): r["theme_label"] for r in csv.DictReader(fh) if r["theme_label"]}
    state["themes_csv"] = (folder / "themes.csv").read_text("utf-8-sig")
    return state


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _rerun_keeps_the_work(edited: Path, survey: Path, tmp_path: Path, restart: bool) -> None:
    before = _state(edited)
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    result = run_batch(survey, BETTER, folder, restart=restart, **OPTIONS)
    after = _state(folder)
    for key in ("answers", "themes", "codings", "key_quotes", "title", "edits"):
        assert after[key] == before[key], key
    assert [t[2] for t in after["themes"] if t[0] == "Mødet med jobcentret"] == ["Se også transport"]
    # the CSVs show the edited themes (they were written before the edits, so the old folder's do not)
    assert after["csv"] == {(who, neutralise(text)): v for (who, text), v in after["answers"].items() if v}
    assert "Sagsbehandler og hjælp" in after["themes_csv"] and "Mødet med jobcentret" in after["themes_csv"]
    assert result.kept == "4 temaændring(er), 2 kodning(er), 1 nøglecitat(er)"
    assert result.warnings == []


def test_a_finished_folder_merged_again_keeps_the_researchers_work(edited: Path, survey: Path, tmp_path: Path) -> None:
    _rerun_keeps_the_work(edited, survey, tmp_path, restart=False)


@pytest.mark.slow
def test_a_restart_keeps_the_researchers_work(edited: Path, survey: Path, tmp_path: Path) -> None:
    _rerun_keeps_the_work(edited, survey, tmp_path, restart=True)


def _without_rows(survey: Path, path: Path, drop: range | list[int]) -> Path:
    raw = survey.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=";"))
    with path.open("w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([r for i, r in enumerate(rows) if i == 0 or i - 1 not in drop])
    return path


def _respondents_of(folder: Path) -> list[str]:
    """The respondents whose answers the work names (coded ones and the key quote)."""
    with Project(folder / "project.fgproj", create=False) as p:
        ids = [c.quote_id for c in codings(p)] + sorted(p.key_quotes())
        return [q.speaker.split()[-1] for q in p.quotes(ids=ids)]


def test_an_input_without_the_edited_answers_is_refused_and_nothing_is_written(edited: Path, survey: Path,
                                                                                tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    raw = list(csv.reader(io.StringIO(survey.read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    wanted = set(_respondents_of(folder))
    gone = range(min(i - 1 for i, r in enumerate(raw) if r[0] in wanted), len(raw))  # the coded answers and on
    other = _without_rows(survey, tmp_path / "fewer.csv", gone)
    files = _files(folder)
    with pytest.raises(LostWork) as info:
        run_batch(other, BETTER, folder, restart=True, **OPTIONS)
    assert str(folder / "project.fgproj") in str(info.value) and "2 kodning(er)" in str(info.value)
    assert _files(folder) == files  # --restart did not even clear the checkpoint
    res = CliRunner().invoke(app, ["batch", str(other), "-t", BETTER, "-o", str(folder), "--embedder", "tfidf",
                                   "--chunk-size", "100", "--restart", "--real-names"])
    assert res.exit_code == 2, res.output
    assert "--drop-lost-edits" in res.output and "Intet er skrevet" in res.output
    assert _files(folder) == files


@pytest.mark.slow
def test_drop_lost_edits_rebuilds_and_says_what_was_dropped(edited: Path, survey: Path, tmp_path: Path) -> None:
    """The researcher's choice: the work on answers still in the file is carried, the rest named; a rename whose
    theme is gone is reported in analyze's words ("temaet findes ikke længere") and stays in the log."""
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    with Project(folder / "project.fgproj", create=False) as p:
        theme = _theme(p, "Mødet med jobcentret")
        members = {q for q, a in p.assignments(p.latest_run_id()).items() if a.theme_id == theme}
        renamed = {q.speaker.split()[-1] for q in p.quotes(ids=sorted(members))}
    raw = list(csv.reader(io.StringIO(survey.read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    other = _without_rows(survey, tmp_path / "fewer.csv", [i - 1 for i, r in enumerate(raw) if r[0] in renamed])
    result = run_batch(other, BETTER, folder, restart=True, drop_lost_edits=True, **OPTIONS)
    after = _state(folder)
    assert "Mødet med jobcentret" not in [t[0] for t in after["themes"]]
    assert "Sagsbehandler og hjælp" in [t[0] for t in after["themes"]]  # the merge still applies
    assert after["codings"] == [] and after["key_quotes"] == []
    assert any("omdøbning til 'Mødet med jobcentret': temaet findes ikke længere" in w for w in result.warnings)
    assert any("2 kodning(er), 1 nøglecitat(er)" in w for w in result.warnings)
    assert after["edits"] == ["rename", "merge", "memo", "key"] and after["title"] == "Jobcenter 2021, min titel"


@pytest.mark.slow
def test_a_new_wave_keeps_the_work_on_the_answers_already_there(edited: Path, survey: Path, tmp_path: Path) -> None:
    """A second wave appended to the file: every edited answer is still there (other quote ids, found by
    respondent, question and text), so nothing is refused and the codings stay on the same answers."""
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    before = _state(folder)
    raw = list(csv.reader(io.StringIO(survey.read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    wave = [[str(90_000_000 + i), *r[1:]] for i, r in enumerate(raw[1:61])]
    path = tmp_path / "to_boelger.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(raw[:1] + wave + raw[1:])  # the new rows first
    result = run_batch(path, BETTER, folder, restart=True, **OPTIONS)
    after = _state(folder)
    assert after["codings"] == before["codings"] and after["key_quotes"] == before["key_quotes"]
    assert "Mødet med jobcentret" in [t[0] for t in after["themes"]]
    assert after["title"] == "Jobcenter 2021, min titel"
    # The new wave refits the themes; at default threads (not at one) one merge's two themes became one, which
    # the replay reports as analyze does: a replay warning, never a refusal or lost work.
    assert all(w.startswith("redigering") for w in result.warnings), result.warnings


@pytest.mark.slow
def test_a_pseudonymised_rerun_writes_the_researchers_labels(edited: Path, survey: Path, tmp_path: Path) -> None:
    """The pseudonymiser tags the researcher's labels too (they are text a person wrote) in the project being
    built: the first version tagged them through the project it had just closed and the merge failed."""
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    run_batch(survey, BETTER, folder, **OPTIONS | {"pseudonymize": True})
    with Project(folder / "project.fgproj", create=False) as p:
        size = next(t.size for t in p.themes() if t.label == "Mødet med jobcentret")
    with (folder / "quotes.csv").open(encoding="utf-8-sig") as fh:
        labels = [r["theme_label"] for r in csv.DictReader(fh)]
    assert labels.count("Mødet med jobcentret") == size > 0
    assert "Mødet med jobcentret" in (folder / "themes.csv").read_text("utf-8-sig")


def test_a_file_imported_into_the_batch_project_is_refused_not_dropped(edited: Path, survey: Path, tmp_path: Path,
                                                                        transcripts_dir: Path) -> None:
    """A focus group imported into the batch project in the app: batch builds the project from its input alone, so
    a re-run would drop the transcript with everything on it. It says so and writes nothing."""
    from focusgroup.pipeline import import_files

    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    with Project(folder / "project.fgproj", create=False) as p:
        import_files(p, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
    files = _files(folder)
    with pytest.raises(LostWork) as info:
        run_batch(survey, BETTER, folder, **OPTIONS)
    assert "fokusgruppe_2_kontanthjaelp.txt" in str(info.value) and "Intet er skrevet" in str(info.value)
    assert _files(folder) == files


def test_another_id_column_names_other_respondents_and_is_refused(edited: Path, survey: Path, tmp_path: Path) -> None:
    """The same file read with another respondent column: the answers are the same text but other respondents
    ("Respondent 31015477" -> "02-11-2020 10:36"), so the work would land on no answer; it is refused, not
    dropped quietly as a same-file re-run."""
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    files = _files(folder)
    with pytest.raises(LostWork, match="2 kodning"):
        run_batch(survey, BETTER, folder, restart=True, id_column="Afsluttet", **OPTIONS)
    assert _files(folder) == files


def test_an_edit_made_while_batch_merges_is_not_lost(edited: Path, survey: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The researcher renames a theme in the app after batch read the project's work but before the swap: the
    swap would drop that rename. Batch stops without replacing the project; running it again carries the rename."""
    import focusgroup.batch.output as output

    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    relabel = output._relabel

    def rename_meanwhile(*args: object) -> None:
        relabel(*args)
        with Project(folder / "project.fgproj", create=False) as p:
            edits.rename(p, _theme(p, "Sagsbehandler og hjælp"), "Kontakt og hjælp")

    monkeypatch.setattr(output, "_relabel", rename_meanwhile)
    with pytest.raises(LostWork, match="ikke skiftet ud"):
        run_batch(survey, BETTER, folder, **OPTIONS)
    monkeypatch.setattr(output, "_relabel", relabel)
    assert "Kontakt og hjælp" in [t[0] for t in _state(folder)["themes"]]  # the old project, with the new edit
    result = run_batch(survey, BETTER, folder, **OPTIONS)
    assert "Kontakt og hjælp" in [t[0] for t in _state(folder)["themes"]]
    assert result.kept.startswith("5 temaændring(er)")


def test_a_title_given_to_the_rerun_wins_over_the_carried_one(edited: Path, survey: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(edited, folder)
    run_batch(survey, BETTER, folder, title="Ledighedsundersøgelse 2021", **OPTIONS)
    state = _state(folder)
    assert state["title"] == "Ledighedsundersøgelse 2021" and "Mødet med jobcentret" in [t[0] for t in state["themes"]]
