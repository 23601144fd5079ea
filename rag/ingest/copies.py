"""Copies of one document: the same report as .pdf and .docx, or re-sent under another name.

A document leaves fingerprints in the store: its words' hash (same text, whatever the
format or file name), its identity (number, issuer and date, when all three are known)
and MinHash bands of its word 5-grams (near-identical text). A new file that shares a
fingerprint with a stored document is compared with it, and is a copy when

* its words are the same, or
* it has the same number, issuer and date and shares half its word 5-grams (an
  appendix sent under its parent's header is not a copy), or
* it shares 80 % of its word 5-grams (a PDF whose page headers break up the text)
  and its header states no other number: two circulars written from one template
  (47 and 48/2025/TT-BNNMT, maps at 1:10.000 and 1:25.000) are two documents.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

import numpy as np

from index.store import Store
from index.types import DocMeta

from ..text.codes import find_codes
from ..text.normalize import fold_words, syllables

#: words per shingle
SHINGLE = 5
#: MinHash bands and rows per band: two texts sharing 80 % of their shingles share a
#: band 98.5 % of the time; sharing 50 %, 40 %
BANDS, ROWS = 8, 4
#: share of shingles (Jaccard) above which two texts are the same document
NEAR = 0.8
#: the same, for two documents with the same number, issuer and date
SAME_IDENTITY = 0.5

_RNG = np.random.default_rng(13)
_A = _RNG.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_PRIME = np.uint64(1_000_003)
#: where a document states its own number
HEADER_CHARS = 1500


@dataclass(frozen=True)
class Copy:
    """A stored document that a new file is a copy of, and why."""

    doc_id: str
    source: str
    why: str


def words(text: str) -> list[str]:
    """The words that decide whether two texts are the same (lower-case, folded)."""
    return fold_words(syllables(text))


_WORD_IDS: dict[str, int] = {}


def shingles(ws: list[str]) -> np.ndarray:
    """Sorted distinct hashes of each run of :data:`SHINGLE` words (stable across
    processes: CRC-32 of the words, combined as a polynomial modulo 2**64)."""
    known = _WORD_IDS
    if len(known) > 500_000:
        known.clear()
    # the new words first, so the ids are read by a loop in C (a third of the time)
    for w in set(ws).difference(known):
        known[w] = zlib.crc32(w.encode("utf-8")) + 1
    ids = np.fromiter(map(known.__getitem__, ws), dtype=np.uint64, count=len(ws))
    n = len(ws) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    grams = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        grams = grams * _PRIME + ids[k : k + n]
    return np.unique(grams)


def identity(meta: DocMeta) -> str | None:
    """``number|issuer|date`` when the document states all three, else ``None``."""
    if not (meta.number and meta.issuer and meta.date):
        return None
    return f"{meta.number}|{meta.issuer}|{meta.date}".lower()


def fingerprints(text: str, meta: DocMeta) -> tuple[str, ...]:
    """The store keys a document is found by (``text:``, ``ident:``, ``band<i>:``)."""
    ws = words(text)
    keys = ["text:" + hashlib.sha256(" ".join(ws).encode("utf-8")).hexdigest()[:32]]
    ident = identity(meta)
    if ident:
        keys.append("ident:" + ident)
    grams = shingles(ws)
    if grams.size:
        mins = ((grams[:, None] * _A + _B) >> np.uint64(32)).min(axis=0)
        for band in range(BANDS):
            rows = mins[band * ROWS : (band + 1) * ROWS].tobytes()
            keys.append(f"band{band}:{hashlib.sha1(rows).hexdigest()[:16]}")
    return tuple(keys)


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not (a.size and b.size):
        return 0.0
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def _stated_number(text: str) -> str | None:
    """The first document number in a text's header (its own, when it states one)."""
    codes = find_codes(text[:HEADER_CHARS])
    return codes[0] if codes else None


def _same_number(a: str, b: str) -> bool:
    """False when both texts state a number in their header and the numbers differ."""
    first, second = _stated_number(a), _stated_number(b)
    return first is None or second is None or first == second


def find_copy(store: Store, doc_id: str, text: str, keys: tuple[str, ...]) -> Copy | None:
    """The stored document (other than ``doc_id``) this text is a copy of, if any."""
    kinds: dict[str, set[str]] = {}
    for other, key in store.find_fingerprints(keys):
        if other != doc_id:
            kinds.setdefault(other, set()).add(key.split(":", 1)[0])
    mine: np.ndarray | None = None
    for other in sorted(kinds, key=lambda d: ("text" not in kinds[d], "ident" not in kinds[d])):
        doc = store.get_document(other)
        if "text" in kinds[other]:
            return Copy(other, doc.source, f"it has the same text as {doc.source!r}")
        mine = shingles(words(text)) if mine is None else mine
        share = _jaccard(mine, shingles(words(doc.text)))
        if "ident" in kinds[other] and share >= SAME_IDENTITY:
            m = doc.meta
            why = f"it is {m.number} of {m.issuer}, {m.date}, like {doc.source!r}"
            return Copy(other, doc.source, why)
        if share >= NEAR and _same_number(text, doc.text):
            why = f"{share:.0%} of its text is that of {doc.source!r}"
            return Copy(other, doc.source, why)
    return None


def backfill(store: Store) -> int:
    """Fingerprint documents stored before fingerprints existed; returns how many."""
    ids = store.unfingerprinted()
    for doc_id in ids:
        doc = store.get_document(doc_id)
        store.put_fingerprints(doc_id, fingerprints(doc.text, doc.meta))
    return len(ids)
