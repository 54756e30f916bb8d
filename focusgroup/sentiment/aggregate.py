"""Sentiment shares per theme, speaker, source, metadata group and wave, with confidence intervals.

The intervals and the quote table live in ``focusgroup.stats`` (``intervals.wilson_interval``,
``satisfaction.quote_frame``); the low-satisfaction ranking is ``stats.satisfaction.negative_table``.
This module keeps the per-label share tables and re-exports the moved names for old callers.

Groups in user studies are small (a focus group has 5-6 people, a survey subgroup 20 answers),
so every share carries a Wilson score interval, which stays inside [0, 1] and is honest at n < 30.
The functions work on one quote table (pandas) with the same column names as the app's table
(``quote_id``, ``theme_id``, ``theme_label``, ``speaker``, ``source``, ``sentiment``,
``sentiment_score``, ``mixed`` + one column per metadata field), so the app and the exports can
pass their own table or build one with :func:`quote_frame`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from focusgroup.records import WAVE_FIELD
from focusgroup.sentiment.model import LABELS
from focusgroup.stats import satisfaction as _satisfaction
from focusgroup.stats.intervals import wilson_interval
from focusgroup.stats.satisfaction import NO_THEME, wave_field

__all__ = ["NO_THEME", "WAVE_FIELD", "by_group", "by_source", "by_speaker", "by_theme", "by_wave", "quote_frame",
           "shares", "wave_field", "wilson_interval"]


def quote_frame(project: Any, run_id: int | None = None, roles: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per scored quote (see ``focusgroup.stats.satisfaction.quote_frame``)."""
    return _satisfaction.quote_frame(project, run_id, roles, scored_only=True)


def shares(df: pd.DataFrame, by: str | list[str], min_n: int = 1) -> pd.DataFrame:
    """Counts, shares and Wilson CIs of negativ/neutral/positiv per value of ``by``.

    Columns: the ``by`` column(s), n, n_<label>, share_<label>, ci_low_<label>, ci_high_<label>,
    mean_score, n_mixed, quote_ids. Rows with a missing/empty group value are left out.
    """
    keys = [by] if isinstance(by, str) else list(by)
    cols = [*keys, "n", *(f"{p}_{lab}" for lab in LABELS for p in ("n", "share", "ci_low", "ci_high")),
            "mean_score", "n_mixed", "quote_ids"]
    missing = [k for k in keys if k not in df.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} in the quote table (have: {', '.join(map(str, df.columns))})")
    data = df[df["sentiment"].isin(LABELS)]
    for k in keys:
        data = data[data[k].notna() & (data[k].astype(str).str.strip() != "")]
    rows = []
    for value, g in data.groupby(keys, sort=True, dropna=True):
        n = len(g)
        if n < min_n:
            continue
        row: dict[str, Any] = dict(zip(keys, value if isinstance(value, tuple) else (value,), strict=True))
        row["n"] = n
        counts = g["sentiment"].value_counts()
        for lab in LABELS:
            k = int(counts.get(lab, 0))
            lo, hi = wilson_interval(k, n)
            row.update({f"n_{lab}": k, f"share_{lab}": k / n, f"ci_low_{lab}": lo, f"ci_high_{lab}": hi})
        row["mean_score"] = float(g["sentiment_score"].mean()) if "sentiment_score" in g else np.nan
        row["n_mixed"] = int(g["mixed"].sum()) if "mixed" in g else 0
        row["quote_ids"] = [int(x) for x in g["quote_id"]] if "quote_id" in g else []
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


def by_theme(df: pd.DataFrame) -> pd.DataFrame:
    return shares(df, "theme_label")


def by_speaker(df: pd.DataFrame) -> pd.DataFrame:
    """Per speaker within a source (the same first name in two focus groups is two people)."""
    return shares(df, ["source", "speaker"])


def by_source(df: pd.DataFrame) -> pd.DataFrame:
    return shares(df, "source")


def by_group(df: pd.DataFrame, field: str) -> pd.DataFrame:
    """Per value of a metadata field such as Ydelse or Aldersgruppe."""
    return shares(df, field)


def by_wave(df: pd.DataFrame, field: str | None = None) -> pd.DataFrame:
    field = field or wave_field(df)
    if field is None:
        raise KeyError("no wave column (Bølge/wave/runde/år) in the quote table")
    return shares(df, field)
