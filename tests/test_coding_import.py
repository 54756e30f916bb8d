"""Coded projects in: our own .qdpx export round-trips to the same codings; other tools' files import
with users and code hierarchy; unknown parts are reported, never a crash; CSV codings."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from test_export_view import make_project

from focusgroup.coding.agreement import project_agreement
from focusgroup.coding.refi_import import import_codings
from focusgroup.errors import UserError
from focusgroup.export import export_project
from focusgroup.pipeline import import_files
from focusgroup.store import Project
from focusgroup.store import coding as store

MACHINE = "focusgroup (automatisk analyse)"


def _expected(p: Project) -> set[tuple[int, str]]:
    themes = {t.id: t.label for t in p.themes()}
    out = {(q, themes[a.theme_id]) for q, a in p.assignments().items() if a.theme_id is not None}
    out |= {(s.quote_id, s.label) for s in p.sentiments().values()}
    return out


@pytest.mark.parametrize("real_names", [False, True])
def test_our_export_imports_to_the_same_codings(tmp_path: Path, real_names: bool) -> None:
    with make_project(tmp_path / "studie.fgproj") as p:
        out = export_project(p, "qdpx", tmp_path / "studie.qdpx", real_names=real_names)
        expected = _expected(p)
        report = import_codings(p, out)
        got = {(c.quote_id, c.code) for c in store.codings(p) if c.code not in {"Nøglecitat", "Nøglecitater"}}
        assert got == expected
        assert report.unmatched == 0 and not report.new_sources
        assert {c.coder for c in store.codings(p)} <= {MACHINE, "Forsker"}
        # the hierarchy came along
        codes = {c.name: c for c in store.codes(p)}
        assert codes["Fast kontaktperson"].parent_id == codes["Kontakt med sagsbehandler"].id
        # importing again changes nothing (codings are unique per quote, code and coder)
        import_codings(p, out)
        assert {(c.quote_id, c.code) for c in store.codings(p) if c.code in {x for _, x in expected}} == expected


def test_export_into_an_empty_project_brings_the_sources(tmp_path: Path) -> None:
    with make_project(tmp_path / "studie.fgproj") as p:
        out = export_project(p, "qdpx", tmp_path / "studie.qdpx", real_names=True)
        n_expected = len(_expected(p))
    with Project(tmp_path / "ny.fgproj") as fresh:
        report = import_codings(fresh, out)
        assert len(report.new_sources) == 2 and len(fresh.sources()) == 2
        assert report.matched > 0
        assert len({(c.quote_id, c.code) for c in store.codings(fresh)}) >= n_expected - 2


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


def test_other_tools_qdpx_with_users_hierarchy_lowercase_sources_and_unknown_parts(tmp_path, transcripts_dir):
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
