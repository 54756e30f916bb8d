"""Exports: quotes.csv, themes.csv, xlsx, docx and REFI-QDA.

``export_project`` / ``export_bytes`` are the single entry points for the CLI and the app; the
formats themselves are listed in ``FORMATS`` (see ``registry.py``).
"""

from focusgroup.export._view import ExportError, ExportView, build_view
from focusgroup.export.registry import FORMATS, ExportFormat, export_bytes, export_project, get_format

__all__ = [
    "FORMATS", "ExportError", "ExportFormat", "ExportView", "build_view", "export_bytes", "export_project",
    "get_format",
]
