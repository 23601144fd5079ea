"""What the answerer reads through: retrieval and statistics of the collection.

:class:`Reader` satisfies :class:`~rag.answer.extractive.Library`.
"""

from __future__ import annotations

from collections.abc import Sequence

from index.hybrid import HybridSearcher
from index.store import Store
from index.types import Filters, SearchQuery

from ..records import SearchResult
from .results import resolve_hits


class Reader:
    """Searches the store for prepared queries.

    Args:
        store: the document store.
        searcher: the hybrid searcher over it.
    """

    def __init__(self, store: Store, searcher: HybridSearcher) -> None:
        self.store = store
        self.searcher = searcher

    def retrieve(
        self,
        query: SearchQuery,
        k: int,
        filters: Filters | None = None,
        offset: int = 0,
        highlights: bool = False,
    ) -> list[SearchResult]:
        """Hybrid search for a prepared query.

        Args:
            query: the query prepared for every channel.
            k: hits per page.
            filters: document filters applied inside retrieval.
            offset: hits to skip (pagination).
            highlights: compute match offsets (answers do not need them).

        Raises:
            ValueError: a bad ``k`` or ``offset``.
        """
        hits = self.searcher.search_batch([query], k=k, filters=filters, offset=offset)[0]
        return resolve_hits(self.store, hits, query if highlights else None)

    def idf(self, words: Sequence[str], folded: bool) -> dict[str, float]:
        """Inverse document frequency of words in the lexical index."""
        return self.searcher.lexical.idf(words, folded)

    def phrase_doc_count(self, words: Sequence[str]) -> int:
        """How many documents contain these words consecutively."""
        return self.searcher.lexical.phrase_doc_count(words)

    def localities(self) -> list[str]:
        """Locality names of the documents, longest first."""
        return self.store.distinct_localities()
