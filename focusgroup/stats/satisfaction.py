"""Where satisfaction is low, and for whom: theme x group tables of negative shares, change between waves
or quarters, and numeric 1-5 satisfaction fields.

Everything works on one quote table (pandas, built by :func:`quote_frame`) with the columns
``quote_id, source, speaker, role, respondent, question, informative, theme_id, theme_label, text,
sentiment, sentiment_score, mixed`` plus one column per background field, so the CLI, the app and the
exports pass the same table and cannot disagree.

Ranking. Cells are ranked by the lower bound of the Wilson interval of the negative share, so 3 of 3
negative (lower bound 0.44) does not outrank 30 of 40 (lower bound 0.60): a manager acts on the cells
that are reliably bad, not on the smallest ones. Cells with fewer than ``min_n`` scored quotes are left
out and counted, so a table never hides that it dropped something.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from focusgroup import messages
from focusgroup.records import MODERATOR, SENTIMENT_LABELS, WAVE_FIELD
from focusgroup.stats.intervals import (
    mean_difference_interval,
    mean_interval,
    newcombe_interval,
    wilson_interval,
)

NO_THEME = "(intet tema)"
ALL_THEMES = "(alle temaer)"
NEGATIVE = "negativ"
QUARTER_COLUMN = "Kvartal"

_CORE = {"quote_id", "source", "speaker", "role", "respondent", "question", "informative", "theme_id",
         "theme_label", "text", "sentiment", "sentiment_score", "mixed"}


# -- the quote table ---------------------------------------------------------------------------

def quote_frame(project: Any, run_id: int | None = None, roles: tuple[str, ...] | None = None,
                scored_only: bool = False) -> pd.DataFrame:
    """One row per quote (moderators left out unless ``roles`` says otherwise) with theme, sentiment and
    background fields. Unscored quotes have ``sentiment`` None; ``scored_only`` drops them."""
    run_id = run_id if run_id is not None else project.latest_run_id()
    themes = {t.id: t.label for t in project.themes(run_id)} if run_id is not None else {}
    assignments = project.assignments(run_id) if run_id is not None else {}
    sentiments = project.sentiments()
    sources = {s.id: s for s in project.sources()}
    rows = []
    for q in project.quotes(roles=list(roles) if roles else None):
        if roles is None and q.role == MODERATOR:
            continue
        s = sentiments.get(q.id)
        if s is None and scored_only:
            continue
        a = assignments.get(q.id)
        theme_id = a.theme_id if a and a.theme_id in themes else None
        src = sources.get(q.source_id)
        meta = {**(src.metadata if src else {}), **q.metadata}
        meta = {k: v for k, v in meta.items() if k != "path" and isinstance(v, str | int | float)}
        rows.append({
            "quote_id": q.id, "source": q.source_name, "speaker": q.speaker, "role": q.role,
            "respondent": f"{q.source_id}|{q.speaker}", "question": q.column or "",
            "informative": bool(q.informative), "theme_id": theme_id,
            "theme_label": themes[theme_id] if theme_id is not None else NO_THEME,
            "text": q.text, "sentiment": s.label if s else None, "sentiment_score": s.score if s else np.nan,
            "mixed": bool(s.mixed) if s else False,
            **{k if k not in _CORE else f"meta:{k}": str(v) for k, v in meta.items()},
        })
    columns = ["quote_id", "source", "speaker", "role", "respondent", "question", "informative", "theme_id",
               "theme_label", "text", "sentiment", "sentiment_score", "mixed"]
    return pd.DataFrame(rows, columns=None if rows else columns)


def signed_points(x: float | None) -> str:
    """A share difference in whole percentage points with its sign: 0.043 -> "+4", -0.25 -> "−25" (a true
    minus, ``messages.minus``), -0.004 -> "0" (never "−0" or "+0"), NaN -> "–". The one formatter of such
    figures for the Word report, the app and the CLI."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    value = round(100 * float(x))
    return "0" if value == 0 else messages.minus(f"{value:+d}")


