"""focusgroup in the browser: ``focusgroup app [PROJECT]`` (or ``streamlit run app.py -- --project P``).

Only page set-up and navigation live here; the pages are in ``focusgroup/ui/views``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

from focusgroup import limits
from focusgroup.ui import nav, sidebar, state
from focusgroup.ui.i18n import LANGUAGES, t
from focusgroup.ui.style import CSS, uploader_texts


def _start_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--project", default=os.environ.get("FOCUSGROUP_PROJECT"))
    parser.add_argument("--projects-dir", default=os.environ.get("FOCUSGROUP_PROJECTS_DIR"))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args


def _first_run() -> None:
    """Open the project named on the command line once per browser session."""
    if "started" in st.session_state:
        return
    st.session_state["started"] = True
    args = _start_args()
    folder = args.projects_dir or (str(Path(args.project).resolve().parent) if args.project else None)
    if folder:
        st.session_state[state.PROJECTS_DIR_KEY] = folder
    if args.project and Path(args.project).exists():
        state.set_project(args.project)


st.set_page_config(page_title="focusgroup", page_icon=":material/forum:", layout="wide")
_first_run()
st.html(CSS)
st.html(uploader_texts(t("upload_drop", mb=int(limits.value("file_mb"))), t("upload_browse")))
page = st.navigation(nav.build())
with st.sidebar:
    st.markdown(f"### {t('app_title')}")
    st.caption(t("app_tagline"))
    sidebar.render()
    st.toggle(t("pseudonymized_view"), key=state.PSEUDONYMIZED_KEY, help=t("pseudonymized_help"))
    st.selectbox(t("language"), list(LANGUAGES), format_func=LANGUAGES.get, key="lang")
state.keep_choices()  # the page's choices survive a visit to another page
target = st.session_state.pop("next_page", None)  # a page to open on this run, by name
if target and target != page.url_path:
    nav.go(target)
page.run()
