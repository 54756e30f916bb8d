"""Exports: quotes.csv, themes.csv, xlsx, docx and REFI-QDA.

``export_project`` / ``export_bytes`` are the single entry points for the CLI and the app; the
formats themselves are listed in ``FORMATS`` (see ``registry.py``).
"""

from __future__ import annotations

import importlib
from typing import Any

# Loaded on first use: the view pulls in the privacy layer (spaCy, and torch through thinc), which a
# command that only lists formats (every CLI start, ``--help``) or reuses its outputs never needs.
_LAZY = {
    "ExportError": "_view", "ExportView": "_view", "build_view": "_view", "kept_ids_note": "ids",
    "FORMATS": "registry", "ExportFormat": "registry", "export_bytes": "registry", "export_project": "registry",
    "get_format": "registry",
}

__all__ = [
    "FORMATS", "ExportError", "ExportFormat", "ExportView", "build_view", "export_bytes", "export_project",
    "get_format", "kept_ids_note",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"focusgroup.export.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
