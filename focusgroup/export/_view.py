"""What an export shows: one place that decides names, texts and offsets for every format.

Every writer reads an ``ExportView`` and never the project directly, so no format can forget to
pseudonymise. In a pseudonymised view each exported source text is rebuilt piece by piece (the
text between quotes, then each quote's pseudonymised text), so a quote's offsets into the
exported source text are known by construction and ``text[out_start:out_end] == quote.text``
holds there too, which REFI-QDA selections depend on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from focusgroup.records import (
    MODERATOR,
    PARTICIPANT,
    RESPONDENT,
    UNKNOWN_SPEAKER,
    Assignment,
    Sentiment,
    Theme,
)
from focusgroup.store import Project


class ExportError(Exception):
    """The project cannot be exported as asked (plain-language message)."""


@dataclass
class SourceView:
    id: int
    name: str  # shown name (pseudonymised in a pseudonymised view)
    kind: str
    format: str
    text: str  # the exported plain text; quote offsets out_start/out_end point into it
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Short name for attributions: "fokusgruppe_2.docx" -> "fokusgruppe 2"."""
        return Path(self.name).stem.replace("_", " ").strip() or self.name


@dataclass
class QuoteView:
    id: int
    source_id: int
    source_name: str
    speaker: str  # shown speaker name (pseudonym unless real names were asked for)
    role: str
    turn: int
    part: int
    start: int  # offsets into the project's stored source text
    end: int
    out_start: int  # offsets into SourceView.text of the export
    out_end: int
    text: str
    timestamp: str | None
    column: str | None
    informative: bool
    metadata: dict[str, Any]


@dataclass
class ExportView:
    project_name: str
    pseudonymised: bool
    sources: list[SourceView]
    quotes: list[QuoteView]
    themes: list[Theme]
    assignments: dict[int, Assignment]
    sentiments: dict[int, Sentiment]
    key_quotes: set[int]
    memos: dict[tuple[str, str], str]
    run: dict[str, Any] | None  # the latest finished analysis run (params, dates)
    guid_namespace: str
    meta_fields: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.quote_by_id = {q.id: q for q in self.quotes}
        self.source_by_id = {s.id: s for s in self.sources}
        self.theme_by_id = {t.id: t for t in self.themes}

    def theme_of(self, quote_id: int) -> int | None:
        a = self.assignments.get(quote_id)
        return a.theme_id if a and a.theme_id in self.theme_by_id else None

    def quotes_of(self, theme_id: int) -> list[QuoteView]:
        return [q for q in self.quotes if self.theme_of(q.id) == theme_id]

    def theme_memo(self, theme: Theme) -> str:
        return self.memos.get(("theme", str(theme.id))) or theme.memo or ""

    def quote_memo(self, quote_id: int) -> str:
        return self.memos.get(("quote", str(quote_id)), "")

    def attribution(self, q: QuoteView) -> str:
        """'Deltager 3, fokusgruppe 2': who said it, where."""
        return f"{q.speaker}, {self.source_by_id[q.source_id].label}"


# -- building the view ---------------------------------------------------------------------

_FALLBACK_PREFIX = {MODERATOR: "Moderator", PARTICIPANT: "Deltager", RESPONDENT: "Respondent"}
GUID_SETTING = "export.guid_namespace"


def build_view(project: Project, *, real_names: bool = False) -> ExportView:
    """The project as an export shows it: pseudonymised unless ``real_names`` is asked for."""
    sources = project.sources()
    quotes = project.quotes()
    run_id = project.latest_run_id()
    themes = project.themes() if run_id is not None else []
    assignments = project.assignments() if run_id is not None else {}
    if real_names:
        speaker_names: dict[str, str] = {}
        quote_texts: dict[int, str] = {}
        scrub: Callable[[str], str] = _identity
    else:
        speaker_names, quote_texts, scrub = _pseudonymisation(project, quotes)

    by_source: dict[int, list] = {}
    for q in quotes:
        by_source.setdefault(q.source_id, []).append(q)
    source_views, quote_views = [], []
    for src in sources:
        text, offsets = _rebuild(src.text, by_source.get(src.id, []), quote_texts, scrub)
        source_views.append(
            SourceView(src.id, scrub(src.name), src.kind, src.format, text, _scrub_meta(src.metadata, scrub))
        )
        for q in by_source.get(src.id, []):
            out_start, out_end = offsets[q.id]
            quote_views.append(
                QuoteView(
                    id=q.id, source_id=src.id, source_name=source_views[-1].name,
                    speaker=speaker_names.get(q.speaker, q.speaker), role=q.role, turn=q.turn, part=q.part,
                    start=q.start, end=q.end, out_start=out_start, out_end=out_end,
                    text=text[out_start:out_end], timestamp=q.timestamp, column=q.column,
                    informative=q.informative, metadata=_scrub_meta(q.metadata, scrub),
                )
            )
    if not real_names:
        themes = [_scrub_theme(t, scrub) for t in themes]
    memos = project.memos()
    if not real_names:
        memos = {k: scrub(v) for k, v in memos.items()}
    done = [r for r in project.runs() if r["status"] == "done"]
    return ExportView(
        project_name=Path(project.path).stem,
        pseudonymised=not real_names,
        sources=source_views,
        quotes=quote_views,
        themes=themes,
        assignments=assignments,
        sentiments=project.sentiments(),
        key_quotes=project.key_quotes(),
        memos=memos,
        run=done[-1] if done else None,
        guid_namespace=_guid_namespace(project),
        meta_fields=list(dict.fromkeys(k for q in quotes for k in q.metadata)),
    )


