"""LangChain integration: a ``BaseRetriever`` over our hybrid search.

Requires the ``langchain`` extra (``langchain-core``)::

    from rag import Engine, Settings
    from rag.retriever import make_retriever
    retriever = make_retriever(Engine(Settings()), k=5, province="Thanh Hóa")
    docs = retriever.invoke("đệm lót sinh học")
"""

from __future__ import annotations

from typing import Any

from index.types import Filters

from .engine import Engine
from .retrieval.filters import make_filters

try:
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever
    from pydantic import ConfigDict
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "The LangChain retriever needs langchain-core: pip install 'vn-gov-rag[langchain]'"
    ) from exc


class VietGovRetriever(BaseRetriever):
    """Hybrid search results as LangChain ``Document``s with all our metadata.

    Attributes:
        engine: the search engine (store, embedder, indexes).
        k: documents to return.
        filters: document filters applied inside retrieval.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    engine: Engine
    k: int = 5
    filters: Filters = Filters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        results = self.engine.search(query, k=self.k, filters=self.filters)
        docs = []
        for r in results:
            meta: dict[str, Any] = r.to_dict()
            text = meta.pop("text")
            docs.append(Document(page_content=text, metadata=meta, id=r.passage_id))
        return docs


def make_retriever(engine: Engine, k: int = 5, **filters: Any) -> VietGovRetriever:
    """Build a retriever; keyword filters are ``province``, ``locality``, ``doc_type``,
    ``since``, ``until`` and ``doc_id``."""
    return VietGovRetriever(engine=engine, k=k, filters=make_filters(**filters))
