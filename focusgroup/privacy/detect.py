"""Find personal data in Danish text: CPR numbers, phones, e-mails, street addresses and person names.

Each detector is a small function in ``DETECTORS`` returning candidate spans; ``resolve`` keeps the
longest non-overlapping ones, so "Lone Hansen" wins over "Lone" and an e-mail over the name inside it.
Names come from three sources because none is enough alone: the NER model (unseen names, surnames),
the project's speaker names, and a shipped first-name list (names the small model misses).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from focusgroup.nlp.names import name_lists  # the lists live in nlp (the lemmatiser needs them too)
from focusgroup.nlp.stopwords import STOP_WORDS
from focusgroup.privacy.common_words import (
    COMPOUND,
    FREQUENT,
    MIN_INITIAL_ZIPF,
    common_word,
    common_word_zipf,
)
from focusgroup.privacy.name_rules import (
    context_names,
    dane_lists,
    followed_by_verb,
    lower_names,
    place_like,
    place_word,
    surname_shaped,
    upper_names,
)
from focusgroup.privacy.numbers import find_cprs, find_phones

PERSON, CPR, PHONE, EMAIL, ADDRESS = "person", "cpr", "phone", "email", "address"
KINDS = (PERSON, CPR, PHONE, EMAIL, ADDRESS)
# Which kind wins when two candidates have the same extent.
_PRIORITY = {EMAIL: 0, CPR: 1, PHONE: 2, ADDRESS: 3, PERSON: 4}


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: str
    text: str
    source: str = field(default="", compare=False)  # which detector found it ("ner", "list", ...)


@dataclass
class DetectContext:
    """What the name detector knows beyond the text itself."""

    known_names: set[str] = field(default_factory=set)  # speaker names and names the user gave
    ner_spans: list[tuple[int, int]] = field(default_factory=list)  # PER spans from the NER model
    precise_ner: bool = True  # the e5 NER; False for the small CNN: its capitalised runs need a listed name


# ---------------------------------------------------------------- direct identifiers
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
def detect_emails(text: str, ctx: DetectContext) -> list[Span]:
    return [Span(m.start(), m.end(), EMAIL, m.group(0), "regex") for m in _EMAIL_RE.finditer(text)]


def detect_cpr(text: str, ctx: DetectContext) -> list[Span]:
    """Valid-date CPR shapes, never inside a date/amount or after a case-number word (numbers.py)."""
    return [Span(s, e, CPR, text[s:e], "regex") for s, e in find_cprs(text)]


def detect_phones(text: str, ctx: DetectContext) -> list[Span]:
    """Phone shapes; the shapes ids and dates share need a phone word before them (numbers.py)."""
    return [Span(s, e, PHONE, text[s:e], "regex") for s, e in find_phones(text)]


# ---------------------------------------------------------------- street addresses
_STREET_SUFFIX = (
    "vej|vejen|gade|gaden|allé|alle|stræde|strædet|plads|pladsen|torv|torvet|boulevard|vænge|vænget|"
    "park|parken|have|haven|bakke|bakken|toft|toften|høj|højen|sti|stien|vang|vangen|hegn|hegnet|"
    "løkke|løkken|kaj|kajen|bro|broen|lund|lunden|dal|dalen|engen|mark|marken|gård|gården|stien|tværvej"
)
_CAP = r"[A-ZÆØÅ][\wæøåé.]*"
_ADDRESS_RE = re.compile(
    rf"(?:(?:{_CAP}|[A-ZÆØÅ]\.)\s){{0,2}}[A-ZÆØÅ][\wæøåé-]*(?:{_STREET_SUFFIX})"
    r"\s+\d{1,4}[A-Za-z]?\b"
    r"(?:,?\s*(?:\d{1,2}\.?\s*(?:sal|th|tv|mf)\b\.?|st\.(?:\s*(?:th|tv|mf)\b\.?)?|st\s+(?:th|tv|mf)\b\.?))?"
    r"(?:,?\s*\d{4}\s+[A-ZÆØÅ][\wæøå]+(?:\s[A-ZÆØÅ]\b)?)?"
)


def detect_addresses(text: str, ctx: DetectContext) -> list[Span]:
    out = []
    for m in _ADDRESS_RE.finditer(text):
        start = m.start()
        # A sentence-initial capital word before the street ("Hun Vestergade 3") is not part of it.
        words = m.group(0).split(" ")
        while len(words) > 1 and words[0].lower() in STOP_WORDS:
            start += len(words[0]) + 1
            words = words[1:]
        end = m.end()
        while end > start and text[end - 1] in " ,":
            end -= 1
        out.append(Span(start, end, ADDRESS, text[start:end], "regex"))
    return out


# ---------------------------------------------------------------- person names
@lru_cache(maxsize=1)
def person_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, ambiguous ones, surnames, never-person words): the shipped lists plus the names
    harvested from DaNE train. Built once: ``detect_persons`` runs for every text of a project."""
    first, ambiguous, surnames = name_lists()
    dane, dane_ambiguous, not_names = dane_lists()
    plain_first = first - ambiguous
    all_first = first | dane
    all_ambiguous = ambiguous | (dane_ambiguous - plain_first)
    return all_first, frozenset(all_ambiguous), surnames, frozenset((not_names | _NOT_SURNAME) - all_first)


