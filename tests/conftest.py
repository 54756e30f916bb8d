"""Shared fixtures: where the repository, its sample data and the team's shared data sets are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The suite pseudonymises with the small spaCy NER: the e5 transformer NER (the product default) is
# ~10x slower on 2 cores and is tested on its own (tests/test_nlp_e5_ner.py, slow privacy tests).
os.environ.setdefault("FOCUSGROUP_NER", "spacy")
# Sentiment: the suite's hand-counted tables use the linear model on cached vectors (the default);
# the opt-in fine-tuned e5 model is tested on tiny inputs in tests/test_sentiment_e5.py.
os.environ.setdefault("FOCUSGROUP_SENTIMENT", "lr")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def transcripts_dir() -> Path:
    return REPO_ROOT / "transcripts"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared is not present on this machine")
    return SHARED_DIR


@pytest.fixture(scope="session")
def sample_survey_csv(transcripts_dir: Path) -> Path:
    """The bundled sample survey as csv (the batch tests read it in chunks)."""
    path = transcripts_dir / "brugerundersoegelse_2020_2021.csv"
    if not path.exists():
        pytest.skip("sample survey not generated yet")
    return path


@pytest.fixture(scope="session")
def sample_study(tmp_path_factory: pytest.TempPathFactory, transcripts_dir: Path) -> Path:
    """The whole sample study (three focus groups + the survey workbook) imported and analysed once per
    session: TF-IDF themes (seed 7, grouped by Ydelse) and lexicon (afinn) sentiment, the cheapest full
    run. Returns the project file; treat it as read-only (copy it before editing)."""
    from focusgroup.config import AnalysisConfig
    from focusgroup.pipeline import analyze_project, import_files
    from focusgroup.store import Project

    path = tmp_path_factory.mktemp("sample_study") / "studie.fgproj"
    files = [transcripts_dir / name for name in (
        "fokusgruppe_1_dagpenge.docx", "fokusgruppe_2_kontanthjaelp.txt", "fokusgruppe_3_sygedagpenge.vtt",
        "brugerundersoegelse_2020_2021.xlsx")]
    with Project(path) as project:
        report = import_files(project, files)
        assert len(report.source_ids) == 4, report.errors
        analyze_project(project, AnalysisConfig(embedder="tfidf", seed=7, group_by="Ydelse", sentiment_model="afinn"))
    return path
