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
    unchanged project parses nothing (issue 16: a full pipeline pass was ~50 s per 1k quotes); so are
    the parses this process had in memory already, which the project did not have.
    """
    unique = list(dict.fromkeys(texts))
    unstored = _from_project(project, unique) if project is not None else []
    got = {t: _CACHE[t] for t in unique if t in _CACHE}
    todo = [t for t in unique if t not in got]
    if todo:
        from focusgroup.nlp import load_pipeline
        from focusgroup.nlp.terms import keep_lemmas
        from focusgroup.themes.nonanswer import topic_words
        from focusgroup.themes.text import NOTE

        nlp = load_pipeline()
        disable = [p for p in ("ner",) if p in nlp.pipe_names]
        fed = [NOTE.sub(" ", t) for t in todo]
        for t, x, doc in zip(todo, fed, nlp.pipe(fed, batch_size=256, disable=disable), strict=True):
            if len(_CACHE) > 200_000:
                _CACHE.clear()
            _CACHE[t] = got[t] = (doc_candidates(doc), topic_words(doc))
            keep_lemmas(x, doc, nlp)  # the keyword lemmas of the same text need no second pass
    if unstored:  # parsed now or found in memory (an earlier analyze in this process): the project keeps both
        _store(project, {t: got[t] for t in unstored})
    return [got[t] for t in texts]


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
    labeller's ``parse_candidates`` has no project); returns the texts the project has no parse of, parsed
    in memory or not (``keep`` stores them after). Without it the first merge or split of a session loaded
    the spaCy pipeline and parsed every quote again (~650 texts, ~3.5 s on make demo) although analyze had
    kept their parses."""
    return _from_project(project, list(dict.fromkeys(texts)))


def keep(project: Any, texts: list[str]) -> None:
    """Store the parses of ``texts`` (``preload``'s answer) in the project, so the next session's edit finds them."""
    _store(project, {t: _CACHE[t] for t in dict.fromkeys(texts) if t in _CACHE})


def _store(project: Any, parses: dict[str, tuple[dict[str, tuple[int, str]], int]]) -> None:
    from focusgroup.embed import text_hash

    if parses:
        project.cache_lemmas(_parse_key(), {text_hash(t): json.dumps(v, ensure_ascii=False) for t, v in parses.items()})


def _from_project(project: Any, texts: list[str]) -> list[str]:
    """Fill ``_CACHE`` from the project's cache; returns the texts the project has no parse of, whether
    or not memory has one: a parse found in memory (an earlier analyze or edit in the same process) is
    stored like a new one, else an edit in a new process parsed every quote again (~3.5 s on make demo)."""
    from focusgroup.embed import text_hash

    hashes = {t: text_hash(t) for t in texts}
    found = project.cached_lemmas(_parse_key(), list(hashes.values()))
    unstored = []
    for t, h in hashes.items():
        if h not in found:
            unstored.append(t)
        elif t not in _CACHE:
            cands, n = json.loads(found[h])
            _CACHE[t] = ({k: (int(v[0]), str(v[1])) for k, v in cands.items()}, int(n))
    return unstored


_CACHE: dict[str, tuple[dict[str, tuple[int, str]], int]] = {}
