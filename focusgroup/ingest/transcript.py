"""Turns to speakers and quotes: one quote per turn, or per passage of a long turn.

Two ways in: a plain text whose labels are found by ``turns.detect_turns``, or a ``Dialogue`` whose
turns the file format already gave (subtitles, TEI), rendered to a readable plain text
("[00:00:03.520] Anne: ...") so the offsets point into something a researcher can read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping

from focusgroup import messages
from focusgroup.ingest.extract import Dialogue
from focusgroup.ingest.informative import is_informative_turn
from focusgroup.ingest.passages import DEFAULT_MAX_CHARS, split_span
from focusgroup.ingest.roles import infer_roles, name_key
from focusgroup.ingest.turns import Turn, detect_turns
from focusgroup.records import UNKNOWN_SPEAKER, Quote, Speaker


def render_dialogue(dialogue: Dialogue) -> tuple[str, list[Turn]]:
    """The dialogue as plain text, one paragraph per turn, and the turns' spans in it."""
    chunks: list[str] = []
    turns: list[Turn] = []
    pos = 0
    for u in dialogue.utterances:
        body = u.text.strip()
        if not body:
            continue
        lead = len(u.text) - len(u.text.lstrip())
        prefix = (f"[{u.timestamp}] " if u.timestamp else "") + (f"{u.speaker}: " if u.speaker else "")
        if chunks:
            chunks.append("\n\n")
            pos += 2
        start = pos + len(prefix)
        marks = [(start + max(0, off - lead), ts) for off, ts in u.marks]
        turns.append(Turn(u.speaker or "", start, start + len(body), u.timestamp, u.role, marks))
        chunks.append(prefix + body)
        pos += len(prefix) + len(body)
    return "".join(chunks), turns


def _timestamp_at(turn: Turn, offset: int) -> str | None:
    if not turn.marks:
        return turn.timestamp
    i = bisect_right([m[0] for m in turn.marks], offset) - 1
    return turn.marks[max(i, 0)][1]


def build_quotes(
    text: str,
    turns: list[Turn],
    roles: Mapping[str, str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> tuple[list[Speaker], list[Quote], list[str]]:
    """Speakers (in order of first appearance), quotes and warnings for ``turns`` of ``text``."""
    for turn in turns:
        if not turn.speaker:
            turn.speaker = UNKNOWN_SPEAKER
    spans = [(t.speaker, text[t.start : t.end]) for t in turns]
    hints = {t.speaker: t.role_hint for t in turns if t.role_hint}
    role_of = infer_roles(spans, hints, roles)
    warnings = []
    known = {name_key(t.speaker) for t in turns}
    missing = [name for name in (roles or {}) if name_key(name) not in known]
    if missing:
        warnings.append(messages.text("warn_roles_unknown", names=", ".join(missing)))
    speakers = [Speaker(name, role_of[name]) for name in role_of]
    quotes = []
    for index, turn in enumerate(turns):
        for part, (s, e) in enumerate(split_span(text, turn.start, turn.end, max_chars)):
            passage = text[s:e]
            quotes.append(
                Quote(
                    text=passage,
                    start=s,
                    end=e,
                    speaker=turn.speaker,
                    role=role_of[turn.speaker],
                    turn=index,
                    part=part,
                    timestamp=_timestamp_at(turn, s),
                    informative=is_informative_turn(passage),
                )
            )
    return speakers, quotes, warnings


def from_text(
    text: str, roles: Mapping[str, str] | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[list[Speaker], list[Quote], list[str]]:
    turns, preamble = detect_turns(text)
    speakers, quotes, warnings = build_quotes(text, turns, roles, max_chars)
    if preamble:
        warnings.append(messages.text("warn_preamble", n=preamble))
    if len(speakers) == 1 and speakers[0].name == UNKNOWN_SPEAKER:
        warnings.append(messages.text("warn_no_speakers"))
    return speakers, quotes, warnings


def from_dialogue(
    dialogue: Dialogue, roles: Mapping[str, str] | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> tuple[str, list[Speaker], list[Quote], list[str]]:
    text, turns = render_dialogue(dialogue)
    speakers, quotes, warnings = build_quotes(text, turns, roles, max_chars)
    return text, speakers, quotes, warnings
