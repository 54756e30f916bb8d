"""The sidebar on every page: which study is open, the next step to take, and undo/redo of theme edits.

The study's name is the one given for reports (``study.title``, asked for by ``focusgroup satisfaction
--title`` and the export page), else the file name. The next step follows the project's state (no data →
add files, no analysis → run it, analysed → themes and satisfaction), so a new user is never left on a
page that says nothing about what to do. Undo/redo work on the logged theme edits
(``focusgroup.themes.history``); every page shows the new state after a click.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from focusgroup import messages
from focusgroup.errors import UserError
from focusgroup.ui import nav, state
from focusgroup.ui.i18n import error_text, lang, t

TITLE_SETTING = "study.title"


@st.cache_data(max_entries=8, show_spinner=False)
def _study(path: str, version: tuple[int, ...], language: str = "da") -> dict:  # noqa: ARG001 - version keys the cache
    """The edits in the reader's words: the English sidebar listed "omdøbt til »Ventetid«"."""
    from focusgroup.themes import history

    with messages.language(language), state.open_project(path) as project:
        title = project.get_setting(TITLE_SETTING) or ""
        log = history.history(project)
        can_undo = history.can_undo(project)
    live = [e for e in log if not e["undone"]]
    undone = [e for e in log if e["undone"]]
    return {"title": title, "last": live[-1]["what"] if live else "", "next": undone[0]["what"] if undone else "",
            "can_undo": can_undo, "can_redo": bool(undone), "history": log[-15:]}


def study_title(path: str) -> str:
    """The study's name for titles: the report title if one was given, else the file name."""
    return _study(path, state.data_version(path), lang())["title"] or Path(path).name.removesuffix(".fgproj")


def render() -> None:
    path = state.project_path()
    if path is None:
        st.caption(t("no_project"))
        _step("projects", "guide_open_project")
        return
    info = _study(path, state.data_version(path), lang())
    st.caption(t("current_project"))
    st.text(study_title(path))  # literal: a file name is never markdown
    summary = state.summary(path)
    if not summary["quotes"]:
        _step("data", "guide_add_files")
    elif not summary["themes"]:
        _step("analysis", "guide_run_analysis")
    else:
        st.caption(t("guide_analysed"))
        _undo_panel(path, info)


def _step(page: str, key: str) -> None:
    st.info(t(key), icon=":material/arrow_forward:")
    nav.link(page, t(f"{key}_link"))


def _undo_panel(path: str, info: dict) -> None:
    c1, c2 = st.columns(2)
    if c1.button(t("history_undo"), key="w_undo", disabled=not info["can_undo"], icon=":material/undo:",
                 help=t("history_undo_help", what=info["last"]) if info["last"] else None, use_container_width=True):
        _do(path, "undo")
    if c2.button(t("history_redo"), key="w_redo", disabled=not info["can_redo"], icon=":material/redo:",
                 help=t("history_redo_help", what=info["next"]) if info["next"] else None, use_container_width=True):
        _do(path, "redo")
    if info["history"]:
        with st.expander(t("history_title")):
            for e in reversed(info["history"]):
                mark = t("history_state_undone") if e["undone"] else ""
                st.text(f"{e['created_at'][11:16]}  {e['what']}" + (f"  ({mark})" if mark else ""))


def _do(path: str, what: str) -> None:
    from focusgroup.themes import history

    try:
        with messages.language(lang()), state.open_project(path, write=True) as project:
            edit = history.undo(project) if what == "undo" else history.redo(project)
    except UserError as exc:
        st.error(error_text(exc))
        return
    st.toast(t("history_undone" if what == "undo" else "history_redone", what=edit["what"]),
             icon=":material/check:")
    st.rerun()
