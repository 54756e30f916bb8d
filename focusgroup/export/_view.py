"""What an export shows: one place that decides names, texts and offsets for every format.

Every writer reads an ``ExportView`` and never the project directly, so no format can forget to
pseudonymise. In a pseudonymised view each exported source text is rebuilt piece by piece (the
text between quotes, then each quote's pseudonymised text), so a quote's offsets into the
exported source text are known by construction and ``text[out_start:out_end] == quote.text``
holds there too, which REFI-QDA selections depend on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from focusgroup.errors import UserError
from focusgroup.export._pseudo import make_scrubber
from focusgroup.export.ids import is_speaker_id, kept_id_fields
from focusgroup.privacy.columns import TEXT, classify_columns, scrub_fields
from focusgroup.privacy.pseudonymizer import renumbered_id
from focusgroup.progress import Progress, silent
from focusgroup.records import Assignment, Quote, Sentiment, Source, Theme
from focusgroup.stats import study
from focusgroup.store import Project
from focusgroup.store import coding as coding_store
from focusgroup.store.coding import Code, Coding
from focusgroup.store.findings import Reply, replies


class ExportError(UserError):
    """The project cannot be exported as asked (texts: ``focusgroup.messages.problems``)."""


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
    n_edits: int = 0  # researcher edits (renames, merges, moves) replayed onto the run
    replies: dict[int, Reply] = field(default_factory=dict)  # "needs a reply" flags (focusgroup.replies)
    title: str = ""  # the study's name as the researcher set it (setting "study.title"); else project_name
    codes: list[Code] = field(default_factory=list)  # the researchers' codebook (``codes``), hierarchy by parent_id
    codings: list[Coding] = field(default_factory=list)  # the researchers' codings of the exported quotes
    # background fields holding the survey's own respondent id beside a renumbered speaker ("Respondent 7" <-
    # "Respondent 31046694", field "Respondent": "31046694"): kept by the issue-15 rule, said in the workbook
    kept_id_fields: list[str] = field(default_factory=list)
    # the researcher's confirmed rating fields (stats.study.SCALE_SETTING; [] = none), None while unconfirmed
    confirmed_scales: list[str] | None = None

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
        """The theme's memo (kept on the theme by the themes editor; a memo-table entry is added)."""
        extra = self.memos.get(("theme", str(theme.id)), "")
        return "\n\n".join(dict.fromkeys(m for m in (theme.memo, extra) if m))

    def quote_memo(self, quote_id: int) -> str:
        return self.memos.get(("quote", str(quote_id)), "")

    def attribution(self, q: QuoteView) -> str:
        """'Deltager 3, fokusgruppe 2': who said it, where."""
        return f"{q.speaker}, {self.source_by_id[q.source_id].label}"


# -- building the view ---------------------------------------------------------------------

GUID_SETTING = "export.guid_namespace"
TITLE_SETTING = "study.title"  # the study's name for report titles (``focusgroup satisfaction --title``)


STEP = "exp_preparing"  # message key of the progress step


