"""Messages the command line prints (besides errors): ``key -> (Danish, English)``."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "error_prefix": ("Fejl", "Error"),
    "warning_prefix": ("Advarsel", "Warning"),
}
