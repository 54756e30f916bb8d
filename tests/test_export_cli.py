"""``focusgroup export`` from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

from test_export_view import make_project
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.refi_qda import read_qdpx

runner = CliRunner()


def test_export_csv_and_qdpx_from_the_cli(tmp_path: Path) -> None:
    make_project(tmp_path / "studie.fgproj").close()
    result = runner.invoke(app, ["export", str(tmp_path / "studie.fgproj"), "--format", "csv",
                                 "--out", str(tmp_path / "citater.csv")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "citater.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9 and {"Mette Sørensen"}.isdisjoint(r["speaker"] for r in rows)
    injected = next(r for r in rows if "HYPERLINK" in r["text"])
    assert injected["text"].startswith("'=HYPERLINK")  # neutralised in csv
    assert next(r for r in rows if r["text"].startswith("'@Jobcentret"))["Kommune"] == "Næstved"

    result = runner.invoke(app, ["export", str(tmp_path / "studie.fgproj"), "-f", "qdpx", "--real-names"])
    assert result.exit_code == 0, result.output
    back = read_qdpx(tmp_path / "studie.qdpx")  # default: next to the project
    assert any("Mette Sørensen" in s.text for s in back.sources)


def test_export_cli_errors(tmp_path: Path) -> None:
    make_project(tmp_path / "studie.fgproj", themes=False).close()
    cases = [
        (["-f", "pdf"], "ukendt format", 2),  # every user-fixable problem: exit code 2
        (["-f", "xlsx", "--out", str(tmp_path / "x.csv")], "skal ende på .xlsx", 2),
        (["-f", "qdc"], "ingen temaer", 2),  # an ExportError (UserError): Danish by default, exit code 2
    ]
    for args, message, code in cases:
        result = runner.invoke(app, ["export", str(tmp_path / "studie.fgproj"), *args])
        assert result.exit_code == code and message in result.output, (args, result.output)
    result = runner.invoke(app, ["export", str(tmp_path / "mangler.fgproj"), "-f", "csv"])
    assert result.exit_code == 2 and "findes ikke" in result.output and "mangler.fgproj" in result.output
    result = runner.invoke(app, ["export", str(tmp_path / "mangler.fgproj"), "-f", "csv"], env={"FOCUSGROUP_LANG": "en"})
    assert result.exit_code == 2 and "Error: no such project" in result.output