def build_view(project: Project, *, real_names: bool = False, progress: Progress = silent) -> ExportView:
    """The project as an export shows it: pseudonymised unless ``real_names`` is asked for."""
    from focusgroup.messages import text

    step = text(STEP)
    progress(step, 0, 3)
    sources = project.sources()
    quotes = project.quotes()
    run_id = project.latest_run_id()
    themes = [_in_reader_words(t) for t in project.themes()] if run_id is not None else []
    assignments = project.assignments() if run_id is not None else {}
    memos = project.memos()
    codes, codings = _researcher_codings(project)
    by_source: dict[int, list[Quote]] = {}
    for q in quotes:
        by_source.setdefault(q.source_id, []).append(q)
    pieces = {src.id: _pieces(src, by_source.get(src.id, [])) for src in sources}
    # Background columns by header and content: ids/dates/scales kept, "Adresse"/"Navn" replaced whole.
    columns = {} if real_names else classify_columns(q.metadata for q in quotes)
    placeholder: Callable[[str, str], str] = lambda _kind, value: value  # noqa: E731

    if real_names:
        scrub: Callable[[str], str] = _identity
        scrub_quote: Callable[[int, str], str] = lambda _id, text: text  # noqa: E731
        speaker_of: Callable[[Quote], str] = lambda q: q.speaker  # noqa: E731
    else:
        scrubber = make_scrubber(project)
        progress(step, 1, 3)
        placeholder = scrubber.placeholder
        scrubber.fit(
            _texts_to_show(sources, quotes, pieces, themes, memos, columns)
            + [x for c in codes for x in (c.name, c.description) if x],
            dict.fromkeys((q.speaker, q.role) for q in quotes),
        )
        scrub, scrub_quote = scrubber.text, scrubber.quote
        speaker_of = lambda q: scrubber.speaker(q.speaker, q.role)  # noqa: E731

    progress(step, 2, 3)
    source_views, quote_views = [], []
    for src in sources:
        text, offsets = _rebuild(pieces[src.id], scrub, scrub_quote)
        sv = SourceView(src.id, scrub(src.name), src.kind, src.format, text, _scrub_meta(src.metadata, scrub))
        source_views.append(sv)
        for q in by_source.get(src.id, []):
            out_start, out_end = offsets[q.id]
            quote_views.append(quote_view(q, source_name=sv.name, speaker=speaker_of(q),
                                          text=text[out_start:out_end], scrub=None if real_names else scrub,
                                          out=(out_start, out_end), columns=columns, placeholder=placeholder))
    if not real_names:
        themes = [_scrub_theme(t, scrub) for t in themes]
        memos = {k: scrub(v) for k, v in memos.items()}
        codes = [Code(scrub(c.name), scrub(c.description), c.parent_id, c.id) for c in codes]
        names = {c.id: c.name for c in codes}
        codings = [replace(c, code=names[c.code_id]) for c in codings]
    done = [r for r in project.runs() if r["status"] == "done"]
    progress(step, 3, 3)
    return ExportView(
        project_name=scrub(Path(project.path).stem),
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
        n_edits=len(project.edits()),
        replies=replies(project),
        title=scrub(str(project.get_setting(TITLE_SETTING) or "")),
        codes=codes,
        codings=codings,
        confirmed_scales=study.scales_confirmed(project),
        kept_id_fields=[] if real_names else kept_id_fields(quotes),
    )


def _researcher_codings(project: Project) -> tuple[list[Code], list[Coding]]:
    """The codebook and the codings people made (manual, accepted suggestions, imported): the tool's own
    suggestions stay out (an accepted one is already the researcher's coding), so do rejected codings."""
    codings = [c for c in coding_store.codings(project, statuses=("active",))
               if c.coder != coding_store.MACHINE_CODER]
    return coding_store.codes(project), codings


# A source as alternating pieces: (None, text between quotes) and (quote id, quote text).
Pieces = list[tuple[int | None, str]]


def _pieces(src: Source, quotes: list[Quote]) -> Pieces:
    out: Pieces = []
    pos = 0
    for q in sorted(quotes, key=lambda q: (q.start, q.end)):
        if q.start < pos:
            raise ExportError("export_overlap", source=src.name, quote=q.id)
        out += [(None, src.text[pos : q.start]), (q.id, src.text[q.start : q.end])]
        pos = q.end
    out.append((None, src.text[pos:]))
    return out


def _rebuild(
    pieces: Pieces, scrub: Callable[[str], str], scrub_quote: Callable[[int, str], str]
) -> tuple[str, dict[int, tuple[int, int]]]:
    """Exported source text and each quote's offsets in it: gap + quote + gap + quote ...

    Each piece is scrubbed on its own, so a quote's new offsets are known exactly however much
    longer or shorter the placeholders are than what they replace.
    """
    out: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    length = 0
    for quote_id, piece in pieces:
        if quote_id is None:
            new = scrub(piece)
        else:
            new = scrub_quote(quote_id, piece)
            offsets[quote_id] = (length, length + len(new))
        out.append(new)
        length += len(new)
    return "".join(out), offsets


