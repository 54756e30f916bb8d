"""Messages of the app (``focusgroup.ui``): ``key -> (Danish, English)``.

The app's strings still live in ``focusgroup.ui.i18n.STRINGS`` (same shape); they move here as pages are
touched. New app strings go here.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {}
