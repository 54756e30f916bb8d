"""Tilfredshed: where satisfaction is lowest and for whom, what changed, the 1-5 scale, and "Kræver svar".

Every figure comes from ``focusgroup.stats`` (the same functions as ``focusgroup satisfaction`` and the
xlsx/docx exports) on the app's quote table, so the page shows what the files say. A cell of the ranked
table opens its quotes below the table (click the row, or pick the cell in the list).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from focusgroup import messages
from focusgroup.records import MODERATOR
from focusgroup.stats import satisfaction as sat
from focusgroup.stats import study
from focusgroup.ui import data as data_mod
from focusgroup.ui import state, style
from focusgroup.ui.i18n import (
    code_name,
    count_column,
    dec,
    error_text,
    lang,
    n_eq,
    num,
    pct,
    period,
    progress_format,
    sentiment_name,
    t,
)
from focusgroup.ui.views.common import project_label, require_analysis, title

MAX_CARDS = 30


def render() -> None:
    ready = require_analysis()
    if ready is None:
        return
    path, data = ready
    title(t("sat_title"), project_label(path))
    df = frame(data)
    fields = study.group_fields(df) + (["source"] if df["source"].nunique() > 1 else [])  # a focus group each
    if not fields:
        st.info(t("sat_no_fields"))
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1])
    # the report's and the workbook's split (study.default_by), so the page's ranks are the exported ones
    default = study.default_by(df, (data.run_params or {}).get("group_by")) or fields[:1]
    by = c1.multiselect(t("sat_by"), fields, default=default, key="w_sat_by")
    min_n = int(c2.number_input(t("sat_min_n"), 1, 500, 8, key="w_sat_min_n"))
    waves = [f for f in study.background_fields(df) if sat.wave_field(df[[f]]) == f]
    wave = c3.selectbox(t("sat_wave"), [None, *study.background_fields(df)], index=1 + study.background_fields(df)
                        .index(waves[0]) if waves else 0, key="w_sat_wave", format_func=lambda v: v or "–")
    dates = study.date_fields(df)
    date = c4.selectbox(t("sat_date"), [None, *dates], index=1 if dates else 0, key="w_sat_date",
                        format_func=lambda v: v or "–")
    with state.open_project(path) as project:
        scales = study.scale_fields(project, df)
    f = study.findings(df, by, wave=wave, date=date, min_n=min_n, scales=scales)
    tabs = st.tabs([t("sat_tab_cells"), t("sat_tab_heatmap"), t("sat_tab_change"), t("sat_tab_scale"),
                    t("sat_tab_replies")])
    with tabs[0]:
        _cells(data, f)
    with tabs[1]:
        _heatmap(f, by)
    with tabs[2]:
        _changes(f)
    with tabs[3]:
        _scale_choice(path, df, scales)
        _scales(f)
    with tabs[4]:
        _replies(path, data, df)


def frame(data: data_mod.ProjectData) -> pd.DataFrame:
    """``stats.satisfaction``'s quote table from the app's (possibly pseudonymised) quote table."""
    q = data.quotes[data.quotes["role"] != MODERATOR]
    labels = dict(zip(data.themes["theme_id"], data.themes["label"], strict=False))
    df = pd.DataFrame({
        "quote_id": q["quote_id"].to_numpy(), "source": q["source"].to_numpy(), "speaker": q["speaker"].to_numpy(),
        "role": q["role"].to_numpy(), "respondent": (q["source_id"].astype(str) + "|" + q["speaker"]).to_numpy(),
        "question": q["column"].to_numpy(), "informative": q["informative"].astype(bool).to_numpy(),
        "theme_id": q["theme_id"].to_numpy(),
        "theme_label": [labels.get(int(i), sat.NO_THEME) if pd.notna(i) else sat.NO_THEME for i in q["theme_id"]],
        "text": q["text"].to_numpy(), "sentiment": q["sentiment"].replace("", None).to_numpy(),
        "sentiment_score": q["sentiment_score"].to_numpy(), "pos": q["pos"].to_numpy(),
    })
    for name in data.meta_fields:
        df[name] = q[name].astype(object).where(q[name].notna(), None).to_numpy()
    return df


def _theme(name: object) -> str:
    """A theme column's value for the reader: the whole-group and no-theme rows in the page's language
    ("(alle temaer)" is "(all themes)" in English); a theme's label as the researcher has it."""
    return {sat.ALL_THEMES: t("exp_all_themes"), sat.NO_THEME: t("exp_no_theme")}.get(str(name), str(name))


