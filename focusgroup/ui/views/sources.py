"""Data page: upload several files, see what each holds, choose survey columns and the moderator, import;
then the project's sources and its speakers' roles."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from focusgroup.ingest import SUPPORTED_EXTENSIONS
from focusgroup.records import MODERATOR, PARTICIPANT, ROLES, SURVEY
from focusgroup.ui import actions, nav, state
from focusgroup.ui.i18n import count_column, lang, num, role_name, t
from focusgroup.ui.style import md, tl
from focusgroup.ui.views.common import require_project, title

UPLOADS = "uploads"  # session key: file_id -> actions.Upload


def render() -> None:
    path = require_project()
    if path is None:
        return
    title(t("page_data"), t("upload_help"))
    _upload_section(path)
    with state.open_project(path) as project:
        sources = project.sources()
        speakers = project.speakers()
    if sources:
        st.divider()
        _sources_section(path, sources, state.project_data(path).quotes)
        _roles_section(path, sources, speakers)


def _upload_section(path: str) -> None:
    st.subheader(t("upload_title"))
    generation = st.session_state.get("upload_generation", 0)
    files = st.file_uploader(
        t("upload_label"), type=[e.lstrip(".") for e in SUPPORTED_EXTENSIONS], accept_multiple_files=True,
        key=f"uploader_{generation}",
    )
    if not files:
        return
    uploads: dict[str, actions.Upload] = st.session_state.setdefault(UPLOADS, {})
    if "upload_dir" not in st.session_state:
        st.session_state["upload_dir"] = str(actions.upload_dir())
    folder = Path(st.session_state["upload_dir"])
    current = []
    for f in files:
        if f.file_id not in uploads:
            uploads[f.file_id] = actions.receive_upload(folder, f.name, f.size, f.getvalue, lang())
        current.append((f.file_id, uploads[f.file_id]))
    _forget(uploads, keep={file_id for file_id, _ in current})
    choices = {file_id: _file_card(file_id, up) for file_id, up in current}
    good = [(fid, up) for fid, up in current if not up.error]
    if st.button(t("import_button", n=len(good)), type="primary", disabled=not good, key="import_files"):
        _import(path, good, choices)


def _file_card(file_id: str, up: actions.Upload) -> dict:
    """Show what one file holds; returns the researcher's choices for it."""
    with st.container(border=True):
        st.markdown(f"**{md(up.name)}**")  # the uploaded name, shown literally
        if up.error:
            st.error(t("file_error", error=up.error), icon=":material/error:")
            return {}
        parsed = up.parsed
        quotes = parsed.quotes
        if up.kind == SURVEY:
            rows = len({q.turn for q in quotes})
            st.caption(t("file_found_survey", rows=rows, quotes=len(quotes),
                         informative=sum(q.informative for q in quotes), columns=len(up.columns)))
            chosen = st.multiselect(t("text_columns"), up.columns, default=up.proposed, help=t("text_columns_help"),
                                    placeholder=t("choose"), key=f"w_cols_{file_id}")
            choice = {"text_columns": chosen}
        else:
            turns = len({q.turn for q in quotes})
            st.caption(t("file_found_transcript", speakers=len(up.speakers), turns=turns, quotes=len(quotes)))
            moderators = st.multiselect(t("moderator"), up.speakers, default=up.moderators, help=t("moderator_help"),
                                        placeholder=t("choose"), key=f"w_mod_{file_id}")
            choice = {"moderators": moderators}
        for warning in parsed.warnings:
            st.warning(warning, icon=":material/warning:")
        return choice


def _import(path: str, good: list[tuple[str, actions.Upload]], choices: dict[str, dict]) -> None:
    imported, errors = 0, []
    with state.open_project(path, write=True) as project:
        for file_id, up in good:
            choice = choices.get(file_id, {})
            ids, errs = actions.import_upload(project, up, text_columns=choice.get("text_columns"),
                                              moderators=choice.get("moderators"), lang=lang())
            imported += len(ids)
            errors += errs
    for error in errors:
        st.error(error)
    if imported:
        _forget(st.session_state[UPLOADS], keep=set())
        st.session_state["upload_generation"] = st.session_state.get("upload_generation", 0) + 1
        st.session_state["flash"] = t("import_done", n=imported)
        st.rerun()
    else:
        st.error(t("import_none"))


def _forget(uploads: dict[str, actions.Upload], keep: set[str]) -> None:
    """Delete the temporary copies of files that were imported or removed: they hold personal data."""
    for file_id in [k for k in uploads if k not in keep]:
        uploads.pop(file_id).path.unlink(missing_ok=True)


def _sources_section(path: str, sources: list, quotes: pd.DataFrame) -> None:
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    st.subheader(t("sources_title"))
    df = quotes[["source_id", "speaker", "informative"]]
    rows = []
    for s in sources:
        q = df[df["source_id"] == s.id]
        rows.append({t("col_source"): s.name, t("col_kind"): t(f"kind_{s.kind}"), t("col_speakers"): q["speaker"].nunique(),
                     t("col_quotes"): len(q), t("col_informative"): int(q["informative"].sum())})
    counts = {c: count_column() for c in (t("col_speakers"), t("col_quotes"), t("col_informative"))}
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config=counts)
    names = {s.id: s.name for s in sources}
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    chosen = c1.selectbox(t("source_delete"), list(names), format_func=names.get, key="w_source_delete")
    # asked first, as Projekter's "Slet": one click removed the preselected first source with its quotes, codings,
    # key quotes and memos, and Fortryd does not bring a source back
    with c2.popover(t("source_delete"), icon=":material/delete:"):
        st.warning(tl("source_delete_confirm", name=names[chosen], n=num(int((df["source_id"] == chosen).sum()))))
        if st.button(t("source_delete_yes"), key="delete_source", type="primary"):
            with state.open_project(path, write=True) as project:
                project.delete_source(chosen)
            st.session_state["flash"] = tl("source_deleted", name=names[chosen])
            st.rerun()


def _roles_section(path: str, sources: list, speakers: list) -> None:
    names = {s.id: s.name for s in sources}
    people = [sp for sp in speakers if sp.role in (MODERATOR, PARTICIPANT)]
    if not people:
        return
    st.subheader(t("roles_title"))
    df = pd.DataFrame({"id": [sp.id for sp in people], t("col_source"): [names[sp.source_id] for sp in people],
                       t("col_speaker"): [sp.name for sp in people], t("col_role"): [sp.role for sp in people]})
    edited = st.data_editor(
        df, hide_index=True, width="stretch", key="w_roles", disabled=["id", t("col_source"), t("col_speaker")],
        column_config={"id": None, t("col_role"): st.column_config.SelectboxColumn(
            t("col_role"), options=list(ROLES[:2]), required=True, format_func=role_name)},  # "deltager"
    )
    if st.button(t("save_roles"), key="save_roles"):
        changed = edited[edited[t("col_role")] != df[t("col_role")]]
        with state.open_project(path, write=True) as project:
            for row in changed.itertuples(index=False):
                project.set_role(int(row[0]), row[3])
        st.session_state["flash"] = t("roles_saved")
        st.rerun()
    if any(sp.role == MODERATOR for sp in people):
        nav.link("analysis", t("go_analysis"))
