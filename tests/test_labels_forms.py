"""Label words the Danish word check refused and family words that named a theme (issue 18, session 16), on
quotes written like those of the own comment corpus (tests/data/themes): a definite noun in -en of a noun in -e
("hjemmeplejen"), a home-care theme named after the relatives its answers mention ("Mor og søn"), and a theme
whose word its parent took ("Min sagsbehandler" under "Sagsbehandler"); times of day say when, not what ("Åbningstid", not
"Eftermiddagen og aften")."""

from __future__ import annotations

import pytest
from test_labels import PHONE, assert_label_form

from focusgroup.nlp import words
from focusgroup.themes import parse_cache, phrases
from focusgroup.themes.labels import build_labels

HOME_CARE = [
    "Hjemmeplejen kommer aldrig til tiden",
    "Hjemmeplejen har alt for travlt om morgenen",
    "Vi er glade for hjemmeplejen, de er søde",
    "Man ved aldrig hvornår hjemmeplejen kommer",
    "Ventelisten til plejehjem er lang",
    "Min nabo venter også på en plads",
]
RELATIVES = [
    "Min mor får for lidt hjælp af hjælperne",
    "Hjælperne har ikke tid til at tale med min mor",
    "Min mor og far savner faste hjælpere",
    "Min far kan ikke selv komme i bad",
    "Min mor ved aldrig hvem der kommer",
    "Min søn må handle ind for min mor",
]


@pytest.fixture
def fresh_words():
    """The word check and the parse cache forget earlier answers, before and after the test."""
    words.is_danish_word.cache_clear()
    parse_cache._CACHE.clear()
    yield
    words.is_danish_word.cache_clear()
    parse_cache._CACHE.clear()


def test_definite_forms_of_nouns_in_e_are_danish_and_misspellings_are_not(fresh_words, monkeypatch):
    for word in ("hjemmeplejen", "ældreplejen", "plejen", "containerne", "sagsbehandlerne"):
        assert words.is_danish_word(word), word
    for word in ("fnugere", "nget", "brive", "blvie", "sagsbehnadler", "kontaknt", "telfon", "vugestuen", "gjern"):
        assert not words.is_danish_word(word), word
    monkeypatch.setattr(words, "STEM_INFLECTION", False)
    words.is_danish_word.cache_clear()
    assert not words.is_danish_word("hjemmeplejen")  # wordfreq has "pleje", not "plejen"


def test_home_care_theme_is_named_hjemmeplejen(fresh_words):
    labels = build_labels({0: HOME_CARE, 1: PHONE})
    assert labels[0] == "Hjemmeplejen", labels
    assert_label_form(list(labels.values()), HOME_CARE + RELATIVES + PHONE)


def test_relatives_do_not_name_a_theme(fresh_words, monkeypatch):
    labels = build_labels({0: RELATIVES, 1: PHONE})
    assert labels[0].split()[0].lower().startswith("hjælper"), labels  # not "Mor" (5 of 6 quotes)
    assert_label_form(list(labels.values()), HOME_CARE + RELATIVES + PHONE)
    monkeypatch.setattr(phrases, "KIN_GENERIC", False)
    parse_cache._CACHE.clear()
    assert build_labels({0: RELATIVES, 1: PHONE})[0].startswith("Mor")  # the rule is what changes it


# A theme on one's own caseworker under a parent that took "Sagsbehandler" (make demo: "Svar"; own corpus dev
# seed 42: "Betjening ved skranken", a phrase of one quote).
OWN_CASEWORKER = [
    "Min sagsbehandler ringer altid tilbage samme dag",
    "Min sagsbehandler er sød men har alt for travlt",
    "Jeg har været heldig med min sagsbehandler",
    "Den sidste sagsbehandler forstod endelig hvad jeg havde brug for",
    "Min sagsbehandler har hjulpet mig rigtig meget",
    "Sagsbehandleren var meget professionel",
]


