"""Noun-phrase candidates of one parsed quote: what a theme label may be made of.

The Danish pipeline (``focusgroup.nlp``) tags and lemmatises a quote; this module reads the tags and
lists the phrases a researcher would write as a theme label, under their lemma key (so "jobcentret" and
"jobcentrene" count as one phrase) with the written form seen:

- a noun ("ventetid"), not a generic one ("gang", "måned": ``GENERIC_NOUNS``);
- verb + object ("søge job"; the verb in its infinitive, light verbs left out: ``nlp.stopwords.TOPICLESS_VERBS``);
- adjective(s) + noun ("telefonisk kontakt", "den faste sagsbehandler");
- noun + preposition + noun ("skift af sagsbehandler") and noun + "og" + noun;
- a contrast, noun + "og ikke (som)" + noun ("mennesker og ikke som sager": "Mennesker, ikke sager").

A compound also counts for its head noun (``compound_heads``: "madaffald" for "affald").

Which candidate becomes a label is decided in ``themes/labels.py`` (counts, contrast, centrality).
"""

from __future__ import annotations

PREPOSITIONS = frozenset({"af", "til", "med", "om", "på", "for", "fra", "i", "over", "under", "efter", "ved", "per"})
# Prepositions the tagger often calls a noun ("sager per sagsbehandler": "per"/NOUN gave the label "Per").
MISTAGGED_PREPOSITIONS = frozenset({"per"})
DETERMINERS = frozenset({"den", "det", "de"})
# Nouns that name no topic on their own ("for to måneder siden", "mange gange", "på den anden side").
GENERIC_NOUNS = frozenset("""
    gang måned år dag uge time minut tid periode side sted måde del ting slags form grund eksempel start
    slutning begyndelse sag sager folk person mand kvinde dame herre hinanden nej ja tak ord
    bliv fortsæt hold husk tag giv
    """.split())
# Generic nouns that still head "noun + preposition + noun" ("færre sager per sagsbehandler", "tid til
# borgeren"): on make demo "sager per sagsbehandler" (3 of 15 quotes) was no candidate, the theme "Mindre kontrol og møde".
GENERIC_HEADS = frozenset("sag tid".split())
# Family members name whom an answer is about, not its subject: the home-care theme of the own comment corpus
# (session 16) was "Mor og søn" / "Mor og datter" in all three seeds, with "hjælpere" in 16-18% of its quotes.
# Generic like "mand" and "person" above ("barn" is not: children are what daycare and school answers are about).
KIN_NOUNS = frozenset("""
    mor far søn datter bror broder søster kone hustru ægtefælle forælder bedstemor bedstefar mormor morfar
    farmor farfar svigermor svigerfar svigerinde svoger onkel tante barnebarn
    """.split())
KIN_GENERIC = True  # False: before session 16
# Times of day say when, not what ("dag", "uge", "time" are generic above): "Eftermiddagen og aften" on a theme of
# opening hours, "Døren om morgenen" on make demo's jobklub theme (session 15), "Skole og morgen" on home care.
TIME_NOUNS = frozenset("morgen formiddag middag eftermiddag aften nat weekend mandag tirsdag onsdag torsdag fredag lørdag søndag"
                       .split())
TIME_GENERIC = True  # False: before session 16
# First-person possessive + noun ("min sagsbehandler"): a candidate (key "min <lemma>") that ``labels`` lets a
# theme take only where the noun itself is taken, by its parent ("Sagsbehandler") or a kept label. On make demo
# the parent took "sagsbehandler" from a child where it is in half the quotes, mostly "min sagsbehandler ringer
# tilbage", which was left "Svar". As a candidate everywhere it named themes after details ("Min historie",
# "Min behandling", "Plan og mit liv").
OWN = frozenset("min mit mine vores".split())
POSSESSIVE = True  # False: before session 16
WEAK_FORMS = ("e",)
# A sentence-initial noun the tagger calls a name ("Jobklubben hjalp mig": PROPN, lemma "Jobklubben") is a
# candidate under this mark; ``resolve_initial`` keeps it where the study writes the lemma as a noun elsewhere,
# so a name that happens to be a word ("Peter" -> "pet") never is one.
INITIAL = "?"
RESCUE_INITIAL = True
OBJECT_GAP = True  # verb + article/adjective(s) + object: "beholde den samme sagsbehandler"
# Words before a predicative adjective the tagger may read as a noun ("det var rart", "meget rart").
PREDICATIVE = frozenset("er var være været blev bliver blive meget så rigtig virkelig ret lidt ganske".split())
# Stop-listed adjectives that still make a phrase with a noun ("Tak for god hjælp" was labelled "Hjælp").
PLAIN_ADJECTIVES = frozenset("god ny lille".split())


