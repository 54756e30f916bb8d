"""The vectors the clustering sees: a focus-group turn read with the question it answers.

Two things made the sample study's two largest themes mixed (issue 18): focus-group turns clustered by
how people talk rather than what they talk about ("Ja, det var lidt kaotisk i starten", "Det er ikke
i orden", the introduction round), and a short turn means little without its question ("Jeg har heller
ikke fået noget tilbud" answers "Har nogle af jer været i praktik eller på kursus?"). So, for the
clustering only (labels, probabilities and new material keep each quote's own vector):

- each kind of text (spoken turns, written answers) is centred on its own mean and moved to the mean
  of all: the spoken register is one common direction that e5 vectors share, not a topic. A study of
  one kind (a survey, SIB-200) is unchanged.
- a transcript turn gets the moderator's question it answers mixed in, more for a turn with few
  topic-bearing words (``nonanswer.topic_words``) than for one that says what it is about.

Selected on the 122 hand-labelled focus-group turns of the sample study
(``tests/data/codebook_jobcenter_dev.csv``) with ``bench/bench_themes_context.py``; see bench/README.md.

``without_tone`` (session 15, used by ``ThemeModel.fit`` for every study): e5 vectors of short comments
group by tone ("fantastisk/sød/dejlig", "svært/dyrt") as much as by subject. The clustering sees them
centred on the study's mean and without the directions the linear sentiment model
(``models/sentiment_da``, trained on the same engine family's vectors) reads sentiment from.
Selected with ``bench/bench_themes_vectors.py`` on SIB-200 train/dev folds, the dev turns above and the
own comment corpus's dev split (``tests/data/themes``).

With the quotes' texts (session 16) the clustering vectors also lose the direction that follows a text's
length, which e5 vectors carry beside the subject: the direction of the study's centred, tone-free vectors
that covaries with its texts' log word count (``length_direction``; computed per study from its own texts,
as the mean is, with no topic or label involved). Selected on the same three sets with 7-10 seeds.

``topic_projection`` (session 19): what is left still varies within a topic nearly as much as between topics
(own dev: 5-NN topic share .458). Removing the top principal directions helped the comments but cost SIB-200
.03-.14, where the top directions are the topics. So the directions removed last are learnt from 1,709 Danish
comments written for this project and labelled by topic (``models/topic_da``, built by
``scripts/train_topic_projection.py``): those that vary most within topics relative to their variance in
all (generalized eigenvectors of the within- and total scatter). Selected on the same three sets with 10
seeds (bench/README.md "Session 19 (helper P)").
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import numpy as np

QUESTION_WEIGHT = 0.5  # a turn that names its topic: own vector + 0.5 x its question's
SHORT_QUESTION_WEIGHT = 1.0  # a turn with few topic-bearing words leans on its question as much as on itself
FEW_TOPIC_WORDS = 2
MIN_QUESTION_WORDS = 3  # "Mm." or "Okay." from the moderator asks nothing: the question before it counts
MIN_KIND_SIZE = 20  # fewer texts of a kind than this: too few for a mean worth removing


def questions(project: Any, quotes: list) -> list[str | None]:
    """The moderator's last question before each transcript turn in its source (None for survey answers,
    moderators' own turns and turns before any question). Back-channel from the moderator ("Mm.") is not
    a question: the one before it is."""
    from focusgroup.records import MODERATOR
    from focusgroup.themes.text import WORD

    out: list[str | None] = []
    asked: dict[int, list] = {}
    for q in quotes:
        if q.column is not None or q.role == MODERATOR or project is None:
            out.append(None)
            continue
        if q.source_id not in asked:
            asked[q.source_id] = [p for p in project.quotes(source_id=q.source_id, roles=[MODERATOR])
                                  if p.column is None and len(WORD.findall(p.text)) >= MIN_QUESTION_WORDS]
        before = [p for p in asked[q.source_id] if (p.turn, p.part) < (q.turn, q.part)]
        out.append(before[-1].text if before else None)
    return out


def centre_kinds(x: np.ndarray, kinds: list[str]) -> np.ndarray:
    """Each kind's vectors moved so that its mean is the mean of all, then unit length again."""
    kinds_arr = np.asarray(kinds)
    groups = [k for k in dict.fromkeys(kinds) if (kinds_arr == k).sum() >= MIN_KIND_SIZE]
    if len(groups) < 2:
        return x
    y = x.astype(np.float32, copy=True)
    mean = x.mean(axis=0)
    for k in groups:
        rows = kinds_arr == k
        y[rows] = x[rows] - x[rows].mean(axis=0) + mean
    return _unit(y)


def clustering_vectors(quotes: list, x: np.ndarray, project: Any = None, embedder: Any = None,
                       topic_words: list[int] | None = None) -> np.ndarray:
    """The vectors to cluster ``quotes`` by (``x`` their own, unit length); see the module docstring."""
    y = np.asarray(x, dtype=np.float32)
    asked = questions(project, quotes) if embedder is not None else [None] * len(quotes)
    todo = sorted({a for a in asked if a})
    if todo:
        from focusgroup.embed import embed_texts

        if topic_words is None:
            from focusgroup.themes.labels import parse

            topic_words = [n for _, n in parse([q.text for q in quotes], project)]
        qv = dict(zip(todo, embed_texts(todo, embedder, project), strict=True))
        y = y.copy()
        for i, a in enumerate(asked):
            if a:
                w = SHORT_QUESTION_WEIGHT if topic_words[i] <= FEW_TOPIC_WORDS else QUESTION_WEIGHT
                y[i] = y[i] + w * qv[a]
        y = _unit(y)
    return centre_kinds(y, ["transcript" if q.column is None else "survey" for q in quotes])


