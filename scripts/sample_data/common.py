"""Helpers shared by the sample-data writers: seeded choice, slot expansion, reproducible zips."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

# Every generated file is byte-identical between runs: one seed, fixed zip timestamps.
SEED = 20210415
FIXED_ZIP_TIME = (2021, 6, 30, 12, 0, 0)
FIXED_MODIFIED = "2021-12-10T09:00:00Z"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

_SLOT = re.compile(r"\{([^{}]*\|[^{}]*)\}")


def expand(text: str, rng: random.Random) -> str:
    """Replace every ``{a|b|c}`` slot by one seeded choice, so one bank line gives several wordings."""
    while True:
        match = _SLOT.search(text)
        if match is None:
            return text
        choice = rng.choice(match.group(1).split("|"))
        text = text[: match.start()] + choice + text[match.end() :]


def weighted_choice(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def normalize_zip(path: Path) -> None:
    """Rewrite an OOXML zip with fixed timestamps and order, so docx/xlsx bytes do not depend on the clock."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    # openpyxl stamps "modified" with the clock at save time, whatever the workbook says
    entries = [
        (name, _MODIFIED.sub(rb"\g<1>" + FIXED_MODIFIED.encode() + rb"\g<2>", data))
        if name == "docProps/core.xml"
        else (name, data)
        for name, data in entries
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    path.write_bytes(buf.getvalue())
