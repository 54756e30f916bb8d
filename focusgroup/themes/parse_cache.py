"""Candidates per quote text in one pass of the Danish pipeline, cached in memory and in the project.

``themes/phrases.py`` says what a candidate is; this module runs the pipeline once per new text (the
lemma pass of the keywords and the topic-word count of ``themes/nonanswer.py`` come from the same
parse) and keeps the results, so the app's repeated edits and a re-analysis parse nothing twice.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from focusgroup.themes.phrases import doc_candidates, resolve_initial


def parse_candidates(texts: list[str], known: set[str] | None = None) -> list[dict[str, tuple[int, str]]]:
    """Candidates per text, from the Danish pipeline (cached per text for the app's repeated edits); a
    sentence-initial noun the tagger called a name counts where ``texts`` (or ``known``) have it as a noun
    (``phrases.resolve_initial``)."""
    return resolve_initial([p[0] for p in parse(texts)], known)


def parse(texts: list[str], project: Any = None) -> list[tuple[dict[str, tuple[int, str]], int]]:
    """(candidates, number of topic-bearing words) per text, in one pass of the Danish pipeline.

    With a ``project`` the results are kept in its lemma cache (``_parse_key``), so re-analysing an
    unchanged project parses nothing (issue 16: a full pipeline pass was ~50 s per 1k quotes).
    """
    todo = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if todo and project is not None:
        todo = _from_project(project, todo)
    if todo:
        from focusgroup.nlp import load_pipeline
        from focusgroup.nlp.terms import keep_lemmas
        from focusgroup.themes.nonanswer import topic_words
        from focusgroup.themes.text import NOTE

        nlp = load_pipeline()
        disable = [p for p in ("ner",) if p in nlp.pipe_names]
        new = {}
        fed = [NOTE.sub(" ", t) for t in todo]
        for t, x, doc in zip(todo, fed, nlp.pipe(fed, batch_size=256, disable=disable), strict=True):
            if len(_CACHE) > 200_000:
                _CACHE.clear()
            _CACHE[t] = new[t] = (doc_candidates(doc), topic_words(doc))
            keep_lemmas(x, doc, nlp)  # the keyword lemmas of the same text need no second pass
        if project is not None:
            from focusgroup.embed import text_hash

            project.cache_lemmas(_parse_key(), {text_hash(t): json.dumps(v, ensure_ascii=False) for t, v in new.items()})
    return [_CACHE[t] for t in texts]


@lru_cache(maxsize=1)
def _parse_key() -> str:
    """The project-cache key of parse results: the pipeline, and the code that reads its docs (any
    edit of it parses again instead of reusing results the new code would not give)."""
    from focusgroup.themes.text import _pipeline_id

    here = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for name in ("themes/phrases.py", "themes/parse_cache.py", "themes/nonanswer.py", "themes/text.py", "nlp/words.py",
                 "nlp/stopwords.py", "nlp/data/domain_words.txt"):
        path = here.parent / name
        code.update(path.read_bytes() if path.exists() else b"")
    return f"parse:{_pipeline_id()}:{code.hexdigest()[:16]}"


def preload(project: Any, texts: list[str]) -> list[str]:
    """Fill the in-memory cache from the project's for ``texts`` before a theme edit labels them (the
    labeller's ``parse_candidates`` has no project); returns the texts still to parse (``keep`` stores them
    after). Without it the first merge or split of a session loaded the spaCy pipeline and parsed every
    quote again (~650 texts, ~3.5 s on make demo) although analyze had kept their parses."""
    todo = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    return _from_project(project, todo) if todo else []


def keep(project: Any, texts: list[str]) -> None:
    """Store the parses of ``texts`` made since ``preload`` in the project, so the next session's edit finds them."""
    from focusgroup.embed import text_hash

    done = {text_hash(t): json.dumps(_CACHE[t], ensure_ascii=False) for t in dict.fromkeys(texts) if t in _CACHE}
    if done:
        project.cache_lemmas(_parse_key(), done)


def _from_project(project: Any, texts: list[str]) -> list[str]:
    """Fill ``_CACHE`` from the project's cache; returns the texts still to parse."""
    from focusgroup.embed import text_hash

    hashes = {t: text_hash(t) for t in texts}
    found = project.cached_lemmas(_parse_key(), list(hashes.values()))
    todo = []
    for t, h in hashes.items():
        if h in found:
            cands, n = json.loads(found[h])
            _CACHE[t] = ({k: (int(v[0]), str(v[1])) for k, v in cands.items()}, int(n))
        else:
            todo.append(t)
    return todo


_CACHE: dict[str, tuple[dict[str, tuple[int, str]], int]] = {}
