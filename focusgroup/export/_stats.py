"""Per-theme figures shared by the xlsx and docx exports, computed from the view (not from the
cached counts on ``Theme``), so a researcher's re-assignments show up in every report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from focusgroup.export._view import ExportView, QuoteView
from focusgroup.records import MODERATOR, Theme

SENTIMENT_LABELS = ("positiv", "neutral", "negativ")


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

    @property
    def size(self) -> int:
        return len(self.quotes)


@dataclass
class Totals:
    quotes: int  # analysed quotes: informative, not the moderator's
    chars: int
    speakers: int
    sources: int
    unassigned: list[QuoteView]


def analysed(view: ExportView) -> list[QuoteView]:
    """The quotes an analysis is about: informative ones, not the moderator's questions."""
    return [q for q in view.quotes if q.informative and q.role != MODERATOR]


def totals(view: ExportView) -> Totals:
    qs = analysed(view)
    return Totals(
        quotes=len(qs), chars=sum(len(q.text) for q in qs),
        speakers=len({(q.source_id, q.speaker) for q in qs}), sources=len({q.source_id for q in qs}),
        unassigned=[q for q in qs if view.theme_of(q.id) is None],
    )


def theme_stats(view: ExportView) -> list[ThemeStats]:
    """Figures per theme, largest first (children right after their parent keep their own size order)."""
    total = totals(view)
    labels = {t.id: t.label for t in view.themes}
    out = []
    for theme in view.themes:
        qs = view.quotes_of(theme.id)
        scored = [view.sentiments[q.id] for q in qs if q.id in view.sentiments]
        shares = {label: 0.0 for label in SENTIMENT_LABELS}
        for s in scored:
            shares[s.label] = shares.get(s.label, 0.0) + 1 / len(scored)
        out.append(ThemeStats(
            theme=theme, parent_label=labels.get(theme.parent_id, ""), quotes=qs,
            prevalence=len(qs) / total.quotes if total.quotes else 0.0,
            coverage=sum(len(q.text) for q in qs) / total.chars if total.chars else 0.0,
            n_speakers=len({(q.source_id, q.speaker) for q in qs}), n_sources=len({q.source_id for q in qs}),
            sentiment=shares if scored else {},
            mean_score=sum(s.score for s in scored) / len(scored) if scored else None,
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