_WORD_RE = re.compile(r"[A-ZÆØÅ][a-zæøåéüö]+(?:-[A-ZÆØÅ][a-zæøåéüö]+)?|[A-ZÆØÅ]\.")
_SURNAME_SUFFIX = re.compile(r"(?:sen|søn|gaard|gård|strup|rup|holm|berg|borg|lund|skov|bjerg)$")
_TITLE_RE = re.compile(r"\b(?:[Hh]r\.|[Ff]ru|[Ff]rk\.|[Dd]r\.)\s+([A-ZÆØÅ][\wæøå-]+)")
_SENTENCE_END = set(".!?:;\"'«»–—-([\n")


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _is_surname(word: str, first: frozenset[str], surnames: frozenset[str]) -> bool:
    """After a first name, any capitalised non-stop word continues the name ("Hans Stavnsager").

    The surname list and suffixes only matter for ambiguous first names ("Bo Jensen" vs "Bo Kommune").
    """
    return word.lower() not in STOP_WORDS and word not in _NOT_SURNAME and (not place_word(word) or word in _SURNAME_PLACES)


# Place words that are also Danish surnames: after a first name a person ("Steen Gade", "Jesper Bank"),
# unlike "Nikolaj Plads" or "Anna Kirke".
_SURNAME_PLACES = frozenset({"Gade", "Bank"})


def _first_and_surname_place(words: list[str], first: frozenset[str], ambiguous: frozenset[str]) -> bool:
    return len(words) == 2 and words[1] in _SURNAME_PLACES and words[0] in first and words[0] not in ambiguous


def _is_known_surname(word: str, first: frozenset[str], surnames: frozenset[str]) -> bool:
    return word in surnames or word in first or bool(_SURNAME_SUFFIX.search(word)) or word.rstrip("s") in surnames


# Capitalised words that often follow a first name without being part of it.
_NOT_SURNAME = frozenset({"Kommune", "Kommunes", "Jobcenter", "Jobcentret", "Region", "Danmark", "Aarhus", "København",
                          "Gud", "Guds"})  # DaNE tags God PER; no one's personal data


def _strip_genitive(text: str, start: int, end: int, *name_sets: Iterable[str]) -> int:
    """End offset without a genitive -s when the stem is a known name ("Lones" -> "Lone").

    Takes the name sets separately: building their union per found name cost ~90% of an export.
    """
    word = text[start:end]
    if word.endswith("s") and any(word[:-1] in names for names in name_sets):
        return end - 1
    return end


