"""ParlaMint / TEI transcripts (.xml): one turn per ``<u who="#id">``, paragraphs from its ``<seg>``s.

Transcriber notes inside a speech (``<note>``, ``<kinesic>``, ``<vocal>``, ``<gap>``) are left out of
the text. The chair (``ana="#chair"``) is the moderator. Speaker names come from the header's
``<person>`` list when it is there, else the id. ParlaMint-DK utterance ids end in the clock time
(``..._20200421130023``), which becomes the turn's timestamp.
"""

from __future__ import annotations

import re

from focusgroup.ingest.encoding import normalize
from focusgroup.ingest.errors import IngestError
from focusgroup.ingest.extract import Dialogue, Extracted, Utterance, expect_kind, register
from focusgroup.records import MODERATOR

_SKIP = {"note", "kinesic", "vocal", "gap", "incident", "desc", "pb", "milestone"}
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_CLOCK = re.compile(r"_\d{8}(\d{2})(\d{2})(\d{2})$")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: object) -> str:
    """Text of an element without the transcriber's notes (their tails are speech and are kept)."""
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) not in _SKIP:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _person_names(root: object) -> dict[str, str]:
    names = {}
    for person in root.iter("{*}person"):
        pid = person.get(_XML_ID)
        pers = next(person.iter("{*}persName"), None)
        if pid and pers is not None:
            fore = [e.text or "" for e in pers.iter("{*}forename")]
            sur = [e.text or "" for e in pers.iter("{*}surname")]
            full = " ".join(w for w in [*fore, *sur] if w.strip()) or " ".join((pers.text or "").split())
            if full:
                names[pid] = full
    return names


@register(".xml")
def read_tei(raw: bytes, name: str) -> Extracted:
    from lxml import etree

    expect_kind(raw, name, ".xml", "text")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise IngestError(name, "corrupt", kind="XML", detail=str(exc)[:80]) from exc
    people = _person_names(root)
    utterances = []
    for u in root.iter("{*}u"):
        who = (u.get("who") or "").lstrip("#") or None
        segs = list(u.iter("{*}seg")) or [u]
        paragraphs = [" ".join(normalize(_text(s)).split()) for s in segs]
        clock = _CLOCK.search(u.get(_XML_ID) or "")
        ana = (u.get("ana") or "").split()
        utterances.append(
            Utterance(
                speaker=people.get(who or "", who),
                text="\n".join(p for p in paragraphs if p),
                timestamp=":".join(clock.groups()) if clock else None,
                role=MODERATOR if "#chair" in ana else None,
            )
        )
    if not utterances:
        raise IngestError(name, "not_tei")
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    return Extracted(Dialogue(utterances), encoding=encoding, metadata={"utterances": len(utterances)})
