"""The end-to-end job, as plain functions the CLI, the app and batch runs all call.

import_files: files -> project (good files stored, bad files reported, nothing stored half-way).
analyze_project: project -> themes + sentiment, keeping the researcher's edits.
write_outputs: project -> quotes.csv and themes.csv.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from focusgroup.config import AnalysisConfig
from focusgroup.progress import Progress, silent
from focusgroup.store import Project


@dataclass
class ImportReport:
    source_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one plain-language line per bad file
    warnings: list[str] = field(default_factory=list)


def import_files(
    project: Project,
    paths: Sequence[str | Path],
    *,
    text_columns: list[str] | None = None,
    id_column: str | None = None,
    roles: dict[str, str] | None = None,
    progress: Progress = silent,
) -> ImportReport:
    """Import every readable file; a bad file is reported and never stops the others.

    A file whose exact bytes are already in the project is skipped, so re-running an analysis on the
    same files keeps the project (and the researcher's edits and the embedding cache) as it is.
    """
    from focusgroup import messages
    from focusgroup.ingest import IngestError, read_file
    from focusgroup.store.safety import DuplicateSourceError

    report = ImportReport()
    known = {s.sha256: s.name for s in project.sources() if s.sha256}
    for i, path in enumerate(paths):
        progress("Indlæser filer", i, len(paths))
        digest = _sha256(path)
        if digest in known:
            report.warnings.append(messages.text("warn_already_imported", source=Path(path).name, existing=known[digest]))
            continue
        try:
            parsed_sources = read_file(path, text_columns=text_columns, id_column=id_column, roles=roles)
        except IngestError as exc:
            report.errors.append(exc.message())  # in the language in force: Danish unless FOCUSGROUP_LANG=en
            continue
        for parsed in parsed_sources:
            try:
                report.source_ids.append(project.add_parsed(parsed))
            except DuplicateSourceError as exc:  # another import stored the same bytes meanwhile
                report.warnings.append(exc.message())
                continue
            report.warnings.extend(f"{parsed.source.name}: {w}" for w in parsed.warnings)
    progress("Indlæser filer", len(paths), len(paths))
    return report


def _sha256(path: str | Path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None  # ingest reports the unreadable file in its own words


def analyze_project(project: Project, config: AnalysisConfig, progress: Progress = silent) -> int:
    """Find themes and score sentiment; returns the run id. Researcher edits are replayed onto the run.

    Survey non-answers ("Ingenting, tak for hjælpen") are flagged before themes, so they never form one,
    and get the sentiment their question implies after the model has scored the rest.
    """
    from focusgroup import sentiment, themes
    from focusgroup.sentiment import question

    question.refresh_non_answers(project)
    run_id = themes.analyze(project, config, progress=progress)
    sentiment.score_project(project, config, progress=progress)
    question.score_non_answers(project)
    from focusgroup.replies import flag_project

    flag_project(project, progress=progress, embedder=config.embedder)  # survey answers needing a reply
    return run_id


def write_outputs(
    project: Project, out_dir: str | Path, *, pseudonymize: bool = True, progress: Progress = silent
) -> list[Path]:
    """Write quotes.csv (and themes.csv once themes exist) into ``out_dir``, pseudonymised by default."""
    from focusgroup.export._view import build_view
    from focusgroup.export.quotes_csv import write_csv

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    view = build_view(project, real_names=not pseudonymize, progress=progress)  # one view for both files
    written = [write_csv(view, out / "quotes.csv")]
    if project.latest_run_id() is not None:
        from focusgroup.export.themes_csv import write_themes_csv

        written.append(write_themes_csv(project, out / "themes.csv", pseudonymize=pseudonymize, view=view))
    return written
