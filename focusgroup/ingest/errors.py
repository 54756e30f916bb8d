"""One exception for every way a file can fail to import, worded for the researcher, not the developer.

Problems are codes whose Danish and English texts live in the one message catalogue
(``focusgroup.messages.ingest``), so the CLI and the app can show the message in either language and
tests can assert on the code instead of the wording.
"""

from __future__ import annotations

from pathlib import Path

from focusgroup import messages
from focusgroup.errors import UserError

# The texts live in the message catalogue (``focusgroup.messages.ingest``) under "ingest_<code>".
KEY_PREFIX = "ingest_"


class IngestError(UserError):
    """A file that cannot be imported. ``str()`` is "<file name>: <problem in plain words>"."""

    def __init__(self, path: str | Path, code: str, **fields: str) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.code = code
        self.fields = {"detail": "", "hint": "", "hint_da": "", **fields}
        self.problem = messages.text(KEY_PREFIX + code, "en", **self.fields)
        self.problem_da = messages.text(KEY_PREFIX + code, "da", **self.fields)
        Exception.__init__(self, f"{self.name}: {self.problem}")

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("da"/"en"; default: the language in force)."""
        return self.message_da if (lang or messages.get_language()) == "da" else f"{self.name}: {self.problem}"

    def __str__(self) -> str:
        # Kept English for log lines and existing callers; the CLI and app show message().
        return f"{self.name}: {self.problem}"

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as cls(*args); ours needs its code and fields (batch workers send errors back).
        return _rebuild, (str(self.path), self.code, self.fields)

    @property
    def message_da(self) -> str:
        """The same message in Danish, for the app."""
        return f"{self.name}: {self.problem_da}"


def _rebuild(path: str, code: str, fields: dict[str, str]) -> IngestError:
    return IngestError(path, code, **fields)
