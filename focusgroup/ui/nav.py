"""The app's pages in one registry, so any page can send the researcher to another by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from focusgroup.registry import load
from focusgroup.ui.i18n import t


@dataclass(frozen=True)
class PageSpec:
    key: str
    title_key: str
    icon: str
    section: str  # i18n key of the navigation section
    render: str  # "module:function" under focusgroup.ui.views


SPECS = [
    PageSpec("start", "app_title", ":material/home:", "", "start:render"),  # hidden landing page at "/"
    PageSpec("projects", "page_projects", ":material/folder_open:", "nav_project", "projects:render"),
    PageSpec("data", "page_data", ":material/upload_file:", "nav_project", "sources:render"),
    PageSpec("analysis", "page_analysis", ":material/insights:", "nav_project", "analysis:render"),
    PageSpec("overview", "page_overview", ":material/dashboard:", "nav_results", "overview:render"),
    PageSpec("theme", "page_theme", ":material/format_quote:", "nav_results", "theme:render"),
    PageSpec("satisfaction", "sat_page", ":material/sentiment_dissatisfied:", "nav_results", "satisfaction:render"),
    PageSpec("search", "page_search", ":material/search:", "nav_results", "search:render"),
    PageSpec("coding", "page_coding", ":material/label:", "nav_results", "coding:render"),
    PageSpec("export", "page_export", ":material/download:", "nav_results", "export:render"),
]
_PAGES: dict[str, st.Page] = {}


def _view(target: str) -> Callable[[], None]:
    return load(f"focusgroup.ui.views.{target}")


def build() -> dict[str, list[st.Page]]:
    """Pages grouped by section for ``st.navigation``. The landing page ("/") is hidden and only
    forwards, so every real page keeps its own address (/projects, /theme, ...)."""
    _PAGES.clear()
    sections: dict[str, list[st.Page]] = {}
    for spec in SPECS:
        start = spec.key == "start"
        page = st.Page(_view(spec.render), title=t(spec.title_key), icon=spec.icon, url_path=spec.key,
                       default=start, visibility="hidden" if start else "visible")
        _PAGES[spec.key] = page
        sections.setdefault(t(spec.section) if spec.section else t("nav_project"), []).append(page)
    return sections


def go(key: str) -> None:
    st.switch_page(_PAGES[key])


def link(key: str, label: str) -> None:
    st.page_link(_PAGES[key], label=label, icon=next(s.icon for s in SPECS if s.key == key))