@lru_cache(maxsize=8)
def tone_directions(engine: str | None) -> np.ndarray | None:
    """Orthonormal rows spanning the directions the linear sentiment model reads (its coefficients over
    the vector, in the vectors' own scale): 2 rows for 3 classes. None when the model reads vectors of
    another engine family than ``engine``'s (tfidf, a local model) or is missing."""
    from focusgroup import paths
    from focusgroup.embed.family import same_vectors

    folder = paths.model_path("sentiment_da")
    try:
        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        arrays = np.load(folder / "model.npz")
        dim = int(cfg["emb_dim"])
        w = arrays["coef"][:, :dim] / arrays["emb_scale"]
    except (OSError, KeyError, ValueError):
        return None
    if not engine or not same_vectors(engine, cfg.get("embedder")) or not cfg["params"].get("use_embeddings", True):
        return None
    _, s, vt = np.linalg.svd(w.astype(np.float64), full_matrices=False)
    return vt[s > 1e-3 * s[0]].astype(np.float32)


def without_tone(x: np.ndarray, engine: str | None, texts: list[str] | None = None,
                 topic: bool = True) -> np.ndarray:
    """``x`` centred on its mean, without the sentiment directions (``tone_directions``), unit length;
    with ``texts`` (one per row) then also without the study's length direction (``length_direction``),
    centred and unit length again; then (``topic``) through ``with_topic_projection``. Unchanged for an
    engine the sentiment model does not read, or fewer than 3 vectors."""
    d = tone_directions(engine)
    if d is None or len(x) < 3 or x.shape[1] != d.shape[1]:
        return x
    c = x - x.mean(axis=0)
    y = _unit(c - (c @ d.T) @ d)
    if texts is not None and len(texts) == len(x):
        c = y - y.mean(axis=0)
        w = length_direction(c, texts)
        y = _unit(c - np.outer(c @ w, w))
    return with_topic_projection(y, engine) if topic else y


@lru_cache(maxsize=8)
def topic_projection(engine: str | None) -> tuple[np.ndarray, np.ndarray] | None:
    """(V, U), each d x k: the directions ``models/topic_da`` removes, as ``y = c - (c V) U'`` (V's coordinates
    set to zero, the rest kept). None when the model is missing or reads another engine family than
    ``engine``'s (tfidf, a local model): those vectors are left as they are."""
    from focusgroup import paths
    from focusgroup.embed.family import same_vectors

    folder = paths.model_path("topic_da")
    try:
        cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        arrays = np.load(folder / "projection.npz")
        v, u = arrays["v"].astype(np.float32), arrays["u"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        return None
    if not engine or not same_vectors(engine, cfg.get("embedder")) or v.shape != u.shape:
        return None
    return v, u


def with_topic_projection(z: np.ndarray, engine: str | None) -> np.ndarray:
    """``z`` centred, without the directions of ``topic_projection``, unit length (unchanged when there are
    none for ``engine``, or fewer than 3 vectors)."""
    pr = topic_projection(engine)
    if pr is None or len(z) < 3 or z.shape[1] != pr[0].shape[0]:
        return z
    c = z - z.mean(axis=0)
    return _unit(c - (c @ pr[0]) @ pr[1].T)


def left_out(engine: str | None) -> list[str]:
    """The shipped models whose directions ``without_tone`` leaves out of ``engine``'s vectors ("sentiment_da":
    the tone plane, and with it the study's length direction; "topic_da"), recorded with each run so the Word
    report's method section says what the themes were grouped by (a run from before a model says nothing of it)."""
    return [name for name, found in (("sentiment_da", tone_directions(engine)), ("topic_da", topic_projection(engine)))
            if found is not None]


def topic_training() -> tuple[int, int] | None:
    """(comments, topics) ``models/topic_da`` was learnt from, as its config.json records them (None when it is
    missing): what `focusgroup doctor` and the Word report's method section tell a reader."""
    from focusgroup import paths

    try:
        cfg = json.loads((paths.model_path("topic_da") / "config.json").read_text(encoding="utf-8"))
        files = cfg["train_files"].values()
        return sum(int(f["comments"]) for f in files), sum(int(f["topics"]) for f in files)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def length_direction(c: np.ndarray, texts: list[str]) -> np.ndarray:
    """The unit direction of the centred vectors ``c`` that covaries with the texts' log word count (zero
    when every text has the same number of words). A property of the study, computed from its own texts
    at each analysis; no topic, code or label takes part."""
    n = np.log([max(1, len(t.split())) for t in texts])
    w = c.T @ (n - n.mean())
    norm = np.linalg.norm(w)
    return w / norm if norm > 1e-9 else np.zeros_like(w)


def _unit(y: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(y, axis=1, keepdims=True)
    return (y / np.where(norms > 0, norms, 1.0)).astype(np.float32)
