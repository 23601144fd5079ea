"""Lexical channel: BM25 (SQLite FTS5) over normalised and diacritic-folded terms.

The FTS5 table sits in the store's database and is written in the same transaction
as the passages, so the lexical index can never disagree with the store.
"""

from __future__ import annotations

from collections.abc import Sequence

from .store import Store
from .types import Filters


class LexicalIndex:
    """BM25 search over one of the store's lexical columns.

    Args:
        store: the document store holding the FTS5 table.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def search(
        self, terms: Sequence[str], k: int, folded: bool = False, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Top-k (passage id, BM25 score) for terms; higher scores are better.

        Args:
            terms: syllables and bigrams (already normalised).
            k: how many to return.
            folded: search the diacritic-free column (for unaccented queries).
            filters: document filters, applied inside the query.
        """
        return self.store.lexical_search("folded" if folded else "norm", terms, k, filters)

    def search_codes(
        self, codes: Sequence[str], k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Passages citing any of the document numbers (``29_ctr_tu``) exactly."""
        return self.store.lexical_search("codes", codes, k, filters)
