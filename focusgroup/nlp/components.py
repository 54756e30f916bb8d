"""Custom spaCy components of the project, registered on import.

lemmy's own spaCy wrapper fails on spaCy 3 (it imports the removed PRON_LEMMA), so the project wraps
lemmy's core lemmatizer here. Import this module (or call ``register_components``) before
``spacy.load`` on a pipeline that names ``focusgroup_lemmatizer``.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

# POS whose lemma is the lower-cased form (UD convention); X keeps its case, PROPN is returned as is.
_KEEP_FORM = {"PUNCT", "SYM", "NUM", "X", "SPACE"}
# UD Danish-DDT conventions lemmy gets wrong on frequent words (from an error analysis with gold POS; treebank conventions, see MODEL_CARD): (POS, form) -> lemma.
_OVERRIDES = {
    ("PRON", "det"): "det",
    ("ADJ", "mange"): "mange",
    ("ADJ", "flere"): "mange",
    ("ADJ", "fleste"): "mange",
    ("ADJ", "flest"): "mange",
    ("ADJ", "meget"): "meget",
    ("ADJ", "mere"): "meget",
    ("ADJ", "mest"): "meget",
    ("ADJ", "meste"): "meget",
    ("ADJ", "mindre"): "lille",
    ("ADJ", "mindste"): "lille",
    ("VERB", "gør"): "gøre",
    ("AUX", "gør"): "gøre",
    ("VERB", "synes"): "synes",
    ("VERB", "syntes"): "synes",
}


@lru_cache(maxsize=1)
def _lemmy():
    import lemmy

    return lemmy.load("da")


@lru_cache(maxsize=200_000)
def lemma_for(word: str, pos: str) -> str:
    """The lemma of one word form given its UPOS ('' when unknown)."""
    if pos in _KEEP_FORM or not any(ch.isalpha() for ch in word):
        return word if pos == "X" else word.lower()
    if pos == "PROPN":
        return _propn_lemma(word)
    # Lower-case only a sentence-initial capital; "KV-regeringen", "ATB-jobs" keep their capitals.
    form = word.lower() if word[1:] == word[1:].lower() else word
    override = _OVERRIDES.get((pos, form))
    if override:
        return override
    if form != form.lower():  # "e-Boks": lemmy reads the capital as a name's genitive ("e-Bok"); the
        # lower-case form's lemma says how much to cut, the capitals stay ("KV-regeringen" -> "KV-regering")
        low = _choose(form.lower(), pos, _lemmy().lemmatize(pos, form.lower()))
        if low and form.lower().startswith(low[0]):
            return form[: len(low[0])]
    # Without POS (blank pipeline) lemmy's POS-free rules are the best guess (81% on UD test vs 71% for the bare form).
    cands = _choose(form, pos, _lemmy().lemmatize(pos, form))
    lemma = cands[0] if cands else form
    return _repair(form, pos, lemma)


def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "da")


def _choose(form: str, pos: str, cands: list[str]) -> list[str]:
    """lemmy's candidates, most likely first, where it offers several (lemmy's own first pick went
    to the keywords beside theme labels: "passer" -> "passere", "bor" -> "bore", "stod" -> "stande",
    "timer" -> "timer").

    - VERB in -r with a candidate whose present tense it is: that one ("passer" -> "passe", not the
      imperative of "passere"); else the candidate most frequent in Danish (wordfreq), the form itself
      last unless it is a deponent in -s ("stod" -> "stå", "fortalt" -> "fortælle", not "så" -> "så";
      "skyldes" stays);
    - NOUN where the form itself is one of lemmy's candidates: the candidate whose definite singular is
      most frequent ("timer" -> "time": "timen" is a word, "timeren" is rare; wordfreq counts written
      forms, so the plural "timer" says nothing). Not for every noun: "kurser" would go to "kurs"
      ("kursen" is more frequent than the irregular "kurset"), and dev gains nothing by it;
    - a VERB in -er whose only reading is the imperative of an -ere verb while the noun reading is a
      plural of a Danish noun is a tagging error ("mødetider" VERB -> "mødetidere"; NOUN "mødetid").
    Selected on UD Danish-DDT dev (predicted POS): lemma accuracy 0.9828 -> 0.9848 (bench/bench_lemmas.py;
    a participle such as "fleksibilitet" VERB -> "fleksibilite" read as a noun instead cost 0.0008, dropped:
    ``_repair`` catches it by its noun ending). Session 14: the form as a candidate anywhere in the list, not
    only first ("lager" -> "lager", not "lage"; dev "vis", "hals", "kvarter" right): dev 0.9847 -> 0.9850.
    """
    if pos == "VERB" and cands:
        if len(cands) > 1:
            present = [c for c in cands if c + "r" == form]
            if form.endswith("r") and present:
                cands = present + [c for c in cands if c not in present]
            elif not (cands[0] == form and form.endswith("s")):
                rest = sorted((c for c in cands if c != form), key=lambda c: -_zipf(c))
                cands = rest + [c for c in cands if c == form]
        if form.endswith("er") and cands[0] == form + "e":
            from focusgroup.nlp.words import is_danish_word

            noun = _lemmy().lemmatize("NOUN", form)
            if noun and noun[0] != form and is_danish_word(noun[0]):
                return [noun[0], *cands]
    elif pos == "NOUN" and len(cands) > 1 and form in cands:
        cands = sorted(cands, key=lambda c: -max(_zipf(c + e) for e in ("en", "et", "n", "t")))
    return cands


# Open word classes among which a tagging error is repaired (see _repair).
_OPEN = ("NOUN", "ADJ", "VERB")


def _repair(form: str, pos: str, lemma: str) -> str:
    """Fix lemmas that are not Danish words, the errors theme labels and lemma search exposed.

    - "-centret"/"-centre" are forms of "center" (jobcenter), not of "centrum": lemmy's rule for
      Latin -um nouns ("museet" -> "museum") catches them.
    - A tagging error gives a non-word: "brevet" tagged VERB -> "brive", "konkret" VERB -> "konkre".
      When the form is a Danish word and the lemma is not, the lemma under another open word class
      that is a Danish word is used (NOUN, then ADJ, then VERB).
    Selected on UD Danish-DDT dev (predicted POS), checked once on test: figures in bench/README.md.
    """
    if lemma.endswith("centrum") and "centrum" not in form and "centr" in form:
        return lemma[: -len("centrum")] + "center"
    if pos not in _OPEN or not form.isalpha() or len(form) < 4:
        return lemma
    from focusgroup.nlp.words import is_danish_word

    if _known_lemma(lemma) or not is_danish_word(form):
        return lemma
    for other in _OPEN:
        if other == pos:
            continue
        cands = _lemmy().lemmatize(other, form)
        if cands and is_danish_word(cands[0]) and (cands[0] != form or (other == "NOUN" and form.endswith(_NOUN_ENDINGS))):
            return cands[0]
    return lemma


# Derivational endings that make a noun: such a form tagged VERB or ADJ is a tagging error, and its noun
# lemma is the form itself ("fleksibilitet" VERB gave "fleksibilite").
_NOUN_ENDINGS = ("itet", "hed", "else", "ning", "tion", "sion", "isme")


_INFLECTIONS = ("", "e", "er", "en", "et", "ne", "ede", "ende", "r", "de")


def _known_lemma(lemma: str) -> bool:
    """A lemma is plausible when it or one of its regular inflections is a Danish word: the word list
    holds many words only inflected ("euroskeptikere", not "euroskeptiker")."""
    from focusgroup.nlp.words import is_danish_word

    return any(is_danish_word(lemma + ending) for ending in _INFLECTIONS)


def _propn_lemma(word: str) -> str:
    """Proper nouns keep their form except a genitive -s ("Danmarks" -> "Danmark", "TEBA's" -> "TEBA").

    lemmy would also cut "Hans" to "Han" and "Anders" to "Ander", so first names ending in -s are
    protected with the project's name list.
    """
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    if not word.endswith("s") or len(word) < 4:
        return word
    from focusgroup.nlp.names import name_lists

    if word in name_lists()[0]:
        return word
    cands = _lemmy().lemmatize("PROPN", word)
    return word[:-1] if cands and cands[0] == word[:-1] else word


class LemmyLemmatizer:
    """Sets ``token.lemma_`` from lemmy using the POS the pipeline predicted (or a guess without POS)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = lemma_for(token.text, token.pos_)
        return doc

    # Nothing to serialise: lemmy's rules ship in its wheel. These keep nlp.to_disk/from_disk happy.
    def to_disk(self, path, exclude=()):  # noqa: D102
        return None

    def from_disk(self, path, exclude=()):  # noqa: D102
        return self

    def to_bytes(self, exclude=()):  # noqa: D102
        return b""

    def from_bytes(self, data, exclude=()):  # noqa: D102
        return self


if not Language.has_factory("focusgroup_lemmatizer"):

    @Language.factory(
        "focusgroup_lemmatizer",
        assigns=["token.lemma"],
        requires=["token.pos"],
        default_config={},
    )
    def make_lemmatizer(nlp: Language, name: str) -> LemmyLemmatizer:
        return LemmyLemmatizer(nlp, name)


def register_components() -> None:
    """No-op whose import side effect registers the factories; call it to make the dependency explicit."""
    return None
