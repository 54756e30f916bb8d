"""The name tagger in batch: each chunk's e5 NER windows tagged beside the embedding, kept in the checkpoint.

``focusgroup analyze`` pseudonymises its outputs with the e5 NER (``privacy.Pseudonymizer``), whose windows
it tags ahead in a background thread (``nlp.e5_ner_prefetch``). Batch pseudonymised with the name lists
and rules only, so a name only the tagger catches stayed in its "pseudonymised" quotes.csv (issue 15/16).
Now ``NerAhead`` tags, in a thread of its own, the gated windows of every chunk's answers and background
cells while the chunks are embedded, and writes them to ``.batch/ner/chunk_NNNNN.json`` (whole or not at
all, like every checkpoint file: a resumed run tags only the chunks without one). The merge hands a
chunk's tags to the NER (``keep``) and pseudonymises the chunk with analyze's pseudonymiser, whose PER
spans then go into the project's ``ner_spans`` cache: the app and ``focusgroup export`` on the batch
project tag nothing again.

The same tags by construction: the int8 tagger runs each window alone, so a window's tags depend on its
words only (``E5Ner.windows_alone``, the analyze prefetch's rule). A tagger that batches windows (fp32 on
one thread) or the small CNN NER is not tagged ahead; the merge runs it as the pseudonymiser does. The
thread cuts windows with its own copy of the pipeline's tokenizer (a spaCy pipeline is not shared between
threads); a window it cut otherwise would only be tagged again at the merge.

If the thread fails, the merge tags what it left (``keep`` hands over nothing for those chunks), so the files
hide the same names, later; ``error`` keeps the cause and ``run_batch`` tells the user (a catalogue warning,
and the project's privacy record). If the tagger fails at the merge too, the merge raises ``NerFailed`` and
writes nothing: a quotes.csv without the tagger's names must not pass for a pseudonymised one.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from typing import Any

from focusgroup.batch.checkpoint import Checkpoint, atomic_write
from focusgroup.errors import UserError

STAGE = "ner"
PER_TAGS = frozenset({"B-PER", "I-PER"})
MEMO_WINDOWS = 500_000  # windows whose tags the thread remembers across chunks (~25 words each)
Keys = list[tuple[str, tuple[str, ...]]]


class NerFailed(UserError):
    """The name tagger failed at the merge (``messages.problems`` ``batch_ner_failed``); nothing was written."""


def describe_error(exc: BaseException) -> str:
    """One line for the user: the error's type and first line."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}"[:200] if first else type(exc).__name__


def chunk_texts(layout: dict[str, Any]) -> list[str]:
    """What the merge pseudonymises of a chunk: its answers, then its background cells (text only)."""
    texts = [q["text"] for q in layout["quotes"]]
    texts += [v for q in layout["quotes"] for v in q["metadata"].values() if isinstance(v, str) and v.strip()]
    return list(dict.fromkeys(texts))


def e5_tagger() -> Any:
    """The pipeline's e5 tagger when its windows can be tagged ahead (one window per call), else None."""
    from focusgroup.nlp import e5_ner_prefetch, load_pipeline
    from focusgroup.privacy.person_spans import precise_ner

    nlp = load_pipeline()
    if not precise_ner(nlp):
        return None
    tagger = nlp.get_pipe("ner").tagger  # loads the weights here, in the driver thread
    return tagger if e5_ner_prefetch.independent(tagger) else None


