"""Coded projects in: our own .qdpx export round-trips to the same codings; other tools' files import
with users and code hierarchy; unknown parts are reported, never a crash; CSV codings."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_export_view import make_project

from focusgroup.coding import review
from focusgroup.coding.agreement import project_agreement
from focusgroup.coding.refi_import import import_codings
from focusgroup.errors import UserError
from focusgroup.export import export_project
from focusgroup.pipeline import import_files
from focusgroup.store import Project
from focusgroup.store import coding as store

FILES = ("fokusgruppe_2_kontanthjaelp.txt", "brugerundersoegelse_2020_2021.xlsx")


def _study(path: Path, transcripts_dir: Path) -> Project:
    p = Project(path)
    report = import_files(p, [transcripts_dir / name for name in FILES])
    assert len(report.source_ids) == 2, report.errors
    return p


def _code_as_a_team(p: Project) -> None:
    """Two coders on the real study: a code hierarchy with descriptions, overlapping codings, an unused
    codebook entry, an accepted and a rejected suggestion and an open one (the last two stay home)."""
    quotes = [q for q in p.quotes() if len(q.text.split()) > 6]
    phone = [q.id for q in quotes if "ring" in q.text.lower()][:4]
    letters = [q.id for q in quotes if "brev" in q.text.lower()][:3]
    answers = [q.id for q in quotes if q.column][:3]
    store.add_code(p, "Kontakt", "Al kontakt med jobcentret")
    store.add_code(p, "Telefonisk kontakt", "At ringe ind, telefonkø", parent="Kontakt")
    store.add_code(p, "Transport", "Afstand og bus (ingen har brugt den endnu)")
    review.code_quotes(p, phone, "Telefonisk kontakt", "Anna")
    review.code_quotes(p, phone[:2] + letters[:1], "Telefonisk kontakt", "Bo")
    review.code_quotes(p, letters, "Breve og sprog", "Anna", description="Breve, e-Boks, svært sprog")
    review.code_quotes(p, answers, "Ros", "Bo")
    ids = [store.add_coding(p, q, "Breve og sprog", store.MACHINE_CODER, "suggestion", 0.7, "open")
           for q in answers]
    review.accept(p, ids[0], "Anna")
    review.reject(p, ids[1], coder="Anna")


def _state(p: Project) -> tuple[set, set, set]:
    """Codes (name, description, parent), codings (source, quote text, code, coder) and coders, by content."""
    codes = store.codes(p)
    names = {c.id: c.name for c in codes}
    quotes = {q.id: q for q in p.quotes()}
    sources = {s.id: s.name for s in p.sources()}
    codings = {(sources[quotes[c.quote_id].source_id], quotes[c.quote_id].text, c.code, c.coder)
               for c in store.codings(p, statuses=("active",)) if c.coder != store.MACHINE_CODER}
    return ({(c.name, c.description, names.get(c.parent_id)) for c in codes}, codings,
            {c for *_, c in codings})


@pytest.mark.parametrize("real_names", [False, True])
def test_our_export_imports_to_the_same_codes_codings_and_coders(tmp_path: Path, transcripts_dir: Path,
                                                                 real_names: bool) -> None:
    with _study(tmp_path / "studie.fgproj", transcripts_dir) as p:
        _code_as_a_team(p)
        out = export_project(p, "qdpx", tmp_path / "studie.qdpx", real_names=real_names)
        expected = _state(p)
    assert expected[2] == {"Anna", "Bo"} and len(expected[1]) == 13
    with _study(tmp_path / "kopi.fgproj", transcripts_dir) as copy:
        report = import_codings(copy, out)
        assert _state(copy) == expected
        assert report.coders == {"Anna", "Bo"} and report.unmatched == 0 and not report.new_sources
        # the survey questions are the analysis' codes, reported and left out
        assert any("spørgsmål" in line for line in report.skipped)
        assert {c.origin for c in store.codings(copy)} == {"import"}
        # importing again changes nothing (codings are unique per quote, code and coder)
        import_codings(copy, out)
        assert _state(copy) == expected


def test_our_export_leaves_themes_sentiment_and_key_quotes_out(tmp_path: Path) -> None:
    with make_project(tmp_path / "studie.fgproj") as p:
        quotes = p.quotes()
        review.code_quotes(p, [quotes[1].id, quotes[2].id], "Sagsbehandler", "Anna")
        out = export_project(p, "qdpx", tmp_path / "studie.qdpx", real_names=True)
    with make_project(tmp_path / "ny.fgproj") as fresh:
        report = import_codings(fresh, out)
        assert {c.name for c in store.codes(fresh)} == {"Sagsbehandler"}
        assert {(c.quote_id, c.code, c.coder) for c in store.codings(fresh)} == {
            (quotes[1].id, "Sagsbehandler", "Anna"), (quotes[2].id, "Sagsbehandler", "Anna")}
        assert report.codings == 2 and not report.new_sources


def test_export_into_an_empty_project_brings_the_sources(tmp_path: Path, transcripts_dir: Path) -> None:
    with _study(tmp_path / "studie.fgproj", transcripts_dir) as p:
        _code_as_a_team(p)
        out = export_project(p, "qdpx", tmp_path / "studie.qdpx", real_names=True)
        codes, codings, coders = _state(p)
    with Project(tmp_path / "ny.fgproj") as fresh:
        report = import_codings(fresh, out)
        assert len(report.new_sources) == 2 and len(fresh.sources()) == 2
        got_codes, got, got_coders = _state(fresh)
        assert got_codes == codes and got_coders == coders
        # the transcript's codings are exact; the survey comes back as a plain text, its answers re-read as passages
        transcript = {c for c in codings if c[0] == FILES[0]}
        assert transcript and transcript <= got


QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Teamets kodning" origin="QualCoder 3.5">
  <Users>
    <User guid="u-anna" name="Anna"/>
    <User guid="u-bo" name="Bo"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="c-kontakt" name="Kontakt" isCodable="false">
      <Code guid="c-tlf" name="Telefonisk kontakt" isCodable="true"><Description>At ringe ind</Description></Code>
      <Code guid="c-skift" name="Skift af sagsbehandler" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="s-1" name="fokusgruppe_2_kontanthjaelp.txt" plainTextPath="internal://s-1.txt">
      {selections}
    </TextSource>
    <PDFSource guid="s-2" name="bilag.pdf" path="internal://bilag.pdf"/>
  </Sources>
  <Graphs/>
  <Frobnicate/>
</Project>
"""


