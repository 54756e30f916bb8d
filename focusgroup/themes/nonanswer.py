"""Non-answers and back-channel turns never form a theme.

"Ikke noget særligt", "ikke noget, alt er fint", "Jeg synes det fungerer fint som det er", "Fortsæt
som I gør", or a turn like "Ja, den kender jeg godt" name no topic, yet they are many and alike, so
a clustering gladly makes themes of them (on the sample study three of 35: "Tilføje, særlig og
nget", "Uden nøgleord", "Linje kende, stå første"). Ingest flags the plain ones ("ved ikke", "nej")
as uninformative; engineer F's question-aware check covers answers that are empty for their question.
Here the theme model's own rule: a quote without a single topic-bearing word (a noun, adjective,
verb or name that is neither a stop word nor one of the evaluative/agreeing words below) is left out
of theme modelling. It stays in the project, visible and counted, just without a theme.
"""

from __future__ import annotations

from typing import Any

# Lemmas that evaluate or agree but name nothing: "fungerer fint", "alt er godt", "det er klart"; the
# nouns of idioms that only agree ("Nej, det er det i hvert fald ikke", "Det er ikke i orden").
NON_TOPIC_LEMMAS = frozenset("""
    fungere fin god godt klar klart rigtig rigtigt ok okay enig tilføje særlig særligt fortsætte
    kende ane tænke mene sige tro synes høre se ønske håbe glad tilfreds utilfreds dårlig skidt
    nævne huske svare vide forstå gå stå ligge sidde lave bruge finde hedde komme ske passe
    alt intet ingenting noget kommentar bemærkning tak ret helst desværre stadigvæk fortsæt bliv
    fald orden bemærke mening
    """.split())
TOPIC_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
# A clock time or a span of time names when or how long, which is a topic ("de kom først kl 11 og havde kun
# 5 min", the issue's own example, had no topic word: "kl" is X, the numbers NUM, "min" read as "my").
CLOCK = frozenset({"kl", "kl."})
TIME_UNITS = frozenset("min minut minutter minutters time timer timers dag dage døgn uge uger måned måneder år sek".split())
# "Det er svært at sige": the adjective only hedges ("svært at komme igennem" still names something).
HEDGES = {"svær": frozenset({"sige", "svare", "vurdere"})}


def topic_words(doc) -> int:
    """How many topic-bearing words a parsed quote has (see the module docstring)."""
    from focusgroup.nlp import STOP_WORDS

    n = 0
    toks = list(doc)
    for i, tok in enumerate(toks):
        lemma = tok.lemma_.lower()
        if tok.pos_ == "NUM" and (i and toks[i - 1].lower_ in CLOCK or i + 1 < len(toks) and toks[i + 1].lower_ in TIME_UNITS):
            n += 1
            continue
        if tok.pos_ not in TOPIC_POS or not tok.text[:1].isalpha() or len(lemma) < 2:
            continue
        if lemma in HEDGES and i + 2 < len(toks) and toks[i + 1].lower_ == "at" and toks[i + 2].lemma_.lower() in HEDGES[lemma]:
            continue
        if lemma in STOP_WORDS or tok.lower_ in STOP_WORDS or lemma in NON_TOPIC_LEMMAS or tok.lower_ in NON_TOPIC_LEMMAS:
            continue
        n += 1
    return n


def non_answers(texts: list[str], project: Any = None) -> list[bool]:
    """True for each text that names no topic (one pipeline pass, shared with the label parser's cache;
    kept in ``project``'s cache when given)."""
    from focusgroup.themes.labels import parse

    return [n == 0 for _, n in parse(texts, project)]


def _words(text: str) -> list[str]:
    # most words are letters only: kept as they are, the character filter only for the rest
    return [w if w.isalpha() else "".join(ch for ch in w if ch.isalpha()) for w in text.casefold().split()]


def plain_key(text: str) -> str:
    """A text's words, lower case, without punctuation: "Ingenting!" and "ingenting." are one answer."""
    return " ".join(w for w in _words(text) if w)


def lexical_non_answer(text: str) -> bool:
    """A non-answer by its words alone, without a parse: every word is a stop word or one of the
    non-topic words ("Ingenting", "Ikke noget", "Nej tak", "Alt er godt"). Such a text has no
    topic-bearing word under :func:`topic_words` either (that rule skips these surface forms whatever
    their part of speech), so this is a cheap subset of :func:`non_answers` for texts never parsed
    (batch's answers outside the sample)."""
    from focusgroup.nlp import STOP_WORDS

    raw = text.casefold().replace(".", " ").split()
    if any(w.isdigit() and (i and raw[i - 1] == "kl" or i + 1 < len(raw) and raw[i + 1] in TIME_UNITS)
           for i, w in enumerate(raw)):
        return False  # a clock time or a span of time ("kl 11", "5 min") is a topic, as in topic_words
    words = [w for w in _words(text) if w]
    return bool(words) and all(w in STOP_WORDS or w in NON_TOPIC_LEMMAS for w in words)
