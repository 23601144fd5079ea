"""The pipeline facade used by the CLI and the API: one object per data folder."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from index.embed import Embedder, get_embedder
from index.hybrid import FusionWeights, HybridSearcher
from index.rerank import get_reranker
from index.store import Store
from index.types import Filters

from .analyze import Kind
from .answer import Answer, Answerer, ExtractiveAnswerer
from .config import Settings
from .evidence import TopicScorer
from .generate import build_answerer
from .ingest import FileResult, IngestReport, ingest_bytes, ingest_paths
from .query import prepare_query
from .search import SearchResult, resolve_hits

log = logging.getLogger(__name__)


class Engine:
    """Store, embedder and searcher for one data folder, built from settings.

    Args:
        settings: the configuration.
        embedder: an already-built embedder (tests share one); built from settings if
            omitted.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = Store(settings.store_path)
        self._embedder = embedder
        self._searcher: HybridSearcher | None = None
        self._answerer: Answerer | None = None
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    @property
    def embedder(self) -> Embedder:
        """The configured embedder (loaded on first use)."""
        if self._embedder is None:
            s = self.settings
            options = {}
            if s.embedder.startswith("st:"):
                options = {
                    "device": s.embed_device,
                    "query_prompt": s.query_prompt,
                    "passage_prompt": s.passage_prompt,
                    "batch_size": s.embed_batch_size,
                }
            self._embedder = get_embedder(s.embedder, **options)
        return self._embedder

    @property
    def searcher(self) -> HybridSearcher:
        """The hybrid searcher (its vector index is loaded lazily)."""
        with self._lock:
            if self._searcher is None:
                self._searcher = HybridSearcher(
                    self.store,
                    self.embedder,
                    self.settings.index_path,
                    kind=self.settings.vector_index,
                    weights=FusionWeights(
                        dense=self.settings.dense_weight,
                        skip_dense_margin=self.settings.dense_skip_margin,
                    ),
                    fusion=self.settings.fusion,
                    reranker=get_reranker(
                        self.settings.reranker, device=self.settings.embed_device
                    ),
                    rerank_depth=self.settings.rerank_depth,
                )
            return self._searcher

    @property
    def max_tokens(self) -> int:
        """Passage budget: the setting, capped by what the model reads."""
        return min(self.settings.chunk_tokens, self.embedder.max_tokens)

    def count_tokens(self, text: str) -> int:
        """Embedder tokens of a passage text."""
        return self.embedder.count_tokens(text, "passage")

    # ---------------------------------------------------------------- writing
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[FileResult], None] | None = None,
    ) -> IngestReport:
        """Ingest files/folders into the store (no embedding; see :meth:`index`)."""
        return ingest_paths(self.store, paths, self.count_tokens, self.max_tokens, progress)

    def ingest_upload(self, data: bytes, name: str) -> FileResult:
        """Ingest one uploaded file (its id derives from ``upload:<name>``)."""
        return ingest_bytes(
            self.store, data, name, f"upload:{name}", self.count_tokens, self.max_tokens
        )

    def index(
        self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> int:
        """Embed passages that have no vector yet and bring the vector index up to date.

        Args:
            progress: called with (done, total) after each embedded batch.
            rebuild: rebuild the vector index from scratch (``rag reindex``); vectors no
                passage uses any more (edited or removed files) are dropped first.

        Returns:
            How many passages were embedded.
        """
        if rebuild:
            self.store.prune_embeddings()
        done = self.searcher.embed_missing(progress, batch=self.settings.embed_batch_size)
        self.searcher.refresh(rebuild=rebuild)
        return done

    def remove(self, doc_id: str) -> None:
        """Delete a document and its passages from the store and the indexes."""
        self.store.remove_document(doc_id)
        self.searcher.refresh()

    # ---------------------------------------------------------------- answers
    @property
    def answerer(self) -> Answerer:
        """The configured answerer: extractive, or a LangChain chat model over it."""
        with self._lock:
            if self._answerer is None:
                extractive = ExtractiveAnswerer(
                    retrieve=lambda text, k, f: self.search(text, k, f, highlights=False),
                    scorer_factory=lambda a: TopicScorer.build(a, self.store),
                    min_support=self.settings.answer_min_score,
                    localities=self.store.distinct_localities,
                    phrase_doc_count=self.store.phrase_doc_count,
                )
                self._answerer = build_answerer(self.settings, extractive)
            return self._answerer

    def ask(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        """Answer a question with cited quotes (``kind`` overrides the routing)."""
        return self.answerer.answer(question, kind, filters)

    def similar(self, text: str, filters: Filters | None = None) -> Answer:
        """Precedent wording: how other documents phrased something like ``text``."""
        return self.answerer.answer(text, "precedent", filters)

    # ---------------------------------------------------------------- reading
    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        offset: int = 0,
        highlights: bool = True,
    ) -> list[SearchResult]:
        """Hybrid search over indexed passages.

        Args:
            highlights: compute match offsets (answers do not need them).

        Raises:
            ValueError: an empty query or a bad ``k``/``offset``.
        """
        prepared = prepare_query(query)
        hits = self.searcher.search_batch([prepared], k=k, filters=filters, offset=offset)[0]
        return resolve_hits(self.store, hits, prepared if highlights else None)
