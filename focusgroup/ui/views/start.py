"""The landing page: straight to the open project's themes (or its data), else to the projects."""

from __future__ import annotations

from focusgroup.ui import nav, state


def render() -> None:
    path = state.project_path()
    if path is None:
        nav.go("projects")
    nav.go("overview" if state.summary(path)["themes"] else "data")
