"""Speaker turns in plain text: the labels transcribers actually write, found only at the start of a line.

Recognised layouts (one registry of patterns, tried in order):
``[00:12:31] Navn: ...``, ``Navn (00:12:31): ...``, ``Speaker 1  00:01:23`` on its own line,
``[id1] ...``, and ``Moderator: ...`` / ``Deltager 3: ...`` / ``I: ...`` / ``**Anne:**`` / ``Dan:`` on
its own line followed by the speech. A candidate label is only believed when it looks like a name (capitalised
words, at most four) and either is a known label word ("Moderator", "D1", "Speaker 2"), carries a
timestamp, or recurs in the document: so "Sagsbehandleren: det kan du ikke" said once inside a turn
stays part of that turn, and a colon in the middle of a sentence is never a label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from focusgroup.ingest.passages import trim_span
from focusgroup.ingest.roles import canonical_role, is_known_label, name_key, role_of_label

TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# A name: starts with a letter, up to four words, optionally a "(note)"; words hold no colon or brackets.
NAME = r"(?P<name>[^\W\d_][^\s:\[\]()*]*(?:[ \t][^\s:\[\]()*]+){0,3}(?:[ \t]*\([^()\n]{1,30}\))?)"

# kind -> pattern matched at the start of a line, in order. Timestamped kinds count as strong evidence.
_SOURCES: dict[str, str] = {
    "ts_name": r"[\[(]?(?P<ts>" + TS + r")[\])]?[ \t]*(?:[-–][ \t]*)?" + NAME + r"[ \t]*:(?=\s|$)",
    "name_ts": NAME + r"[ \t]*[\[(](?P<ts>" + TS + r")[\])][ \t]*:?(?=\s|$)",
    "name_ts_line": NAME + r"[ \t]+(?:[-–][ \t]*)?(?P<ts>" + TS + r")[ \t]*$",
    "bracket": r"\[(?P<name>[^\W\d_][\w .'’-]{0,29})\][ \t]*:?(?=\s|$)",
    "name": r"(?:\*\*|__)?" + NAME + r"(?:\*\*|__)?[ \t]*:(?:\*\*|__)?(?=\s|$)",  # also Markdown **Name:**
}
PATTERNS: dict[str, re.Pattern[str]] = {kind: re.compile(src, re.M) for kind, src in _SOURCES.items()}
# All layouts in one multiline pattern, so a whole document is scanned in C (a 50 MB file in seconds).
_ANY_LABEL = re.compile(
    r"^[ \t]*(?:"
    + "|".join(
        f"(?P<k_{kind}>" + src.replace("(?P<name>", f"(?P<{kind}_name>").replace("(?P<ts>", f"(?P<{kind}_ts>") + ")"
        for kind, src in _SOURCES.items()
    )
    + ")",
    re.M,
)
TIMESTAMPED = {"ts_name", "name_ts", "name_ts_line"}
_SENTENCE_END = set(".!?…:\"'”»)]")

_NAME_WORD = re.compile(r"^[\w.'’-]+$")
_PARTICLES = {"van", "von", "de", "der", "den", "la", "le", "af", "da", "du", "el", "al", "bin", "ten", "ter"}
# Capitalised words that start sentences or form headers, never speakers.
NOT_NAMES = {
    "note", "noter", "bemærk", "obs", "nb", "ps", "fx", "eksempel", "example", "tid", "time", "dato", "date",
    "emne", "tema", "sted", "kl", "ja", "nej", "okay", "ok", "yes", "no", "hmm", "så", "og", "men", "citat",
    "quote", "titel", "title", "varighed", "duration", "deltagere", "participants", "location", "lokation",
    "transskribent", "transcriber", "optagelse", "recording", "fil", "file", "kommentar", "comment",
    "spørgsmålet", "svaret", "altså", "nemlig", "fordi", "det", "der", "jeg", "vi", "du", "de", "hun", "han",
}
# Bracketed words that are transcriber annotations, not speakers.
ANNOTATIONS = {
    "latter", "griner", "pause", "uforståeligt", "uhørligt", "utydeligt", "inaudible", "laughter", "crosstalk",
    "overlap", "afbrydelse", "stilhed", "silence", "musik", "music", "støj", "noise", "slut", "end", "start",
}


@dataclass
class Label:
    line_start: int
    content_start: int
    kind: str
    name: str
    timestamp: str | None
    own_line: bool = False  # nothing follows the label on its line ("Dan:" then the speech below)


@dataclass
class Turn:
    """A speaker turn: ``text[start:end]`` is what was said (label excluded, whitespace trimmed)."""

    speaker: str
    start: int
    end: int
    timestamp: str | None = None
    role_hint: str | None = None
    marks: list[tuple[int, str]] = field(default_factory=list)  # (absolute offset, timestamp) inside the turn


@lru_cache(maxsize=4096)
def split_role_note(name: str) -> tuple[str, str | None]:
    """"Anne (moderator)" -> ("Anne", "moderator"); "Moderator (Lise)" keeps its name, role from "Moderator"."""
    m = re.match(r"^(.*?)[ \t]*\(([^()]+)\)$", name)
    if not m or not m.group(1):
        return name, None
    base, note = m.group(1), m.group(2)
    if canonical_role(note):
        return base, canonical_role(note)
    return name, role_of_label(base)


@lru_cache(maxsize=4096)
def _strip_note(name: str) -> str:
    return " ".join(re.sub(r"[ \t]*\([^()]*\)$", "", name).split())


@lru_cache(maxsize=4096)
def plausible_name(name: str, kind: str) -> bool:
    base = _strip_note(name)
    if not base or len(base) > 40:
        return False
    if is_known_label(base):
        return True
    if kind == "bracket":
        return base.casefold() not in ANNOTATIONS
    words = base.split(" ")
    if len(words) > 4 or base.casefold() in NOT_NAMES or words[0].casefold() in NOT_NAMES:
        return False
    for word in words:
        if not _NAME_WORD.match(word):
            return False
        if not (word[0].isupper() or word[0].isdigit() or word in _PARTICLES):
            return False
    return True


def match_label(line: str) -> tuple[str, re.Match[str]] | None:
    """The first pattern that fits the start of ``line`` with a plausible name, if any."""
    if ":" not in line[:90] and not line.startswith("["):
        return None
    for kind, pattern in PATTERNS.items():
        m = pattern.match(line)
        if m and plausible_name(m.group("name"), kind):
            return kind, m
    return None


def starts_with_label(line: str) -> bool:
    """Whether a line opens with something shaped like a speaker label (used when reflowing PDF lines)."""
    return match_label(line) is not None


def _after_break(text: str, line_start: int) -> bool:
    """Whether the text before ``line_start`` ends a sentence (or there is none)."""
    before = text[max(0, line_start - 200) : line_start].rstrip()
    return not before or before[-1] in _SENTENCE_END


def find_labels(text: str) -> list[Label]:
    """Every believable label in ``text`` (see the module docstring for what is believed).

    A name seen only once is believed when it has the same layout as believed labels (e.g. another
    "Name:" on its own line), comes after the first believed label, and the line before it ended a
    sentence: so a participant who speaks once is not swallowed by the previous turn, while a
    wrapped line or a "Sted: ..." header line does not become a turn.
    """
    candidates: list[Label] = []
    for m in _ANY_LABEL.finditer(text):
        kind = m.lastgroup[2:]  # type: ignore[index]
        raw_name = m.group(f"{kind}_name")
        if not plausible_name(raw_name, kind):
            continue
        line_start = m.start()
        line_end = text.find("\n", m.end())
        own = not text[m.end() : line_end if line_end >= 0 else len(text)].strip()
        stamp = m.group(f"{kind}_ts") if kind in TIMESTAMPED else None
        name = " ".join(raw_name.split())
        candidates.append(Label(line_start, m.end(), kind, name, stamp, own))
    counts = Counter(name_key(c.name) for c in candidates)
    strong = [
        c.kind in TIMESTAMPED or counts[name_key(c.name)] >= 2 or is_known_label(_strip_note(c.name))
        for c in candidates
    ]
    believed = [c for c, ok in zip(candidates, strong, strict=True) if ok]
    if not believed:
        return []
    layouts = {(c.kind, c.own_line) for c in believed}
    return [
        c
        for c, ok in zip(candidates, strong, strict=True)
        if ok
        or (
            c.line_start > believed[0].line_start  # never in the header above the first believed label
            and (c.kind, c.own_line) in layouts
            and _after_break(text, c.line_start)
            and len(c.name.split()) <= 3
        )
    ]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs as trimmed (start, end) spans: blank-line separated blocks, or lines if no line is blank."""
    spans, pos = [], 0
    separator = r"\n[ \t]*\n" if re.search(r"\n[ \t]*\n", text) else r"\n"
    for m in [*re.finditer(separator, text), None]:
        stop = m.start() if m else len(text)
        s, e = trim_span(text, pos, stop)
        if s < e:
            spans.append((s, e))
        pos = m.end() if m else pos
    return spans


def detect_turns(text: str) -> tuple[list[Turn], int]:
    """Turns of a labelled text, and how many characters precede the first label (a title, a header).

    Turns with no speech (a label followed directly by the next label) are left out. Without any
    believable label, each blank-line separated block is one turn, speaker unknown (``""``).
    """
    labels = find_labels(text)
    if not labels:
        return [Turn("", s, e) for s, e in _blocks(text)], 0
    turns = []
    first_names: dict[str, str] = {}
    for i, label in enumerate(labels):
        end = labels[i + 1].line_start if i + 1 < len(labels) else len(text)
        start, end = trim_span(text, label.content_start, end)
        if start >= end:
            continue
        name, hint = split_role_note(label.name)
        name = first_names.setdefault(name_key(name), name)
        turns.append(Turn(name, start, end, label.timestamp, hint))
    preamble = len(text[: labels[0].line_start].strip())
    return turns, preamble
