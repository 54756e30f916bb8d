"""Projects page: create, open and delete studies (one .fgproj file each) in a project folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from focusgroup import messages
from focusgroup.store import ProjectError
from focusgroup.ui import actions, nav, state
from focusgroup.ui.i18n import error_text, lang, num, t
from focusgroup.ui.style import md, tl
from focusgroup.ui.views.common import project_label, title

COLUMNS = [3, 1, 1, 1, 2, 1.1, 1.4]


def render() -> None:
    title(t("page_projects"), t("app_tagline"))
    root = state.projects_root()
    typed = st.text_input(t("projects_folder"), value=str(state.projects_dir()), key="projects_folder",
                          help=tl("projects_folder_root", root=str(root)))
    folder = state.inside_root(typed)
    if folder is None:  # outside the folder the app was started with: not listed, opened or deleted
        st.error(tl("projects_folder_outside", folder=typed, root=str(root)))
        folder = root
    st.session_state[state.PROJECTS_DIR_KEY] = str(folder)
    _create_form(folder)
    st.divider()
    projects = actions.list_projects(folder)
    if not projects:
        st.info(t("projects_none"))
        return
    current = state.project_path()
    head = st.columns(COLUMNS, vertical_alignment="center")
    for col, key in zip(head, ("col_project", "col_sources", "col_quotes", "col_themes", "col_modified"), strict=False):
        col.caption(t(key))
    for path in projects:
        _project_row(path, current)


def _create_form(folder: Path) -> None:
    with st.form("new_project", clear_on_submit=True, border=True):
        st.markdown(f"**{t('project_new')}**")
        name = st.text_input(t("project_name"), key="new_project_name", placeholder="Brugerundersøgelse 2024")
        if st.form_submit_button(t("project_create"), type="primary") and name.strip():
            try:
                path = actions.create_project(folder, name)
            except FileExistsError:
                st.error(tl("project_exists", name=name.strip()))
                return
            except ValueError:
                st.error(t("project_bad_name"))
                return
            state.set_project(path)
            st.toast(tl("project_created", name=project_label(str(path))))
            nav.go("data")


def _project_row(path: Path, current: str | None) -> None:
    cols = st.columns(COLUMNS, vertical_alignment="center")
    name = md(project_label(str(path)))  # a file name on disk: shown literally
    is_current = current == str(path.resolve())
    try:
        counts = state.summary(str(path.resolve()))
    except ProjectError as exc:
        cols[0].markdown(f"**{name}**")
        cols[1].error(t("project_error", error=error_text(exc)))
        return
    cols[0].markdown(("● " if is_current else "") + f"**{name}**")
    cols[1].markdown(num(counts["sources"]))  # 1.226 in Danish, 1,226 in English
    cols[2].markdown(num(counts["quotes"]))
    cols[3].markdown(num(counts["themes"]))
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime)
    cols[4].markdown(messages.moment(modified, lang()))
    if cols[5].button(t("project_open"), key=f"open_{path.name}", type="primary" if not is_current else "secondary"):
        state.set_project(path)
        st.toast(t("project_opened", name=name))
        nav.go("overview" if counts["themes"] else "data")
    with cols[6].popover(t("project_delete"), icon=":material/delete:"):
        st.warning(t("project_delete_confirm", name=name))
        if st.button(t("project_delete_yes"), key=f"delete_{path.name}", type="primary"):
            if is_current:
                state.set_project(None)
            actions.delete_project(path)
            st.toast(t("project_deleted", name=name))
            st.rerun()
