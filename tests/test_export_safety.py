"""Files meant for Excel: UTF-8 with BOM (Excel shows "Ã¦" for "æ" without it) and no cell or header
that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
from pathlib import Path

from focusgroup.export._view import build_view
from focusgroup.export.quotes_csv import write_csv
from focusgroup.pipeline import import_files
from focusgroup.store import Project


def test_quotes_csv_has_a_bom_and_neutralised_headers(tmp_path: Path) -> None:
    survey = tmp_path / "svar.csv"
    survey.write_text("=id;Hvad fungerer godt?;@Ydelse\n1;Mødet var godt, æøå;=1+1\n2;Brevet var svært;Dagpenge\n",
                      encoding="utf-8")
    with Project(tmp_path / "p.fgproj") as p:
        import_files(p, [survey], text_columns=["Hvad fungerer godt?"])
        out = write_csv(build_view(p, real_names=True), tmp_path / "quotes.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, once
    assert raw.count(b"\xef\xbb\xbf") == 1
    with out.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    assert "'=id" in reader.fieldnames and "'@Ydelse" in reader.fieldnames
    assert not any(name.startswith(("=", "@", "+")) for name in reader.fieldnames)
    assert rows[0]["text"] == "Mødet var godt, æøå" and rows[0]["'@Ydelse"] == "'=1+1"
