"""Danish person-name lists (first names, ambiguous first names, surnames), shipped in ``nlp/data``.

Two layers need them: the lemmatiser keeps "Hans" and "Anders" whole (``nlp.components``) and
pseudonymisation finds names with them (``privacy.detect``). They live here, in the lower layer, so
privacy imports nlp and never the reverse.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, ambiguous first names, surnames) from the shipped text files."""
    data = resources.files("focusgroup.nlp") / "data"
    first, ambiguous = set(), set()
    for line in (data / "first_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("?"):
            ambiguous.add(line[1:])
        else:
            first.add(line)
    surnames = {
        ln.strip()
        for ln in (data / "surnames.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    }
    return frozenset(first | ambiguous), frozenset(ambiguous), frozenset(surnames)
