"""Lexical channel: BM25 over normalised and diacritic-folded terms.

The store keeps each passage's terms in its FTS5 table, written in the same transaction
as the passage, so the lexical data can never disagree with the store. Ranking runs on
an in-memory :class:`~index.bm25.BM25Index` built from those columns and brought up to
date whenever the store's generation moves (only changed passages are re-read).
Document numbers are matched exactly through FTS5.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from .bm25 import ACCENTED, FOLDED, BM25Index, BM25Params
from .store import Store
from .types import Filters

log = logging.getLogger(__name__)


class LexicalIndex:
    """BM25 search over the store's lexical columns.

    Args:
        store: the document store holding the passages' terms.
        params: BM25 parameters of the accented column.
        folded_params: BM25 parameters of the diacritic-free column.
    """

    def __init__(
        self,
        store: Store,
        params: BM25Params = ACCENTED,
        folded_params: BM25Params = FOLDED,
    ) -> None:
        self.store = store
        self._norm = BM25Index(params)
        self._folded = BM25Index(folded_params)
        self._pids: dict[int, str] = {}
        self._generation = -1
        self._lock = threading.Lock()

    def sync(self) -> None:
        """Bring the in-memory index in line with the store (cheap when nothing changed)."""
        generation = self.store.generation
        if generation == self._generation:
            return
        with self._lock:
            if generation == self._generation:
                return
            current = {int(v) for v in self.store.lexical_vids()}
            removed = [v for v in self._pids if v not in current]
            rows = self.store.lexical_rows(sorted(current.difference(self._pids)))
            self._norm.update(((vid, norm) for vid, _, norm, _ in rows), removed)
            self._folded.update(((vid, folded) for vid, _, _, folded in rows), removed)
            for vid in removed:
                del self._pids[vid]
            self._pids.update({vid: pid for vid, pid, _, _ in rows})
            self._generation = generation
            log.debug("lexical index: +%d -%d passages", len(rows), len(removed))

    def search(
        self, terms: Sequence[str], k: int, folded: bool = False, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, BM25 score) for terms; higher scores are better.

        Args:
            terms: syllables and bigrams in query order (already normalised).
            k: how many to return.
            folded: search the diacritic-free column (for unaccented queries).
            filters: document filters, applied before ranking.
        """
        self.sync()
        allowed = (
            None if filters is None or filters.is_empty() else self.store.allowed_vids(filters)
        )
        index = self._folded if folded else self._norm
        pids = self._pids
        return [(pids[vid], s) for vid, s in index.search(terms, k, allowed) if vid in pids]

    def search_codes(
        self, codes: Sequence[str], k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Passages citing any of the document numbers (``29_ctr_tu``) exactly."""
        return self.store.lexical_search("codes", codes, k, filters)