def ordinary_words(
    text: str, start: int, words: list[str], name_sets: tuple, not_names: frozenset[str], precise: bool = True
) -> bool:
    """An NER guess made of ordinary words, not a name: "Tank"/"Tilføje" at a sentence start,
    "Jobklubben"/"Jobnet" (compounds of common words) anywhere, "Udbetaling Danmark", "Praktik der".

    Any word in a name list keeps the guess; a frequent word mid-sentence alone is kept too (Danish
    capitalises names there, and wordfreq counts names such as "Vestager" as words).
    """
    parts = [p for w in words for p in w.split("-") if p]
    if any(p in ns or p.rstrip("s") in ns or p.rstrip("'s") in ns for p in parts for ns in name_sets):
        return False  # "Astma-Bodil": a nickname with a known first name
    if len(words) > 2:  # "Mike de Vine", "Ludwig van Beethoven": a particle inside a name is no stop word
        words = [words[0], *(w for w in words[1:-1] if w not in _NAME_PARTICLES), words[-1]]
    kinds = []
    for k, w in enumerate(words):
        # a capitalised stop word after the first is a surname ("Joseph Heller", "Lars Bo")
        if (w.lower() in STOP_WORDS and not (k and _title(w))) or w in not_names or w.rstrip("s") in not_names:
            kinds.append("other")
        else:
            kinds.append({FREQUENT: "frequent", COMPOUND: "compound"}.get(common_word(w), "name"))
    if "name" in kinds:
        return False
    if len(words) > 1:
        if precise and "other" not in kinds and all(_title(w) for w in words[1:]):
            # Danish capitalises only names after a sentence's first word: "Adolf Hitler er ...", "Roger
            # Penrose", "Jess Ingerslev" are names even when wordfreq knows each word ("Udbetaling
            # Danmark" has a never-person word; "Praktik der" a stop word)
            return False
        return set(kinds) != {"frequent"} or _sentence_initial(text, start)
    if "compound" in kinds:
        return True
    # a lone frequent word at a sentence start, read as a noun or verb by the lower-case word after it
    # ("Tank bilen op", "Længere ventetid"); "Jon" alone or "Jon sagde" stays a name
    end = start + len(words[0])
    zipf = common_word_zipf(words[0])
    nxt = re.match(r"(,)? ([a-zæøå]+)\b", text[end : end + 25])
    # "Mette, kan du ..." is someone addressed: before a comma and a question word, pronoun or verb only a
    # very frequent word is ordinary ("Ring, hvis ..."); a list heading ("Breve, e-Boks, svært sprog") is
    vocative = bool(nxt and nxt.group(1) and nxt.group(2) in _ADDRESS_NEXT)
    return (
        _sentence_initial(text, start)
        and zipf >= MIN_INITIAL_ZIPF
        and bool(nxt)
        and (not vocative or zipf >= MIN_INITIAL_ZIPF + 0.5)
        and not followed_by_verb(text, end)
    )


_NAME_PARTICLES = frozenset("de da di del der den van von la le du af zu ten ter el al bin ibn".split())


def _title(word: str) -> bool:
    """Capitalised and not all capitals ("Penrose", "O'Brien", "McEwan"; not "JOBCENTER")."""
    return word[:1].isupper() and not word.isupper()


# Words that follow a name said to someone ("Hanne, hvad synes du?", "Ole, du må undskylde").
_ADDRESS_NEXT = frozenset(
    "hvad hvordan hvorfor hvornår hvem hvor hvilke hvilken kan kunne vil ville skal skulle må har havde er var "
    "gider du jeg i vi tak hej undskyld prøv sig fortæl kom se hør lige".split()
)


