"""One resolver for shipped files (models/, app.py) and one shape for every name -> implementation table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from focusgroup import paths
from focusgroup.registry import Registry, load

PACKAGE = Path(__file__).resolve().parents[1] / "focusgroup"


def test_models_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from focusgroup.nlp import models_dir

    monkeypatch.delenv(paths.ENV_MODELS_DIR, raising=False)
    assert paths.models_dir() == models_dir() == paths.CHECKOUT_DIR / "models"
    assert (paths.models_dir() / "sentiment_da").is_dir() and paths.app_file().is_file()
    monkeypatch.setenv(paths.ENV_MODELS_DIR, str(tmp_path))
    assert paths.models_dir() == models_dir() == tmp_path
    assert paths.model_path("sentiment_da") == tmp_path / "sentiment_da"


def test_no_module_finds_shipped_files_on_its_own() -> None:
    """``Path(__file__).parents[2]`` broke in installed wheels; ``focusgroup.paths`` is the one place."""
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "paths.py" and re.search(r"__file__\)?\.resolve\(\)\.parents\[\d\]", p.read_text("utf-8"))]
    assert not offenders


def test_registry_is_a_mapping_with_helpful_misses() -> None:
    reg: Registry[int] = Registry("thing", {"a": 1})

    @reg.register("b", "c")
    def two() -> int:
        return 2

    reg.register("d", item=4)
    assert list(reg) == ["a", "b", "c", "d"] and reg["c"] is two and "d" in reg and "x" not in reg
    assert reg.get("x") is None and reg.names() == ["a", "b", "c", "d"]
    with pytest.raises(KeyError, match="unknown thing 'x'; known: a, b, c, d"):
        reg["x"]
    assert load("focusgroup.paths:models_dir") is paths.models_dir


def test_the_registries_share_the_shape() -> None:
    from focusgroup.embed.base import _REGISTRY as embedders
    from focusgroup.export.registry import FORMATS
    from focusgroup.ingest.extract import READERS
    from focusgroup.sentiment.backends import BACKENDS
    from focusgroup.themes.edits import _APPLY

    for reg in (embedders, FORMATS, READERS, BACKENDS, _APPLY):
        assert isinstance(reg, Registry) and len(reg) >= 3
    assert {"csv", "xlsx", "docx", "qdpx", "qdc"} <= set(FORMATS) and ".docx" in READERS and "tfidf" in embedders
