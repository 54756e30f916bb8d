"""Plotly figures for the theme overview; pure functions of the cached tables so they are easy to test.

Plotly renders a subset of HTML in labels and hover text, so every user string (theme label, group,
quote) is escaped first; plotly turns the entities back into the characters on screen.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from focusgroup.ui.data import SENTIMENTS, ProjectData, group_shares
from focusgroup.ui.style import COLORS, PALETTE

FONT = dict(family="Inter, -apple-system, Segoe UI, Roboto, sans-serif", size=13, color="#1f2937")


def _e(values: pd.Series | pd.Index | list) -> list[str]:
    return [html.escape(str(v)) for v in values]


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=30, b=10), font=FONT, plot_bgcolor="white",
                      paper_bgcolor="white", legend=dict(orientation="h", y=1.08, x=0))
    fig.update_xaxes(gridcolor="#eef0f3", zeroline=False)
    fig.update_yaxes(gridcolor="#eef0f3", zeroline=False)
    return fig


def _by_size(themes: pd.DataFrame) -> pd.DataFrame:
    return themes.sort_values("size", ascending=True)  # plotly draws the first bar at the bottom


def sizes(themes: pd.DataFrame, x_title: str) -> go.Figure:
    t = _by_size(themes)
    fig = go.Figure(go.Bar(
        x=t["size"], y=_e(t["label"]), orientation="h", marker_color="#3563e9", text=t["size"], textposition="outside",
        customdata=np.stack([t["n_speakers"], t["n_sources"]], axis=1),
        hovertemplate="%{y}<br>%{x} citater · %{customdata[0]} deltagere · %{customdata[1]} kilder<extra></extra>",
    ))
    fig.update_xaxes(title=x_title)
    return _layout(fig, 80 + 34 * len(t))


def sentiment(themes: pd.DataFrame, names: dict[str, str], x_title: str) -> go.Figure:
    t = themes.sort_values("negativ", ascending=True)
    fig = go.Figure()
    for label in SENTIMENTS:
        fig.add_bar(x=t[label], y=_e(t["label"]), orientation="h", name=names.get(label, label),
                    marker_color=COLORS[label], hovertemplate="%{y}: %{x:.0%}<extra>" + names.get(label, label) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1], title=x_title)
    return _layout(fig, 110 + 34 * len(t))


def heatmap(data: ProjectData, field: str, colorbar_title: str) -> go.Figure | None:
    shares = group_shares(data, field)
    if shares.empty:
        return None
    order = data.themes.sort_values("size", ascending=False)["label"]
    shares = shares.reindex([label for label in order if label in shares.index])
    fig = go.Figure(go.Heatmap(
        z=shares.values, x=_e(shares.columns), y=_e(shares.index), colorscale="Blues",
        text=[[f"{v:.0%}" for v in row] for row in shares.values], texttemplate="%{text}",
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", colorbar=dict(title=colorbar_title, tickformat=".0%"),
    ))
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 120 + 34 * len(shares))


def waves(data: ProjectData, field: str, y_title: str) -> go.Figure | None:
    shares = group_shares(data, field)
    if shares.empty:
        return None
    shares = shares[sorted(shares.columns, key=str)]
    fig = go.Figure()
    for i, wave in enumerate(shares.columns):
        fig.add_bar(x=_e(shares.index), y=shares[wave], name=html.escape(str(wave)), marker_color=PALETTE[i % len(PALETTE)],
                    hovertemplate="%{x}: %{y:.0%}<extra>" + html.escape(str(wave)) + "</extra>")
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", title=y_title)
    return _layout(fig, 420)


def quote_map(points: pd.DataFrame) -> go.Figure:
    """``points``: x, y, label, text per quote (see ``layout.quote_points``)."""
    fig = go.Figure()
    for i, (label, g) in enumerate(points.groupby("label", sort=False)):
        fig.add_scattergl(
            x=g["x"], y=g["y"], mode="markers", name=html.escape(str(label)), text=_e(g["text"].str.slice(0, 140)),
            marker=dict(size=7, opacity=0.75, color=PALETTE[i % len(PALETTE)]),
            hovertemplate="<b>%{fullData.name}</b><br>%{text}<extra></extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, 560)
