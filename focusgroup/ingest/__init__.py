"""Files to ``ParsedSource`` records: transcripts and survey exports, with exact quote offsets.

``read_file`` never lets a traceback through: every problem becomes an ``IngestError`` whose text
names the file and the problem ("interview.pdf: the PDF is encrypted ...").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

# Readers register themselves with the extension registry on import.
from focusgroup import limits, messages
from focusgroup.ingest import cues, documents, tables, tei  # noqa: F401
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import READERS, Dialogue, Extracted, Table, TextDoc, reader_for
from focusgroup.ingest.passages import DEFAULT_MAX_CHARS
from focusgroup.ingest.roles import canonical_role
from focusgroup.ingest.survey import build_survey, guess_id_column, propose_columns
from focusgroup.ingest.table_dialogue import as_dialogue
from focusgroup.ingest.transcript import from_dialogue, from_text
from focusgroup.records import SURVEY, TRANSCRIPT, ParsedSource, Source

__all__ = ["IngestError", "SUPPORTED_EXTENSIONS", "propose_text_columns", "read_file", "read_files"]

SUPPORTED_EXTENSIONS = tuple(sorted(READERS))


def _extract(path: Path) -> tuple[bytes, Extracted]:
    if not path.exists():
        raise IngestError(path, "missing")
    if path.is_dir():
        raise IngestError(path, "unreadable", detail=messages.text("is_a_folder"))
    try:
        limits.check_file_size(path)
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, "unreadable", detail=exc.strerror or type(exc).__name__) from exc
    reader = reader_for(path.suffix, path.name)
    if not raw.strip():
        raise IngestError(path, "empty")
    return raw, reader(raw, path.name)


def _check_roles(roles: Mapping[str, str] | None, name: str) -> dict[str, str] | None:
    if not roles:
        return None
    checked = {}
    for speaker, role in roles.items():
        canonical = canonical_role(role)
        if canonical is None:
            raise IngestError(name, "bad_role", role=role, speaker=speaker)
        checked[speaker] = canonical
    return checked


def _columns(text_columns: str | Sequence[str] | None) -> list[str] | None:
    if text_columns is None:
        return None
    return [text_columns] if isinstance(text_columns, str) else list(text_columns)


def _parse(
    path: Path,
    text_columns: list[str] | None,
    id_column: str | None,
    roles: dict[str, str] | None,
    max_chars: int,
) -> ParsedSource:
    raw, extracted = _extract(path)
    limits.check_time()
    content = extracted.content
    kind = TRANSCRIPT
    if isinstance(content, TextDoc):
        text = content.text
        limits.check_text(len(text), path)
        if not text.strip():
            raise IngestError(path, "no_text")
        speakers, quotes, warnings = from_text(text, roles, max_chars)
    elif isinstance(content, Dialogue):
        text, speakers, quotes, warnings = from_dialogue(content, roles, max_chars)
        if not quotes:
            raise IngestError(path, "no_text")
    elif not text_columns and (dialogue := as_dialogue(content)) is not None:
        text, speakers, quotes, warnings = from_dialogue(dialogue, roles, max_chars)
        warnings.append(messages.text("warn_table_as_transcript"))
        if not quotes:
            raise IngestError(path, "no_text")
    else:
        text, speakers, quotes, warnings = build_survey(content, path.name, text_columns, id_column, max_chars)
        kind = SURVEY
    limits.check_text(len(text), path)
    limits.check_time()
    source = Source(
        name=path.name,
        text=text,
        kind=kind,
        format=path.suffix.lower().lstrip("."),
        encoding=extracted.encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        metadata={"path": str(path), **extracted.metadata},
    )
    for q in quotes:
        q.source_name = path.name
        if text[q.start : q.end] != q.text:  # the invariant exports rely on; never store a broken source
            raise IngestError(path, "internal", detail=f"quote offsets do not match the text at {q.start}")
    return ParsedSource(source, speakers, quotes, extracted.warnings + warnings)


def read_file(
    path: str | Path,
    text_columns: str | Sequence[str] | None = None,
    id_column: str | None = None,
    roles: Mapping[str, str] | None = None,
    *,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[ParsedSource]:
    """Parse one file into sources (one per file today) with speakers and quotes.

    ``text_columns``/``id_column`` apply to survey tables (proposed/guessed when omitted), ``roles``
    ({speaker name: "moderator" | "participant"}) to transcripts. Raises ``IngestError`` only.
    """
    path = Path(path)
    try:
        with limits.time_budget(path):
            return [_parse(path, _columns(text_columns), id_column, _check_roles(roles, path.name), max_chars)]
    except IngestError:
        raise
    except MemoryError as exc:
        raise IngestError(path, "internal", detail="not enough memory") from exc
    except Exception as exc:  # a reader bug must still name the file, not print a traceback
        raise IngestError(path, "internal", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc


def read_files(
    paths: Iterable[str | Path], **kwargs: object
) -> tuple[list[ParsedSource], list[IngestError]]:
    """Read a batch: the good files' sources, and one error per bad file."""
    good: list[ParsedSource] = []
    bad: list[IngestError] = []
    for path in paths:
        try:
            good.extend(read_file(path, **kwargs))  # type: ignore[arg-type]
        except IngestError as exc:
            bad.append(exc)
    return good, bad


def propose_text_columns(path: str | Path) -> list[str]:
    """Columns of a survey file that look like free text; [] for a transcript. Raises IngestError."""
    path = Path(path)
    try:
        with limits.time_budget(path):
            _, extracted = _extract(path)
    except IngestError:
        raise
    except Exception as exc:
        raise IngestError(path, "internal", detail=f"{type(exc).__name__}: {exc}"[:200]) from exc
    content = extracted.content
    if not isinstance(content, Table) or as_dialogue(content) is not None:
        return []
    id_col = guess_id_column(content)
    return propose_columns(content, exclude=[id_col] if id_col else [])
