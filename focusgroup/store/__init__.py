"""The project store: one SQLite file per study."""

from focusgroup.store.migrations import SCHEMA_VERSION
from focusgroup.store.project import Project, ProjectError

__all__ = ["Project", "ProjectError", "SCHEMA_VERSION"]
