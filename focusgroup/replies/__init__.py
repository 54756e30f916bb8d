"""Comments that need a reply: a question to the organisation, a request to be contacted, or a concrete
unresolved problem in the respondent's own case ("Jeg har ikke fået udbetalt mine dagpenge for marts").

``classify(texts)`` for any list of comments; ``flag_project(project)`` flags every survey answer of a
project and stores ``needs_reply`` + reason (a researcher's own decision is kept). Only survey answers are
classified: in a focus group a question is usually put to the others in the room, not to the organisation.
Precision and recall on the project's own labelled comments: bench/README.md ("Comments that need a reply").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from focusgroup.progress import Progress, silent
from focusgroup.records import MODERATOR, SURVEY
from focusgroup.replies.rules import CASE, CONTACT, QUESTION, REASONS, cues

__all__ = ["CASE", "CONTACT", "QUESTION", "REASONS", "classify", "cues", "flag_project", "reply_flags",
           "survey_answers"]

STEP = "Kræver svar"
RULES_ONLY = "replies_da:rules"  # the ``model`` of flags set by the cues alone


def classify(texts: list[str], embeddings: np.ndarray | None = None, project: Any = None,
             model: Any = None, questions: list[str | None] | None = None) -> list[tuple[bool, str, float]]:
    """(needs_reply, reason, probability) per text; embeddings are computed (and cached in ``project``)
    with the model's embedder when not given. ``questions``: the survey question each text answers."""
    from focusgroup.replies.model import ReplyModel

    if not texts:
        return []
    model = model or ReplyModel.load()
    if embeddings is None:
        from focusgroup.embed import embed_texts, get_embedder

        embeddings = embed_texts(list(texts), get_embedder(model.embedder), project=project)
    proba = model.proba(list(texts), embeddings, questions)
    reasons = model.reasons(list(texts), embeddings)
    return [(bool(p >= model.threshold), r if p >= model.threshold else "", float(p))
            for p, r in zip(proba, reasons, strict=True)]


def reply_flags(quotes: list[Any], *, project: Any = None, model: Any = None,
                rules_only: bool = False) -> list[Any]:
    """A ``store.findings.Reply`` for each of ``quotes`` (the caller picks survey answers): informative
    answers are classified, non-answers get ``False``. ``rules_only``: the Danish cues alone, without the
    embedding model (``focusgroup batch`` with an embedder other than the model's, where embedding every
    answer again would cost more than the run); such flags are stored with model ``replies_da:rules``."""
    from focusgroup.replies.model import ReplyModel
    from focusgroup.store.findings import Reply

    todo = [q for q in quotes if q.informative and q.text.strip()]
    if rules_only:
        found = [cues(q.text).reason for q in todo]
        replies = [Reply(q.id, bool(r), r, None, model=RULES_ONLY) for q, r in zip(todo, found, strict=True)]
    else:
        model = model or ReplyModel.load()
        results = classify([q.text for q in todo], project=project, model=model,
                           questions=[q.column for q in todo]) if todo else []
        replies = [Reply(q.id, need, reason, round(p, 4), model=f"replies_da:{model.embedder}")
                   for q, (need, reason, p) in zip(todo, results, strict=True)]
    done = {q.id for q in todo}
    return replies + [Reply(q.id, False, "", None, model="non-answer") for q in quotes if q.id not in done]


def survey_answers(project: Any) -> list[Any]:
    """The quotes the classifier reads: every respondent answer of a survey source (not transcripts)."""
    surveys = {s.id for s in project.sources() if s.kind == SURVEY}
    return [q for q in project.quotes() if q.source_id in surveys and q.role != MODERATOR]


def flag_project(project: Any, progress: Progress = silent) -> int:
    """Classify every informative survey answer and store the flags; returns how many need a reply."""
    from focusgroup.store.findings import save_replies

    progress(STEP, 0, 1)
    replies = reply_flags(survey_answers(project), project=project)
    save_replies(project, replies)
    progress(STEP, 1, 1)
    return sum(r.needs_reply for r in replies)