def _word_ok(tok) -> bool:
    from focusgroup.nlp import STOP_WORDS

    text = tok.text
    low = text.lower()
    return (len(low) >= 3 and low.isalpha() or "-" in low and all(p.isalpha() for p in low.split("-"))) \
        and low not in STOP_WORDS and tok.lemma_.lower() not in STOP_WORDS and low not in PREPOSITIONS


def _surface(tok) -> str:
    """The written form, lower case unless it is an acronym ("CV", "KV-regeringen")."""
    text = tok.text
    return text if any(ch.isupper() for ch in text[1:]) else text.lower()


RESPELL = False  # True: misspelt compounds count for their twin (session 16, helper F2; not adopted, see bench/README.md)


def _respelt(word: str) -> str:
    """A misspelt compound or noun as the known word it stands for ("sagbehandleren" -> "sagsbehandleren",
    ``nlp.words.respell``), so its quotes count for the right phrase; other words as they are."""
    from focusgroup.nlp.words import respell

    return (RESPELL and respell(word)) or word


def doc_candidates(doc) -> dict[str, tuple[int, str]]:
    """Noun-phrase candidates of one parsed quote: lemma key -> (number of words, written form)."""
    from focusgroup.nlp.stopwords import TOPICLESS_VERBS

    toks = list(doc)
    out: dict[str, tuple[int, str]] = {}

    def add(parts: list, form_parts: list[str] | None = None) -> None:
        key = " ".join(_respelt(t.lemma_.lower()) if t.pos_ in ("NOUN", "ADJ") else t.text.lower() for t in parts)
        form = " ".join(form_parts or [_respelt(_surface(t)) for t in parts])
        out.setdefault(key, (len(parts), form))

    for i, tok in enumerate(toks):
        if PREDICATE and (pred := _predicate(toks, i))[0]:
            key = PRED_KEY + pred[0]
            if key not in out or pred[2] and not out[key][0]:  # a noun subject's clause over a pronoun's
                out[key] = (int(pred[2]), pred[1])  # (1 when the subject is a noun, the clause)
        if RESCUE_INITIAL and tok.pos_ == "PROPN" and (lemma := _initial_noun(toks, i) or _acronym(tok)):
            out.setdefault(INITIAL + lemma, (1, _surface(tok)))
            continue
        if tok.pos_ != "NOUN" or not _word_ok(tok) or _predicative_adj(toks, i):
            continue
        lemma = tok.lemma_.lower()
        generic = lemma in GENERIC_NOUNS or KIN_GENERIC and lemma in KIN_NOUNS or TIME_GENERIC and lemma in TIME_NOUNS
        if not generic:
            add([tok])
        if POSSESSIVE and not generic and i > 0 and toks[i - 1].lower_ in OWN and toks[i - 1].pos_ in ("DET", "PRON"):
            # "min sagsbehandler": the respondent's own (one key for min/mit/mine/vores, as written)
            out.setdefault(f"min {tok.lemma_.lower()}", (2, f"{toks[i - 1].lower_} {_surface(tok)}"))
        # verb + object: "søge job", "læse brevene" (the verb in its infinitive, as a label has it); with
        # the words between kept: "beholde den samme sagsbehandler" (the key is the verb and the noun)
        gap = _object_gap(toks, i) if OBJECT_GAP else 0
        verb = toks[i - 1 - gap] if i - gap > 0 else None
        if verb is not None and verb.pos_ == "VERB" and _word_ok(verb) and not generic \
                and verb.lemma_.lower() not in TOPICLESS_VERBS:
            key = f"{verb.lemma_.lower()} {tok.lemma_.lower()}"
            between = [t.lower_ for t in toks[i - gap:i]]
            out.setdefault(key, (2, " ".join([verb.lemma_.lower(), *between, _surface(tok)])))
        # adjective(s) + noun: "telefonisk kontakt", "lange ventetider"
        j, mods = i - 1, []
        while j >= 0 and len(mods) < 2 and toks[j].pos_ == "ADJ" and (_word_ok(toks[j]) or _plain_adj(toks[j])):
            mods.insert(0, toks[j])
            j -= 1
        if mods and not generic and not (AGREEMENT and any(_bare_before_plural(m, tok) for m in mods)):
            weak = _weak(mods[-1], tok)
            det = toks[j] if j >= 0 and toks[j].lower_ in DETERMINERS else None
            if not weak:
                add([*mods, tok])
            elif det is not None:  # "den faste sagsbehandler": keep the article, the adjective needs it
                key = " ".join([*(m.lemma_.lower() for m in mods), tok.lemma_.lower()])
                out.setdefault(key, (len(mods) + 1, " ".join([det.lower_, *(_surface(t) for t in [*mods, tok])])))
        # noun + preposition + noun: "skift af sagsbehandler"; noun + og + noun: "ventetid og kontakt"
        if i + 2 < len(toks) and toks[i + 2].pos_ == "NOUN" and _word_ok(toks[i + 2]) \
                and (not generic or tok.lemma_.lower() in GENERIC_HEADS) and toks[i + 2].lemma_.lower() not in GENERIC_NOUNS:
            mid = toks[i + 1]
            if mid.lower_ in PREPOSITIONS and (mid.pos_ == "ADP" or mid.lower_ in MISTAGGED_PREPOSITIONS) \
                    or mid.lower_ == "og":
                add([tok, mid, toks[i + 2]])
        # "X og ikke (som et) Y", a contrast the respondent draws: "mød folk som mennesker og ikke som sager" ->
        # "Mennesker, ikke sager" (the second noun may be a generic one: "sager", "ting")
        if CONTRAST and not generic and i + 3 < len(toks) and toks[i + 1].lower_ == "og" and toks[i + 2].lower_ == "ikke":
            j = i + 3
            while j < len(toks) and toks[j].lower_ in CONTRAST_SKIP and j - i <= 5:
                j += 1
            if j < len(toks) and toks[j].pos_ == "NOUN" and _word_ok(toks[j]) \
                    and (j + 1 == len(toks) or toks[j + 1].pos_ in CONTRAST_END) \
                    and toks[j].lower_ != toks[j].lemma_.lower() + "s":  # "en kyllings dun" owns a noun
                out.setdefault(f"{tok.lemma_.lower()} ikke {toks[j].lemma_.lower()}",
                               (2, f"{_surface(tok)}, ikke {_surface(toks[j])}"))
    return out


