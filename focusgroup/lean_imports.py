"""Imports without what focusgroup never uses: torch in command-line processes (``install``), and
BERTopic without its optional integrations (``import_bertopic_lean``). One meta-path finder (``_Refuse``)
serves both.

thinc (spaCy's machine-learning library, imported with every spaCy pipeline) and BERTopic's save
utilities import torch when it is installed, only to offer torch-backed layers and file formats. The
pipelines focusgroup chooses by itself (its own CNN pipeline in models/, da_core_news_sm/md/lg) use
neither, yet importing torch costs ~1.6 s CPU in every fresh ``focusgroup analyze``/``batch`` (about an
eighth of embedding 1,000 comments; bench/README.md, issue 16 session 14). Installed by the CLI's
``main``: a meta-path finder answers "not installed" to those two importers' ``import torch``, so
thinc records that it has no torch (``thinc.compat.has_torch``) and the pipeline runs as before.

Everything else still imports torch as usual (the importer is checked per import). A pipeline the user
names (``FOCUSGROUP_SPACY_MODEL``) may be a transformer one that needs torch inside thinc, so then, or
when spaCy is already imported, nothing is installed.
"""

from __future__ import annotations

import os
import sys

ENV_SPACY_MODEL = "FOCUSGROUP_SPACY_MODEL"  # = focusgroup.nlp.loader.ENV_MODEL (not imported: it loads spaCy)
TORCH_FREE_IMPORTERS = ("thinc", "bertopic")  # packages whose optional ``import torch`` is refused


class _Refuse:
    """A meta-path finder: "not installed" for the ``refused`` packages when a module of one of the
    ``importers`` packages imports them; it stays out of every other import (other importers, other threads)."""

    def __init__(self, refused: tuple[str, ...], importers: tuple[str, ...]) -> None:
        self.refused, self.importers = refused, importers

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] not in self.refused:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith("importlib"):
            frame = frame.f_back
        importer = frame.f_globals.get("__name__", "") if frame is not None else ""
        if importer.partition(".")[0] in self.importers:
            raise ModuleNotFoundError(f"No module named {name!r} (not needed by focusgroup)", name=name)
        return None


class _NoTorchForThinc(_Refuse):
    """``torch`` refused to ``TORCH_FREE_IMPORTERS``."""

    def __init__(self) -> None:
        super().__init__(("torch",), TORCH_FREE_IMPORTERS)


# Imported by BERTopic only to offer integrations this project never uses (it gives BERTopic its own
# vectors and representations): sentence-transformers for a MultiModalBackend, transformers for the
# TextGeneration and ZeroShotClassification representations. Each is in a try/except ModuleNotFoundError.
BERTOPIC_EXTRAS = ("sentence_transformers", "transformers")


def import_bertopic_lean() -> None:
    """Import BERTopic without its optional integrations (``BERTOPIC_EXTRAS``): ~3 s CPU less per fresh
    analysis (bertopic 6.6 -> 3.4 s after spaCy, measured in bench/README.md, session 13), unless something
    imported them before. The finder is in place only while bertopic itself is imported."""
    if "bertopic" in sys.modules:
        return
    finder = _Refuse(BERTOPIC_EXTRAS, ("bertopic",))
    sys.meta_path.insert(0, finder)  # type: ignore[arg-type]
    try:
        import bertopic  # noqa: F401
    except ImportError:
        pass  # the themes step reports a missing BERTopic in its own words
    finally:
        sys.meta_path.remove(finder)  # type: ignore[arg-type]


def install() -> bool:
    """Install the finder once for this process; False when it does not apply (see the module docstring)."""
    if any(isinstance(f, _NoTorchForThinc) for f in sys.meta_path):
        return True
    if os.environ.get(ENV_SPACY_MODEL) or "thinc" in sys.modules or "torch" in sys.modules:
        return False
    sys.meta_path.insert(0, _NoTorchForThinc())  # type: ignore[arg-type]
    return True


def uninstall() -> None:
    """Remove the finder (tests); modules imported meanwhile keep what they saw."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _NoTorchForThinc)]