def _selection(guid: str, text: str, needle: str, codes: list[tuple[str, str]]) -> str:
    start = text.index(needle)
    codings = "".join(f'<Coding guid="{guid}-{c}" creatingUser="{u}"><CodeRef targetGUID="{c}"/></Coding>'
                      for c, u in codes)
    return (f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{start + len(needle)}" '
            f'creatingUser="u-anna">{codings}</PlainTextSelection>')


def test_other_tools_qdpx_with_users_hierarchy_lowercase_sources_and_unknown_parts(tmp_path, transcripts_dir,
                                                                                   monkeypatch):
    path = tmp_path / "studie.fgproj"
    with Project(path) as p:
        import_files(p, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        text = p.sources()[0].text
        sels = [
            _selection("x1", text, "de siger, ring på 44 55 66 77", [("c-tlf", "u-anna"), ("c-tlf", "u-bo")]),
            _selection("x2", text, "Jeg har prøvet at ringe ti gange", [("c-tlf", "u-anna"), ("c-skift", "u-bo")]),
            _selection("x3", text, "syv sagsbehandlere på de fem år", [("c-skift", "u-anna"), ("c-skift", "u-bo")]),
            _selection("x4", text, "Lade mig beholde", [("c-gone", "u-anna")]),
        ]
        qdpx = tmp_path / "team.qdpx"
        with zipfile.ZipFile(qdpx, "w") as zf:
            zf.writestr("project.qde", QDE.replace("{selections}", "".join(sels)))
            zf.writestr("sources/s-1.txt", text.encode("utf-8"))  # lower-case folder, as some tools write
        report = import_codings(p, qdpx)
        assert report.coders == {"Anna", "Bo"} and report.matched == 4 and not report.new_sources
        skipped = " ".join(report.skipped)
        assert "Frobnicate" in skipped and "PDFSource" in skipped and "c-gone" in skipped
        assert "<Frobnicate> læses ikke" in skipped and "kun tekstkilder importeres" in skipped  # Danish first
        monkeypatch.setenv("FOCUSGROUP_LANG", "en")
        english = " ".join(import_codings(p, qdpx).skipped)  # the skipped lines come from the catalogue
        assert "<Frobnicate> is not read" in english and "only text sources are imported" in english
        assert "coding with unknown code c-gone" in english and "læses" not in english
        monkeypatch.delenv("FOCUSGROUP_LANG")
        codes = {c.name: c for c in store.codes(p)}
        assert codes["Telefonisk kontakt"].parent_id == codes["Kontakt"].id
        assert codes["Telefonisk kontakt"].description == "At ringe ind"
        r = project_agreement(p, ("Anna", "Bo"))
        assert r.overall.n == 3 and r.overall.percent == pytest.approx(2 / 3)
        assert {c.origin for c in store.codings(p)} == {"import"}


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04broken"])
def test_bad_files_are_a_clear_error(tmp_path, content):
    bad = tmp_path / "kodning.qdpx"
    bad.write_bytes(content)
    with Project(tmp_path / "p.fgproj") as p, pytest.raises(UserError) as err:
        import_codings(p, bad)
    assert "kodning.qdpx" in str(err.value)
    with Project(tmp_path / "p.fgproj") as p, pytest.raises(UserError) as err:
        import_codings(p, tmp_path / "kodning.docx")
    assert "kodning.docx" in str(err.value)


def test_csv_codings_with_coder_column(tmp_path, transcripts_dir):
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"])
        ids = [q.id for q in p.quotes()][:3]
        f = tmp_path / "kodning.csv"
        f.write_text("citat_id;kode;koder\n"
                     f"{ids[0]};Breve og sprog;Åse\n{ids[1]};Breve og sprog;\n999999;Transport;Åse\n",
                     encoding="cp1252")
        report = import_codings(p, f, coder="Bo")
        assert report.codings == 2 and report.unmatched == 1 and report.coders == {"Åse", "Bo"}
        assert {(c.quote_id, c.coder) for c in store.codings(p)} == {(ids[0], "Åse"), (ids[1], "Bo")}
