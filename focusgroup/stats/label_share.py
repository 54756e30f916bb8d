"""How many of a theme's quotes its label names: "Etiketten står i 12 af 40 citater".

A label is chosen from a fair share of a theme's quotes, but a theme can hold more than one topic, and a
label may name only one of them ("Kaffen" on ten quotes of which one mentions coffee). The researcher sees
this figure beside the label and knows when to read the quotes before trusting the name.

A quote carries the label when it contains every content word of the label, or of one part of a label
of several parts ("Læge og brevene": "læge", or "brevene"). Which quotes contain a word is
``find``: ``label_hits_in`` (the figure the app's theme table, the workbook, the Word report and the parent
labeller show) uses ``focusgroup.search.stem_finder``: the Søg page's light stem rules on each word's noun lemma,
a compound counted for its head as the labeller counts it, no tagger, so the overview and the exports stay
instant. So this one module of ``stats`` sits in layer 3 beside ``search`` (tests/test_architecture.py); it says
what carrying a label means, so every place shows the same figure. Function words (articles, prepositions,
pronouns) are not required; a word of three letters or less also counts in its -e and -t forms ("ny":
"nye", "nyt"), which the light stem leaves alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from focusgroup.search import stem_finder

# Closed-class words a label may contain that no quote needs to repeat ("Borgerne i øjenhøjde",
# "Beholde den samme sagsbehandler"). Adjectives such as "ny" and "god" stay: they are what the label says.
FUNCTION_WORDS = frozenset("""
    en et den det de der som og eller men at i på af til med for fra om under over ved efter uden hos mod
    gennem mellem samme sin sit sine min mit mine din dit dine vores jeres deres hans hendes dens dets man
    jeg du han hun vi i dem sig så når hvor hvad hvis ikke også
""".split())
_PARTS = re.compile(r",|;|\s+og\s+|\s+eller\s+|\s+&\s+|\s+/\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:-\w+)*")

Finder = Callable[[str], Iterable[int]]  # a word -> the positions of the texts that contain it


def label_parts(label: str) -> list[list[str]]:
    """The content words of each part of ``label`` ("Læge og brevene" -> [["læge"], ["brevene"]])."""
    parts = []
    for part in _PARTS.split(label or ""):
        words = [w.lower() for w in _WORD.findall(part) if w.lower() not in FUNCTION_WORDS and not w.isdigit()]
        if words:
            parts.append(words)
    return parts


def label_rows(label: str, find: Finder) -> set[int]:
    """Positions of the texts (those ``find`` searches) that carry ``label``."""
    found: set[int] = set()
    for words in label_parts(label):
        rows = _rows(find, words[0])
        for word in words[1:]:
            rows &= _rows(find, word)
        found |= rows
    return found


def label_hits(label: str, find: Finder) -> int:
    """How many of the texts ``find`` searches (one theme's quotes) carry ``label``."""
    return len(label_rows(label, find))


def label_hits_in(label: str, texts: Sequence[str]) -> int:
    """How many of ``texts`` (one theme's quotes) carry ``label``, found by ``search.stem_finder``: "Etiketten i"
    in the app, the workbook and the Word report, and the share a parent's label is weighed by
    (``themes.describe``), from this one call so they cannot count differently."""
    return label_hits(label, stem_finder(texts))


def _rows(find: Finder, word: str) -> set[int]:
    rows = set(find(word))
    if len(word) <= 3:
        for form in (word + "e", word + "t"):
            rows |= set(find(form))
    return rows
