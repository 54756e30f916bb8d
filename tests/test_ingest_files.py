"""Ingestion of hand-made files: encodings, every format, and every way a file can be bad."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from ingest_helpers import check_offsets, make_pdf

from focusgroup.ingest import SUPPORTED_EXTENSIONS, IngestError, propose_text_columns, read_file, read_files
from focusgroup.records import MODERATOR, PARTICIPANT, UNKNOWN_SPEAKER, ParsedSource

DANISH = "Moderator: Hvordan var mødet på jobcentret?\nDeltager 1: Sagsbehandleren var sød – og jeg fik €200 i tilskud. Æble, ø, Å.\n"


def parse(path: Path, **kwargs: object) -> ParsedSource:
    [parsed] = read_file(path, **kwargs)
    assert parsed.quotes
    check_offsets(parsed)
    return parsed


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (b"\xef\xbb\xbf" + DANISH.encode("utf-8"), "utf-8-sig"),
        (DANISH.encode("utf-8"), "utf-8"),
        (DANISH.encode("cp1252"), "cp1252"),
        (DANISH.replace("–", "-").replace("€", "EUR").encode("latin-1"), "latin-1"),
        (DANISH.encode("utf-16"), "utf-16"),  # Excel's "Unicode text" export
        (DANISH.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
        (DANISH.replace("–", "-").replace("€", "EUR").encode("cp850"), "cp850"),  # old DOS
        (DANISH.replace("–", "-").replace("€", "EUR").encode("mac_roman"), "mac_roman"),
    ],
)
def test_encodings_keep_danish_letters(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    parsed = parse(write(tmp_path, "fg.txt", encoded))
    assert parsed.source.encoding == encoding
    text = parsed.source.text
    assert "\r" not in text and "\ufeff" not in text
    answer = parsed.quotes[1].text
    assert answer.startswith("Sagsbehandleren var sød")
    assert answer.endswith("Æble, ø, Å.")
    assert [q.speaker for q in parsed.quotes] == ["Moderator", "Deltager 1"]


def test_english_cp1252_with_curly_quotes_stays_cp1252(tmp_path: Path) -> None:
    text = "Interviewer: What\u2019s the \u2018best\u2019 part?\nParticipant: I don\u2019t know \u2013 the \u201cplots\u201d.\n"
    parsed = parse(write(tmp_path, "en.txt", (text * 5).encode("cp1252")))
    assert parsed.source.encoding == "cp1252"
    assert parsed.quotes[0].text == "What\u2019s the \u2018best\u2019 part?"


def test_decomposed_letters_become_nfc(tmp_path: Path) -> None:
    parsed = parse(write(tmp_path, "nfd.md", "Deltager 2: Det var pa\u030a tide.\n".encode()))
    assert parsed.quotes[0].text == "Det var p\u00e5 tide."


# --- formats ----------------------------------------------------------------------------------------


def test_docx_paragraphs_and_table_transcript(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("Fokusgruppe 2, Jobcenter Nord")
    doc.add_paragraph("Moderator: Hvad synes I om jobklubben?")
    doc.add_paragraph("Deltager 3: Timerne er alt for lange.")
    doc.add_paragraph("Det er spild af tid.")
    table = doc.add_table(rows=2, cols=3)
    for row, cells in enumerate([("00:10:02", "Moderator", "Og brevene fra kommunen?"), ("00:10:09", "Deltager 4", "Dem forstår jeg ikke.")]):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    path = tmp_path / "fg.docx"
    doc.save(path)
    parsed = parse(path)
    assert [(q.speaker, q.role, q.timestamp, q.text) for q in parsed.quotes] == [
        ("Moderator", MODERATOR, None, "Hvad synes I om jobklubben?"),
        ("Deltager 3", PARTICIPANT, None, "Timerne er alt for lange.\nDet er spild af tid."),
        ("Moderator", MODERATOR, "00:10:02", "Og brevene fra kommunen?"),
        ("Deltager 4", PARTICIPANT, "00:10:09", "Dem forstår jeg ikke."),
    ]
    assert any("før den første talerangivelse" in w for w in parsed.warnings)  # Danish first (issue 17)


def test_odt(tmp_path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    doc = OpenDocumentText()
    for line in ["I: Hvordan gik samtalen?", "D1: Den gik godt, jeg følte mig hørt.", "I: Og telefonen?", "D1: Svær at komme igennem."]:
        doc.text.addElement(P(text=line))
    path = tmp_path / "interview.odt"
    doc.save(str(path))
    parsed = parse(path)
    assert [(s.name, s.role) for s in parsed.speakers] == [("I", MODERATOR), ("D1", PARTICIPANT)]
    assert parsed.quotes[1].text == "Den gik godt, jeg følte mig hørt."


def test_pdf_reflow_page_numbers_and_own_line_names(tmp_path: Path) -> None:
    pages = [
        ["Interview 3", "Moderator:", "Hvordan oplevede du skiftet af sagsbehandler? Vi", "starter med dig, Søren.", "1/2"],
        ["Søren:", "Det var hårdt, jeg skulle fortælle", "det hele forfra. Tre gange.", "Moderator:", "Tak.", "2/2"],
    ]
    parsed = parse(write(tmp_path, "interview.pdf", make_pdf(pages)))
    assert [(q.speaker, q.text) for q in parsed.quotes] == [
        ("Moderator", "Hvordan oplevede du skiftet af sagsbehandler? Vi starter med dig, Søren."),
        ("Søren", "Det var hårdt, jeg skulle fortælle det hele forfra. Tre gange."),
        ("Moderator", "Tak."),
    ]
    assert "1/2" not in parsed.source.text
    assert parsed.quotes[2].informative is False  # a one-word back-channel turn


def test_pdf_encrypted_gives_clear_error(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf([["Moderator: Hej."]]))))
    writer.encrypt("hemmelig", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    path = write(tmp_path, "interview.pdf", buf.getvalue())
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.code == "encrypted"
    assert str(info.value).startswith("interview.pdf: the PDF is encrypted")
    assert "krypteret" in info.value.message_da


def test_vtt_teams_cues_merged_by_speaker(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n"
        "a1/1-0\n00:00:03.520 --> 00:00:05.140\n<v Mette Hansen>Velkommen til.</v>\n\n"
        "a1/2-0\n00:00:05.140 --> 00:00:08.000\n<v Mette Hansen>Hvordan var kontakten?</v>\n\n"
        "NOTE transcribed by Teams\n\n"
        "00:00:09.000 --> 00:00:11.000\n<v Jens Ø. Sørensen>Min sagsbehandler &amp; jeg</v>\n\n"
        "00:00:11.000 --> 00:00:13.500\n<v Jens Ø. Sørensen>har et godt forhold.</v>\n"
    )
    parsed = parse(write(tmp_path, "teams.vtt", vtt.encode()))
    assert [(q.speaker, q.timestamp, q.text) for q in parsed.quotes] == [
        ("Mette Hansen", "00:00:03.520", "Velkommen til. Hvordan var kontakten?"),
        ("Jens Ø. Sørensen", "00:00:09.000", "Min sagsbehandler & jeg har et godt forhold."),
    ]


def test_srt_labels_and_continuation_cues(tmp_path: Path) -> None:
    srt = (
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nModerator: Hej og velkommen.\r\n\r\n"
        "2\r\n00:00:02,500 --> 00:00:04,000\r\nHvad synes I?\r\n\r\n"
        "3\r\n00:01:05,000 --> 00:01:06,000\r\nDeltager 1: Det var fint.\r\n"
    )
    parsed = parse(write(tmp_path, "fg.srt", srt.encode("cp1252")))
    assert [(q.speaker, q.role, q.timestamp, q.text) for q in parsed.quotes] == [
        ("Moderator", MODERATOR, "00:00:01.000", "Hej og velkommen. Hvad synes I?"),
        ("Deltager 1", PARTICIPANT, "00:01:05.000", "Det var fint."),
    ]


def test_long_vtt_turn_passages_get_their_cue_time(tmp_path: Path) -> None:
    cues = [f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900\n<v Anne>Sætning nummer {i} handler om jobcentret.</v>" for i in range(60)]
    parsed = parse(write(tmp_path, "lang.vtt", ("WEBVTT\n\n" + "\n\n".join(cues)).encode()))
    assert len(parsed.quotes) > 3 and {q.turn for q in parsed.quotes} == {0}
    for q in parsed.quotes:
        number = int(q.text.split()[2])
        assert q.timestamp == f"00:{number // 60:02d}:{number % 60:02d}.000"


def test_parlamint_tei(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "transcripts" / "parlamint-dk-sample"
    parsed = parse(next(folder.glob("*.xml")))
    assert [s.name for s in parsed.speakers] == ["KristensenHenrikDam", "TorpTrine"]
    assert all(s.role == MODERATOR for s in parsed.speakers)  # both chair the sitting
    assert parsed.quotes[0].text.startswith("Mødet er åbnet.")
    assert parsed.quotes[0].timestamp == "13:00:23"
    assert all(len(q.text) <= 600 for q in parsed.quotes)
    assert "SAMPLING" not in parsed.source.text


def test_xlsx_takes_biggest_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Info"
    notes.append(["Undersøgelse om jobcentret, eksporteret fra SurveyXact med mange lange forklaringer"])
    data = wb.create_sheet("Besvarelser")
    data.append(["Respondent", "Ydelse", "Hvad kan jobcentret gøre bedre?"])
    answers = ["Ringe tilbage når de har lovet det", "ved ikke", None, "Skrive breve man kan forstå uden advokat", "-"]
    for i, answer in enumerate(answers, start=101):
        data.append([i, "dagpenge" if i % 2 else "kontanthjælp", answer])
    path = tmp_path / "survey.xlsx"
    wb.save(path)
    parsed = parse(path)
    assert parsed.source.metadata["sheet"] == "Besvarelser"
    assert [q.speaker for q in parsed.quotes] == [f"Respondent {i}" for i in range(101, 106)]
    assert [q.informative for q in parsed.quotes] == [True, False, False, True, False]
    assert parsed.quotes[2].text == ""  # a blank answer is kept, flagged
    assert parsed.quotes[0].metadata == {"Respondent": "101", "Ydelse": "dagpenge"}
    assert any("Info" in w for w in parsed.warnings)


# --- bad input ----------------------------------------------------------------------------------------


def _broken_zip(tmp_path: Path, name: str) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>" * 200)
    return write(tmp_path, name, buf.getvalue()[: len(buf.getvalue()) // 2])


@pytest.mark.parametrize(
    ("name", "data", "code", "message"),
    [
        ("tom.txt", b"", "empty", "tom.txt: the file is empty"),
        ("blank.docx", b"  \n\n ", "empty", "blank.docx: the file is empty"),
        ("noter.doc", b"\xd0\xcf\x11\xe0 old word", "unsupported", "noter.doc: files of type '.doc' are not supported; save it as .docx"),
        ("lyd.mp3", b"ID3....", "unsupported", "lyd.mp3: files of type '.mp3' are not supported; transcribe the audio first"),
        ("fg.docx", DANISH.encode(), "mislabelled", "fg.docx: the file is named .docx but is really plain text"),
        ("svar.xlsx", b"id;svar\n1;godt\n", "mislabelled", "svar.xlsx: the file is named .xlsx but is really plain text"),
        ("fg.pdf", DANISH.encode(), "mislabelled", "fg.pdf: the file is named .pdf but is really plain text"),
        ("fg.txt", make_pdf([["Moderator: Hej"]]), "mislabelled", "fg.txt: the file is named .txt but is really a PDF"),
        ("billede.txt", bytes(range(256)) * 40, "binary", "billede.txt: the file is not a text file"),
        ("brudt.pdf", b"%PDF-1.4\n1 0 obj <<", "corrupt", None),
        ("fg.vtt", b"Moderator: ingen tider her\n", "no_cues", None),
        ("ting.xml", b"<root><p>Hej</p></root>", "not_tei", None),
        ("brudt.xml", b"<TEI><u who='#a'>Hej", "corrupt", None),
        ("header.csv", b"id;svar\n", "no_rows", None),
    ],
)
def test_bad_files_name_file_and_problem(tmp_path: Path, name: str, data: bytes, code: str, message: str | None) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(IngestError) as info:
        read_file(path)
    assert info.value.code == code
    assert str(info.value).startswith(f"{name}: ")
    if message:
        assert str(info.value) == message


@pytest.mark.parametrize("name", ["fg.docx", "svar.xlsx", "fg.odt"])
def test_corrupt_zip(tmp_path: Path, name: str) -> None:
    with pytest.raises(IngestError) as info:
        read_file(_broken_zip(tmp_path, name))
    assert info.value.code == "corrupt"
    assert "damaged" in str(info.value)


def test_csv_that_is_an_excel_workbook(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["id", "svar"])
    path = tmp_path / "svar.csv"
    wb.save(path)
    with pytest.raises(IngestError, match=r"svar.csv: the file is named .csv but is really an Excel workbook"):
        read_file(path)


def test_random_bytes_never_raise_anything_but_ingest_error(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    for ext in SUPPORTED_EXTENSIONS:
        for prefix in (b"", b"PK\x03\x04", b"%PDF-1.7\n", b"WEBVTT\n\n", b"<?xml version='1.0'?>"):
            path = write(tmp_path, f"x{ext}", prefix + bytes(rng.randrange(256) for _ in range(3000)))
            good, bad = read_files([path])
            assert not good and len(bad) == 1 and str(bad[0]).startswith(f"x{ext}: ")


def test_text_without_labels_is_one_unknown_speaker(tmp_path: Path) -> None:
    text = "Jeg synes, at jobcentret gør det godt.\n\nMen brevene er svære at forstå.\n"
    parsed = parse(write(tmp_path, "noter.txt", text.encode()))
    assert [(s.name, s.role) for s in parsed.speakers] == [(UNKNOWN_SPEAKER, PARTICIPANT)]
    assert [q.text for q in parsed.quotes] == ["Jeg synes, at jobcentret gør det godt.", "Men brevene er svære at forstå."]
    assert [q.turn for q in parsed.quotes] == [0, 1]


def test_csv_transcript_with_speaker_and_text_columns(tmp_path: Path) -> None:
    data = "Speaker,Start Time,Text\nMette,00:00:01,Hej alle sammen.\nMette,00:00:04,Hvordan har I det?\nOle,00:00:09,\"Fint, tak.\"\n"
    path = write(tmp_path, "descript.csv", data.encode())
    parsed = parse(path)
    assert parsed.source.kind == "transcript"
    assert [(q.speaker, q.timestamp, q.text) for q in parsed.quotes] == [
        ("Mette", "00:00:01", "Hej alle sammen. Hvordan har I det?"),
        ("Ole", "00:00:09", "Fint, tak."),
    ]
    assert propose_text_columns(path) == []
    survey = parse(path, text_columns=["Text"])  # the user can still read it as a survey
    assert survey.source.kind == "survey" and len(survey.quotes) == 3


def test_proposed_columns_skip_names_addresses_categories_and_numbers(tmp_path: Path) -> None:
    rows = [
        ("1", "Jens Peter Hansen", "Vestergade 12, 2. th.", "dagpenge", "4", "Min sagsbehandler ringer altid tilbage samme dag."),
        ("2", "Anne Marie Sørensen", "Birkevej 7, 1. sal", "kontanthjælp", "2", "ved ikke"),
        ("3", "Ole Bo Nielsen", "Nørregade 3, st. tv.", "dagpenge", "5", "Brevene er svære at forstå, skriv dem kortere."),
        ("4", "Fatima Ali", "Søndergade 40", "dagpenge", "3", "-"),
        ("5", "Kim Larsen", "Åboulevarden 2", "kontanthjælp", "1", "jobklubben varer alt for længe hver dag"),
    ]
    data = "nr;Navn;Adresse;Ydelse;Tilfredshed;Kommentar\n" + "\n".join(";".join(r) for r in rows) + "\n"
    path = write(tmp_path, "svar.csv", data.encode("cp1252"))
    assert propose_text_columns(path) == ["Kommentar"]
    parsed = parse(path)
    assert [q.speaker for q in parsed.quotes] == [f"Respondent {i}" for i in range(1, 6)]
    assert [q.informative for q in parsed.quotes] == [True, False, True, False, True]
    assert parsed.quotes[2].metadata["Adresse"] == "Nørregade 3, st. tv."
    with pytest.raises(IngestError, match=r"svar.csv: column 'Svar' not found; the columns are: nr, Navn"):
        read_file(path, text_columns=["Svar"])


def test_ingest_error_survives_pickling(tmp_path: Path) -> None:
    import pickle

    with pytest.raises(IngestError) as info:
        read_file(write(tmp_path, "tom.csv", b""))
    copy = pickle.loads(pickle.dumps(info.value))
    assert (str(copy), copy.code, copy.message_da) == (str(info.value), "empty", "tom.csv: filen er tom")


def test_utf8_with_a_stray_cp1252_byte_keeps_the_utf8(tmp_path: Path) -> None:
    data = DANISH.encode("utf-8") * 3 + "Deltager 2: Én linje fra et andet program: bl\u00e5 bog.\n".encode("cp1252")
    parsed = parse(write(tmp_path, "blandet.txt", data))
    assert parsed.source.encoding == "utf-8 (2 invalid bytes replaced)"
    assert "Æble, ø, Å." in parsed.source.text and "Ã" not in parsed.source.text
    assert parsed.quotes[-1].text == "\ufffdn linje fra et andet program: bl\ufffd bog."


@pytest.mark.parametrize(
    ("name", "data", "delimiter"),
    [
        ("svar.csv", "id,Kommentar\n1,\"Jeg ringede, men ingen tog den; igen\"\n2,Brevene er for lange og svære\n", ","),
        ("svar.csv", "id;Kommentar\n1;\"Jeg ringede, men ingen tog den\"\n2;Brevene er for lange, og svære\n", ";"),
        ("svar.tsv", "id\tKommentar\n1\tJeg ringede, men ingen tog den; igen\n2\tBrevene er for lange, og svære\n", "\t"),
        ("svar.csv", "sep=|\nid|Kommentar\n1|Jeg ringede, men ingen tog den; igen\n2|Brevene er for lange, og svære\n", "|"),
    ],
)
def test_csv_delimiter_sniffed(tmp_path: Path, name: str, data: str, delimiter: str) -> None:
    parsed = parse(write(tmp_path, name, data.encode("utf-8")))
    assert parsed.source.metadata["delimiter"] == delimiter
    assert [q.text for q in parsed.quotes][0].startswith("Jeg ringede, men ingen tog den")
    assert [q.column for q in parsed.quotes] == ["Kommentar", "Kommentar"]
    assert [q.speaker for q in parsed.quotes] == ["Respondent 1", "Respondent 2"]


def test_xlsx_cell_line_breaks(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "linjer.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["id", "Kommentar"])
    sheet.write_row(1, 0, [1, "Første linje\r\nAnden linje om brevene fra jobcentret"])
    workbook.close()
    parsed = parse(path, text_columns=["Kommentar"])
    assert parsed.quotes[0].text == "Første linje\nAnden linje om brevene fra jobcentret"
