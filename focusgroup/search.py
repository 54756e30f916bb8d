"""Word search over quotes, the way a Danish researcher searches: by base form, inflection and compound.

A query word matches a word in a quote when (unless ``exact``):

- both have the same lemma from the Danish pipeline ("sagsbehandlerne" / "sagsbehandler"), or
- both have the same light stem (``stem``: inflection endings off), which catches what the lemmatiser
  misses on rare words ("sagsbehandlerne" / "sagsbehandlere", "brev" / "brevet"), or
- the quote's word is a compound that starts with the query's stem or ends with its lemma ("telefon"
  finds "telefonmøder", "telefontid", "telefonkø"; "konsulent" finds "jobkonsulent"). Stems and lemmas
  under four letters match whole words only, so "tid" does not find "tidlig".

A quote is a hit when every query word matches; every matching word is returned as a span, so all
words of a two-word query are highlighted. The index is built once per set of texts and answers each
query in milliseconds (dictionary look-ups over the distinct words, not a scan of the quotes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WORD = re.compile(r"\w+(?:-\w+)*")

# Danish inflection endings, longest first: plural/definite nouns, adjective/verb endings, genitive.
_ENDINGS = ("ernes", "enes", "erne", "ene", "eres", "ere", "ers", "ets", "ens", "er", "en", "et", "es",
            "ne", "e", "s", "t", "r")
MIN_AFFIX = 4  # shortest stem/lemma matched as a compound part
# The label share's finder (``stem_finder``) reads each word's noun lemma and counts a compound for its head as the
# labeller does (session 18). False: the written forms only, as before ("rejseforsikringen" was no "forsikring").
LABEL_FORMS = True


def stem(word: str) -> str:
    """A light Danish stem: the longest inflection ending off, keeping at least three letters."""
    w = word.lower()
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 3:
            return w[: -len(ending)]
    return w


def _default_lemmatizer(words: Sequence[str]) -> dict[str, str]:
    from focusgroup.nlp import lemma_tokens_many

    return {w: (lem[0] if len(lem) == 1 else w) for w, lem in zip(words, lemma_tokens_many(words), strict=True)}


Lemmatizer = Callable[[Sequence[str]], dict[str, str]]


@dataclass
class SearchIndex:
    """Distinct lower-case words of ``texts`` with their positions, lemmas and stems."""

    texts: Sequence[str]
    lemmatize: Lemmatizer = _default_lemmatizer
    heads_only: bool = False  # True: a compound ends with the query only after a first part (``nlp.words.compound_of``)
    positions: dict[str, list[tuple[int, int, int]]] = field(init=False)  # word -> [(row, start, end)]
    lemma_of: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.positions = {}
        for row, text in enumerate(self.texts):
            for m in WORD.finditer(text or ""):
                self.positions.setdefault(m.group().lower(), []).append((row, m.start(), m.end()))
        words = sorted(self.positions)
        self.lemma_of = self.lemmatize(words) if words else {}

    def matching_words(self, query_word: str, exact: bool = False) -> set[str]:
        """The distinct words of the texts that ``query_word`` matches (see the module docstring)."""
        q = query_word.lower()
        if exact:
            return {q} & self.positions.keys()
        q_lemma = self.lemmatize([q]).get(q, q)
        q_stems = {stem(q), stem(q_lemma)}
        found = set()
        for word in self.positions:
            if self._matches(word, q, q_lemma, q_stems):
                found.add(word)
        return found

    def _matches(self, word: str, q: str, q_lemma: str, q_stems: set[str]) -> bool:
        if self.heads_only:
            return self._as_labeller(word, q, q_lemma)
        lemma = self.lemma_of.get(word, word)
        if word == q or lemma == q_lemma or stem(word) in q_stems or stem(lemma) in q_stems:
            return True  # same base form or inflection
        if any(len(s) >= MIN_AFFIX and word.startswith(s) for s in q_stems):
            return True  # a compound that starts with the query: telefon -> telefonkø
        return len(q_lemma) >= MIN_AFFIX and (word.endswith(q_lemma) or lemma.endswith(q_lemma))

    def _as_labeller(self, word: str, q: str, q_lemma: str) -> bool:
        """``heads_only``: the word, its noun lemma or its stem is the query's (an inflection), or the word or its
        lemma is a compound with the query as its head after a Danish first part (``nlp.words.compound_of``), as
        the labeller counts it (``themes.phrases.compound_heads``): "telefonmøder" is a "møde", not a "telefon".
        Until session 19 the search page's "starts with" rule also counted here: of the bundled survey's 655
        answers a label "Telefon" was in 50 (22 say "telefon"), "Sagsbehandler" in 143, not 139
        ("sagsbehandlingstid"). A stem equal to the query's word or lemma is an inflection the query's short
        stem misses ("sagsbehandlerens": "sagsbehandler", whose own stem is "sagsbehandl"). A lemma is not
        stemmed: as a noun "lægge" is "læg", whose stem is also "læge"'s; the old compound rule ("ends with")
        found "ring" in "forsikring"."""
        from focusgroup.nlp.words import compound_of

        lemma = self.lemma_of.get(word, word)
        if word == q or lemma == q_lemma or stem(word) in {stem(q), q, q_lemma}:
            return True
        return any(len(h) >= MIN_AFFIX and compound_of(w, h, any_word=True) for w in (word, lemma) for h in {q, q_lemma})

    def search(self, query: str, exact: bool = False) -> dict[int, list[tuple[int, int]]]:
        """Row -> sorted hit spans, for rows containing a match for every word of ``query``."""
        words = [w.lower() for w in WORD.findall(query)]
        hits: dict[int, list[tuple[int, int]]] | None = None
        for word in dict.fromkeys(words):
            found: dict[int, list[tuple[int, int]]] = {}
            for match in self.matching_words(word, exact):
                for row, start, end in self.positions[match]:
                    found.setdefault(row, []).append((start, end))
            hits = found if hits is None else {r: hits[r] + s for r, s in found.items() if r in hits}
            if not hits:
                return {}
        return {r: sorted(set(s)) for r, s in (hits or {}).items()}


def stem_finder(texts: Sequence[str]) -> Callable[[str], set[int]]:
    """Rows of ``texts`` that contain a word, for ``stats.label_share``: this module's stem rules on each word's
    noun lemma (``noun_lemmas``; no tagger: instant, and the same on every machine), a compound counted for its
    head only, as the labeller counts it (``heads_only``: "forsikringen" is no "ring", "telefonmøder" no "telefon")."""
    index = (SearchIndex(texts, noun_lemmas, heads_only=True) if LABEL_FORMS
             else SearchIndex(texts, lambda words: {w: w for w in words}))
    return lambda word: set(index.search(word))


def noun_lemmas(words: Sequence[str]) -> dict[str, str]:
    """Each word's lemma as a noun, by the rules the pipeline's lemmatiser gives a noun (``nlp.components.
    lemma_for``), which is how the labeller keys a phrase. Without it a compound head counted in its bare form
    only ("forsikring" found "rejseforsikring", not "rejseforsikringen"; "klub" not "jobklubben"; "pleje" not
    "hjemmeplejen"), so a label showed a lower share in the app, the workbook and the report than the labeller
    had counted (session 18, make demo: "Kursus og praktik" 20 of 31, 27 with "kurset", "kurserne"). Cached per word,
    about a microsecond each after lemmy's 0.4 s load."""
    from focusgroup.nlp.components import lemma_for

    return {w: lemma_for(w, "NOUN") or w for w in words}


def search_texts(texts: Sequence[str], query: str, exact: bool = False,
                 lemmatize: Lemmatizer | None = None) -> dict[int, list[tuple[int, int]]]:
    """One-off search (builds the index): row -> hit spans."""
    return SearchIndex(texts, lemmatize or _default_lemmatizer).search(query, exact)
