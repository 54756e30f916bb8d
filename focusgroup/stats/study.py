"""All satisfaction findings of one study in one object, for the CLI, the app page and the exports.

:func:`findings` runs the pieces of ``stats.satisfaction`` on one quote table: the ranked theme x group
table, change between waves and between quarters, and each numeric scale by group and by theme. The
table comes from the project (:func:`satisfaction.quote_frame`, real texts, for the app) or from an
export view (:func:`frame_from_view`, pseudonymised unless real names were asked for), so an exported
example quote is pseudonymised like every other exported text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from focusgroup.records import MODERATOR, WAVE_FIELD
from focusgroup.stats import satisfaction as sat

SCALE_SETTING = "satisfaction.scale_fields"  # the researcher's confirmed 1-5 fields (list of names)
CORE_GROUPS = ("source", "question")  # quote-table columns that also divide quotes into groups
ID_LIKE = ("id", "respondent", "nr", "nummer", "cpr", "mail", "e-mail", "navn", "name")


@dataclass
class Findings:
    table: sat.SatisfactionTable
    wave: sat.Change | None = None
    quarter: sat.Change | None = None
    scales: dict[str, pd.DataFrame] = field(default_factory=dict)  # scale -> mean per group
    scale_themes: dict[str, pd.DataFrame] = field(default_factory=dict)  # scale -> raise vs not, per theme
    n_scored: int = 0
    n_quotes: int = 0
    wave_field: str | None = None
    date_field: str | None = None
    quarter_is_wave: dict[str, str] | None = None  # wave -> quarter when both split the quotes alike

    def changes(self) -> list[tuple[str, sat.Change]]:
        """The change tables a reader sees, ("wave" | "quarter", change): the quarter's left out when it is
        the wave's table under other period names (``quarter_is_wave``; readers say so once instead)."""
        pairs = [("wave", self.wave), ("quarter", None if self.quarter_is_wave else self.quarter)]
        return [(kind, c) for kind, c in pairs if c is not None]


def findings(df: pd.DataFrame, by: list[str], *, wave: str | None = None, date: str | None = None,
             min_n: int = 8, scales: list[str] | None = None) -> Findings:
    """Everything the satisfaction page and report show. ``wave``/``date`` None: no change table."""
    table = sat.negative_table(df, by, min_n=min_n) if by else sat.SatisfactionTable(
        pd.DataFrame(columns=sat.CELL_COLUMNS), 0, min_n, [])
    out = Findings(table=table, n_scored=int(df["sentiment"].isin(("positiv", "neutral", "negativ")).sum())
                   if len(df) else 0, n_quotes=len(df), wave_field=wave, date_field=date)
    if wave:
        out.wave = sat.change(df, wave, min_n=min_n)
    if date:
        out.quarter = sat.change(sat.with_quarter(df, date), sat.QUARTER_COLUMN, min_n=min_n)
        if out.wave is not None:
            out.quarter_is_wave = sat.same_split(out.wave, out.quarter)
    for scale in scales or []:
        out.scales[scale] = sat.scale_by_group(df, scale, by)
        out.scale_themes[scale] = sat.scale_by_theme(df, scale, min_n=min_n)  # as the cells: no 3-respondent rows
    return out


def frame_from_view(view: Any) -> pd.DataFrame:
    """The quote table of ``satisfaction.quote_frame``, from an ``ExportView`` (its names and texts)."""
    labels = {t.id: t.label for t in view.themes}
    rows = []
    for q in view.quotes:
        if q.role == MODERATOR:
            continue
        s = view.sentiments.get(q.id)
        theme_id = view.theme_of(q.id)
        src = view.source_by_id.get(q.source_id)
        meta = {**(src.metadata if src else {}), **q.metadata}
        meta = {k: v for k, v in meta.items() if k != "path" and isinstance(v, str | int | float)}
        rows.append({
            "quote_id": q.id, "source": q.source_name, "speaker": q.speaker, "role": q.role,
            "respondent": f"{q.source_id}|{q.speaker}", "question": q.column or "", "informative": q.informative,
            "theme_id": theme_id, "theme_label": labels.get(theme_id, sat.NO_THEME) if theme_id else sat.NO_THEME,
            "text": q.text, "sentiment": s.label if s else None, "sentiment_score": s.score if s else np.nan,
            "mixed": bool(s.mixed) if s else False,
            **{k if k not in sat._CORE else f"meta:{k}": str(v) for k, v in meta.items()},
        })
    return pd.DataFrame(rows)


def background_fields(df: pd.DataFrame) -> list[str]:
    """Columns of background data (everything that is not a core quote column)."""
    return [c for c in df.columns if c not in sat._CORE]


def group_fields(df: pd.DataFrame, max_groups: int = 12) -> list[str]:
    """Background fields that divide respondents into a few groups (Ydelse, Aldersgruppe, Køn): 2 to
    ``max_groups`` values, not the wave, not a date, not a scale, not an id."""
    out = []
    scales = set(sat.detect_scale_fields(df))
    for c in background_fields(df):
        values = df[c].dropna().astype(str).str.strip()
        values = values[(values != "") & (values != "nan")]
        if not 2 <= values.nunique() <= max_groups or c in scales or WAVE_FIELD.match(c.removeprefix("meta:")):
            continue
        if c.lower().removeprefix("meta:") in ID_LIKE or sat.is_date_field(values):
            continue
        out.append(c)
    return out


