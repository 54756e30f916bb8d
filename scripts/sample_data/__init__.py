"""Deterministic generator of the bundled, fictional Danish job-centre user study in ``transcripts/``."""