def _cells(data: data_mod.ProjectData, f: study.Findings) -> None:
    cells = f.table.cells
    st.caption(t("sat_cells_caption", min_n=f.table.min_n, omitted=f.table.omitted, all=_theme(sat.ALL_THEMES)))
    if cells.empty:
        st.info(t("sat_no_cells"))
        return
    rows = pd.DataFrame({
        "#": cells["rank"], t("col_theme"): cells["theme"].map(_theme), t("sat_col_group"): cells["field"] + " = " + cells["group"],
        "n": cells["n"], t("sat_col_negative"): (100 * cells["share_negative"]).round(),
        t("sat_col_ci"): [f"{pct(lo)}–{pct(hi)}" for lo, hi in zip(cells["ci_low"], cells["ci_high"], strict=True)],
        t("sat_col_diff"): [sat.signed_points(d) for d in cells["difference"]],
        t("sat_col_example"): cells["example"],
    })
    event = st.dataframe(rows, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                         key="w_sat_table", height=min(38 + 35 * len(rows), 460), column_config={
                             "n": count_column(),
                             t("sat_col_negative"): st.column_config.ProgressColumn(
                                 format=progress_format(), min_value=0, max_value=100, color="red", width="small"),
                             t("sat_col_example"): st.column_config.TextColumn(width="large")})
    options = list(range(len(cells)))
    selected = event.selection.rows if event is not None else []
    if selected:
        st.session_state["w_sat_cell"] = int(selected[0])
    if st.session_state.get("w_sat_cell", 0) not in options:
        st.session_state["w_sat_cell"] = 0
    pick = st.selectbox(t("sat_cell"), options, key="w_sat_cell", format_func=lambda i: (
        f"{cells.iloc[i]['rank']}. {_theme(cells.iloc[i]['theme'])} – {cells.iloc[i]['field']} = {cells.iloc[i]['group']} "
        f"({pct(cells.iloc[i]['share_negative'])} {t('sat_negative_word')}, {n_eq(cells.iloc[i]['n'])})"))
    _cell_quotes(data, cells.iloc[pick])


def _cell_quotes(data: data_mod.ProjectData, cell: pd.Series) -> None:
    by_id = data.quotes.set_index("quote_id")["pos"]
    records = [data.records[int(by_id[i])] for i in cell["quote_ids"] if i in by_id.index]
    order = {"negativ": 0, "neutral": 1, "positiv": 2}
    records.sort(key=lambda r: (order.get(r["sentiment"], 3), r["sentiment_score"]))
    st.markdown(f"**{html.escape(t('sat_quotes_of', n=len(records)))}**")
    for r in records[:MAX_CARDS]:
        meta = [t("sat_question_meta", question=r["column"]) if r["column"] else "", r["source"]]
        st.html(style.quote_card(r, [], meta, sentiment_name(r["sentiment"])))
    if len(records) > MAX_CARDS:
        st.caption(t("sat_more_quotes", n=len(records) - MAX_CARDS))


