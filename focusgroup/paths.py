"""Where the shipped files are: the ``models/`` folder and the Streamlit ``app.py``.

One resolver instead of ``Path(__file__).parents[2]`` in four modules, each of which broke differently
when the package was installed as a wheel (issue 17). Order, for models:

1. ``FOCUSGROUP_MODELS_DIR`` when set (a shared model folder, or a test);
2. ``focusgroup/models/`` inside the installed package, when it exists;
3. ``models/`` beside the package in a source checkout (the repository layout).

``app.py`` is looked up the same way (inside the package first, then the checkout root). This module
imports nothing of focusgroup, so every layer may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_MODELS_DIR = "FOCUSGROUP_MODELS_DIR"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent  # the repository root in a source checkout


def models_dir() -> Path:
    """The folder holding the shipped models (see the module docstring for the order)."""
    env = os.environ.get(ENV_MODELS_DIR)
    if env:
        return Path(env).expanduser()
    inside = PACKAGE_DIR / "models"
    return inside if inside.is_dir() else CHECKOUT_DIR / "models"


def model_path(name: str) -> Path:
    """``models_dir() / name``: one shipped model folder (it may not exist; callers say what it costs)."""
    return models_dir() / name


def app_file() -> Path:
    """The Streamlit entry script ``app.py`` (inside the package when installed, else the checkout root)."""
    inside = PACKAGE_DIR / "app.py"
    return inside if inside.is_file() else CHECKOUT_DIR / "app.py"
