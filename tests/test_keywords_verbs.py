"""Theme keywords name no light verb (session 18): on make demo the letters theme had the keywords "stå" and
"stå brev" ("der står i brevet"), so the quote cards highlighted every "står"; "give besked", "gå halv", "bliv
arbejde" stood in other themes. The keyword stop list (nlp.KEYWORD_STOP_WORDS) leaves them out, and a label's verb + object
leaves off the same verbs (nlp.stopwords.TOPICLESS_VERBS, one list since session 19)."""

from __future__ import annotations

import csv
from pathlib import Path

from focusgroup.nlp import KEYWORD_STOP_WORDS, STOP_WORDS
from focusgroup.nlp.stopwords import TOPICLESS_VERBS


def _answers(transcripts_dir: Path) -> list[str]:
    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [r[c] for r in rows for c in r if c and ("bedre" in c or "godt" in c) and len((r[c] or "").split()) >= 3]


def test_letters_keywords_on_the_survey_leave_out_staa(transcripts_dir: Path) -> None:
    from focusgroup.themes.describe import ctfidf_keywords
    from focusgroup.themes.text import lemma_strings

    answers = _answers(transcripts_dir)
    letters = [a for a in answers if "brev" in a.lower()]
    rest = [a for a in answers if "brev" not in a.lower()][:300]
    assert sum("står" in a.lower() for a in letters) >= 3  # the survey's own "det der står i brevet"
    lemmas = lemma_strings(letters + rest)
    assert sum(" stå " in f" {s} " for s in lemmas[: len(letters)]) >= 3  # the lemma the old keywords took
    keywords = ctfidf_keywords({1: lemmas[: len(letters)], 2: lemmas[len(letters):]}, top_n=30)
    assert "brev" in keywords[1]
    words = {w for kw in keywords[1] + keywords[2] for w in kw.split()}
    assert not words & TOPICLESS_VERBS, sorted(words & TOPICLESS_VERBS)


def test_keyword_verbs_only_for_keywords() -> None:
    # Label candidates (themes.phrases), non-answers and name rules read STOP_WORDS: "Give tryghed" -> "Tryghed"
    # needs "give" to reach the labeller, so the keyword verbs are not stop words there.
    assert {"stå", "gå", "give", "bliv"} <= TOPICLESS_VERBS <= KEYWORD_STOP_WORDS
    assert not TOPICLESS_VERBS & STOP_WORDS
    assert {"få", "komme", "tage", "sige"} <= STOP_WORDS  # the light verbs the brief named were there already
    assert "sagsbehandler" not in KEYWORD_STOP_WORDS and "ringe" not in KEYWORD_STOP_WORDS


def test_a_label_leaves_off_the_verbs_a_keyword_leaves_out() -> None:
    """One list (session 19): the labeller's own seven lacked "finde", so make demo's "finde brev" (2 quotes) and
    "finde job" (1) were label candidates while no keyword could name "finde"."""
    from focusgroup.nlp import load_pipeline
    from focusgroup.themes.phrases import doc_candidates

    nlp = load_pipeline()
    for text, noun in [("Jeg kunne ikke finde brevet fra jobcentret.", "brev"),
                       ("Det er svært at finde et job i min alder.", "job"),
                       ("Jeg vil gerne give feedback på forløbet.", "feedback")]:
        cands = doc_candidates(nlp(text))
        assert noun in cands, (text, cands)
        verb_phrases = [k for k in cands if k.split()[0] in TOPICLESS_VERBS]
        assert not verb_phrases, (text, verb_phrases)
    assert "søge job" in doc_candidates(nlp("Jeg skal søge job hver uge."))  # a verb that names the topic stays
