"""The end-to-end job, as plain functions the CLI, the app and batch runs all call.

import_files: files -> project (good files stored, bad files reported, nothing stored half-way).
analyze_project: project -> themes + sentiment, keeping the researcher's edits (an unchanged project
keeps its last run: ``analysis_fingerprint``).
write_outputs: project -> quotes.csv and themes.csv.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from focusgroup.config import AnalysisConfig
from focusgroup.lean_imports import import_bertopic_lean
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


REUSE_SETTING = "analysis.reuse"  # {"fingerprint": ..., "run_id": ...} of the last complete analyze_project


def analyze_project(
    project: Project, config: AnalysisConfig, progress: Progress = silent, *, reuse: bool = True,
    prefetch_ner: bool = False,
) -> int:
    """Find themes and score sentiment; returns the run id. Researcher edits are replayed onto the run.

    Survey non-answers ("Ingenting, tak for hjælpen") are flagged before themes, so they never form one,
    and get the sentiment their question implies after the model has scored the rest.

    With ``reuse`` (the default), a project whose inputs, settings, models and code are what its last
    complete analysis saw (``analysis_fingerprint``) keeps that run: nothing is fitted or scored again.
    The researcher's edits since then were made on that very run, so it already holds them.

    ``prefetch_ner`` (the CLI, when it writes pseudonymised outputs next): the e5 NER tags the quotes in a
    background thread while the themes' one-core steps run (``privacy.ner_spans.prefetch``; same spans).
    """
    fingerprint = analysis_fingerprint(project, config)
    if reuse and (run := reusable_run(project, config, fingerprint)) is not None:
        from focusgroup.messages import text

        progress(text("analysis_reused", run=run), 1, 1)
        return run
    if prefetch_ner:
        _prefetch_ner(project)
    import_bertopic_lean()
    from focusgroup import sentiment, themes
    from focusgroup.replies import flag_project
    from focusgroup.sentiment import question

    question.refresh_non_answers(project)
    run_id = themes.analyze(project, config, progress=progress)
    sentiment.score_project(project, config, progress=progress)
    question.score_non_answers(project)
    flag_project(project, progress=progress, embedder=config.embedder)  # survey answers needing a reply
    project.set_setting(REUSE_SETTING, {"fingerprint": fingerprint, "run_id": run_id})
    return run_id


def _prefetch_ner(project: Project) -> None:
    """Start the NER of the pseudonymised outputs beside the analysis; a failure only means it runs later."""
    try:
        from focusgroup.privacy.ner_spans import prefetch

        prefetch([q.text for q in project.quotes()], project)
    except Exception:  # noqa: BLE001 -- an optimisation: write_outputs tags whatever is not tagged
        pass


def reusable_run(project: Project, config: AnalysisConfig, fingerprint: str | None = None) -> int | None:
    """The latest run when the last complete analysis made it from exactly these inputs, else None."""
    stored = project.get_setting(REUSE_SETTING) or {}
    run = project.latest_run_id()
    if run is None or stored.get("run_id") != run:
        return None  # never analysed, a later run (batch, the app's history), or the last analysis broke off
    fingerprint = fingerprint or analysis_fingerprint(project, config)
    return run if stored.get("fingerprint") == fingerprint else None


def analysis_fingerprint(project: Project, config: AnalysisConfig) -> str:
    """sha256 of everything an analysis depends on: the project's sources, speakers and quotes, the
    settings (and the codebook file's bytes), the ``FOCUSGROUP_*`` environment (the sentiment model,
    spaCy pipeline, NER choices), and the installation: focusgroup's own files, the shipped models and
    the installed packages' versions. Any change there means a new fit."""
    h = hashlib.sha256()
    h.update(json.dumps(config.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    if config.codebook:
        h.update((_sha256(config.codebook) or "missing").encode())
    h.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("FOCUSGROUP_"))).encode())
    h.update(_installation_digest())
    h.update(project.input_digest().encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _installation_digest() -> bytes:
    """Python's version, focusgroup's files (contents), the models folder's files but model cards (name,
    size, mtime) and the installed distributions (``*.dist-info`` names carry name and version). ~20 ms."""
    from focusgroup import paths

    h = hashlib.sha256(sys.version.encode())
    for f in sorted(paths.PACKAGE_DIR.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(paths.PACKAGE_DIR)).encode() + f.read_bytes())
    models = paths.models_dir()
    for f in sorted(models.rglob("*")) if models.is_dir() else []:
        if f.is_file() and f.suffix != ".md":  # a model card's wording changes no result
            st = f.stat()
            h.update(f"{f.relative_to(models)}:{st.st_size}:{st.st_mtime_ns}".encode())
    for folder in dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")):
        with contextlib.suppress(OSError):
            h.update(repr(sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))).encode())
    return h.digest()


OUTPUTS_SETTING = "outputs.reuse"  # {"key": ..., "files": {name: sha256}} of the last write_outputs
CACHE_TABLES = {"embeddings", "lemma_cache", "ner_spans"}  # caches never change what an output says


def write_outputs(
    project: Project, out_dir: str | Path, *, pseudonymize: bool = True, progress: Progress = silent,
    reuse: bool = True,
) -> list[Path]:
    """Write quotes.csv (and themes.csv once themes exist) into ``out_dir``, pseudonymised by default.

    With ``reuse``, files this function wrote before from exactly the same project content (caches
    aside), pseudonymisation key, settings and installation, still there byte for byte, are kept:
    an unchanged project's re-analysis then never builds the pseudonymised view again.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if reuse and (kept := _kept_outputs(project, out, pseudonymize)) is not None:
        return kept
    from focusgroup.export._view import build_view
    from focusgroup.export.quotes_csv import write_csv

    view = build_view(project, real_names=not pseudonymize, progress=progress)  # one view for both files
    written = [write_csv(view, out / "quotes.csv")]
    if project.latest_run_id() is not None:
        from focusgroup.export.themes_csv import write_themes_csv

        written.append(write_themes_csv(project, out / "themes.csv", pseudonymize=pseudonymize, view=view))
    project.set_setting(OUTPUTS_SETTING, {  # after writing: the view may have continued the key
        "key": _outputs_key(project, out, pseudonymize), "files": {p.name: _sha256(p) for p in written},
    })
    return written


def _kept_outputs(project: Project, out: Path, pseudonymize: bool) -> list[Path] | None:
    stored = project.get_setting(OUTPUTS_SETTING) or {}
    files = [out / name for name in stored.get("files", {})]
    if not files or any(_sha256(p) != stored["files"][p.name] for p in files):
        return None  # never written here, or a file was changed or removed since
    return files if stored.get("key") == _outputs_key(project, out, pseudonymize) else None


def _outputs_key(project: Project, out: Path, pseudonymize: bool) -> str:
    from focusgroup.store.keyfile import key_path

    h = hashlib.sha256(f"{out.resolve()}|{pseudonymize}".encode())
    h.update(project.content_digest(CACHE_TABLES, {OUTPUTS_SETTING}).encode())
    h.update((_sha256(key_path(project.path)) or "no key").encode())
    h.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("FOCUSGROUP_"))).encode())
    h.update(_installation_digest())
    return h.hexdigest()
