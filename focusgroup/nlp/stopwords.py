"""The project's one Danish stop-word list: spaCy's written-Danish list extended for spoken language.

Transcripts are full of fillers ("øh", "altså", "ikke også") and light verbs that would otherwise
dominate theme keywords. Entries are lower-case word forms AND lemmas, because keyword extraction
filters on lemmas while other callers filter on surface forms.
"""

from __future__ import annotations

from spacy.lang.da.stop_words import STOP_WORDS as _SPACY_DA

# Hesitations, back-channels and discourse particles of spoken Danish.
SPOKEN_FILLERS = frozenset(
    """
    øh øhm øhh øhhh æh æhm æhh eh ehm hm hmm hmmm mm mmm mhm mmh aha ah åh uh
    ja jah jaa jaja jamen jo joh jojo nej nejnej nå nåh nåe nåja okay ok okey oki
    altså ligesom sådan sådanne sådant ikk ik ikke også vel da nu bare lige egentlig egentligt faktisk
    liksom simpelthen selvfølgelig jo hvad hvadhedderdet hedder ting tingene tingen
    godt rigtig rigtigt helt lidt meget noget nogle nogen sgu skid fint fin
    """.split()
)

# Light verbs and auxiliaries as lemmas: they carry no theme on their own.
LIGHT_VERB_LEMMAS = frozenset(
    """
    være have blive kunne skulle ville måtte burde gøre sige synes tro vide mene få komme tage
    """.split()
)

# Inflected forms of the light verbs that spaCy's list lacks, for surface-form filtering.
_LIGHT_VERB_FORMS = frozenset(
    """
    er var været bliver blev blevet har havde haft kan kunne kunnet skal skulle skullet vil ville villet
    må måtte gør gjorde gjort siger sagde sagt synes syntes tror troede troet ved vidste vidst mener mente
    ment får fik fået kommer kom kommet tager tog taget
    """.split()
)

STOP_WORDS: set[str] = set(_SPACY_DA) | SPOKEN_FILLERS | LIGHT_VERB_LEMMAS | _LIGHT_VERB_FORMS

# Verbs that say nothing of what a comment is about, beyond the light verbs above (lemmas), in one list for the
# two places that drop them (session 19; they were two lists, the labeller's seven a subset of the keywords'):
# - theme keywords (KEYWORD_STOP_WORDS; c-TF-IDF on lemmas): on make demo "stå" and "stå brev" ("der står i
#   brevet") were keywords of the letters theme, so the quote cards highlighted every "står"; "gå halv", "give
#   besked", "problem gå", "bliv arbejde" (spaCy's lemma of "bliver"/"bliv") stood beside them;
# - a label's verb + object (themes.phrases): "Give tryghed" on the sample study is "Tryghed".
# They are no STOP_WORDS: "give" must reach the labeller to be dropped before its object, and non-answers and
# the name rules count them as words. The labeller's five more ("lægge", "bliv", "prøve", "forsøge", "finde")
# took 3 candidates off make demo's 804 informative quotes ("finde brev" 2, "finde job" 1: "Brev", "Job" stay)
# and left its 25 labels as they were (bench/bench_labels_demo.py, session 19).
TOPICLESS_VERBS = frozenset("stå gå give sætte lægge ligge holde bliv prøve forsøge finde bruge".split())

# What theme keywords leave out: the stop words plus TOPICLESS_VERBS (themes.text.stop_words).
KEYWORD_STOP_WORDS: frozenset[str] = frozenset(w.lower() for w in STOP_WORDS) | TOPICLESS_VERBS

# Multi-word fillers, matched on lower-cased text before tokenising ("ikke også" is two stop words anyway,
# but "på en eller anden måde" would otherwise leave "måde").
SPOKEN_PHRASES: tuple[str, ...] = (
    "ikke også",
    "på en eller anden måde",
    "og sådan noget",
    "eller sådan noget",
    "og så videre",
    "hvad hedder det",
    "hvad skal man sige",
    "kan man sige",
    "ik også",
)


def is_stop(word: str) -> bool:
    """True for a stop word (case-insensitive)."""
    return word.lower() in STOP_WORDS
