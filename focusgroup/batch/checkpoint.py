"""Resumable state of a batch run: a manifest of finished steps, and atomic writes for every file.

A chunk's output files are written first (temp file + ``os.replace``), and only then is the chunk
recorded in the manifest (also replaced atomically). A run killed at any instant therefore leaves
either a recorded chunk whose files are complete, or an unrecorded one that the next run redoes;
never a half-written file that a later step would read.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from focusgroup.errors import UserError

MANIFEST = "manifest.json"
VERSION = 1


class BatchStateError(UserError):
    """The output folder holds a run that cannot be continued with these settings (``messages.problems``)."""


def atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write via a temp file in the same folder, fsync, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def atomic_json(path: Path, obj: Any) -> Path:
    data = json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    return atomic_write(path, lambda fh: fh.write(data))


class Checkpoint:
    """The manifest in ``work_dir``: run parameters plus, per stage, which chunks/steps are finished."""

    def __init__(self, work_dir: str | Path, params: dict[str, Any], *, restart: bool = False) -> None:
        self.dir = Path(work_dir)
        self.path = self.dir / MANIFEST
        params = json.loads(json.dumps(params, sort_keys=True))  # plain JSON types, comparable
        if restart and self.dir.exists():
            shutil.rmtree(self.dir)
        state = self._load()
        if state is None:
            state = {"version": VERSION, "params": params, "done": {}, "chunks": {}}
        elif state.get("params") != params:
            raise BatchStateError("batch_other_run", path=self.dir)
        self.state = state
        self.dir.mkdir(parents=True, exist_ok=True)
        self._save()

    def _load(self) -> dict[str, Any] | None:
        if not self.path.exists():
            return None
        try:
            state = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise BatchStateError("batch_manifest_unreadable", path=self.path, detail=str(exc)) from exc
        if state.get("version") != VERSION:
            raise BatchStateError("batch_manifest_version", path=self.path)
        return state

    def _save(self) -> None:
        atomic_json(self.path, self.state)

    @property
    def params(self) -> dict[str, Any]:
        return self.state["params"]

    # -- whole steps (scan, fit, finalize) ----------------------------------------------------

    def step(self, name: str) -> Any:
        """The recorded result of a finished step, or None."""
        return self.state["done"].get(name)

    def finish_step(self, name: str, result: Any = True) -> None:
        self.state["done"][name] = result
        self._save()

    def reset_step(self, name: str) -> None:
        if self.state["done"].pop(name, None) is not None:
            self._save()

    # -- per-chunk stages (embed, assign) -----------------------------------------------------

    def chunks_done(self, stage: str) -> set[int]:
        return {int(i) for i in self.state["chunks"].get(stage, [])}

    def finish_chunk(self, stage: str, index: int) -> None:
        self.finish_chunks(stage, [index])

    def finish_chunks(self, stage: str, indices: list[int]) -> None:
        """Record several finished chunks in one manifest write (their files are already complete)."""
        if not indices:
            return
        done = self.chunks_done(stage) | set(indices)
        self.state["chunks"][stage] = sorted(done)
        self._save()

    def file(self, *parts: str) -> Path:
        return self.dir.joinpath(*parts)

    # -- per-chunk files ----------------------------------------------------------------------

    def chunk_path(self, stage: str, index: int, suffix: str) -> Path:
        return self.dir / stage / f"chunk_{index:05d}{suffix}"

    def save_chunk_json(self, stage: str, index: int, obj: Any) -> Path:
        data = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return atomic_write(self.chunk_path(stage, index, ".json"), lambda fh: fh.write(data))

    def load_chunk_json(self, stage: str, index: int) -> Any:
        return json.loads(self.chunk_path(stage, index, ".json").read_text("utf-8"))

    def save_chunk_arrays(self, stage: str, index: int, **arrays: Any) -> Path:
        import io

        import numpy as np

        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return atomic_write(self.chunk_path(stage, index, ".npz"), lambda fh: fh.write(buf.getbuffer()))

    def load_chunk_arrays(self, stage: str, index: int) -> dict[str, Any]:
        import numpy as np

        with np.load(self.chunk_path(stage, index, ".npz"), allow_pickle=False) as z:
            return {k: z[k] for k in z.files}
