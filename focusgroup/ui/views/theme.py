"""Theme detail: the theme's quotes with attribution and context, filters, and the researcher's edits.

Everything here is a filter on the cached quote table; only an edit goes to the store (through
``focusgroup.themes.edits``), and the new data version then refreshes every page.
"""

from __future__ import annotations

import re
import zlib

import pandas as pd
import streamlit as st

from focusgroup.errors import UserError
from focusgroup.records import ROLES
from focusgroup.ui import actions, state, style
from focusgroup.ui import data as data_mod
from focusgroup.ui.highlight import keyword_pattern, spans_for
from focusgroup.ui.i18n import error_text, lang, num, role_name, sentiment_name, t
from focusgroup.ui.views.common import require_analysis

PAGE_SIZE = 20
_TIMESTAMP = re.compile(r"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[ T]\d{1,2}:\d{2}")  # "03-11-2020 09:40"
NO_THEME = -1  # the "no theme" pseudo-theme in the theme chooser


def render() -> None:
    ready = require_analysis()
    if ready is None:
        return
    path, data = ready
    theme_id = _choose_theme(data)
    theme = _theme_row(data, theme_id)
    _parent_notices()
    quotes = data_mod.theme_quotes(data, None if theme_id == NO_THEME else theme_id)
    _header(data, theme, quotes)
    if theme is not None:
        _edit_panel(path, data, theme)
    filtered = _filters(data, quotes).apply(quotes)
    _quote_list(path, data, theme, filtered, len(quotes))


def _choose_theme(data: data_mod.ProjectData) -> int:
    themes = data.themes.sort_values("size", ascending=False)
    options = [int(i) for i in themes["theme_id"]] + [NO_THEME]
    labels = dict(zip(themes["theme_id"].astype(int), themes["label"], strict=True)) | {NO_THEME: t("no_theme")}
    sizes = dict(zip(themes["theme_id"].astype(int), themes["size"], strict=True))
    wanted = st.session_state.get("theme_id")
    if wanted not in options:
        wanted = options[0]
    shown = {i: f"{labels[i]} ({sizes[i]})" if i in sizes else labels[i] for i in options}
    # The browser keeps a widget's option texts while its key is unchanged, so a renamed theme gets
    # a new key (the value itself always comes from session state).
    key = f"w_theme_{zlib.crc32(repr(shown).encode())}"
    if st.session_state.get(key) != wanted:
        st.session_state[key] = wanted
    chosen = st.selectbox(t("choose_theme"), options, key=key, on_change=_remember_theme, args=(key,),
                          format_func=shown.get)
    st.session_state["theme_id"] = int(chosen)
    return int(chosen)


def _remember_theme(key: str) -> None:
    st.session_state["theme_id"] = st.session_state[key]
    st.session_state["w_quote_page"] = 1


def _theme_row(data: data_mod.ProjectData, theme_id: int) -> pd.Series | None:
    rows = data.themes[data.themes["theme_id"] == theme_id]
    return None if rows.empty else rows.iloc[0]


def _header(data: data_mod.ProjectData, theme: pd.Series | None, quotes: pd.DataFrame) -> None:
    label = t("no_theme") if theme is None else theme["label"]
    total = data.n_participants
    speakers = data_mod.participants(quotes)
    n_sources = quotes["source_id"].nunique()
    stats = t("theme_stats", size=num(len(quotes)), speakers=num(speakers), total=num(total), sources=num(n_sources),
              source_word=t("word_source" if n_sources == 1 else "word_sources"))
    html = f'<div class="fg-hero"><h1>{style.esc(label)}</h1></div><p class="fg-sub">{style.esc(stats)}</p>'
    if theme is not None:
        shares = {s: theme[s] for s in data_mod.SENTIMENTS}
        html += style.sentiment_bar(shares, {s: sentiment_name(s) for s in data_mod.SENTIMENTS}, lang())
        html += style.chips(theme["keywords"][:10])
        if theme["parent"]:
            html += f'<p class="fg-sub">{style.esc(t("theme_parent", parent=theme["parent"]))}</p>'
    st.html(html)
    coded = bool((data.run_params or {}).get("codebook"))  # the label is the researcher's own code name
    if theme is not None and coded and isinstance(theme["description"], str) and theme["description"].strip():
        st.caption(style.tl("theme_code_description", description=theme["description"].strip()))
    if theme is not None:
        _label_hits(int(theme["label_hits"]), int(theme["size"]), own_name=coded or bool(theme["own_label"]))
    if theme is not None and theme["memo"]:
        st.info(style.md(theme["memo"]), icon=":material/sticky_note_2:")  # the memo as typed, not as markdown


