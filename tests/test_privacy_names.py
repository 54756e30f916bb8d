"""Context rules for person names (focusgroup/privacy/name_rules.py) on real Danish sentences.

Rule-based only (no NER), so every case is exact; names that are also ordinary words ("Bo", "Sten",
"Hans", "Mark", "Lærke", "Storm") must be found as names and left alone as words.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from focusgroup.privacy import PERSON, Pseudonymizer, detect
from focusgroup.privacy.detect import DetectContext, _strip_genitive, person_words
from focusgroup.privacy.name_rules import dane_lists

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
import bench_privacy  # noqa: E402


def names(text: str, **ctx) -> list[str]:
    return [s.text for s in detect(text, DetectContext(**ctx), kinds=(PERSON,))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a finite verb after a sentence-initial name that is also a word
        ("Lærke var min praktikvejleder i et halvt år.", ["Lærke"]),
        ("Storm har hjulpet mig med at skrive ansøgninger.", ["Storm"]),
        ("Sten ringede til mig to gange om ugen.", ["Sten"]),
        ("Hans sagde, at jeg skulle søge flere job.", ["Hans"]),
        ("Bo er den bedste konsulent, jeg har haft.", ["Bo"]),
        # ... and the same words as ordinary words
        ("Bo i en lejlighed uden at have råd til det.", []),
        ("Hans mor hjalp ham med papirerne.", []),
        ("Sten og grus lå over hele vejen til jobcentret.", []),
        ("Mark og skov omkring byen er smukke.", []),
        ("Lærkerne synger, når jeg cykler til jobcentret.", []),
        # role nouns and naming verbs announce a name the lists do not know
        ("Min sagsbehandler Gorm var altid forberedt.", ["Gorm"]),
        ("Konsulenten Birthe Ulvsby kendte reglerne.", ["Birthe Ulvsby"]),
        ("Jeg talte med hans kone Dora om det.", ["Dora"]),
        ("Min mentor hedder Thyge og er tidligere tømrer.", ["Thyge"]),
        ("Mit navn er Gorm Ulvsby, og jeg er 45.", ["Gorm Ulvsby"]),
        # a mid-sentence surname alone, or after an unknown first name
        ("Jeg har fået en ny sagsbehandler, og Ingvardsen er meget bedre.", ["Ingvardsen"]),
        ("Vi mødte Gorm Thorbjørnsen på kurset.", ["Gorm Thorbjørnsen"]),
        # definite nouns of surname shape and places are no names
        ("Jeg har klaget til Ankestyrelsen over afgørelsen.", []),
        ("Hun flyttede til Horsens for at få arbejde.", []),
        ("Mødet var i Aarhus Kommune på Nikolaj Plads.", []),
        ("Jeg ved det ikke, og Gud ved hvad de laver derinde.", []),
        # a known name in capitals
        ("Jeg ringede og sagde til METTE, at jeg var syg.", ["METTE"]),
        # a known name typed in lower case (survey answers from a phone): after a role noun or a person's
        # preposition, before a lower-case surname, or after "og" and such a name; never a word-like name
        ("min sagsbehandler birthe er sød", ["birthe"]),
        ("jeg talte med hanne jensen i går", ["hanne jensen"]),
        ("tak til karen og ole for hjælpen", ["karen", "ole"]),
        ("jeg har været hos lone to gange", ["lone"]),
        ("jeg kom med sten og grus til haven", []),
        ("vi gik til storm og regn", []),
        ("per er god, men hans kone er bedre", []),
        ("kaffe og kage til alle", []),
    ],
)
def test_context_rules(text, expected):
    assert names(text) == expected


def test_genitive_stays_outside_the_placeholder():
    pz = Pseudonymizer(use_ner=False)
    assert pz.transform("Det var Sten Jensens idé, ikke Lones.") == "Det var [Person 1]s idé, ikke [Person 2]s."


def test_strip_genitive_checks_each_name_set():
    text = "Lauritsens"
    assert _strip_genitive(text, 0, len(text), set(), {"Lauritsen"}) == len(text) - 1
    assert _strip_genitive(text, 0, len(text), set(), set()) == len(text)


def test_name_lists_are_built_once_and_keep_ordinary_words_ambiguous():
    assert person_words() is person_words()  # cached: detect_persons must not rebuild sets per text
    first, ambiguous, _surnames, not_names = person_words()
    for word in ("Bo", "Sten", "Hans", "Mark", "Lærke", "Storm"):
        assert word in first and word in ambiguous, word
    dane, _, dane_not = dane_lists()
    assert len(dane) > 500 and "Danmark" in dane_not and "Danmark" in not_names
    assert not (first & not_names)  # a name is never also a "never a person" word


def test_held_out_dane_split_matches_the_training_script(shared_dir):
    """The tuning set must be exactly the sentences the NER model did not train on."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("train_spacy", REPO / "scripts" / "train_spacy.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    assert (train.SEED, train.DEV_SIZE) == (bench_privacy.TRAIN_SEED, bench_privacy.TRAIN_DEV_SIZE)
    recs = bench_privacy.dane_dev_records()
    assert len(recs) == 250 and sum(len(r["spans"]) for r in recs) > 40
    for r in recs:
        for s in r["spans"]:
            assert r["text"][s["start"] : s["end"]][:1].isupper()


