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
from focusgroup.stats.label_share import label_hits_in

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
    label_hits: int = 0  # quotes that carry the label's words (``stats.label_share``)

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
        quotes = [view.quote_by_id[i] for i in tc.quote_ids]
        out.append(ThemeStats(
            theme=theme, parent_label=labels.get(theme.parent_id, ""), quotes=quotes,
            label_hits=label_hits_in(theme.label, [q.text for q in quotes]),
            prevalence=c.prevalence(theme.id), coverage=c.coverage(theme.id),
            n_speakers=tc.speakers, n_sources=tc.sources, sentiment=dict(tc.sentiment), mean_score=tc.mean_score,
            is_parent=theme.id in groupings,
        ))
    return sorted(out, key=lambda s: -s.size)


def key_quotes(view: ExportView, stats: ThemeStats, n: int = 5, minimum: int = 3) -> list[QuoteView]:
    """Researcher-marked key quotes first, then quotes that show the theme's sentiment as it is.

    The model's representative quotes come first, then the most probable members; but the quotes
    shown follow the theme's sentiment shares (largest remainder over the slots), so a theme that is
    58% negative is not illustrated by five positive quotes alone (seen on the sample study's
    "Skifte sagsbehandler" in the Word report). Marked quotes count towards their label's slots.
    """
    by_id = {q.id: q for q in stats.quotes}
    marked = [q for q in stats.quotes if q.id in view.key_quotes]
    pool = [by_id[qid] for qid in stats.theme.representative_quote_ids if qid in by_id and by_id[qid] not in marked]
    pool += sorted(
        (q for q in stats.quotes if q not in marked and q not in pool),
        key=lambda q: -(view.assignments[q.id].probability if q.id in view.assignments else 0.0),
    )
    target = min(n, len(stats.quotes), max(minimum, len(marked) + len(stats.theme.representative_quote_ids)))
    chosen = marked[:n]
    quotas = _sentiment_slots(stats.sentiment, target)
    for q in chosen:
        label = _label(view, q)
        if quotas.get(label, 0) > 0:
            quotas[label] -= 1
    for q in pool:
        if len(chosen) >= target:
            break
        label = _label(view, q)
        if quotas.get(label, 0) > 0:
            quotas[label] -= 1
            chosen.append(q)
    for q in pool:  # slots no quote of the wanted label could fill
        if len(chosen) >= target:
            break
        if q not in chosen:
            chosen.append(q)
    order = {q.id: i for i, q in enumerate(marked + pool)}
    return sorted(chosen, key=lambda q: order[q.id])


def _label(view: ExportView, q: QuoteView) -> str | None:
    s = view.sentiments.get(q.id)
    return s.label if s is not None else None


def _sentiment_slots(shares: dict[str, float], slots: int) -> dict[str, int]:
    """Slots per sentiment label in proportion to the theme's shares (largest remainder)."""
    total = sum(shares.values())
    if not total or slots <= 0:
        return {}
    exact = {label: slots * share / total for label, share in shares.items()}
    out = {label: int(v) for label, v in exact.items()}
    ties = sorted(exact, key=lambda lab: (-(exact[lab] - out[lab]), -exact[lab], lab))  # then larger share, name
    for label in ties[: slots - sum(out.values())]:
        out[label] += 1
    return out


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