def detect_persons(text: str, ctx: DetectContext) -> list[Span]:
    first, ambiguous, surnames, not_names = person_words()
    known = ctx.known_names
    out: list[Span] = []
    ner_starts = {s for s, _ in ctx.ner_spans}
    # 1. names from the first-name list and the project's own names, extended by following surnames
    words = list(_WORD_RE.finditer(text))
    i = 0
    while i < len(words):
        m = words[i]
        w = m.group(0)
        stem = w[:-1] if w.endswith("s") and w not in first and w not in known else w
        is_known = w in known or stem in known
        is_first = w in first or stem in first or ("-" in w and all(p in first for p in stem.split("-")))
        if not (is_known or is_first):
            i += 1
            continue
        j = i
        while (
            j + 1 < len(words)
            and text[words[j].end() : words[j + 1].start()] in (" ", "-")
            and _is_surname(words[j + 1].group(0), first, surnames)
        ):
            j += 1
        if j > i and (stem in ambiguous or w in ambiguous) and not is_known:
            # an ambiguous first name needs a real surname to extend ("Bo Jensen", not "Storm Kommune")
            j = i + 1 if _is_known_surname(words[i + 1].group(0), first, surnames) else i
        has_surname = j > i
        if not has_surname and i + 1 < len(words) and place_word(words[i + 1].group(0)):
            i += 1  # "Nikolaj Plads", "Anna Kirke": a place named after someone
            continue
        ambiguous_word = (stem in ambiguous or w in ambiguous) and not is_known
        verb_next = followed_by_verb(text, words[j].end())  # "Lærke var ...", "Hans sagde ..."
        if (
            ambiguous_word
            and not (has_surname or verb_next)
            and m.start() not in ner_starts
            and _sentence_initial(text, m.start())
        ):
            i += 1
            continue
        if (
            is_first
            and not (is_known or has_surname or verb_next or m.start() in ner_starts)
            and w.lower() in STOP_WORDS
            and _sentence_initial(text, m.start())
        ):
            i += 1  # e.g. "Hans" at sentence start reads as "his"
            continue
        end = words[j].end()
        end = _strip_genitive(text, words[j].start(), end, first, known, surnames)
        out.append(Span(m.start(), end, PERSON, text[m.start() : end], "list"))
        i = j + 1
    # 2. "hr./fru/dr. X"
    for m in _TITLE_RE.finditer(text):
        out.append(Span(m.start(1), m.end(1), PERSON, m.group(1), "title"))
    # 3. NER, minus guesses made only of words that are places/organisations in DaNE train
    for s, e in ctx.ner_spans:
        e = _strip_genitive(text, s, e, first, known, surnames) if " " not in text[s:e] else e
        if text[e - 2 : e] == "'s":
            e -= 2
        words_ = text[s:e].split()
        if text[s:e] not in known and (
            all(p in not_names or p.rstrip("s") in not_names for p in words_)
            or (place_like(text[s:e]) and not _first_and_surname_place(words_, first, ambiguous))
        ):
            continue
        if ordinary_words(text, s, words_, (first, surnames, known), not_names, ctx.precise_ner):
            continue
        out.append(Span(s, e, PERSON, text[s:e], "ner"))
    # 4. context rules: role nouns, naming verbs, surname shapes
    rules = (
        *context_names(text, not_names),
        *surname_shaped(text, surnames, not_names),
        *upper_names(text, first, ambiguous, not_names),
        *lower_names(text, first, ambiguous, surnames, not_names),
    )
    for s, e, rule in rules:
        e = _strip_genitive(text, max(s, text.rfind(" ", s, e) + 1), e, first, known, surnames)
        out.append(Span(s, e, PERSON, text[s:e], rule))
    # 5. exact multi-word known names (speaker names with odd capitals, "Anne-Mette la Cour")
    for name in known:
        if (" " in name or not name[:1].isupper()) and name in text:  # the substring test first: thousands of names
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                out.append(Span(m.start(), m.end(), PERSON, name, "known"))
    return out


Detector = Callable[[str, DetectContext], list[Span]]
DETECTORS: dict[str, Detector] = {
    EMAIL: detect_emails,
    CPR: detect_cpr,
    PHONE: detect_phones,
    ADDRESS: detect_addresses,
    PERSON: detect_persons,
}


def resolve(spans: Iterable[Span]) -> list[Span]:
    """Longest match first; ties broken by kind priority; result sorted by position, no overlaps."""
    chosen: list[Span] = []
    for sp in sorted(spans, key=lambda s: (-(s.end - s.start), _PRIORITY[s.kind], s.start)):
        if sp.end <= sp.start:
            continue
        if all(sp.end <= c.start or sp.start >= c.end for c in chosen):
            chosen.append(sp)
    return sorted(chosen)


def detect(text: str, ctx: DetectContext | None = None, kinds: Iterable[str] = KINDS) -> list[Span]:
    """All personal-data spans in ``text`` of the given kinds, resolved (no overlaps)."""
    ctx = ctx or DetectContext()
    spans: list[Span] = []
    for kind in kinds:
        spans.extend(DETECTORS[kind](text, ctx))
    return resolve(spans)
