"""Messages of the satisfaction findings (issue 12): the Tilfredshed page, the "Kræver svar" list and the
``focusgroup satisfaction`` command. ``key -> (Danish, English)``; every key starts with ``sat_``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "sat_f_question": ("Spørgsmål", "Question"),
    "sat_question_meta": ("Spørgsmål: {question}", "Question: {question}"),
}
