"""Search every quote by lemma, shown as keyword in context with source, speaker and theme."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from focusgroup.ui import state, style
from focusgroup.ui.highlight import kwic
from focusgroup.ui.i18n import role_name, t
from focusgroup.ui.views.common import require_project, title

WORD = re.compile(r"\w+(?:-\w+)*")
MAX_SHOWN = 200


@st.cache_data(max_entries=4, show_spinner=False)
def _lemmas(words: tuple[str, ...]) -> dict[str, str]:
    """Lower-cased word -> lemma, through the project's Danish layer (``focusgroup.nlp.lemma_tokens``)."""
    from focusgroup.nlp import lemma_tokens_many

    return {w: (lemmas[0] if len(lemmas) == 1 else w) for w, lemmas in zip(words, lemma_tokens_many(words), strict=True)}


@st.cache_data(max_entries=4, show_spinner=False)
def _index(path: str, version: tuple[int, ...], pseudonymized: bool) -> dict[str, list[tuple[int, int, int]]]:  # noqa: ARG001
    """lemma -> [(row position, start, end)] over all quotes; built once per data version."""
    quotes = state.project_data(path).quotes
    spans = [[(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)] for text in quotes["text"]]
    lemma_of = _lemmas(tuple(sorted({w for row in spans for w, _, _ in row})))
    index: dict[str, list[tuple[int, int, int]]] = {}
    for pos, row in enumerate(spans):
        for word, start, end in row:
            index.setdefault(lemma_of.get(word, word), []).append((pos, start, end))
            index.setdefault("=" + word, []).append((pos, start, end))  # the exact word form
    return index


def search(path: str, query: str, exact: bool = False) -> dict[int, list[tuple[int, int]]]:
    """Row position -> hit spans for quotes containing every word of ``query`` (by lemma unless exact)."""
    words = [w.lower() for w in WORD.findall(query)]
    if not words:
        return {}
    index = _index(path, state.data_version(path), bool(st.session_state.get(state.PSEUDONYMIZED_KEY)))
    lemma_of = _lemmas(tuple(words))
    hits: dict[int, list[tuple[int, int]]] | None = None
    for word in words:
        entries = set(index.get("=" + word, []))
        if not exact:
            entries |= set(index.get(lemma_of.get(word, word), []))
        found: dict[int, list[tuple[int, int]]] = {}
        for pos, start, end in sorted(entries):
            found.setdefault(pos, []).append((start, end))
        hits = found if hits is None else {p: hits[p] + s for p, s in found.items() if p in hits}
    return hits or {}


def render() -> None:
    path = require_project()
    if path is None:
        return
    title(t("search_title"), t("search_help"))
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    query = c1.text_input(t("search_label"), key="w_search", placeholder="sagsbehandler")
    exact = c2.toggle(t("search_exact"), key="w_search_exact")
    if not query.strip():
        return
    data = state.project_data(path)
    hits = search(path, query, exact)
    if not hits:
        st.info(t("search_none", query=query))
        return
    st.caption(t("search_hits", n=len(hits)))
    labels = dict(zip(data.themes["theme_id"], data.themes["label"], strict=False))
    rows = data.quotes.iloc[sorted(hits)[:MAX_SHOWN]]
    for row in rows.to_dict("records"):
        left, hit, right = kwic(row["text"], hits[row["pos"]])
        theme = labels.get(row["theme_id"], "") if not pd.isna(row["theme_id"]) else ""
        meta = " · ".join(x for x in (row["source"], f"[{row['timestamp']}]" if row["timestamp"] else "",
                                      row["speaker"], role_name(row["role"]), theme) if x)
        st.html(f'<div class="fg-meta">{style.esc(meta)}</div>' + style.kwic_line(left, hit, right))
