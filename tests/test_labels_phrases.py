"""Label phrases the Danish pipeline used to miss (issue 18, session 15), on quotes of the bundled sample
study: a sentence-initial noun tagged as a name ("Jobklubben hjalp mig"), a verb whose object has an article
("beholde den samme sagsbehandler"), a generic noun that heads a phrase ("sager per sagsbehandler"), and a
parent phrase that lives in one child."""

from __future__ import annotations

from test_labels import CASEWORKER, LETTERS, PHONE, assert_label_form

from focusgroup.themes import phrases
from focusgroup.themes.labels import build_labels
from focusgroup.themes.parent_labels import spread_keys

# make demo's jobklub theme: most quotes open with "Jobklubben", which the tagger reads as a name (PROPN,
# lemma "Jobklubben"), so "jobklub" counted in too few of them and the theme was labelled "Job".
JOBCLUB = [
    "Jobklubben hjalp mig med mit CV, men den var alt for lang",
    "Jobklubben giver en grund til at komme ud af døren om morgenen",
    "Jobklubben har givet mig mod på at søge igen.",
    "Jobklubben ligger midt på dagen, så man ikke kan tage til jobsamtaler.",
    "Jobklubben er meget lang og man lærer ikke noget nyt.",
    "Jobklubben er spild af tid for folk der har en uddannelse.",
    "Jobklubben har hjulpet mig med mit CV.",
    "Det sociale i jobklubben har betydet meget for mig.",
    "Jeg var i jobklub i tre måneder.",
    "Vi sidder bare ved computerne og søger job, det kan jeg gøre hjemme.",
]
# The introduction round: names open the turns ("Peter" reads as the noun "pet" to the lemmatiser).
INTRODUCTIONS = [
    "Peter, 58 år, tømrer. Jeg fik en diskusprolaps sidste forår.",
    "Peter her. Jeg har været sygemeldt i ti måneder.",
    "Peter igen. Jeg er tømrer og har ondt i ryggen.",
    "Thomas, 36. Jeg har været sygemeldt med depression i et halvt år.",
    "Thomas her, jeg er også sygemeldt.",
]
# make demo's theme of nine quotes on keeping one's caseworker: labelled "Borger" (5 of 9), which took the
# word from a larger theme on the citizen's own wishes ("Mennesker").
KEEP = [
    "Lad folk beholde den samme sagsbehandler. Det er det vigtigste.",
    "Lad folk beholde den samme sagsbehandler, hvis det kan lade sig gøre.",
    "at man selv kan bede om at beholde sin sagsbehandler",
    "lad borgerne beholde den samme sagsbehandler",
    "Ansæt flere sagsbehandlere.",
    "Giv sagsbehandlerne mere tid til hver borger",
]
# make demo's theme of wishes for caseworkers with time for each case: "sag" is a generic noun, so the phrase
# its quotes repeat was no candidate and the theme was labelled "Mindre kontrol og møde".
CASELOAD = [
    "Færre sager per sagsbehandler så de kan nå at ringe tilbage.",
    "Samtalerne er meget korte og overfladiske. Færre sager per sagsbehandler så de kan nå at ringe tilbage.",
    "færre sager per sagsbehandler så de kan nå at ringe tilbage",
    "Sagsbehandlerne bør forberede sig før mødet og have læst sagen.",
    "Mere menneskelig kontakt og mindre kontrol. Kortere sagsbehandlingstid.",
    "Mindre kontrol og mere hjælp",
]


def _jobclub_quotes() -> int:
    from focusgroup.themes.labels import parse_candidates

    return sum("jobklub" in c for c in parse_candidates(JOBCLUB))


def test_a_sentence_initial_noun_the_tagger_calls_a_name_counts_as_the_noun():
    assert _jobclub_quotes() == 9  # every quote that writes the word
    groups = {1: JOBCLUB, 2: PHONE, 3: LETTERS, 4: CASEWORKER}
    labels = build_labels(groups)
    assert labels[1] == "Jobklub", labels
    assert_label_form(list(labels.values()), JOBCLUB + PHONE + LETTERS + CASEWORKER)


def test_without_the_rescue_the_word_is_missed_where_it_opens_the_quote(monkeypatch):
    from focusgroup.themes import parse_cache

    monkeypatch.setattr(phrases, "RESCUE_INITIAL", False)
    parse_cache._CACHE.clear()
    try:
        assert _jobclub_quotes() < 9
    finally:
        parse_cache._CACHE.clear()


def test_a_name_that_opens_a_sentence_is_no_noun():
    """"Peter" is a word to the lemmatiser ("pet"), but no quote writes "pet" as a noun: no candidate."""
    cands = phrases.resolve_initial([{"?pet": (1, "peter")}, {"?jobklub": (1, "jobklubben")}, {"jobklub": (1, "jobklub")}])
    assert cands == [{}, {"jobklub": (1, "jobklubben")}, {"jobklub": (1, "jobklub")}]
    labels = build_labels({1: INTRODUCTIONS, 2: PHONE, 3: LETTERS})
    assert not any(w in labels[1].lower().split() for w in ("pet", "peter", "thomas", "thomase")), labels
    assert_label_form(list(labels.values()), INTRODUCTIONS + PHONE + LETTERS)


def test_a_verb_and_its_object_keep_the_article_between_them():
    """As on make demo, the parent has taken "Sagsbehandler"; the quotes' own phrase names the theme."""
    labels = build_labels({1: KEEP, 2: PHONE, 3: LETTERS, 4: JOBCLUB}, taken=["Sagsbehandler"])
    assert labels[1] == "Beholde den samme sagsbehandler", labels
    assert_label_form(list(labels.values()), KEEP + PHONE + LETTERS + JOBCLUB)


