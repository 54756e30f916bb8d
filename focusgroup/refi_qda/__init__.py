"""REFI-QDA exchange (qdasoftware.org): .qdpx projects and .qdc codebooks, written and read.

The exchange format NVivo, ATLAS.ti, MAXQDA and QualCoder import: themes become codes, quotes become
plain-text selections at character offsets of the exported source text.

A top-level package because both directions use it: ``reader`` sits beside ingest (it needs only lxml,
so codebook and coded-project import do not pull in the export layer), ``writer`` sits in the export
layer (it writes an ``ExportView``). The writer's names load lazily so ``from focusgroup.refi_qda
import read_qdpx`` never imports ``focusgroup.export``.
"""

from __future__ import annotations

from typing import Any

from focusgroup.refi_qda.reader import (
    CodebookError,
    QdpxCase,
    QdpxCode,
    QdpxProject,
    QdpxSelection,
    QdpxSource,
    read_codebook,
    read_qdpx,
)

_WRITER = ("qdc_xml", "qde_xml", "write_qdc", "write_qdpx")

__all__ = [
    "CodebookError", "QdpxCase", "QdpxCode", "QdpxProject", "QdpxSelection", "QdpxSource", "qdc_xml",
    "qde_xml", "read_codebook", "read_qdpx", "write_qdc", "write_qdpx",
]


def __getattr__(name: str) -> Any:
    if name in _WRITER:
        from focusgroup.refi_qda import writer

        return getattr(writer, name)
    raise AttributeError(f"module 'focusgroup.refi_qda' has no attribute {name!r}")
