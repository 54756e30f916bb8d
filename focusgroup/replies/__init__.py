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
             model: Any = None, questions: list[str | None] | None = None,
             embedder: str | None = None) -> list[tuple[bool, str, float]]:
    """(needs_reply, reason, probability) per text; embeddings are computed (and cached in ``project``)
    when not given, by ``embed.family.engine_for(model.embedder, embedder)``: the run's ``embedder`` when
    its vectors are the model's family (so the themes' cached vectors are read), else the default engine.
    ``questions``: the survey question each text answers."""
    from focusgroup.replies.model import ReplyModel

    if not texts:
        return []
    model = model or ReplyModel.load()
    if embeddings is None:
        from focusgroup.embed import embed_texts, get_embedder
        from focusgroup.embed.family import engine_for

        embeddings = embed_texts(list(texts), get_embedder(engine_for(model.embedder, embedder)), project=project)
    proba = model.proba(list(texts), embeddings, questions)
    reasons = model.reasons(list(texts), embeddings)
    return [(bool(p >= model.threshold), r if p >= model.threshold else "", float(p))
            for p, r in zip(proba, reasons, strict=True)]


def reply_flags(quotes: list[Any], *, project: Any = None, model: Any = None,
                rules_only: bool = False, embedder: str | None = None) -> list[Any]:
    """A ``store.findings.Reply`` for each of ``quotes`` (the caller picks survey answers): informative
    answers are classified, non-answers get ``False``. ``rules_only``: the Danish cues alone, without the
    embedding model (``focusgroup batch`` with an embedder outside the model's family, where embedding
    every answer again would cost more than the run); such flags are stored with model
    ``replies_da:rules``. ``embedder``: the run's engine (see ``classify``); flags record the engine
    whose vectors were read, e.g. ``replies_da:e5-int8``."""
    from focusgroup.embed.family import engine_for
    from focusgroup.replies.model import ReplyModel
    from focusgroup.store.findings import Reply

    todo = [q for q in quotes if q.informative and q.text.strip()]
    if rules_only:
        found = [cues(q.text).reason for q in todo]
        replies = [Reply(q.id, bool(r), r, None, model=RULES_ONLY) for q, r in zip(todo, found, strict=True)]
    else:
        model = model or ReplyModel.load()
        results = classify([q.text for q in todo], project=project, model=model,
                           questions=[q.column for q in todo], embedder=embedder) if todo else []
        engine = engine_for(model.embedder, embedder)
        replies = [Reply(q.id, need, reason, round(p, 4), model=f"replies_da:{engine}")
                   for q, (need, reason, p) in zip(todo, results, strict=True)]
    done = {q.id for q in todo}
    return replies + [Reply(q.id, False, "", None, model="non-answer") for q in quotes if q.id not in done]


def survey_answers(project: Any) -> list[Any]:
    """The quotes the classifier reads: every respondent answer of a survey source (not transcripts)."""
    surveys = {s.id for s in project.sources() if s.kind == SURVEY}
    return [q for q in project.quotes() if q.source_id in surveys and q.role != MODERATOR]


def flag_project(project: Any, progress: Progress = silent, embedder: str | None = None) -> int:
    """Classify every informative survey answer and store the flags; returns how many need a reply.
    ``embedder``: the analysis's engine, whose cached vectors are read when it is the model's family."""
    from focusgroup.store.findings import save_replies

    progress(STEP, 0, 1)
    replies = reply_flags(survey_answers(project), project=project, embedder=embedder)
    save_replies(project, replies)
    progress(STEP, 1, 1)
    return sum(r.needs_reply for r in replies)
