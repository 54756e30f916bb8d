"""Batch reading: chunked csv/xlsx with Danish text intact, the same quotes as import, sampling, checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _batch_data import chunked_layout

from focusgroup.batch.checkpoint import BatchStateError, Checkpoint, atomic_write
from focusgroup.batch.layout import layout_chunk
from focusgroup.batch.reader import BLOCK, inspect_table, iter_chunks
from focusgroup.batch.sample import SampleSelector
from focusgroup.ingest.errors import IngestError

COL = "Hvad kan jobcentret gøre bedre?"
SURVEY = "brugerundersoegelse_2020_2021"


def _cp1252_csv(path: Path, n_rows: int) -> list[str]:
    """A SurveyXact-like ';' export in cp1252 whose only cp1252-specific byte (0x96, '–') comes after 1 MB."""
    answers = []
    lines = [f"Respondent;Ydelse;Samlet tilfredshed;{COL}"]
    size = 0
    for i in range(n_rows):
        answer = f"Sagsbehandleren på Ærø skal ringe tilbage, før jeg må vente {i} dage; øv"
        if size > BLOCK + 1000 and "–" not in "".join(answers):
            answer = "Brevene er svære – og ingen forklarer dem"
        if i == 5:
            answer = "To linjer:\r\nførst æ, så ø og å"
        answers.append(answer)
        field = '"' + answer.replace('"', '""') + '"'
        line = f"{1000 + i};kontanthjælp;{i % 5 + 1};{field}"
        lines.append(line)
        size += len(line) + 2
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return answers


def test_cp1252_semicolon_csv_is_read_in_chunks_with_danish_intact(tmp_path: Path) -> None:
    path = tmp_path / "svar.csv"
    answers = _cp1252_csv(path, 16000)
    assert path.stat().st_size > BLOCK * 1.2
    info = inspect_table(path, "hvad kan JOBCENTRET gøre bedre?")  # column names match loosely, as in import
    assert (info.encoding, info.delimiter, info.text_column) == ("cp1252", ";", COL)
    assert info.id_column == "Respondent"  # guessed as import does
    chunks = list(iter_chunks(info, 5000))
    assert [len(c) for c in chunks] == [5000, 5000, 5000, 1000]
    assert [c.start_row for c in chunks] == [0, 5000, 10000, 15000]
    text_i = info.header.index(COL)
    read = [row[text_i] for c in chunks for row in c.rows]
    # line breaks inside a quoted field normalised to \n, exactly as import normalises them
    assert read == [a.replace("\r\n", "\n") for a in answers]
    assert "Brevene er svære – og ingen forklarer dem" in read  # the cp1252 dash after the first MB
    layout = layout_chunk(chunks[0], info)
    assert layout.quotes[5]["text"] == "To linjer:\nførst æ, så ø og å"
    assert layout.quotes[0]["metadata"] == {"Respondent": "1000", "Ydelse": "kontanthjælp", "Samlet tilfredshed": "1"}


def test_xlsx_is_streamed_in_chunks_with_danish_intact(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "Noter"
    notes.append(["Variabelbeskrivelse"])
    ws = wb.create_sheet("Svar")
    ws.append(["Id", "Bølge", COL])
    texts = [f"Mødet i jobcentret var for kort nr. {i}; æøå ÆØÅ" for i in range(23)]
    for i, t in enumerate(texts):
        ws.append([i + 1, 2021.0, t])
    ws.append([None, None, None])  # a blank row at the end, as exports often have
    path = tmp_path / "svar.xlsx"
    wb.save(path)
    info = inspect_table(path, COL, "Id")
    assert info.sheet == "Svar" and info.header == ["Id", "Bølge", COL]
    chunks = list(iter_chunks(info, 10))
    # Rows are read by content, not by the declared dimension: the trailing blank row is not a row
    # (import drops it too), blank rows between answers are (see test_hostile_inputs) ...
    assert [len(c) for c in chunks] == [10, 10, 3]
    quotes = [q for c in chunks for q in layout_chunk(c, info).quotes]
    assert [q["text"] for q in quotes] == texts  # ... but gives no quote
    assert quotes[0]["metadata"] == {"Id": "1", "Bølge": "2021"}  # integral floats lose ".0" as in import
    assert quotes[0]["speaker"] == "Respondent 1"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_batch_quotes_equal_import_quotes_on_the_sample_survey(transcripts_dir: Path, suffix: str) -> None:
    from focusgroup.ingest.extract import READERS
    from focusgroup.ingest.survey import build_survey

    path = transcripts_dir / (SURVEY + suffix)
    if not path.exists():
        pytest.skip(f"{path.name} not generated yet")
    table = READERS[suffix](path.read_bytes(), path.name).content
    text, _, quotes, _ = build_survey(table, path.name, text_columns=[COL])
    info = inspect_table(path, COL)
    joined, laid = chunked_layout(info, 37)  # a chunk size that cuts anywhere
    batch = [(q["text"], q["start"], q["end"], q["speaker"], q["turn"], q["part"], q["informative"], q["metadata"])
             for q in laid]
    assert joined == text
    assert batch == [(q.text, q.start, q.end, q.speaker, q.turn, q.part, q.informative, q.metadata) for q in quotes]
    assert len(batch) > 400 and any("ø" in q[0] for q in batch)


def test_bad_input_names_the_file_and_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "svar.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        inspect_table(path, "Kommentar")
    assert err.value.code == "no_column" and "svar.csv" in str(err.value) and "a, b" in str(err.value)
    (tmp_path / "tom.csv").write_bytes(b"")
    with pytest.raises(IngestError, match="tom.csv: the file is empty"):
        inspect_table(tmp_path / "tom.csv", "x")
    (tmp_path / "svar.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(IngestError, match="svar.pdf: files of type '.pdf' are not supported"):
        inspect_table(tmp_path / "svar.pdf", "a")


def test_sample_is_deterministic_and_independent_of_order() -> None:
    rows = list(range(10_000))

    def pick(order: list[int], seed: int) -> list[int]:
        sel = SampleSelector(500, seed)
        for r in order:
            sel.offer(r, f"svar {r}")
        return sel.rows()

    first = pick(rows, 42)
    assert len(first) == 500 and first == sorted(first)
    assert pick(list(reversed(rows)), 42) == first  # chunking/arrival order does not matter
    assert pick(rows, 7) != first
    # uniform over the file: each tenth of the rows gets roughly a tenth of the sample
    per_decile = [sum(1 for r in first if d * 1000 <= r < (d + 1) * 1000) for d in range(10)]
    assert min(per_decile) > 25 and max(per_decile) < 75
    small = SampleSelector(50, 42)
    for r in range(20):
        small.offer(r, str(r))
    assert small.rows() == list(range(20)) and small.texts()[3] == "3"


def test_checkpoint_refuses_other_settings_and_writes_atomically(tmp_path: Path) -> None:
    ck = Checkpoint(tmp_path / "w", {"seed": 42})
    ck.finish_chunk("embed", 3)
    ck.finish_chunk("embed", 1)
    assert Checkpoint(tmp_path / "w", {"seed": 42}).chunks_done("embed") == {1, 3}
    with pytest.raises(BatchStateError, match="--restart"):
        Checkpoint(tmp_path / "w", {"seed": 7})
    assert Checkpoint(tmp_path / "w", {"seed": 7}, restart=True).chunks_done("embed") == set()

    target = tmp_path / "data.json"
    target.write_text(json.dumps({"ok": True}))

    def crash(fh) -> None:
        fh.write(b'{"half')
        raise OSError("disk full")

    with pytest.raises(OSError):
        atomic_write(target, crash)
    assert json.loads(target.read_text()) == {"ok": True}  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
