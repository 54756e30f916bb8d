"""The NER runs once per text: PER spans cached per process and in the project (migration 8).

The transformer NER is the costliest step of pseudonymisation (57% of ``analyze`` when it ran twice per
quote). ``cached_spans`` answers from this process's memory, then from the project's ``ner_spans``
table (keyed by the NER model's identity and the text's SHA-256), and runs the model only on what
neither holds, storing the result in both. Texts an export joins for one detection pass (``SEGMENT``
between them) are tagged piece by piece, so a quote joined into an export batch hits the spans the
quote got alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Protocol

# Blank lines around an invisible separator: no name spans it (export._pseudo joins texts with it).
SEGMENT = "\n\n\u2063\n\n"
Spans = list[tuple[int, int]]
_CACHE: dict[tuple[str, str], Spans] = {}  # (NER model id, text) -> PER spans, this process
_LIMIT = 200_000


class NerSpanStore(Protocol):
    """Where spans outlive the process (``store.Project`` has both methods)."""

    def cached_ner_spans(self, model: str, hashes: Iterable[str]) -> dict[str, Spans]: ...
    def cache_ner_spans(self, model: str, spans: dict[str, Spans]) -> None: ...


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def segments(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of a text joined with ``SEGMENT`` (the whole text when it holds none)."""
    if SEGMENT not in text:
        return [(0, text)]
    out, pos = [], 0
    for piece in text.split(SEGMENT):
        out.append((pos, piece))
        pos += len(piece) + len(SEGMENT)
    return out


def _one_word(piece: str) -> bool:
    stripped = piece.strip()
    return bool(stripped) and not any(c.isspace() for c in stripped)


def cached_spans(texts: list[str], model: str, store: NerSpanStore | None, run: Callable[[list[str]], list[Spans]]) -> list[Spans]:
    """Spans per text, running ``run`` (the NER) only on pieces neither cache holds.

    One-word pieces of a joined text (theme labels, keywords, survey cells) are tagged together, as one
    joined piece: a word alone tells the model nothing, and the CNN calls a lone "Breve" a person."""
    split = [_group_words(segments(t)) for t in texts]
    need = list(dict.fromkeys(seg for segs in split for _, seg in segs if (model, seg) not in _CACHE))
    if need and store is not None:
        hashes = {text_hash(t): t for t in need}
        for h, spans in store.cached_ner_spans(model, hashes).items():
            _remember(model, hashes[h], spans)
        need = [t for t in need if (model, t) not in _CACHE]
    if need:
        found = run(need)
        for text, spans in zip(need, found, strict=True):
            _remember(model, text, spans)
        if store is not None:
            store.cache_ner_spans(model, {text_hash(t): sp for t, sp in zip(need, found, strict=True)})
    return [[(off + a, off + b) for off, seg in segs for a, b in _CACHE[(model, seg)]] for segs in split]


def _group_words(segs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Consecutive one-word pieces merged back into one piece (with their separators)."""
    if len(segs) < 2:
        return segs
    out: list[tuple[int, str]] = []
    run: list[tuple[int, str]] = []
    for off, piece in [*segs, (-1, "")]:
        if off >= 0 and _one_word(piece):
            run.append((off, piece))
            continue
        if run:
            out.append((run[0][0], SEGMENT.join(p for _, p in run)))
            run = []
        if off >= 0:
            out.append((off, piece))
    return out


def _remember(model: str, text: str, spans: Spans) -> None:
    if len(_CACHE) >= _LIMIT:
        _CACHE.clear()  # bounded; the project's store keeps them anyway
    _CACHE[(model, text)] = [(int(a), int(b)) for a, b in spans]


def remember(model: str, spans: dict[str, Spans], store: NerSpanStore | None = None) -> None:
    """Spans of whole texts known without running the NER here (batch's tagger thread: the answers whose
    windows got no PER tag have none), for ``cached_spans`` to find, in this process and in ``store``.
    A text holding ``SEGMENT`` is skipped: ``cached_spans`` keys its pieces, not it."""
    spans = {t: sp for t, sp in spans.items() if SEGMENT not in t}
    for text, sp in spans.items():
        _remember(model, text, sp)
    if store is not None and spans:
        store.cache_ner_spans(model, {text_hash(t): sp for t, sp in spans.items()})


def clear_span_cache() -> None:
    """Forget this process's spans (tests; a new process starts empty)."""
    _CACHE.clear()


def prefetch(texts: list[str], store: NerSpanStore | None) -> int:
    """Start tagging, in a background thread, the e5 NER windows of the pieces of ``texts`` that neither
    cache holds (``nlp.e5_ner_prefetch``), so that the pseudonymised outputs find them tagged. Same spans
    (a window's tags depend on its words only); returns the number of windows started (0: none, e.g. with
    the small CNN NER, which has no such pass). The pseudonymiser's own cache key and texts are used."""
    from focusgroup.nlp import e5_ner_prefetch, load_pipeline
    from focusgroup.privacy.person_spans import precise_ner, spans_model

    nlp = load_pipeline()
    if not precise_ner(nlp):  # not the e5 NER
        return 0
    model = spans_model(nlp)  # the pseudonymiser's key (Pseudonymizer._ner_spans)
    need = list(dict.fromkeys(seg for t in texts for _, seg in _group_words(segments(t)) if (model, seg) not in _CACHE))
    if need and store is not None:
        hashes = {text_hash(t): t for t in need}
        for h, spans in store.cached_ner_spans(model, hashes).items():
            _remember(model, hashes[h], spans)
        need = [t for t in need if (model, t) not in _CACHE]
    if not need:
        return 0
    return e5_ner_prefetch.start(nlp.get_pipe("ner").tagger, (nlp.make_doc(t) for t in need))