def default_by(df: pd.DataFrame, first: str | None = None, n: int = 2) -> list[str]:
    """The fields a satisfaction table splits by unless the researcher chooses: ``first`` (the run's group
    field) and the next group fields, ``n`` in all. One choice for the report, the workbook, the CLI and the
    app's Tilfredshed page, which split make demo's answers by Ydelse alone while the report split them by
    Ydelse and Aldersgruppe: other ranks and "139" cells left out against the report's "254"."""
    fields = group_fields(df)
    ordered = ([first] if first in fields else []) + [f for f in fields if f != first]
    return ordered[:n]


def negative_by_group(pairs: Any, min_n: int) -> list[tuple[str, int, int, float]]:
    """``(group, negative, scored, share)`` for the groups with at least ``min_n`` scored quotes, the most
    negative first, from ``(group value, sentiment label)`` pairs (unscored or blank groups left out): the Word
    report's "Negative pr. gruppe" line under each theme, which counted them itself."""
    counts: dict[str, list[int]] = {}
    for value, label in pairs:
        if label is None or value in (None, ""):
            continue
        c = counts.setdefault(str(value), [0, 0])
        c[0] += label == sat.NEGATIVE
        c[1] += 1
    shown = [(g, k, n, k / n) for g, (k, n) in counts.items() if n >= min_n]
    return sorted(shown, key=lambda x: -x[3])


def date_fields(df: pd.DataFrame) -> list[str]:
    return [c for c in background_fields(df) if sat.is_date_field(df[c].dropna())]


def scale_fields(project: Any, df: pd.DataFrame) -> list[str]:
    """The researcher's confirmed scale fields (``SCALE_SETTING``) if set, else those detected in ``df``."""
    confirmed = scales_confirmed(project)
    if confirmed is not None:  # an empty list is the researcher's "no rating field"
        return [c for c in confirmed if c in df.columns]
    return sat.detect_scale_fields(df)


def scales_confirmed(project: Any) -> list[str] | None:
    """The researcher's confirmed scale fields, or None while only detection has spoken."""
    return project.get_setting(SCALE_SETTING) if project is not None else None


def scale_candidates(df: pd.DataFrame) -> list[str]:
    """Fields a researcher may confirm as a rating scale: the detected ones first, then any other field
    whose filled values are at least 80 % whole numbers from 0 to 10 (not ids, not the wave)."""
    detected = sat.detect_scale_fields(df)
    out = list(detected)
    for c in background_fields(df):
        if c in out or c.lower().removeprefix("meta:") in ID_LIKE or WAVE_FIELD.match(c.removeprefix("meta:")):
            continue
        raw = df[c].dropna().astype(str).str.strip()
        raw = raw[(raw != "") & (raw != "nan")]
        nums = sat.scale_values(raw).dropna()
        if len(raw) and len(nums) >= 0.8 * len(raw) and (nums == nums.round()).all() and nums.between(0, 10).all():
            out.append(c)
    return out


def field_names(project: Any) -> list[str]:
    """The background fields of a project as the quote table names them (``meta:`` before a field that
    shares a core column's name), read from the store without building the table or a view."""
    names: dict[str, None] = {}
    sources = {s.id: s for s in project.sources()}
    for source in sources.values():
        names.update(dict.fromkeys(k for k, v in source.metadata.items() if k != "path" and _scalar(v)))
    for q in project.quotes():
        names.update(dict.fromkeys(k for k, v in q.metadata.items() if k != "path" and _scalar(v)))
    return [k if k not in sat._CORE else f"meta:{k}" for k in names] + list(CORE_GROUPS)


def _scalar(v: Any) -> bool:
    return isinstance(v, str | int | float)


def check_fields(names: list[str], fields: list[str]) -> None:
    """A ``UserError`` naming the first of ``names`` that is not one of ``fields``, with the fields there are."""
    from focusgroup.errors import UserValueError

    missing = [n for n in names if n not in fields]
    if missing:
        raise UserValueError("sat_unknown_field", field=missing[0], fields=", ".join(fields) or "–")


def confirm_scales(project: Any, fields: list[str], df: pd.DataFrame) -> list[str]:
    """Save the researcher's scale fields after checking they hold numbers; returns the saved list."""
    from focusgroup.errors import UserValueError

    check_fields(fields, background_fields(df))  # an empty list says "no rating field" and is kept
    not_numeric = [f for f in fields if sat.scale_values(df[f]).notna().sum() == 0]
    if not_numeric:
        raise UserValueError("sat_scale_not_numeric", field=not_numeric[0])
    project.set_setting(SCALE_SETTING, list(fields))
    return list(fields)


def detect_project_scales(project: Any) -> dict[str, tuple[int, int]]:
    """Rating fields of a project's survey answers with their (min, max): what import reports as found."""
    rows = [q.metadata for q in project.quotes() if q.column]
    if not rows:
        return {}
    df = pd.DataFrame(rows)
    out = {}
    for name in sat.detect_scale_fields(df):
        values = sat.scale_values(df[name]).dropna()
        out[name] = (int(values.min()), int(values.max()))
    return out
