"""``focusgroup app [PROJECT]``: the Streamlit app on a project (module not named app.py: it would shadow
``focusgroup.cli.app``, the typer application)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from focusgroup import paths
from focusgroup.cli.common import fail, say
from focusgroup.messages import text as msg

APP_FILE = paths.app_file()
# The app's look (as in .streamlit/config.toml, passed so it applies from any folder); no file watcher:
# users do not edit the code, and watching a large folder costs CPU on small machines.
OPTIONS = {
    "theme.primaryColor": "#3563e9", "theme.backgroundColor": "#ffffff",
    "theme.secondaryBackgroundColor": "#f5f7fb", "theme.textColor": "#1f2937",
    "client.toolbarMode": "minimal", "browser.gatherUsageStats": "false", "server.fileWatcherType": "none",
    # First run on a fresh machine: no "Email:" prompt (it blocked `make run`, and exited 255 without a terminal).
    "server.showEmailPrompt": "false",
    # The app saves page choices again on every run to keep them across pages (ui.state.keep_choices);
    # Streamlit would log a stack trace in the terminal for the first widget with a default value.
    "global.disableWidgetStateDuplicationWarning": "true",
}


def streamlit_command(project: Path | None, port: int, host: str, headless: bool | None,
                      projects_dir: Path | None = None) -> list[str]:
    """The Streamlit command line. ``headless=None`` lets Streamlit decide: a browser opens where there is
    a display (macOS, Windows, Linux with DISPLAY/WAYLAND_DISPLAY), none on a server."""
    from focusgroup import limits

    cmd = [sys.executable, "-m", "streamlit", "run", str(APP_FILE), f"--server.port={port}",
           f"--server.address={host}"]
    if headless is not None:
        cmd.append(f"--server.headless={str(headless).lower()}")
    cmd += [f"--{k}={v}" for k, v in OPTIONS.items()]
    # Uploads are refused over the same size limit as every other input (FOCUSGROUP_MAX_FILE_MB).
    cmd.append(f"--server.maxUploadSize={max(1, int(limits.value('file_mb')))}")
    cmd.append("--")
    if project is not None:
        cmd += ["--project", str(project.resolve())]
    if projects_dir is not None:
        cmd += ["--projects-dir", str(projects_dir.resolve())]
    return cmd


def app_command(
    project: Path = typer.Argument(None, help="Project file to open (.fgproj); leave out to choose in the app"),
    port: int = typer.Option(8501, "--port", help="Port for the web server"),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this computer only)"),
    projects_dir: Path = typer.Option(None, "--projects-dir", help="Folder with projects (default: the project's folder)"),
    headless: bool = typer.Option(None, "--headless/--browser",
                                  help="Do not open / open a browser window (default: open one where there is a display)"),
) -> None:
    """Open the app in the browser: upload files, explore themes and quotes, edit, export."""
    if project is not None and not project.exists():
        fail(msg("cli_app_no_project", project=project))
    if not APP_FILE.exists():
        fail(msg("cli_app_missing", path=APP_FILE))
    say(msg("cli_app_on", host=host, port=port, project_part=msg("cli_app_with", project=project) if project else ""))
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    raise typer.Exit(run_child(streamlit_command(project, port, host, headless, projects_dir), env))


def run_child(cmd: list[str], env: dict[str, str]) -> int:
    """Run the Streamlit server as a child that never outlives us, and remove its uploads afterwards.

    SIGTERM/SIGINT/SIGHUP to ``focusgroup app`` are forwarded to the child and we wait for it to stop
    (stopping the app used to leave the server running as an orphan). The child gets its own upload
    folder (``FOCUSGROUP_UPLOAD_DIR``), removed here when it exits, however it exits (even killed).
    """
    import shutil
    import signal
    import tempfile

    from focusgroup.ui.uploads import ENV, PREFIX, sweep

    sweep()  # folders of earlier servers that were killed
    uploads = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    children: list[subprocess.Popen] = []
    pending: list[int] = []  # a signal that came before the child existed

    def forward(signum: int, _frame: object) -> None:
        if not children:
            pending.append(signum)
        elif children[0].poll() is None:
            children[0].send_signal(signum)

    forwarded = (signal.SIGTERM, signal.SIGINT, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []))
    previous = {s: signal.signal(s, forward) for s in forwarded}
    try:
        children.append(subprocess.Popen(cmd, env=env | {ENV: uploads}))
        child = children[0]
        for signum in pending:
            child.send_signal(signum)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # a second Ctrl-C while the child shuts down: keep waiting
                continue
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if children and children[0].poll() is None:
            children[0].kill()
            children[0].wait()
        shutil.rmtree(uploads, ignore_errors=True)


def register(app: typer.Typer) -> None:
    app.command("app")(app_command)
