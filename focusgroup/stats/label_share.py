"""How many of a theme's quotes its label names: "Etiketten står i 12 af 40 citater".

A label is chosen from a fair share of a theme's quotes, but a theme can hold more than one topic, and a
label may name only one of them ("Kaffen" on ten quotes of which two mention coffee). The researcher sees
this figure beside the label and knows when to read the quotes before trusting the name.

A quote carries the label when it contains every content word of the label, or of one part of a label
of several parts ("Læge og brevene": "læge", or "brevene"). Words are matched as the Søg page matches
them (``focusgroup.search``: the same light stem, or a compound that starts with the word), on stems
only: no language model runs, so the app's overview and the exports stay instant, and the figure does not
change with the pipeline. Function words (articles, prepositions, pronouns) are not required.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from focusgroup.search import WORD, SearchIndex

# Closed-class words a label may contain that no quote needs to repeat ("Borgerne i øjenhøjde",
# "Beholde den samme sagsbehandler"). Adjectives such as "ny" and "god" stay: they are what the label says.
FUNCTION_WORDS = frozenset("""
    en et den det de der som og eller men at i på af til med for fra om under over ved efter uden hos mod
    gennem mellem samme sin sit sine min mit mine din dit dine vores jeres deres hans hendes dens dets man
    jeg du han hun vi i dem sig så når hvor hvad hvis ikke også
""".split())
_PARTS = re.compile(r",|;|\s+og\s+|\s+eller\s+|\s+&\s+|\s+/\s+", re.IGNORECASE)


def _same(words: Sequence[str]) -> dict[str, str]:
    return {w: w for w in words}


def label_parts(label: str) -> list[list[str]]:
    """The content words of each part of ``label`` ("Læge og brevene" -> [["læge"], ["brevene"]])."""
    parts = []
    for part in _PARTS.split(label or ""):
        words = [w.lower() for w in WORD.findall(part) if w.lower() not in FUNCTION_WORDS and not w.isdigit()]
        if words:
            parts.append(words)
    return parts


def label_rows(label: str, texts: Sequence[str]) -> set[int]:
    """Positions of the ``texts`` that carry ``label``."""
    parts = label_parts(label)
    if not parts:
        return set()
    index = SearchIndex(list(texts), _same)
    found: set[int] = set()
    for words in parts:
        rows = _rows(index, words[0])
        for word in words[1:]:
            rows &= _rows(index, word)
        found |= rows
    return found


def _rows(index: SearchIndex, word: str) -> set[int]:
    """Rows with ``word`` as Søg finds it; a word of three letters or less also in its -e and -t forms ("ny":
    "nye", "nyt"), which the light stem leaves alone below four letters."""
    rows = set(index.search(word))
    if len(word) <= 3:
        for form in (word + "e", word + "t"):
            rows |= set(index.search(form))
    return rows


def label_hits(label: str, texts: Sequence[str]) -> int:
    """How many of ``texts`` (one theme's quotes) carry ``label``."""
    return len(label_rows(label, texts))


def theme_label_hits(labels: dict[int, str], texts: dict[int, Sequence[str]]) -> dict[int, int]:
    """Per theme id: how many of its quotes (``texts[theme_id]``; a parent: the quotes of all the themes
    under it) carry its label."""
    return {tid: label_hits(labels[tid], quotes) for tid, quotes in texts.items() if tid in labels}
