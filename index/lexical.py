"""Lexical channel: BM25 over normalised and diacritic-folded terms, and exact phrases.

The store keeps each passage's terms (``passage_terms``), written in the same transaction
as the passage, so the lexical data can never disagree with the store. Ranking runs on
an in-memory :class:`~index.bm25.BM25Index` built from those columns and brought up to
date whenever the store's generation moves (only changed passages are re-read).
Document numbers and exact phrases are matched through the FTS5 table, which holds the
syllables and the cited numbers; every query of it lives here.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence

import numpy as np

from .bm25 import ACCENTED, FOLDED, BM25Index, BM25Params
from .errors import StoreError
from .store import Store, filter_sql
from .types import Filters

log = logging.getLogger(__name__)

_COLUMNS = ("norm", "codes")


def _unquoted(terms: Sequence[str]) -> list[str]:
    """The terms without double quotes (FTS5 syntax), empty ones dropped, in order."""
    return [t.replace('"', "") for t in terms if t.strip('"')]


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
            current = {int(v) for v in self._vids()}
            removed = [v for v in self._pids if v not in current]
            rows = self._rows(sorted(current.difference(self._pids)))
            self._norm.update(((vid, norm) for vid, _, norm, _ in rows), removed)
            self._folded.update(((vid, folded) for vid, _, _, folded in rows), removed)
            for vid in removed:
                del self._pids[vid]
            self._pids.update({vid: pid for vid, pid, _, _ in rows})
            self._generation = generation
            log.debug("lexical index: +%d -%d passages", len(rows), len(removed))

    def _vids(self) -> np.ndarray:
        """Integer ids of every passage in the lexical index (the indexed ones)."""
        rows = self.store.read("SELECT vid FROM passage_terms")
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def _rows(self, vids: Sequence[int]) -> list[tuple[int, str, str, str]]:
        """(vid, passage id, normalised terms, folded terms) of indexed passages."""
        rows = self.store.read_in(
            "SELECT t.vid, p.id, t.norm, t.folded FROM passage_terms t "
            "JOIN passages p ON p.vid = t.vid WHERE t.vid IN ({marks})",
            [int(v) for v in vids],
        )
        return [(int(r[0]), r[1], r[2], r[3]) for r in rows]

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

    def vocabulary(self) -> list[tuple[str, int]]:
        """(term, passages holding it) of the accented column: syllables and ``a_b`` pairs."""
        self.sync()
        return list(self._norm.document_frequencies())

    def ceiling(self, terms: Sequence[str], folded: bool = False) -> float:
        """The highest BM25 score these terms could reach (see :meth:`BM25Index.ceiling`)."""
        self.sync()
        return (self._folded if folded else self._norm).ceiling(terms)

    def idf(self, terms: Sequence[str], folded: bool = False) -> dict[str, float]:
        """BM25's inverse document frequency of each term over the indexed passages.

        Args:
            terms: syllables (or bigrams) as the column holds them.
            folded: look them up in the diacritic-free column.
        """
        self.sync()
        return (self._folded if folded else self._norm).idf(list(dict.fromkeys(terms)))

    # ---------------------------------------------------------------- FTS5
    def fts_search(
        self, column: str, terms: Sequence[str], k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """SQLite FTS5's own BM25 over one column with the terms OR-ed; best first.

        Args:
            column: ``norm`` (accented syllables; an ``a_b`` pair is matched as the
                phrase ``a b``) or ``codes``.
            terms: index tokens (syllables, ``a_b`` pairs, codes).
            k: how many passages to return at most.
            filters: document filters applied inside the query.

        Raises:
            StoreError: FTS5 rejected the query.
        """
        if column not in _COLUMNS:
            raise ValueError(f"unknown lexical column {column!r}")
        uniq = list(dict.fromkeys(_unquoted(terms)))
        if not uniq:
            return []
        if column == "norm":
            uniq = [t.replace("_", " ") for t in uniq]
        match = f"{column} : (" + " OR ".join(f'"{t}"' for t in uniq) + ")"
        where, args = filter_sql(filters)
        sql = (
            "SELECT p.id, bm25(passages_fts) AS s FROM passages_fts "
            "JOIN passages p ON p.vid = passages_fts.rowid "
            + ("JOIN documents d ON d.id = p.doc_id " if where else "")
            + f"WHERE passages_fts MATCH ?{where} ORDER BY s LIMIT ?"
        )
        try:
            rows = self.store.read(sql, [match, *args, k])
        except sqlite3.OperationalError as exc:
            raise StoreError(f"Lexical query failed: {exc}") from exc
        return [(r[0], -float(r[1])) for r in rows]

    def search_codes(
        self, codes: Sequence[str], k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Passages citing any of the document numbers (``29_ctr_tu``) exactly."""
        return self.fts_search("codes", codes, k, filters)

    def phrase_doc_count(self, words: Sequence[str]) -> int:
        """How many documents contain these words consecutively (normalised column).

        Raises:
            StoreError: FTS5 rejected the phrase.
        """
        phrase = " ".join(_unquoted(words))
        if not phrase:
            return 0
        try:
            rows = self.store.read(
                "SELECT count(DISTINCT p.doc_id) FROM passages_fts JOIN passages p "
                "ON p.vid = passages_fts.rowid WHERE passages_fts MATCH ?",
                (f'norm : "{phrase}"',),
            )
        except sqlite3.OperationalError as exc:
            raise StoreError(f"Phrase query failed: {exc}") from exc
        return int(rows[0][0])
