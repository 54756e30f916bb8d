"""UMAP without recompiling it in every process: numba's on-disk cache for the functions a fit runs.

umap-learn compiles its numba kernels (fuzzy simplicial set, layout optimisation) on first use in
each process and does not cache them, which cost ~25-40 s of every fresh ``focusgroup analyze``
on the 2-core box (bench/README.md, issue 16). Here the dispatchers a fit with a precomputed kNN
graph uses get numba's file cache, in the user's cache folder (``FOCUSGROUP_CACHE_DIR``, else the
platform's, e.g. ``~/.cache/focusgroup/numba``; an explicit ``NUMBA_CACHE_DIR`` is respected).
The compiled code is the same; only its compilation is skipped when the cache is warm. numba keys
each entry on the function's bytecode, signature and CPU, so a new umap or numba compiles afresh.
"""

from __future__ import annotations

import contextlib
import os

# (module, attribute) of the numba dispatchers ``UMAP.fit`` runs with a precomputed kNN graph, a
# random_state (serial layout) and the euclidean output metric, as ``ThemeModel._reduce`` calls it.
# The parallel layout variant shares its Python function with the serial one (same cache key), so it
# is left out: a cache entry could otherwise be read by the wrong variant.
DISPATCHERS = (
    ("umap.umap_", "smooth_knn_dist"),
    ("umap.umap_", "compute_membership_strengths"),
    ("umap.layouts", "_nb_optimize_layout_euclidean_single_epoch"),
    ("umap.layouts", "clip"),
)  # rdist caches itself; tau_rand/tau_rand_int have explicit signatures and compile at import (small)

_DONE = False


def cache_dir() -> str:
    if env := os.environ.get("NUMBA_CACHE_DIR"):
        return env
    from focusgroup.embed.e5_convert import user_cache_dir

    return str(user_cache_dir() / "numba")


def enable() -> None:
    """Turn on numba's file cache for UMAP's kernels (idempotent; a failure only means compiling)."""
    global _DONE
    if _DONE:
        return
    _DONE = True
    import importlib

    import numba

    dispatchers = []
    for module, name in DISPATCHERS:
        with contextlib.suppress(Exception):  # another umap version: that kernel compiles as before
            dispatchers.append(getattr(importlib.import_module(module), name))
    folder = cache_dir()
    with contextlib.suppress(OSError):
        os.makedirs(folder, exist_ok=True)
    # numba reads CACHE_DIR when a cache is made: set it only around these dispatchers, so libraries
    # that cache on their own (pynndescent, next to its sources) keep their existing caches.
    before = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = folder
    try:
        for dispatcher in dispatchers:
            with contextlib.suppress(Exception):
                if not dispatcher.overloads and type(dispatcher._cache).__name__ == "NullCache":
                    dispatcher.enable_caching()
    finally:
        numba.config.CACHE_DIR = before
