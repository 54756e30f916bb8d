"""``ThemeError``: a theme edit or analysis the researcher asked for that cannot be done.

A ``UserError`` (texts: ``focusgroup.messages.problems``, codes ``themes_*``) and still a ``ValueError``
so callers that caught the old ``ValueError("Dansk. (English.)")`` keep working.
"""

from __future__ import annotations

from focusgroup.errors import UserError


class ThemeError(UserError, ValueError):
    """No analysis yet, no such theme, an empty name, too few quotes, ..."""