def _label_hits(hits: int, size: int, own_name: bool = False) -> None:
    """How many of the theme's quotes carry its label (``stats.label_share``); a warning under a third, but
    not on the researcher's own name (a codebook's code, or a name they gave the theme): it told them to rename
    their own code because its words are not in the quotes the code was given, and a theme they had just
    renamed ("Ventetid" over quotes about waiting on the phone) to rename it again. Their name is their
    choice; the share stays as a plain line."""
    if size and 3 * hits < size and not own_name:
        st.warning(t("theme_label_hits_low", hits=num(hits), n=num(size)), icon=":material/label:")
    elif size:
        st.caption(t("theme_label_hits", hits=num(hits), n=num(size)))


def _edit_panel(path: str, data: data_mod.ProjectData, theme: pd.Series) -> None:
    theme_id = int(theme["theme_id"])
    # Widget keys carry the current label/memo: after a merge, rename or undo the boxes show the theme as it
    # is now, so "Gem navn" can never write an old label back.
    version = zlib.crc32(f"{theme['label']}\x00{theme['memo']}".encode())
    with st.expander(t("edit_theme"), icon=":material/edit:", expanded=bool(st.session_state.get("merge_pending"))):
        # One form and one button for the name and the memo: with a "Gem navn" and a "Gem memo" side by side, a
        # memo typed before pressing "Gem navn" was dropped without a word (the rename redraws both boxes).
        with st.form(f"name_memo_{theme_id}", border=False):
            c1, c2 = st.columns(2)
            label = c1.text_input(t("rename"), value=theme["label"], key=f"w_label_{theme_id}_{version}")
            memo = c2.text_area(t("memo"), value=theme["memo"], help=t("memo_help"),
                                key=f"w_memo_{theme_id}_{version}", height=100)
            if st.form_submit_button(t("name_memo_button")):
                _save_name_and_memo(path, theme, label, memo)
        c3, c4 = st.columns(2)
        with c3:
            _merge(path, data, theme_id, theme["label"])
        with c4.form(f"split_{theme_id}", border=False):
            parts = st.number_input(t("split_into"), 2, 6, 2, key=f"w_split_{theme_id}")
            if st.form_submit_button(t("split_button")):
                _apply(path, actions.split_theme, theme_id, int(parts), done=t("split_done", n=int(parts)))


def _merge(path: str, data: data_mod.ProjectData, theme_id: int, label: str) -> None:
    """Choose themes, then confirm a summary naming every theme that will be merged: typing a name and
    pressing Enter in the chooser selects every match, so nothing is merged without that second look."""
    others = data.themes[data.themes["theme_id"] != theme_id]
    labels = dict(zip(others["theme_id"].astype(int), others["label"], strict=True))
    sizes = dict(zip(others["theme_id"].astype(int), others["size"], strict=True))
    pending = st.session_state.get("merge_pending")
    if pending and pending["theme"] == theme_id:
        chosen = [c for c in pending["others"] if c in labels]
        names = "".join(f"\n- {style.md(labels[c])} ({sizes[c]})" for c in chosen)
        st.warning(t("merge_confirm", n=len(chosen) + 1, target=style.md(label)) + names, icon=":material/merge:")
        new_label = st.text_input(t("merge_label"), value=label, key=f"w_merge_label_{theme_id}")
        b1, b2 = st.columns(2)
        if b1.button(t("merge_yes", n=len(chosen) + 1), type="primary", key="w_merge_yes"):
            st.session_state.pop("merge_pending", None)
            _apply(path, actions.merge_themes, [theme_id, *chosen], new_label.strip() or None, done=t("merged"))
        if b2.button(t("merge_cancel"), key="w_merge_cancel"):
            st.session_state.pop("merge_pending", None)
            st.rerun()
        return
    with st.form(f"merge_{theme_id}", border=False):
        chosen = st.multiselect(t("merge_with"), list(labels), format_func=lambda k: f"{labels[k]} ({sizes[k]})",
                                placeholder=t("choose"), key=f"w_merge_{theme_id}")
        if st.form_submit_button(t("merge_button")) and chosen:
            st.session_state["merge_pending"] = {"theme": theme_id, "others": [int(c) for c in chosen]}
            st.rerun()