def wave_field(df: pd.DataFrame) -> str | None:
    """The background column that holds the survey wave (Bølge, wave, runde, år), if any."""
    return next((c for c in df.columns if WAVE_FIELD.match(str(c).removeprefix("meta:"))), None)


def _scored(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["sentiment"].isin(SENTIMENT_LABELS)] if len(df) else df


def _filled(df: pd.DataFrame, column: str) -> pd.DataFrame:
    if column not in df.columns:
        raise KeyError(f"no field {column!r} in the quote table (have: {', '.join(map(str, df.columns))})")
    values = df[column].astype(str).str.strip()
    return df[df[column].notna() & (values != "") & (values != "nan")]


# -- theme x group table -----------------------------------------------------------------------

@dataclass
class SatisfactionTable:
    """Ranked cells and how many were too small to show."""

    cells: pd.DataFrame
    omitted: int  # theme x group cells with fewer than min_n scored quotes
    min_n: int
    fields: list[str] = field(default_factory=list)


CELL_COLUMNS = ["rank", "theme", "field", "group", "n", "n_negative", "share_negative", "ci_low", "ci_high",
                "theme_share_negative", "difference", "example_quote_id", "example", "quote_ids"]


def negative_table(df: pd.DataFrame, by: str | list[str], min_n: int = 8, top: int | None = None,
                   include_no_theme: bool = False) -> SatisfactionTable:
    """Theme x group cells for every field in ``by``, plus whole-group rows (theme = ``ALL_THEMES``).

    Per cell: n scored quotes, negatives, share with Wilson 95 % interval, the theme's share over all
    groups and the difference, and the most negative quote as example. Ranked by the interval's lower bound.
    """
    fields = [by] if isinstance(by, str) else list(by)
    scored = _scored(df)
    themed = scored if include_no_theme else scored[scored["theme_label"] != NO_THEME]
    rows: list[dict[str, Any]] = []
    omitted = 0
    for fld in fields:
        for theme, tdata, base in [
            *((label, g, g) for label, g in themed.groupby("theme_label", sort=True)),
            (ALL_THEMES, scored, scored),
        ]:
            base_share = float((base["sentiment"] == NEGATIVE).mean()) if len(base) else math.nan
            for group, g in _filled(tdata, fld).groupby(fld, sort=True):
                n = len(g)
                if n < min_n:
                    omitted += theme != ALL_THEMES
                    continue
                k = int((g["sentiment"] == NEGATIVE).sum())
                lo, hi = wilson_interval(k, n)
                example = _example(g)
                rows.append({
                    "theme": theme, "field": fld, "group": str(group), "n": n, "n_negative": k,
                    "share_negative": k / n, "ci_low": lo, "ci_high": hi, "theme_share_negative": base_share,
                    "difference": k / n - base_share,
                    "example_quote_id": int(example["quote_id"]) if example is not None else None,
                    "example": str(example["text"]) if example is not None else "",
                    "quote_ids": [int(x) for x in g["quote_id"]],
                })
    cells = pd.DataFrame(rows, columns=[c for c in CELL_COLUMNS if c != "rank"])
    if len(cells):
        cells = cells.sort_values(["ci_low", "share_negative", "n"], ascending=False, kind="stable")
    cells = cells.reset_index(drop=True)
    cells.insert(0, "rank", np.arange(1, len(cells) + 1))
    return SatisfactionTable(cells.head(top) if top else cells, omitted, min_n, fields)


def _example(g: pd.DataFrame) -> pd.Series | None:
    """The cell's most negative quote (lowest score among its negative quotes; else its lowest score); a quote
    with content before a non-answer ("ingenting" to "what works well?" is negative, but says little)."""
    if "informative" in g.columns and g["informative"].any():
        g = g[g["informative"].astype(bool)]
    neg = g[g["sentiment"] == NEGATIVE]
    pool = neg if len(neg) else g
    if not len(pool):
        return None
    return pool.sort_values(["sentiment_score", "quote_id"], kind="stable").iloc[0]


# -- change between waves or quarters ----------------------------------------------------------

