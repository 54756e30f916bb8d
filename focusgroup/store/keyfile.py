"""Where a project's pseudonymisation key lives, and the one way to write it (owner-only, 0600).

The key maps placeholders back to real names and numbers: whoever holds it can undo the
pseudonymisation. It therefore lives in its own file next to the project (``<project>.pseudokey.json``),
never inside the project or an export, and is created readable and writable by its owner only,
whatever the umask. Before this module, ``focusgroup batch`` wrote it with mode 0644 (readable by
every user of the machine) through its own JSON writer; privacy and batch now both call ``write_key``
(``tests/test_store_sql.py`` checks the mode from every path that writes a key).
It sits in the store layer so privacy (above) and batch (at the top) can both import it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from focusgroup.errors import UserValueError

KEY_SUFFIX = ".pseudokey.json"
KEY_MODE = 0o600


def key_path(project_path: str | Path) -> Path:
    """``study.fgproj`` -> ``study.fgproj.pseudokey.json`` (``Project.delete`` removes it with the project)."""
    project_path = Path(project_path)
    return project_path.with_name(project_path.name + KEY_SUFFIX)


def key_files(project_path: Path) -> list[Path]:
    """Files that belong to a project besides the database itself (e.g. a pseudonymisation key)."""
    return sorted(project_path.parent.glob(project_path.name + ".*key*"))


def read_key(path: Path) -> dict[str, Any] | None:
    """The key in ``path``, or None when there is none yet."""
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UserValueError("privacy_key_unreadable", path=path, detail=str(exc)) from exc


def write_key(path: str | Path, key: dict[str, Any]) -> Path:
    """Write ``key`` atomically with mode 0600: created 0600 (no window where others can read it), fsynced,
    then renamed over ``path``; a killed run leaves the previous key or the new one, never half of one.

    On systems without POSIX modes (Windows) the mode is best effort.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    data = json.dumps(key, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, KEY_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, KEY_MODE)  # a stale temp file kept its old mode through O_CREAT; the umask may narrow only
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
