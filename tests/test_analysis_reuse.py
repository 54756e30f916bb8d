"""Issue 16: re-analysing an unchanged project keeps its last run (nothing fitted, scored or embedded);
a changed setting, input or environment fits again. The researcher's edits survive both ways.

Runs counted in the project and embed calls counted through a small cacheable embedder, so the
tests take seconds (90 real survey answers: below SMALL_CORPUS, so no UMAP).
"""

from __future__ import annotations

import csv
import dataclasses
import shutil

import pytest
from test_pipeline_cache import COLUMN, CountingEmbedder

from focusgroup.config import AnalysisConfig
from focusgroup.embed.base import register
from focusgroup.records import RESPONDENT
from focusgroup.store import Project

EMB = CountingEmbedder()
register("test-counting-reuse")(lambda: EMB)
CONFIG = AnalysisConfig(embedder="test-counting-reuse", sentiment_model="afinn", roles=(RESPONDENT,))


@pytest.fixture(scope="module")
def analysed(transcripts_dir, tmp_path_factory):
    """A project of the sample survey's first 90 answers to one question, analysed once (closed)."""
    from focusgroup.pipeline import analyze_project, import_files

    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter=";") if r[COLUMN].strip()][:90]
    folder = tmp_path_factory.mktemp("reuse")
    path = folder / "svar.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Respondent", "Ydelse", COLUMN])
        w.writerows([r["Respondent"], r["Ydelse"], r[COLUMN]] for r in rows)
    with Project(folder / "p.fgproj") as p:
        import_files(p, [path], text_columns=[COLUMN], id_column="Respondent")
        analyze_project(p, CONFIG)
    return folder / "p.fgproj"


@pytest.fixture
def project(analysed, tmp_path):
    """A copy of the analysed project, open (each test edits its own)."""
    shutil.copy(analysed, tmp_path / "p.fgproj")
    with Project(tmp_path / "p.fgproj", create=False) as p:
        yield p


def _fits(monkeypatch) -> list[int]:
    """Counts ThemeModel fits from here on."""
    from focusgroup.themes.model import ThemeModel

    calls: list[int] = []
    fit = ThemeModel.fit
    monkeypatch.setattr(ThemeModel, "fit", lambda self, *a, **k: (calls.append(1), fit(self, *a, **k))[1])
    return calls


def test_unchanged_project_keeps_its_run_and_the_researchers_edits(project, monkeypatch):
    from focusgroup.pipeline import analyze_project, reusable_run
    from focusgroup.themes import edits

    run = project.latest_run_id()
    theme = project.themes(run)[0]
    edits.rename(project, theme.id, "Ventetid i telefonen")  # an edit on the run, after the analysis
    sentiments = project.sentiments()
    fits = _fits(monkeypatch)
    EMB.calls.clear()
    assert reusable_run(project, CONFIG) == run
    assert analyze_project(project, CONFIG) == run
    assert fits == [] and EMB.calls == []  # nothing fitted, nothing embedded
    assert len(project.runs()) == 1 and project.sentiments() == sentiments
    assert "Ventetid i telefonen" in {t.label for t in project.themes(run)}


def test_a_changed_setting_fits_again_and_replays_the_edits(project, monkeypatch):
    from focusgroup.pipeline import analyze_project, reusable_run
    from focusgroup.themes import edits

    run = project.latest_run_id()
    edits.rename(project, project.themes(run)[0].id, "Ventetid i telefonen")
    fits = _fits(monkeypatch)
    changed = dataclasses.replace(CONFIG, seed=7)
    assert reusable_run(project, changed) is None
    new = analyze_project(project, changed)
    assert new != run and fits == [1]
    assert "Ventetid i telefonen" in {t.label for t in project.themes(new)}  # replayed onto the new fit
    assert analyze_project(project, changed) == new and fits == [1]  # and now that one is kept
    assert analyze_project(project, changed, reuse=False) != new and fits == [1, 1]  # unless told to fit


def test_changed_inputs_or_environment_fit_again(project, monkeypatch):
    from focusgroup.pipeline import reusable_run

    run = project.latest_run_id()
    with monkeypatch.context() as m:
        m.setenv("FOCUSGROUP_SENTIMENT", "asent")  # "default" sentiment now means another model
        assert reusable_run(project, CONFIG) is None
    assert reusable_run(project, CONFIG) == run
    speaker = project.speakers()[0]
    project.set_role(speaker.id, "moderator")  # a speaker's role corrected by the researcher
    assert reusable_run(project, CONFIG) is None


def test_unchanged_outputs_are_kept_and_rewritten_after_any_change(project, tmp_path, monkeypatch):
    from focusgroup.export import _view
    from focusgroup.pipeline import write_outputs
    from focusgroup.themes import edits

    out = tmp_path / "out"
    first = write_outputs(project, out, pseudonymize=False)
    assert [p.name for p in first] == ["quotes.csv", "themes.csv"]
    built = []
    build = _view.build_view
    monkeypatch.setattr(_view, "build_view", lambda *a, **k: (built.append(1), build(*a, **k))[1])
    assert write_outputs(project, out, pseudonymize=False) == first and built == []  # kept as they are
    edits.rename(project, project.themes()[0].id, "Ventetid i telefonen")
    write_outputs(project, out, pseudonymize=False)
    assert built == [1] and "Ventetid i telefonen" in (out / "themes.csv").read_text(encoding="utf-8")
    (out / "quotes.csv").write_text("ændret", encoding="utf-8")  # a file changed by hand is written again
    write_outputs(project, out, pseudonymize=False)
    assert built == [1, 1] and (out / "quotes.csv").read_text(encoding="utf-8") != "ændret"
    write_outputs(project, tmp_path / "other", pseudonymize=False)  # another folder, or real names
    write_outputs(project, out, pseudonymize=True)
    assert built == [1, 1, 1, 1]


def test_sentiment_embeds_each_sentence_once_and_reuses_the_quote_vectors(transcripts_dir, tmp_path, monkeypatch):
    """Long turns are scored per sentence: those sentences go through the project's cache like quotes,
    a turn that is not split uses its quote vector (the one the themes embedded), and nothing is
    embedded twice, in one analysis or the next (issue 16)."""
    import numpy as np

    from focusgroup.pipeline import import_files
    from focusgroup.sentiment import score
    from focusgroup.sentiment.backends import AfinnBackend

    class Stub(AfinnBackend):  # a sentiment model reading this test's vectors
        embedder = "test-counting-reuse"

        def proba(self, texts, embeddings=None):
            assert embeddings is not None and len(embeddings) == len(texts)
            return super().proba(texts)

    monkeypatch.setattr(score, "get_backend", lambda spec=None: Stub())
    config = dataclasses.replace(CONFIG, roles=())
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        quotes = [q.text for q in p.quotes(informative=True)]
        EMB.calls.clear()
        vectors = score.encode(quotes, "test-counting-reuse", project=p)  # what the themes embed first
        score.score_project(p, config)
        texts = EMB.texts()
        assert len(texts) == len(set(texts))  # no text embedded twice
        sentences = set(texts) - set(quotes)
        assert sentences and all(any(s in q for q in quotes) for s in sentences)  # long turns' sentences
        EMB.calls.clear()
        score.score_project(p, config)
        assert EMB.calls == []  # all from the cache the first analysis filled
        assert np.allclose(vectors, score.encode(quotes, "test-counting-reuse", project=p))
