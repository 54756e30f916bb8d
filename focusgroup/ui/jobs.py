"""The analysis as a background job, so the page keeps responding while themes are found.

One job per project (a registry shared by all sessions via ``st.cache_resource``); the worker thread
calls ``pipeline.analyze_project`` with a progress callback that only writes into the job record, and
the page polls that record. The thread opens its own project connection and never touches Streamlit.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field

import streamlit as st

from focusgroup import messages
from focusgroup.config import AnalysisConfig
from focusgroup.errors import UserError

# The pipeline's step names (themes.analyze.STEP, sentiment.score.STEP, replies.STEP, pipeline's file step)
# are Danish constants; the page shows them in the reader's words (checked in tests/test_app_batch.py).
STEP_KEYS = {"Indlæser filer": "ui_step_files", "Finder temaer": "ui_step_themes",
             "Stemning (sentiment)": "ui_step_sentiment", "Kræver svar": "ui_step_replies"}


@dataclass
class Job:
    path: str
    config: AnalysisConfig
    status: str = "running"  # running | done | error
    steps: dict[str, tuple[int, int]] = field(default_factory=dict)  # step -> (done, total), in order seen
    error: str = ""
    user_error: UserError | None = None  # shown in each reader's language, not the starter's
    lang: str | None = None  # the starter's language, for texts the pipeline writes while it runs
    run_id: int | None = None
    refit: bool = False  # fit again even when nothing changed since the last complete analysis
    kept: bool = False  # nothing had changed: the last run was kept, nothing was computed
    started: float = field(default_factory=time.time)
    finished: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def progress(self, step: str, done: int, total: int) -> None:
        with self.lock:
            self.steps[step] = (done, total)

    def snapshot(self) -> tuple[str, dict[str, tuple[int, int]], str]:
        with self.lock:
            return self.status, dict(self.steps), self.error

    @property
    def elapsed(self) -> float:
        return (self.finished or time.time()) - self.started


@st.cache_resource
def _jobs() -> dict[str, Job]:
    return {}


def current(path: str) -> Job | None:
    return _jobs().get(path)


def start(path: str, config: AnalysisConfig, refit: bool = False, lang: str | None = None) -> Job:
    """Start an analysis unless one is already running for this project; returns the project's job.

    An unchanged project (same files, settings, models and code as its last complete analysis) keeps
    its run, as ``focusgroup analyze`` does, unless ``refit``: fitting again would give the same themes
    after minutes of work."""
    jobs = _jobs()
    job = jobs.get(path)
    if job is not None and job.status == "running":
        return job
    job = Job(path, config, refit=refit, lang=lang)
    jobs[path] = job
    threading.Thread(target=_run, args=(job,), name=f"focusgroup-analysis-{path}", daemon=True).start()
    return job


def _run(job: Job) -> None:
    from focusgroup.pipeline import analyze_project, reusable_run
    from focusgroup.store import Project

    user_error = None
    try:
        with messages.language(job.lang), Project(job.path, create=False) as project:
            project.set_setting("analysis_config", job.config.to_dict())
            kept = None if job.refit else reusable_run(project, job.config)
            if kept is not None:
                job.run_id, job.kept = kept, True
            else:
                job.run_id = analyze_project(project, job.config, progress=job.progress, reuse=False)
        status, error = "done", ""
    except UserError as exc:
        status, error, user_error = "error", exc.message(job.lang), exc
    except Exception as exc:  # noqa: BLE001 - the page shows it in plain words
        status, error = "error", f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    with job.lock:
        job.status, job.error, job.user_error, job.finished = status, error, user_error, time.time()
