"""REFI-QDA: schema-valid .qdpx/.qdc, exact selections, and a round trip through our own reader."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from test_export_view import REAL_NAMES, make_project

from focusgroup.export import build_view, export_project
from focusgroup.refi_qda import CodebookError, read_codebook, read_qdpx
from focusgroup.store import Project


@pytest.fixture(scope="module")
def schemas(shared_dir: Path) -> dict[str, etree.XMLSchema]:
    folder = shared_dir / "standards" / "refi-qda"
    return {name: etree.XMLSchema(etree.parse(str(folder / f"{name}.xsd"))) for name in ("Project", "Codebook")}


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with make_project(tmp_path / "studie.fgproj") as p:
        yield p


def _validate(schema: etree.XMLSchema, data: bytes) -> None:
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log


@pytest.mark.parametrize("real_names", [False, True])
def test_qdpx_validates_and_round_trips(project: Project, tmp_path: Path, schemas, real_names: bool) -> None:
    out = export_project(project, "qdpx", tmp_path / "studie.qdpx", real_names=real_names)
    with zipfile.ZipFile(out) as zf:
        _validate(schemas["Project"], zf.read("project.qde"))
        assert all(n == "project.qde" or (n.startswith("Sources/") and n.endswith(".txt")) for n in zf.namelist())
    view = build_view(project, real_names=real_names)
    back = read_qdpx(out)

    # Sources: same texts, byte for byte (æøå included).
    assert sorted(s.text for s in back.sources) == sorted(s.text for s in view.sources)
    assert {s.name for s in back.sources} == {s.name for s in view.sources}

    # Codes: the themes, with the hierarchy kept, plus sentiment and key-quote codes.
    codes = back.code_by_guid()
    by_name = {c.name: c for c in back.codes}
    for theme in view.themes:
        assert theme.label in by_name
    assert codes[by_name["Fast kontaktperson"].parent_guid].name == "Kontakt med sagsbehandler"
    assert by_name["Kurser og opkvalificering"].parent_guid is None
    assert not by_name["Sentiment"].codable and {"positiv", "neutral", "negativ"} <= set(by_name)

    # Selections: one per quote, text at the offsets equals the quote, coded with its theme.
    assert len(back.selections) == len(view.quotes)
    quotes_by_text = {q.text: q for q in view.quotes}
    for sel in back.selections:
        q = quotes_by_text[sel.text]
        assert (sel.start, sel.end) == (q.out_start, q.out_end)
        theme_id = view.theme_of(q.id)
        coded = {codes[g].name for g in sel.code_guids}
        if theme_id is not None:
            assert view.theme_by_id[theme_id].label in coded
        if q.id in view.key_quotes:
            assert "Nøglecitat" in coded
        s = view.sentiments.get(q.id)
        if s is not None:
            assert s.label in coded

    # Memos as notes on the theme code and on the selection.
    kontakt = by_name["Kontakt med sagsbehandler"]
    assert back.notes[kontakt.note_guids[0]].startswith("Største tema.")
    noted = [sel for sel in back.selections if sel.note_guids]
    assert [back.notes[sel.note_guids[0]] for sel in noted] == [view.quote_memo(quotes_by_text[noted[0].text].id)]

    # Survey background fields as typed variables on respondent cases.
    survey_cases = [c for c in back.cases if "Alder" in c.variables]
    assert len(survey_cases) == 4
    ages = sorted(c.variables["Alder"] for c in survey_cases)
    assert ages == [27, 34, 45, 51]
    assert {c.variables["Kommune"] for c in survey_cases} == {"Århus", "Ålborg", "Næstved", "Køge"}
    speaker_cases = [c for c in back.cases if "Rolle" in c.variables]
    assert sorted(c.variables["Rolle"] for c in speaker_cases) == ["deltager", "deltager", "moderator"]
    selection_guids = {s.guid for s in back.selections}
    assert all(set(c.selection_guids) <= selection_guids for c in back.cases)


def test_pseudonymised_qdpx_contains_no_real_names(project: Project, tmp_path: Path) -> None:
    out = export_project(project, "qdpx", tmp_path / "studie.qdpx")
    with zipfile.ZipFile(out) as zf:
        blob = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8")
    for name in REAL_NAMES:
        assert name not in blob
    back = read_qdpx(out)
    # The offsets were recomputed on the pseudonymised text: every selection still lands on its quote.
    view = build_view(project)
    assert sorted(sel.text for sel in back.selections) == sorted(q.text for q in view.quotes)


def test_guids_are_stable_across_exports(project: Project, tmp_path: Path) -> None:
    a = read_qdpx(export_project(project, "qdpx", tmp_path / "a.qdpx"))
    b = read_qdpx(export_project(project, "qdpx", tmp_path / "b.qdpx"))
    assert [c.guid for c in a.codes] == [c.guid for c in b.codes]
    assert [s.guid for s in a.selections] == [s.guid for s in b.selections]
    assert len({s.guid for s in a.selections} | {c.guid for c in a.codes}) == len(a.selections) + len(a.codes)


def test_qdc_validates_and_reads_back_as_guided_themes(project: Project, tmp_path: Path, schemas) -> None:
    out = export_project(project, "qdc", tmp_path / "kodebog.qdc")
    _validate(schemas["Codebook"], out.read_bytes())
    codebook = read_codebook(out)
    assert [name for name, _ in codebook] == [
        "Kontakt med sagsbehandler", "Fast kontaktperson", "Kurser og opkvalificering", "Tilgængelighed",
    ]
    assert dict(codebook)["Kontakt med sagsbehandler"].startswith("Oplevelser med")
    assert dict(codebook)["Tilgængelighed"] == "Nøgleord: åbningstider, ventetid"


def test_read_codebook_from_a_hand_written_qdc_without_namespace(tmp_path: Path) -> None:
    qdc = tmp_path / "andet_vaerktoej.qdc"
    qdc.write_text(
        '<?xml version="1.0" encoding="utf-8"?><CodeBook><Codes>'
        '<Code guid="a" name="Økonomi" isCodable="false"><Code guid="b" name="Gæld" isCodable="true">'
        "<Description>Bekymring for gæld</Description></Code></Code></Codes></CodeBook>",
        encoding="utf-8",
    )
    assert read_codebook(qdc) == [("Gæld", "Bekymring for gæld")]


@pytest.mark.parametrize("content,code,problem", [
    (b"not xml at all <", "refi_bad_xml", "not valid XML"),
    (b"<Project name='x'/>", "refi_no_codes", "no codes"),
    (b"<html/>", "refi_not_codebook", "not a REFI-QDA codebook"),
])
def test_bad_codebooks_name_the_file_and_problem(tmp_path: Path, content: bytes, code: str, problem: str) -> None:
    bad = tmp_path / "ødelagt.qdc"
    bad.write_bytes(content)
    with pytest.raises(CodebookError) as err:
        read_codebook(bad)
    assert err.value.code == code and problem in err.value.message("en")
    assert "ødelagt.qdc" in err.value.message("da") and "ødelagt.qdc" in err.value.message("en")


def test_read_qdpx_rejects_a_non_zip(tmp_path: Path) -> None:
    bad = tmp_path / "x.qdpx"
    bad.write_text("hej")
    with pytest.raises(CodebookError) as err:
        read_qdpx(bad)
    assert err.value.code == "refi_not_qdpx" and "ikke en .qdpx-fil" in err.value.message("da")


def test_exported_codebook_feeds_the_guided_themes_reader(project: Project, tmp_path: Path) -> None:
    guided = pytest.importorskip("focusgroup.themes.guided")
    out = export_project(project, "qdc", tmp_path / "kodebog.qdc")
    assert guided.read_codebook(out) == read_codebook(out)


def test_control_characters_and_emoji_survive(tmp_path: Path, schemas) -> None:
    from focusgroup.records import ParsedSource, Quote, Source, Speaker

    text = "Anne: Det var godt 👍\x0b virkelig.\nBo: Æv\x0c, øv og å.\n"
    said = [("Anne", "Det var godt 👍\x0b virkelig."), ("Bo", "Æv\x0c, øv og å.")]
    quotes = [Quote(t, text.index(t), text.index(t) + len(t), who) for who, t in said]
    with Project(tmp_path / "tegn.fgproj") as p:
        p.add_parsed(ParsedSource(Source("tegn.txt", text), [Speaker("Anne"), Speaker("Bo")], quotes))
        p.set_memo("quote", str(p.quotes()[0].id), "Notat med \x0b lodret tab")
        out = export_project(p, "qdpx", tmp_path / "tegn.qdpx", real_names=True)
    with zipfile.ZipFile(out) as zf:
        _validate(schemas["Project"], zf.read("project.qde"))
    back = read_qdpx(out)
    assert back.sources[0].text == text
    assert [s.text for s in back.selections] == [q.text for q in quotes]


def test_a_stored_pseudonymisation_is_what_the_qdpx_shows(project: Project, tmp_path: Path) -> None:
    from focusgroup.privacy import pseudonymize_project

    pseudonymize_project(project, use_ner=False)
    stored = project.pseudonymized_quotes()
    assert any("[Moderator 1]" in t for t in stored.values())  # "Lise Holm" inside a quote
    out = export_project(project, "qdpx", tmp_path / "lagret.qdpx")
    back = read_qdpx(out)
    view = build_view(project)
    assert sorted(sel.text for sel in back.selections) == sorted(stored.values())
    for q in view.quotes:
        assert view.source_by_id[q.source_id].text[q.out_start : q.out_end] == stored[q.id]


def test_read_qdpx_from_another_tool_layout(tmp_path: Path) -> None:
    """Source files at the archive root (as some tools write them) and a UTF-8 BOM still read."""
    qde = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        '<CodeBook><Codes><Code guid="c1" name="Ventetid" isCodable="true"/></Codes></CodeBook><Sources>'
        '<TextSource guid="s1" name="Interview" plainTextPath="internal://s1.txt">'
        '<PlainTextSelection guid="p1" startPosition="4" endPosition="12"><Coding guid="k1">'
        '<CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource></Sources></Project>'
    )
    out = tmp_path / "andet.qdpx"
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("project.qde", qde)
        zf.writestr("s1.txt", "\ufeffJeg ventede længe.".encode())
    back = read_qdpx(out)
    assert back.selections[0].text == "ventede " and back.selections[0].code_guids == ["c1"]
    missing = tmp_path / "mangler.qdpx"
    with zipfile.ZipFile(missing, "w") as zf:
        zf.writestr("project.qde", qde)
    with pytest.raises(CodebookError) as err:
        read_qdpx(missing)
    assert err.value.code == "refi_source_missing" and "not in the archive" in err.value.message("en")


def test_researchers_codings_and_survey_questions_are_in_the_qdpx(project: Project, tmp_path: Path, schemas) -> None:
    from focusgroup.coding import review
    from focusgroup.store import coding as store

    quotes = project.quotes()
    store.add_code(project, "Kontakt", "Al kontakt")
    store.add_code(project, "Telefon", "At ringe ind", parent="Kontakt")
    review.code_quotes(project, [quotes[1].id, quotes[2].id], "Telefon", "Anna")
    review.code_quotes(project, [quotes[2].id], "Telefon", "Bo")
    out = export_project(project, "qdpx", tmp_path / "studie.qdpx")
    with zipfile.ZipFile(out) as zf:
        qde = zf.read("project.qde")
    _validate(schemas["Project"], qde)
    back = read_qdpx(out)
    codes = back.code_by_guid()
    by_name = {c.name: c for c in back.codes}
    assert codes[by_name["Telefon"].parent_guid].name == "Kontakt" and by_name["Telefon"].description == "At ringe ind"
    assert {"Anna", "Bo"} <= set(back.users.values())
    # each coding names its coder as the creating user
    root = etree.fromstring(qde)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    coded = [(c.getparent().get("guid"), back.users[c.get("creatingUser")])
             for c in root.iterfind(".//q:PlainTextSelection/q:Coding", ns)
             if c.find("q:CodeRef", ns).get("targetGUID") == by_name["Telefon"].guid]
    view = build_view(project)
    sel_of = {s.guid: s for s in back.selections}
    texts = {q.id: q.text for q in view.quotes}
    assert sorted((sel_of[g].text, who) for g, who in coded) == sorted(
        [(texts[quotes[1].id], "Anna"), (texts[quotes[2].id], "Anna"), (texts[quotes[2].id], "Bo")])
    # every survey answer is coded with its question, under "Spørgsmål", and the Description names it
    answers = [q for q in view.quotes if q.column]
    assert answers
    questions = by_name["Spørgsmål"]
    assert not questions.codable
    for q in answers:
        sel = next(s for s in back.selections if s.text == q.text and s.start == q.out_start)
        assert q.column in {codes[g].name for g in sel.code_guids if codes[g].parent_guid == questions.guid}
        assert f"Spørgsmål: {q.column}" in sel.description


def test_codebook_descriptions_follow_the_export_language(project: Project, tmp_path: Path) -> None:
    """Names stay (their GUIDs and re-imports depend on them); a description the tool writes is in the
    export's language: "Nøgleord: ..." in Danish, "Keywords: ..." in English."""
    out = export_project(project, "qdc", tmp_path / "codebook.qdc", lang="en")
    codebook = dict(read_codebook(out))
    assert codebook["Tilgængelighed"] == "Keywords: åbningstider, ventetid"
    assert codebook["Kontakt med sagsbehandler"].startswith("Oplevelser med")  # the researcher's own text


