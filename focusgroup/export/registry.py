"""Export formats by name, so the CLI and the app list and call formats from one place.

Writers are named as "module:function" and imported only when used, so listing formats (``--help``,
the app's menu) never loads xlsxwriter, python-docx or matplotlib.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from focusgroup.progress import Progress, silent
from focusgroup.registry import Registry, load
from focusgroup.store import Project

if TYPE_CHECKING:  # the view (and the privacy layer under it: spaCy, torch) loads when an export is written
    from focusgroup.export._view import ExportView

Writer = Callable[["ExportView", Path], Path]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    mime: str
    label: str  # Danish, for the app's menu
    label_en: str
    writer: str  # "module:function" taking (ExportView, Path)

    def load(self) -> Writer:
        return load(self.writer)


FORMATS: Registry[ExportFormat] = Registry("export format")


def register(fmt: ExportFormat) -> ExportFormat:
    return FORMATS.register(fmt.name, item=fmt)


register(ExportFormat("csv", ".csv", "text/csv", "Citater (CSV)", "Quotes (CSV)",
                      "focusgroup.export.quotes_csv:write_csv"))
register(ExportFormat("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      "Regneark (Excel)", "Spreadsheet (Excel)", "focusgroup.export.xlsx:write_xlsx"))
register(ExportFormat("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      "Rapport (Word)", "Report (Word)", "focusgroup.export.docx_report:write_docx"))
register(ExportFormat("qdpx", ".qdpx", "application/zip", "REFI-QDA-projekt (NVivo, ATLAS.ti, MAXQDA)",
                      "REFI-QDA project (NVivo, ATLAS.ti, MAXQDA)", "focusgroup.refi_qda.writer:write_qdpx"))
register(ExportFormat("qdc", ".qdc", "application/xml", "REFI-QDA-kodebog", "REFI-QDA codebook",
                      "focusgroup.refi_qda.writer:write_qdc"))


def get_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name.lower().lstrip(".")]
    except KeyError:
        from focusgroup.export._view import ExportError

        raise ExportError("export_format", format=name, choices=", ".join(FORMATS)) from None


def export_project(
    project: Project, fmt: str, out_path: str | Path, *, real_names: bool = False, view: ExportView | None = None,
    progress: Progress = silent, lang: str | None = None,
) -> Path:
    """Write the project in format ``fmt`` to ``out_path``; pseudonymised unless ``real_names``.

    ``view``: a view from ``build_view`` to reuse when writing several formats (pseudonymising a
    large project takes a while); it must have been built with the same ``real_names``.
    ``lang``: "da" or "en" for the documents' words (headings, sheet names, charts); None: the language
    in force (``FOCUSGROUP_LANG``). Quotes, labels and csv columns are the same in every language.
    """
    from focusgroup import messages

    with messages.language(lang):
        return _export(project, fmt, out_path, real_names=real_names, view=view, progress=progress)


def _export(
    project: Project, fmt: str, out_path: str | Path, *, real_names: bool, view: ExportView | None,
    progress: Progress,
) -> Path:
    from focusgroup.export._view import ExportError, build_view
    from focusgroup.messages import get_language, text

    spec = get_format(fmt)
    out = Path(out_path)
    if out.is_dir():
        out = out / (Path(project.path).stem + spec.extension)
    out.parent.mkdir(parents=True, exist_ok=True)
    if view is None:
        view = build_view(project, real_names=real_names, progress=progress)
    elif view.pseudonymised == real_names:
        raise ExportError("export_view_mismatch")
    # Write next to the target, then rename: a failed export never leaves half a file behind.
    tmp = out.with_name(f".{out.name}.part")
    step = text("exp_writing", label=spec.label_en if get_language() == "en" else spec.label)
    try:
        progress(step, 0, 1)
        spec.load()(view, tmp)
        tmp.replace(out)
        progress(step, 1, 1)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def export_bytes(
    project: Project, fmt: str, *, real_names: bool = False, view: ExportView | None = None,
    progress: Progress = silent, lang: str | None = None,
) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) for a download button; ``lang`` as in ``export_project``."""
    spec = get_format(fmt)
    filename = Path(project.path).stem + spec.extension
    with tempfile.TemporaryDirectory() as tmp:
        path = export_project(project, fmt, Path(tmp) / filename, real_names=real_names, view=view,
                              progress=progress, lang=lang)
        return path.read_bytes(), filename, spec.mime
