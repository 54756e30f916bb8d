"""REFI-QDA exchange (qdasoftware.org): .qdpx projects and .qdc codebooks, written and read.

The exchange format NVivo, ATLAS.ti, MAXQDA and QualCoder import: themes become codes, quotes become
plain-text selections at character offsets of the exported source text.
"""

from focusgroup.export.refi_qda.reader import (
    CodebookError,
    QdpxCode,
    QdpxProject,
    QdpxSelection,
    QdpxSource,
    read_codebook,
    read_qdpx,
)
from focusgroup.export.refi_qda.writer import qdc_xml, qde_xml, write_qdc, write_qdpx

__all__ = [
    "CodebookError", "QdpxCode", "QdpxProject", "QdpxSelection", "QdpxSource", "qdc_xml", "qde_xml",
    "read_codebook", "read_qdpx", "write_qdc", "write_qdpx",
]