@pytest.mark.parametrize(("lang", "exported", "row"), [(None, "Eksporteret fra focusgroup (pseudonymiseret)", ", række "),
                                                      ("en", "Exported from focusgroup (pseudonymised)", ", row ")])
def test_project_description_and_case_names_follow_the_export_language(
        project: Project, tmp_path: Path, schemas, lang: str | None, exported: str, row: str) -> None:
    """The project's description, the sentiment/key-quote/question descriptions and a survey case's name are
    free text (their GUIDs come from ids, not names), so they follow the export's language; the codes' names
    ("Nøglecitat", "Sentiment") stay, and the file stays schema-valid."""
    out = export_project(project, "qdpx", tmp_path / f"studie_{lang}.qdpx", lang=lang)
    with zipfile.ZipFile(out) as zf:
        qde = zf.read("project.qde")
    _validate(schemas["Project"], qde)
    root = etree.fromstring(qde)
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert root.find("q:Description", ns).text.startswith(exported)
    cases = [c.get("name") for c in root.iterfind(".//q:Case", ns)]
    survey = [c for c in cases if row in c]
    assert len(survey) == 4, cases
    assert not any((", row " if lang is None else ", række ") in c for c in cases)
    key = root.find(".//q:Code[@name='Nøglecitat']/q:Description", ns).text
    assert key == ("Quotes the researcher marked as key quotes" if lang else "Citater forskeren har markeret som nøglecitater")
