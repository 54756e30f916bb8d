"""Project -> pandas tables the pages show, built once per data version and then only filtered.

Everything a page needs for a theme (its quotes, their context, coverage, sentiment) is a cheap
filter on one quote table, so switching themes never goes back to SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from focusgroup.records import SENTIMENT_LABELS, WAVE_FIELD
from focusgroup.stats import counts as counting
from focusgroup.stats.label_share import label_hits_in
from focusgroup.store import Project

SENTIMENTS = SENTIMENT_LABELS[::-1]  # the app stacks negative first
CORE_COLUMNS = (
    "quote_id", "source_id", "source", "kind", "speaker", "role", "turn", "part", "timestamp", "text",
    "informative", "column", "theme_id", "probability", "by", "sentiment", "sentiment_score", "mixed", "key",
    "pos",
)


@dataclass
class ProjectData:
    """All of a project's quotes with their current theme and sentiment, plus its themes."""

    quotes: pd.DataFrame  # one row per quote, in source order; column "pos" is the row position
    themes: pd.DataFrame  # one row per theme of the latest run, with coverage and sentiment shares
    meta_fields: list[str] = field(default_factory=list)  # metadata keys usable for grouping
    run_id: int | None = None
    run_params: dict = field(default_factory=dict)
    counts: counting.Counts = field(default_factory=counting.Counts)  # every figure shown (stats.counts)

    @property
    def has_analysis(self) -> bool:
        return self.run_id is not None

    @cached_property
    def records(self) -> list[dict]:
        """Rows as plain dicts by position: reading 20 quotes and their context costs microseconds."""
        return self.quotes.to_dict("records")

    @cached_property
    def source_ids(self) -> np.ndarray:
        return self.quotes["source_id"].to_numpy()

    @property
    def n_participants(self) -> int:
        return self.counts.participants


def load(project: Project) -> ProjectData:
    run_id = project.latest_run_id()
    quotes, meta_fields = quote_table(project, run_id)
    all_themes = project.themes(run_id) if run_id is not None else []
    counts = counting.from_rows(quotes.itertuples(index=False), all_themes, n_sources=len(project.sources()))
    themes = theme_table(all_themes, counts, quotes, researcher_labels(project))
    params: dict = {}
    if run_id is not None:
        params = next((r["params"] for r in project.runs() if r["id"] == run_id), {})
    return ProjectData(quotes, themes, meta_fields, run_id, params, counts)


def pseudonymized(d: ProjectData, quotes: dict[int, str], speakers: dict[str, str]) -> ProjectData:
    """The same data with quote texts and speaker names replaced (``privacy.pseudonymized_view``)."""
    q = d.quotes.copy()
    q["text"] = [quotes.get(i, text) for i, text in zip(q["quote_id"], q["text"], strict=True)]
    q["speaker"] = [speakers.get(name) or name for name in q["speaker"]]
    return ProjectData(q, d.themes, d.meta_fields, d.run_id, d.run_params, d.counts)


def quote_table(project: Project, run_id: int | None) -> tuple[pd.DataFrame, list[str]]:
    kinds = {s.id: s.kind for s in project.sources()}
    assignments = project.assignments(run_id) if run_id is not None else {}
    sentiments = project.sentiments()
    key_quotes = project.key_quotes()
    rows, metas = [], []
    for q in project.quotes():
        a, s = assignments.get(q.id), sentiments.get(q.id)
        rows.append((
            q.id, q.source_id, q.source_name, kinds.get(q.source_id, ""), q.speaker, q.role, q.turn, q.part,
            q.timestamp or "", q.text, q.informative, q.column or "",
            a.theme_id if a else None, a.probability if a else np.nan, a.by if a else "",
            s.label if s else "", s.score if s else np.nan, bool(s.mixed) if s else False, q.id in key_quotes,
        ))
        metas.append(q.metadata)
    df = pd.DataFrame(rows, columns=list(CORE_COLUMNS[:-1]))
    df["theme_id"] = df["theme_id"].astype("Int64")
    df["pos"] = np.arange(len(df))
    meta = pd.DataFrame(metas, index=df.index)
    meta_fields = []
    for name in meta.columns:
        column = name if name not in df.columns else f"meta:{name}"
        df[column] = meta[name].astype("string")
        meta_fields.append(column)
    return df, meta_fields


def researcher_labels(project: Project) -> frozenset[str]:
    """The names the researcher gave themes (rename, or merge with a name; undone edits left out). A theme
    carrying one is theirs: the page does not tell them to rename it because its words are rare in its quotes
    (it did, on a name the researcher had just typed). Matched by the name, as the label is what is judged."""
    return frozenset(e["payload"]["label"].strip() for e in project.edits()
                     if e["kind"] in ("rename", "merge") and (e["payload"].get("label") or "").strip())


