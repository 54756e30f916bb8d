"""Choose and load the Danish spaCy pipeline, never downloading anything.

Order: the model the user names (package or path) > an installed da_core_news_lg/md/sm > the
project's own model in models/ > spacy.blank("da") with sentencizer and lemmy lemmatizer. Each
candidate is a small registry entry so doctor/info can list them all with their availability.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from focusgroup import paths
from focusgroup.nlp import components as _components  # noqa: F401  (registers focusgroup_lemmatizer)

ENV_MODEL = "FOCUSGROUP_SPACY_MODEL"
ENV_MODELS_DIR = paths.ENV_MODELS_DIR
INSTALLED_PACKAGES = ("da_core_news_lg", "da_core_news_md", "da_core_news_sm")
PROJECT_MODEL = "da_focusgroup_sm"


@dataclass(frozen=True)
class Candidate:
    """One pipeline the loader may use; ``available`` is checked without loading it."""

    key: str
    kind: str  # "user" | "installed" | "project" | "blank"
    location: str
    load: Callable[[], Language]

    @property
    def available(self) -> bool:
        if self.kind == "blank":
            return True
        if self.kind == "installed":
            return importlib.util.find_spec(self.location) is not None
        if self.kind == "project":
            return (Path(self.location) / "config.cfg").is_file()
        return Path(self.location).is_dir() or importlib.util.find_spec(self.location) is not None


def models_dir() -> Path:
    """The shipped models folder (``focusgroup.paths``: FOCUSGROUP_MODELS_DIR, the package, the checkout)."""
    return paths.models_dir()


def _blank() -> Language:
    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("focusgroup_lemmatizer")
    return nlp


def _ensure_sentences(nlp: Language) -> Language:
    """Every pipeline must split sentences; add a sentencizer when nothing else sets boundaries."""
    if not any(p in nlp.pipe_names for p in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def candidates(name: str | None = None) -> list[Candidate]:
    """The ordered candidates for a requested name (None: the configured or automatic choice)."""
    name = name or os.environ.get(ENV_MODEL) or None
    out: list[Candidate] = []
    if name:
        out.append(Candidate(name, "user", name, lambda: spacy.load(name)))
    for pkg in INSTALLED_PACKAGES:
        out.append(Candidate(pkg, "installed", pkg, lambda pkg=pkg: spacy.load(pkg)))
    project = models_dir() / PROJECT_MODEL
    out.append(Candidate(PROJECT_MODEL, "project", str(project), lambda: spacy.load(project)))
    out.append(Candidate("blank_da", "blank", 'spacy.blank("da")', _blank))
    return out


_KIND_DA = {
    "user": "valgt af brugeren",
    "installed": "installeret spaCy-pakke",
    "project": "projektets egen model",
    "blank": "tom dansk pipeline (kun tokenizer, sætninger, lemmy-lemmaer; ingen POS/NER)",
}
_chosen: dict[str | None, Candidate] = {}


def load_pipeline(name: str | None = None) -> Language:
    """The Danish pipeline (cached per name). A name the user gives must exist: no silent fallback then."""
    return _load_pipeline(name)  # one cache entry for load_pipeline() and load_pipeline(None)


@lru_cache(maxsize=4)
def _load_pipeline(name: str | None) -> Language:
    for cand in candidates(name):
        if cand.kind == "user" and not cand.available:
            raise OSError(
                f"spaCy-model '{cand.location}' findes ikke (hverken installeret pakke eller mappe); "
                f"spaCy model '{cand.location}' not found. Nothing is downloaded: install it or give a path."
            )
        if cand.available:
            nlp = _ensure_sentences(cand.load())
            _chosen[name] = cand
            return nlp
    raise RuntimeError("unreachable: the blank pipeline is always available")


def chosen_candidate(name: str | None = None) -> Candidate:
    """The candidate load_pipeline(name) uses (loads it if needed)."""
    load_pipeline(name)
    return _chosen[name]


def describe_pipeline(name: str | None = None) -> str:
    """One line saying which pipeline is used and what it can do, for doctor/info and logs."""
    nlp = load_pipeline(name)
    cand = _chosen[name]
    meta = nlp.meta
    ident = f"{meta.get('lang', 'da')}_{meta.get('name', cand.key)} {meta.get('version', '')}".strip()
    if cand.kind == "blank":
        ident = cand.location
    return f"{ident} ({_KIND_DA[cand.kind]}: {cand.location}) komponenter: {', '.join(nlp.pipe_names)}"
