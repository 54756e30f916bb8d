"""Lemma strings and stop words for keyword extraction, from the Danish layer when it is there.

Keywords are counted on lemmas so "sagsbehandleren" and "sagsbehandlere" count as one word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
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
    """What theme keywords leave out (the fit's and an edit's c-TF-IDF): ``nlp.KEYWORD_STOP_WORDS`` ("stå" and
    other verbs that name no topic) and the idiom nouns. Labels take their candidates elsewhere (themes.phrases)."""
    from focusgroup.nlp import KEYWORD_STOP_WORDS

    return KEYWORD_STOP_WORDS | IDIOM_NOUNS


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
    """The most representative quote, shortened to its first Danish words ("Jeg ringede flere gange …"). A
    quote that opens with a first name comes after the others: a focus-group turn "Lone. (griner) Nej, men ..."
    was labelled "Lone …" on make demo (the name list's unambiguous first names, ``nlp.names``); only where every
    quote does (an introduction round) is the name kept, as before."""
    from focusgroup.nlp import STOP_WORDS
    from focusgroup.nlp.names import name_lists
    from focusgroup.nlp.words import is_danish_word

    first, ambiguous, _ = name_lists()
    names = first - ambiguous
    for refuse in (names, frozenset()):  # a quote without a name first; else as before, rather than "Tema 2"
        for text in texts:
            words = WORD.findall(NOTE.sub(" ", text))
            while words and words[0].lower() in LEADING_FILLERS:
                words = words[1:]
            keep: list[str] = []
            for i, w in enumerate(words[:max_words]):
                if (i and w[:1].isupper()) or not is_danish_word(w.lower()) or w in refuse:
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


# Variants of one label phrase (issue 18, "no two themes share a label"): the Danish pipeline keys
# "skiftet sagsbehandler" (verb + object) as "skifte sagsbehandler" and "skift af sagsbehandler" (noun +
# preposition + noun) as another phrase, so two themes were labelled "Skifte sagsbehandler" and "Skift af
# sagsbehandler" on make demo. A crude stem key says they are one phrase: content words only, common
# endings stripped while four letters remain, in any order.
GLUE_WORDS = frozenset("af og i på med til for om en et den det de at".split())  # not "under"/"efter": "under corona" is no "efter corona"
ENDINGS = ("erne", "ene", "ere", "er", "en", "et", "e")
MERGE_VARIANTS = True  # False: every lemma key is its own candidate (as before session 14)


def _stem(word: str) -> str:
    stripped = True
    while stripped:
        stripped = False
        for end in ENDINGS:
            if word.endswith(end) and len(word) - len(end) >= 4:
                word, stripped = word[: -len(end)], True
                break
    return word


def stem_key(phrase: str) -> str:
    """"skift af sagsbehandler", "skifte sagsbehandler" and "sagsbehandleren skiftes" -> one key."""
    return " ".join(sorted(_stem(w) for w in phrase.casefold().split() if w not in GLUE_WORDS))


def variant_families(counts: dict[str, int]) -> dict[str, str]:
    """Lemma key -> the key of its family (the most frequent variant): keys of two content words or more
    whose stem keys agree and that share one content lemma exactly ("sagsbehandler"), so stemming alone
    never joins two phrases ("arbejde"/"arbejder" are single words and stay apart)."""
    by_stem: dict[str, list[str]] = {}
    for key in counts:
        content = [w for w in key.split() if w not in GLUE_WORDS]
        if len(content) >= 2:
            by_stem.setdefault(stem_key(key), []).append(key)
    out: dict[str, str] = {}
    for keys in by_stem.values():
        keys.sort(key=lambda k: (-counts[k], len(k), k))  # the most frequent variant first
        for i, key in enumerate(keys):
            words = set(key.split()) - GLUE_WORDS
            head = next((k for k in keys[:i] if out.get(k, k) == k and words & (set(k.split()) - GLUE_WORDS)), None)
            if head is not None:
                out[key] = head
    return out


Cands = list[dict[str, tuple[int, str, str]]]  # per quote: family key -> (words, written form, variant key)


def merge_variants(cands: list[dict[str, tuple[int, str]]],
                   best_form: Callable[[str, Counter], str | None]) -> tuple[Cands, dict[str, set[str]]]:
    """Candidates re-keyed by variant family (``variant_families``; a quote counts a family once), and
    family key -> its variant keys. A family of several variants is written one way in every theme:
    ``best_form`` (key, written forms) of its most frequent variant over the study, so which theme
    the phrase fits best (``themes/centrality.py``) is judged on one phrase."""
    counts = Counter(key for c in cands for key in c)
    family = variant_families(counts) if MERGE_VARIANTS else {}
    words = {key: nw for c in cands for key, (nw, _) in c.items()}
    heads = set(family.values())
    seen: dict[str, Counter] = {h: Counter() for h in heads}
    for c in cands:
        for key in heads & c.keys():
            seen[key][c[key][1]] += 1
    written = {h: best_form(h, forms) for h, forms in seen.items()}
    out: Cands = []
    for c in cands:
        new: dict[str, tuple[int, str, str]] = {}
        for key, (_, form) in sorted(c.items(), key=lambda kv: kv[0] in family):  # the family's own key first
            top = family.get(key, key)
            new.setdefault(top, (words[top], written.get(top) or form, key))
        out.append(new)
    members: dict[str, set[str]] = {}
    for key in counts:
        members.setdefault(family.get(key, key), set()).add(key)
    return out, members
