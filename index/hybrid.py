"""Hybrid retrieval: dense (FAISS) + lexical (BM25) fused, exact document numbers first.

Fusion is a weighted sum of per-channel scores scaled to [0, 1] per query (a convex
combination) whose dense weight adapts to the query: the more of what the question asks
the best lexical passage holds, the more the lexical channel leads (questions that reuse
the documents' words); the less it holds, the more the dense channel leads (paraphrases,
English). Plain reciprocal-rank fusion is available for comparison. The rule and its two
values were chosen on the tuning halves of two benchmark sets together
(``bench/tune_fusion.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from .embed import Embedder, QueryCache
from .lexical import LexicalIndex
from .rerank import Reranker
from .store import Store
from .types import Filters, Hit, SearchQuery
from .vector import VectorIndex

log = logging.getLogger(__name__)

Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class FusionWeights:
    """How much a query leans on the dense channel; the lexical channel gets the rest.

    A query's dense weight is ``dense − slope × match``, clipped to [0, 1], where *match*
    is its best lexical score divided by the most its terms could score
    (:meth:`~index.lexical.LexicalIndex.ceiling`): 1 when a passage holds every term of
    the question, near 0 when the best one holds little of it. When the weight is 0 the
    query is not embedded at all (the dense channel could not change its ranking).
    """

    #: the dense weight when the best lexical passage holds nothing of the query
    dense: float = 0.7
    #: how fast the dense weight falls as the best lexical passage holds more of it
    slope: float = 1.0
    #: dense weight for English queries (their words rarely occur in Vietnamese text)
    dense_english: float = 0.9
    #: candidates taken from each channel before fusion, whatever the page size: min-max
    #: scaling reads the channel's whole list, so a page of 10 and one of 100 (and every
    #: page inside the first ``depth`` hits) rank the same candidates alike, and the
    #: benchmark measures the ranking the service pages through (200 over 100: no loss
    #: on the tuning half of either benchmark set)
    depth: int = 200
    rrf_k: int = 60

    def __post_init__(self) -> None:
        for name in ("dense", "dense_english"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"fusion weight {name} must be in [0, 1], got {value}")
        if self.slope < 0:
            raise ValueError(f"fusion slope must not be negative, got {self.slope}")
        if self.depth < 1:
            raise ValueError(f"fusion depth must be positive, got {self.depth}")

    def dense_weight(self, match: float, english: bool = False) -> float:
        """The dense channel's share for a query whose lexical match is ``match`` (0–1)."""
        if english:
            return self.dense_english
        return min(1.0, max(0.0, self.dense - self.slope * match))


