"""Sentiment in the light of the question: survey non-answers get the sentiment their question implies,
and a suggestion in answer to "what can be better?" is a suggestion, not a complaint.

The model reads "Ingenting, tak for hjælpen" as negative whatever was asked; to "Hvad kan jobcentret gøre
bedre?" it is a satisfied respondent. It also reads "Færre skift af sagsbehandler" or "Mindre bureaukrati"
as negative: to that question they propose a change and say nothing about how the respondent fared, so
:func:`in_light_of` makes an answer made only of suggestions neutral (an answer that also tells a bad
experience, "Brevene er uforståelige. Skriv dem i et almindeligt sprog.", keeps the model's label).
Measured on tests/data/improve (bench/bench_improve_answers.py; the cues were written on dev only).

The pipeline calls :func:`refresh_non_answers` before themes (so a project imported before the rule existed
gets the same flags, and non-answers never form a theme) and :func:`score_non_answers` after the model has
scored the informative quotes; ``focusgroup batch`` applies :func:`judge` to each answer as it merges.
"""

from __future__ import annotations

import re
from typing import Any

from focusgroup.ingest.informative import is_informative_answer
from focusgroup.ingest.questions import IMPROVE, implied_sentiment, question_kind
from focusgroup.records import SENTIMENT_BY_QUESTION, SENTIMENT_SUGGESTION, Sentiment
from focusgroup.store import findings

MODEL = SENTIMENT_BY_QUESTION  # the ``model`` of a sentiment set by the question, not by a model
SUGGESTION = SENTIMENT_SUGGESTION  # the ``model`` of a suggestion made neutral by its question


def refresh_non_answers(project: Any) -> int:
    """Re-apply the informative rule to every survey answer; returns how many flags changed."""
    flags = {q.id: is_informative_answer(q.text) for q in project.quotes() if q.column}
    return findings.set_informative(project, flags)


def score_non_answers(project: Any) -> list[Sentiment]:
    """Save the question-implied sentiment of each non-informative answer; drop any other stored sentiment
    of a non-informative answer (a "ved ikke" is not neutral, it is no answer). Informative answers that are
    only suggestions to an improve question become neutral (:func:`in_light_of`)."""
    saved, stale = [], []
    for q in project.quotes(informative=False):
        implied = implied_sentiment(q.text, q.column) if q.column else None
        if implied is None:
            stale.append(q.id)
        else:
            saved.append(Sentiment(quote_id=q.id, label=implied[0], score=implied[1], model=MODEL))
    findings.delete_sentiments(project, stale)
    stored = project.sentiments()
    for q in project.quotes(informative=True):
        s = stored.get(q.id)
        if s is not None and q.column and s.label != "neutral" and is_suggestion(q.text, q.column):
            saved.append(Sentiment(quote_id=q.id, label="neutral", score=0.0, model=SUGGESTION))
    project.save_sentiments(saved)
    return saved


def judge(text: str, question: str | None, informative: bool, sentiment: Sentiment | None) -> Sentiment | None:
    """One answer's sentiment in the light of its question, as the pipeline stores it: a non-answer gets
    the sentiment its question implies (or none), a pure suggestion to an improve question is neutral."""
    if not informative:
        implied = implied_sentiment(text, question) if question else None
        return None if implied is None or sentiment is None else Sentiment(
            sentiment.quote_id, implied[0], implied[1], MODEL)
    if sentiment is not None and question and sentiment.label != "neutral" and is_suggestion(text, question):
        return Sentiment(sentiment.quote_id, "neutral", 0.0, SUGGESTION)
    return sentiment


def in_light_of(text: str, question: str | None, label: str, score: float) -> tuple[str, float]:
    """(label, score) of an informative answer in the light of its question (see :func:`is_suggestion`)."""
    return ("neutral", 0.0) if label != "neutral" and is_suggestion(text, question) else (label, score)


# -- suggestions ----------------------------------------------------------------------------------

# A part that proposes a change: a comparative or amount first ("Færre skift", "Mindre bureaukrati",
# "Bedre opfølgning"), an imperative ("Giv", "Lav", "Lyt"), an infinitive or noun offer ("At man selv kan",
# "Mulighed for", "Hjælp til"), or a modal wish anywhere ("burde", "kunne godt", "ville være rart").
_PROPOSES = re.compile(
    r"^(mere|mindre|flere|færre|bedre|kortere|længere|hurtigere|større|tættere|nemmere|lettere|tydeligere|"
    r"enklere|klarere|hyppigere|oftere|højere|lavere|ekstra|gerne|måske|evt|eventuelt|"
    r"giv|lav|lyt|tag|hold|send|tilbyd|sørg|lad|husk|uddan|ring|udbetal|behold|overhold|spørg|tro|brug|gør|"
    r"vis|skriv|læs|behandl|inddrag|ansæt|find|informer|forklar|tilpas|afskaf|drop|"
    r"at|mulighed(er)? for|hjælp til|tilbud om|adgang til)\b"
    r"|\b(burde|bør|kunne (godt|med fordel|evt|måske)|kunne være (godt|rart|fint|en fordel|en hjælp|smart|dejligt)|"
    r"ville (være|hjælpe)|(jeg|vi|man) ønsker|ønskede|ønsker mig|ville ønske|kunne godt tænke mig|vil gerne have|skulle have mulighed|"
    r"i (kunne|skulle|må gerne)|man (kunne|skulle))\b"
)
# ... unless it also tells how the respondent fared or judges what is ("jeg har ventet", "er uforståelige").
_TELLS = re.compile(
    r"\b(jeg|mig|min|mit|mine|vi|os)\b.{0,40}\b(har|havde|blev|bliver|er|var|føler|følte|fik|får|ventede|"
    r"mistede|kan ikke|kunne ikke)\b|"
    r"\b(aldrig|elendig\w*|frustrer\w*|skandal\w*|uacceptab\w*|respektløs\w*|nedladende|kaos|kaotisk|"
    r"katastrof\w*|håbløs\w*|umulig\w*|spild|urimelig\w*|ydmyg\w*|uforståelig\w*|kedelig\w*|dårlig\w*|"
    r"skuffe\w*|stress\w*|truende|trusler|ligeglad\w*|umenneskelig\w*|alt for)\b|"
    r"\b(er|var|er blevet) (ikke|ingen)\b|^(ingen|der er ingen|ingen har)\b"
)
_PARTS = re.compile(r"[^.!?;\n•*]+")
_POLITE = {"tak", "på forhånd tak", "tak for hjælpen", "mvh"}


def is_suggestion(text: str, question: str | None) -> bool:
    """True when ``text`` answers an improve question ("Hvad kan jobcentret gøre bedre?") with suggestions
    only: every sentence or line proposes a change, and none tells a bad experience or judges what is."""
    if question_kind(question) != IMPROVE:
        return False
    parts = [" ".join(p.strip(" -'\"").split()) for p in _PARTS.findall(text.casefold())]
    parts = [p for p in parts if p and p not in _POLITE]
    return bool(parts) and all(_PROPOSES.search(p) and not _TELLS.search(p) for p in parts)