def _save_name_and_memo(path: str, theme: pd.Series, label: str, memo: str) -> None:
    """Whichever of the two changed, in one write: a rename and a memo are two logged edits, as before."""
    theme_id, old_memo = int(theme["theme_id"]), theme["memo"]
    old_memo = "" if old_memo is None or old_memo != old_memo else str(old_memo)
    steps = []
    if label.strip() != str(theme["label"]):
        steps.append((actions.rename_theme, label, style.tl("renamed", label=label.strip())))
    if memo != old_memo:
        steps.append((actions.set_theme_memo, memo, t("memo_saved")))
    changes: list = []
    try:
        with state.open_project(path, write=True) as project:
            for action, value, _ in steps:
                changes += action(project, theme_id, value) or []
    except UserError as exc:
        st.error(style.tl("edit_failed", error=error_text(exc)))
        return
    for _, _, done in steps:
        st.toast(done, icon=":material/check:")
    _keep_notices(changes)
    if steps:
        st.rerun()


def _apply(path: str, action, *args, done: str) -> None:  # noqa: ANN001 - one of the actions.* edit functions
    try:
        with state.open_project(path, write=True) as project:
            changes = action(project, *args)
    except UserError as exc:
        st.error(style.tl("edit_failed", error=error_text(exc)))
        return
    st.toast(done, icon=":material/check:")
    _keep_notices(changes)
    st.rerun()


def _keep_notices(changes: list | None) -> None:
    """Parents an edit relabelled (``themes.edits.notices``), shown on the page the edit reruns to: a
    toast fades in seconds, and a parent's new name is easy to miss on another page."""
    st.session_state["parent_notices"] = actions.edit_notices(changes, lang())


def _parent_notices() -> None:
    for line in st.session_state.pop("parent_notices", None) or []:
        st.info(style.md(line), icon=":material/account_tree:")


def _filters(data: data_mod.ProjectData, quotes: pd.DataFrame) -> data_mod.Filters:
    f = data_mod.Filters()
    with st.expander(t("filters"), icon=":material/filter_list:"):
        c1, c2, c3 = st.columns(3)
        f.sources = c1.multiselect(t("f_source"), sorted(quotes["source"].unique()), placeholder=t("choose"), key="w_f_source")
        f.speakers = c2.multiselect(t("f_speaker"), sorted(quotes["speaker"].unique()), placeholder=t("choose"), key="w_f_speaker")
        f.roles = c3.multiselect(t("f_role"), [r for r in ROLES if r in set(quotes["role"])], format_func=role_name,
                                 placeholder=t("choose"), key="w_f_role")
        c4, c5, c6 = st.columns(3)
        f.sentiments = c4.multiselect(t("f_sentiment"), list(data_mod.SENTIMENTS), format_func=sentiment_name,
                                      placeholder=t("choose"), key="w_f_sentiment")
        fields = [x for x in data.meta_fields if 1 < data.quotes[x].nunique() <= 30]
        if fields:
            default = data_mod.default_group_field(data)
            f.group_field = c5.selectbox(t("f_group"), fields, index=fields.index(default) if default in fields else 0,
                                         key="w_f_group_field")
            values = sorted(v for v in quotes[f.group_field].dropna().unique() if v)
            f.groups = c5.multiselect(f.group_field, values, placeholder=t("choose"), key="w_f_groups", label_visibility="collapsed")
        f.key_only = c6.toggle(t("f_key_only"), key="w_f_key")
        questions = sorted(v for v in quotes["column"].unique() if v)
        if len(questions) > 1:
            f.questions = st.multiselect(t("sat_f_question"), questions, placeholder=t("choose"), key="w_f_question")
    return f


