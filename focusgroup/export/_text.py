"""The exported documents' words and numbers in the language in force (``focusgroup.messages``: Danish
unless ``FOCUSGROUP_LANG=en``, or ``export_project(..., lang="en")``).

Texts live in ``messages.export`` and ``messages.export_report``; this module only formats: shares as
"12 %" (English "12%"), decimals with a comma in Danish and a point in English, and stored codes
(sentiment, role, reply reason, "(alle temaer)") in the reader's words. A code's Danish word is what Danish
documents always showed (the stored value; for a role "deltager"), so a Danish document reads as before.
"""

from __future__ import annotations

import math

from focusgroup import messages
from focusgroup.messages import text as t
from focusgroup.replies.rules import CASE, CONTACT, QUESTION
from focusgroup.stats import satisfaction as sat

__all__ = ["code", "columns", "dec", "n_eq", "num", "pct", "points", "quoted", "t"]

CODES: dict[str, dict[str, str]] = {  # kind -> stored value -> message key
    "sentiment": {"positiv": "exp_sentiment_positiv", "neutral": "exp_sentiment_neutral",
                  "negativ": "exp_sentiment_negativ"},
    "role": {"moderator": "exp_role_moderator", "participant": "exp_role_participant",
             "respondent": "exp_role_respondent"},
    "reason": {QUESTION: "exp_reason_question", CONTACT: "exp_reason_contact", CASE: "exp_reason_case"},
    "theme": {sat.ALL_THEMES: "exp_all_themes", sat.NO_THEME: "exp_no_theme"},
    "group": {"(alle)": "exp_all_group"},  # the whole-sample row of stats.satisfaction.scale_by_group
    "field": {sat.QUARTER_COLUMN: "exp_quarter_field"},  # the quarters stats.satisfaction makes of a date field
}


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def pct(x: float | None) -> str:
    """0.123 -> "12 %" (English "12%"); None/NaN -> "–" (``messages.pct``, in the language in force)."""
    return messages.pct(x)


def num(n: int) -> str:
    """1226 -> "1.226" in Danish, "1,226" in English (``messages.num``)."""
    return messages.num(n)


def n_eq(n: int | tuple[int, int]) -> str:
    """A group's size, "n = 25" (a change's "n = 18 → 23"), no-break spaces (``messages.n_eq``)."""
    return messages.n_eq(tuple(int(v) for v in n) if isinstance(n, tuple) else int(n))


def dec(x: float) -> str:
    """2.83 -> "2,83" in Danish, "2.83" in English (``messages.dec``)."""
    return messages.dec(x)


def points(x: float | None) -> str:
    """A share difference in signed percentage points ("+4 procentpoint"); None/NaN -> "–"."""
    return "–" if _missing(x) else t("exp_points", x=sat.signed_points(x))


def quoted(text: str) -> str:
    """»text« in Danish, “text” in English."""
    return t("exp_quoted", text=text)


def code(kind: str, value: str) -> str:
    """A stored code (``CODES``) in the reader's words; anything else as it is."""
    key = CODES[kind].get(value)
    return t(key) if key else value


def columns(key: str, widths: list[int]) -> list[tuple[str, int]]:
    """A table's headers (one message, ``|`` between them) paired with their widths."""
    names = t(key).split("|")
    if len(names) != len(widths):
        raise ValueError(f"message {key!r} has {len(names)} column headers, the sheet {len(widths)} widths")
    return list(zip(names, widths, strict=True))
