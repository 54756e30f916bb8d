"""The theme fit beside the embedding, when batch runs the chunks in its own process.

On a machine of two cores or fewer (``run.default_workers``) the chunks are embedded by one worker
thread in the command's process, and the driver thread only waits. The fit on the sample then ran after
the last chunk, mostly on one core (spaCy's parse, UMAP, HDBSCAN and BERTopic are single-threaded),
while the other core idled: ~20% of a 10k batch's wall time (bench/README.md, issue 16 session 14).

Here it starts as soon as the scan has chosen the sample, in a thread of its own:
1. it parses the sample's texts (non-answers, labels and keyword lemmas) while the worker embeds them;
2. the worker embeds the sample first (one task, before the chunks), and hands the vectors over;
3. the fit runs on them while the worker embeds the chunks; their sample answers come from the
   embedder's memory (``embed_store.ChunkEmbedder``), so nothing is embedded twice.
The result is the fit the sequential order gives: the same texts, and the same vectors (an engine that
embeds one text per call gives it bit for bit; the memory gives the chunks the vectors the fit saw).
Only this thread computes; the checkpoint and the progress bar stay with the driver thread.
"""

from __future__ import annotations

import contextvars
import threading
from typing import Any

import numpy as np

from focusgroup.batch.embed_store import MemoryCache
from focusgroup.batch.themefit import FittedThemes, fit_sample
from focusgroup.config import AnalysisConfig


class EarlyFit:
    """``fit_sample`` on the sample in a background thread; ``vectors_ready`` lets it past the parse."""

    def __init__(self, texts: list[str], numbers: list[int], config: AnalysisConfig, embedder: Any) -> None:
        self.texts, self.numbers, self.config, self.embedder = texts, numbers, config, embedder
        _import_both_sides(config, embedder)
        self.cache = MemoryCache()  # what the fit embeds and lemmatises, for the project at the merge
        self._vectors: np.ndarray | None = None
        self._ready = threading.Event()
        self._result: FittedThemes | None = None
        self._error: BaseException | None = None
        # in the caller's context: a ``messages.language`` block there names the parents in its language
        context = contextvars.copy_context()
        self._thread = threading.Thread(target=context.run, args=(self._run,), name="focusgroup-batch-fit",
                                        daemon=True)
        self._thread.start()

    def vectors_ready(self, vectors: np.ndarray) -> None:
        self._vectors = np.asarray(vectors, dtype=np.float32)
        self._ready.set()

    def cancel(self) -> None:
        """Let the thread end without fitting (the embedding failed or stopped)."""
        self._ready.set()

    def result(self) -> FittedThemes:
        """The fitted themes (waits for the thread); the thread's error, if it failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._result is None:
            raise RuntimeError("the early theme fit was cancelled")
        return self._result

    def join(self) -> None:
        self._thread.join()

    def _run(self) -> None:
        try:
            from focusgroup.themes.nonanswer import non_answers

            if self.texts:
                non_answers(self.texts, self.cache)  # the parse; fit_themes finds it in labels' cache
            self._ready.wait()
            if self._vectors is None:
                return
            self._result = fit_sample(self.texts, self._vectors, self.numbers, self.config, self.embedder,
                                      self.cache)
        except BaseException as exc:  # re-raised in the driver thread by result()
            self._error = exc


def _import_both_sides(config: AnalysisConfig, embedder: Any) -> None:
    """What the fit thread and the worker thread import, imported here first, in one thread: two threads
    importing spaCy at once (BERTopic's import of it, asent's for sentiment) saw a partly initialised
    ``spacy.language`` ("cannot import name 'Language'"). The same imports as before, only earlier."""
    import hdbscan  # noqa: F401  (guard.py)
    import sklearn.cluster  # noqa: F401  (guard.py)
    import umap  # noqa: F401  (model.py)

    from focusgroup.batch.engine import sentiment_backend
    from focusgroup.lean_imports import import_bertopic_lean
    from focusgroup.nlp import load_pipeline
    from focusgroup.sentiment import score_texts  # noqa: F401  (engine.embed_task)
    from focusgroup.themes import assign, centrality, labels, model, nonanswer  # noqa: F401

    import_bertopic_lean()
    load_pipeline()
    sentiment_backend(config.sentiment_model, embedder.name)
