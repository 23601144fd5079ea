"""The pipeline: loading, normalising, chunking, metadata, search and answers.

Public facade::

    from rag import Engine, Settings
    engine = Engine(Settings(data_dir=".data"))
    engine.ingest(["docs_corpus"]); engine.index()
    engine.search("đệm lót sinh học")
"""

from .config import Settings, get_settings
from .service import Engine

__all__ = ["Engine", "Settings", "get_settings"]
