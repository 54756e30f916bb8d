"""Build hook: ship ``models/`` and ``app.py`` inside the package, so an installed wheel works like a checkout.

In the repository the models live at ``models/`` and the Streamlit entry at ``app.py`` (where a researcher
and a model card reader look for them). A wheel holds only the ``focusgroup`` package, so without this
hook ``pip install .`` / ``pipx install`` gave a package whose Danish pipeline silently fell back to a
sentencizer (no NER for pseudonymisation) and whose ``focusgroup app`` could not start. The copies land at
``focusgroup/models/`` and ``focusgroup/app.py``, where ``focusgroup.paths`` looks first. Editable installs
(``make``'s ``pip install -e``) read the checkout directly and copy nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithModels(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "focusgroup"
        shutil.copytree(ROOT / "models", target / "models", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".cache"))
        shutil.copy2(ROOT / "app.py", target / "app.py")


setup(cmdclass={"build_py": BuildWithModels})