def _texts_to_show(sources: list[Source], quotes: list[Quote], pieces: dict[int, Pieces], themes: list[Theme],
                   memos: dict[tuple[str, str], str], columns: dict[str, str]) -> list[str]:
    """Everything the export will scrub, so the pseudonymiser is fitted (and runs NER) once."""
    texts = [piece for ps in pieces.values() for _, piece in ps]
    texts += [s.name for s in sources] + list(memos.values())
    texts += [v for q in quotes for k, v in q.metadata.items() if isinstance(v, str) and columns.get(k, TEXT) == TEXT]
    for t in themes:
        texts += [t.label, t.description, t.memo, *t.keywords]
    return texts


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


def _in_reader_words(t: Theme) -> Theme:
    """A parent theme's stored description ("Overordnet tema: A; B", written in the analysis' language by
    ``themes.describe``) in the reader's language and words: "Samler temaerne: A; B". The English codebook
    said "Overordnet tema"; and beside the column "Overordnet tema" (a theme's parent), a parent row that
    said "Overordnet tema: A; B" read as if A and B were its parents, not the themes it holds."""
    from focusgroup.messages import LANGUAGES, text

    for lang in LANGUAGES:
        prefix = text("theme_parent_description", lang, children="")
        if prefix and t.description.startswith(prefix):
            return replace(t, description=text("exp_parent_holds", children=t.description[len(prefix):]))
    return t


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


# -- pieces of a view, for writers that stream (``focusgroup batch``: 100,000 answers) ----------


def quote_view(q: Quote, *, source_name: str, speaker: str, text: str, scrub: Callable[[str], str] | None,
               out: tuple[int, int] | None = None, columns: dict[str, str] | None = None,
               placeholder: Callable[[str, str], str] | None = None) -> QuoteView:
    """One quote as an export shows it; ``scrub`` None means real names.

    Pseudonymised, the background values follow their column's class (``privacy.columns``: ids,
    dates and scales kept, "Navn"/"Adresse" columns replaced whole by ``placeholder``, free text
    scrubbed; without ``columns`` every value is scrubbed as text), and the column a respondent's
    name came from shows the speaker's pseudonym. ``out`` are the offsets into the exported source
    text; a writer that exports no source text (batch's quotes.csv, themes.csv) leaves it at the
    quote's own text.
    """
    if scrub is None:
        metadata = dict(q.metadata)
    else:
        metadata = scrub_fields(q.metadata, columns or {}, scrub, placeholder or (lambda _kind, v: scrub(v)))
        # a real name became a pseudonym: so does the value it came from (a renumbered "Respondent
        # 47370684" keeps its id column: ids are never pseudonymised, issue 15)
        if speaker != q.speaker and not renumbered_id(q.speaker, q.role):
            metadata = {k: speaker if is_speaker_id(q.speaker, q.metadata[k]) else v for k, v in metadata.items()}
    out_start, out_end = out if out is not None else (0, len(text))
    return QuoteView(
        id=int(q.id or 0), source_id=int(q.source_id or 0), source_name=source_name, speaker=speaker, role=q.role,
        turn=q.turn, part=q.part, start=q.start, end=q.end, out_start=out_start, out_end=out_end, text=text,
        timestamp=q.timestamp, column=q.column, informative=q.informative, metadata=metadata,
    )


def scrub_themes(themes: list[Theme], scrub: Callable[[str], str] | None) -> list[Theme]:
    """Themes as a pseudonymised export shows them (labels, keywords, memos scrubbed); None: as stored."""
    return list(themes) if scrub is None else [_scrub_theme(t, scrub) for t in themes]

