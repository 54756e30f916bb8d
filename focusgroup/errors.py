"""The one exception type a user sees: ``UserError(code, **fields)``.

Every problem a researcher can cause or fix (a bad file, a missing project, an output that exists) is a
``UserError`` with a code from ``focusgroup.messages`` and the fields its text needs. The CLI and the app
catch only this type and show ``message()`` in the user's language; anything else is a bug and keeps its
traceback. Subclasses (``IngestError``, ``ProjectError``, ...) exist so callers can catch one family, but
they all render through the same catalogue.
"""

from __future__ import annotations

from pathlib import Path

from focusgroup import messages


class UserError(Exception):
    """A problem explained in plain words. ``str()`` is the message in the language in force."""

    def __init__(self, code: str, /, *, path: str | Path | None = None, **fields: object) -> None:
        self.code = code
        self.path = Path(path) if path is not None else None
        self.fields = dict(fields)
        if self.path is not None:
            self.fields.setdefault("path", str(self.path))
            self.fields.setdefault("name", self.path.name)
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` ("da"/"en"; default: the language in force)."""
        return messages.text(self.code, lang, **self.fields)

    def __str__(self) -> str:
        return self.message()

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle as cls(*args); ours needs code and fields (batch workers send errors back).
        return _rebuild, (type(self), self.code, str(self.path) if self.path else None, self.fields)


class UserValueError(UserError, ValueError):
    """A ``UserError`` that callers written for the old ``ValueError`` messages still catch."""


def _rebuild(cls: type[UserError], code: str, path: str | None, fields: dict[str, object]) -> UserError:
    err = UserError.__new__(cls)
    UserError.__init__(err, code, path=path, **{k: v for k, v in fields.items() if k not in ("path", "name")})
    return err
