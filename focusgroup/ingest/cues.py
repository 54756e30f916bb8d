"""Subtitle transcripts (.vtt from Teams/Zoom, .srt) to turns: cues merged by consecutive speaker.

Teams writes one short cue per phrase with a ``<v Name>`` voice tag; Zoom writes "Name: text" in
the cue; SRT usually names the speaker only when the speaker changes. A cue without a speaker
continues the previous speaker's turn. Each cue's start time is kept as a mark inside the merged
turn, so a passage cut from a long turn gets the time at which it was said.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from focusgroup import messages
from focusgroup.ingest.encoding import decode_text
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Dialogue, Extracted, Utterance, expect_kind, register
from focusgroup.ingest.roles import is_known_label, name_key
from focusgroup.ingest.turns import match_label, split_role_note

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(r"^\s*(?P<start>" + _TIME + r")\s*-->\s*(?P<end>" + _TIME + r")")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)*[ \t]+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_SPACES = re.compile(r"\s+")


def normalize_time(stamp: str) -> str:
    """"1:02,5" -> "00:01:02.500": one format for VTT and SRT, sortable as text."""
    stamp = stamp.replace(",", ".")
    clock, _, frac = stamp.partition(".")
    parts = [int(p) for p in clock.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    return f"{parts[0]:02d}:{parts[1]:02d}:{parts[2]:02d}.{frac.ljust(3, '0')[:3]}"


def _clean(text: str) -> str:
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def _cue_pieces(payload: str) -> list[tuple[str | None, str]]:
    """(speaker from a voice tag or None, text) for each voice span of one cue."""
    matches = list(_VOICE.finditer(payload))
    if not matches:
        return [(None, _clean(payload))]
    pieces: list[tuple[str | None, str]] = []
    if payload[: matches[0].start()].strip():
        pieces.append((None, _clean(payload[: matches[0].start()])))
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(payload)
        pieces.append((" ".join(m.group(1).split()), _clean(payload[m.end() : stop])))
    return pieces


def _valid(stamp: str) -> bool:
    """Minutes and seconds under 60 ("99:99:99.999" matches the pattern but is no time)."""
    parts = stamp.replace(",", ".").partition(".")[0].split(":")
    return all(int(p) < 60 for p in parts[-2:])


def parse_cues(text: str) -> list[tuple[str | None, str | None, str]]:
    """(start time or None, speaker or None, text) per cue piece, in file order."""
    return parse_cues_checked(text)[0]


def parse_cues_checked(text: str) -> tuple[list[tuple[str | None, str | None, str]], list[str]]:
    """``parse_cues`` plus one warning per cue whose timing line is broken (its text is kept, untimed).

    A broken cue used to be dropped (a timing line the pattern did not match) or kept with an
    impossible time (``99:99:99.999``), without a word either way.
    """
    raw: list[tuple[str | None, str | None, str]] = []
    warnings: list[str] = []
    line_no = 1
    for block in re.split(r"(\n[ \t]*\n)", text):
        first_line, line_no = line_no, line_no + block.count("\n")
        if not block.strip() or block.startswith("\n"):
            continue  # a separator, or an empty block
        lines = block.split("\n")
        timing = next((i for i, ln in enumerate(lines) if _TIMING.match(ln)), None)
        broken = timing is None or not all(_valid(_TIMING.match(lines[timing]).group(g)) for g in ("start", "end"))
        if timing is None:
            timing = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
            if timing is None:
                continue  # WEBVTT header, NOTE, STYLE, REGION, or junk between cues
        start = None if broken else normalize_time(_TIMING.match(lines[timing]).group("start"))
        if broken:
            warnings.append(messages.text("warn_bad_cue_time", line=first_line + timing,
                                          timing=lines[timing].strip()[:60]))
        raw.extend((start, speaker, piece) for speaker, piece in _cue_pieces("\n".join(lines[timing + 1 :])) if piece)
    # "Name: text" inside cues (Zoom, SRT): believed when known or recurring, as in plain text.
    labels: list[tuple[str, int] | None] = []
    for _start, speaker, piece in raw:
        found = match_label(piece) if speaker is None else None
        labels.append((" ".join(found[1].group("name").split()), found[1].end()) if found else None)
    counts = Counter(name_key(label[0]) for label in labels if label)
    cues = []
    for (start, speaker, piece), label in zip(raw, labels, strict=True):
        if label and (counts[name_key(label[0])] >= 2 or is_known_label(split_role_note(label[0])[0])):
            speaker, piece = label[0], piece[label[1] :].strip()
        if piece:
            cues.append((start, speaker, piece))
    return cues, warnings


def merge_cues(cues: list[tuple[str | None, str | None, str]]) -> list[Utterance]:
    """Consecutive cues of one speaker become one turn; a cue without a speaker continues the last."""
    groups: list[tuple[str | None, list[tuple[str | None, str]]]] = []  # (speaker, [(start, text)])
    for start, speaker, piece in cues:
        speaker = speaker or (groups[-1][0] if groups else None)
        if groups and groups[-1][0] == speaker:
            groups[-1][1].append((start, piece))
        else:
            groups.append((speaker, [(start, piece)]))
    turns = []
    for speaker, parts in groups:
        marks, offset = [], 0
        for start, piece in parts:
            if start is not None:  # a cue with a broken time continues the last good mark
                marks.append((offset, start))
            offset += len(piece) + 1
        name, role = split_role_note(speaker) if speaker else (None, None)
        turns.append(Utterance(name, " ".join(p for _, p in parts), parts[0][0], role, marks))
    return turns


@register(".vtt", ".srt")
def read_subtitles(raw: bytes, name: str) -> Extracted:
    ext = "." + name.rsplit(".", 1)[-1].lower()
    expect_kind(raw, name, ext, "text", "binary")
    text, encoding = decode_text(raw, name)
    cues, warnings = parse_cues_checked(text)
    if not cues:
        raise IngestError(name, "no_cues", ext=ext)
    return Extracted(Dialogue(merge_cues(cues)), encoding=encoding, metadata={"cues": len(cues)}, warnings=warnings)
