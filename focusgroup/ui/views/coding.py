"""Coding: code quotes with the codebook, review the tool's suggestions ("Forslag"), and see agreement.

The review queue shows one suggestion at a time, most confident first; A accepts, R rejects, and a
chosen code replaces the suggestion (keys work while the page has focus, not in a text field).
Every write goes through ``focusgroup.coding`` and bumps the data version, so the other pages see it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from focusgroup import messages
from focusgroup.errors import UserError
from focusgroup.ui import state, style
from focusgroup.ui.i18n import count_column, dec, error_text, lang, num, pct, t
from focusgroup.ui.views.common import require_project, title

MAX_OPTIONS = 2000  # quotes offered in the chooser (the search box narrows them)
KEYS_JS = """
<script>
const doc = window.parent.document;
if (!doc.fgCodingKeys) {
  doc.fgCodingKeys = true;
  doc.addEventListener("keydown", (e) => {
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || e.ctrlKey || e.metaKey || e.altKey) return;
    const want = {a: "fg-accept", r: "fg-reject"}[e.key.toLowerCase()];
    if (!want) return;
    const btn = doc.querySelector(`.st-key-${want} button`);
    if (btn) { e.preventDefault(); btn.click(); }
  });
}
</script>
"""


def render() -> None:
    path = require_project()
    if path is None:
        return
    from focusgroup.coding.review import default_coder

    title(t("page_coding"), t("coding_help"))
    if not st.session_state.get("w_coder"):
        st.session_state["w_coder"] = default_coder()
    coder = st.text_input(t("coding_coder"), key="w_coder").strip()
    _import_box(path, coder)
    tab_code, tab_review, tab_agree = st.tabs([t("coding_tab_code"), t("coding_tab_review"), t("coding_tab_agree")])
    with tab_code:
        _code_tab(path, coder)
    with tab_review:
        _review_tab(path, coder)
    with tab_agree:
        _agreement_tab(path)


IMPORT_TYPES = ["qdpx", "csv"]


def _import_box(path: str, coder: str) -> None:
    """Upload a coded .qdpx/.csv: imported once per file; counts, skipped parts and errors from the catalogue."""
    result = st.session_state.get("w_codings_result")
    with st.expander(t("coding_import_title"), expanded=result is not None):
        st.caption(t("coding_import_help"))
        upload = st.file_uploader(t("coding_import_upload"), type=IMPORT_TYPES, key="w_codings_file")
        if upload is not None and st.session_state.get("w_codings_seen") != upload.file_id:
            st.session_state["w_codings_seen"] = upload.file_id
            with st.spinner(t("coding_import_importing")):
                result = st.session_state["w_codings_result"] = _import_upload(path, upload, coder)
        if result is None:
            return
        kind, text, skipped = result
        (st.error if kind == "error" else st.success)(text)
        for line in skipped:
            st.warning(line)


def _import_upload(path: str, upload: object, coder: str) -> tuple[str, str, list[str]]:
    from focusgroup import limits
    from focusgroup.coding.refi_import import import_codings
    from focusgroup.ui import uploads

    try:
        if upload.size > limits.value("file_mb") * 1e6:  # refused before a byte is written
            raise limits.LimitError(upload.name, "limit_file", limit="file_mb", size=upload.size / 1e6)
        if "upload_dir" not in st.session_state:
            st.session_state["upload_dir"] = str(uploads.upload_dir())
        with (uploads.held_upload(Path(st.session_state["upload_dir"]), upload.name, upload.getvalue()) as saved,
              state.open_project(path, write=True) as proj, messages.language(lang())):  # skipped lines too
            report = import_codings(proj, saved, coder or None, name=upload.name)
    except UserError as exc:
        return "error", error_text(exc), []
    text = t("coding_imported", codings=report.codings, coders=len(report.coders), codes=report.codes,
             matched=report.matched, unmatched=report.unmatched)
    skipped = [t("coding_import_skipped", detail=line) for line in report.skipped]
    if report.new_sources:
        skipped.insert(0, t("coding_import_new_sources", names=", ".join(report.new_sources)))
    return "ok", text, skipped


def _texts(path: str) -> dict[int, str]:
    """Quote texts as the app shows them (pseudonymised when the researcher chose so)."""
    quotes = state.project_data(path).quotes
    return dict(zip(quotes["quote_id"].astype(int), quotes["text"], strict=True))


def _codable(path: str) -> list[int]:
    """The quotes the analysis would model (``select_quotes``: no moderator, short turns or non-answers).
    Its non-answer rules took 44 s on the 10k batch project (load 9) on every redraw of this page, also
    after each coding: now once per set of quotes, roles and informative flags (a coding changes none)."""
    q = state.project_data(path).quotes
    key = (len(q), hash(tuple(q["quote_id"])), hash(tuple(q["role"])), hash(tuple(q["informative"])))
    with st.spinner(t("coding_preparing", n=num(len(q)))):
        return _codable_ids(path, key)


@st.cache_data(max_entries=4, show_spinner=False)
def _codable_ids(path: str, key: tuple) -> list[int]:  # noqa: ARG001 - key: the quotes, roles and flags
    from focusgroup.config import AnalysisConfig
    from focusgroup.themes.analyze import select_quotes

    with state.open_project(path) as proj:
        return [q.id for q in select_quotes(proj, AnalysisConfig())]


def _code_tab(path: str, coder: str) -> None:
    from focusgroup.store import coding as store

    texts = _texts(path)
    with state.open_project(path) as proj:
        codes = [c.name for c in store.codes(proj)]
        mine = store.codings(proj, coder=coder) if coder else []
    ids = _codable(path)[:MAX_OPTIONS]
    chosen = st.multiselect(t("coding_quotes"), ids, key="w_code_quotes",
                            format_func=lambda i: f"[{i}] {texts.get(i, '')[:110]}",
                            placeholder=t("coding_quotes_placeholder"))
    c1, c2 = st.columns(2)
    existing = c1.selectbox(t("coding_existing_code"), codes, index=None, key="w_code_existing",
                            placeholder=t("coding_pick_code"))
    new = c2.text_input(t("coding_new_code"), key="w_code_new").strip()
    code = new or existing or ""
    st.button(t("coding_apply"), key="fg-apply", type="primary", disabled=not (chosen and code and coder),
              on_click=_apply, args=(path, list(chosen), code, coder))
    done = st.session_state.pop("w_code_done", None)
    if done:
        (st.error if done[0] == "error" else st.success)(done[1])
    if mine:
        st.markdown(f"**{style.esc(t('coding_my_codings', coder=coder))}**")
        df = pd.DataFrame([{t("coding_col_quote"): c.quote_id, t("coding_col_code"): c.code,
                            t("coding_col_text"): texts.get(c.quote_id, "")} for c in mine])
        st.dataframe(df, hide_index=True, use_container_width=True)


def _apply(path: str, quote_ids: list[int], code: str, coder: str) -> None:
    """Button callback: runs before the rerun, so it may empty the chooser for the next quotes."""
    from focusgroup.coding import review

    try:
        with state.open_project(path, write=True) as proj:
            review.code_quotes(proj, quote_ids, code, coder)
    except UserError as exc:
        st.session_state["w_code_done"] = ("error", error_text(exc))
        return
    st.session_state["w_code_quotes"] = []
    st.session_state["w_code_new"] = ""
    st.session_state["w_code_done"] = ("ok", t("coding_coded", n=len(quote_ids), code=code, coder=coder))


def _review_tab(path: str, coder: str) -> None:
    from focusgroup.coding import review
    from focusgroup.coding.examples import suggest_project
    from focusgroup.store import coding as store

    if st.button(t("coding_suggest"), key="fg-suggest"):
        try:
            with st.spinner(t("coding_suggesting")), state.open_project(path, write=True) as proj:
                result = suggest_project(proj)
            st.success(t("coding_suggested", n=len(result.suggestions), quotes=result.n_quotes,
                         examples=result.n_examples, method=result.method))
        except UserError as exc:
            st.warning(error_text(exc))
    with state.open_project(path) as proj:
        queue = review.open_suggestions(proj)
        codes = [c.name for c in store.codes(proj)]
    if not queue:
        st.info(t("coding_queue_empty"))
        return
    s = queue[0]
    texts = _texts(path)
    st.caption(t("coding_queue_left", n=len(queue)))
    st.html(f'<div class="fg-card"><div class="fg-meta"><b>{style.esc(s.code)}</b>'
            f'<span>{style.esc(t("coding_col_confidence"))} {style.esc(pct(s.confidence or 0))}</span>'
            f'<span>{style.esc(t("coding_col_quote"))} {s.quote_id}</span></div>'
            f'<div class="fg-text">{style.esc(texts.get(s.quote_id, ""))}</div></div>')
    c1, c2, c3, c4 = st.columns([1, 1, 2, 1], vertical_alignment="bottom")
    action = None
    if c1.button(t("coding_accept"), key="fg-accept", type="primary", disabled=not coder):
        action = ("accept", None)
    if c2.button(t("coding_reject"), key="fg-reject", disabled=not coder):
        action = ("reject", None)
    other = c3.selectbox(t("coding_other_code"), [c for c in codes if c != s.code], key=f"w_other_{s.id}")
    if c4.button(t("coding_use_other"), key="fg-other", disabled=not (coder and other)):
        action = ("reject", other)
    components.html(KEYS_JS, height=0)
    if action is not None:
        try:
            with state.open_project(path, write=True) as proj:
                if action[0] == "accept":
                    review.accept(proj, s.id, coder)
                else:
                    review.reject(proj, s.id, action[1], coder)
        except UserError as exc:
            st.error(error_text(exc))
        else:
            st.rerun()


def _agreement_tab(path: str) -> None:
    from focusgroup.coding.agreement import coder_labels, project_agreement
    from focusgroup.store import coding as store

    with state.open_project(path) as proj:
        coders = store.coders(proj)
    if len(coders) < 2:
        st.info(t("coding_need_two_coders", coders=", ".join(coders) or "-"))
        return
    c1, c2 = st.columns(2)
    a = c1.selectbox(t("coding_coder_a"), coders, index=0, key="w_agree_a")
    b = c2.selectbox(t("coding_coder_b"), coders, index=1, key="w_agree_b")
    try:
        with state.open_project(path) as proj:
            report = project_agreement(proj, (a, b))
            labels = [coder_labels(proj, a), coder_labels(proj, b)]
    except UserError as exc:
        st.info(error_text(exc))
        return
    rows = [{t("coding_col_code"): r.code if r.code is not None else t("coding_overall"),
             t("coding_col_n"): r.n, a: str(r.n_a) if r.code is not None else "",
             b: str(r.n_b) if r.code is not None else "", t("coding_col_percent"): _fmt(100 * r.percent, 0),
             t("coding_col_kappa"): _fmt(r.kappa), t("coding_col_alpha"): _fmt(r.alpha)}
            for r in [report.overall, *report.per_code]]
    st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True,
                 column_config={t("coding_col_n"): count_column()})
    st.caption(t("coding_agreement_summary", n=report.overall.n, only_a=report.only_a, only_b=report.only_b,
                 a=a, b=b))
    if report.overall.disagreements:
        texts = _texts(path)
        st.markdown(f"**{style.esc(t('coding_disagreements'))}**")
        st.dataframe(pd.DataFrame([{t("coding_col_quote"): q, a: ", ".join(sorted(labels[0].get(q, ()))),
                                    b: ", ".join(sorted(labels[1].get(q, ()))),
                                    t("coding_col_text"): texts.get(q, "")}
                                   for q in report.overall.disagreements]), hide_index=True,
                     use_container_width=True)


def _fmt(x: float | None, digits: int = 2) -> str:
    """κ and α with a decimal comma in Danish ("0,85"), a point in English; a whole percentage as it is."""
    if x is None or math.isnan(x):
        return "–"
    return dec(x) if digits == 2 else f"{x:.{digits}f}"
