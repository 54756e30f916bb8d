"""Uploaded files on disk: owner-only, under generated names, and gone on every exit path.

A probe found uploaded transcripts left in the system temp folder (``focusgroup-upload-*``, files
0644) after the browser closed and the server stopped. Now:

- each session's folder is created 0700 (``mkdtemp``) and each file 0600 (``os.open`` with the mode,
  so no umask can widen it);
- ``focusgroup app`` gives the server a folder of its own (``FOCUSGROUP_UPLOAD_DIR``) and removes it
  when the server exits, however it exits (``cli.webapp.run_child``);
- the server removes its own folders at a normal exit (``atexit``), and a folder whose process is
  gone (a killed server) is swept when the next app starts: the folder name carries the process id.
The researcher's file name is only ever a display name, never a path.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from focusgroup.store.safety import process_alive

PREFIX = "focusgroup-upload-"
ENV = "FOCUSGROUP_UPLOAD_DIR"
_OWN = re.compile(re.escape(PREFIX) + r"(\d+)-")
_made: list[Path] = []


def upload_dir() -> Path:
    """A new private folder for one session's uploads (inside the launcher's folder when there is one)."""
    sweep()
    base = os.environ.get(ENV)
    parent = base if base and Path(base).is_dir() else None
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=parent))
    _made.append(folder)
    return folder


def save_upload(folder: Path, name: str, content: bytes) -> Path:
    """Store bytes 0600 under a generated name; only the (lower-cased, checked) extension is kept."""
    suffix = Path(name).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ".bin"
    path = folder / f"upload-{uuid.uuid4().hex}{suffix}"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


@contextmanager
def held_upload(folder: Path, name: str, content: bytes) -> Iterator[Path]:
    """An upload saved (0600, generated name) for as long as it is read, then removed: for files whose
    content goes into the project at once (a coded .qdpx/.csv on the coding page)."""
    path = save_upload(folder, name, content)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def sweep() -> list[Path]:
    """Remove upload folders left by app processes that no longer run (e.g. a killed server)."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        match = _OWN.match(folder.name)
        try:
            mine = folder.is_dir() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if match and mine and not process_alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def cleanup() -> None:
    """Remove every upload folder this process made (registered with ``atexit``)."""
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)


atexit.register(cleanup)