PERIOD_COLUMNS = ["theme", "period", "n_period", "n", "share", "n_negative", "share_negative", "ci_low", "ci_high"]
CHANGE_COLUMNS = ["theme", "from", "to", "share_from", "share_to", "share_change", "share_ci_low", "share_ci_high",
                  "negative_from", "negative_to", "negative_change", "negative_ci_low", "negative_ci_high",
                  "n_from", "n_to"]


@dataclass
class Change:
    """Per theme and period: share of the period's quotes and negative share; and each period against the one
    before it, with Newcombe intervals for both differences."""

    field: str
    periods: pd.DataFrame
    changes: pd.DataFrame
    min_n: int = 1  # change rows need this many quotes in the two periods together
    omitted: int = 0  # theme x period-pair rows left out under min_n

    def ranked(self) -> pd.DataFrame:
        """The change rows in reading order: the whole study first, then the surest changes in the negative
        share (how far the 95 % interval stays from 0; rows without one last). One order for the CLI, the app
        and the report, so a tiny theme with a wide interval never heads the list."""
        ch = self.changes
        if ch.empty:
            return ch
        lo, hi = ch["negative_ci_low"], ch["negative_ci_high"]
        sure = pd.concat([lo, -hi], axis=1).max(axis=1).fillna(-math.inf)
        order = pd.DataFrame({"whole": ch["theme"] != ALL_THEMES, "sure": -sure}, index=ch.index)
        return ch.loc[order.sort_values(["whole", "sure"], kind="stable").index].reset_index(drop=True)


def change(df: pd.DataFrame, period_field: str, min_n: int = 1, include_no_theme: bool = False) -> Change:
    """What changed between waves (or quarters): the theme's share of the period's analysed quotes and the
    negative share of its scored quotes, per period, and the change from each period to the next.

    The whole study is the row ``ALL_THEMES`` (its share is 1 by definition; its negative share is the
    study's). Period values sort as text ("2020" < "2021", "2024 K1" < "2024 K2").
    """
    data = _filled(df[df["informative"]] if "informative" in df.columns else df, period_field)
    periods = sorted(data[period_field].astype(str).str.strip().unique())
    data = data.assign(_period=data[period_field].astype(str).str.strip())
    totals = data.groupby("_period").size().to_dict()
    themes = sorted(t for t in data["theme_label"].unique() if include_no_theme or t != NO_THEME)
    period_rows: list[dict[str, Any]] = []
    for theme in [*themes, ALL_THEMES]:
        tdata = data if theme == ALL_THEMES else data[data["theme_label"] == theme]
        for period in periods:
            g = tdata[tdata["_period"] == period]
            sg = _scored(g)
            k, m = int((sg["sentiment"] == NEGATIVE).sum()), len(sg)
            lo, hi = wilson_interval(k, m)
            total = int(totals.get(period, 0))
            period_rows.append({
                "theme": theme, "period": period, "n_period": total, "n": len(g),
                "share": len(g) / total if total else math.nan, "n_negative": k,
                "share_negative": k / m if m else math.nan, "ci_low": lo if m else math.nan,
                "ci_high": hi if m else math.nan, "_scored": m,
            })
    per = pd.DataFrame(period_rows)
    change_rows: list[dict[str, Any]] = []
    omitted = 0
    for theme in [*themes, ALL_THEMES]:
        rows = per[per["theme"] == theme].set_index("period") if len(per) else per
        for before, after in zip(periods, periods[1:], strict=False):
            a, b = rows.loc[before], rows.loc[after]
            if a["n"] + b["n"] < min_n and theme != ALL_THEMES:
                omitted += 1
                continue
            s_lo, s_hi = newcombe_interval(int(b["n"]), int(b["n_period"]), int(a["n"]), int(a["n_period"]))
            if theme == ALL_THEMES:  # its share is 1 by definition: "0 (-1 til +2)" was an interval of nothing
                s_lo = s_hi = math.nan
            n_lo, n_hi = newcombe_interval(int(b["n_negative"]), int(b["_scored"]), int(a["n_negative"]),
                                           int(a["_scored"]))
            both_scored = a["_scored"] and b["_scored"]
            change_rows.append({
                "theme": theme, "from": before, "to": after, "share_from": a["share"], "share_to": b["share"],
                "share_change": b["share"] - a["share"], "share_ci_low": s_lo, "share_ci_high": s_hi,
                "negative_from": a["share_negative"], "negative_to": b["share_negative"],
                "negative_change": b["share_negative"] - a["share_negative"] if both_scored else math.nan,
                "negative_ci_low": n_lo if both_scored else math.nan,
                "negative_ci_high": n_hi if both_scored else math.nan,
                "n_from": int(a["n"]), "n_to": int(b["n"]),
            })
    per = per.drop(columns="_scored") if len(per) else pd.DataFrame(columns=PERIOD_COLUMNS)
    return Change(period_field, per, pd.DataFrame(change_rows, columns=CHANGE_COLUMNS), min_n, omitted)


