"""Embeddings streamed to disk, one ``.npy`` per chunk, and embedders made usable chunk by chunk.

Per-chunk files keep memory flat (a chunk is loaded only when needed, memory-mapped) and make a
finished chunk's vectors durable the moment it is recorded. Corpus-dependent backends (TF-IDF+SVD
vectors depend on every text they see) are fitted once on the representative sample (the backend's
own ``fit``) and then only transform chunks; otherwise each chunk would live in its own vector space.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from focusgroup.batch.checkpoint import atomic_write
from focusgroup.embed import get_embedder
from focusgroup.embed.cache import MAX_CHARS  # the cache truncates the same way (~512 tokens)


class EmbeddingStore:
    """``DIR/emb/chunk_00012.npy``: float32 (n_rows_in_chunk, dim), rows in file order."""

    def __init__(self, work_dir: Path) -> None:
        self.dir = Path(work_dir) / "emb"

    def path(self, index: int) -> Path:
        return self.dir / f"chunk_{index:05d}.npy"

    def save(self, index: int, vectors: np.ndarray) -> Path:
        buf = io.BytesIO()
        np.save(buf, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
        return atomic_write(self.path(index), lambda fh: fh.write(buf.getbuffer()))

    def load(self, index: int, *, mmap: bool = True) -> np.ndarray:
        return np.load(self.path(index), mmap_mode="r" if mmap else None, allow_pickle=False)

    def save_sentences(self, index: int, vectors: dict[str, np.ndarray]) -> Path:
        """Vectors of the chunk's long answers' sentences (sentiment scores them), by text hash."""
        buf = io.BytesIO()
        hashes = np.array(list(vectors), dtype="<U64")
        rows = np.vstack(list(vectors.values())).astype(np.float32) if vectors else np.zeros((0, 0), np.float32)
        np.savez(buf, hashes=hashes, vectors=rows)
        return atomic_write(self.dir / f"sentences_{index:05d}.npz", lambda fh: fh.write(buf.getbuffer()))

    def load_sentences(self, index: int) -> dict[str, np.ndarray]:
        path = self.dir / f"sentences_{index:05d}.npz"
        if not path.exists():
            return {}
        with np.load(path, allow_pickle=False) as z:
            return dict(zip(z["hashes"].tolist(), z["vectors"], strict=True))

    def gather(self, rows: Sequence[int], chunk_size: int) -> np.ndarray:
        """Vectors of the given global rows (e.g. the sample), reading one memory-mapped chunk at a time."""
        rows = list(rows)
        out: np.ndarray | None = None
        by_chunk: dict[int, list[int]] = {}
        for pos, row in enumerate(rows):
            by_chunk.setdefault(row // chunk_size, []).append(pos)
        for index, positions in sorted(by_chunk.items()):
            vecs = self.load(index)
            if out is None:
                out = np.zeros((len(rows), vecs.shape[1]), dtype=np.float32)
            local = [rows[p] - index * chunk_size for p in positions]
            out[positions] = vecs[local]
        return out if out is not None else np.zeros((0, 0), dtype=np.float32)


class ChunkEmbedder:
    """Picklable: sent once to every Dask worker; ``encode`` gives comparable vectors for any chunk.

    A cacheable engine's vectors are remembered per process (the last ``MEMO`` texts), so an answer
    repeated in a later chunk on the same worker is not embedded again: in-process runs (the default on
    2 cores) embed each distinct text once (synthetic 10k survey: 9,228 per-chunk texts, 7,394 distinct).
    """

    MEMO = 50_000  # ~77 MB of 384-d float32 vectors

    def __init__(self, spec: str, fitted: Any = None) -> None:
        self.spec = spec
        self.fitted = fitted  # a fitted transformer for corpus-dependent backends
        self._emb: Any = None
        self._memo: dict[str, np.ndarray] = {}

    def __getstate__(self) -> dict[str, Any]:  # models load on the worker
        return {"spec": self.spec, "fitted": self.fitted, "_emb": None, "_memo": {}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({"_memo": {}} | state)

    @property
    def name(self) -> str:
        return self.backend.name

    @property
    def model(self) -> str:
        return self.backend.model

    @property
    def cacheable(self) -> bool:
        """Vectors that mean the same in any project: the project's embedding cache may keep them."""
        return self.fitted is None and bool(getattr(self.backend, "cacheable", True))

    @property
    def backend(self) -> Any:
        if self._emb is None:
            self._emb = get_embedder(self.spec)
        return self._emb

    def encode(self, texts: list[str]) -> np.ndarray:
        texts = [t[:MAX_CHARS] for t in texts]
        if self.fitted is not None:
            return np.asarray(self.fitted.transform(texts), dtype=np.float32)
        if not self.cacheable:
            return np.asarray(self.backend.encode(texts), dtype=np.float32)
        todo = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if todo:
            self._memo.update(zip(todo, np.asarray(self.backend.encode(todo), dtype=np.float32), strict=True))
        out = np.stack([self._memo[t] for t in texts]) if texts else np.zeros((0, self.backend.dim), np.float32)
        for old in list(itertools.islice(self._memo, max(0, len(self._memo) - self.MEMO))):  # oldest first
            del self._memo[old]
        return out