def test_own_caseworker_theme_takes_the_possessive_where_its_parent_took_the_noun(fresh_words, monkeypatch):
    assert build_labels({0: OWN_CASEWORKER, 1: PHONE})[0] == "Sagsbehandler"  # free: the noun itself
    labels = build_labels({0: OWN_CASEWORKER, 1: PHONE}, taken=["Sagsbehandler"])
    assert labels[0] == "Min sagsbehandler", labels
    assert_label_form(list(labels.values()), OWN_CASEWORKER + PHONE)
    monkeypatch.setattr(phrases, "POSSESSIVE", False)
    parse_cache._CACHE.clear()
    assert build_labels({0: OWN_CASEWORKER, 1: PHONE}, taken=["Sagsbehandler"])[0] != "Min sagsbehandler"


# Opening hours across services (own comment corpus dev: "Eftermiddagen og aften", 16-22 quotes, three seeds).
OPENING_HOURS = [
    "Borgerservice burde have åbent om eftermiddagen",
    "Biblioteket lukker for tidligt om eftermiddagen",
    "Åbningstiden passer ikke til folk der arbejder",
    "Længere åbningstid om eftermiddagen, tak",
    "Svømmehallen lukker midt på eftermiddagen",
    "Det er svært at nå det om eftermiddagen",
]


def test_times_of_day_do_not_name_a_theme(fresh_words, monkeypatch):
    labels = build_labels({0: OPENING_HOURS, 1: PHONE})
    assert labels[0].lower().startswith("åbningstid"), labels
    assert_label_form(list(labels.values()), OPENING_HOURS + PHONE)
    monkeypatch.setattr(phrases, "TIME_GENERIC", False)
    parse_cache._CACHE.clear()
    assert build_labels({0: OPENING_HOURS, 1: PHONE})[0].startswith("Eftermiddag")  # the rule is what changes it


# Misspelt words the word check let through (session 16, helper F2): a compound without its linking -s-
# ("sagbehandler": sag + behandler), the lemma error "jobcentrum" (job + centrum), and a noun with an adjective's
# -t ("bibliotekt": bibliotek + t). Each has a known twin, which the labeller counts it for.
LABEL_WORDS = (  # words of make demo's and the own corpus dev's labels (session 16), and compounds labels need
    "sagsbehandler sagsbehandleren sagsbehandlerne sagsbehandlere rådgiver jobklub jobklubben telefonmøderne "
    "corona arbejde skift kursus menneske møder sygdom plan borgeren telefonen skrive brevene ventetid kontakt "
    "jobcentret jobcenter videomøde svar mails respekt møde paragraf brev direkte nummer jobplan idéer transport "
    "praktikken første samtale læge virksomhedspraktik mentor praktik hjælp affald besked borgerservice bus "
    "børnehaven barn børn cykelstier skolen genbrugspladsen vikar hjemmeplejen hjælpere lærere nettet computer "
    "hjemmesiden sagsbehandleren nye bøger poser madaffald skjult skrald parken skranken sprog breve "
    "svømmehallen legepladsen sygedagpenge veje vejen vuggestue ældreplejen biblioteket utrygt "
    "busstoppestedet sagsbehandlerskift øjenhøjde tilbagemelding lånene åbningstid"
).split()


def test_misspelt_compounds_and_noun_forms_are_refused_and_label_words_are_not(fresh_words, monkeypatch):
    for word in LABEL_WORDS:
        assert words.is_danish_word(word), word
    for word, twin in (("sagbehandler", "sagsbehandler"), ("sagbehandleren", "sagsbehandleren"),
                       ("jobcentrum", "jobcenter"), ("jobscenter", "jobcenter"), ("bibliotekt", "biblioteket")):
        assert not words.is_danish_word(word), word
        assert words.respell(word) == twin, word
    assert words.respell("fnugere") == "" and words.respell("hjemmeplejen") == ""
    monkeypatch.setattr(words, "TWIN_CHECK", False)
    monkeypatch.setattr(words, "NOUN_T_CHECK", False)
    words.is_danish_word.cache_clear()
    assert all(words.is_danish_word(w) for w in ("sagbehandler", "jobcentrum", "bibliotekt"))  # before


