"""Plotly figures for the theme overview; pure functions of the cached tables so they are easy to test.

Plotly renders a subset of HTML in labels and hover text, so every user string (theme label, group,
quote) is escaped first; plotly turns the entities back into the characters on screen.

Shares are drawn in percent (0-100) with the reader's suffix on the axis ("40 %" in Danish, "40%" in
English) and every share written out by ``messages.pct``: plotly's own ".0%" format knows no Danish.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from focusgroup import messages
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


def _pcts(values: pd.Series | np.ndarray, lang: str) -> list[str]:
    return [messages.pct(float(v), lang) for v in values]


def _suffix(lang: str) -> str:
    return messages.text("exp_pct", lang, n="")


def _by_size(themes: pd.DataFrame) -> pd.DataFrame:
    return themes.sort_values("size", ascending=True)  # plotly draws the first bar at the bottom


def sizes(themes: pd.DataFrame, x_title: str, hover: str = "{quotes} · {speakers} · {sources}") -> go.Figure:
    """``hover``: the reader's words for one bar, with {quotes}, {speakers} and {sources}."""
    t = _by_size(themes)
    fig = go.Figure(go.Bar(
        x=t["size"], y=_e(t["label"]), orientation="h", marker_color="#3563e9", text=t["size"], textposition="outside",
        customdata=[html.escape(hover.format(quotes=a, speakers=b, sources=c))
                    for a, b, c in zip(t["size"], t["n_speakers"], t["n_sources"], strict=True)],
        hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    ))
    fig.update_xaxes(title=x_title)
    return _layout(fig, 80 + 34 * len(t))


def sentiment(themes: pd.DataFrame, names: dict[str, str], x_title: str, lang: str = "da") -> go.Figure:
    t = themes.sort_values("negativ", ascending=True)
    fig = go.Figure()
    for label in SENTIMENTS:
        fig.add_bar(x=100 * t[label], y=_e(t["label"]), orientation="h", name=names.get(label, label),
                    marker_color=COLORS[label], customdata=_pcts(t[label], lang),
                    hovertemplate="%{y}: %{customdata}<extra>" + names.get(label, label) + "</extra>")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(ticksuffix=_suffix(lang), range=[0, 100], title=x_title)
    return _layout(fig, 110 + 34 * len(t))


def heatmap(data: ProjectData, field: str, colorbar_title: str, lang: str = "da") -> go.Figure | None:
    """Theme × group shares. Groups are categories even when they look like numbers (a 1-5 scale, a
    year), and their names sit above the grid, where the eye starts, so a tall map stays readable."""
    shares = group_shares(data, field)
    if shares.empty:
        return None
    order = data.themes.sort_values("size", ascending=False)["label"]
    shares = shares.reindex([label for label in order if label in shares.index])
    fig = go.Figure(go.Heatmap(
        z=100 * shares.values, x=_e(shares.columns), y=_e(shares.index), colorscale="Blues", xgap=1, ygap=1,
        text=[_pcts(row, lang) for row in shares.values], texttemplate="%{text}",
        hovertemplate="%{y} · %{x}: %{text}<extra></extra>", colorbar=dict(title=colorbar_title, ticksuffix=_suffix(lang)),
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(type="category", side="top", automargin=True)
    return _layout(fig, 90 + 26 * len(shares))


def waves(data: ProjectData, field: str, x_title: str, lang: str = "da") -> go.Figure | None:
    """Each theme's share of quotes per wave as horizontal grouped bars: theme labels stay level and
    readable however many themes there are, and waves (years) are categories, not a number axis."""
    shares = group_shares(data, field)
    if shares.empty:
        return None
    shares = shares[sorted(shares.columns, key=str)]
    order = data.themes.sort_values("size", ascending=True)["label"]
    shares = shares.reindex([label for label in order if label in shares.index])
    fig = go.Figure()
    for i, wave in enumerate(shares.columns):
        fig.add_bar(y=_e(shares.index), x=100 * shares[wave], orientation="h", name=html.escape(str(wave)),
                    marker_color=PALETTE[i % len(PALETTE)], customdata=_pcts(shares[wave], lang),
                    hovertemplate="%{y}: %{customdata}<extra>" + html.escape(str(wave)) + "</extra>")
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(ticksuffix=_suffix(lang), title=x_title)
    fig.update_yaxes(type="category", automargin=True)
    return _layout(fig, 110 + len(shares) * max(28, 12 * len(shares.columns)))


def theme_colors(n: int) -> list[str]:
    """``n`` distinct colours: the app's palette first, then plotly's qualitative sets (74 in all), so a
    map of 38 themes never repeats a colour; beyond that the colours repeat with another marker shape."""
    from plotly.colors import qualitative as q

    colors = list(dict.fromkeys([*PALETTE, *q.Dark24, *q.Alphabet, *q.Light24]))
    return [colors[i % len(colors)] for i in range(n)]


_SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x"]


def quote_map(points: pd.DataFrame) -> go.Figure:
    """``points``: x, y, label, text per quote (see ``layout.quote_points``). The legend sits to the right
    of the map, not over the points, and every theme has its own colour."""
    groups = list(points.groupby("label", sort=False))
    colors = theme_colors(len(groups))
    fig = go.Figure()
    for i, (label, g) in enumerate(groups):
        fig.add_scattergl(
            x=g["x"], y=g["y"], mode="markers", name=html.escape(str(label)), text=_e(g["text"].str.slice(0, 140)),
            marker=dict(size=7, opacity=0.75, color=colors[i], symbol=_SYMBOLS[(i // len(set(colors))) % len(_SYMBOLS)]),
            hovertemplate="<b>%{fullData.name}</b><br>%{text}<extra></extra>",
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    _layout(fig, max(560, 22 * len(groups)))
    fig.update_layout(legend=dict(orientation="v", x=1.02, y=1, xanchor="left", yanchor="top", font=dict(size=11)),
                      margin=dict(l=10, r=10, t=10, b=10))
    return fig
