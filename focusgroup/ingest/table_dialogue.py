"""Transcripts exported as tables (Descript, Rev, Otter CSV): a speaker column and a text column.

Such a table is a transcript, not a survey: each row is a cue, consecutive rows of one speaker make
one turn. Recognised only by its column names, and only when the user named no free-text column.
"""

from __future__ import annotations

import re

from focusgroup.ingest.cues import merge_cues
from focusgroup.ingest.extract import Dialogue, Table

SPEAKER_COLUMNS = {"speaker", "speakername", "taler", "talernavn", "speakerlabel", "who"}
TEXT_COLUMNS = {"text", "tekst", "transcript", "transskription", "utterance", "ytring", "content"}
TIME_COLUMNS = {"start", "starttime", "starttid", "time", "tid", "tidspunkt", "timestamp", "begin"}
_TIME = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d+)?$")


def _key(name: str) -> str:
    return re.sub(r"[^\w]|_", "", name.casefold())


def _find(table: Table, names: set[str]) -> int | None:
    return next((i for i, h in enumerate(table.header) if _key(h) in names), None)


def as_dialogue(table: Table) -> Dialogue | None:
    """The table as a dialogue when it has speaker and text columns, else None."""
    speaker_col, text_col = _find(table, SPEAKER_COLUMNS), _find(table, TEXT_COLUMNS)
    if speaker_col is None or text_col is None:
        return None
    time_col = _find(table, TIME_COLUMNS)
    cues = []
    for row in table.rows:
        text = " ".join(row[text_col].split())
        if not text:
            continue
        stamp = row[time_col].strip() if time_col is not None else ""
        cues.append((stamp if _TIME.match(stamp) else "", row[speaker_col].strip() or None, text))
    utterances = merge_cues(cues)
    for u in utterances:
        u.timestamp = u.timestamp or None
        u.marks = [(off, ts) for off, ts in u.marks if ts]
    return Dialogue(utterances)