# What a theme of short praise or complaint shares is often a predicate, not a noun: "De ansatte er søde",
# "Folkene er søde nok", "de er søde, men ..." (make demo's closing-round theme, 18 quotes, "søde" in 8; no noun in
# two of them, so its label was the single-quote tier's "Kaffen", in 1). A predicative adjective after a copula is
# a candidate under ``PRED_KEY`` + its lemma, written as the respondent's clause where the subject is a noun ("folk
# er søde"; after a pronoun it counts but is no label form); ``labels`` uses it only for a theme that no noun phrase
# names, or names in few quotes (its ``KIND`` tier). Negated ones ("er ikke søde", "ikke er søde") are none.
PREDICATE = True  # False: before session 18
PRED_KEY = "pred:"
COPULAS = frozenset("er var blev bliver virker".split())
DEGREE_WORDS = frozenset("meget rigtig virkelig ret så altid også enormt super utrolig vildt bare helt alt for".split())
PRONOUN_SUBJECTS = frozenset("de han hun den".split())
# Verb + particle clauses are predicates too ("min sagsbehandler ringer tilbage": make demo's theme of one good
# caseworker, 26 quotes, "ringer tilbage" in 8, labelled "Historie" from 3)
PARTICLE_CLAUSES = True
PARTICLES = frozenset("tilbage op ud ind frem".split())


def _predicate(toks: list, i: int) -> tuple[str, str, bool]:
    """A predicate at ``toks[i]``: (key, the respondent's clause, whether its subject is a noun), or ('', '', False).
    A predicative adjective after a copula ("de ansatte er søde": key "sød") or a verb + particle ("min
    sagsbehandler ringer altid tilbage": key "ringe tilbage"); degree words stay in the clause, a negation makes
    none."""
    from focusgroup.nlp.stopwords import TOPICLESS_VERBS

    tok = toks[i]
    if tok.pos_ == "ADJ" and _word_ok(tok):
        key, end = tok.lemma_.lower(), i
        j = i - 1
        while j >= 0 and toks[j].lower_ in DEGREE_WORDS:
            j -= 1
        if j < 1 or toks[j].lower_ not in COPULAS:
            return "", "", False
    elif PARTICLE_CLAUSES and tok.lower_ in PARTICLES and i > 1:
        j = i - 1
        while j >= 0 and toks[j].lower_ in DEGREE_WORDS:
            j -= 1
        if j < 1 or toks[j].pos_ != "VERB" or not _word_ok(toks[j]) or toks[j].lemma_.lower() in TOPICLESS_VERBS:
            return "", "", False
        key, end = f"{toks[j].lemma_.lower()} {tok.lower_}", i
    else:
        return "", "", False
    subj, verb = toks[j - 1], [t.lower_ for t in toks[j:end + 1]]  # degree words stay: "er alt for lang"
    if subj.lower_ in PRONOUN_SUBJECTS:
        return key, " ".join(verb), False
    if subj.pos_ != "NOUN" or not _word_ok(subj):
        return "", "", False
    k = j - 1
    while k > 0 and j - k < 3 and toks[k - 1].pos_ in ("ADJ", "DET", "PRON") and toks[k - 1].text.isalpha() \
            and (toks[k - 1].pos_ != "PRON" or toks[k - 1].lower_ in OWN):
        k -= 1
    # a noun after a preposition is no subject ("ventetiden på de populære bøger er lang"): the predicate counts,
    # its clause is no label
    return key, " ".join([*(t.lower_ for t in toks[k:j]), *verb]), not (k > 0 and toks[k - 1].pos_ == "ADP")