class NerAhead:
    """Tags the windows of ``chunks`` (in order) in a background thread; ``keep(index)`` at the merge."""

    def __init__(self, ck: Checkpoint, chunks: Iterable[int], tagger: Any) -> None:
        from focusgroup.nlp import load_pipeline
        from focusgroup.nlp.e5_ner_prefetch import windows

        self.ck, self.tagger, self.identity = ck, tagger, tagger.identity
        self._tokenizer = _own_tokenizer(load_pipeline())
        # what the thread imports and loads (the gate's word frequencies), here first: never two threads
        # importing at once (batch.earlyfit imports the fit's modules beside it)
        self._windows = windows
        windows([self._tokenizer("Jeg talte med Birthe.")])
        self._todo = [i for i in chunks if self._stored(i) is None]
        self._done: set[int] = set()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self.waited = 0.0  # wall seconds the merge waited for the thread (``keep``)
        self._spans_model: str | None = None
        self._thread = threading.Thread(target=self._run, name="focusgroup-batch-ner", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        windows = self._windows
        # a window another chunk had (a copied answer, a recurring sentence) is tagged once per run: its tags
        # depend on its words only (one window per call), so the chunk's file holds the same tags either way
        memo: dict[tuple[str, ...], list[str]] = {}
        try:
            for index in self._todo:
                if self._stop.is_set():
                    return
                texts = chunk_texts(self.ck.load_chunk_json("layout", index))
                per_text = [[tuple(w) for w in windows([self._tokenizer(t)])] for t in texts]
                wins = dict.fromkeys(w for ws in per_text for w in ws)
                order = sorted(wins, key=len, reverse=True)
                tags: list[list[str]] = []
                for w in order:  # one window per call, on one core
                    if self._stop.is_set():
                        return
                    found = memo.get(w)
                    if found is None:
                        found = self.tagger.tag([list(w)])[0]
                        if len(memo) < MEMO_WINDOWS:
                            memo[w] = found
                    tags.append(found)
                with_person = {w for w, t in zip(order, tags, strict=True) if any(x in PER_TAGS for x in t)}
                no_person = [i for i, ws in enumerate(per_text) if not with_person.intersection(ws)]
                data = json.dumps({"identity": self.identity, "windows": order, "tags": tags, "texts": len(texts),
                                   "no_person": no_person},
                                  ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                atomic_write(self.ck.chunk_path(STAGE, index, ".json"), lambda fh, d=data: fh.write(d))
                with self._cond:
                    self._done.add(index)
                    self._cond.notify_all()
        except BaseException as exc:  # noqa: BLE001 -- the merge then tags what is missing itself
            self.error = exc
        finally:
            with self._cond:
                self._todo = []
                self._cond.notify_all()

    def _stored(self, index: int) -> dict[str, Any] | None:
        path = self.ck.chunk_path(STAGE, index, ".json")
        if not path.exists():
            return None
        data = json.loads(path.read_text("utf-8"))
        return data if data.get("identity") == self.identity else None  # another tagger: tag again

    def keep(self, index: int, texts: list[str] | None = None, pz: Any = None) -> Keys:
        """Waits for the chunk's windows, hands them to the NER (``e5_ner_prefetch.keep``); their keys.

        With the chunk's ``texts`` (``chunk_texts``) and the merge's pseudonymiser ``pz``, the texts none of
        whose windows got a PER tag are given their (empty) person spans outright (``ner_spans.remember``,
        into the project's cache too), so the merge neither tokenises nor gates them again: the same spans,
        as a text without a PER tag has no person entity for ``clean_person`` to keep (issue 16)."""
        from focusgroup.nlp.e5_ner_prefetch import keep

        started = time.perf_counter()
        with self._cond:
            self._cond.wait_for(lambda: index in self._done or index not in self._todo)
        self.waited += time.perf_counter() - started
        data = self._stored(index)
        if not data:
            return []
        if pz is not None and texts is not None and "no_person" in data:
            clear = [texts[i] for i in data["no_person"] if i < len(texts)]
            if len(texts) == data.get("texts", -1):  # the same chunk texts the thread read
                self._remember_clear(clear, pz)
        return keep(self.identity, data["windows"], data["tags"])

    def _remember_clear(self, texts: list[str], pz: Any) -> None:
        from focusgroup.privacy.ner_spans import remember
        from focusgroup.privacy.person_spans import spans_model

        if self._spans_model is None:
            self._spans_model = spans_model(pz.nlp)  # the key the pseudonymiser's spans are cached under
        remember(self._spans_model, dict.fromkeys(texts, []), pz.ner_store)

    def stop(self) -> None:
        """Let the thread end after the window in hand (the run stopped or failed)."""
        self._stop.set()
        self._thread.join()

    def join(self) -> None:
        self._thread.join()


def drop(keys: Keys) -> None:
    from focusgroup.nlp.e5_ner_prefetch import drop as _drop

    _drop(keys)


def _own_tokenizer(nlp: Any) -> Any:
    """A copy of ``nlp``'s tokenizer on a vocabulary of its own, for the thread (same token texts)."""
    import spacy

    blank = spacy.blank(nlp.lang)
    blank.tokenizer.from_bytes(nlp.tokenizer.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return blank.tokenizer