def test_an_indefinite_article_makes_no_verb_phrase():
    """"at møde en sagsbehandler, der kender ..." gave the label "Møde en sagsbehandler og historie"."""
    from focusgroup.nlp import load_pipeline

    doc = load_pipeline()("Det er svært at møde en sagsbehandler, der kender min historie.")
    assert not any(k.startswith("møde ") for k in phrases.doc_candidates(doc)), phrases.doc_candidates(doc)


def test_sager_per_sagsbehandler_is_a_phrase():
    labels = build_labels({1: CASELOAD, 2: PHONE, 3: LETTERS, 4: JOBCLUB})
    assert labels[1].lower().startswith("sager per sagsbehandler"), labels
    assert_label_form(list(labels.values()), CASELOAD + PHONE + LETTERS + JOBCLUB)
    # the generic noun alone is still no label
    assert "Sager" not in labels.values() and "Sag" not in labels.values()


def test_a_parent_does_not_take_a_phrase_that_lives_in_one_child():
    """"jobklub" in 9 of 10 quotes of one child and in 1 of 5 of its sibling: the sibling clears the 8% bar,
    and "jobklub" is in over a fifth of the parent's quotes, but 9 of its 10 mentions are in one child."""
    sibling = ["Jeg fik en praktik i en branche jeg slet ikke er interesseret i.",
               "Praktikker tættere på hvor man bor.",
               "Jobklub en gang om ugen er rigeligt.",
               "Praktikken blev forlænget og nu er jeg ansat.",
               "Der blev lovet et job efter praktikken, men det kom aldrig."]
    assert "jobklub" not in spread_keys([JOBCLUB, sibling])
    assert "praktik" not in spread_keys([JOBCLUB, sibling])  # one child only


# Comments in the style of the own comment corpus, where the school theme was labelled "Skolens og barn".
SCHOOL = [
    "Skolens toiletter er helt ulækre",
    "Der er for lidt plads på skolens legeplads",
    "Vi er glade for skolens lærere",
    "skolens kantine er for dyr",
    "Mit barn trives ikke i skolens fritidsordning",
]


def test_a_genitive_is_no_label_form():
    labels = build_labels({1: SCHOOL, 2: PHONE, 3: LETTERS, 4: CASEWORKER})
    assert labels[1].split()[0] in ("Skolen", "Skole"), labels
    assert_label_form(list(labels.values()), SCHOOL + PHONE + LETTERS + CASEWORKER)


def test_a_plural_in_s_and_an_owner_keep_their_s():
    from focusgroup.themes.labels import bare_genitives

    assert bare_genitives("Solens og det værste udbrud") == "Solen og det værste udbrud"
    assert bare_genitives("Shows") == "Shows"  # a plural, no genitive
    assert bare_genitives("Brevets sprog") == "Brevets sprog"  # the genitive owns the next noun


def test_a_phrase_in_most_of_a_themes_quotes_is_that_themes():
    """make demo (session 15): "jobklub" in 23 of 34 quotes of the jobklub theme went to a sibling that has
    it in a third of its quotes (more central to that sibling's centroid), and the jobklub theme was labelled
    "Døren om morgenen". Here the sibling's quotes are the demo's; the jobklub theme keeps its word."""
    import numpy as np

    from focusgroup.themes import labels as labels_module

    sibling = ["Mere kontakt med rigtige arbejdsgivere i jobklubben.",
               "Arbejdsgiverne i jobklubben var gode.",
               "Det er nemt at komme i kontakt med jobcentret",
               "Mere hjælp til at finde job",
               "Kontakt til arbejdsgivere i stedet for jobklub",
               "Jeg har fået kontakt til en arbejdsgiver"]
    groups = {1: JOBCLUB, 2: sibling, 3: PHONE, 4: LETTERS}
    centroids = {g: np.eye(8)[g] for g in groups}

    def embed(texts: list[str]) -> np.ndarray:
        """"jobklub" between the two themes, nearer the sibling (as on make demo); other phrases elsewhere."""
        e = np.eye(8)
        return np.vstack([0.6 * e[1] + 0.8 * e[2] if t.lower() in ("jobklub", "jobklubben") else e[3] + e[4]
                          for t in texts])

    labels = build_labels(groups, centroids=centroids, embed=embed)
    assert labels[1] == "Jobklub", labels
    assert not labels[2].startswith("Jobklub"), labels
    old = labels_module.DOMINANT_SHARE
    labels_module.DOMINANT_SHARE = 1.1  # the rule off: the sibling takes the word
    try:
        off = build_labels(groups, centroids=centroids, embed=embed)
    finally:
        labels_module.DOMINANT_SHARE = old
    assert off[2].startswith("Jobklub") and off[1] != "Jobklub", off


def test_an_acronym_most_respondents_write_in_capitals_keeps_them():
    """The own comment corpus had a theme labelled "Sfo og børn": one respondent's "sfo" is the lemma."""
    afterschool = ["Min søn går i SFO og er glad for det", "Der er for få voksne i SFO",
                   "sfo er alt for dyr", "SFO lukker for tidligt om eftermiddagen", "Der mangler personale i SFO"]
    labels = build_labels({1: afterschool, 2: PHONE, 3: LETTERS, 4: CASEWORKER})
    assert labels[1].split()[0] == "SFO", labels
