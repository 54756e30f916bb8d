"""Is a capitalised word an ordinary Danish word rather than a person's name?

A sentence-initial noun or verb ("Tank", "Tilføje", "Længere", "Ring"), a heading word
("Jobkonsulent") or an organisation ("Udbetaling Danmark", "Jobklubben") is capitalised like a name,
and a small NER model calls many of them PER (issue 15: they became "[Person N]" in Word headings
and sheet names). ``common_word`` says a word is a frequent Danish word (wordfreq's Danish list,
Zipf >= ``MIN_ZIPF``) or a compound ending in one ("Job" + "konsulent", "Job" + "klubben"), and is
not a name in the shipped first-name, surname or DaNE name lists. wordfreq counts names too
("peter" 5.1), which is why the name lists come first: the rule removes only NER guesses that no
list supports; list-found names and names after a role noun or naming verb are unaffected.
"""

from __future__ import annotations

import re
from functools import lru_cache

from focusgroup.nlp.stopwords import STOP_WORDS

MIN_ZIPF = 3.0  # about 1 per million words: "udbetaling" 3.4, "tank" 4.1; "krag" (a surname) 3.25 is in the lists
MIN_PART_ZIPF = 3.4
MIN_INITIAL_ZIPF = 4.0  # a lone sentence-initial word: "Tank" 4.1, "Tilføje" 4.2, "Lyt" 4.6
MIN_SHORT_PART_ZIPF = 4.0  # a first part of 3-4 letters: "job" 5.3 splits, "car" 3.8, "win" 3.8, "pen" 3.98 do not
# Surname endings that are also words ("Rosen|berg", "Lind|holm", "Øster|gaard"): never split these.
_SURNAME_END = re.compile(r"(?:sen|søn|gaard|gård|strup|rup|holm|berg|borg|lund|skov|bjerg|toft|bæk|dal|by)$")
# Name endings checked only before a compound split (a frequent word with them stays a word: "person").
_NAME_END = re.compile(r"(?:son|mann|man|ette|ine|kjær|bech|feldt|felt|lev|gren|roth|kvist|qvist)$")


@lru_cache(maxsize=1)
def _zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional: without it the rule is off (recall first)
        return None
    return zipf_frequency


@lru_cache(maxsize=20_000)
def _freq(word: str) -> float:
    z = _zipf()
    return z(word, "da") if z else 0.0


NOT_COMMON, FREQUENT, COMPOUND = 0, 1, 2


@lru_cache(maxsize=20_000)
def common_word(word: str) -> int:
    """FREQUENT for a frequent Danish word ("Tank"), COMPOUND for a compound of frequent words
    ("Jobkonsulent", "Jobnet"), else NOT_COMMON. Surname shapes are never common ("Kristensen",
    "Rosenberg": wordfreq counts them as words); the caller checks the name lists first."""
    if _zipf() is None or not word:
        return NOT_COMMON
    low = word.lower()
    if low.endswith("s") and _freq(low) < MIN_ZIPF and len(low) > 4:
        low = low[:-1]  # genitive: "Robinsons" is judged as "Robinson"
    if _SURNAME_END.search(low):
        return NOT_COMMON
    if _freq(low) >= MIN_ZIPF or common_word_zipf(low) >= MIN_INITIAL_ZIPF:
        return FREQUENT
    parts = low.split("-")
    if len(parts) > 1:
        return COMPOUND if all(p and _freq(p) >= MIN_ZIPF for p in parts) else NOT_COMMON
    if _NAME_END.search(low):
        return NOT_COMMON  # "Kampmann", "Andreasson", "Annemette", "Grønkjær": name endings, not compounds
    # compounds: a frequent head noun after a frequent first part ("job|konsulent", "job|net"); a short
    # first part must be very frequent and the head no function word, or surnames split into words
    # ("car|bone", "win|stone", "brock|man": 56 mid-sentence DaNE train names were "compounds", now 10)
    for i in range(3, len(low) - 2):
        head, first = low[i:], low[:i]
        first_zipf = max(_freq(first), _freq(first.rstrip("s")))
        if (
            (len(head) > 3 or _freq(head) >= 4.0)
            and _freq(head) >= MIN_PART_ZIPF
            and first_zipf >= (MIN_SHORT_PART_ZIPF if len(first) <= 4 else MIN_PART_ZIPF)
            and head not in STOP_WORDS
        ):
            return COMPOUND
    return NOT_COMMON


def common_word_zipf(word: str) -> float:
    """wordfreq's Danish Zipf frequency of the lower-cased word, or of the infinitive of an imperative
    ("Ansæt" -> "ansætte"); 0 without wordfreq."""
    if not _zipf():
        return 0.0
    low = word.lower()
    return max(_freq(low), _freq(low + "e"), _freq(low + "te")) if len(low) > 3 else _freq(low)
