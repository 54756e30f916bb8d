"""Coding quotes with a codebook and by example, reviewing the tool's suggestions, agreement between coders.

- ``agreement``: the project's codings per coder to ``focusgroup.stats.agreement``.
- ``review``: code quotes, accept / reject / re-code a suggestion (an accepted one becomes an example).
- ``examples``: a classifier on the cached quote embeddings that proposes codes from coded examples.
- ``refi_import``: coded REFI-QDA projects (.qdpx) and coded CSV files in.

The SQL lives in ``focusgroup.store.coding``.
"""
