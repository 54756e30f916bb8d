"""One-off model builds without the libraries' developer notices on the researcher's terminal.

The first ``make demo`` on a fresh machine builds the e5 name tagger for ONNX Runtime (``torch.onnx.export``),
the int8 e5 embedder (ONNX Runtime's quantiser) and, on request, other variants. torch and transformers warn
while tracing (``TracerWarning`` from ``transformers/masking_utils.py``, ``UserWarning`` from
``torch/onnx/.../symbolic_opset11.py``: 6 lines after "Gør navnegenkendelsen (e5-NER) klar til ONNX Runtime
…") and the quantiser logs "Please consider to run pre-processing before quantization" on the root logger.
They are notes for whoever maintains the export, not for an analyst, so ``quiet_build`` captures them into
``build_warnings.txt`` beside the build (``notes`` is written by the caller) and prints nothing. A real
failure still reaches the user, as a ``UserError`` naming the build and the cause (``model_build_failed``).

Only the thread inside the block is quieted: the NER build may run in a thread beside the embedding, and a
process-wide ``warnings.catch_warnings()``/``logging.disable`` there would silence (or, as the two threads
leave in the other order, restore wrongly) the other thread's messages. Warnings are routed through
``warnings._showwarnmsg`` (what ``warnings.warn`` calls for every warning it shows; unlike ``showwarning`` no
``catch_warnings`` block in another thread saves and restores it, so a BERTopic fit beside the build cannot undo
the hook) and log records through a filter on the root logger, its handlers and the last-resort handler, all
keyed by the thread.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

BUILD_NOTES = "build_warnings.txt"  # what a build's libraries said, kept beside it for whoever maintains it
_lock = threading.Lock()
_notes: dict[int, list[str]] = {}  # thread id -> what it captured
_depth = 0
_saved_show = None


class _ThreadFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        notes = _notes.get(record.thread or 0)
        if notes is None:
            return True
        if not getattr(record, "_quiet_build", False):  # the root logger and each handler see it: note it once
            record._quiet_build = True
            notes.append(f"{record.levelname} {record.name}: {record.getMessage()}")
        return False


_FILTER = _ThreadFilter()


def _show(msg: warnings.WarningMessage) -> None:
    notes = _notes.get(threading.get_ident())
    if notes is not None:
        notes.append(warnings.formatwarning(msg.message, msg.category, msg.filename, msg.lineno, msg.line).rstrip())
        return
    (_saved_show or _ORIGINAL)(msg)


_ORIGINAL = warnings._showwarnmsg


def _filtered() -> list[logging.Filterer]:
    """The root logger itself (ONNX Runtime's quantiser calls ``logging.warning``, which adds a handler to a
    bare root logger on the spot) and the handlers records of other loggers propagate to."""
    return [logging.root, *logging.root.handlers, *([logging.lastResort] if logging.lastResort else [])]


@contextmanager
def quiet_build(what: str, log: Path | None = None) -> Iterator[list[str]]:
    """Run a one-off build with this thread's warnings and log records captured (yielded as a list of
    lines, written to ``log`` when given and not empty). Any exception becomes ``UserError("model_build_failed")``
    with ``what`` (the model being built) and the cause; a ``UserError`` passes through unchanged."""
    global _depth, _saved_show
    from focusgroup.errors import UserError

    me = threading.get_ident()
    notes: list[str] = []
    with _lock:
        if _depth == 0:
            _saved_show = warnings._showwarnmsg
            warnings._showwarnmsg = _show
            for h in _filtered():
                h.addFilter(_FILTER)
        _depth += 1
        outer = _notes.get(me)
        _notes[me] = notes
    try:
        yield notes
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of a third-party build is reported to the user
        first = next(iter(str(exc).strip().splitlines()), "")  # the CLI prints a user error on one line
        raise UserError("model_build_failed", what=what, error=f"{type(exc).__name__}: {first}".rstrip(": ")) from exc
    finally:
        with _lock:
            if outer is None:
                _notes.pop(me, None)
            else:  # a build inside a build: the outer one keeps what the inner one captured
                outer.extend(notes)
                _notes[me] = outer
            _depth -= 1
            if _depth == 0:
                if warnings._showwarnmsg is _show:
                    warnings._showwarnmsg = _saved_show
                _saved_show = None
                for h in _filtered():
                    h.removeFilter(_FILTER)
        if log is not None and notes and log.parent.is_dir():
            with suppress(OSError):
                log.write_text("\n".join(notes) + "\n", encoding="utf-8")
