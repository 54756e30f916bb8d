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

import re
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


# A focus group's round of introductions (session 18): on make demo the participants' self-presentations of two
# groups ("Kim. Øh, jeg har været på kontanthjælp i ... fire år", "Jonas. Seks måneder.") made a theme,
# "Kontanthjælp" (11 of its 12 quotes), and the third group's five made most of "Sygdom". They say who is in the
# group, which is context and the participants' metadata, not a finding about the job centre, so like a
# non-answer they stay in the project, visible and counted ("Ikke analyseret"), without a theme.
# The moderator asks for the round near the start: "Skal vi ikke starte med en hurtig runde, hvor I siger, hvor
# længe I har været ledige?", "... tage en runde med navn og ...", "Skal vi tage en kort præsentation?".
# A "runde" alone is not enough ("en runde om jeres første møde" asks for content), nor a "navn" alone ("jeres navn
# kommer ikke med i rapporten"): within one sentence, a round or "sig/fortæl" with names, or a round asking how long.
INTRO_REQUEST = re.compile(r"\bpræsent\w*|\bhvem I er\b|\b(?:om|præsentere) (?:jer|dig) selv\b"
                           r"|\b(?:runde|sig\w*|fortæl\w*)\b[^.?!]*\bnavn\b|\brunde\b[^.?!]*\bhvor længe\b",
                           re.IGNORECASE)
INTRO_WITHIN = 10  # the request is among a transcript's first turns: a later "runde" is part of the talk
NUDGE_WORDS = 8  # a moderator turn this short ("Og dig, Peter?", "Tak.") does not end the round
INTRO_MAX_WORDS = 60  # a longer self-presentation is kept: it likely tells more than who the speaker is
# A self-presentation that also speaks of the job centre or its contact stays (conservative: "kommune" too).
SERVICE = re.compile(r"jobcent|sagsbehandl|konsulent|rådgiver|a-kasse|møde|samtale|brev|jobplan|aktivering"
                     r"|praktik|kursus|mentor|kommune|ansøgning|jobklub", re.IGNORECASE)


def introductions(quotes: list) -> set[int]:
    """Ids of the participants' turns in each transcript's round of introductions: after the moderator's
    request (``INTRO_REQUEST``, within the first ``INTRO_WITHIN`` turns), each participant's first turn until
    the moderator moves on (a turn over ``NUDGE_WORDS`` words) or a participant speaks twice; a turn that
    mentions the service (``SERVICE``) or runs over ``INTRO_MAX_WORDS`` words is not flagged. ``quotes``:
    every quote of the project (records.Quote with role, speaker, turn, source), moderators included."""
    from focusgroup.records import MODERATOR

    by_source: dict[int | None, list] = {}
    for q in quotes:
        if not q.column:  # survey answers have no round
            by_source.setdefault(q.source_id, []).append(q)
    out: set[int] = set()
    for turns in by_source.values():
        turns.sort(key=lambda q: (q.turn, q.part))
        start = next((i for i, q in enumerate(turns[:INTRO_WITHIN])
                      if q.role == MODERATOR and INTRO_REQUEST.search(q.text)), None)
        if start is None:
            continue
        seen: set[str] = set()
        for q in turns[start + 1:]:
            if q.role == MODERATOR:
                if len(q.text.split()) > NUDGE_WORDS:
                    break
                continue
            if q.speaker in seen:
                break
            seen.add(q.speaker)
            if q.id is not None and len(q.text.split()) <= INTRO_MAX_WORDS and not SERVICE.search(q.text):
                out.add(q.id)
    return out
