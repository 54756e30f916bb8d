"""The store owns its SQL, and the pseudonymisation key is owner-only (0600) from every path that writes it.

Before the store owned its SQL, batch re-implemented ``add_parsed`` without its offset check and wrote
the key with mode 0644 (readable by every user of the machine: the key undoes the pseudonymisation).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.records import ParsedSource, Quote, Source, Speaker
from focusgroup.store import Project, ProjectError
from focusgroup.store.keyfile import key_path, write_key

EXECUTE = re.compile(r"\.execute(many|script)?\(")
TEXT = "Deltager 1: Mette Hansen ringede til mig, og min sagsbehandler hørte ikke efter."


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_no_sql_outside_the_store(repo_root: Path) -> None:
    package = repo_root / "focusgroup"
    offenders = [
        f"{path.relative_to(repo_root)}:{n}"
        for path in sorted(package.rglob("*.py")) if package / "store" not in path.parents
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if EXECUTE.search(line)
    ]
    assert offenders == [], "SQL belongs in focusgroup/store/ (add a Project method): " + ", ".join(offenders)
    assert sum(1 for p in (package / "store").rglob("*.py") if EXECUTE.search(p.read_text("utf-8"))) >= 3


def test_the_grep_finds_a_statement(tmp_path: Path) -> None:
    """The pattern above is not vacuous: it sees the spellings a statement is written in."""
    lines = ['project._conn.execute("DELETE FROM themes")', "conn.executemany(sql, rows)", "c.executescript(s)"]
    assert all(EXECUTE.search(line) for line in lines)
    assert not EXECUTE.search("executor.submit(task)")


def test_the_connection_is_private(tmp_path: Path) -> None:
    with Project(tmp_path / "p.fgproj") as p:
        assert not hasattr(p, "conn")


def _parsed() -> ParsedSource:
    start = TEXT.index("Mette")
    return ParsedSource(Source("fokusgruppe.txt", TEXT), [Speaker("Deltager 1")],
                        [Quote(TEXT[start:], start, len(TEXT), "Deltager 1", turn=0)])


def test_append_quotes_checks_offsets_like_add_parsed(tmp_path: Path) -> None:
    piece = "Respondent 1\nHvad kan jobcentret gøre bedre?\nSvar hurtigere på mails."
    answer = "Svar hurtigere på mails."
    with Project(tmp_path / "p.fgproj") as p:
        sid = p.add_source(Source("svar.csv", "", kind="survey", format="csv"))
        offset = 100  # the piece sits after earlier chunks of the source text
        good = Quote(answer, offset + piece.index(answer), offset + len(piece), "Respondent 1", "respondent")
        (qid,) = p.append_quotes(sid, [good], piece, offset)
        assert p.quotes(ids=[qid])[0].text == answer and p.speakers(sid)[0].name == "Respondent 1"
        bad = Quote(answer, offset + piece.index(answer) + 1, offset + len(piece) + 1, "Respondent 2", "respondent")
        with pytest.raises(ProjectError) as caught:
            p.append_quotes(sid, [bad], piece, offset)
        assert "svar.csv" in str(caught.value) and str(offset + piece.index(answer) + 1) in str(caught.value)
        assert p.counts()["quotes"] == 1 and p.counts()["speakers"] == 1  # nothing of the bad call stayed
        p.append_source_text(sid, "x" * offset + piece)
        assert p.source(sid).text[good.start : good.end] == answer


def test_key_written_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)  # a umask of 0 would let a plain open() create the file 0666
    try:
        path = write_key(tmp_path / "p.fgproj.pseudokey.json", {"entities": {"[Person 1]": ["Mette"]}})
        assert _mode(path) == 0o600
        stale = tmp_path / f".{path.name}.{os.getpid()}.tmp"
        stale.write_text("{}")
        stale.chmod(0o644)  # a temp file left over from a killed run keeps its mode through O_CREAT
        write_key(path, {"entities": {}})
        assert _mode(path) == 0o600 and not stale.exists()
    finally:
        os.umask(old)


def test_key_is_0600_from_pseudonymize_and_export(tmp_path: Path) -> None:
    from focusgroup.privacy import pseudonymize_project

    old = os.umask(0o022)  # the common default: plain files come out 0644
    try:
        project_path = tmp_path / "studie.fgproj"
        with Project(project_path) as p:
            p.add_parsed(_parsed())
            summary = pseudonymize_project(p, use_ner=False)
        assert summary.key_path == key_path(project_path) and _mode(summary.key_path) == 0o600
        assert "Mette" in summary.key_path.read_text(encoding="utf-8")

        custom = tmp_path / "keys" / "studie.key.json"
        custom.parent.mkdir()
        result = CliRunner().invoke(app, ["pseudonymize", str(project_path), "--key", str(custom), "--no-ner"])
        assert result.exit_code == 0, result.output
        assert _mode(custom) == 0o600

        before = summary.key_path.read_bytes()
        (tmp_path / "export").mkdir()
        result = CliRunner().invoke(app, ["export", str(project_path), "--format", "csv", "--out",
                                          str(tmp_path / "export")])
        assert result.exit_code == 0, result.output
        exported = [p for p in (tmp_path / "export").rglob("*") if p.is_file()]
        assert exported and not [p for p in exported if "key" in p.name]  # an export never carries the key
        assert "Mette" not in "".join(p.read_text("utf-8", errors="replace") for p in exported)
        assert summary.key_path.read_bytes() == before and _mode(summary.key_path) == 0o600
    finally:
        os.umask(old)