def _rebuild(
    text: str, quotes: list, quote_texts: dict[int, str], scrub: Callable[[str], str]
) -> tuple[str, dict[int, tuple[int, int]]]:
    """Exported source text and each quote's offsets in it, built gap + quote + gap + quote ..."""
    if not quote_texts and scrub is _identity:
        return text, {q.id: (q.start, q.end) for q in quotes}
    pieces: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    pos = length = 0
    for q in sorted(quotes, key=lambda q: (q.start, q.end)):
        if q.start < pos:
            raise ExportError(
                f"{q.source_name}: quotes {q.id} overlaps the previous quote; cannot place it in the export"
            )
        gap = scrub(text[pos : q.start])
        body = quote_texts.get(q.id, scrub(q.text))
        pieces += [gap, body]
        length += len(gap)
        offsets[q.id] = (length, length + len(body))
        length += len(body)
        pos = q.end
    pieces.append(scrub(text[pos:]))
    return "".join(pieces), offsets


def _pseudonymisation(project: Project, quotes: list) -> tuple[dict[str, str], dict[int, str], Callable[[str], str]]:
    """Speaker pseudonyms, pseudonymised quote texts and a function that scrubs any other text."""
    try:
        from focusgroup.privacy import pseudonymized_view
    except ImportError:
        pseudonymized_view = None
    if pseudonymized_view is not None:
        pv = pseudonymized_view(project)
        speaker_names = dict(pv.speaker_names)
        quote_texts = dict(pv.quote_texts)
        text_fn = getattr(pv, "pseudonymize_text", None)
    else:
        speaker_names, quote_texts, text_fn = _fallback_speakers(quotes), {}, None
    replace_names = _name_replacer(speaker_names)
    if text_fn is None:
        scrub = replace_names
    else:
        def scrub(value: str) -> str:
            return replace_names(text_fn(value))
    return speaker_names, quote_texts, scrub


def _fallback_speakers(quotes: list) -> dict[str, str]:
    """Role-numbered pseudonyms ("Deltager 3") when the privacy module is not available."""
    names: dict[str, str] = {}
    counters: dict[str, int] = {}
    for q in quotes:
        if q.speaker in names or q.speaker == UNKNOWN_SPEAKER:
            continue
        prefix = _FALLBACK_PREFIX.get(q.role, "Deltager")
        counters[prefix] = counters.get(prefix, 0) + 1
        names[q.speaker] = f"{prefix} {counters[prefix]}"
    return names


def _name_replacer(names: dict[str, str]) -> Callable[[str], str]:
    """Replace each real speaker name (whole words, longest first) by its pseudonym."""
    # Only word-like names: replacing a numeric respondent id "12" would change every "12" in the text.
    real = sorted(
        (n for n, p in names.items() if n != p and len(n) > 1 and any(c.isalpha() for c in n)),
        key=len, reverse=True,
    )
    if not real:
        return _identity
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in real) + r")(?!\w)")
    return lambda text: pattern.sub(lambda m: names[m.group(1)], text) if text else text


def _scrub_meta(meta: dict[str, Any], scrub: Callable[[str], str]) -> dict[str, Any]:
    if scrub is _identity:
        return dict(meta)
    return {k: scrub(v) if isinstance(v, str) else v for k, v in meta.items()}


def _scrub_theme(t: Theme, scrub: Callable[[str], str]) -> Theme:
    return Theme(
        label=scrub(t.label), keywords=[scrub(k) for k in t.keywords], size=t.size, n_speakers=t.n_speakers,
        n_sources=t.n_sources, representative_quote_ids=list(t.representative_quote_ids),
        parent_id=t.parent_id, description=scrub(t.description), memo=scrub(t.memo), topic=t.topic,
        id=t.id, run_id=t.run_id,
    )


def _guid_namespace(project: Project) -> str:
    """A per-project namespace, saved on first export, so re-exports keep every GUID."""
    import uuid

    value = project.get_setting(GUID_SETTING)
    if not value:
        value = str(uuid.uuid4())
        project.set_setting(GUID_SETTING, value)
    return value


def _identity(text: str) -> str:
    return text
