"""Context rules for person names the NER model and the first-name list miss.

Each rule looks at the words around a capitalised word, because a capital alone is weak evidence in
Danish (places, organisations, sentence starts): a role noun before it ("min sagsbehandler Birthe",
"hans kone Dora"), a naming verb ("hun hedder Lærke"), a surname shape ("Jensen", "Lauritsen"),
or a verb right after a sentence-initial name that is also an ordinary word ("Lærke var ...",
"Bo har ..."). Lists derived from DaNE train (scripts/build_name_list.py) add the names and
non-names of news text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from focusgroup.nlp.stopwords import STOP_WORDS

_CAPWORD = r"[A-ZÆØÅ][a-zæøåéèüöäáíó]+(?:-[A-ZÆØÅ][a-zæøåéèüöäáíó]+)?"
_NAME_SEQ = rf"({_CAPWORD}(?: {_CAPWORD}){{0,2}})"

# Nouns for a person's role or relation that are often followed by the person's name.
_ROLES = (
    "sagsbehandler|sagsbehandleren|konsulent|konsulenten|jobkonsulent|jobkonsulenten|vejleder|vejlederen|"
    "mentor|mentoren|rådgiver|rådgiveren|leder|lederen|chef|chefen|kollega|kollegaen|makker|"
    "læge|lægen|psykolog|psykologen|sygeplejerske|sygeplejersken|underviser|underviseren|lærer|læreren|"
    "mand|manden|kone|konen|kæreste|kæresten|søn|sønnen|datter|datteren|bror|broren|søster|søsteren|"
    "mor|moren|far|faren|nevø|niece|fætter|kusine|onkel|tante|barnebarn|veninde|ven|vennen|nabo|naboen|"
    "formand|formanden|næstformand|næstformanden|direktør|direktøren|minister|ministeren|borgmester|"
    "borgmesteren|rådmand|rådmanden|præsident|præsidenten|statsminister|statsministeren|professor|"
    "professoren|træner|træneren|forfatter|forfatteren|musiker|musikeren|sanger|sangeren|skuespiller|"
    "skuespilleren|instruktør|instruktøren|kaptajn|kaptajnen|general|generalen|pastor|biskop|dommer|"
    "dommeren|advokat|advokaten|journalist|journalisten|ordfører|ordføreren|politiker|politikeren|"
    "spiller|spilleren|angriber|angriberen|forsvarer|forsvareren|målmand|målmanden|medlem|"
    "pige|pigen|dreng|drengen|kvinde|kvinden|fyr|fyren|dame|damen|hr\\.|fru|frk\\.|dr\\."
)
_ROLE_WORDS = frozenset(_ROLES.replace("\\.", ".").split("|"))
_NAMING_WORDS = frozenset("hedder hed kaldet kaldes navnet døbt".split())
_NAMING_PAIRS = frozenset({"navn er", "kalder mig", "kalder ham", "kalder hende", "kalder sig"})
_CAP_RUN = re.compile(rf"(?<![\wæøå-]){_CAPWORD}(?: {_CAPWORD})*")
_PREV_WORDS = re.compile(r"(?:([\wæøå.]+) )?([\wæøå.]+) $")
# Finite verbs that follow a sentence-initial subject; a possessive "Hans" or a verb "Bo" is never
# followed by one of them.
_VERB_AFTER = frozenset(
    "var er har havde sagde siger fik får kom kommer ringede ringer skrev skriver mente mener synes syntes "
    "fortalte fortæller spurgte spørger gik går blev bliver kan kunne vil ville skal skulle må måtte "
    "hjalp hjælper tog tager gav giver arbejder arbejdede startede begyndte fandt troede tror ved vidste "
    "sad står stod bor boede hedder hed svarede svarer forklarede forklarer".split()
)
_SURNAME_SHAPE = re.compile(r"(?:sen|søn|sson)$")
# Definite nouns with the same ending ("Ankestyrelsen", "Krisen", "A-kassen"); surnames of these
# shapes (Nielsen, Rasmussen) come from the surname list instead.
_NOT_SURNAME_SHAPE = re.compile(r"(?:elsen|ssen|isen|ysen|rejsen)$")
_SENTENCE_END = set(".!?:;\"'«»–—-([\n")


@lru_cache(maxsize=1)
def dane_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(names, names that are also ordinary words, never-person words) harvested from DaNE train."""
    data = resources.files("focusgroup.privacy") / "data"
    names, ambiguous, not_names = set(), set(), set()
    for line in (data / "dane_names.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            (ambiguous if line.startswith("?") else names).add(line.lstrip("?"))
    for line in (data / "dane_not_names.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            not_names.add(line)
    return frozenset(names | ambiguous), frozenset(ambiguous), frozenset(not_names)


# Last words that make a capitalised run a place or a venue, not a person ("Nikolaj Plads", "Gorky Park").
_PLACE_END = re.compile(
    r"(?:Plads|Pladsen|Park|Parken|Allé|Gade|Vej|Torv|Torvet|Kirke|Skole|Hospital|Station|Stadion|Avenue|"
    r"Street|Square|Road|Forest|Center|Centret|Hotel|Kommune|Region|Bank|Banken|Fond|Fonden|Teater)$"
)


def place_like(span_text: str) -> bool:
    return " " in span_text and bool(_PLACE_END.search(span_text))


def place_word(word: str) -> bool:
    return bool(_PLACE_END.fullmatch(word))


def upper_names(text: str, first: frozenset[str], ambiguous: frozenset[str], not_words: frozenset[str]) -> list[tuple[int, int, str]]:
    """A known name in capitals ("SPIELBERG", "METTE"): headlines and shouted transcripts."""
    out = []
    for m in re.finditer(r"(?<![\wÆØÅæøå])[A-ZÆØÅ]{3,}(?![\wÆØÅæøå])", text):
        w = m.group(0).capitalize()
        if w in first and w not in ambiguous and w not in not_words and w.lower() not in STOP_WORDS:
            out.append((m.start(), m.end(), "upper"))
    return out


_PERSON_PREPS = frozenset("med til hos fra ved".split())  # "talte med hanne", "skrev til birthe"
_LOWER_WORD = re.compile(r"(?<![\wæøå-])[a-zæøå][a-zæøåé]{2,}(?![\wæøå-])")


def lower_names(text: str, first: frozenset[str], ambiguous: frozenset[str], surnames: frozenset[str],
                not_words: frozenset[str]) -> list[tuple[int, int, str]]:
    """A known first name typed in lower case, as survey answers from a phone often are ("min sagsbehandler
    birthe er sød", "jeg talte med hanne jensen"): only a name that is no Danish word (not one of the
    ambiguous names "per", "bo", "hans", "sten", "storm"; no stop word), and only after a role noun, a naming
    word or a preposition that takes a person, or before a lower-case surname, which the span then takes, or
    after "og" and such a name ("til karen og ole")."""
    out = []
    for m in _LOWER_WORD.finditer(text):
        w = m.group(0)
        cap = w.capitalize()
        if cap not in first or cap in ambiguous or cap in not_words or w in STOP_WORDS:
            continue
        prev = _PREV_WORDS.search(text, max(0, m.start() - 30), m.start())
        last = prev.group(2).lower() if prev else ""
        nxt = re.match(r" ([a-zæøå]+)(?![\wæøå-])", text[m.end() : m.end() + 30])
        surname = bool(nxt) and nxt.group(1).capitalize() in surnames and nxt.group(1).capitalize() not in ambiguous \
            and nxt.group(1) not in STOP_WORDS
        after_name = last == "og" and bool(out) and text[out[-1][1] : m.start()].strip() == "og"  # "karen og ole"
        if not (surname or after_name or last in _ROLE_WORDS or last in _NAMING_WORDS or last in _PERSON_PREPS):
            continue
        out.append((m.start(), m.end() + (len(nxt.group(0)) if surname else 0), "lower"))
    return out


def sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def followed_by_verb(text: str, end: int) -> bool:
    """"Lærke var ..." -- the next word is a finite verb, so the capitalised word is its subject."""
    m = re.match(r" ([a-zæøå]+)\b", text[end : end + 20])
    return bool(m) and m.group(1) in _VERB_AFTER


def _plausible(words: list[str], not_words: frozenset[str]) -> list[str]:
    """The leading name words of a capitalised run, stopping at stop words and places/organisations."""
    out = []
    for w in words:
        base = w[:-1] if w.endswith("s") else w
        if w.lower() in STOP_WORDS or w in not_words or base in not_words:
            break
        out.append(w)
    return out


def context_names(text: str, not_words: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, rule) for names announced by a role noun or a naming verb.

    Scans capitalised runs and looks one or two words back (a regex over the role nouns at every
    position cost more than all other rules together).
    """
    out = []
    for m in _CAP_RUN.finditer(text):
        words, start, rule = m.group(0).split(" "), m.start(), ""
        if words[0].lower() in _ROLE_WORDS and len(words) > 1:  # "Konsulenten Sten" at sentence start
            start += len(words[0]) + 1
            words, rule = words[1:], "role"
        else:
            prev = _PREV_WORDS.search(text, max(0, start - 30), start)
            if prev:
                last, pair = prev.group(2).lower(), f"{prev.group(1) or ''} {prev.group(2)}".lower().strip()
                rule = "role" if last in _ROLE_WORDS else "naming" if last in _NAMING_WORDS or pair in _NAMING_PAIRS else ""
        words = _plausible(words[:3], not_words) if rule else []
        if words:
            out.append((start, start + len(" ".join(words)), rule))
    return out


def surname_shaped(text: str, surnames: frozenset[str], not_words: frozenset[str]) -> list[tuple[int, int, str]]:
    """A capitalised mid-sentence surname ("Jensen", "Lauritsens") with the capitalised word before it
    when that one is mid-sentence too ("Gorm Lauritsen")."""
    out = []
    for m in re.finditer(rf"(?<![\wæøå-]){_CAPWORD}(?![\wæøå])", text):
        w = m.group(0)
        stem = w[:-1] if w.endswith("s") and w[:-1] in surnames else w
        shaped = _SURNAME_SHAPE.search(stem) and not _NOT_SURNAME_SHAPE.search(stem)
        if not (stem in surnames or shaped) or w in not_words:
            continue
        if sentence_initial(text, m.start()):
            continue
        start = m.start()
        prev = re.search(rf"(?<![\wæøå-])({_CAPWORD}) $", text[max(0, start - 40) : start])
        if prev and prev.group(1).lower() not in STOP_WORDS and prev.group(1) not in not_words:
            p_start = start - len(prev.group(0))
            if not sentence_initial(text, p_start):
                start = p_start
        out.append((start, m.end(), "surname"))
    return out
