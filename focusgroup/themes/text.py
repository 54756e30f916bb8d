"""Lemma strings and stop words for keyword extraction, from the Danish layer when it is there.

Keywords are counted on lemmas so "sagsbehandleren" and "sagsbehandlere" count as one word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_-]+\b"


# Transcriber notes such as "(griner)" or "[utydeligt]" are not what people said.
NOTE = re.compile(r"[(\[][^)\]\n]{1,40}[)\]]")


# Nouns of idioms that only agree or hedge ("i hvert fald", "i orden"): "fald" was a keyword of make demo's
# first-meeting theme. The same words name no topic in themes/nonanswer.py.
IDIOM_NOUNS = frozenset({"fald", "orden"})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from focusgroup.nlp import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | IDIOM_NOUNS


def _fallback(texts: list[str]) -> list[str]:
    return [" ".join(m.group(0) for m in WORD.finditer(t.lower())) for t in texts]


# Bump when the text preparation before lemmatising changes, so old cached lemmas are not reused.
PREPARATION = "notes-stripped;lemma-repairs;lemma-choice;capitals;noun-endings"  # nlp.components: _choose, capitals, _NOUN_ENDINGS


def _pipeline_id() -> str:
    """Which Danish pipeline lemmatises, without loading it (the lemma cache key)."""
    from focusgroup.nlp.loader import candidates

    cand = next(c for c in candidates() if c.available)
    return f"{cand.kind}:{cand.location}:{PREPARATION}"


def _lemmatize(texts: list[str]) -> list[str]:
    from focusgroup.nlp import lemmatize_texts

    texts = [NOTE.sub(" ", t) for t in texts]
    try:
        lemmas = lemmatize_texts(texts)
    except Exception:  # the Danish layer must never stop theme discovery
        return _fallback(texts)
    out = []
    for item in lemmas:
        words = item.split() if isinstance(item, str) else [str(w) for w in item]
        out.append(" ".join(w.lower() for w in words if WORD.fullmatch(w.lower() or "")))
    return out


def lemma_strings(texts: list[str], project: Any = None) -> list[str]:
    """One space-joined lemma string per text (lower case), for the CountVectorizer.

    Lemmatising is the slowest step after embedding, so with a project the lemmas are cached per
    (pipeline, text hash) like embeddings are.
    """
    if project is None or not texts:
        return _lemmatize(list(texts))
    from focusgroup.embed import text_hash

    pipeline = _pipeline_id()
    hashes = [text_hash(t) for t in texts]
    unique = dict(zip(hashes, texts, strict=True))
    found = project.cached_lemmas(pipeline, list(unique))
    missing = [h for h in unique if h not in found]
    if missing:
        new = dict(zip(missing, _lemmatize([unique[h] for h in missing]), strict=True))
        project.cache_lemmas(pipeline, new)
        found.update(new)
    return [found[h] for h in hashes]


# Spoken openings a shortened quote should not start with.
LEADING_FILLERS = frozenset("øh øhm æh ehm jamen altså ja nej jo nå okay ok men og så tja hmm mm".split())


def quote_label(texts: list[str], used: set[str], max_words: int) -> str:
    """The most representative quote, shortened to its first Danish words ("Jeg ringede flere gange …")."""
    from focusgroup.nlp import STOP_WORDS
    from focusgroup.nlp.words import is_danish_word

    for text in texts:
        words = WORD.findall(NOTE.sub(" ", text))
        while words and words[0].lower() in LEADING_FILLERS:
            words = words[1:]
        keep: list[str] = []
        for i, w in enumerate(words[:max_words]):
            if (i and w[:1].isupper()) or not is_danish_word(w.lower()):
                break  # a capital inside the sentence is likely a name; unknown words may be misspelt
            keep.append(w if i == 0 or any(ch.isupper() for ch in w[1:]) else w.lower())
        if any(w.lower() not in STOP_WORDS for w in keep):
            label = " ".join(keep) + (" …" if len(keep) < len(words) else "")
            if label.casefold() not in used:
                return label
    n = 2
    while f"tema {n}" in used:
        n += 1
    return f"Tema {n}"
