"""Nothing private left behind: project files and uploads are owner-only, uploads are removed on every
exit path, the key file is flagged when it sits with the exports, and `focusgroup app` leaves no orphan."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from focusgroup.cli import app
from focusgroup.store import Project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_project_file_is_created_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        with Project(tmp_path / "p.fgproj") as p:
            p.set_setting("x", 1)  # a write: the WAL file exists now
            assert _mode(tmp_path / "p.fgproj") == 0o600
            assert _mode(tmp_path / "p.fgproj-wal") == 0o600
    finally:
        os.umask(old)


def test_uploads_are_owner_only_and_swept(tmp_path, monkeypatch):
    from focusgroup.ui import uploads

    monkeypatch.setattr(uploads.tempfile, "tempdir", str(tmp_path))
    folder = uploads.upload_dir()
    assert _mode(folder) == 0o700
    saved = uploads.save_upload(folder, "interview med Lise.docx", b"PK\x03\x04 ...")
    assert _mode(saved) == 0o600 and saved.suffix == ".docx" and "Lise" not in saved.name
    # a folder left by a killed app (its process is gone) is removed when the next app starts
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{uploads.PREFIX}{dead.pid}-abc"
    stale.mkdir()
    (stale / "upload-x.txt").write_text("CPR 010203-1234", encoding="utf-8")
    uploads.sweep()
    assert not stale.exists() and folder.exists()  # ours (a live process) stays
    uploads.cleanup()
    assert not folder.exists()


CHILD = """
import pathlib, signal, sys, time
out = pathlib.Path(sys.argv[1])
def stop(signum, frame):
    out.write_text(f"stopped by {signum}")
    sys.exit(0)
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
out.write_text("running")
while True:
    time.sleep(0.05)
"""

PARENT = """
import sys
from focusgroup.cli.webapp import run_child
sys.exit(run_child([sys.executable, "-c", sys.argv[1], sys.argv[2]], {}))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_app_forwards_the_signal_to_streamlit_and_waits(tmp_path, signum):
    marker = tmp_path / "child.txt"
    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD, str(marker)], start_new_session=True)
    try:
        # wait until the child is up (no time limit): the file exists a moment before "running" is in it
        # (write_text creates, then writes), so wait for its text, not for the file
        while not (marker.exists() and marker.read_text()) and parent.poll() is None:
            time.sleep(0.05)
        assert marker.read_text() == "running"
        parent.send_signal(signum)
        parent.wait(60)
    finally:  # a failed assertion must not leave the looping child behind (it did once, for an hour)
        if parent.poll() is None or (marker.exists() and marker.read_text() == "running"):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
    assert marker.read_text() == f"stopped by {int(signum)}"  # the child got the signal and finished first


def test_app_removes_the_upload_folder_when_streamlit_exits(tmp_path, monkeypatch):
    from focusgroup.cli.webapp import run_child

    seen = tmp_path / "seen.txt"
    code = ("import os, pathlib, sys; d = pathlib.Path(os.environ['FOCUSGROUP_UPLOAD_DIR']); "
            "(d / 'upload-1.txt').write_text('x'); pathlib.Path(sys.argv[1]).write_text(str(d))")
    assert run_child([sys.executable, "-c", code, str(seen)], dict(os.environ)) == 0
    folder = Path(seen.read_text())
    assert folder.name.startswith("focusgroup-upload-") and not folder.exists()


def test_streamlit_command_never_prompts_for_an_email():
    from focusgroup.cli.webapp import streamlit_command

    cmd = streamlit_command(None, 8501, "127.0.0.1", None)
    assert "--server.showEmailPrompt=false" in cmd
    assert not any(c.startswith("--server.headless") for c in cmd)  # Streamlit decides: a browser where there is a display
    assert "--server.headless=true" in streamlit_command(None, 8501, "127.0.0.1", True)


def test_analyze_warns_that_the_key_sits_with_the_exports(transcripts_dir, tmp_path):
    from focusgroup.store.keyfile import key_path

    out = tmp_path / "ud"
    args = ["analyze", str(transcripts_dir / "fokusgruppe_2_kontanthjaelp.txt"), "--out", str(out), "--no-themes"]
    result = CliRunner().invoke(app, args, env={"FOCUSGROUP_LANG": "da"})
    assert result.exit_code == 0, result.output
    # the pseudonymised outputs continue and write the project's key (the same placeholders from export to
    # export), so the key is beside the outputs after the first analyze, and the user is told
    key = key_path(out / "project.fgproj")
    assert key.is_file()
    assert "nøglen til pseudonymiseringen" in result.output and key.name in result.output
