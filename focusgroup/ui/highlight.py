"""Safe HTML for quotes: keyword highlighting and keyword-in-context, with every user character escaped.

Matches are found on the raw text and every piece is escaped on its own before the ``<mark>`` tags
are put around it, so no quote, name or file name can inject markup, whatever it contains.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

# Danish inflection endings tried after a short keyword ("god" -> "gode", "godt").
_SHORT_SUFFIX = r"(?:e|t|r|n|s|er|en|et|ne|erne|ens|es)?"


def keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any keyword as a word start; keywords are lemmas, so inflected forms match."""
    alternatives = []
    for kw in sorted({k.strip().lower() for k in keywords if k and k.strip()}, key=len, reverse=True):
        words = [re.escape(w) for w in kw.split()]
        if not words:
            continue
        parts = [w + (r"\w*" if len(w) >= 4 else _SHORT_SUFFIX) for w in words]
        alternatives.append(r"\s+".join(parts))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def spans_for(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    return [] if pattern is None else [m.span() for m in pattern.finditer(text)]


def mark(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escaped ``text`` with ``<mark>`` around the (non-overlapping, sorted) character spans."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight(text: str, keywords: Iterable[str]) -> str:
    return mark(text, spans_for(text, keyword_pattern(keywords)))


def kwic(text: str, spans: Sequence[tuple[int, int]], width: int = 70) -> tuple[str, str, str]:
    """Keyword in context around the first hit: (left, hit, right), escaped, cut at word boundaries."""
    if not spans:
        return "", "", html.escape(text[: 2 * width])
    start, end = sorted(spans)[0]
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start - width > 0:
        left = "… " + left.split(" ", 1)[-1] if " " in left else "… " + left
    if end + width < len(text):
        right = right.rsplit(" ", 1)[0] + " …" if " " in right else right + " …"
    return html.escape(left), html.escape(text[start:end]), html.escape(right)
