"""Hostile inputs, generated small: zip bombs, a sheet declaring A1:XFD1048576, huge texts, slow reads.

Every bomb here is a few KB on disk; each test asserts the refusal comes from ``focusgroup.limits``
(the limit's code and environment variable in the message), never from timing or from the machine
running out of memory. Limits are lowered through their environment variables where a real bomb at
the default limit would be too big to generate in a test.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from focusgroup import limits
from focusgroup.ingest import IngestError, propose_text_columns, read_file
from focusgroup.limits import LimitError

FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'


def _rezip(raw: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip with some members' bytes replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.pop(info.filename, src.read(info.filename)))
        for name, data in replace.items():
            dst.writestr(name, data)
    return out.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SURVEY_ROWS = [["id", "Hvad fungerer godt?"], ["1", "Sagsbehandleren ringede tilbage samme dag."],
               ["2", "Brevet var svært at forstå, men mødet hjalp."]]


def xlsx_bomb(far: bool = True) -> bytes:
    """A workbook declaring A1:XFD1048576 (17 billion cells); with ``far`` a real cell at XFD1048576."""
    raw = _xlsx(SURVEY_ROWS)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    head, _, rest = sheet.partition("<dimension")
    rest = rest.partition("/>")[2]
    sheet = head + '<dimension ref="A1:XFD1048576"/>' + rest
    if far:
        sheet = sheet.replace("</sheetData>", FAR_CELL + "</sheetData>")
    return _rezip(raw, {"xl/worksheets/sheet1.xml": sheet.encode()})


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def docx_with_document_xml(body: bytes) -> bytes:
    raw = _docx(["Interviewer: Hej"])
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
           b'wordprocessingml/2006/main"><w:body>' + body + b"</w:body></w:document>")
    return _rezip(raw, {"word/document.xml": xml})


def _para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def inflating_docx() -> bytes:
    """~6 MB of one repeated paragraph: compresses several hundred times (the 1.1 GB bomb, scaled down)."""
    return docx_with_document_xml(_para("Deltager 1: ja") * 150_000)


def varied_docx(n: int = 18_000) -> bytes:
    """~1.2 MB of varied paragraphs: an ordinary compression ratio, only its unpacked size is large."""
    rng = random.Random(3)
    words = ["sagsbehandler", "brev", "møde", "jobcenter", "ydelse", "telefon", "svar", "hjælp", "tid"]
    return docx_with_document_xml(b"".join(_para(" ".join(rng.choices(words, k=6)) + str(i)) for i in range(n)))


def odt_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b"<office:document-content>" + b"<text:p>ja</text:p>" * 400_000
                    + b"</office:document-content>")
    return buf.getvalue()


def qdpx_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", b'<?xml version="1.0"?><Project>' + b"<!-- x -->" * 800_000 + b"</Project>")
    return buf.getvalue()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _refused(path: Path, code: str) -> LimitError:
    with pytest.raises(LimitError) as info:
        read_file(path)
    err = info.value
    assert isinstance(err, IngestError) and err.code == code
    assert path.name in str(err) and limits.LIMITS[err.fields["limit"]].env in str(err)
    assert limits.LIMITS[err.fields["limit"]].env in err.message("da")
    return err


# -- the sheet that declares 17 billion cells ---------------------------------------------------


def test_xlsx_declaring_the_whole_sheet_with_a_far_cell_is_refused_by_its_content(tmp_path):
    path = _write(tmp_path, "bombe.xlsx", xlsx_bomb(far=True))
    assert path.stat().st_size < 10_000
    err = _refused(path, "limit_columns")  # XFD = column 16384: over the width limit before any row is built
    assert "16.384" in err.message("da") and "16,384" in err.message("en")


def test_xlsx_far_cell_within_the_width_limit_is_refused_by_rows_times_columns(tmp_path, monkeypatch):
    monkeypatch.setenv("FOCUSGROUP_MAX_SHEET_COLUMNS", "20000")
    err = _refused(_write(tmp_path, "bombe.xlsx", xlsx_bomb(far=True)), "limit_cells")
    assert err.fields["columns"] == 16384 and err.fields["rows"] == 1048576


def test_xlsx_declared_dimension_alone_is_ignored(tmp_path):
    """A wrong <dimension> with ordinary content is read by its real cells: two columns, two answers."""
    (parsed,) = read_file(_write(tmp_path, "svar.xlsx", xlsx_bomb(far=False)))
    assert [q.text for q in parsed.quotes] == [r[1] for r in SURVEY_ROWS[1:]]
    assert propose_text_columns(tmp_path / "svar.xlsx") == ["Hvad fungerer godt?"]


def test_app_upload_check_refuses_the_sheet_bomb(tmp_path):
    from focusgroup.ui import actions

    saved = actions.save_upload(tmp_path, "bombe.xlsx", xlsx_bomb(far=True))
    upload = actions.inspect_upload(actions.Upload("bombe.xlsx", saved), "da")
    assert "FOCUSGROUP_MAX_SHEET_COLUMNS" in upload.error and upload.parsed is None


def test_app_refuses_an_upload_over_the_size_limit_before_saving_it(tmp_path, monkeypatch):
    from focusgroup.ui import actions

    monkeypatch.setenv("FOCUSGROUP_MAX_FILE_MB", "1")

    def content() -> bytes:
        raise AssertionError("the bytes of a refused upload are never read")

    upload = actions.receive_upload(tmp_path, "stor.txt", 2_000_000, content, "da")
    assert "FOCUSGROUP_MAX_FILE_MB" in upload.error and not list(tmp_path.iterdir())
    ok = actions.receive_upload(tmp_path, "kort.txt", 20, lambda: b"Deltager: ja tak\n", "da")
    assert not ok.error and ok.path.exists()


def test_batch_refuses_the_sheet_bomb(tmp_path):
    from focusgroup.batch.reader import inspect_table

    with pytest.raises(LimitError) as info:
        inspect_table(_write(tmp_path, "bombe.xlsx", xlsx_bomb(far=True)), "Hvad fungerer godt?")
    assert info.value.code == "limit_columns"


def test_batch_reads_declared_dimension_by_content(tmp_path):
    from focusgroup.batch.reader import inspect_table, read_head

    info = inspect_table(_write(tmp_path, "svar.xlsx", xlsx_bomb(far=False)), "Hvad fungerer godt?")
    assert info.header == SURVEY_ROWS[0]
    assert read_head(info, 10) == SURVEY_ROWS[1:]


# -- zip-based formats ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,make", [("bombe.docx", inflating_docx), ("bombe.odt", odt_bomb)])
def test_zip_part_with_a_bomb_ratio_is_refused(tmp_path, name, make):
    path = _write(tmp_path, name, make())
    assert path.stat().st_size < 100_000
    err = _refused(path, "limit_ratio")
    assert err.fields["ratio"] > limits.value("zip_ratio")


def test_xlsx_part_with_a_bomb_ratio_is_refused(tmp_path):
    raw = _rezip(_xlsx(SURVEY_ROWS), {"xl/sharedStrings2.xml": b" " * 5_000_000})
    _refused(_write(tmp_path, "bombe.xlsx", raw), "limit_ratio")


def test_docx_over_the_unpacked_limit_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, "stor.docx", varied_docx())
    read_file(path)  # fine under the default limit
    monkeypatch.setenv("FOCUSGROUP_MAX_UNPACKED_MB", "1")
    err = _refused(path, "limit_unpacked")
    assert err.fields["max"] == 1


def test_xlsx_has_its_own_unpacked_limit(tmp_path, monkeypatch):
    rows = [["id", "svar"]] + [[str(i), f"Svar nummer {i} om mødet med jobcentret {i * 7919 % 10007}"]
                               for i in range(20_000)]
    path = _write(tmp_path, "stor.xlsx", _xlsx(rows))
    monkeypatch.setenv("FOCUSGROUP_MAX_UNPACKED_MB", "1")  # the docx/odt limit does not apply to xlsx
    read_file(path)
    monkeypatch.setenv("FOCUSGROUP_MAX_XLSX_UNPACKED_MB", "1")
    assert _refused(path, "limit_unpacked").fields["limit"] == "xlsx_unpacked_mb"


def test_qdpx_bomb_is_refused(tmp_path):
    from focusgroup.refi_qda.reader import read_qdpx

    with pytest.raises(LimitError) as info:
        read_qdpx(_write(tmp_path, "bombe.qdpx", qdpx_bomb()))
    assert info.value.code == "limit_ratio"


# -- text length, file size, time --------------------------------------------------------------------


def test_text_over_the_character_limit_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, "lang.txt", ("Deltager: " + "ja " * 400 + "\n").encode() * 5)
    read_file(path)
    monkeypatch.setenv("FOCUSGROUP_MAX_TEXT_CHARS", "1000")
    _refused(path, "limit_text")


def test_csv_over_the_cell_limit_is_refused(tmp_path, monkeypatch):
    path = _write(tmp_path, "svar.csv", b"id;svar\n" + b"".join(f"{i};ja tak\n".encode() for i in range(600)))
    monkeypatch.setenv("FOCUSGROUP_MAX_SHEET_CELLS", "1000")
    _refused(path, "limit_cells")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = _write(tmp_path, "stor.txt", b"Deltager: ja\n" * 200_000)
    monkeypatch.setenv("FOCUSGROUP_MAX_FILE_MB", "1")
    _refused(path, "limit_file")


@pytest.mark.parametrize("name", ["fokusgruppe_1_dagpenge.docx", "brugerundersoegelse_2020_2021.xlsx",
                                  "fokusgruppe_2_kontanthjaelp.txt"])
def test_time_budget_stops_the_reader(transcripts_dir, monkeypatch, name):
    monkeypatch.setenv("FOCUSGROUP_MAX_SECONDS", "0")
    _refused(transcripts_dir / name, "limit_time")


def test_limit_errors_survive_pickling(tmp_path):
    import pickle

    path = _write(tmp_path, "bombe.xlsx", xlsx_bomb(far=True))
    with pytest.raises(LimitError) as info:
        read_file(path)
    copy = pickle.loads(pickle.dumps(info.value))
    assert isinstance(copy, LimitError) and copy.message("en") == info.value.message("en")


def test_a_bad_limit_value_falls_back_to_the_default(monkeypatch):
    monkeypatch.setenv("FOCUSGROUP_MAX_UNPACKED_MB", "lots")
    assert limits.value("unpacked_mb") == limits.LIMITS["unpacked_mb"].default


def test_limits_command_lists_every_limit_with_its_variable():
    from typer.testing import CliRunner

    from focusgroup.cli import app

    result = CliRunner().invoke(app, ["limits"])
    assert result.exit_code == 0
    for lim in limits.LIMITS.values():
        assert lim.env in result.output