def _quote_list(path: str, data: data_mod.ProjectData, theme: pd.Series | None, quotes: pd.DataFrame,
                total: int) -> None:
    if quotes.empty:
        st.info(t("no_quotes"))
        return
    pages = max(1, -(-len(quotes) // PAGE_SIZE))
    c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
    c1.caption(t("showing", shown=num(len(quotes)), total=num(total)))
    show_context = c2.toggle(t("context"), value=True, key="w_context")
    if not 1 <= st.session_state.get("w_quote_page", 1) <= pages:
        st.session_state["w_quote_page"] = 1
    page = c3.number_input(t("page"), 1, pages, key="w_quote_page") if pages > 1 else 1
    pattern = keyword_pattern(theme["keywords"] if theme is not None else [])
    targets = {int(i): label for i, label in zip(data.themes["theme_id"], data.themes["label"], strict=True)}
    current = None if theme is None else int(theme["theme_id"])
    choices = {k: f"↪ {label}" for k, label in targets.items() if k != current}
    if current is not None:
        choices[None] = f"↪ {t('no_theme')}"
    choices = {current: f"↪ {t('move_short')}", **choices}  # first entry: "no move"
    for pos in quotes["pos"].iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        _quote(path, data, data.records[pos], pattern, show_context, choices, targets)


def _quote(path: str, data: data_mod.ProjectData, row: dict, pattern, show_context: bool,  # noqa: ANN001
           choices: dict[int | None, str], targets: dict[int, str]) -> None:
    qid = int(row["quote_id"])
    role = role_name(row["role"])
    # "Respondent 31087125" already says its role: the role is shown only when the name does not.
    shown_role = "" if str(row["speaker"]).lower().startswith(role.lower()) else role
    meta = [row["source"], f"[{row['timestamp']}]" if row["timestamp"] else "", shown_role]
    if row.get("column"):
        meta.insert(0, t("sat_question_meta", question=row["column"]))
    meta += card_fields(data, row)
    before = after = None
    if show_context:
        before, after = data_mod.context(data, int(row["pos"]))
    card = style.quote_card(row, spans_for(row["text"], pattern), meta, sentiment_name(row["sentiment"]),
                            before, after)
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.html(card)
    with right:
        st.checkbox(t("key_quote"), value=bool(row["key"]), key=f"w_key_{qid}", on_change=_toggle_key,
                    args=(path, qid))
        st.selectbox(t("move_to"), list(choices), index=0, key=f"w_move_{qid}", on_change=_move,
                     args=(path, qid, targets), label_visibility="collapsed", format_func=choices.get)


def card_fields(data: data_mod.ProjectData, row: dict, limit: int = 3) -> list[str]:
    """Background fields for a survey card: the group and wave fields first (Ydelse, Bølge), never the id
    the speaker name already shows ("Respondent 31056155") nor a completion time."""
    first = [f for f in (data_mod.default_group_field(data), data_mod.wave_field(data)) if f]
    fields = list(dict.fromkeys([*first, *data.meta_fields]))
    out = []
    for f in fields:
        value = row.get(f)
        if f == "id" or not isinstance(value, str) or not value or value in str(row["speaker"]):
            continue
        if _TIMESTAMP.match(value):
            continue
        out.append(f"{f}: {value}")
    return out[:limit]


def _toggle_key(path: str, quote_id: int) -> None:
    with state.open_project(path, write=True) as project:
        actions.set_key_quote(project, quote_id, bool(st.session_state[f"w_key_{quote_id}"]))


def _move(path: str, quote_id: int, targets: dict[int, str]) -> None:
    target = st.session_state.pop(f"w_move_{quote_id}")
    try:
        with state.open_project(path, write=True) as project:
            _keep_notices(actions.move_quote(project, quote_id, target))
    except UserError as exc:
        st.toast(t("edit_failed", error=error_text(exc)))
        return
    st.toast(t("moved", theme=targets.get(target, t("no_theme")) if target is not None else t("no_theme")))