def same_split(first: Change, second: Change) -> dict[str, str] | None:
    """``{first's period: second's period}`` when the two changes split the quotes identically (every figure
    of both tables equal, only the period names differ), else None.

    The sample survey's quarters from "Afsluttet" (2020 K4, 2021 K4) are its waves (2020, 2021): the
    workbook, the CLI and the app printed the same 26-row table twice. Readers say so once instead."""
    if first.changes.empty and first.periods.empty:
        return None
    a, b = first.periods, second.periods
    if len(a) != len(b) or len(first.changes) != len(second.changes):
        return None
    names = dict(zip(a["period"], b["period"], strict=True))
    if len(set(names.values())) != len(names):
        return None
    if not a.drop(columns="period").reset_index(drop=True).equals(b.drop(columns="period").reset_index(drop=True)):
        return None
    ca = first.changes.assign(**{c: first.changes[c].map(names) for c in ("from", "to")}).reset_index(drop=True)
    return names if ca.equals(second.changes.reset_index(drop=True)) else None


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_DANISH = re.compile(r"^\s*(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def quarter(value: object) -> str | None:
    """"2020 K4" for a date like 02-11-2020 10:36, 2.11.2020, 02/11/2020 or 2020-11-02 (day first, as in
    Danish exports); None for anything that is not a date."""
    if value is None:
        return None
    if hasattr(value, "month") and hasattr(value, "year"):
        year, month = int(value.year), int(value.month)
    else:
        text = str(value)
        m = _ISO.match(text)
        if m:
            year, month = int(m[1]), int(m[2])
        else:
            m = _DANISH.match(text)
            if not m:
                return None
            year, month = int(m[3]), int(m[2])
    if not 1 <= month <= 12:
        return None
    return f"{year} K{(month - 1) // 3 + 1}"


def with_quarter(df: pd.DataFrame, date_field: str) -> pd.DataFrame:
    """The table with a ``Kvartal`` column from ``date_field`` (rows without a readable date get none)."""
    if date_field not in df.columns:
        raise KeyError(f"no field {date_field!r} in the quote table")
    return df.assign(**{QUARTER_COLUMN: df[date_field].map(quarter)})


def is_date_field(values: pd.Series) -> bool:
    """True when at least 90 % of the filled values read as dates."""
    filled = [v for v in values if str(v).strip() not in ("", "nan", "None")]
    return bool(filled) and sum(quarter(v) is not None for v in filled) >= 0.9 * len(filled)


# -- numeric satisfaction scales ---------------------------------------------------------------

SCALE_NAME_HINTS = re.compile(r"tilfreds|satisf|score|vurder|karakter|rating|anbefal|oplevelse", re.IGNORECASE)


def scale_values(values: pd.Series) -> pd.Series:
    """Numbers of a 1-5 (or 0-10) scale; anything else (blank, "ved ikke") becomes NaN."""
    return pd.to_numeric(values.astype(str).str.strip().str.replace(",", ".", regex=False), errors="coerce")


def detect_scale_fields(df: pd.DataFrame, exclude: tuple[str, ...] = ()) -> list[str]:
    """Background fields that hold a closed rating scale: whole numbers within 1-5, 1-7, 0-10 or 1-10,
    at least 3 distinct values, at least 80 % of the filled values numeric. Wave/year fields and ids are
    not scales (a year is never within 0-10; an id has far more distinct values)."""
    out = []
    for column in df.columns:
        if column in _CORE or column in exclude or WAVE_FIELD.match(str(column)):
            continue
        raw = df[column].astype(str).str.strip()
        filled = raw[(raw != "") & (raw != "nan")]
        if not len(filled):
            continue
        nums = scale_values(filled).dropna()
        if len(nums) < 0.8 * len(filled) or nums.nunique() < 3 or (nums != nums.round()).any():
            continue
        if nums.min() >= 0 and nums.max() <= 10 and nums.nunique() <= 11:
            out.append(str(column))
    return sorted(out, key=lambda c: (not SCALE_NAME_HINTS.search(c), c))


def _respondents(df: pd.DataFrame, scale: str) -> pd.DataFrame:
    """One row per respondent with the scale value (a respondent's answers share their background data)."""
    data = df.assign(_value=scale_values(df[scale])).dropna(subset=["_value"])
    return data.drop_duplicates("respondent")


MEAN_COLUMNS = ["field", "group", "n", "mean", "ci_low", "ci_high"]


def scale_by_group(df: pd.DataFrame, scale: str, by: str | list[str], min_n: int = 2) -> pd.DataFrame:
    """Mean of ``scale`` per group of each field in ``by`` (one value per respondent), with its t interval;
    sorted lowest mean first. A whole-sample row has field ``ALL_THEMES``-style group "(alle)"."""
    fields = [by] if isinstance(by, str) else list(by)
    people = _respondents(df, scale)
    rows = []
    mean, lo, hi = mean_interval(list(people["_value"]))
    rows.append({"field": "", "group": "(alle)", "n": len(people), "mean": mean, "ci_low": lo, "ci_high": hi})
    for fld in fields:
        for group, g in _filled(people, fld).groupby(fld, sort=True):
            if len(g) < min_n:
                continue
            mean, lo, hi = mean_interval(list(g["_value"]))
            rows.append({"field": fld, "group": str(group), "n": len(g), "mean": mean, "ci_low": lo, "ci_high": hi})
    out = pd.DataFrame(rows, columns=MEAN_COLUMNS)
    return out.sort_values(["mean", "n"], ascending=[True, False], kind="stable").reset_index(drop=True)


THEME_SCALE_COLUMNS = ["theme", "n_raise", "mean_raise", "n_other", "mean_other", "difference", "ci_low", "ci_high"]


def scale_by_theme(df: pd.DataFrame, scale: str, min_n: int = 3) -> pd.DataFrame:
    """Per theme: mean score of the respondents who raise it against those who do not (Welch interval of
    the difference). Only respondents with at least one analysed quote count, so "do not raise" means
    "said something, but not this". Sorted by the difference, most negative first."""
    data = df[df["informative"]] if "informative" in df.columns else df
    people = _respondents(data, scale).set_index("respondent")["_value"]
    rows = []
    for theme, g in data[data["theme_label"] != NO_THEME].groupby("theme_label", sort=True):
        raisers = set(g["respondent"]) & set(people.index)
        inside = [float(people[r]) for r in sorted(raisers)]  # sorted: a set's order varies between runs, and so would the float sums
        outside = [float(v) for r, v in people.items() if r not in raisers]
        if len(inside) < min_n or len(outside) < min_n:
            continue
        diff, lo, hi = mean_difference_interval(inside, outside)
        rows.append({"theme": theme, "n_raise": len(inside), "mean_raise": float(np.mean(inside)),
                     "n_other": len(outside), "mean_other": float(np.mean(outside)), "difference": diff,
                     "ci_low": lo, "ci_high": hi})
    out = pd.DataFrame(rows, columns=THEME_SCALE_COLUMNS)
    return out.sort_values("difference", kind="stable").reset_index(drop=True)
