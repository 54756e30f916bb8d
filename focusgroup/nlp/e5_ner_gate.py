"""Which windows of a text the e5 NER tags at all: a cheap pre-check on capitals (``may_hold_entity``).

A Danish name is capitalised, so a window whose only capitals open a sentence with an ordinary word, or
can never be a name (an id with digits, the pronoun "I", a capitalised stop word, the tool's own speaker
words such as "Respondent"), is left out of the transformer pass (most survey answers, the header line
of every survey answer, many transcript turns). Part of the NER's model identity (``GATE_VERSION``),
because it decides which spans a text gets.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from focusgroup.nlp.stopwords import STOP_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SENT_END = {".", "!", "?", "…"}
MAX_WORDS = 120  # a window's words at most, cut after a sentence end where possible
ENV_WINDOWS = "FOCUSGROUP_NER_WINDOWS"  # "sentences" (default since session 16) or "text" (whole windows, before)
GATE_VERSION = 3  # in the model identity: a changed gate changes which windows the tagger sees
GATE_ZIPF = 4.5  # wordfreq Danish Zipf: "Tak" 5.9, "Super" 5.1, "Godt" 6.3; unlisted names "Jon" 4.3, "Birthe" 3.9 stay evidence
_INITIAL_AFTER = {":", "\"", "'", "-", "–", "(", "»", "«"}
_ITEM_START = {"·"}  # gate 3: a survey answer's header "Respondent 17 · Hvad fungerer godt?" (ingest.survey)
# gate 3: the speaker words the tool and transcripts write ("Respondent 17 · ...", "Moderator:"), never a name
# (privacy.pseudonymizer.GENERIC_SPEAKER's words; nlp imports no privacy)
ROLE_WORDS = frozenset({"respondent", "deltager", "deltagere", "interviewer", "interviewperson", "moderator",
                        "informant", "facilitator", "taler", "speaker", "participant", "ukendt", "unknown"})


@lru_cache(maxsize=1)
def _gate_names() -> frozenset[str]:
    """Names a sentence-initial capital is always evidence for: the shipped first-name and surname lists and
    the names harvested from DaNE train (privacy/data/dane_names.txt, read as data: nlp imports no privacy)."""
    from focusgroup.nlp.names import name_lists

    first, _, surnames = name_lists()
    dane = Path(__file__).parent.parent / "privacy" / "data" / "dane_names.txt"  # package data, not models/
    lines = dane.read_text(encoding="utf-8").splitlines() if dane.is_file() else []
    return first | surnames | {ln.lstrip("?") for ln in lines if ln and not ln.startswith("#")}


@lru_cache(maxsize=1)
def _zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # a dependency; without it only stop words are skipped (the gate of version 1)
        return None
    return zipf_frequency


def gate_version() -> int:
    return GATE_VERSION if _zipf() is not None else 1


@lru_cache(maxsize=50_000)
def never_a_name(word: str) -> bool:
    """Gate 3: a capitalised word that is no evidence wherever it stands: it holds a digit (a respondent id
    "R000002", "3F"), or its lower case is a stop word or a speaker word ("I", the Danish plural "you",
    always capitalised; the polite "De"/"Dem"; "Det"/"Men" opening a sentence that lost its full stop;
    "Respondent") that no name list holds ("Hans" and "Tage" stay evidence)."""
    if any(c.isdigit() for c in word):
        return True
    low = word.lower()
    return (low in STOP_WORDS or low in ROLE_WORDS) and word not in _gate_names() and word.title() not in _gate_names()


@lru_cache(maxsize=50_000)
def _ordinary_initial(word: str) -> bool:
    """A capitalised sentence-initial word that says nothing about an entity: a stop word ("Jeg", "Det"), or
    a frequent Danish word written Title-case ("Tak", "Mange", "Godt") that no name list holds."""
    low = word.lower()
    if low in STOP_WORDS:
        return True  # also "Hans"/"Tage" (listed names), as gate 1 and 2 had it
    z = _zipf()
    return (z is not None and word[:1].isupper() and word[1:].islower() and word not in _gate_names()
            and z(low, "da") >= GATE_ZIPF)


def may_hold_entity(doc: Doc, start: int, end: int, ordinary: Callable[[str], bool] | None = None,
                    version: int = GATE_VERSION) -> bool:
    """False when the only capitals are sentence-initial ordinary words (``_ordinary_initial``: "Jeg synes
    ...", "Tak for hjælpen", "Mange har ..."): a Danish name is capitalised, and a capital inside a sentence
    is always evidence. Skips the transformer for many survey answers and transcript turns. Of DaNE train's
    entities, PER 0.6%, LOC 1%, ORG 3.6% have no capital (initials "mse", "skattevæsenet"), MISC 57%
    (nationality adjectives "danske"); lower-case names in survey answers ("talte med birthe") are the
    name rules' (privacy.name_rules.lower_names), which run on every text. Measured in bench/README.md
    (session 13, helper B): windows kept and DaNE train entities lost, gate 1 vs 2. Gate 3 (``version``
    3, the default; bench/README.md session 15) also passes over ``never_a_name`` words anywhere and
    treats "·" as the start of an item. ``ordinary`` replaces ``_ordinary_initial`` (the bench passes
    gate 1's stop-word test); ``version=2`` is gate 2, for the bench."""
    ordinary = ordinary or _ordinary_initial
    gate3 = version >= 3 and _zipf() is not None  # without wordfreq: gate 1 (``gate_version``)
    prev = ""
    for tok in doc[start:end]:
        text = tok.text
        if any(c.isupper() for c in text) and not (gate3 and never_a_name(text)):
            initial = (not prev or prev in _SENT_END or prev in _INITIAL_AFTER or "\n" in prev
                       or (gate3 and prev in _ITEM_START))
            if not (initial and ordinary(text)):
                return True
        if text.strip():
            prev = text
        elif "\n" in text:
            prev = "\n"
    return False


def sentence_windows() -> bool:
    """Whether the tagger sees only the runs of gated sentences of a window (the default), or the whole
    window (``FOCUSGROUP_NER_WINDOWS=text``, as up to session 15). Part of the NER's identity."""
    return os.environ.get(ENV_WINDOWS, "").strip().lower() not in ("text", "window", "windows")


def windows(doc: Doc, max_words: int = MAX_WORDS) -> Iterator[tuple[int, int]]:
    """Token ranges of at most ``max_words`` words, cut after sentence ends where possible."""
    start, n = 0, len(doc)
    while start < n:
        end = min(n, start + max_words)
        if end < n:
            cut = max((i + 1 for i in range(start, end) if doc[i].text in _SENT_END or "\n" in doc[i].text), default=end)
            end = cut if cut > start else end
        yield start, end
        start = end


def _sentences(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The window's sentences: cut after a sentence end or a line break (the cut ``windows`` makes)."""
    a = start
    for i in range(start, end):
        if doc[i].text in _SENT_END or "\n" in doc[i].text:
            yield a, i + 1
            a = i + 1
    if a < end:
        yield a, end


def gated_windows(doc: Doc, by_sentence: bool | None = None) -> list[tuple[int, int]]:
    """The token ranges the tagger sees: each window that ``may_hold_entity``, and with ``by_sentence``
    (default ``sentence_windows()``) only its runs of consecutive sentences that may hold one each.

    A sentence of ordinary words next to a name ("Jeg talte med Lone. Hun var sød og hjalp mig hurtigt
    videre med det hele.") costs the tagger as much as the name's sentence, and holds no entity the gate
    would let through on its own. Measured (bench/README.md, session 16, helper B): tagger words -24% on
    the 1k survey, -43% on the sample study; PER spans identical on privacy_eval and the sample study."""
    by_sentence = sentence_windows() if by_sentence is None else by_sentence
    out: list[tuple[int, int]] = []
    for s, e in windows(doc):
        if not may_hold_entity(doc, s, e):
            continue
        if not by_sentence:
            out.append((s, e))
            continue
        runs: list[tuple[int, int]] = []
        for a, b in _sentences(doc, s, e):
            if not may_hold_entity(doc, a, b):
                continue
            if runs and runs[-1][1] == a:
                runs[-1] = (runs[-1][0], b)
            else:
                runs.append((a, b))
        out += runs or [(s, e)]  # evidence only across a sentence cut: the whole window
    return out
