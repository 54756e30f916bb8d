"""Ingestion on real files: the shared QualCoder examples and PDPilot PDFs, and the bundled sample data.

Every test checks the offset invariant for every quote (``source.text[start:end] == text``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import check_offsets

from focusgroup.ingest import IngestError, propose_text_columns, read_file, read_files
from focusgroup.records import MODERATOR, PARTICIPANT, RESPONDENT, SURVEY, TRANSCRIPT, ParsedSource

_PDF_CACHE: dict[Path, ParsedSource] = {}


def pdf(path: Path) -> ParsedSource:
    """pypdf needs seconds per interview here: parse each shared PDF once per test run."""
    if path not in _PDF_CACHE:
        _PDF_CACHE[path] = one(path)
    return _PDF_CACHE[path]


def one(path: Path, **kwargs: object) -> ParsedSource:
    result = read_file(path, **kwargs)
    assert len(result) == 1
    assert result[0].quotes, f"{path.name}: no quotes"
    check_offsets(result[0])
    return result[0]


@pytest.fixture(scope="module")
def qualcoder(shared_dir: Path) -> Path:
    return shared_dir / "data" / "transcripts" / "qualcoder-examples"


@pytest.fixture(scope="module")
def pdpilot(shared_dir: Path) -> Path:
    return shared_dir / "data" / "transcripts" / "pdpilot-interviews-en"


def test_qualcoder_bracket_ids(qualcoder: Path) -> None:
    parsed = one(qualcoder / "transcript.txt")
    assert parsed.source.kind == TRANSCRIPT
    assert [s.name for s in parsed.speakers] == ["id1", "id2", "id3"]
    assert [q.speaker for q in parsed.quotes] == ["id1", "id2", "id3", "id1", "id3", "id1", "id2"]
    assert [q.turn for q in parsed.quotes] == list(range(7))
    assert parsed.quotes[0].text.startswith("hello, I like the course.")
    assert "[id" not in " ".join(q.text for q in parsed.quotes)
    assert len(parsed.source.sha256) == 64


def test_qualcoder_docx_and_odt_without_labels(qualcoder: Path) -> None:
    docx = one(qualcoder / "ID1.docx")
    assert [s.name for s in docx.speakers] == ["ukendt"]
    assert docx.quotes[0].text.startswith("I really like learning new things.")
    assert len(docx.quotes) == 3  # three non-empty paragraphs
    odt = one(qualcoder / "ID2.odt")
    assert odt.source.format == "odt"
    assert "Joe Bloggs" in odt.source.text
    assert "€200.00" in odt.source.text


def test_qualcoder_surveys(qualcoder: Path) -> None:
    csv = one(qualcoder / "survey456.csv")
    assert csv.source.kind == SURVEY
    assert {q.column for q in csv.quotes} == {"freetext"}
    assert [q.turn for q in csv.quotes] == [0, 1, 2]
    assert csv.quotes[1].metadata == {"Case": "ID5", "Age": "", "Gender": "m", "Interest": "golf"}
    assert all(q.role == RESPONDENT for q in csv.quotes)
    assert propose_text_columns(qualcoder / "survey789.xlsx") == ["Qual_hobby_opinions", "Qual_pet_opinions"]
    xlsx = one(qualcoder / "survey789.xlsx", text_columns=["Qual_pet_opinions"], id_column="Case")
    assert [q.text for q in xlsx.quotes][1] == "A fish"
    assert xlsx.quotes[0].metadata["Age"] == "33"  # not "33.0"
    assert [s.name for s in xlsx.speakers] == ["ID7", "ID8", "ID9"]


@pytest.mark.parametrize("name", ["P1.pdf", "P2.pdf"])
def test_pdpilot_names_on_own_line(pdpilot: Path, name: str) -> None:
    parsed = pdf(pdpilot / name)
    roles = {s.name: s.role for s in parsed.speakers}
    assert roles == {"Dan": MODERATOR, "Participant": PARTICIPANT}
    assert len(parsed.quotes) > 90
    speakers = [q.speaker for q in parsed.quotes if q.part == 0]
    assert speakers[:2] == ["Dan", "Participant"]
    text = parsed.source.text
    assert "\t" not in text and "1/5" not in text.split("\n")
    for q in parsed.quotes:
        assert "Participant:" not in q.text and "Dan:" not in q.text
        assert len(q.text) <= 600
    # Lines wrapped by the page were joined: a quote reads as running text.
    assert any("we tend to use ICE plots." in q.text for q in parsed.quotes) or name == "P2.pdf"


def test_roles_override(qualcoder: Path) -> None:
    parsed = one(qualcoder / "transcript.txt", roles={"ID2": "moderator", "id3": "deltager"})
    assert {s.name: s.role for s in parsed.speakers} == {"id1": PARTICIPANT, "id2": MODERATOR, "id3": PARTICIPANT}
    assert [q.role for q in parsed.quotes if q.speaker == "id2"] == [MODERATOR, MODERATOR]
    with pytest.raises(IngestError, match="unknown role 'boss'"):
        read_file(qualcoder / "transcript.txt", roles={"id1": "boss"})


def test_batch_keeps_good_files(qualcoder: Path, tmp_path: Path) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    good, bad = read_files([qualcoder / "transcript.txt", empty, tmp_path / "missing.docx"])
    assert [p.source.name for p in good] == ["transcript.txt"]
    assert [str(e) for e in bad] == ["tom.txt: the file is empty", "missing.docx: the file does not exist"]
