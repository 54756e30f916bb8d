"""Search every quote by base form, inflection and compound (``focusgroup.search``), every query word
highlighted; open a hit in its context or its theme, code hits to a theme, download the hits."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from focusgroup.errors import UserError
from focusgroup.search import SearchIndex
from focusgroup.ui import actions, nav, state, style
from focusgroup.ui import data as data_mod
from focusgroup.ui.i18n import error_text, lang, num, role_name, t
from focusgroup.ui.views.common import require_project, title

MAX_SHOWN = 200


@st.cache_resource(max_entries=4, show_spinner=False)
def _index(path: str, version: tuple[int, ...], pseudonymized: bool) -> SearchIndex:  # noqa: ARG001
    """The search index over the shown texts; built once per data version (lemmas: one spaCy pass)."""
    return SearchIndex(list(state.project_data(path).quotes["text"]))


def search(path: str, query: str, exact: bool = False) -> dict[int, list[tuple[int, int]]]:
    """Row position -> hit spans for quotes containing every word of ``query``."""
    index = _index(path, state.data_version(path), bool(st.session_state.get(state.PSEUDONYMIZED_KEY)))
    return index.search(query, exact)


def render() -> None:
    path = require_project()
    if path is None:
        return
    title(t("search_title"), t("search_help"))
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    query = c1.text_input(t("search_label"), key="w_search", placeholder="sagsbehandler")
    exact = c2.toggle(t("search_exact"), key="w_search_exact")
    if not query.strip():
        return
    data = state.project_data(path)
    # The first search lemmatises every quote (9 s on the sample study, 23 s on 10,000 answers at load 6):
    # say so, instead of a page that seems to ignore the Enter key.
    with st.spinner(t("search_indexing", n=num(len(data.quotes)))):
        hits = search(path, query, exact)
    if not hits:
        st.info(style.tl("search_none", query=query))  # st.info renders markdown: the query is shown literally
        return
    labels = {int(k): v for k, v in zip(data.themes["theme_id"], data.themes["label"], strict=False)}
    rows = data.quotes.iloc[sorted(hits)]
    st.caption(t("search_hit") if len(hits) == 1 else t("search_hits", n=num(len(hits))))
    _tools(path, data, rows, labels)
    if len(rows) > MAX_SHOWN:
        st.info(t("search_first_shown", shown=num(MAX_SHOWN), n=num(len(rows))), icon=":material/info:")
    for row in rows.head(MAX_SHOWN).to_dict("records"):
        _hit(data, row, hits[row["pos"]], labels)


def _code(path: str, ids: list[int], target: int, label: str, n_rows: int) -> None:
    try:
        with state.open_project(path, write=True) as project:
            changes = actions.move_quotes(project, ids, target)
    except UserError as exc:
        st.error(t("edit_failed", error=error_text(exc)))
        return
    flash = [("ok", t("search_coded", n=len(ids), theme=label))]
    flash += [("parent", style.md(line)) for line in actions.edit_notices(changes, lang())]  # a parent it relabelled
    if len(ids) < n_rows:
        flash.append(("note", t("search_not_coded", n=n_rows - len(ids))))
    st.session_state["search_flash"] = flash
    st.rerun()  # the hits show their new theme


def _tools(path: str, data: data_mod.ProjectData, rows: pd.DataFrame, labels: dict[int, str]) -> None:
    """Code every hit to a theme; download the hits as CSV (shown texts: pseudonymised when the view is)."""
    c1, c2, c3 = st.columns([3, 1, 2], vertical_alignment="bottom")
    used = {int(x) for x in data.quotes["theme_id"].dropna()}
    leaves = {k: v for k, v in sorted(labels.items(), key=lambda kv: kv[1]) if k in used}
    target = c1.selectbox(t("search_code_to"), options=list(leaves), format_func=lambda k: leaves.get(k, str(k)),
                          index=None, key="w_search_target", placeholder=t("search_code_pick"))
    for kind, line in st.session_state.pop("search_flash", None) or []:  # what the last coding did (after its rerun)
        (st.success if kind == "ok" else st.info if kind == "parent" else st.caption)(line)
    ids = [int(q) for q in rows.loc[rows["by"] != "", "quote_id"]]  # moderator turns/blanks are not coded
    # A quote has one theme, so "Kod" moves every hit out of the theme it is in: a QDA user reads "code" as
    # adding a code, and one click moved hundreds of quotes (every hit, not only the 200 shown). Say how many
    # leave which themes first, as the merge and "Fjern kilde" do.
    with c2.popover(t("search_code_button"), disabled=target is None):
        if target is not None:
            current = rows.loc[rows["by"] != "", "theme_id"]
            leaving = current[current.notna() & (current != target)]
            st.warning(style.tl("search_code_confirm", n=num(len(ids)), theme=leaves.get(target, ""),
                                moving=num(len(leaving)), k=num(leaving.nunique())))
            if st.button(t("search_code_yes", n=num(len(ids))), type="primary", key="w_search_code"):
                _code(path, ids, int(target), leaves.get(target, ""), len(rows))
    out = rows[["quote_id", "source", "speaker", "role", "text"]].copy()
    out.insert(3, "theme", [labels.get(int(x), "") if not pd.isna(x) else "" for x in rows["theme_id"]])
    if "column" in rows:
        out.insert(4, "question", rows["column"].fillna(""))
    csv = out.to_csv(index=False).encode("utf-8-sig")  # BOM: Excel shows æøå right
    c3.download_button(t("search_download"), csv, file_name="soegning.csv", mime="text/csv",
                       key="w_search_dl", help=t("search_download_help"))


def _hit(data: data_mod.ProjectData, row: dict, spans: list[tuple[int, int]], labels: dict[int, str]) -> None:
    theme_id = None if pd.isna(row["theme_id"]) else int(row["theme_id"])
    meta = [row["source"], f"[{row['timestamp']}]" if row.get("timestamp") else "", role_name(row["role"]),
            row.get("column") or "", labels.get(theme_id, "") if theme_id is not None else ""]
    sentiment = t(f"sent_{row['sentiment']}") if row.get("sentiment") else ""
    show = st.session_state.get(f"w_ctx_{row['quote_id']}", False)
    before, after = data_mod.context(data, row["pos"]) if show else ([], [])
    st.html(style.quote_card(row, spans, meta, sentiment, before, after))
    c1, c2, _ = st.columns([1, 1, 4])
    c1.toggle(t("search_context"), key=f"w_ctx_{row['quote_id']}")
    if theme_id is not None and c2.button(t("search_open_theme"), key=f"w_open_{row['quote_id']}"):
        st.session_state["theme_id"] = theme_id
        nav.go("theme")
