"""Page furniture shared by the views: titles and the "open a project / analyse first" guards."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from focusgroup.ui import nav, state
from focusgroup.ui.data import ProjectData
from focusgroup.ui.i18n import t
from focusgroup.ui.style import esc


def title(text: str, subtitle: str = "") -> None:
    st.html(f'<div class="fg-hero"><h1>{esc(text)}</h1></div>'
            + (f'<p class="fg-sub">{esc(subtitle)}</p>' if subtitle else ""))


def require_project() -> str | None:
    """The open project's path, or None after telling the researcher to open one."""
    path = state.project_path()
    if path is None:
        st.info(t("open_project_first"))
        nav.link("projects", t("go_projects"))
    return path


def require_analysis() -> tuple[str, ProjectData] | None:
    path = require_project()
    if path is None:
        return None
    data = state.project_data(path)
    if data.quotes.empty:
        st.info(t("no_data"))
        nav.link("data", t("go_data"))
        return None
    if not data.has_analysis:
        st.info(t("no_analysis"))
        nav.link("analysis", t("go_analysis"))
        return None
    return path, data


def project_label(path: str) -> str:
    """The study's name (the report title, if given) or else the file name without .fgproj."""
    from focusgroup.ui.sidebar import study_title

    try:
        return study_title(path)
    except Exception:  # noqa: BLE001 - a project that cannot be opened is still listed by its file name
        return Path(path).name.removesuffix(".fgproj")
