"""The ingest pipeline: load → normalise → metadata → chunk → store (``pipeline.py``)."""
