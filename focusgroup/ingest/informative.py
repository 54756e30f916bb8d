"""Which quotes carry content: blank and junk survey answers, and one-word back-channel turns, do not.

They are kept (a "ved ikke" is still an answer, and counts matter) but flagged, so theme modelling
can leave them out.
"""

from __future__ import annotations

import re

from focusgroup.ingest.questions import is_nothing_answer

# Answers that say "nothing to add", normalized: lower case, no punctuation, single spaces.
JUNK_ANSWERS = {
    "", "ved ikke", "vedikke", "ved det ikke", "ved ej", "vet ikke", "nej", "nej tak", "nej ikke rigtigt",
    "nej ikke umiddelbart", "ikke umiddelbart", "intet", "intet at tilføje", "ingen", "ingenting",
    "ikke noget", "ingen kommentarer", "ingen kommentar", "ingen bemærkninger", "har ingen", "har ingen kommentarer",
    "kan ikke komme i tanke om noget", "ikke relevant", "ej relevant", "irrelevant", "ok", "okay", "ja", "nix",
    "x", "xx", "xxx", "na", "n a", "n/a", "none", "no", "nothing", "no comment", "no comments", "dont know",
    "don't know", "idk", "test", "asdf", "ingen svar", "uden kommentarer", "pass", "nope",
}
# Back-channel turns in transcripts: "Mhm.", "Ja ja.", "Okay. Yeah."
BACKCHANNEL = {
    "mhm", "mm", "mmm", "hmm", "hm", "ja", "jo", "nej", "nå", "nåh", "okay", "ok", "yes", "yeah", "yep", "no",
    "right", "sure", "præcis", "præcist", "netop", "klart", "godt", "fint", "uh", "øh", "æh", "ah", "aha",
    "exactly", "got", "it", "i", "see", "mm-hmm", "uh-huh", "jamen", "nåmen", "ikke", "også", "enig", "tak",
}
_PUNCT = re.compile(r"[^\w\s'/-]|_")


def _normalized(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split()).strip(" -/'")


def is_informative_answer(text: str) -> bool:
    """False for blank answers, "ved ikke"/"nej"/"-"-style answers, and answers without letters."""
    norm = _normalized(text)
    if norm in JUNK_ANSWERS or is_nothing_answer(text):  # "Ingenting, tak for hjælpen": no theme to find
        return False
    return sum(ch.isalpha() for ch in norm) >= 2


def is_informative_turn(text: str) -> bool:
    """False for a turn of at most three back-channel words ("Mhm.", "Ja, præcis.")."""
    if len(text) > 60:  # more than three back-channel words ever take
        return True
    words = _normalized(text).replace("-", " ").split()
    if len(words) > 3:
        return True
    return not all(w in BACKCHANNEL for w in words) and sum(ch.isalpha() for ch in text) >= 2
