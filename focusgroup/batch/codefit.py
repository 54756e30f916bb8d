"""A codebook's codes as batch's themes (``focusgroup batch --codebook``), fitted on the sample.

``focusgroup analyze --codebook`` gives every quote the code that stands out most above that code's mean
similarity over the corpus, or "Andet" (``themes.guided.zero_shot``): the codes' centroids are refined on the
corpus and centred by their mean over it, so the choice needs the whole corpus at once. Batch does what it
does for clustering: the corpus is the representative sample. The codes are refined and centred there
(``guided.fit_codes``, the very function ``match_codes`` uses), the sample's answers get their code exactly
as ``match_codes`` gives it on the sample, and every other answer is scored with the same centroids and
means by ``FittedThemes.assign`` (``offsets``, ``other``), chunk by chunk, on any worker. A sample that holds
every informative answer gives analyze's choice on the same vectors. Survey answers have no turn before them
and no moderator's question, so the context and question terms of ``match_codes`` do not apply.

The themes are the codes some sampled answer got, in the codebook's order, then "Andet": labels and
descriptions are the codebook's (locked, as analyze locks them), keywords and parent themes come from
analyze's ``describe`` functions on the sample, as for clustered themes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from focusgroup.batch.themefit import N_REPRESENTATIVE, FittedThemes, ParentSummary, TopicSummary


def codebook_fingerprint(path: str | None) -> str | None:
    """sha256 of the codebook's bytes, for the checkpoint (other codes: another run), after reading its codes:
    a missing or empty codebook is the ``CodebookError`` analyze gives, before anything is written."""
    if not path:
        return None
    from focusgroup.batch.reader import file_sha256
    from focusgroup.ingest.codebook import read_codebook

    read_codebook(path)
    return file_sha256(Path(path))


def fit_codebook(texts: list[str], vectors: np.ndarray, quote_numbers: list[int], codes: list[tuple[str, str]],
                 embedder: Any, cache: Any = None) -> FittedThemes:
    """The sample's answers to the codes (``embedder``: the run's ``ChunkEmbedder``, so the codes share the
    answers' vector space, a TF-IDF fitted on the sample included); ``cache`` as in ``fit_themes``."""
    from focusgroup.embed import embed_texts
    from focusgroup.themes import guided
    from focusgroup.themes.nonanswer import non_answers, plain_key

    empty = non_answers(texts, cache) if texts else []  # as analyze's select_quotes: no code, no "Andet"
    left_out = {int(q): -1 for q, e in zip(quote_numbers, empty, strict=True) if e}
    empty_keys = sorted({plain_key(t) for t, e in zip(texts, empty, strict=True) if e})
    keep = [i for i, e in enumerate(empty) if not e]
    texts, vectors, quote_numbers = [texts[i] for i in keep], vectors[keep], [int(quote_numbers[i]) for i in keep]
    other = len(codes)
    if not texts:
        return FittedThemes(fixed=left_out, log=["no informative answers in the sample"], empty=empty_keys,
                            other=other)
    code_texts = [guided.code_text(n, d) for n, d in codes]
    if embedder.cacheable:  # embedded and cached as analyze embeds the codes (into the project at the merge)
        code_vecs = embed_texts(code_texts, embedder.backend, cache)
    else:  # corpus-fitted vectors (TF-IDF): the transform fitted on the sample
        code_vecs = embedder.encode(code_texts)
    centroids, mean = guided.fit_codes(vectors, np.asarray(code_vecs, dtype=np.float32))
    fitted = FittedThemes(centroids=centroids, floors=np.full(len(codes), guided.THRESHOLD, dtype=np.float32),
                          offsets=np.asarray(mean, dtype=np.float32), keys=list(range(len(codes))), other=other,
                          empty=empty_keys)
    short = np.array([fitted.to_other(t) for t in texts])
    topics, _ = fitted.assign(vectors, np.ones(len(texts), dtype=bool),
                              {i: other for i in np.flatnonzero(short).tolist()})
    fitted.fixed = {q: int(t) for q, t in zip(quote_numbers, topics, strict=True)} | left_out
    present = [c for c in range(len(codes)) if (topics == c).any()]
    # only the codes some sampled answer got, as analyze makes no theme of a code no quote got
    fitted.keys, fitted.centroids = present, centroids[present]
    fitted.floors, fitted.offsets = fitted.floors[present], fitted.offsets[present]
    fitted.log = [{"codebook": len(codes), "codes_in_sample": len(present), "non_answers_left_out": len(left_out)}]
    names = [*codes, (guided.OTHER_LABEL, guided.OTHER_DESCRIPTION)]
    _describe(fitted, [k for k in [*present, other] if (topics == k).any()], topics, texts, vectors,
              quote_numbers, names, embedder, cache)
    return fitted


def _describe(fitted: FittedThemes, order: list[int], topics: np.ndarray, texts: list[str], vectors: np.ndarray,
              quote_numbers: list[int], names: list[tuple[str, str]], embedder: Any, cache: Any) -> None:
    """Topics and parents of the fit, by analyze's ``describe`` functions on the sample's answers."""
    from focusgroup.batch.themefit import _phrase_embed
    from focusgroup.records import RESPONDENT, Quote, Theme
    from focusgroup.themes.assign import theme_centroids
    from focusgroup.themes.describe import ctfidf_keywords, label_and_group
    from focusgroup.themes.state import RunState
    from focusgroup.themes.text import lemma_strings

    centroids, _ = theme_centroids(vectors, [int(t) for t in topics])
    lemmas = lemma_strings(texts, cache)
    rows = {k: np.flatnonzero(topics == k) for k in order}
    keywords = ctfidf_keywords({k: [lemmas[i] for i in rows[k]] for k in order})
    state = RunState(run_id=0)
    members: dict[int, list[int]] = {}
    orders: dict[int, np.ndarray] = {}
    for k in order:  # in the codebook's order, as analyze adds its code themes
        orders[k] = rows[k][np.argsort(-(vectors[rows[k]] @ centroids[k]), kind="stable")]
        members[k] = sorted(quote_numbers[i] for i in rows[k])
        state.themes[k] = Theme(label=names[k][0], keywords=keywords.get(k, []), topic=k, size=len(rows[k]),
                                description=names[k][1],
                                representative_quote_ids=[quote_numbers[i] for i in orders[k][:N_REPRESENTATIVE]])
        state.locked.add(k)  # the codebook's names stay, as in analyze
    quotes = {q: Quote(text=t, start=0, end=len(t), speaker=str(q), role=RESPONDENT, id=q, source_id=1)
              for q, t in zip(quote_numbers, texts, strict=True)}
    label_and_group(state, members, quotes, centroids, _phrase_embed(embedder.backend, cache))
    for k in order:
        theme = state.themes[k]
        fitted.topics.append(TopicSummary(
            topic=k, label=theme.label, keywords=theme.keywords[:10], sample_size=len(rows[k]),
            representative=list(theme.representative_quote_ids), description=theme.description,
            parent=None if theme.parent_id is None else -1 - theme.parent_id))
    fitted.parents = [ParentSummary(p.label, p.keywords, p.description, [int(q) for q in p.representative_quote_ids])
                      for p in state.parents]