def _heatmap(f: study.Findings, by: list[str]) -> None:
    cells = f.table.cells
    if cells.empty or not by:
        st.info(t("sat_no_cells"))
        return
    field = st.selectbox(t("sat_heat_field"), by, key="w_sat_heat") if len(by) > 1 else by[0]
    part = cells[cells["field"] == field]
    share = part.pivot(index="theme", columns="group", values="share_negative")
    n = part.pivot(index="theme", columns="group", values="n")
    order = [sat.ALL_THEMES] + sorted((x for x in share.index if x != sat.ALL_THEMES),
                                      key=lambda x: -float(share.loc[x].max()))
    share, n = share.reindex(order[::-1]).dropna(how="all"), n.reindex(order[::-1]).dropna(how="all")
    text = [[f"{pct(v)}<br>{n_eq(k)}" if not pd.isna(v) else "" for v, k in zip(srow, nrow, strict=True)]
            for srow, nrow in zip(share.to_numpy(), n.fillna(0).to_numpy(), strict=True)]
    fig = go.Figure(go.Heatmap(
        z=(100 * share).to_numpy(), x=[html.escape(str(c)) for c in share.columns],
        y=[html.escape(_theme(i)) for i in share.index], text=text, texttemplate="%{text}", colorscale="Reds",
        zmin=0, zmax=100, colorbar=dict(title="%"), hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>"))
    fig.update_layout(height=max(300, 34 * len(share) + 120), margin=dict(l=10, r=10, t=30, b=10),
                      title=t("sat_heat_title", field=html.escape(field)))
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
    st.caption(t("sat_heat_caption", min_n=f.table.min_n))


def _changes(f: study.Findings) -> None:
    shown, min_n = False, 1
    for kind, change in f.changes():  # a quarter table that repeats the wave table is said once, below it
        label, name = (t("sat_wave"), f.wave_field) if kind == "wave" else (t("sat_quarter"), f.date_field)
        if change.changes.empty:
            continue
        shown, min_n = True, change.min_n
        ch = change.ranked()  # the whole study first, then the surest changes
        name = name or change.field
        st.subheader(label if name.casefold() == label.casefold() else f"{label}: {name}")  # not "Bølge: Bølge"
        st.dataframe(pd.DataFrame({
            t("col_theme"): ch["theme"].map(_theme), t("sat_col_period"): [f"{period(a)} → {period(b)}" for a, b in zip(ch["from"], ch["to"], strict=True)],
            t("sat_col_share"): [f"{pct(a)} → {pct(b)}" for a, b in zip(ch["share_from"], ch["share_to"], strict=True)],
            t("sat_col_negative"): [f"{pct(a)} → {pct(b)}" for a, b in
                                    zip(ch["negative_from"], ch["negative_to"], strict=True)],
            t("sat_col_change"): [_pp(v, lo, hi) for v, lo, hi in
                                  zip(ch["negative_change"], ch["negative_ci_low"], ch["negative_ci_high"], strict=True)],
            "n": [f"{num(a)} → {num(b)}" for a, b in zip(ch["n_from"], ch["n_to"], strict=True)],
        }), hide_index=True, width="stretch")
        if kind == "wave" and f.quarter_is_wave:
            st.caption(t("sat_quarter_is_wave", field=f.date_field, pairs=messages.period_pairs(f.quarter_is_wave, lang())))
    if shown:
        st.caption(t("sat_change_caption", min_n=min_n))
    else:
        st.info(t("sat_no_change"))




def _pp(v: float, lo: float, hi: float) -> str:
    if pd.isna(v):
        return "–"
    mark = " *" if (lo > 0 or hi < 0) else ""
    interval = t("ui_interval", low=sat.signed_points(lo), high=sat.signed_points(hi))
    return f"{sat.signed_points(v)} pp ({interval}){mark}"


def _scale_choice(path: str, df: pd.DataFrame, scales: list[str]) -> None:
    """Which background fields are 1-5 rating scales: found on import, confirmed (or corrected) here; the
    choice is saved in the project, as ``focusgroup satisfaction --scale`` saves it."""
    candidates = study.scale_candidates(df)
    if not candidates:
        return
    with state.open_project(path) as project:
        confirmed = study.scales_confirmed(project) is not None
    st.multiselect(t("sat_scale_fields"), candidates, default=[c for c in scales if c in candidates],
                   key="w_sat_scales", placeholder=t("choose"), on_change=_save_scales, args=(path, df))
    st.caption(t("sat_scale_confirmed" if confirmed else "sat_scale_detected"))


def _save_scales(path: str, df: pd.DataFrame) -> None:
    from focusgroup.errors import UserError

    try:
        with state.open_project(path, write=True) as project:
            study.confirm_scales(project, list(st.session_state["w_sat_scales"]), df)
    except UserError as exc:
        st.toast(error_text(exc), icon=":material/error:")
        return
    st.toast(t("sat_saved"), icon=":material/check:")


def _scales(f: study.Findings) -> None:
    if not f.scales:
        st.info(t("sat_no_scale"))
        return
    for name, table in f.scales.items():
        st.subheader(name)
        rows = table.iloc[::-1]
        groups = [code_name("group", b) for b in rows["group"]]  # scale_by_group's whole sample: "(alle)"
        labels = [html.escape(f"{a} = {b}" if a else b) for a, b in zip(rows["field"], groups, strict=True)]
        fig = go.Figure(go.Bar(x=rows["mean"], y=labels, orientation="h", marker_color="#3563e9",
                               error_x=dict(type="data", symmetric=False, array=rows["ci_high"] - rows["mean"],
                                            arrayminus=rows["mean"] - rows["ci_low"]),
                               text=[f"{dec(m)} ({n_eq(k)})" for m, k in zip(rows["mean"], rows["n"], strict=True)],
                               textposition="inside", insidetextanchor="start",  # clear of the interval's whisker
                               hovertemplate="%{y}: %{text}<extra></extra>"))
        fig.update_layout(height=max(260, 30 * len(rows) + 80), margin=dict(l=10, r=10, t=30, b=10),
                          xaxis=dict(range=[0, max(5, float(rows["ci_high"].max() or 5))], title=t("sat_mean")))
        st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
        themes = f.scale_themes[name]
        if not themes.empty:
            st.dataframe(pd.DataFrame({
                t("col_theme"): themes["theme"].map(_theme), t("sat_col_raise"): [f"{dec(m)} ({n_eq(k)})" for m, k in
                                                                     zip(themes["mean_raise"], themes["n_raise"], strict=True)],
                t("sat_col_other"): [f"{dec(m)} ({n_eq(k)})" for m, k in
                                     zip(themes["mean_other"], themes["n_other"], strict=True)],
                t("sat_col_diff_mean"): [f"{dec(d, True)} ({t('ui_interval', low=dec(lo, True), high=dec(hi, True))})"
                                         for d, lo, hi in
                                         zip(themes["difference"], themes["ci_low"], themes["ci_high"], strict=True)],
            }), hide_index=True, width="stretch")
    st.caption(t("sat_scale_caption"))


def _replies(path: str, data: data_mod.ProjectData, df: pd.DataFrame) -> None:
    from focusgroup.replies import REASONS
    from focusgroup.store.findings import replies

    with state.open_project(path) as project:
        flags = replies(project)
    if not flags:
        st.info(t("sat_no_replies"))
        return
    c1, c2, c3 = st.columns([2, 2, 1])
    reasons = c1.multiselect(t("sat_reason"), list(REASONS), placeholder=t("choose"), key="w_sat_reasons",
                             format_func=lambda r: code_name("reason", r))
    questions = sorted(q for q in df["question"].unique() if q)
    asked = c2.multiselect(t("sat_f_question"), questions, placeholder=t("choose"), key="w_sat_questions")
    show_off = c3.toggle(t("sat_show_unticked"), key="w_sat_show_off")
    by_id = data.quotes.set_index("quote_id")["pos"]
    shown = [r for r in flags.values() if (r.needs_reply or (show_off and r.by == "researcher"))
             and r.quote_id in by_id.index]
    shown = [r for r in shown if (not reasons or r.reason in reasons)]
    records = [(r, data.records[int(by_id[r.quote_id])]) for r in shown]
    records = [(r, rec) for r, rec in records if not asked or rec["column"] in asked]
    records.sort(key=lambda p: (not p[0].needs_reply, p[0].reason, -(p[0].score or 0)))
    st.caption(t("sat_replies_caption", n=sum(r.needs_reply for r in flags.values())))
    for r, rec in records:
        reason = code_name("reason", r.reason) if r.reason else t("sat_unticked")
        meta = [reason, t("sat_question_meta", question=rec["column"]) if rec["column"] else "", rec["source"]]
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.html(style.quote_card(rec, [], meta, sentiment_name(rec["sentiment"])))
        right.checkbox(t("sat_needs_reply"), value=r.needs_reply, key=f"w_reply_{r.quote_id}", on_change=_set_reply,
                       args=(path, r.quote_id, r.reason))


def _set_reply(path: str, quote_id: int, reason: str) -> None:
    from focusgroup.store.findings import set_reply

    with state.open_project(path, write=True) as project:
        set_reply(project, quote_id, bool(st.session_state[f"w_reply_{quote_id}"]), reason or None)
    st.toast(t("sat_saved"), icon=":material/check:")
