"""The survey's own respondent id in a pseudonymised export: which background fields keep it, and the note
that says so for a file with no room for prose (csv, qdpx; the workbook says it on its first sheet).

Light on purpose (records and messages only): ``focusgroup analyze`` prints the note after its outputs even
when it reuses them, and loading the view's privacy layer (spaCy, torch) for it cost a reused run 0.6 -> 1.8 s
CPU and 58 -> 173 MB (sample survey, tfidf, load 3.4-4.5).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from focusgroup import messages
from focusgroup.records import Quote, renumbered_id


def kept_id_fields(quotes: Iterable[Quote]) -> list[str]:
    """Background fields holding the survey's own respondent id of a renumbered speaker ("Respondent 7" <-
    "Respondent 31046694", field "Respondent": "31046694"): kept as they are (issue 15: ids, dates and
    scales are never pseudonymised), so a pseudonymised export with them is not anonymous."""
    return list(dict.fromkeys(k for q in quotes if renumbered_id(q.speaker, q.role) for k, v in q.metadata.items()
                              if is_speaker_id(q.speaker, v)))


def is_speaker_id(speaker: str, value: Any) -> bool:
    """The metadata field a respondent's name was made from ("Respondent 31015477" <- "31015477")."""
    value = str(value).strip() if value is not None else ""
    return bool(value) and (speaker == value or speaker.endswith(" " + value))


def kept_ids_note(project: Any, file_name: str) -> str:
    """"Bemærk: kolonnen »Respondent« i quotes.csv er spørgeskemaets eget respondent-id ..." for a
    pseudonymised file that carries the survey's id column; "" when the project has none. A csv has no room
    for prose (a note row would be read as data), so the CLI prints it after writing and the app shows it by
    the download."""
    fields = kept_id_fields(project.quotes())
    if not fields:
        return ""
    named = ", ".join(messages.text("exp_quoted", text=f) for f in fields)
    return messages.text("exp_kept_ids_file", fields=named, file=file_name)
