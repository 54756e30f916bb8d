"""Which project is open, and cached reads of it keyed by (project path, data version).

The data version is the project file's and its WAL's size and modification time plus a counter the
app bumps after each of its own writes: any change (an edit here, an analysis in a background thread,
the CLI in a terminal) gives a new key, and anything unchanged is served from memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from focusgroup.store import Project
from focusgroup.ui import data as data_mod

PROJECT_KEY = "project_path"
PROJECTS_DIR_KEY = "projects_dir"


def project_path() -> str | None:
    path = st.session_state.get(PROJECT_KEY)
    return path if path and Path(path).exists() else None


def set_project(path: str | Path | None) -> None:
    st.session_state[PROJECT_KEY] = str(Path(path).resolve()) if path else None
    for key in [k for k in st.session_state if str(k).startswith("w_")]:
        del st.session_state[key]  # widget state of the previous project


# A researcher's choices on a page, kept when they leave it and come back: Streamlit drops the state of
# every widget a run does not draw, so a visit to Tema reset Tilfredshed's "Opdel efter" and "Mindst
# citater", the search box and the theme filters. Only plain choices: never buttons, uploads or editors.
KEEP = (
    "w_sort", "w_chart", "w_heat_field",  # Temaer
    "w_f_source", "w_f_speaker", "w_f_role", "w_f_sentiment", "w_f_group_field", "w_f_groups", "w_f_key",
    "w_f_question", "w_context",  # Tema
    "w_sat_by", "w_sat_min_n", "w_sat_wave", "w_sat_date", "w_sat_heat", "w_sat_reasons", "w_sat_questions",
    "w_sat_show_off",  # Tilfredshed
    "w_search", "w_search_exact",  # Søg
)  # not Eksport's "Brug rigtige navne": leaving the page puts the export back to pseudonymised


def keep_choices() -> None:
    """Once per run, before the page: a value saved again through the Session State API outlives the
    clean-up of undrawn widgets (Streamlit's documented way for multipage apps)."""
    for key in KEEP:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


PROJECTS_ROOT_KEY = "projects_root"


def projects_root() -> Path:
    """The folder the app was started with (``--projects-dir``, the project's folder, or the working
    folder): the project folder box may not leave it (``../outside`` was listed, opened and offered Delete)."""
    root = st.session_state.get(PROJECTS_ROOT_KEY)
    if not root:
        root = str(projects_dir().resolve())
        st.session_state[PROJECTS_ROOT_KEY] = root
    return Path(root)


def inside_root(typed: str) -> Path | None:
    """The folder typed in the box, resolved against the root; None when it lies outside the root."""
    root = projects_root()
    folder = Path(typed.strip() or str(root)).expanduser()
    folder = (folder if folder.is_absolute() else root / folder).resolve()
    return folder if folder == root or root in folder.parents else None


def projects_dir() -> Path:
    folder = st.session_state.get(PROJECTS_DIR_KEY) or os.environ.get("FOCUSGROUP_PROJECTS_DIR") or os.getcwd()
    return Path(folder)


@st.cache_resource
def _write_counters() -> dict[str, int]:
    return {}


def bump(path: str) -> None:
    """Mark the project as changed by this app, so the next read never serves stale data."""
    counters = _write_counters()
    counters[path] = counters.get(path, 0) + 1


def data_version(path: str) -> tuple[int, ...]:
    parts: list[int] = [_write_counters().get(path, 0)]
    for suffix in ("", "-wal"):
        try:
            stat = os.stat(path + suffix)
            parts += [stat.st_mtime_ns, stat.st_size]
        except FileNotFoundError:
            parts += [0, 0]
    return tuple(parts)


@contextmanager
def open_project(path: str | None = None, *, write: bool = False) -> Iterator[Project]:
    """A short-lived connection per use: SQLite opens in milliseconds and no connection crosses threads."""
    path = path or project_path()
    if path is None:
        raise RuntimeError("no project is open")
    project = Project(path, create=False)
    try:
        yield project
    finally:
        project.close()
        if write:
            bump(path)


@st.cache_resource(max_entries=4, show_spinner=False)
def _load(path: str, version: tuple[int, ...]) -> data_mod.ProjectData:
    """Shared, not copied: pages treat ProjectData as read-only, so a hit costs nothing (cache_data
    would unpickle a 10,000-row table on every rerun)."""
    with open_project(path) as project:
        return data_mod.load(project)


@st.cache_resource(max_entries=2, show_spinner=False)
def _load_pseudonymized(path: str, version: tuple[int, ...]) -> data_mod.ProjectData:
    from focusgroup.privacy.project import pseudonymized_view

    with open_project(path) as project:
        view = pseudonymized_view(project)
    return data_mod.pseudonymized(_load(path, version), view.quotes, view.speakers)


PSEUDONYMIZED_KEY = "pseudonymized"  # session key of the sidebar switch


def project_data(path: str | None = None) -> data_mod.ProjectData:
    """The open project's data; with pseudonymised texts and speakers when the switch is on."""
    path = path or project_path()
    if st.session_state.get(PSEUDONYMIZED_KEY):
        return _load_pseudonymized(path, data_version(path))
    return _load(path, data_version(path))


@st.cache_data(max_entries=4, show_spinner=False)
def _summary(path: str, version: tuple[int, ...]) -> dict:
    with open_project(path) as project:
        counts = project.counts()  # "themes" counts leaf themes, as the pages show them
        runs = project.runs()
    done = [r for r in runs if r["status"] == "done"]
    counts["last_run"] = done[-1] if done else None
    return counts


def summary(path: str) -> dict:
    """Counts for the projects list, without building the full quote table."""
    return _summary(path, data_version(path))
