"""Batch processing of large comment files: chunked, resumable, in this process or on a local or remote Dask cluster.

Entry point: ``focusgroup.batch.run.run_batch`` (the ``focusgroup batch`` command calls it).
"""