def is_clause(label: str) -> bool:
    """A label written as a predicate's clause ("Folk er søde", "Min sagsbehandler ringer tilbage"): no half of a
    parent's "og" pair ("Brev og folk er søde" reads as one clause)."""
    words = label.casefold().split()
    return len(words) >= 2 and (any(w in COPULAS for w in words[1:]) or words[-1] in PARTICLES)


CONTRAST = True  # False: before session 17
CONTRAST_SKIP = frozenset("som kun til en et den det de".split())
CONTRAST_END = frozenset({"PUNCT", "CCONJ", "SCONJ", "ADP"})  # the contrast ends with its noun


def _predicative_adj(toks: list, i: int) -> bool:
    """A neuter adjective tagged NOUN after a copula or a degree word: "Det var rart" gave the label
    "Rart og behandling" (lemmy reads "rart" as the adjective "rar"; "lyst" in "har lyst" stays a noun)."""
    from focusgroup.nlp.components import lemma_for

    form = toks[i].text.lower()
    return i > 0 and toks[i - 1].lower_ in PREDICATIVE and form.endswith("t") \
        and lemma_for(form, "ADJ") == form[:-1]


def _plain_adj(tok) -> bool:
    """Plain adjectives the stop list holds, allowed before a noun: "god hjælp", "ny sagsbehandler"."""
    return tok.lemma_.lower() in PLAIN_ADJECTIVES and tok.text.isalpha()


def _weak(adj, noun) -> bool:
    """A weak (definite) adjective before an indefinite singular noun ("faste sagsbehandler") needs an
    article to read as Danish; the plural ("lange ventetider") does not."""
    form, lemma = adj.text.lower(), adj.lemma_.lower()
    return form.endswith(WEAK_FORMS) and not lemma.endswith("e") and noun.text.lower() == noun.lemma_.lower()


# An adjective before a plural noun takes -e ("danske vikarer", "lange ventetider"); a respondent's "tre forskellige
# dansk vikarer" (dansk as in "danskvikar") was the own corpus's label "Forskellige dansk vikarer" (session 17, seed 5).
AGREEMENT = True  # False: before session 17


def _bare_before_plural(adj, noun) -> bool:
    """An uninflected adjective ("dansk") before an indefinite plural noun ("vikarer"): no phrase in written Danish.
    Adjectives that never inflect end in -e, -s or -a ("moderne", "gratis", "lilla")."""
    form, lemma = adj.text.lower(), adj.lemma_.lower()
    noun_form, noun_lemma = noun.text.lower(), noun.lemma_.lower()
    plural = noun_form != noun_lemma and noun_form.endswith(("er", "e", "r")) and not noun_form.endswith(("ne", "en"))
    return plural and form == lemma and not lemma.endswith(("e", "s", "a"))


# Words between a verb and its object in a label: definite articles, possessives, "samme" ("beholde den samme
# sagsbehandler", "beholde sin sagsbehandler"); an adjective with its own meaning makes no verb phrase.
OBJECT_DETERMINERS = frozenset("den det de min mit mine din dit dine sin sit sine vores jeres deres".split())
OBJECT_ADJECTIVES = frozenset("samme".split())


def _object_gap(toks: list, i: int) -> int:
    """How many words stand between the noun ``toks[i]`` and a verb before it: an article or possessive,
    then "samme" ("den samme sagsbehandler"); 0 when the noun follows the verb or no such words are there."""
    j = i - 1
    while j >= 0 and toks[j].lower_ in OBJECT_ADJECTIVES and i - j <= 2:
        j -= 1
    if j >= 0 and toks[j].lower_ in OBJECT_DETERMINERS and toks[j].pos_ in ("DET", "PRON"):
        return i - j
    return 0


