"""The app's look: one stylesheet and small HTML builders for quote cards, chips and sentiment bars.

Builders take raw user text and escape it themselves (``html.escape``), so callers cannot forget to;
the only markup that reaches ``st.html`` is built here from escaped pieces.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

from focusgroup.records import SENTIMENT_LABELS
from focusgroup.ui.highlight import mark

COLORS = {"negativ": "#d1495b", "neutral": "#b8bcc6", "positiv": "#2e9e6b"}
PALETTE = ["#3563e9", "#e98a15", "#2e9e6b", "#d1495b", "#7b4fd6", "#1fa5b5", "#c2410c", "#5b6b8c",
           "#b5179e", "#6a994e", "#e0a100", "#4361ee", "#9c6644", "#0f766e", "#be123c", "#64748b"]

CSS = """
<style>
:root { --fg-ink: #1f2937; --fg-muted: #6b7280; --fg-line: #e5e7eb; --fg-accent: #3563e9; }
.block-container { padding-top: 3.2rem; max-width: 1240px; }
.fg-hero { display:flex; align-items:baseline; gap:.8rem; margin-bottom:.2rem; }
.fg-hero h1 { font-size: 1.9rem; margin: 0; color: var(--fg-ink); }
.fg-sub { color: var(--fg-muted); margin: 0 0 1rem 0; font-size: .95rem; }
.fg-chips { display:flex; flex-wrap:wrap; gap:.35rem; margin:.2rem 0 .6rem 0; }
.fg-chip { background:#eef2ff; color:#3730a3; border-radius:999px; padding:.12rem .6rem; font-size:.82rem; }
.fg-card { border:1px solid var(--fg-line); border-left:4px solid var(--fg-accent); border-radius:8px;
           padding:.7rem .9rem .6rem .9rem; background:#fff; margin:.1rem 0 .2rem 0; }
.fg-card.key { border-left-color:#e0a100; background:#fffbeb; }
.fg-meta { color: var(--fg-muted); font-size:.8rem; margin-bottom:.3rem; display:flex; flex-wrap:wrap; gap:.6rem; }
.fg-meta b { color: var(--fg-ink); font-weight:600; }
.fg-text { font-size:1rem; line-height:1.5; color: var(--fg-ink); white-space: pre-wrap; }
.fg-text mark { background:#fde68a; padding:0 .1rem; border-radius:3px; }
.fg-badge { border-radius:4px; padding:0 .4rem; font-size:.75rem; color:#fff; }
.fg-ctx { color: var(--fg-muted); font-size:.88rem; line-height:1.4; margin:.15rem 0; }
.fg-ctx b { color:#374151; }
.fg-ctx.self { color: var(--fg-ink); background:#f3f4f6; border-radius:4px; padding:.1rem .3rem; }
.fg-bar { display:flex; height:8px; border-radius:4px; overflow:hidden; width:100%; max-width:520px; background:#eee; }
.fg-legend { color: var(--fg-muted); font-size:.8rem; margin:.25rem 0 .5rem 0; display:flex; gap:.9rem; }
.fg-legend i { display:inline-block; width:.6rem; height:.6rem; border-radius:2px; margin-right:.3rem; }
.fg-bar span { display:block; height:100%; }
.fg-kwic { display:grid; grid-template-columns: minmax(0,1fr) auto minmax(0,1fr); gap:.35rem; align-items:baseline;
           font-size:.95rem; padding:.15rem 0 .5rem 0; border-bottom:1px solid var(--fg-line); }
.fg-kwic .l { text-align:right; color:#4b5563; } .fg-kwic .r { color:#4b5563; }
.fg-kwic mark { background:#fde68a; font-weight:600; border-radius:3px; padding:0 .15rem; }
/* Streamlit's file uploader speaks English only ("Drag and drop files here", "Limit 200MB per file",
   "Browse files"): its own texts are hidden and Danish ones drawn in their place (the limits are ours,
   focusgroup.limits, and stated on the page). */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { display:none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before { content: var(--fg-drop-text, "Træk filer hertil"); color: var(--fg-muted); }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display:none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: var(--fg-browse-text, "Vælg filer"); }
</style>
"""


def uploader_texts(drop: str, browse: str) -> str:
    """The file uploader's texts in the app's language (see the CSS above); CSS strings escaped."""
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ") + '"'

    return f"<style>:root {{ --fg-drop-text: {q(drop)}; --fg-browse-text: {q(browse)}; }}</style>"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md(value: object) -> str:
    """User text made literal for ``st.markdown`` (no links, emphasis or directives from file names)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def tl(key: str, **fields: object) -> str:
    """``t(key)`` with every field made literal: our template may use markdown, the user's text never does
    (a file name, search query, theme name or memo with ``**x**`` or ``[t](http://…)`` showed bold or a live
    link in st.info/st.success/st.toast, which render markdown)."""
    from focusgroup.ui.i18n import t

    return t(key, **{k: md(v) for k, v in fields.items()})


def esc(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def chips(words: Iterable[str]) -> str:
    return '<div class="fg-chips">' + "".join(f'<span class="fg-chip">{esc(w)}</span>' for w in words) + "</div>"


def sentiment_bar(shares: dict[str, float], titles: dict[str, str], lang: str = "da") -> str:
    """The theme's sentiment as one bar with a legend; shares as the reader writes them ("38 %" in Danish)."""
    from focusgroup.messages import pct

    parts = []
    for label in SENTIMENT_LABELS[::-1]:  # negative first, as in the app's charts
        share = max(0.0, float(shares.get(label, 0.0)))
        if share > 0:
            title = esc(f"{titles.get(label, label)} {pct(share, lang)}")
            parts.append(f'<span style="width:{share * 100:.1f}%;background:{COLORS[label]}" title="{title}"></span>')
    legend = "".join(
        f'<span><i style="background:{COLORS[label]}"></i>{esc(titles.get(label, label))} '
        f'{esc(pct(max(0.0, float(shares.get(label, 0.0))), lang))}</span>'
        for label in SENTIMENT_LABELS[::-1]
    )
    return f'<div class="fg-bar">{"".join(parts)}</div><div class="fg-legend">{legend}</div>'


def badge(label: str, text: str) -> str:
    color = COLORS.get(label, "#9ca3af")
    return f'<span class="fg-badge" style="background:{color}">{esc(text)}</span>'


def quote_card(row: dict, spans: list[tuple[int, int]], meta: list[str], sentiment_text: str,
               before: list[dict] | None = None, after: list[dict] | None = None) -> str:
    """A quote with its attribution line; the neighbouring turns, if given, above and below it."""
    head = f"<b>{esc(row['speaker'])}</b>" + "".join(f"<span>{esc(m)}</span>" for m in meta if m)
    if row.get("sentiment"):
        head += badge(row["sentiment"], sentiment_text)
    body = f'<div class="fg-text">{mark(str(row["text"]), spans)}</div>'
    cls = "fg-card key" if row.get("key") else "fg-card"
    ctx_before = _context_lines(before or [])
    ctx_after = _context_lines(after or [])
    return f'<div class="{cls}">{ctx_before}<div class="fg-meta">{head}</div>{body}{ctx_after}</div>'


def _context_lines(rows: list[dict]) -> str:
    return "".join(
        f'<div class="fg-ctx"><b>{esc(r["speaker"])}</b>{" [" + esc(r["timestamp"]) + "]" if r["timestamp"] else ""}: '
        f'{esc(r["text"])}</div>'
        for r in rows
    )


def kwic_line(left: str, hit: str, right: str) -> str:
    """Arguments are already escaped by ``highlight.kwic``."""
    return f'<div class="fg-kwic"><span class="l">{left}</span><mark>{hit}</mark><span class="r">{right}</span></div>'
