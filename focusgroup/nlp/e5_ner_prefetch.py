"""The e5 NER's windows tagged ahead, in a background thread, while the analysis runs its one-core steps.

A fresh ``focusgroup analyze`` with pseudonymised outputs tags every quote's gated windows when it writes
the outputs, after the themes and sentiment: ~8 s of CPU per 1,000 survey answers on one or two cores, while
the themes' one-core steps (BERTopic's import, the spaCy parse, UMAP/HDBSCAN, labels) left the other core
idle (issue 16). ``start`` tags the windows of the quotes in a thread as soon as they are imported; ``tag``
(what ``E5NerComponent`` calls) then takes a window's tags from the memo, waiting for the thread first.

The tags are the same: with one window per call (int8, or fp32 side by side: ``E5Ner.tag``) a window's
tags depend on its words only, so the memo is keyed by the tagger's identity and the words. A tagger that
batches windows (fp32 on one thread) is never prefetched.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

_MEMO: dict[tuple[str, tuple[str, ...]], list[str]] = {}
_KEPT: set[tuple[str, tuple[str, ...]]] = set()  # keys a caller ``keep``s: taken as often as asked, until ``drop``
_THREAD: threading.Thread | None = None
_STOP = threading.Event()  # set at exit: an analysis that stopped early does not leave a thread inside ORT


def independent(tagger: Any) -> bool:
    """Whether each window runs alone (``E5Ner.windows_alone``), so its tags depend on its words only."""
    return bool(getattr(tagger, "windows_alone", False))


def windows(docs: Iterable[Doc]) -> list[list[str]]:
    """The windows ``E5NerComponent`` sends to the tagger (the same windows and gate)."""
    from focusgroup.nlp.e5_ner_gate import gated_windows

    return [[t.text for t in doc[s:e]] for doc in docs for s, e in gated_windows(doc)]


def start(tagger: Any, docs: Iterable[Doc]) -> int:
    """Tag the gated windows of ``docs`` in a background thread (one window at a time, one core); returns
    how many windows it will tag (0: nothing started). Call from the thread that later calls ``tag``."""
    global _THREAD
    if not independent(tagger):
        return 0
    wait()
    key = tagger.identity
    todo = [w for w in dict.fromkeys(tuple(w) for w in windows(docs)) if (key, w) not in _MEMO]
    if not todo:
        return 0
    import concurrent.futures  # noqa: F401  -- E5Ner.tag's import, done here: never import in two threads at once

    def work() -> None:
        for words in sorted(todo, key=len, reverse=True):
            if _STOP.is_set():
                return
            try:
                _MEMO[(key, words)] = tagger.tag([list(words)])[0]
            except Exception:  # noqa: BLE001 -- the export then tags what is missing itself
                return

    _THREAD = threading.Thread(target=work, name="focusgroup-ner-prefetch", daemon=True)
    _THREAD.start()
    return len(todo)


@atexit.register
def _stop() -> None:
    """At exit (an error or Ctrl-C before the outputs were written): finish the window in hand and stop."""
    _STOP.set()
    wait()
    _STOP.clear()


def wait() -> None:
    """Let the background thread finish (its windows are in the memo then)."""
    global _THREAD
    if _THREAD is not None:
        _THREAD.join()
        _THREAD = None


def tag(tagger: Any, pieces: Sequence[Sequence[str]], batch_size: int = 16) -> list[list[str]]:
    """``tagger.tag(pieces)``, with the windows tagged ahead taken from the memo (each prefetched one used
    once; a kept one, ``keep``, as often as texts share it: two answers of a batch chunk with the same
    sentence had the second one tagged again at the merge)."""
    wait()
    if not _MEMO or not independent(tagger):
        return tagger.tag(pieces, batch_size)
    key = tagger.identity
    out: list[list[str] | None] = [
        _MEMO.get(k) if k in _KEPT else _MEMO.pop(k, None) for k in ((key, tuple(p)) for p in pieces)]
    miss = [i for i, tags in enumerate(out) if tags is None]
    if miss:
        for i, tags in zip(miss, tagger.tag([pieces[i] for i in miss], batch_size), strict=True):
            out[i] = tags
    return out  # type: ignore[return-value]


def keep(identity: str, windows: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> list[tuple[str, tuple[str, ...]]]:
    """Windows a caller tagged ahead itself with the tagger of ``identity`` (``focusgroup batch``: per chunk,
    in its checkpoint), for ``tag`` to take; returns their memo keys, for ``drop``."""
    keys = [(identity, tuple(w)) for w in windows]
    for k, t in zip(keys, tags, strict=True):
        _MEMO[k] = list(t)
        _KEPT.add(k)
    return keys


def drop(keys: Iterable[tuple[str, tuple[str, ...]]]) -> None:
    """Forget kept windows (the caller is done with them)."""
    for k in keys:
        _MEMO.pop(k, None)
        _KEPT.discard(k)


def clear() -> None:
    """Forget the memo (tests)."""
    wait()
    _MEMO.clear()
    _KEPT.clear()
