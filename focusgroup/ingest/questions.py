"""What an answer means depends on its question: "Ingenting, tak for hjælpen" to "Hvad kan jobcentret gøre
bedre?" is a satisfied respondent, the same word to "Hvad fungerer godt?" is a complaint.

Two pure functions carry that: :func:`question_kind` reads a survey column's heading ("improve", "praise"
or None), :func:`is_nothing_answer` spots answers that say "nothing" with at most polite filler around
it ("ikke noget, alt er fint", "Kan ikke komme på noget", "Intet at klage over"). Such answers are
non-answers: they never form a theme. :func:`implied_sentiment` gives them the sentiment their question
implies instead of what a sentiment model reads into "ingenting" (it reads it negative whatever was asked).
"""

from __future__ import annotations

import re

IMPROVE, PRAISE = "improve", "praise"

_IMPROVE = re.compile(r"bedre|forbedr|ændre|anderledes|savne|mangle|dårlig|utilfreds|problem|kritik|ønske|"
                      r"better|improve|change|miss", re.IGNORECASE)
_PRAISE = re.compile(r"godt|fungerer|tilfreds|bedst|positiv|glad|good|well|like", re.IGNORECASE)

# An answer starts with one of these ("nothing")...
_NOTHING = re.compile(
    r"^(ingenting|intet|ikke noget|ikke rigtig noget|ikke meget|ikke ret meget|ikke så meget|desværre ikke|"
    r"ingen ting|ingen|nej|næ|nix|"
    r"kan ikke komme (på|i tanke om) (noget|nogen ting)|har ikke noget|har intet|jeg har ikke noget|"
    r"svært at sige|ved ikke|det ved jeg ikke)\b"
)
# ... and has nothing but these words after it (politeness, "all is fine", "nothing to add").
_FILLER = set(
    "tak for hjælpen hjælp god gode fin fint fine godt alt er var har været det hele i gør jeg mig tilfreds "
    "glad særligt særlig som helst at tilføje klage over udsætte på ellers mere lige nu umiddelbart meget sige "
    "svært ikke noget ingenting intet fungerer fungerede sådan bare fortsæt fortsætte nej ja så rigtig rigtigt "
    "virkelig super ok okay jo og alle jer med den du til os nogen ting komme tanke om kan ved ret desværre "
    "noget".split()
)
_SATISFIED = re.compile(r"\b(tak|fin|fint|godt|gode|tilfreds|glad|klage|super|fortsæt)\b")
_PUNCT = re.compile(r"[^\w\s]|_")


def question_kind(question: str | None) -> str | None:
    """"improve" for "what can be better?" questions, "praise" for "what works well?", else None."""
    if not question:
        return None
    if _IMPROVE.search(question):
        return IMPROVE
    if _PRAISE.search(question):
        return PRAISE
    return None


def _normalized(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def is_nothing_answer(text: str) -> bool:
    """True for "nothing (to improve/add), thanks"-answers: a "nothing" opening and only filler after it."""
    norm = _normalized(text)
    m = _NOTHING.match(norm)
    if not m or len(norm.split()) > 14:
        return False
    return all(w in _FILLER for w in norm[m.end():].split())


def implied_sentiment(text: str, question: str | None) -> tuple[str, float] | None:
    """(label, score) a nothing-answer carries given its question, or None when it carries none.

    To an improve question: "positiv" (0.5) with a word of thanks or satisfaction, else "neutral" (0);
    never negative. To a praise question a bare "nothing" is "negativ" (-0.5), except "ved ikke"/"svært at
    sige" and "nothing to add", which say nothing. Other answers and questions: None (the model's score stands).
    """
    if not is_nothing_answer(text):
        return None
    kind = question_kind(question)
    norm = _normalized(text)
    if kind == IMPROVE:
        if norm in {"nej tak", "nej", "ingen", "nix", "næ"}:
            return "neutral", 0.0
        if norm.startswith(("ved ikke", "det ved jeg ikke")) and not _SATISFIED.search(norm):
            return None
        return ("positiv", 0.5) if _SATISFIED.search(norm) else ("neutral", 0.0)
    if kind == PRAISE:
        if norm.startswith(("ved ikke", "det ved jeg ikke", "svært at sige", "nej")) or "tilføje" in norm:
            return None  # "don't know" and "nothing to add" say nothing about what works
        return "negativ", -0.5
    return None
