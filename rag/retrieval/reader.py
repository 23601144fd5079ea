"""What the answerer reads through: retrieval and statistics of the collection.

:class:`Reader` satisfies :class:`~rag.answer.extractive.Library`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace

from index.embed import Embedder, QueryCache
from index.hybrid import FusionWeights, HybridSearcher, VectorSource
from index.lexical import LexicalIndex
from index.rerank import get_reranker
from index.store import Store
from index.types import DocMeta, Filters, Hit, SearchQuery

from ..config import Settings
from ..records import DocumentSummary, SearchResult
from ..text.diacritics import DiacriticRestorer
from .query import without_frame
from .results import resolve_hits, to_result


def build_searcher(
    settings: Settings,
    store: Store,
    embedder: Embedder,
    vectors: VectorSource,
    query_cache: QueryCache | None = None,
) -> HybridSearcher:
    """The hybrid searcher the settings describe (the service's, and the benchmarks')."""
    return HybridSearcher(
        store,
        embedder,
        vectors,
        LexicalIndex(store),
        weights=FusionWeights(dense=settings.dense_weight, slope=settings.dense_slope),
        fusion=settings.fusion,
        reranker=get_reranker(settings.reranker, device=settings.embed_device),
        rerank_depth=settings.rerank_depth,
        query_cache=query_cache or QueryCache(embedder, max_tokens=settings.query_max_tokens),
    )


class Reader:
    """Searches the store for prepared queries.

    Args:
        store: the document store.
        searcher: the hybrid searcher over it.
        drop_frame: leave the words that frame a question ("tôi", "nên", "nếu") out of
            the lexical terms (see :func:`~rag.retrieval.query.without_frame`).
    """

    def __init__(self, store: Store, searcher: HybridSearcher, drop_frame: bool = True) -> None:
        self.store = store
        self.searcher = searcher
        self.drop_frame = drop_frame
        self._restorer: tuple[int, DiacriticRestorer] | None = None
        self._lock = threading.Lock()

    def restorer(self) -> DiacriticRestorer:
        """Diacritic restoration from the collection's words (rebuilt when they change)."""
        generation = self.store.generation
        with self._lock:
            if self._restorer is None or self._restorer[0] != generation:
                vocabulary = self.searcher.lexical.vocabulary()
                restorer = DiacriticRestorer(
                    [(t, df) for t, df in vocabulary if "_" not in t],
                    {t: df for t, df in vocabulary if "_" in t},
                )
                self._restorer = (generation, restorer)
            return self._restorer[1]

    def restore(self, text: str) -> str:
        """Text typed without diacritics, given its likely diacritics."""
        return self.restorer().restore(text)

    def choose(self, renderings: Sequence[str]) -> str:
        """The rendering of a term that most documents use (the first one on a tie)."""
        if len(renderings) == 1:
            return renderings[0]
        counts = [
            self.searcher.lexical.phrase_doc_count([w.lower() for w in r.split()])
            for r in renderings
        ]
        return renderings[counts.index(max(counts))]

    def for_channels(self, query: SearchQuery) -> SearchQuery:
        """The query as both channels read it: without the words that frame the question
        in its lexical terms (when ``drop_frame``), and with its diacritics restored for
        the dense channel when it was typed without them (the lexical channel still
        matches it folded)."""
        if self.drop_frame:
            query = without_frame(query)
        if query.accented or query.english:
            return query
        return replace(query, text=self.restorer().restore(query.text))

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
        query = self.for_channels(query)
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

    def numbered(self, digits: str) -> list[tuple[str, str, DocMeta]]:
        """(doc id, source, metadata) of documents whose number starts with ``digits``."""
        return self.store.documents_numbered(digits)

    def signed(self) -> list[tuple[str, str, DocMeta]]:
        """(doc id, source, metadata) of the documents whose signer is known."""
        return self.store.documents_signed()

    def doc_passages(self, doc_id: str) -> list[SearchResult]:
        """Every passage of a document (boilerplate included), in reading order."""
        doc = self.store.get_document(doc_id, with_text=False)
        return [to_result(Hit(p.id, 0.0), p, doc, None) for p in self.store.passages(doc_id)]

    def summary(self, doc_id: str) -> DocumentSummary:
        """A document's summary."""
        return DocumentSummary.of(self.store.get_document(doc_id, with_text=False))