def _initial_noun(toks: list, i: int) -> str:
    """The noun lemma of a sentence-initial word tagged PROPN ("Jobklubben" -> "jobklub"), or ''."""
    from focusgroup.nlp.components import lemma_for
    from focusgroup.nlp.words import is_danish_word

    tok = toks[i]
    text = tok.text
    first = i == 0 or toks[i - 1].is_space or toks[i - 1].pos_ == "PUNCT" and toks[i - 1].text in ".!?*-•:;"
    if not first or len(text) < 4 or not text.isalpha() or not text[:1].isupper() or text[1:] != text[1:].lower():
        return ""
    low = text.lower()
    lemma = lemma_for(low, "NOUN")
    return lemma if lemma and is_danish_word(low) and is_danish_word(lemma) else ""


def _acronym(tok) -> str:
    """An acronym the tagger calls a name ("SFO", PROPN), as its lower-case key ("sfo"), or ''; like a
    sentence-initial noun it counts only where the study writes the key as a noun ("sfo'en")."""
    text = tok.text
    return text.lower() if 2 <= len(text) <= 5 and text.isalpha() and text.isupper() else ""


def resolve_initial(cands: list[dict[str, tuple[int, str]]],
                    known: set[str] | None = None) -> list[dict[str, tuple[int, str]]]:
    """Sentence-initial nouns the tagger called names (``INITIAL`` keys) become their noun where the lemma
    is a noun candidate of another quote (or in ``known``); the others are dropped."""
    nouns = set(known or ()) | {k for c in cands for k in c if not k.startswith(INITIAL)}
    out = []
    for c in cands:
        if any(k.startswith(INITIAL) for k in c):
            c = {k.removeprefix(INITIAL): v for k, v in c.items() if not k.startswith(INITIAL) or k[1:] in nouns}
        out.append(c)
    return out



# A Danish compound names a kind of its last part: "madaffald" and "restaffaldet" are affald, "hjemmeplejen" is
# pleje. A quote that writes the compound also counts for its head noun where the study writes that noun alone, so a
# theme whose quotes say "affald", "madaffald", "restaffaldet" is labelled by what they share. On the own comment
# corpus (session 17, dev) the waste theme was labelled "Poser" (5 of 34-41 quotes) in three of five seeds: "affald"
# alone was in 2 of them, with its compounds in 6. Only the head (the right part) counts: the first part names
# no kind ("jobklub" is no job, "lægeerklæring" no læge: session 16 counted both parts and "Job", "Læge" took over).
# Where one compound holds most of the head's quotes in a theme, the label is that compound (``labels._scores``):
# "Hjemmeplejen", not "Pleje".
COMPOUND_HEADS = True  # False: before session 17
MIN_HEAD = 4  # letters of a head: "kø", "bus", "tid" as a compound's tail are too often a word's own ending
# A head as common as "plads", "hjælp" or "kort" (wordfreq Zipf >= this) says little of its own: "arbejdspladsen",
# "praktikpladsen" and "løntilskudsplads" made a mixed theme "Plads" (own dev, seed 4). 8.0: no limit.
MAX_HEAD_ZIPF = 5.5


def compound_heads(cands: list[dict[str, tuple[int, str, str]]]) -> list[dict[str, tuple[int, str, str]]]:
    """Each quote's one-noun candidates (key -> words, written form, variant key) that are compounds of a noun
    the study writes alone also count for that noun: key the head, form and variant the compound's own."""
    if not COMPOUND_HEADS:
        return cands
    singles = {k for c in cands for k, v in c.items() if v[0] == 1 and k.isalpha()}
    heads = {k: h for k in singles if (h := _head(k, singles))}
    if not heads:
        return cands
    out = []
    for c in cands:
        new = dict(c)
        for key, (_, form, _variant) in c.items():
            if (head := heads.get(key)) and head not in new:
                new[head] = (1, form, key)
        out.append(new)
    return out


def _head(word: str, singles: set[str]) -> str:
    """The longest right part of ``word`` that the study writes as a noun alone and that a Danish first part
    (with an optional linking -s-/-e-) completes: "madaffald" -> "affald"; '' for none."""
    from wordfreq import zipf_frequency

    from focusgroup.nlp.words import compound_of

    for i in range(3, len(word) - MIN_HEAD + 1):
        head = word[i:]
        if head in singles and compound_of(word, head):
            return head if zipf_frequency(head, "da") < MAX_HEAD_ZIPF else ""
    return ""
