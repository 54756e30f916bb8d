"""One message catalogue for every text a user reads: Danish first, English available.

Each concern keeps its messages in its own module here (``errors`` for user errors, ``cli`` for command
output, ``ui`` for the app), all in one shape: ``key -> (Danish, English)`` with ``{field}`` placeholders.
``text(key, **fields)`` renders one in the current language. Keeping every wording in this package lets a
researcher proof-read the Danish in one place, and tests assert on keys, not on wording.

The language is Danish unless ``FOCUSGROUP_LANG=en`` is set or ``set_language("en")`` is called
(the CLI honours the environment variable); ``with language("en"):`` sets it for one block in this
thread only (the app's export of one session, while another session writes Danish).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

from focusgroup.messages import cli as _cli
from focusgroup.messages import cli_output as _cli_output
from focusgroup.messages import coding as _coding
from focusgroup.messages import errors as _errors
from focusgroup.messages import export as _export
from focusgroup.messages import export_report as _export_report
from focusgroup.messages import history as _history
from focusgroup.messages import ingest as _ingest
from focusgroup.messages import ingest_warnings as _ingest_warnings
from focusgroup.messages import limits as _limits
from focusgroup.messages import problems as _problems
from focusgroup.messages import satisfaction as _satisfaction
from focusgroup.messages import ui as _ui
from focusgroup.messages import workbench as _workbench

LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"

# key -> (Danish, English). Later modules may not redefine a key (checked in tests).
CATALOGUE: dict[str, tuple[str, str]] = {**_errors.MESSAGES, **_cli.MESSAGES, **_ui.MESSAGES, **_limits.MESSAGES,
                                         **_coding.MESSAGES, **_ingest.MESSAGES,
                                         **_problems.MESSAGES, **_ingest_warnings.MESSAGES}
CATALOGUE.update(_satisfaction.MESSAGES)  # issue 12 (engineer F)
CATALOGUE.update(_history.MESSAGES)  # undo/redo (issue 17)
CATALOGUE.update(_workbench.MESSAGES)  # search, start page (issue 17)
CATALOGUE.update(_cli_output.MESSAGES)  # CLI output lines, Danish first (issue 17)
CATALOGUE.update(_export.MESSAGES)  # exported documents: xlsx, satisfaction sheets
CATALOGUE.update(_export_report.MESSAGES)  # exported documents: Word report and charts

_language: str | None = None
_scoped: ContextVar[str | None] = ContextVar("focusgroup_language", default=None)


def get_language() -> str:
    """The language in force: a ``language`` block wins, then ``set_language``, then ``FOCUSGROUP_LANG``,
    then Danish."""
    scoped = _scoped.get()
    if scoped:
        return scoped
    if _language:
        return _language
    env = os.environ.get("FOCUSGROUP_LANG", "").strip().lower()[:2]
    return env if env in LANGUAGES else DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Set the process-wide language (None goes back to the environment/default)."""
    global _language
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {sorted(LANGUAGES)}")
    _language = lang


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Texts in ``lang`` inside the block, in this thread only; None leaves the language in force."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {sorted(LANGUAGES)}")
    token = _scoped.set(lang) if lang else None
    try:
        yield
    finally:
        if token is not None:
            _scoped.reset(token)


class _Blank(dict):
    """Format fields that a caller did not give render as empty text instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, lang: str | None = None, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` (default: the language in force), with ``fields`` filled in."""
    da, en = CATALOGUE[key]
    template = en if (lang or get_language()) == "en" else da
    return template.format_map(_Blank(fields))


def pct(x: float | None, lang: str | None = None, /) -> str:
    """A share in the reader's words: 0.123 -> "12 %" in Danish, "12%" in English; None/NaN -> "–".
    The one formatter for the documents (``export._text``), the CLI and the app."""
    return "–" if x is None or x != x else text("exp_pct", lang, n=f"{100 * x:.0f}")


def num(n: int, lang: str | None = None, /) -> str:
    """A count with thousands separators: 1226 -> "1.226" in Danish, "1,226" in English. The one formatter
    for counts in the documents (``export._text``), the CLI and the app (``ui.i18n.num``)."""
    s = f"{int(n):,}"
    return s if (lang or get_language()) == "en" else s.replace(",", ".")


def moment(when: datetime.datetime, lang: str | None = None, /) -> str:
    """A date and time in the reader's words: "03.12.2026 14:05" in Danish (the dotted date of the Word
    report), "2026-12-03 14:05" in English. The one formatter for the app's project and run times."""
    return when.strftime(text("exp_date_time_format", lang))


MINUS = "\u2212"  # the minus sign of typeset text; a hyphen ("-7") is not one


def minus(figure: str) -> str:
    """A formatted figure with a true minus sign: "-7" -> "−7" (U+2212), as Danish and English typesetting
    write it; the Word report, the app and the workbook's notes said "-7 procentpoint" with a hyphen. Only
    a leading sign changes. For text people read; csv cells and numeric xlsx cells stay numbers."""
    return MINUS + figure[1:] if figure.startswith("-") else figure


def dec(x: float, lang: str | None = None, /, signed: bool = False) -> str:
    """A mean: 2.83 -> "2,83" in Danish (decimal comma), "2.83" in English; ``signed`` gives "+0,41"; a
    negative one "−0,41" (``minus``)."""
    s = minus(f"{x:+.2f}" if signed else f"{x:.2f}")
    return s if (lang or get_language()) == "en" else s.replace(".", ",")


_QUARTER = re.compile(r"^(\d{4}) K([1-4])$")  # stats.satisfaction.quarter's stored "2020 K4"


def period(value: object, lang: str | None = None, /) -> str:
    """A wave as it is; a quarter in the reader's words ("2020 K4" in Danish, "2020 Q4" in English). The one
    formatter for the app, the CLI and the workbook; the csv files keep the stored "2020 K4"."""
    m = _QUARTER.match(str(value))
    return text("sat_quarter_name", lang, year=m[1], q=m[2]) if m else str(value)


def n_eq(n: int | tuple[int, int], lang: str | None = None, /) -> str:
    """A group's size, "n = 1.226", or a change's, "n = 18 → 23" (no-break spaces, ``exp_n``): the one form
    of the Word report, its charts and the app. The report had "(n=5)" and "n = 9" on one page."""
    if isinstance(n, tuple):
        return text("exp_n", lang, n=f"{num(n[0], lang)}\u00a0→\u00a0{num(n[1], lang)}")
    return text("exp_n", lang, n=num(n, lang))


def period_pairs(pairs: Mapping[object, object], lang: str | None = None, /) -> str:
    """Periods that are the same split of the answers, "2020 = 2020 K4, 2021 = 2021 K4" (each side as
    ``period`` writes it): the one text for the quarter-is-wave note of the app, the CLI and the workbook."""
    return ", ".join(f"{period(a, lang)} = {period(b, lang)}" for a, b in pairs.items())


def render(template: str, fields: Mapping[str, object]) -> str:
    """Fill a ``{field}`` template, leaving missing fields empty (for catalogue-like tables elsewhere)."""
    return template.format_map(_Blank(fields))
