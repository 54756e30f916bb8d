"""Sentiment in the light of the question: survey non-answers get the sentiment their question implies.

The model reads "Ingenting, tak for hjælpen" as negative whatever was asked; to "Hvad kan jobcentret gøre
bedre?" it is a satisfied respondent. The pipeline calls :func:`refresh_non_answers` before themes (so a
project imported before the rule existed gets the same flags, and non-answers never form a theme) and
:func:`score_non_answers` after the model has scored the informative quotes.
"""

from __future__ import annotations

from typing import Any

from focusgroup.ingest.informative import is_informative_answer
from focusgroup.ingest.questions import implied_sentiment
from focusgroup.records import Sentiment
from focusgroup.store import findings

MODEL = "spørgsmål"  # the ``model`` of a sentiment set by the question, not by a model


def refresh_non_answers(project: Any) -> int:
    """Re-apply the informative rule to every survey answer; returns how many flags changed."""
    flags = {q.id: is_informative_answer(q.text) for q in project.quotes() if q.column}
    return findings.set_informative(project, flags)


def score_non_answers(project: Any) -> list[Sentiment]:
    """Save the question-implied sentiment of each non-informative answer; drop any other stored sentiment
    of a non-informative answer (a "ved ikke" is not neutral, it is no answer)."""
    saved, stale = [], []
    for q in project.quotes(informative=False):
        implied = implied_sentiment(q.text, q.column) if q.column else None
        if implied is None:
            stale.append(q.id)
        else:
            saved.append(Sentiment(quote_id=q.id, label=implied[0], score=implied[1], model=MODEL))
    findings.delete_sentiments(project, stale)
    project.save_sentiments(saved)
    return saved
