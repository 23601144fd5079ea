"""Hybrid retrieval: dense (FAISS) + lexical (BM25) fused, exact document numbers first.

Fusion is a weighted sum of per-channel scores scaled to [0, 1] per query (a convex
combination); plain reciprocal-rank fusion is available for comparison. The weights
were chosen on the tuning half of the benchmark (``bench/retrieval.py``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from .embed import Embedder
from .lexical import LexicalIndex
from .rerank import Reranker
from .store import Store
from .types import Filters, Hit, SearchQuery
from .vector import VectorIndex

log = logging.getLogger(__name__)

Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class FusionWeights:
    """Dense-channel weights; the lexical channel gets the rest (1 - weight).

    See ``bench/retrieval.py`` for how they were chosen.
    """

    dense: float = 0.15
    #: dense weight for English queries (lexical terms rarely match Vietnamese text)
    dense_english: float = 0.9
    #: dense weight for queries typed without diacritics: multilingual-e5 cannot read
    #: unaccented Vietnamese (nDCG@10 0.05 on the benchmark), so it is skipped
    dense_unaccented: float = 0.0
    #: skip the dense channel when the lexical top hit leads the second by this share
    #: of its score (0 always embeds): chosen on the tuning half, where the dense
    #: channel changes so few rankings that embedding only the close calls keeps
    #: nDCG@10 within 0.001 of embedding every query
    skip_dense_margin: float = 0.02
    #: candidates taken from each channel before fusion
    depth: int = 100
    rrf_k: int = 60

    def __post_init__(self) -> None:
        for name in ("dense", "dense_english", "dense_unaccented", "skip_dense_margin"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"fusion weight {name} must be in [0, 1], got {value}")
        if self.depth < 1:
            raise ValueError(f"fusion depth must be positive, got {self.depth}")


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
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.vectors = vectors
        self.weights = weights or FusionWeights()
        self.fusion: Fusion = fusion
        self.lexical = lexical or LexicalIndex(store)
        if rerank_depth < 1:
            raise ValueError(f"rerank depth must be positive, got {rerank_depth}")
        self.reranker = reranker
        self.rerank_depth = rerank_depth
        self._lock = threading.Lock()
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()

    # ---------------------------------------------------------------- search
    def _embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            cached = {t: self._qcache[t] for t in texts if t in self._qcache}
        missing = [t for t in dict.fromkeys(texts) if t not in cached]
        if missing:
            vectors = self.embedder.embed_queries(missing)
            with self._lock:
                for t, v in zip(missing, vectors, strict=True):
                    cached[t] = self._qcache[t] = v
                    if len(self._qcache) > 2048:
                        self._qcache.popitem(last=False)
        return np.vstack([cached[t] for t in texts])

    def dense_batch(
        self, queries: Sequence[SearchQuery], k: int, filters: Filters | None = None
    ) -> list[list[tuple[str, float]]]:
        """Dense channel: (passage id, cosine) per query, best first."""
        index = self.vectors.current()
        allowed = (
            None if filters is None or filters.is_empty() else self.store.allowed_vids(filters)
        )
        qvecs = self._embed_queries([q.text for q in queries])
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

        The lexical channel runs first; a query whose lexical ranking already has a
        clear leader (see :attr:`FusionWeights.skip_dense_margin`) is not embedded.

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
        depth = max(self.weights.depth, 2 * (k + offset))
        weights = [self._dense_weight(q, channels) for q in queries]
        lexical_rows = [
            self.lexical_one(q, depth, filters) if w < 1 else []
            for q, w in zip(queries, weights, strict=True)
        ]
        gated = [
            self._lexical_suffices(q, w, lex)
            for q, w, lex in zip(queries, weights, lexical_rows, strict=True)
        ]
        # a gated query is still embedded when its page runs past the lexical hits
        embed = [
            w > 0 and (not g or len(lex) < k + offset)
            for w, g, lex in zip(weights, gated, lexical_rows, strict=True)
        ]
        dense_queries = [q for q, e in zip(queries, embed, strict=True) if e]
        dense_rows = iter(self.dense_batch(dense_queries, depth, filters) if dense_queries else [])
        out: list[list[Hit]] = []
        for query, w_dense, skip, embedded, lexical in zip(
            queries, weights, gated, embed, lexical_rows, strict=True
        ):
            dense_hits = next(dense_rows) if embedded else []
            if skip:
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

    def _lexical_suffices(
        self, query: SearchQuery, w_dense: float, lexical: Sequence[tuple[str, float]]
    ) -> bool:
        """True when embedding the query could hardly change its ranking.

        That is when the lexical channel's best passage leads the second by at least
        ``skip_dense_margin`` of its score. English queries always use the dense
        channel: their lexical matches are noise.
        """
        margin = self.weights.skip_dense_margin
        if w_dense <= 0 or w_dense >= 1 or margin <= 0 or query.english or not lexical:
            return False
        if len(lexical) < 2:
            return True
        top, second = lexical[0][1], lexical[1][1]
        return top > 0 and 1.0 - second / top >= margin

    def _dense_weight(self, query: SearchQuery, channels: Sequence[str]) -> float:
        """The dense channel's share for this query (0 skips embedding it)."""
        if "lexical" not in channels:
            return 1.0
        if "dense" not in channels:
            return 0.0
        if query.english:
            return self.weights.dense_english
        if not query.accented:
            return self.weights.dense_unaccented
        return self.weights.dense

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
