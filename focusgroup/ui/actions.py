"""Everything the app writes, as plain functions over the same pipeline, edit and store calls as the CLI.

Uploads: the bytes go to a private temporary folder under generated names; the researcher's file
name is only ever kept as the source's display name, never used as a path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from focusgroup.records import MODERATOR, PARTICIPANT, SURVEY, ParsedSource
from focusgroup.store import Project

SAFE_NAME = re.compile(r"^[\w][\w \-.]{0,79}$")  # \w includes æ, ø, å
PROJECT_SUFFIX = ".fgproj"


# -- projects ------------------------------------------------------------------------------


def list_projects(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{PROJECT_SUFFIX}"), key=lambda p: p.name.lower()) if folder.is_dir() else []


def create_project(folder: Path, name: str) -> Path:
    """A new empty project in ``folder``; the name is checked, so it can never escape the folder."""
    name = name.strip().removesuffix(PROJECT_SUFFIX)
    if not SAFE_NAME.match(name) or ".." in name:
        raise ValueError("bad_name")
    path = folder / f"{name}{PROJECT_SUFFIX}"
    if path.exists():
        raise FileExistsError(name)
    folder.mkdir(parents=True, exist_ok=True)
    Project(path).close()
    return path


def delete_project(path: Path) -> None:
    Project.delete(path)


# -- uploads -------------------------------------------------------------------------------


@dataclass
class Upload:
    """One uploaded file: its original name (display only), where its bytes are, and what was found."""

    name: str
    path: Path
    kind: str = ""
    parsed: ParsedSource | None = None
    error: str = ""
    columns: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        return [s.name for s in self.parsed.speakers] if self.parsed else []

    @property
    def moderators(self) -> list[str]:
        return [s.name for s in self.parsed.speakers if s.role == MODERATOR] if self.parsed else []


def save_upload(folder: Path, name: str, content: bytes) -> Path:
    """Store bytes 0600 under a generated name (``ui.uploads``); only the checked extension is kept."""
    from focusgroup.ui import uploads

    return uploads.save_upload(folder, name, content)


def upload_dir() -> Path:
    """A private (0700) folder for a session's uploads, removed when the app stops (``ui.uploads``)."""
    from focusgroup.ui import uploads

    return uploads.upload_dir()


def receive_upload(folder: Path, name: str, size: int, content: Callable[[], bytes], lang: str = "da") -> Upload:
    """An uploaded file through the same limits as every input: one over the size limit is refused before
    a byte of it is written to disk or read; the rest are saved (0600) and inspected by ``read_file``."""
    from focusgroup import limits

    if size > limits.value("file_mb") * 1e6:
        err = limits.LimitError(name, "limit_file", limit="file_mb", size=size / 1e6)
        return Upload(name, folder / "(not saved)", error=err.problem_da if lang == "da" else err.problem)
    return inspect_upload(Upload(name, save_upload(folder, name, content())), lang)


def inspect_upload(upload: Upload, lang: str = "da") -> Upload:
    """Parse once to show what the file holds (speakers, turns, quotes, columns) or why it fails."""
    from focusgroup import messages
    from focusgroup.ingest import IngestError, propose_text_columns, read_file

    try:
        upload.proposed = propose_text_columns(upload.path)
        with messages.language(lang):  # the file's warnings in the reader's words
            upload.parsed = read_file(upload.path, text_columns=upload.proposed or None)[0]
        upload.kind = upload.parsed.source.kind
        if upload.kind == SURVEY:
            upload.columns = _table_columns(upload.parsed)
    except IngestError as exc:
        upload.error = exc.problem_da if lang == "da" else exc.problem
    return upload


def _table_columns(parsed: ParsedSource) -> list[str]:
    """Every column of a survey: the free-text ones that were read plus the background fields."""
    columns = list(dict.fromkeys(q.column for q in parsed.quotes if q.column))
    for q in parsed.quotes:
        columns += [k for k in q.metadata if k not in columns]
    return columns


def import_upload(project: Project, upload: Upload, *, text_columns: list[str] | None = None,
                  moderators: list[str] | None = None, lang: str | None = None) -> tuple[list[int], list[str]]:
    """Import through ``pipeline.import_files``; returns (source ids, plain-language errors in ``lang``)."""
    from focusgroup import messages
    from focusgroup.pipeline import import_files

    roles = None
    if upload.kind != SURVEY and upload.parsed is not None and moderators is not None:
        roles = {s: (MODERATOR if s in moderators else PARTICIPANT) for s in upload.speakers}
    with messages.language(lang):
        report = import_files(project, [upload.path], text_columns=text_columns or None, roles=roles)
    for source_id in report.source_ids:
        rename_source(project, source_id, upload.name)
    errors = [e.replace(upload.path.name, upload.name) for e in report.errors]
    return report.source_ids, errors


def rename_source(project: Project, source_id: int, name: str) -> None:
    """The researcher's file name as the source name; the temporary path is not kept."""
    source = project.source(source_id)
    metadata = {k: v for k, v in source.metadata.items() if k != "path"}
    project.rename_source(source_id, name, metadata)


# -- theme edits (focusgroup.themes.edits: logged, replayed over re-analysis) ---------------


def edit_notices(changes: list | None, lang: str | None = None) -> list[str]:
    """What to tell after an edit: each parent whose label it changed (``themes.edits.notices``)."""
    from focusgroup.themes.edits import notices

    return notices(changes or [], lang)


def rename_theme(project: Project, theme_id: int, label: str) -> list:
    """Each edit returns the parents whose label it changed (``themes.edits.ParentChange``), to tell."""
    from focusgroup.themes import edits

    return edits.rename(project, theme_id, label)


def set_theme_memo(project: Project, theme_id: int, text: str) -> list:
    from focusgroup.themes import edits

    return edits.memo(project, theme_id, text)


def merge_themes(project: Project, theme_ids: list[int], label: str | None = None) -> list:
    from focusgroup.themes import edits

    return edits.merge(project, theme_ids, label or None)


def split_theme(project: Project, theme_id: int, parts: int) -> list:
    from focusgroup.themes import edits

    return edits.split(project, theme_id, parts)


def move_quote(project: Project, quote_id: int, theme_id: int | None) -> list:
    return move_quotes(project, [quote_id], theme_id)


def move_quotes(project: Project, quote_ids: list[int], theme_id: int | None) -> list:
    from focusgroup.themes import edits

    return edits.move(project, quote_ids, theme_id)


def set_key_quote(project: Project, quote_id: int, flag: bool) -> None:
    from focusgroup.themes import edits

    edits.set_key_quote(project, quote_id, flag)
