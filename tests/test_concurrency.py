"""Concurrent use and crashes: one source per file under racing imports, edits made during a running
analyze land on the finished run, and a killed analyze's run is marked failed on the next open."""

from __future__ import annotations

import json
import multiprocessing as mp
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from _themes_data import sib_rows, stratified, survey_source

from focusgroup.config import AnalysisConfig
from focusgroup.pipeline import import_files
from focusgroup.store import Project
from focusgroup.store.migrations import MIGRATIONS
from focusgroup.store.safety import DuplicateSourceError


def _import(project: str, files: list[str], barrier: mp.Barrier) -> None:
    barrier.wait()  # all processes check "already in the project" before any has written
    with Project(project) as p:
        import_files(p, files)


def test_racing_imports_store_each_file_once(transcripts_dir, tmp_path):
    files = [str(transcripts_dir / n) for n in ("fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt")]
    path = str(tmp_path / "p.fgproj")
    Project(path).close()
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=_import, args=(path, files, barrier)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert all(p.exitcode == 0 for p in procs)
    with Project(path) as p:
        assert sorted(s.name for s in p.sources()) == sorted(Path(f).name for f in files)


def test_duplicate_found_inside_the_write_is_reported_not_stored(transcripts_dir, tmp_path, monkeypatch):
    """The pre-check saw an empty project (as a racing import does); the insert itself refuses."""
    from focusgroup.ingest import read_file

    f = transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"
    with Project(tmp_path / "p.fgproj") as p:
        p.add_parsed(read_file(f)[0])
        with pytest.raises(DuplicateSourceError):
            p.add_parsed(read_file(f)[0])
        monkeypatch.setattr(p, "sources", lambda: [])
        report = import_files(p, [f])
        assert report.source_ids == [] and report.errors == []
        assert any("fokusgruppe_2_kontanthjaelp.txt" in w for w in report.warnings)
        monkeypatch.undo()
        assert len(p.sources()) == 1 and p.counts()["quotes"] == len(read_file(f)[0].quotes)


def test_migration_keeps_existing_duplicates_and_makes_sha256_unique(tmp_path):
    path = tmp_path / "old.fgproj"
    conn = sqlite3.connect(path)
    for number in range(3):
        conn.executescript(MIGRATIONS[number])
    conn.execute("PRAGMA user_version=3")
    for name in ("a.txt", "a kopi.txt", "b.txt"):
        sha = "bbb" if name == "b.txt" else "aaa"
        conn.execute("INSERT INTO sources(name, kind, format, sha256, text) VALUES (?,?,?,?,?)",
                     (name, "transcript", "txt", sha, "Deltager: ja"))
    conn.commit()
    conn.close()
    with Project(path) as p:
        sources = {s.name: s for s in p.sources()}
        assert len(sources) == 3  # nothing deleted
        assert sources["a.txt"].sha256 == "aaa" and sources["a kopi.txt"].sha256 is None
        assert sources["a kopi.txt"].metadata["duplicate_of"] == sources["a.txt"].id
        assert p.source_name_by_sha256("aaa") == "a.txt"


# -- runs --------------------------------------------------------------------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _set_owner(path: Path, run_id: int, pid: int) -> None:
    conn = sqlite3.connect(path)
    params = json.loads(conn.execute("SELECT params FROM runs WHERE id=?", (run_id,)).fetchone()[0])
    params["owner"]["pid"] = pid
    conn.execute("UPDATE runs SET params=? WHERE id=?", (json.dumps(params), run_id))
    conn.commit()
    conn.close()


def test_killed_analyze_run_is_marked_failed_on_next_open(tmp_path):
    path = tmp_path / "p.fgproj"
    with Project(path) as p:
        dead = p.start_run({"embedder": "tfidf"})
        alive = p.start_run({"embedder": "tfidf"})
        assert p.interrupted_runs == []
    _set_owner(path, dead, _dead_pid())
    with Project(path) as p:  # this process owns `alive`: it is still running
        assert p.interrupted_runs == [dead]
        status = {r["id"]: r["status"] for r in p.runs()}
        assert status == {dead: "failed", alive: "running"}


def test_cli_says_the_analysis_was_interrupted(tmp_path):
    from typer.testing import CliRunner

    from focusgroup.cli import app

    path = tmp_path / "p.fgproj"
    with Project(path) as p:
        run = p.start_run({})
    _set_owner(path, run, _dead_pid())
    result = CliRunner().invoke(app, ["info", str(path)], env={"FOCUSGROUP_LANG": "da"})
    assert result.exit_code == 0
    assert "afbrudt" in result.output and str(run) in result.output


TOPICS = ["sports", "health", "politics", "travel"]


def test_edit_made_during_a_running_analyze_lands_on_the_finished_run(shared_dir, tmp_path, monkeypatch):
    from focusgroup.themes import analyze, edits

    analyze_module = sys.modules["focusgroup.themes.analyze"]  # the module; the package exports the function

    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    path = tmp_path / "p.fgproj"
    p = Project(path)
    p.add_parsed(survey_source("svar.csv", texts))
    analyze(p, AnalysisConfig(embedder="tfidf"))
    first = p.themes()
    target = max((t for t in first if t.id not in {c.parent_id for c in first}), key=lambda t: t.size)
    members = {q for q, a in p.assignments().items() if a.theme_id == target.id}

    real = analyze_module.describe_state
    calls = {"n": 0}

    def describe_then_edit(*args, **kwargs):  # the app renames while the new run is being described
        real(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 1:
            with Project(path) as other:
                edits.rename(other, target.id, "Omdøbt under analysen")

    monkeypatch.setattr(analyze_module, "describe_state", describe_then_edit)
    run = analyze(p, AnalysisConfig(embedder="tfidf"))
    assert p.latest_run_id() == run
    renamed = [t for t in p.themes(run) if t.label == "Omdøbt under analysen"]
    assert len(renamed) == 1
    new_members = {q for q, a in p.assignments(run).items() if a.theme_id == renamed[0].id}
    assert len(new_members & members) >= len(members) // 2
    p.close()
