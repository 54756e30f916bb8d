"""``focusgroup app [PROJECT]``: the Streamlit app on a project (module not named app.py: it would shadow
``focusgroup.cli.app``, the typer application)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer

from focusgroup.cli.common import console, fail

APP_FILE = Path(__file__).resolve().parents[2] / "app.py"
# The app's look (as in .streamlit/config.toml, passed so it applies from any folder); no file watcher:
# users do not edit the code, and watching a large folder costs CPU on small machines.
OPTIONS = {
    "theme.primaryColor": "#3563e9", "theme.backgroundColor": "#ffffff",
    "theme.secondaryBackgroundColor": "#f5f7fb", "theme.textColor": "#1f2937",
    "client.toolbarMode": "minimal", "browser.gatherUsageStats": "false", "server.fileWatcherType": "none",
}


def streamlit_command(project: Path | None, port: int, host: str, headless: bool,
                      projects_dir: Path | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP_FILE), f"--server.port={port}",
           f"--server.address={host}", f"--server.headless={str(headless).lower()}"]
    cmd += [f"--{k}={v}" for k, v in OPTIONS.items()]
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
    headless: bool = typer.Option(False, "--headless", help="Do not open a browser window"),
) -> None:
    """Open the app in the browser: upload files, explore themes and quotes, edit, export."""
    if project is not None and not project.exists():
        fail(f"{project}: no such project (create one with `focusgroup import` or in the app)")
    if not APP_FILE.exists():
        fail(f"{APP_FILE} not found: the app ships with the source checkout")
    console.print(f"focusgroup app on http://{host}:{port}" + (f" with {project}" if project else ""), highlight=False)
    env = os.environ | {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    raise typer.Exit(subprocess.call(streamlit_command(project, port, host, headless, projects_dir), env=env))


def register(app: typer.Typer) -> None:
    app.command("app")(app_command)
