"""Embedding with the project's cache: a quote is embedded once per (backend, model, text).

Identical texts ("Ved ikke", "Nej") are embedded once; long texts are truncated first because the
per-token cost is the floor of the whole analysis (FINDINGS.md).
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from focusgroup.embed.base import Embedder, Progress

MAX_CHARS = 2000  # ~512 tokens: what e5-small reads anyway
BATCH = 64
STEP = "Embedding af citater"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_texts(
    texts: list[str],
    emb: Embedder,
    project: Any = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """Vectors for ``texts`` in order, reading and filling ``project``'s cache when given."""
    texts = [t[:MAX_CHARS] for t in texts]
    hashes = [text_hash(t) for t in texts]
    unique: dict[str, str] = dict(zip(hashes, texts, strict=True))
    if not emb.cacheable:
        order = list(unique)
        vecs = emb.encode([unique[h] for h in order])
        if progress:
            progress(STEP, len(order), len(order))
        found = dict(zip(order, vecs, strict=True))
    else:
        found = {}
        if project is not None and unique:
            found = dict(project.cached_embeddings(emb.name, emb.model, list(unique)))
        # shortest first: each call's texts are of a similar length, so batching engines pad little
        missing = sorted((h for h in unique if h not in found), key=lambda h: len(unique[h]))
        total = len(missing)
        if progress:
            progress(STEP, 0, total)
        for i in range(0, total, BATCH):
            chunk = missing[i : i + BATCH]
            vecs = emb.encode([unique[h] for h in chunk])
            new = dict(zip(chunk, vecs, strict=True))
            found.update(new)
            if project is not None:
                project.cache_embeddings(emb.name, emb.model, new)
            if progress:
                progress(STEP, min(i + BATCH, total), total)
    if not texts:
        return np.zeros((0, emb.dim), dtype=np.float32)
    return np.vstack([np.asarray(found[h], dtype=np.float32) for h in hashes])