def theme_table(all_themes: list, counts: counting.Counts, quotes: pd.DataFrame,
                own_labels: frozenset[str] = frozenset()) -> pd.DataFrame:
    """One row per theme that holds quotes (not the parents that only group them), figures from ``stats.counts``;
    ``own_label``: the label is one the researcher gave (``researcher_labels``)."""
    columns = ["theme_id", "label", "keywords", "size", "n_speakers", "n_sources", "negativ", "neutral",
               "positiv", "score", "memo", "description", "parent", "representative", "n_key", "label_hits",
               "own_label"]
    names = {t.id: t.label for t in all_themes}
    listed = set(counts.theme_ids)
    n_key = quotes[quotes["key"] & quotes["theme_id"].notna()].groupby("theme_id").size().to_dict()
    text_of = dict(zip(quotes["quote_id"], quotes["text"], strict=True))
    rows = []
    for t in all_themes:
        if t.id not in listed:
            continue
        c = counts.by_theme[t.id]
        rows.append((
            t.id, t.label, list(t.keywords), c.size, c.speakers, c.sources,
            *(c.share(s) for s in SENTIMENTS),
            c.mean_score if c.mean_score is not None else np.nan,
            t.memo, t.description, names.get(t.parent_id, ""), list(t.representative_quote_ids),
            int(n_key.get(t.id, 0)), label_hits_in(t.label, [text_of[i] for i in c.quote_ids if i in text_of]),
            t.label.strip() in own_labels,
        ))
    return pd.DataFrame(rows, columns=columns)


def participants(quotes: pd.DataFrame) -> int:
    """Participants among these quotes, as ``stats.counts`` defines them (non-moderators with an
    informative quote, per source)."""
    return counting.from_rows(quotes.itertuples(index=False), []).participants


def theme_quotes(data: ProjectData, theme_id: int | None) -> pd.DataFrame:
    """Quotes of one theme (None: quotes with no theme among those modelled), most typical first."""
    q = data.quotes
    if theme_id is None:
        modelled = q["informative"] & (q["by"] != "")
        return q[modelled & q["theme_id"].isna()]
    rows = q[q["theme_id"] == theme_id]
    # Most typical first, and nothing else: sorting key quotes to the top moved the list under the
    # researcher's mouse when a quote was ticked, so the next click marked another quote.
    return rows.sort_values(["probability", "pos"], ascending=[False, True], kind="stable")


def context(data: ProjectData, pos: int, before: int = 2, after: int = 1) -> tuple[list[dict], list[dict]]:
    """The turns just before and after a quote in its own source (none for survey answers)."""
    rows = data.records
    if rows[pos]["kind"] == "survey":
        return [], []
    source = data.source_ids[pos]
    lo, hi = max(0, pos - before), min(len(rows), pos + after + 1)
    same = [i for i in range(lo, hi) if data.source_ids[i] == source]
    return [rows[i] for i in same if i < pos], [rows[i] for i in same if i > pos]


@dataclass
class Filters:
    sources: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    sentiments: list[str] = field(default_factory=list)
    group_field: str | None = None
    groups: list[str] = field(default_factory=list)
    key_only: bool = False
    questions: list[str] = field(default_factory=list)  # survey questions (the quote's column)

    def apply(self, df: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=df.index)
        for column, values in (("source", self.sources), ("speaker", self.speakers), ("role", self.roles),
                               ("sentiment", self.sentiments), ("column", self.questions)):
            if values:
                mask &= df[column].isin(values)
        if self.group_field and self.groups and self.group_field in df.columns:
            mask &= df[self.group_field].isin(self.groups)
        if self.key_only:
            mask &= df["key"]
        return df[mask]


def group_shares(data: ProjectData, field_name: str) -> pd.DataFrame:
    """Theme x group table: the share of each group's themed quotes that falls in each theme."""
    q = data.quotes[data.quotes["theme_id"].notna()]
    if field_name not in q.columns or q.empty:
        return pd.DataFrame()
    q = q[q[field_name].notna() & (q[field_name] != "")]
    counts = pd.crosstab(q["theme_id"], q[field_name])
    shares = counts / counts.sum(axis=0)
    labels = dict(zip(data.themes["theme_id"], data.themes["label"], strict=False))
    shares.index = [labels.get(int(i), str(i)) for i in shares.index]
    return shares


def wave_field(data: ProjectData) -> str | None:
    return next((f for f in data.meta_fields if WAVE_FIELD.match(f.removeprefix("meta:"))), None)


def default_group_field(data: ProjectData) -> str | None:
    preferred = (data.run_params or {}).get("group_by")
    lowered = {f.lower(): f for f in data.meta_fields}
    for name in (preferred, "ydelse", "aldersgruppe"):
        if name and name.lower() in lowered:
            return lowered[name.lower()]
    candidates = [f for f in data.meta_fields if f != wave_field(data) and 1 < data.quotes[f].nunique() <= 12]
    return candidates[0] if candidates else None