def _scaled(scored: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Min-max scale a channel's scores to [0, 1] (a lone hit scores 1)."""
    if not scored:
        return {}
    values = np.array([s for _, s in scored], dtype=np.float64)
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo
    if span <= 1e-12:
        return {pid: 1.0 for pid, _ in scored}
    return {pid: (s - lo) / span for pid, s in scored}


def fuse(
    channels: dict[str, tuple[float, Sequence[tuple[str, float]]]],
    method: Fusion = "convex",
    rrf_k: int = 60,
) -> list[Hit]:
    """Fuse ranked channels into one list.

    Args:
        channels: name → (weight, [(passage id, score)] best first).
        method: ``convex`` (weighted sum of min-max scaled scores) or ``rrf``.
        rrf_k: the RRF constant.
    """
    total: dict[str, float] = {}
    parts: dict[str, dict[str, float]] = {}
    for name, (weight, scored) in channels.items():
        if weight <= 0 or not scored:
            continue
        if method == "rrf":
            contrib = {pid: 1.0 / (rrf_k + rank + 1) for rank, (pid, _) in enumerate(scored)}
        else:
            contrib = _scaled(scored)
        for pid, value in contrib.items():
            total[pid] = total.get(pid, 0.0) + weight * value
            parts.setdefault(pid, {})[name] = value
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return [Hit(pid, score, parts[pid]) for pid, score in ranked]


class VectorSource(Protocol):
    """Gives the current vector index (kept up to date by an indexer)."""

    def current(self) -> VectorIndex:
        """The vector index as of the store's current generation."""


class HybridSearcher:
    """Searches the store's passages through every channel (reading only).

    Args:
        store: the document store (source of truth).
        embedder: the configured embedder (queries are embedded with it).
        vectors: the vector index's keeper (an :class:`~index.indexer.VectorIndexer`).
        lexical: the lexical index (built over the store when omitted).
        weights: fusion weights.
        fusion: ``convex`` or ``rrf``.
        reranker: an optional cross-encoder that re-scores the top fused passages.
        rerank_depth: how many fused passages the reranker reads; deeper pages keep
            the fused order, so pages never overlap.
        query_cache: where query vectors are kept (a new one over ``embedder`` if omitted).

    Raises:
        ValueError: ``rerank_depth`` is not positive.
    """

    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        vectors: VectorSource,
        lexical: LexicalIndex | None = None,
        weights: FusionWeights | None = None,
        fusion: Fusion = "convex",
        reranker: Reranker | None = None,
        rerank_depth: int = 20,
        query_cache: QueryCache | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.queries = query_cache or QueryCache(embedder)
        self.vectors = vectors
        self.weights = weights or FusionWeights()
        self.fusion: Fusion = fusion
        self.lexical = lexical or LexicalIndex(store)
        if rerank_depth < 1:
            raise ValueError(f"rerank depth must be positive, got {rerank_depth}")
        self.reranker = reranker
        self.rerank_depth = rerank_depth

    # ---------------------------------------------------------------- search
    def dense_batch(
        self, queries: Sequence[SearchQuery], k: int, filters: Filters | None = None
    ) -> list[list[tuple[str, float]]]:
        """Dense channel: (passage id, cosine) per query, best first."""
        index = self.vectors.current()
        allowed = (
            None if filters is None or filters.is_empty() else self.store.allowed_vids(filters)
        )
        qvecs = self.queries.embed([q.text for q in queries])
        raw = index.search(qvecs, k, allowed)
        vids = sorted({vid for row in raw for vid, _ in row})
        mapping = self.store.ids_for_vids(vids)
        return [[(mapping[v], s) for v, s in row if v in mapping] for row in raw]

    def lexical_one(
        self, query: SearchQuery, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Lexical channel: exact terms for accented queries, the folded column otherwise."""
        return self.lexical.search(
            query.lexical_terms, k, folded=not query.accented, filters=filters
        )

    def search_batch(
        self,
        queries: Sequence[SearchQuery],
        k: int = 10,
        filters: Filters | None = None,
        offset: int = 0,
        channels: Sequence[str] = ("dense", "lexical"),
    ) -> list[list[Hit]]:
        """Hybrid search for several queries.

        The lexical channel runs first; a query whose best lexical passage holds so much
        of it that its dense weight is 0 (see :class:`FusionWeights`) is not embedded.

        Args:
            queries: prepared queries (a single search is a batch of one).
            k: hits per page.
            filters: document filters applied inside every channel.
            offset: hits to skip (pagination).
            channels: which channels to use (``dense``, ``lexical``).
        """
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if offset < 0:
            raise ValueError(f"offset must not be negative, got {offset}")
        # one candidate depth for every page inside it, so pages slice one ranking
        depth = max(self.weights.depth, k + offset)
        use_lexical, use_dense = "lexical" in channels, "dense" in channels
        lexical_rows = [self.lexical_one(q, depth, filters) if use_lexical else [] for q in queries]
        weights = [
            (self._dense_weight(q, lex) if use_lexical else 1.0) if use_dense else 0.0
            for q, lex in zip(queries, lexical_rows, strict=True)
        ]
        # a query whose dense weight is 0 is embedded only when its page runs past the
        # lexical hits (to fill it)
        embed = [
            use_dense and (w > 0 or len(lex) < k + offset)
            for w, lex in zip(weights, lexical_rows, strict=True)
        ]
        dense_queries = [q for q, e in zip(queries, embed, strict=True) if e]
        dense_rows = iter(self.dense_batch(dense_queries, depth, filters) if dense_queries else [])
        out: list[list[Hit]] = []
        for query, w_dense, embedded, lexical in zip(
            queries, weights, embed, lexical_rows, strict=True
        ):
            dense_hits = next(dense_rows) if embedded else []
            if w_dense <= 0:
                # lexical order, then passages only the dense channel found: the same
                # list whichever page asks, so pages never overlap
                hits = fuse({"lexical": (1.0, lexical)}, self.fusion, self.weights.rrf_k)
                seen = {h.passage_id for h in hits}
                hits += [Hit(pid, 0.0, {"dense": s}) for pid, s in dense_hits if pid not in seen]
            else:
                hits = fuse(
                    {"dense": (w_dense, dense_hits), "lexical": (1.0 - w_dense, lexical)},
                    self.fusion,
                    self.weights.rrf_k,
                )
            if self.reranker is not None:
                hits = self._rerank(query, hits, self.rerank_depth)  # same on every page
            if query.codes:
                hits = self._codes_first(query, hits, depth, filters)
            out.append(hits[offset : offset + k])
        return out

    def _rerank(self, query: SearchQuery, hits: list[Hit], depth: int) -> list[Hit]:
        """Order the top ``depth`` fused hits by the cross-encoder; the rest follow."""
        assert self.reranker is not None
        top = hits[:depth]
        passages = self.store.get_passages([h.passage_id for h in top])
        top = [h for h in top if h.passage_id in passages]
        texts = [passages[h.passage_id].embed_text or passages[h.passage_id].text for h in top]
        scores = self.reranker.score(query.text, texts)
        order = sorted(range(len(top)), key=lambda i: (-float(scores[i]), i))
        reranked = [
            Hit(
                top[i].passage_id, float(scores[i]), {**top[i].channels, "rerank": float(scores[i])}
            )
            for i in order
        ]
        return reranked + hits[depth:]

    def lexical_match(self, query: SearchQuery, lexical: Sequence[tuple[str, float]]) -> float:
        """How much of the query the best lexical passage holds: its score over the most
        the query's terms could score (0 when nothing matched)."""
        if not lexical:
            return 0.0
        ceiling = self.lexical.ceiling(query.lexical_terms, folded=not query.accented)
        return min(1.0, lexical[0][1] / ceiling) if ceiling > 0 else 0.0

    def _dense_weight(self, query: SearchQuery, lexical: Sequence[tuple[str, float]]) -> float:
        """The dense channel's share for this query (0: the query is not embedded)."""
        if query.english:
            return self.weights.dense_weight(0.0, english=True)
        return self.weights.dense_weight(self.lexical_match(query, lexical))

    def _codes_first(
        self, query: SearchQuery, hits: list[Hit], depth: int, filters: Filters | None
    ) -> list[Hit]:
        """Put the document with that number, then passages citing it, before the rest."""
        own = self.store.passages_of_numbers(query.codes, filters)
        citing = [pid for pid, _ in self.lexical.search_codes(query.codes, depth, filters)]
        first = list(dict.fromkeys(own + citing))
        by_id = {h.passage_id: h for h in hits}
        top = 2.0 + len(first)
        boosted = [
            Hit(pid, top - i, {**(by_id[pid].channels if pid in by_id else {}), "code": 1.0})
            for i, pid in enumerate(first)
        ]
        return boosted + [h for h in hits if h.passage_id not in set(first)]
