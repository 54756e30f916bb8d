"""The package as users install it: the wheel carries the models and the app, and nothing degrades silently."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_a_missing_danish_model_is_a_loud_warning_not_a_silent_fallback(tmp_path: Path) -> None:
    env = os.environ | {"FOCUSGROUP_MODELS_DIR": str(tmp_path)}  # an empty models folder
    code = "from focusgroup.nlp import load_pipeline; nlp = load_pipeline(); print(nlp.pipe_names)"
    result = subprocess.run([sys.executable, "-W", "always", "-c", code], env=env, capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ner" not in result.stdout
    assert "Ingen dansk model fundet" in result.stderr


@pytest.mark.slow
def test_the_wheel_holds_the_models_and_the_app(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path), str(ROOT)], check=True, timeout=600, cwd=tmp_path)
    wheel = next(tmp_path.glob("focusgroup-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "focusgroup/app.py" in names
    for folder in ("da_focusgroup_sm", "sentiment_da"):
        assert any(n.startswith(f"focusgroup/models/{folder}/") for n in names), folder
        assert f"focusgroup/models/{folder}/MODEL_CARD.md" in names
