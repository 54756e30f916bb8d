"""Batch processing of large comment files: chunked, resumable, on a local or remote Dask cluster.

Entry point: ``focusgroup.batch.run.run_batch`` (the ``focusgroup batch`` command calls it).
"""
