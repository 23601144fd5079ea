"""The pipeline: ingesting documents and answering from them.

Layout (imports run one way, top to bottom)::

    cli.py, retriever.py   interfaces over the engine (CLI; LangChain retriever)
    engine.py              the only way in: builds every part from the settings
    answer/                analyse a question → retrieve → weigh evidence → cited answer
    retrieval/             prepared queries, filters, search results, reading documents
    ingest/                load → normalise → metadata → chunk → store; uploads
    text/                  Vietnamese text: normalise, split, lexicon, numbers, places
    records.py, config.py, errors.py

Public facade::

    from rag import Engine, Settings
    engine = Engine(Settings(data_dir=".data"))
    engine.ingest(["docs_corpus"]); engine.index()
    engine.search("đệm lót sinh học")
"""

from .config import Settings
from .engine import Engine

__all__ = ["Engine", "Settings"]