def prepare_embedder(spec: str, sample_texts: list[str], seed: int) -> ChunkEmbedder:
    """A chunk-safe embedder from the embedders registry; a corpus-dependent backend (TF-IDF) is fitted
    on ``sample_texts`` through its own ``fit`` and then only transforms chunks."""
    backend = get_embedder(spec)
    if getattr(backend, "cacheable", True):
        return ChunkEmbedder(spec)
    if callable(getattr(backend, "fit", None)):
        if hasattr(backend, "seed"):
            backend.seed = seed
        return ChunkEmbedder(spec, backend.fit([t[:MAX_CHARS] for t in sample_texts]))
    raise ValueError(f"embedder {spec!r} depends on the whole corpus and has no fit/transform for batches")


class MemoryCache:
    """A project's embedding and lemma caches over dicts, for the theme fit on the driver before the
    project file exists: what the fit embeds (keyword candidates) and lemmatises is collected here,
    saved beside the fit, and put into the project's caches by the merge, so the app re-embeds none."""

    def __init__(self) -> None:
        self.embeddings: dict[tuple[str, str], dict[str, np.ndarray]] = {}
        self.lemmas: dict[str, dict[str, str]] = {}

    def cached_embeddings(self, backend: str, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found = self.embeddings.get((backend, model), {})
        return {h: found[h] for h in hashes if h in found}

    def cache_embeddings(self, backend: str, model: str, vectors: dict[str, np.ndarray]) -> None:
        self.embeddings.setdefault((backend, model), {}).update(vectors)

    def cached_lemmas(self, pipeline: str, hashes: Sequence[str]) -> dict[str, str]:
        found = self.lemmas.get(pipeline, {})
        return {h: found[h] for h in hashes if h in found}

    def cache_lemmas(self, pipeline: str, lemmas: dict[str, str]) -> None:
        self.lemmas.setdefault(pipeline, {}).update(lemmas)

    def save(self, folder: Path, backend: str, model: str) -> None:
        """The embedder's vectors (not UMAP's) and the lemmas, without pickle."""
        import json

        from focusgroup.batch.checkpoint import atomic_write

        vectors = self.embeddings.get((backend, model), {})
        buf = io.BytesIO()
        rows = np.vstack(list(vectors.values())).astype(np.float32) if vectors else np.zeros((0, 0), np.float32)
        np.savez(buf, hashes=np.array(list(vectors), dtype="<U64"), vectors=rows)
        atomic_write(folder / "cache_vectors.npz", lambda fh: fh.write(buf.getbuffer()))
        data = json.dumps({"backend": backend, "model": model, "lemmas": self.lemmas}, ensure_ascii=False).encode()
        atomic_write(folder / "cache_lemmas.json", lambda fh: fh.write(data))


def fill_project_cache(project: Any, folder: Path) -> int:
    """Put what ``MemoryCache.save`` wrote into ``project``'s caches; returns the number of vectors."""
    import json

    meta_path, vec_path = folder / "cache_lemmas.json", folder / "cache_vectors.npz"
    if not meta_path.exists() or not vec_path.exists():
        return 0  # a fit saved before these files existed: nothing to add
    meta = json.loads(meta_path.read_text("utf-8"))
    for pipeline, lemmas in meta["lemmas"].items():
        project.cache_lemmas(pipeline, lemmas)
    with np.load(vec_path, allow_pickle=False) as z:
        vectors = dict(zip(z["hashes"].tolist(), z["vectors"], strict=True))
    if vectors:
        project.cache_embeddings(meta["backend"], meta["model"], vectors)
    return len(vectors)
