"""The overview charts as a researcher reads them: group names on top and as categories, level theme
labels in the waves chart, a legend beside the map, one colour per theme."""

from __future__ import annotations

import numpy as np
import pandas as pd

from focusgroup.store import Project
from focusgroup.ui import charts, sample
from focusgroup.ui import data as data_mod


def _data(tmp_path):  # noqa: ANN001, ANN202
    path = sample.build(tmp_path / "demo.fgproj", n_quotes=160)
    with Project(path) as p:
        return data_mod.load(p)


def test_heatmap_groups_are_categories_named_above_the_grid(tmp_path) -> None:  # noqa: ANN001
    data = _data(tmp_path)
    field = data_mod.default_group_field(data)
    assert field is not None
    fig = charts.heatmap(data, field, "andel")
    assert fig.layout.xaxis.type == "category" and fig.layout.xaxis.side == "top"
    rows = len(fig.data[0].y)
    assert fig.layout.height <= 90 + 26 * rows  # not 34 px a row any more


def test_waves_chart_has_level_theme_labels_and_room_per_theme(tmp_path) -> None:  # noqa: ANN001
    data = _data(tmp_path)
    field = data_mod.wave_field(data)
    assert field is not None
    fig = charts.waves(data, field, "andel")
    assert all(bar.orientation == "h" for bar in fig.data)
    n_themes = len(fig.data[0].y)
    assert fig.layout.height >= 28 * n_themes


def test_quote_map_gives_38_themes_38_colours_and_keeps_the_legend_off_the_points() -> None:
    rng = np.random.default_rng(0)
    points = pd.DataFrame({"x": rng.normal(size=380), "y": rng.normal(size=380),
                           "label": [f"Tema {i % 38}" for i in range(380)], "text": ["tekst"] * 380})
    fig = charts.quote_map(points)
    colours = [trace.marker.color for trace in fig.data]
    assert len(colours) == 38 and len(set(colours)) == 38
    assert fig.layout.legend.x > 1 and fig.layout.legend.orientation == "v"


def test_a_click_on_a_theme_name_cell_opens_that_row() -> None:
    from types import SimpleNamespace

    from focusgroup.ui.views.overview import opened_row

    assert opened_row(SimpleNamespace(selection={"rows": [], "columns": [], "cells": [(3, "Tema")]})) == 3
    assert opened_row(SimpleNamespace(selection={"rows": [1], "columns": [], "cells": []})) == 1
    assert opened_row(SimpleNamespace(selection={"rows": [], "columns": [], "cells": []})) is None
