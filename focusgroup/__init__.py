"""focusgroup: Danish-first qualitative text analysis of focus groups, interviews and survey comments."""

__version__ = "0.1.0"
