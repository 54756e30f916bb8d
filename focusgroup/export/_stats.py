"""Per-theme figures shared by the xlsx and docx exports, computed from the view (not from the
cached counts on ``Theme``), so a researcher's re-assignments show up in every report.

The numbers themselves come from ``focusgroup.stats.counts`` (the same module the app and the CLI
use); this module only pairs them with the view's quotes and labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from focusgroup.export._view import ExportView, QuoteView
from focusgroup.records import SENTIMENT_LABELS, Theme
from focusgroup.stats import counts as counting

__all__ = ["SENTIMENT_LABELS", "ThemeStats", "Totals", "analysed", "group_shares", "key_quotes", "theme_stats",
           "totals"]


@dataclass
class ThemeStats:
    theme: Theme
    parent_label: str
    quotes: list[QuoteView]
    prevalence: float  # share of the analysed quotes in this theme
    coverage: float  # share of the analysed text (characters) in this theme
    n_speakers: int
    n_sources: int
    sentiment: dict[str, float] = field(default_factory=dict)  # label -> share of scored quotes
    mean_score: float | None = None
    is_parent: bool = False  # only groups themes; its figures are those of the quotes under it

    @property
    def size(self) -> int:
        return len(self.quotes)


@dataclass
class Totals:
    quotes: int  # analysed quotes (``stats.counts``: those the latest run looked at)
    chars: int
    speakers: int  # participants/respondents (``stats.counts.Counts.participants``)
    sources: int
    unassigned: list[QuoteView]
    themes: int = 0  # themes that hold quotes (``stats.counts``)
    parents: int = 0
    all_speakers: int = 0  # everyone who speaks, moderators and blank answers included


def analysed(view: ExportView) -> list[QuoteView]:
    """The quotes an analysis is about (``stats.counts``: the run's quotes, else informative non-moderator)."""
    return [view.quote_by_id[i] for i in counting.from_view(view).analysed_ids]


def totals(view: ExportView) -> Totals:
    c = counting.from_view(view)
    return Totals(
        quotes=c.analysed, chars=c.analysed_chars, speakers=c.participants, sources=c.sources,
        unassigned=[view.quote_by_id[i] for i in c.unthemed_ids], themes=c.themes, parents=c.parents, all_speakers=c.speakers,
    )


def theme_stats(view: ExportView, parents: bool = False) -> list[ThemeStats]:
    """Figures per theme, largest first; ``parents=True`` adds the parents that only group themes
    (their figures cover the quotes under them), for the report's hierarchy and the codebook."""
    c = counting.from_view(view)
    labels = {t.id: t.label for t in view.themes}
    groupings = set(c.parent_ids)
    out = []
    for theme in view.themes:
        if theme.id not in c.by_theme or (theme.id in groupings and not parents):
            continue
        tc = c.by_theme[theme.id]
        out.append(ThemeStats(
            theme=theme, parent_label=labels.get(theme.parent_id, ""),
            quotes=[view.quote_by_id[i] for i in tc.quote_ids],
            prevalence=c.prevalence(theme.id), coverage=c.coverage(theme.id),
            n_speakers=tc.speakers, n_sources=tc.sources, sentiment=dict(tc.sentiment), mean_score=tc.mean_score,
            is_parent=theme.id in groupings,
        ))
    return sorted(out, key=lambda s: -s.size)


def key_quotes(view: ExportView, stats: ThemeStats, n: int = 5, minimum: int = 3) -> list[QuoteView]:
    """Researcher-marked key quotes first, then the model's representative ones, then the most probable."""
    by_id = {q.id: q for q in stats.quotes}
    chosen = [q for q in stats.quotes if q.id in view.key_quotes]
    for qid in stats.theme.representative_quote_ids:
        if qid in by_id and by_id[qid] not in chosen:
            chosen.append(by_id[qid])
    if len(chosen) < minimum:
        rest = sorted(
            (q for q in stats.quotes if q not in chosen),
            key=lambda q: -(view.assignments[q.id].probability if q.id in view.assignments else 0.0),
        )
        chosen += rest[: minimum - len(chosen)]
    return chosen[:n]


def group_shares(view: ExportView, stats: list[ThemeStats], field: str) -> tuple[list[str], dict[int, dict[str, float]]]:
    """Each theme's share of every group's analysed quotes (groups = values of a background field)."""
    sizes: dict[str, int] = {}
    for q in analysed(view):
        value = q.metadata.get(field)
        if value not in (None, ""):
            sizes[str(value)] = sizes.get(str(value), 0) + 1
    groups = sorted(sizes, key=lambda g: -sizes[g])
    shares: dict[int, dict[str, float]] = {}
    for st in stats:
        counts: dict[str, int] = {}
        for q in st.quotes:
            value = q.metadata.get(field)
            if value not in (None, ""):
                counts[str(value)] = counts.get(str(value), 0) + 1
        shares[st.theme.id] = {g: counts.get(g, 0) / sizes[g] for g in groups}
    return groups, shares
