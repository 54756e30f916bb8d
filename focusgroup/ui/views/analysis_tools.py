"""The analysis page's other verbs, the same as the CLI's: a codebook for the themes (``analyze
--codebook``), new material into the existing themes (``theme assign``), and pseudonymising the project in
place (``focusgroup pseudonymize``)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from focusgroup.errors import UserError
from focusgroup.ui import state, style
from focusgroup.ui.i18n import error_text, t

CODEBOOK_TYPES = ["qdc", "csv", "txt"]


def codebook_path(project_path: str, name: str) -> Path:
    """Where an uploaded codebook is kept: beside the project, so a re-analysis finds it again."""
    return Path(project_path).with_suffix(f".codebook{Path(name).suffix.lower()}")


def codebook_picker(path: str, current: str | None, disabled: bool) -> str | None:
    """Upload or clear the codebook; returns the codebook path for the analysis (None: themes are found)."""
    with st.expander(t("codebook_title"), expanded=bool(current)):
        st.caption(t("codebook_help"))
        if current and Path(current).exists():
            st.text(t("codebook_current", name=Path(current).name))
            if st.button(t("codebook_clear"), key="w_codebook_clear", disabled=disabled):
                return None
        upload = st.file_uploader(t("codebook_upload"), type=CODEBOOK_TYPES, key="w_codebook",
                                  disabled=disabled)
        if upload is not None:
            target = codebook_path(path, upload.name)
            _check(upload.getvalue(), upload.name)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(upload.getvalue())
            return str(target)
    return current if current and Path(current).exists() else None


def _check(content: bytes, name: str) -> None:
    """Read the codebook once so a bad file is reported now, by name, not when the analysis runs."""
    import tempfile

    from focusgroup.ingest.codebook import read_codebook

    with tempfile.TemporaryDirectory() as folder:
        p = Path(folder) / name
        p.write_bytes(content)
        try:
            codes = read_codebook(p)
        except (UserError, ValueError) as exc:
            st.error(error_text(exc))
            return
    st.success(t("codebook_read", n=len(codes)))


def new_material(path: str, summary: dict) -> None:
    """Put quotes added since the analysis (a second wave) into the existing themes, without refitting."""
    if not summary.get("last_run"):
        return
    new = _new_quote_ids(path, state.data_version(path))
    if not new:
        return
    with st.container(border=True):
        st.markdown(t("assign_intro", n=len(new)))
        if st.button(t("assign_button"), key="w_assign", icon=":material/call_merge:"):
            from focusgroup.themes.assign import assign_new

            try:
                with st.spinner(t("assign_running")), state.open_project(path, write=True) as project:
                    out = assign_new(project, quote_ids=new)
            except UserError as exc:
                st.error(error_text(exc))
                return
            themed = sum(1 for a in out if a.theme_id is not None)
            st.success(t("assign_done", n=len(out), themed=themed))


@st.cache_data(max_entries=4, show_spinner=False)
def _new_quote_ids(path: str, version: tuple[int, ...]) -> list[int]:  # noqa: ARG001 - version keys the cache
    """``themes.assign.new_quotes`` once per data version, and not at all when every informative quote has
    a theme already. A batch project's run starts before its quotes are written, so ``new_quotes`` took
    all 10,007 quotes of the 10k batch project for new and ran the non-answer rules on them: 40 s at load
    8 on every redraw of this page, to find none."""
    from focusgroup.themes.assign import new_quotes

    q = state.project_data(path).quotes
    if not (q["informative"] & (q["by"] == "")).any():
        return []
    with state.open_project(path) as project:
        return [x.id for x in new_quotes(project)]


def pseudonymise_in_place(path: str) -> None:
    """Store pseudonymised texts in the project; the key goes to a separate owner-only file."""
    with st.expander(t("pseudo_title")):
        st.caption(t("pseudo_help"))
        if st.button(t("pseudo_button"), key="w_pseudonymize", icon=":material/shield_person:"):
            from focusgroup.privacy import pseudonymize_project

            try:
                with st.spinner(t("pseudo_running")), state.open_project(path, write=True) as project:
                    summary = pseudonymize_project(project)
            except UserError as exc:
                st.error(error_text(exc))
                return
            st.success(t("pseudo_done", changed=summary.changed_quotes, quotes=summary.quotes))
            st.warning(style.tl("pseudo_key", file=str(summary.key_path)))
