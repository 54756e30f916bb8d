"""Lexicon rules and per-quote scoring on hand-made Danish edge cases (negation, contrast, fillers)."""

from __future__ import annotations

import pytest

from focusgroup.sentiment.lexicon import LexiconFeatures, clean_spoken, score_text, split_sentences
from focusgroup.sentiment.score import score_texts


def test_negation_flips_the_lexicon_sign():
    assert score_text("god").valence > 0
    assert score_text("ikke god").valence < 0
    assert score_text("Det er godt").valence > 0 > score_text("Det er ikke godt").valence
    assert score_text("Jeg blev hørt").valence > 0 > score_text("Jeg følte mig overhovedet ikke hørt").valence


def test_negated_negative_is_not_negative():
    assert score_text("slet ikke dårligt").valence > 0
    assert score_text("Det var slet ikke dårligt").valence > 0
    # A negated negative is weaker than a plain positive: litotes, not praise.
    assert score_text("slet ikke dårligt").valence < score_text("godt").valence


def test_intensifiers_scale_and_tag_questions_do_not_negate():
    assert score_text("meget god").valence > score_text("god").valence > score_text("lidt god").valence > 0
    assert score_text("Øh, altså, det var godt, ikke?").valence > 0


def test_contrast_marks_mixed_and_weighs_the_second_clause():
    r = score_text("Jeg er glad for min sagsbehandler, men ventetiden er et problem")
    assert r.mixed and r.has_contrast
    assert r.valence < 0  # what comes after "men" weighs more
    r2 = score_text("Selvom de er søde, er systemet elendigt")
    assert r2.mixed and r2.valence < 0
    assert not score_text("Jeg er glad for min sagsbehandler").mixed


def test_fillers_and_transcription_marks_are_removed_byte_for_byte_otherwise():
    cleaned = clean_spoken("Øh, altså jeg jeg synes ikke også, at (griner) det var fint, du ved.")
    assert cleaned == "jeg synes, at det var fint."
    assert clean_spoken("Sagsbehandleren på Ærøvej var sød") == "Sagsbehandleren på Ærøvej var sød"


def test_sentence_split_and_feature_shape():
    assert split_sentences("Det var godt. Men ventetiden var lang! Hvad så?") == [
        "Det var godt.", "Men ventetiden var lang!", "Hvad så?"]
    X = LexiconFeatures().transform(["god", "ikke god", ""])
    assert X.shape == (3, len(LexiconFeatures.feature_names))
    assert X[0, 0] > 0 > X[1, 0] and X[2, 0] == 0


@pytest.mark.parametrize("backend", ["default", "asent", "afinn"])
def test_score_texts_shapes_and_ranges(backend):
    texts = ["Det var en rigtig god oplevelse", "Det var en elendig oplevelse", ""]
    out = score_texts(texts, model=backend)
    assert len(out) == 3
    for label, score, mixed in out:
        assert label in {"negativ", "neutral", "positiv"} and -1 <= score <= 1 and isinstance(mixed, bool)
    assert out[0][1] > out[1][1]


def test_default_model_handles_negation_contrast_and_long_turns():
    texts = [
        "god",
        "ikke god",
        "Det var slet ikke dårligt",
        "Jeg følte mig overhovedet ikke hørt",
        "Jeg er glad for min sagsbehandler, men ventetiden er et problem",
        "Jeg synes egentlig at møderne var fine og korte. De var til sagen, og jeg fik en plan. Men jobklubben "
        "var spild af tid, og brevene fra kommunen er umulige at forstå for mig og for mange andre.",
    ]
    (good, notgood, litotes, notheard, glad_men, long_turn) = score_texts(texts)
    assert good[0] == "positiv" and notgood[0] == "negativ"
    assert litotes[0] != "negativ"
    assert notheard[0] == "negativ"
    assert glad_men[2] is True
    assert long_turn[2] is True  # a positive and a negative sentence in one turn
    assert not good[2] and not notgood[2]


def test_mixed_uses_model_evidence_around_contrast_words():
    texts = [
        "Min sagsbehandler er god, men hun har alt for travlt",  # no lexicon word in the second clause
        "Receptionen er venlig, men telefonen bliver aldrig taget",
        "Sagsbehandleren er sød og hjælpsom",
        "Men det er bare dårligt",  # a contrast word with nothing before it
        "Brevene er umulige at forstå",
    ]
    flags = [mixed for _, _, mixed in score_texts(texts)]
    assert flags == [True, True, False, False, False]
