"""Every count a user sees — theme sizes, participants, sources, sentiment shares — computed once.

Before this module the app, ``focusgroup info``, the xlsx and the Word report each counted for
themselves and disagreed on the sample study (participants 492 / 495 / 413, themes 34 / 40). Now all
of them hand this module the same facts and print what it returns. What each figure counts:

- **quotes**: every stored quote (turn passage or survey answer), moderators and blanks included.
- **analysed**: quotes the latest run looked at (those with an assignment row, themed or not), leaving
  out the moderator's and blank ones; before any run: informative quotes that are not the moderator's.
- **speakers**: distinct speakers per source, moderators and blank answers included.
- **participants**: distinct non-moderator speakers (counted per source: "Deltager 1" in two focus
  groups are two people; each survey respondent is one) with at least one informative quote. Moderators
  and people who only said "ved ikke" are not counted.
- **sources**: imported files (each survey sheet/CSV is one source).
- **themes**: themes of the latest run that hold quotes: every leaf theme, and a parent that quotes are
  coded to directly (possible in an imported REFI-QDA hierarchy). A parent that only groups themes (the
  analysis makes these) is a **parent** (``parents``), not a theme; its figures are those of the quotes
  of all the themes under it.
- **unthemed**: analysed quotes that the run left without a theme (none before the first run).
- per theme, **size**: quotes assigned to it (a grouping parent: the quotes of the themes under it); **speakers**:
  distinct non-moderator speakers among them, per source, so ``speakers / participants`` is the share of
  people who raised the theme; **sources**: sources they come from; **sentiment**: share of the scored
  quotes per label (``SENTIMENT_LABELS``) and their mean score.

The facts come from a store ``Project`` (``from_project``), an export view (``from_view``) or any rows
with the same attributes (the app's quote table): duck-typed, so this module imports nothing but
``records`` and sits just above it in the layers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from focusgroup.records import MODERATOR, SENTIMENT_LABELS, Theme


@dataclass(frozen=True)
class QuoteFacts:
    """What counting needs to know about one quote."""

    quote_id: int
    source_id: int
    speaker: str
    role: str
    informative: bool
    chars: int = 0  # length of the text (coverage)
    modelled: bool = False  # the latest run looked at it (it has an assignment row)
    theme_id: int | None = None  # its theme in the latest run
    sentiment: str | None = None  # one of SENTIMENT_LABELS, None when not scored
    score: float | None = None

    @property
    def person(self) -> tuple[int, str] | None:
        """Who said it, per source; None for the moderator."""
        return None if self.role == MODERATOR else (self.source_id, self.speaker)


@dataclass
class ThemeCounts:
    theme_id: int
    size: int = 0
    speakers: int = 0
    sources: int = 0
    chars: int = 0
    scored: int = 0
    sentiment: dict[str, float] = field(default_factory=dict)  # label -> share of scored; {} if none scored
    mean_score: float | None = None
    quote_ids: list[int] = field(default_factory=list)

    def share(self, label: str) -> float:
        return self.sentiment.get(label, 0.0)


@dataclass
class Counts:
    quotes: int = 0
    analysed: int = 0
    analysed_chars: int = 0
    informative: int = 0
    speakers: int = 0
    participants: int = 0
    sources: int = 0
    themes: int = 0  # themes that hold quotes (see the module docstring)
    parents: int = 0
    unthemed: int = 0
    theme_ids: list[int] = field(default_factory=list)  # the themes counted in ``themes``, in stored order
    parent_ids: list[int] = field(default_factory=list)  # groupings counted in ``parents``
    by_theme: dict[int, ThemeCounts] = field(default_factory=dict)  # every theme, groupings included
    analysed_ids: list[int] = field(default_factory=list)
    unthemed_ids: list[int] = field(default_factory=list)

    def prevalence(self, theme_id: int) -> float:
        """Share of the analysed quotes in the theme."""
        return self.by_theme[theme_id].size / self.analysed if self.analysed else 0.0

    def coverage(self, theme_id: int) -> float:
        """Share of the analysed text (characters) in the theme."""
        return self.by_theme[theme_id].chars / self.analysed_chars if self.analysed_chars else 0.0

    def speaker_share(self, theme_id: int) -> float:
        """Share of the participants who said something in the theme."""
        return self.by_theme[theme_id].speakers / self.participants if self.participants else 0.0

    def unthemed_share(self) -> float:
        return self.unthemed / self.analysed if self.analysed else 0.0


def count(facts: Iterable[QuoteFacts], themes: Iterable[Theme] = (), n_sources: int | None = None) -> Counts:
    """All figures from the quotes' facts and the latest run's themes (with their parent links)."""
    facts = list(facts)
    themes = [t for t in themes if t.id is not None]
    known = {t.id for t in themes}
    any_run = any(f.modelled for f in facts)
    analysed = [f for f in facts if (f.modelled or not any_run) and f.informative and f.role != MODERATOR]
    own: dict[int, list[QuoteFacts]] = {t.id: [] for t in themes}
    for f in facts:
        if f.theme_id in own:
            own[f.theme_id].append(f)
    children: dict[int, list[int]] = {}
    for t in themes:
        if t.parent_id in known and t.parent_id != t.id:
            children.setdefault(t.parent_id, []).append(t.id)
    groupings = [t.id for t in themes if t.id in children and not own[t.id]]
    listed = [t.id for t in themes if t.id not in set(groupings)]
    out = Counts(
        quotes=len(facts), analysed=len(analysed), analysed_chars=sum(f.chars for f in analysed),
        informative=sum(f.informative for f in facts), speakers=len({(f.source_id, f.speaker) for f in facts}),
        participants=len({f.person for f in facts if f.informative and f.person is not None}),
        sources=n_sources if n_sources is not None else len({f.source_id for f in facts}),
        themes=len(listed), parents=len(groupings), theme_ids=listed, parent_ids=groupings,
        analysed_ids=[f.quote_id for f in analysed],
        unthemed_ids=[f.quote_id for f in analysed if f.theme_id not in known] if any_run else [],
    )
    out.unthemed = len(out.unthemed_ids)
    out.by_theme = {tid: _theme(tid, own[tid]) for tid in listed}
    for tid in groupings:  # a grouping holds the quotes of the themes under it
        out.by_theme[tid] = _theme(tid, [f for d in _descendants(tid, children) for f in own[d]])
    return out


def _descendants(theme_id: int, children: dict[int, list[int]]) -> list[int]:
    out, todo, seen = [], [theme_id], {theme_id}
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in seen:
                seen.add(c)
                out.append(c)
                todo.append(c)
    return sorted(out)


def _theme(theme_id: int, qs: list[QuoteFacts]) -> ThemeCounts:
    scored = [f for f in qs if f.sentiment in SENTIMENT_LABELS]
    shares = {label: 0.0 for label in SENTIMENT_LABELS} if scored else {}
    for f in scored:
        shares[f.sentiment] += 1 / len(scored)
    scores = [f.score for f in scored if f.score is not None]
    return ThemeCounts(
        theme_id=theme_id, size=len(qs), speakers=len({f.person for f in qs if f.person is not None}),
        sources=len({f.source_id for f in qs}), chars=sum(f.chars for f in qs), scored=len(scored),
        sentiment=shares, mean_score=sum(scores) / len(scores) if scores else None,
        quote_ids=[f.quote_id for f in qs],
    )


# -- facts from the places that hold them ---------------------------------------------------------


def from_project(project: Any, run_id: int | None = None) -> Counts:
    """Counts of a stored project (the latest finished run unless ``run_id``)."""
    run_id = run_id if run_id is not None else project.latest_run_id()
    themes = project.themes(run_id) if run_id is not None else []
    assignments = project.assignments(run_id) if run_id is not None else {}
    sentiments = project.sentiments()
    facts = [
        QuoteFacts(
            q.id, q.source_id, q.speaker, q.role, bool(q.informative), len(q.text), q.id in assignments,
            assignments[q.id].theme_id if q.id in assignments else None,
            sentiments[q.id].label if q.id in sentiments else None,
            sentiments[q.id].score if q.id in sentiments else None,
        )
        for q in project.quotes()
    ]
    return count(facts, themes, n_sources=len(project.sources()))


def from_view(view: Any) -> Counts:
    """Counts of an export view (``focusgroup.export._view.ExportView``): what every report prints.

    Speakers are counted by the name the view shows; pseudonyms are one per person and source, so
    the figures equal the project's.
    """
    facts = []
    for q in view.quotes:
        a, s = view.assignments.get(q.id), view.sentiments.get(q.id)
        facts.append(QuoteFacts(
            q.id, q.source_id, q.speaker, q.role, bool(q.informative), len(q.text), a is not None,
            view.theme_of(q.id), s.label if s else None, s.score if s else None,
        ))
    return count(facts, view.themes, n_sources=len(view.sources))


def of_quotes(quotes: Iterable[Any], theme_id: int = 0) -> ThemeCounts:
    """One theme's size, speakers and sources from its ``records.Quote`` members (no sentiment)."""
    return _theme(theme_id, [
        QuoteFacts(q.id, q.source_id, q.speaker, q.role, bool(q.informative), len(q.text), True, theme_id)
        for q in quotes
    ])


def from_rows(rows: Iterable[Any], themes: Iterable[Theme], n_sources: int | None = None) -> Counts:
    """Counts from table rows with the app's quote-table columns (``focusgroup.ui.data``)."""
    facts = [
        QuoteFacts(
            int(r.quote_id), int(r.source_id), str(r.speaker), str(r.role), bool(r.informative), len(r.text),
            bool(r.by), None if _missing(r.theme_id) else int(r.theme_id), r.sentiment or None,
            None if _missing(r.sentiment_score) else float(r.sentiment_score),
        )
        for r in rows
    ]
    return count(facts, themes, n_sources)


def _missing(value: Any) -> bool:
    """None, NaN or pandas.NA (whose comparisons raise instead of answering)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:
        return True
