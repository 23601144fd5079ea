"""In-memory BM25 over syllable n-grams, scored as one sparse matrix product.

SQLite FTS5 fixes BM25's parameters (k1 = 1.2, b = 0.75) and ranks an OR of ~75 query
terms in ~25 ms; this index takes the same terms from the store, lets the parameters
and the weight of each n-gram order be tuned (``bench/retrieval.py``), and answers in
about a millisecond. It is derived data: rebuilt from the store whenever that changes.

Terms are syllables, ``a_b`` bigrams and ``a_b_c`` trigrams; each order has its own
length normalisation, so bigrams do not inflate the unigram document length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class BM25Params:
    """Scoring parameters, chosen on the tuning half of the benchmark.

    Attributes:
        k1: term-frequency saturation.
        b: length normalisation strength.
        bigram: query weight of a syllable pair relative to a syllable.
        trigram: query weight of a syllable triple.
    """

    k1: float = 0.4
    b: float = 0.85
    bigram: float = 1.0
    trigram: float = 0.0

    def __post_init__(self) -> None:
        if self.k1 <= 0:
            raise ValueError(f"BM25 k1 must be positive, got {self.k1}")
        if not 0.0 <= self.b <= 1.0:
            raise ValueError(f"BM25 b must be in [0, 1], got {self.b}")
        if self.bigram < 0 or self.trigram < 0:
            raise ValueError(
                f"n-gram weights must not be negative, got {self.bigram}, {self.trigram}"
            )


#: parameters for the accented column (the dataclass defaults), chosen with the fusion
#: rule on the tuning halves of two sets (``bench/tune_fusion.py``)
ACCENTED = BM25Params()
#: the folded column: without diacritics many syllables collide ("dan" is dân, dẫn, đàn …),
#: so word pairs carry more of the evidence (bigram weight chosen the same way)
FOLDED = BM25Params(bigram=2.0)


def with_trigrams(tokens: Sequence[str]) -> list[str]:
    """The tokens plus ``a_b_c`` trigrams of their syllables (tokens without ``_``), in order."""
    sylls = [t for t in tokens if "_" not in t]
    return [
        *tokens,
        *(f"{a}_{b}_{c}" for a, b, c in zip(sylls, sylls[1:], sylls[2:], strict=False)),
    ]


def idf(n_docs: int, df: np.ndarray | float) -> np.ndarray:
    """BM25's inverse document frequency (never negative): ``log(1 + (N - df + 0.5) / (df + 0.5))``.

    The lexical ranking and the answers' evidence weights both use it.
    """
    df = np.asarray(df, dtype=np.float64)
    return np.log1p((n_docs - df + 0.5) / (df + 0.5))


def _order(term: str) -> int:
    """0 for a syllable, 1 for a bigram, 2 for a trigram."""
    return min(term.count("_"), 2)


class BM25Index:
    """BM25 over a changing set of texts keyed by integer ids.

    Each text is a space-separated list of index tokens (the store's lexical column).

    Args:
        params: scoring parameters.
    """

    def __init__(self, params: BM25Params = ACCENTED) -> None:
        self.params = params
        #: trigrams are indexed only when they weigh something
        self._grams: Callable[[Sequence[str]], list[str]] = (
            with_trigrams if params.trigram > 0 else list
        )
        self._vocab: dict[str, int] = {}
        self._orders: list[int] = []
        #: id → (term ids, counts) of every text in the index
        self._docs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        #: (ids in column order, terms × texts weight matrix, document frequency per
        #: term), swapped as one snapshot so a search running during an update sees
        #: either the old or the new index
        self._state: tuple[np.ndarray, sp.csr_matrix, np.ndarray] = (
            np.zeros(0, dtype=np.int64),
            sp.csr_matrix((0, 0), dtype=np.float32),
            np.zeros(0, dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self._state[0])

    def update(self, added: Iterable[tuple[int, str]], removed: Iterable[int] = ()) -> None:
        """Add (id, text) pairs, drop ids, and rebuild the score matrix."""
        for key in removed:
            self._docs.pop(int(key), None)
        vocab, orders = self._vocab, self._orders
        for key, text in added:
            counts = Counter(self._grams(text.split()))  # counted in C
            tokens = list(counts)
            tids = [vocab.get(tok) for tok in tokens]
            for i, tid in enumerate(tids):
                if tid is None:  # a new term
                    tids[i] = len(orders)
                    orders.append(_order(tokens[i]))  # before the vocabulary: readers check it
                    vocab[tokens[i]] = len(orders) - 1
            self._docs[int(key)] = (
                np.array(tids, dtype=np.int32),
                np.fromiter(counts.values(), np.float32, len(counts)),
            )
        self._rebuild()

    def _rebuild(self) -> None:
        ids = np.array(sorted(self._docs), dtype=np.int64)
        n_terms, n_docs = len(self._orders), len(ids)
        if n_docs == 0:
            empty = np.zeros(n_terms, dtype=np.int64)
            self._state = (ids, sp.csr_matrix((n_terms, 0), dtype=np.float32), empty)
            return
        parts = [self._docs[int(key)] for key in ids]
        lengths = np.fromiter((len(t) for t, _ in parts), dtype=np.int64, count=n_docs)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        terms = np.concatenate([t for t, _ in parts])
        tf = np.concatenate([c for _, c in parts])
        cols = np.repeat(np.arange(n_docs), lengths)
        orders = np.asarray(self._orders, dtype=np.int8)[terms]
        # document length per n-gram order, relative to that order's average
        doc_len = np.bincount(
            orders.astype(np.int64) * n_docs + cols, weights=tf, minlength=3 * n_docs
        ).reshape(3, n_docs)
        rel = doc_len / np.maximum(doc_len.mean(axis=1, keepdims=True), 1e-9)
        df = np.bincount(terms, minlength=n_terms)
        weights = idf(n_docs, df)
        k1, b = self.params.k1, self.params.b
        weight = weights[terms] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * rel[orders, cols]))
        matrix = sp.csc_matrix((weight.astype(np.float32), terms, indptr), shape=(n_terms, n_docs))
        self._state = (ids, matrix.tocsr(), df)

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """The inverse document frequency of each term over the indexed texts
        (a term no text holds gets the highest value)."""
        ids, _, df = self._state
        counts = [
            int(df[tid]) if (tid := self._vocab.get(t)) is not None and tid < len(df) else 0
            for t in terms
        ]
        return dict(zip(terms, (float(v) for v in idf(len(ids), np.array(counts))), strict=True))

    def document_frequencies(self) -> Iterator[tuple[str, int]]:
        """Every indexed term with how many texts hold it (trigrams left out)."""
        _, _, df = self._state
        for term, tid in list(self._vocab.items()):
            if tid < len(df) and df[tid] > 0 and self._orders[tid] < 2:
                yield term, int(df[tid])

    def ceiling(self, terms: Sequence[str]) -> float:
        """The most a text could score for these query terms: every term present, its
        term frequency saturated. Dividing by it puts scores of different queries on one
        scale (terms no text holds count too: the query asks for them)."""
        ids, _, df = self._state
        weights = (1.0, self.params.bigram, self.params.trigram)
        tokens = list(dict.fromkeys(self._grams(terms)))
        counts = np.array(
            [
                int(df[tid]) if (tid := self._vocab.get(t)) is not None and tid < len(df) else 0
                for t in tokens
            ],
            dtype=np.int64,
        )
        per_term = np.array([weights[_order(t)] for t in tokens], dtype=np.float64)
        return float((per_term * idf(len(ids), counts)).sum() * (self.params.k1 + 1))

    def search(
        self, terms: Sequence[str], k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top-k (id, score) for query terms, best first; only positive scores.

        Args:
            terms: syllables and bigrams in query order (trigrams are added here).
            k: how many to return.
            allowed: ids the result may contain (``None``: all).
        """
        ids, matrix, _ = self._state
        weights = (1.0, self.params.bigram, self.params.trigram)
        query: dict[int, float] = {}
        for tok in self._grams(terms):
            tid = self._vocab.get(tok)
            if tid is not None and tid < matrix.shape[0]:
                query[tid] = weights[self._orders[tid]]
        if not query or len(ids) == 0 or k < 1:
            return []
        rows = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
        wq = np.fromiter(query.values(), dtype=np.float32, count=len(query))
        scores = np.asarray(matrix[rows].T @ wq, dtype=np.float32).ravel()
        if allowed is not None:
            scores = np.where(np.isin(ids, allowed), scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if len(positive) > k:
            part = np.argpartition(-scores[positive], k - 1)[:k]
            positive = positive[part]
        order = positive[np.lexsort((ids[positive], -scores[positive]))]
        return [(int(ids[j]), float(scores[j])) for j in order]