OWN_CASEWORKER_MISSPELT = [
    "Min sagbehandler ringer aldrig tilbage",
    "Sagbehandleren svarer ikke på mails",
    "Jeg har fået ny sagbehandler igen",
    "Sagsbehandleren var sød",
    "Vi får aldrig fat i sagbehandleren",
    "Jeg har haft fire forskellige sagsbehandlere",
]


def test_a_misspelt_compound_never_labels_a_theme(fresh_words, monkeypatch):
    labels = build_labels({0: OWN_CASEWORKER_MISSPELT, 1: PHONE})
    assert labels[0].lower().startswith("sagsbehandler"), labels  # 6 quotes, 4 of them misspelt
    texts = [t.replace("sagb", "sagsb") for t in OWN_CASEWORKER_MISSPELT] + PHONE
    assert_label_form(list(labels.values()), texts)
    monkeypatch.setattr(phrases, "RESPELL", True)  # the misspelt quotes count for their twin (not the default)
    parse_cache._CACHE.clear()
    assert build_labels({0: OWN_CASEWORKER_MISSPELT, 1: PHONE})[0] == "Sagsbehandler"
    for name in ("TWIN_CHECK", "NOUN_T_CHECK"):
        monkeypatch.setattr(words, name, False)
    monkeypatch.setattr(phrases, "RESPELL", False)
    words.is_danish_word.cache_clear()
    parse_cache._CACHE.clear()
    assert build_labels({0: OWN_CASEWORKER_MISSPELT, 1: PHONE})[0] == "Sagbehandler"  # before: the misspelling


# Real Danish words the word check refused (session 16, helper F3): municipal and welfare words neither wordfreq's
# list nor the pipeline's vocabulary holds (now in nlp/data/domain_words.txt, with their inflections and
# compounds), and adjectives negated by u- ("uvenlig", "uhøflige"). Misspellings stay refused.
DOMAIN_LABEL_WORDS = (
    "aflastning aflastningen aflastningsophold dement demente fodgænger fodgængerfelt fodgængerfeltet "
    "fodgængerovergang læskur læskuret læskure rollator rollatoren rollatorer rollatorerne skranke skranken skranker "
    "renovation renovationen visitation visitationen visitator fleksjob tømning bostøtte botilbud sanktion "
    "hastighedsdæmpning uvenlig uvenlige uvenligt uhøflig uhøflige uhøfligt uprofessionel ufleksible ufølsom"
).split()
MISSPELT = ("sagbehandler", "sagbehandleren", "jobcentrum", "jobscenter", "bibliotekt", "fnugere", "nget", "brive",
            "blvie", "sagsbehnadler", "kontaknt", "telfon", "vugestuen", "gjern", "uførlig", "ugående", "rolator",
            "skrankke", "visitasjon", "fodgængefelt", "uvenlg")


def test_municipal_words_and_negated_adjectives_are_danish_and_misspellings_are_not(fresh_words, monkeypatch):
    for word in DOMAIN_LABEL_WORDS + LABEL_WORDS:
        assert words.is_danish_word(word), word
    for word in MISSPELT:
        assert not words.is_danish_word(word), word
    monkeypatch.setattr(words, "DOMAIN_WORDS", False)
    monkeypatch.setattr(words, "U_PREFIX", False)
    words.is_danish_word.cache_clear()
    before = [w for w in DOMAIN_LABEL_WORDS if words.is_danish_word(w)]
    assert before == ["demente", "læskuret", "læskure", "skranken"], before  # the rest was refused before


def test_a_rollator_theme_is_named_for_its_rollators(fresh_words):
    rollators = ["Jeg venter stadig på min rollator", "Rollatoren kom først efter tre måneder",
                 "Der går lang tid før man får en rollator", "Min rollator er gået i stykker",
                 "Hvem reparerer rollatoren?", "Vi har ventet længe på hjælpemidler"]
    labels = build_labels({0: rollators, 1: PHONE})
    assert "rollator" in labels[0].lower(), labels
    assert_label_form(list(labels.values()), rollators + PHONE)