def test_rules_recall_on_held_out_dane_split(shared_dir):
    """Without NER the lists and rules alone find most names in the held-out split (0.78 measured)."""
    res, _, _ = bench_privacy.evaluate(bench_privacy.dane_dev_records(), use_ner=False, kinds=("person",))
    assert res["PER"]["recall"] >= 0.70, res["PER"]
    assert res["PER"]["precision"] >= 0.90, res["PER"]


@pytest.mark.parametrize(
    "text, ent, kept",
    [
        # the small POS tagger calls a capitalised word inside a sentence NOUN; the NER's person stays
        ("- Den er dyr, grinede Bolle, men hun købte den alligevel.", "Bolle", "Bolle"),
        ("Kunne du ikke godt være min ven, Hare, hvis du havde lyst?", "Hare", "Hare"),
        ("Jeg mødte Iver Høj i byen.", "Iver Høj", "Iver Høj"),
        # a sentence's first word is still judged by its POS ("Mødet" is a noun, not a person)
        ("Mødet varede længe.", "Mødet", None),
        ("Konsulenten Sten ringede.", "Konsulenten Sten", "Sten"),
    ],
)
def test_clean_person_keeps_capitalised_words_inside_a_sentence(text, ent, kept):

    from focusgroup.nlp.loader import _load_pipeline
    from focusgroup.privacy.person_spans import clean_person

    nlp = _load_pipeline(None)
    doc = nlp(text, disable=["ner"]) if "ner" in nlp.pipe_names else nlp(text)
    start = text.index(ent)
    doc.ents = [doc.char_span(start, start + len(ent), label="PER")]
    got = clean_person(doc.ents[0])
    assert (text[got[0] : got[1]] if got else None) == kept


def test_the_small_cnn_ner_keeps_the_stricter_filters():
    """The CNN's guesses (FOCUSGROUP_NER=spacy) still need the POS tagger's and the word lists'
    agreement: "Kommissionen" (NOUN) and "Animeret Gif" (ordinary words) stay; e5 guesses need not."""
    from focusgroup.nlp.loader import _load_pipeline
    from focusgroup.privacy.person_spans import clean_person

    nlp = _load_pipeline(None)
    text = "Hvordan vil Kommissionen sikre, at forhandlingerne lykkes?"
    doc = nlp(text, disable=["ner"]) if "ner" in nlp.pipe_names else nlp(text)
    start = text.index("Kommissionen")
    doc.ents = [doc.char_span(start, start + len("Kommissionen"), label="PER")]
    assert clean_person(doc.ents[0], precise=False) is None
    text = "Animeret Gif bruges som banner."
    assert names(text, ner_spans=[(0, 12)], precise_ner=False) == []


def test_shipped_dane_lists_are_what_the_harvest_builds(shared_dir):
    """scripts/build_name_list.harvest (also used by bench/bench_privacy_stages.py with a fold left out)
    rebuilds the shipped lists from DaNE train minus the held-out split."""
    import json

    sys.path.insert(0, str(REPO / "scripts"))
    from build_name_list import DATA, harvest, held_out_rows

    rows = [json.loads(ln) for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip()]
    lines, not_names = harvest(rows, held_out_rows(rows))
    names, ambiguous, never = dane_lists()
    assert frozenset(ln.lstrip("?") for ln in lines) == names
    assert frozenset(ln[1:] for ln in lines if ln.startswith("?")) == ambiguous
    assert frozenset(not_names) == never
