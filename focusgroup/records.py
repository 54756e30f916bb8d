"""Typed records that flow one way through the pipeline: ingest -> store -> analysis -> export.

Offsets are always character offsets into ``Source.text`` (the source's normalized plain
text), so ``source.text[quote.start:quote.end] == quote.text`` holds for every quote.
REFI-QDA exports depend on that invariant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Roles a speaker can have. Survey answers have the role "respondent".
MODERATOR = "moderator"
PARTICIPANT = "participant"
RESPONDENT = "respondent"
ROLES = (MODERATOR, PARTICIPANT, RESPONDENT)

# The speaker name used when a text has no speaker labels at all.
UNKNOWN_SPEAKER = "ukendt"

# Speaker labels that identify nobody ("Interviewer", "P3", "Deltager 2") stay as they are in an export.
GENERIC_SPEAKER = re.compile(
    r"^(?:deltager|respondent|interviewer|interviewperson|moderator|informant|facilitator|person|taler|"
    r"speaker|participant|ukendt|unknown|id|ip|int|mod|i|m|p|r|d|q|a|s)\s*\d*$",
    re.IGNORECASE,
)
# "Respondent 47370684": a generic label with a survey's respondent id, which links a row of the raw data
# to its person; renumbered through the key like a name (a respondent's, or any id of 4+ digits).
ID_SPEAKER = re.compile(r"^[^\W\d_]+\s*(\d+)$")


def renumbered_id(name: str, role: str) -> bool:
    """A generic speaker label holding an id ("Respondent 47370684") gets a new number in the key (here, in
    plain data, so the export can name the kept id column without loading the privacy layer's spaCy)."""
    m = ID_SPEAKER.match(name.strip())
    return bool(m) and GENERIC_SPEAKER.match(name.strip()) is not None and (role == RESPONDENT or len(m.group(1)) >= 4)

TRANSCRIPT = "transcript"
SURVEY = "survey"

# Sentiment labels, in the order charts and tables show them.
SENTIMENT_LABELS = ("positiv", "neutral", "negativ")

# A background field that holds the survey wave ("Bølge 2020", "År"): matched on the field name.
WAVE_FIELD = re.compile(r"^(bølge|boelge|wave|runde|år|year)$", re.IGNORECASE)


@dataclass
class Speaker:
    name: str
    role: str = PARTICIPANT
    id: int | None = None
    source_id: int | None = None


@dataclass
class Quote:
    """One unit of analysis: a speaker turn (or a passage of a long turn) or a survey answer."""

    text: str
    start: int
    end: int
    speaker: str = UNKNOWN_SPEAKER
    role: str = PARTICIPANT
    turn: int = 0  # turn index in a transcript; data row (0-based) in a survey
    part: int = 0  # passage number when a long turn is split
    timestamp: str | None = None  # "HH:MM:SS" or "HH:MM:SS.mmm" as found in the source
    column: str | None = None  # survey free-text column the answer came from
    informative: bool = True  # False for blank/junk answers ("ved ikke", "-"): kept, not modelled
    metadata: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    source_id: int | None = None
    source_name: str | None = None


@dataclass
class Source:
    """One imported file with its normalized plain text."""

    name: str
    text: str
    kind: str = TRANSCRIPT  # TRANSCRIPT or SURVEY
    format: str = "txt"
    encoding: str | None = None
    sha256: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass
class ParsedSource:
    """What a parser returns: the source, its speakers and its quotes, ready to store."""

    source: Source
    speakers: list[Speaker]
    quotes: list[Quote]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Theme:
    """A theme of an analysis run, with what a researcher needs to judge it."""

    label: str
    keywords: list[str] = field(default_factory=list)
    size: int = 0
    n_speakers: int = 0
    n_sources: int = 0
    representative_quote_ids: list[int] = field(default_factory=list)
    parent_id: int | None = None
    description: str = ""
    memo: str = ""
    topic: int | None = None  # the model's own topic number; -1 never becomes a theme
    id: int | None = None
    run_id: int | None = None


@dataclass
class Assignment:
    """A quote's theme. ``theme_id`` None means "no theme"; ``by`` is "model" or "researcher"."""

    quote_id: int
    theme_id: int | None
    probability: float = 1.0
    by: str = "model"


# The ``model`` of a sentiment set by the survey question rather than by a model, and of a suggestion made
# neutral by its question (``sentiment.question``). Here, not there, so exports can tell them apart without
# importing the sentiment stage (which loads asent: ~11 s of a Word export at load 6).
SENTIMENT_BY_QUESTION = "spørgsmål"
SENTIMENT_SUGGESTION = "spørgsmål:forslag"


@dataclass
class Sentiment:
    quote_id: int
    label: str  # "positiv" | "neutral" | "negativ"
    score: float  # in [-1, 1]
    model: str = ""
    mixed: bool = False
