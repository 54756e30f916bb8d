"""The XML plumbing the REFI-QDA writer shares: namespaced elements, stable GUIDs, cleaned text."""

from __future__ import annotations

import re
import uuid

from lxml import etree

NS = "urn:QDA-XML:project:1.0"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Ids:
    """Stable GUIDs: the same project object gets the same GUID in every export."""

    def __init__(self, namespace: str) -> None:
        self.ns = uuid.UUID(namespace)

    def __call__(self, kind: str, key: object) -> str:
        return str(uuid.uuid5(self.ns, f"{kind}:{key}"))


def el(parent: etree._Element | None, tag: str, **attrs: str) -> etree._Element:
    if parent is None:
        return etree.Element(f"{{{NS}}}{tag}", attrs, nsmap={None: NS})
    return etree.SubElement(parent, f"{{{NS}}}{tag}", attrs)


def short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters; they carry no meaning in a name or memo."""
    return _XML_ILLEGAL.sub("", text or "")


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
