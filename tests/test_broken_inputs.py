"""Broken and unusual inputs read right: bad VTT cue times warned with their line (text kept), batch on
UTF-16 CSV and on a 2-row file, vertical tab / form feed inside unquoted CSV fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from focusgroup.ingest import read_file

VTT = """WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Mette>Jeg ringede til jobcentret tre gange.

2
99:99:99.999 --> 99:99:99.999
<v Mette>Ingen tog telefonen den første uge.

3
00:00:0x.000 --> 00:00:12.000
<v Lars>Det samme skete for mig med brevet.

4
00:00:13.000 --> 00:00:15.000
<v Lars>Men mødet var godt.
"""


def test_broken_vtt_cues_are_warned_with_their_line_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "møde.vtt"
    path.write_text(VTT, encoding="utf-8")
    (parsed,) = read_file(path)
    text = parsed.source.text
    for kept in ("Ingen tog telefonen den første uge.", "Det samme skete for mig med brevet."):
        assert kept in text
    bad = [w for w in parsed.warnings if "linje" in w]
    assert len(bad) == 2
    assert "linje 8" in bad[0] and "99:99:99.999" in bad[0]
    assert "linje 12" in bad[1]
    times = {q.text[:10]: q.timestamp for q in parsed.quotes}
    assert times["Jeg ringed"] == "00:00:01.000"
    assert all(t is None or not t.startswith("99") for t in times.values())


def test_vtt_without_broken_cues_has_no_cue_warning(transcripts_dir: Path) -> None:
    (parsed,) = read_file(transcripts_dir / "fokusgruppe_3_sygedagpenge.vtt")
    assert not [w for w in parsed.warnings if "linje" in w]


@pytest.mark.parametrize("char", ["\v", "\f"])
def test_vertical_tab_or_form_feed_in_an_unquoted_csv_field_does_not_split_the_row(tmp_path, char) -> None:
    from focusgroup.batch.reader import inspect_table, read_head

    rows = ["id;Hvad fungerer godt?;Ydelse", f"1;Mødet var godt{char}og kort;Dagpenge",
            "2;Brevet var uklart;Kontanthjælp", "3;Ventetiden var lang;Dagpenge"]
    path = tmp_path / "svar.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (parsed,) = read_file(path, text_columns="Hvad fungerer godt?")
    assert len(parsed.quotes) == 3
    assert parsed.quotes[0].text.startswith("Mødet var godt") and parsed.quotes[0].text.endswith("og kort")
    assert parsed.quotes[0].metadata["Ydelse"] == "Dagpenge"
    head = read_head(inspect_table(path, "Hvad fungerer godt?"), 10)
    assert len(head) == 3 and head[0][2] == "Dagpenge"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_batch_reads_utf16_csv(tmp_path, encoding, monkeypatch) -> None:
    import focusgroup.batch.reader as reader

    monkeypatch.setattr(reader, "BLOCK", 64)  # many blocks: every cut must fall between characters
    rows = ["id;Hvad fungerer godt?"] + [f"{i};Sagsbehandleren på jobcentret hjalp mig nr. {i} ☺" for i in range(40)]
    path = tmp_path / "svar.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    info = reader.inspect_table(path, "Hvad fungerer godt?")
    head = reader.read_head(info, 100)
    assert [r[1] for r in head] == [r.split(";")[1] for r in rows[1:]]


def test_batch_on_a_two_row_file(tmp_path) -> None:
    from focusgroup.batch.run import run_batch

    path = tmp_path / "svar.csv"
    path.write_text("id;Hvad fungerer godt?\n1;Sagsbehandleren ringede tilbage samme dag\n"
                    "2;Brevet var svært at forstå\n", encoding="utf-8")
    result = run_batch(path, "Hvad fungerer godt?", tmp_path / "ud", n_workers=0, embedder="tfidf")
    assert result.rows == 2 and result.quotes == 2
    assert (tmp_path / "ud" / "quotes.csv").exists()
