"""Aggregates: Wilson intervals on known counts, shares per group, and the satisfaction table,
on hand-made tables and on a real project built from the sample survey."""

from __future__ import annotations

import pandas as pd
import pytest
from _sentiment_table import sentiment_table

from focusgroup.config import AnalysisConfig
from focusgroup.records import Assignment, Theme
from focusgroup.sentiment import aggregate as agg
from focusgroup.sentiment.score import score_project, score_texts
from focusgroup.stats.satisfaction import ALL_THEMES, negative_table


@pytest.mark.parametrize(("k", "n", "lo", "hi"), [
    (5, 10, 0.2366, 0.7634),
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (1, 1, 0.2065, 1.0),
    (30, 100, 0.2189, 0.3958),
])
def test_wilson_interval_known_values(k, n, lo, hi):
    got = agg.wilson_interval(k, n)
    assert got == pytest.approx((lo, hi), abs=1e-4)


def test_wilson_interval_empty_group():
    assert agg.wilson_interval(0, 0) == (0.0, 1.0)


def _table() -> pd.DataFrame:
    return sentiment_table()


def test_shares_counts_and_intervals():
    s = agg.by_group(_table(), "Ydelse").set_index("Ydelse")
    assert s.loc["x", "n"] == 10 and s.loc["x", "n_negativ"] == 8
    assert s.loc["x", "share_negativ"] == pytest.approx(0.8)
    assert (s.loc["x", "ci_low_negativ"], s.loc["x", "ci_high_negativ"]) == pytest.approx(agg.wilson_interval(8, 10))
    assert s.loc["y", "n_positiv"] == 7 and len(s.loc["y", "quote_ids"]) == 8
    assert agg.by_theme(_table()).set_index("theme_label").loc["B", "n"] == 2


def test_missing_group_column_names_it():
    with pytest.raises(KeyError, match="Kommune"):
        agg.by_group(_table(), "Kommune")


KEYWORD_THEMES = {"Breve": ("brev",), "Jobklub": ("jobklub",), "Sagsbehandler": ("sagsbehandler",)}


@pytest.fixture(scope="module")
def survey_project(tmp_path_factory, transcripts_dir):
    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not survey.is_file():
        pytest.skip("sample survey not present")
    from focusgroup.ingest import read_file
    from focusgroup.store import Project

    project = Project(tmp_path_factory.mktemp("sent") / "survey.fgproj")
    for parsed in read_file(survey):
        project.add_parsed(parsed)
    # Keyword themes stand in for BERTopic (minutes) so the test exercises the real store round trip.
    run = project.start_run({"test": "keyword themes"})
    ids = project.save_themes(run, [Theme(label=name, keywords=list(kw)) for name, kw in KEYWORD_THEMES.items()])
    by_label = dict(zip(KEYWORD_THEMES, ids, strict=True))
    assignments = []
    for q in project.quotes(informative=True):
        hit = next((name for name, kws in KEYWORD_THEMES.items() if any(k in q.text.lower() for k in kws)), None)
        assignments.append(Assignment(q.id, by_label[hit] if hit else None))
    project.save_assignments(run, assignments)
    project.finish_run(run)
    saved = score_project(project, AnalysisConfig(sentiment_model="asent"))
    yield project, saved
    project.close()


def test_score_project_saves_one_sentiment_per_modelled_quote(survey_project):
    project, saved = survey_project
    stored = project.sentiments()
    informative = project.quotes(informative=True)
    assert len(saved) == len(stored) == len([q for q in informative if q.text.strip()])
    assert {s.model for s in stored.values()} == {"asent_da_v1"}
    labels = {s.label for s in stored.values()}
    assert labels == {"negativ", "neutral", "positiv"}


def test_real_survey_aggregates_and_ranking(survey_project):
    project, _ = survey_project
    df = agg.quote_frame(project)
    assert {"Ydelse", "Aldersgruppe", "Bølge", "theme_label"} <= set(df.columns)
    wave = agg.by_wave(df).set_index("Bølge")
    assert set(wave.index) == {"2020", "2021"} and wave["n"].sum() == len(df)
    assert agg.by_source(df)["n"].sum() == len(df)
    ranked = negative_table(df, "Aldersgruppe", min_n=5).cells
    assert not ranked.empty and (ranked["n"] >= 5).all()
    assert list(ranked["ci_low"]) == sorted(ranked["ci_low"], reverse=True)
    by_id = df.set_index("quote_id")
    for _, cell in ranked[ranked["theme"] != ALL_THEMES].head(3).iterrows():
        rows = by_id.loc[cell["quote_ids"]]
        assert (rows["theme_label"] == cell["theme"]).all() and len(rows) == cell["n"]
        assert by_id.loc[cell["example_quote_id"], "text"] == cell["example"]


def test_default_model_finds_older_respondents_more_critical_of_letters(survey_project):
    """transcripts/README.md: letters are criticised far more by 50-59 and 60+ than by 18-29."""
    project, _ = survey_project
    df = agg.quote_frame(project)
    letters = df[df["theme_label"] == "Breve"].copy()
    scored = score_texts(list(letters["text"]))
    letters["sentiment"] = [lab for lab, _, _ in scored]
    letters["sentiment_score"] = [s for _, s, _ in scored]
    letters["age"] = letters["Aldersgruppe"].map(lambda a: "50+" if a in {"50-59", "60+"} else a)
    shares = agg.shares(letters, "age").set_index("age")
    assert shares.loc["50+", "share_negativ"] > shares.loc["18-29", "share_negativ"] + 0.2


@pytest.mark.slow
def test_score_project_with_the_default_model(survey_project):
    project, _ = survey_project
    saved = score_project(project, AnalysisConfig())
    assert {s.model for s in saved} == {"focusgroup-sentiment-da-v1"}
    ranked = negative_table(agg.quote_frame(project), "Ydelse", min_n=5).cells
    assert not ranked.empty and ranked.iloc[0]["n_negative"] > 0
