"""The Excel workbook: sheets, values, valid sheet names and formula-injection protection."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_export_view import REAL_NAMES, make_project

from focusgroup.export import export_project
from focusgroup.export.xlsx import sheet_name
from focusgroup.store import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with make_project(tmp_path / "studie.fgproj") as p:
        yield p


def _cells(ws) -> list[object]:
    return [c.value for row in ws.iter_rows() for c in row if c.value is not None]


def test_workbook_has_overview_theme_sheets_and_codebook(project: Project, tmp_path: Path) -> None:
    out = export_project(project, "xlsx", tmp_path / "studie.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Oversigt", "Kontakt med sagsbehandler", "Kurser og opkvalificering", "Tilgængelighed",
        "Fast kontaktperson", "Kodebog",  # every analysed quote has a theme: no "Uden tema" sheet
        "Tilfredshed",  # satisfaction by theme x group (export.satisfaction); no wave/scale/reply sheets here
    ]
    satisfaction = wb["Tilfredshed"]
    assert satisfaction["A1"].value == "Hvor er tilfredsheden lavest, og for hvem?"
    assert satisfaction["A4"].value == "Rang" and satisfaction["B4"].value == "Tema"
    # 7 analysed quotes: every theme x group cell is under the minimum of 8, so all are left out and said so.
    assert "Celler med under 8 citater er udeladt" in satisfaction["A2"].value
    assert satisfaction.max_row == 4
    overview = wb["Oversigt"]
    header_row = [c.value for c in overview[4]]
    assert header_row[:6] == ["Tema", "Overordnet tema", "Citater", "Citater med etikettens ord", "Andel af citater",
                              "Dækning (tekst)"]
    rows = {r[0]: r for r in overview.iter_rows(min_row=5, values_only=True)}
    kontakt = rows["Kontakt med sagsbehandler"]
    # 2 of the 7 analysed quotes (not the moderator, not "Ved ikke"), one transcript + one survey.
    assert kontakt[2] == 2 and kontakt[4] == pytest.approx(2 / 7) and kontakt[7] == 2
    assert kontakt[10] == pytest.approx(1.0)  # both negative
    # the label's words: neither quote says "kontakt"; both course quotes say "Kurserne"/"kurset" (stats.label_share)
    assert kontakt[3] == 0 and rows["Kurser og opkvalificering"][2:4] == (2, 2)
    assert rows["Fast kontaktperson"][1] == "Kontakt med sagsbehandler"
    assert overview.freeze_panes == "A5"

    sheet = wb["Kontakt med sagsbehandler"]
    assert sheet.freeze_panes == "A3"
    header = [c.value for c in sheet[2]]
    assert header[:3] == ["Citat", "Taler", "Rolle"] and "Kommune" in header
    data = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(data) == 2
    assert data[0][7] == "★"  # the researcher's key quote comes first
    assert data[0][0].startswith("Min sagsbehandler ringer aldrig tilbage")
    assert sheet.column_dimensions["A"].width > 50 and sheet["A3"].alignment.wrap_text
    memo = [r[8] for r in data if r[8]]
    assert memo and memo[0].startswith("Gentaget klage")
    assert "Ålborg" in data[1]

    codebook = wb["Kodebog"]
    assert "Største tema. " in " ".join(str(v) for v in _cells(codebook)).replace("Moderator 1", "")
    header = [c.value for c in codebook[2]]
    assert header[-2:] == ["Citater", "Citater med etikettens ord"]
    book = {r[0]: r for r in codebook.iter_rows(min_row=3, values_only=True)}
    assert book["Kurser og opkvalificering"][-2:] == (2, 2) and book["Kontakt med sagsbehandler"][-1] == 0


def test_formula_like_cells_are_text_with_quote_prefix(project: Project, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export_project(project, "xlsx", tmp_path / "studie.xlsx"))
    risky = [c for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value[:1] for c in risky} >= {"=", "@"}
    for c in risky:
        assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)
    # The quote text itself is unchanged.
    assert any(c.value.startswith('=HYPERLINK("http://x") jeg mangler') for c in risky)


def test_xlsx_is_pseudonymised_unless_asked(project: Project, tmp_path: Path) -> None:
    pseudo = openpyxl.load_workbook(export_project(project, "xlsx", tmp_path / "p.xlsx"))
    text = " ".join(str(v) for ws in pseudo for v in _cells(ws))
    assert not any(name in text for name in REAL_NAMES)
    real = openpyxl.load_workbook(export_project(project, "xlsx", tmp_path / "r.xlsx", real_names=True))
    text = " ".join(str(v) for ws in real for v in _cells(ws))
    assert "Mette Sørensen" in text


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    names = [sheet_name(label, used) for label in [
        "Ventetid: telefon/mail [akut]?", "Ventetid: telefon/mail [akut]?", "x" * 40, "x" * 40, "'Citat'",
        "History", "", "Oversigt", "oversigt",
    ]]
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert 0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") and not n.startswith("'")
    assert names[0] == "Ventetid telefon mail akut"
    assert names[1] == "Ventetid telefon mail akut (2)"


def test_many_themes_with_long_similar_labels_open_in_excel(tmp_path: Path) -> None:
    from focusgroup.records import Assignment, Theme

    with make_project(tmp_path / "mange.fgproj") as p:
        run = p.start_run({})
        label = "Sagsbehandlerens tilgængelighed og kontakt pr. telefon"
        ids = p.save_themes(run, [Theme(f"{label} {i}") for i in range(12)])
        p.save_assignments(run, [Assignment(q.id, ids[i % 12]) for i, q in enumerate(p.quotes())])
        p.finish_run(run)
        wb = openpyxl.load_workbook(export_project(p, "xlsx", tmp_path / "mange.xlsx"))
    theme_sheets = [n for n in wb.sheetnames if n.startswith("Sagsbehandlerens")]
    assert len(theme_sheets) == 12 == len(set(theme_sheets))  # one per theme, even the empty ones
    assert all(len(n) <= 31 for n in theme_sheets)
    # Each sheet's title row still carries the full label.
    assert {wb[n]["A1"].value for n in theme_sheets} == {f"{label} {i}" for i in range(12)}


def test_group_sheet_when_the_run_compared_groups(tmp_path: Path) -> None:
    with make_project(tmp_path / "g.fgproj", params={"group_by": "Ydelse"}) as p:
        wb = openpyxl.load_workbook(export_project(p, "xlsx", tmp_path / "g.xlsx"))
    ws = wb["Grupper (Ydelse)"]
    assert [c.value for c in ws[2]] == ["Tema", "kontanthjælp", "dagpenge"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["Tilgængelighed"] == (1.0, 0.0) and rows["Kontakt med sagsbehandler"] == (0.0, 1.0)


def test_overview_title_is_the_study_title_when_set(project: Project, tmp_path: Path) -> None:
    """The workbook's first line names the study as the Word report does, not the project file's stem."""
    out = export_project(project, "xlsx", tmp_path / "uden.xlsx")
    assert openpyxl.load_workbook(out)["Oversigt"]["A1"].value == "Temaer – studie"
    project.set_setting("study.title", "Brugerundersøgelse i jobcentret 2021")
    out = export_project(project, "xlsx", tmp_path / "med.xlsx")
    assert openpyxl.load_workbook(out)["Oversigt"]["A1"].value == "Temaer – Brugerundersøgelse i jobcentret 2021"


def test_a_kept_respondent_id_column_is_explained_beside_the_renumbered_speakers(tmp_path: Path) -> None:
    """make demo's workbook showed the speaker "Respondent 7" beside the column "Respondent" = 31046694 with
    nothing to say that the id is the survey's own and kept (issue 15: ids are never pseudonymised, a
    researcher joins on them): a reader could take "Respondent 7" to hide who answered."""
    from focusgroup.pipeline import import_files

    csv = tmp_path / "survey.csv"
    csv.write_text("Respondent;Hvad kan vi gøre bedre?\n31015477;Svar hurtigere på mails, tak.\n"
                   "31017352;Brevene kommer for sent, nogle gange efter mødet.\n", encoding="utf-8")
    with Project(tmp_path / "s.fgproj") as p:
        import_files(p, [csv], text_columns=["Hvad kan vi gøre bedre?"])
        pseudo = export_project(p, "xlsx", tmp_path / "p.xlsx")
        english = export_project(p, "xlsx", tmp_path / "en.xlsx", lang="en")
        real = export_project(p, "xlsx", tmp_path / "r.xlsx", real_names=True)
    line = openpyxl.load_workbook(pseudo)["Oversigt"]["A2"].value
    assert line.endswith("Pseudonymiseret. Respondenterne har nye løbenumre (»Respondent 1« …), men kolonnen "
                         "»Respondent« er spørgeskemaets eget respondent-id og står uændret: id-, dato- og skalakolonner "
                         "pseudonymiseres ikke, så svarene kan kobles til andre data. Den, der har rådata, kan derfor se, "
                         "hvem der svarede."), line
    assert "the column “Respondent” is the survey's own respondent id" in openpyxl.load_workbook(english).worksheets[0]["A2"].value
    assert openpyxl.load_workbook(real)["Oversigt"]["A2"].value.endswith("Med rigtige navne.")


def test_no_id_note_without_a_renumbered_respondent(project: Project, tmp_path: Path) -> None:
    line = openpyxl.load_workbook(export_project(project, "xlsx", tmp_path / "s.xlsx"))["Oversigt"]["A2"].value
    assert line.endswith("Pseudonymiseret."), line
