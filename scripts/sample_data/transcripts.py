"""Render hand-written focus-group dialogues in three real-world layouts: Word, timestamped text, Teams WebVTT.

A dialogue is written once as ``KEY: text`` lines (one turn per line, `` ¶ `` marks a paragraph break
inside a long turn); the writers add labels, timestamps and cue splitting like the real tools do.
"""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from docx import Document
from docx.shared import Pt

from .common import normalize_zip

PARAGRAPH_BREAK = " ¶ "
WORDS_PER_SECOND = 2.6


@dataclass
class Turn:
    key: str
    text: str
    start: float = 0.0
    end: float = 0.0


@dataclass
class FocusGroup:
    title: str
    date_line: str
    intro_lines: list[str]
    speakers: dict[str, str]  # dialogue key -> name as written in the file
    dialogue: str
    start_seconds: float = 4.0


def parse_dialogue(dialogue: str) -> list[Turn]:
    turns = []
    for line in dialogue.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        key, _, text = line.partition(":")
        if turns and turns[-1].key == key.strip():
            raise ValueError(f"two turns in a row by {key!r}: {text[:40]!r}")
        turns.append(Turn(key.strip(), text.strip()))
    return turns


def add_timings(turns: list[Turn], rng: random.Random, start: float) -> list[Turn]:
    """Give each turn a start/end from its length; an interrupted turn (ending in a dash) is cut in on."""
    clock = start
    for turn in turns:
        words = len(turn.text.replace(PARAGRAPH_BREAK, " ").split())
        turn.start = clock
        turn.end = clock + max(0.6, words / WORDS_PER_SECOND * rng.uniform(0.85, 1.2))
        interrupted = turn.text.rstrip().endswith(("–", "-"))
        clock = turn.end + (rng.uniform(0.05, 0.25) if interrupted else rng.uniform(0.3, 1.9))
    return turns


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _hms_ms(seconds: float) -> str:
    ms = int(round(seconds * 1000))
    return f"{ms // 3600000:02d}:{ms % 3600000 // 60000:02d}:{ms % 60000 // 1000:02d}.{ms % 1000:03d}"


def write_docx(path: Path, group: FocusGroup, rng: random.Random) -> int:
    """Word transcript: bold speaker label, one paragraph per turn (a long turn may run over two)."""
    turns = parse_dialogue(group.dialogue)
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    props = doc.core_properties
    props.author = "Jobcenter Søholm, Analyseenheden"
    props.last_modified_by = "Jobcenter Søholm, Analyseenheden"
    props.title = group.title
    props.created = props.modified = datetime(2020, 10, 2, 9, 30, 0)
    props.revision = 3
    doc.add_heading(group.title, level=1)
    doc.add_paragraph(group.date_line)
    for line in group.intro_lines:
        doc.add_paragraph(line)
    doc.add_paragraph("")
    for turn in turns:
        label = group.speakers[turn.key]
        for j, part in enumerate(turn.text.split(PARAGRAPH_BREAK.strip())):
            para = doc.add_paragraph()
            if j == 0:
                para.add_run(f"{label}:").bold = True
                para.add_run(f" {part.strip()}")
            else:
                para.add_run(part.strip())
    doc.save(path)
    normalize_zip(path)
    return len(turns)


def write_txt(path: Path, group: FocusGroup, rng: random.Random) -> int:
    """Plain-text transcript with ``[HH:MM:SS] Name:`` lines, UTF-8, as a transcription service delivers."""
    turns = add_timings(parse_dialogue(group.dialogue), rng, group.start_seconds)
    lines = [group.title, group.date_line, *group.intro_lines, ""]
    for turn in turns:
        parts = [p.strip() for p in turn.text.split(PARAGRAPH_BREAK.strip())]
        lines.append(f"[{_hms(turn.start)}] {group.speakers[turn.key]}: {parts[0]}")
        lines.extend(parts[1:])  # continuation lines of the same turn carry no label
        lines.append("")
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8", newline="\n")
    return len(turns)


_NOTE = re.compile(r" ?\((?:griner|latter|suk)\)")
_CLAUSE_END = re.compile(r"[.,?!:;–]$")


def split_cues(text: str, rng: random.Random) -> list[str]:
    """Cut a turn into 1-5 cues like Teams' captioning: short turns stay whole, long ones split near punctuation."""
    words = text.replace(PARAGRAPH_BREAK, " ").split()
    if len(words) < 9:
        return [" ".join(words)]
    n = min(5, max(2, round(len(words) / rng.uniform(9, 14))))
    cuts = []
    for k in range(1, n):
        target = round(k * len(words) / n)
        best = target
        for delta in (0, 1, -1, 2, -2, 3, -3):
            idx = target + delta
            if 0 < idx < len(words) and _CLAUSE_END.search(words[idx - 1]):
                best = idx
                break
        if (not cuts or best > cuts[-1]) and best < len(words):
            cuts.append(best)
    bounds = [0, *cuts, len(words)]
    return [" ".join(words[a:b]) for a, b in pairwise(bounds) if b > a]


def write_vtt(path: Path, group: FocusGroup, rng: random.Random) -> int:
    """WebVTT as Microsoft Teams exports it: GUID/n-m cue ids, ``<v Name>`` voice tags, many short cues."""
    turns = add_timings(parse_dialogue(group.dialogue), rng, group.start_seconds)
    out = ["WEBVTT", ""]
    for n, turn in enumerate(turns):
        guid = uuid.UUID(int=rng.getrandbits(128), version=4)
        cues = split_cues(_NOTE.sub("", turn.text), rng)  # speech-to-text writes no "(griner)"
        total = sum(len(c.split()) for c in cues)
        t = turn.start
        for j, cue in enumerate(cues):
            dur = (turn.end - turn.start) * len(cue.split()) / total
            out += [f"{guid}/{n + 12}-{j}", f"{_hms_ms(t)} --> {_hms_ms(t + dur)}"]
            out += [f"<v {group.speakers[turn.key]}>{cue}</v>", ""]
            t += dur
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")
    return len(turns)
