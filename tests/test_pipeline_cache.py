"""Issue 16: nothing is computed twice that a cache already holds (embeddings, UMAP's compiled kernels).

Embed calls are counted through a small cacheable embedder registered for these tests, so the tests
run in seconds and assert what was encoded, not how long it took.
"""

from __future__ import annotations

import os
import subprocess
import sys


def test_umap_kernels_use_a_numba_cache_in_the_user_cache(tmp_path):
    """A fresh process enables numba's file cache for the kernels a theme fit runs, in the user cache."""
    code = (
        "from focusgroup.themes import umap_cache; umap_cache.enable();"
        "import importlib, numba;"
        "print(getattr(importlib.import_module('umap.umap_'), 'smooth_knn_dist')._cache._cache_path);"
        "print(all(type(getattr(importlib.import_module(m), n)._cache).__name__ == 'FunctionCache'"
        " for m, n in umap_cache.DISPATCHERS))"
    )
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"} | {"FOCUSGROUP_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    folder, cached = out.stdout.split()
    assert folder.startswith(str(tmp_path / "numba")) and cached == "True"
