"""A sentence-transformers model from a local folder (e.g. under ``models/``); never downloaded."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from focusgroup.embed.vectors import l2_normalise


class SentenceTransformerEmbedder:
    name = "st"
    cacheable = True

    def __init__(self, path: str | Path, prefix: str = "") -> None:
        path = Path(path).expanduser().resolve()
        if not path.is_dir():
            raise FileNotFoundError(f"Modelmappen findes ikke: {path} (model folder not found)")
        # Belt and braces: the library must never reach the hub, even for a half-complete folder.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._st = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.path = path
        self.prefix = prefix
        self.dim = int(self._st.get_sentence_embedding_dimension() or 0)
        digest = hashlib.sha256()
        for name in ("config.json", "modules.json", "config_sentence_transformers.json"):
            f = path / name
            if f.is_file():
                digest.update(f.read_bytes())
        self.model = f"{path.name}:{digest.hexdigest()[:12]}{':' + prefix if prefix else ''}"

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._st.encode([self.prefix + t for t in texts], batch_size=32, show_progress_bar=False)
        return l2_normalise(np.asarray(vecs))
