"""A theme edit in a fresh process reads the quotes' parses from the project (``parse_cache.preload``): the
first merge or split of an app session loaded the spaCy pipeline and parsed every quote again, ~3.5 s of a
merge on make demo (bench/README.md, session 18 helper E), although analyze had kept the parses."""

from __future__ import annotations

import shutil

import pytest
from _themes_data import sib_rows, stratified, survey_source

from focusgroup.config import AnalysisConfig
from focusgroup.store import Project
from focusgroup.themes import analyze, edits, parse_cache

TOPICS = ["sports", "health", "politics", "travel", "geography"]


def _labels(p: Project) -> list[tuple[str, tuple[str, ...], int]]:
    return sorted((t.label, tuple(t.keywords), t.size) for t in p.themes())


def test_merge_in_a_fresh_process_parses_nothing(shared_dir, tmp_path, monkeypatch):
    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    p = Project(tmp_path / "a.fgproj")
    p.add_parsed(survey_source("svar.csv", texts))
    analyze(p, AnalysisConfig(embedder="tfidf"))
    p.close()
    shutil.copy(tmp_path / "a.fgproj", tmp_path / "b.fgproj")

    def merged(name: str) -> list:
        parse_cache._CACHE.clear()  # a new process
        proj = Project(tmp_path / name)
        leaves = [t for t in proj.themes() if t.id not in {x.parent_id for x in proj.themes()}]
        assert len(leaves) >= 4
        edits.merge(proj, [leaves[0].id, leaves[1].id])
        out = _labels(proj)
        proj.close()
        return out

    expected = merged("a.fgproj")  # the pipeline may run here

    def no_pipeline(*_a, **_k):
        raise AssertionError("the edit loaded the spaCy pipeline")

    import focusgroup.nlp

    monkeypatch.setattr(focusgroup.nlp, "load_pipeline", no_pipeline)
    assert merged("b.fgproj") == expected
    with pytest.raises(AssertionError, match="spaCy pipeline"):  # the guard itself works
        parse_cache.parse(["Et helt nyt svar om cykler, som ingen har parset."])


def test_analyze_stores_the_parses_it_found_in_memory(shared_dir, tmp_path):
    """Two projects analysed in one process (the app, or test_themes before this file): the second found
    every parse in memory and stored none, so its first edit in a new process parsed every quote again."""
    from focusgroup.embed import text_hash

    texts = [t for t, _ in stratified(sib_rows(shared_dir), 8, TOPICS)]
    parse_cache._CACHE.clear()
    stored = []
    for name in ("first.fgproj", "second.fgproj"):
        p = Project(tmp_path / name)
        p.add_parsed(survey_source("svar.csv", texts))
        analyze(p, AnalysisConfig(embedder="tfidf"))
        themed = sorted(q for q, a in p.assignments().items() if a.theme_id is not None)
        quoted = [q.text for q in p.quotes(ids=themed)]
        stored.append(set(p.cached_lemmas(parse_cache._parse_key(), [text_hash(t) for t in quoted])))
        assert len(quoted) >= 20 and len(stored[-1]) == len(set(quoted)), name  # every themed quote's parse
        p.close()
    assert stored[0] == stored[1]


def test_onnx_session_is_made_on_the_first_encode(tmp_path):
    """An edit whose vectors are all cached builds no ONNX session (~0.4 s, ~140 MB on make demo); the
    vectors of an engine that made its session late are those of one that made it at once."""
    import numpy as np

    from focusgroup.embed import embed_texts
    from focusgroup.embed.onnx_backend import OnnxE5Embedder, int8_dir

    texts = ["Sagsbehandleren ringede aldrig tilbage.", "Kurset på jobcentret var godt."]
    first = OnnxE5Embedder(int8_dir(), "e5-onnx", threads=1)
    expected = first.encode(texts)
    p = Project(tmp_path / "v.fgproj")
    embed_texts(texts, first, p)  # the project's cache, as analyze leaves it
    late = OnnxE5Embedder(int8_dir(), "e5-onnx", threads=1)
    assert late.model == first.model and late._session is None
    assert np.array_equal(embed_texts(texts, late, p), expected)
    assert late._session is None  # all from the cache: no session
    assert np.array_equal(late.encode(texts), expected) and late._session is not None
    p.close()
