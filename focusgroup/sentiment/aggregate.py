"""Sentiment shares per theme, speaker, source, metadata group and wave, with confidence intervals.

Groups in user studies are small (a focus group has 5-6 people, a survey subgroup 20 answers),
so every share carries a Wilson score interval, which stays inside [0, 1] and is honest at n < 30.
The functions work on one quote table (pandas) with the same column names as the app's table
(``quote_id``, ``theme_id``, ``theme_label``, ``speaker``, ``source``, ``sentiment``,
``sentiment_score``, ``mixed`` + one column per metadata field), so the app and the exports can
pass their own table or build one with :func:`quote_frame`.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from focusgroup.sentiment.model import LABELS

WAVE_FIELD = re.compile(r"^(bølge|boelge|wave|runde|år|year)$", re.IGNORECASE)
NO_THEME = "(intet tema)"


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for k successes out of n (``(0, 1)`` when n is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def quote_frame(project: Any, run_id: int | None = None, roles: tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per scored quote with its theme (latest run by default) and metadata columns."""
    run_id = run_id if run_id is not None else project.latest_run_id()
    themes = {t.id: t.label for t in project.themes(run_id)} if run_id is not None else {}
    assignments = project.assignments(run_id) if run_id is not None else {}
    sentiments = project.sentiments()
    sources = {s.id: s for s in project.sources()}
    rows = []
    for q in project.quotes(roles=list(roles) if roles else None):
        s = sentiments.get(q.id)
        if s is None:
            continue
        a = assignments.get(q.id)
        theme_id = a.theme_id if a else None
        src = sources.get(q.source_id)
        meta = {**(src.metadata if src else {}), **q.metadata}
        meta = {k: v for k, v in meta.items() if k != "path" and isinstance(v, str | int | float)}
        rows.append({
            "quote_id": q.id, "source": q.source_name, "speaker": q.speaker, "role": q.role,
            "theme_id": theme_id, "theme_label": themes.get(theme_id, NO_THEME) if theme_id else NO_THEME,
            "text": q.text, "sentiment": s.label, "sentiment_score": s.score, "mixed": bool(s.mixed),
            **{k if k not in _CORE else f"meta:{k}": str(v) for k, v in meta.items()},
        })
    return pd.DataFrame(rows)


_CORE = {"quote_id", "source", "speaker", "role", "theme_id", "theme_label", "text", "sentiment",
         "sentiment_score", "mixed"}


def wave_field(df: pd.DataFrame) -> str | None:
    """The metadata column that holds the survey wave (Bølge, wave, runde, år), if any."""
    return next((c for c in df.columns if WAVE_FIELD.match(c.removeprefix("meta:"))), None)


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


def low_satisfaction(
    df: pd.DataFrame, group: str, min_n: int = 8, top: int | None = 10, include_no_theme: bool = False
) -> pd.DataFrame:
    """Theme x group cells ranked by how reliably their negative share is high.

    Ranked by the lower bound of the Wilson interval of the negative share, so a cell of 3/3
    negative does not outrank 30/40; ``min_n`` drops cells too small to matter. Adds the theme's
    overall negative share and the cell's excess over it (``lift``), and the ids of the negative
    quotes behind each cell (most negative first).
    """
    data = df if include_no_theme else df[df["theme_label"] != NO_THEME]
    cells = shares(data, ["theme_label", group], min_n=min_n)
    if cells.empty:
        return cells.assign(theme_share_negativ=[], lift=[], negative_quote_ids=[], rank=[])
    theme = shares(data, "theme_label").set_index("theme_label")["share_negativ"]
    cells["theme_share_negativ"] = cells["theme_label"].map(theme)
    cells["lift"] = cells["share_negativ"] - cells["theme_share_negativ"]
    score = data.set_index("quote_id")["sentiment_score"] if "sentiment_score" in data else None
    neg_ids = set(data.loc[data["sentiment"] == "negativ", "quote_id"])

    def negatives(ids: list[int]) -> list[int]:
        hits = [i for i in ids if i in neg_ids]
        return sorted(hits, key=lambda i: float(score[i])) if score is not None else hits

    cells["negative_quote_ids"] = cells["quote_ids"].map(negatives)
    cells = cells.sort_values(["ci_low_negativ", "share_negativ", "n"], ascending=False).reset_index(drop=True)
    cells["rank"] = np.arange(1, len(cells) + 1)
    return cells.head(top) if top else cells
