"""Frozen records passed across the storage layer's boundary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocRecord:
    """A document as the store keeps it: metadata fields plus the normalised full text."""

    id: str
    source: str
    path: str
    sha256: str
    text: str
    meta: dict[str, Any]
    doc_type: str | None = None
    province: str | None = None
    locality: str | None = None
    date: str | None = None
    added_at: str = ""
    updated_at: str = ""
    passage_count: int = 0

    @property
    def year(self) -> int | None:
        """The document year when its date is known."""
        return int(self.date[:4]) if self.date else None


@dataclass(frozen=True)
class PassageRecord:
    """One passage: text is ``document.text[start:end]`` exactly."""

    id: str
    doc_id: str
    ordinal: int
    heading: str
    text: str
    start: int
    end: int
    page: int | None
    places: tuple[str, ...] = ()
    indexed: bool = True
    embed_text: str = ""
    lex_norm: str = ""
    lex_folded: str = ""
    codes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def vid(self) -> int:
        """The integer id used in the vector and lexical indexes (63 bits of the id)."""
        return vid_of(self.id)


@dataclass(frozen=True)
class Filters:
    """Metadata filters applied inside retrieval."""

    province: str | None = None
    locality: str | None = None
    doc_type: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not any(
            (self.province, self.locality, self.doc_type, self.since, self.until, self.doc_id)
        )


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its fused score and per-channel ranks."""

    passage_id: str
    score: float
    channels: dict[str, float] = field(default_factory=dict)


def vid_of(passage_id: str) -> int:
    """Map a hex passage id to a positive signed 64-bit integer."""
    return int(passage_id[:16], 16) & 0x7FFF_FFFF_FFFF_FFFF


@dataclass(frozen=True)
class SearchQuery:
    """A query prepared for every channel (built by ``rag.query``).

    Attributes:
        text: the normalised query for the dense channel.
        terms: lexical terms (syllables and bigrams, abbreviations expanded).
        folded_terms: the same terms without diacritics.
        codes: document-number keys found in the query (``29_ctr_tu``).
        accented: the user typed diacritics.
        english: the query reads as English (the dense channel leads).
    """

    text: str
    terms: tuple[str, ...] = ()
    folded_terms: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    accented: bool = True
    english: bool = False
