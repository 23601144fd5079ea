"""Search results for people: hits joined with their document, with highlights."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from index.store import Store
from index.types import DocRecord, Hit, PassageRecord, SearchQuery

from .normalize import fold
from .query import STOP_TERMS


@dataclass(frozen=True)
class SearchResult:
    """One hit as the CLI (`rag search --json`) and the API return it."""

    passage_id: str
    doc_id: str
    source: str
    score: float
    text: str
    heading: str
    page: int | None
    start: int
    end: int
    highlights: tuple[tuple[int, int], ...]
    places: tuple[str, ...]
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    locality: str | None
    locality_level: str | None
    province: str | None
    title: str | None
    channels: dict[str, float] = field(default_factory=dict)
    ocr: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        return {
            "passage_id": self.passage_id,
            "doc_id": self.doc_id,
            "source": self.source,
            "score": round(self.score, 6),
            "text": self.text,
            "heading": self.heading,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "highlights": [list(h) for h in self.highlights],
            "places": list(self.places),
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "locality": self.locality,
            "locality_level": self.locality_level,
            "province": self.province,
            "title": self.title,
            "channels": {k: round(v, 4) for k, v in self.channels.items()},
            "ocr": self.ocr,
        }


def doc_summary(doc: DocRecord) -> dict[str, Any]:
    """A document's metadata in the documented ``rag docs --json`` shape."""
    meta = doc.meta
    return {
        "id": doc.id,
        "source": doc.source,
        "doc_type": doc.doc_type,
        "number": meta.get("number"),
        "date": doc.date,
        "issuer": meta.get("issuer"),
        "locality": doc.locality,
        "locality_level": meta.get("locality_level"),
        "province": doc.province,
        "title": meta.get("title"),
        "signer": meta.get("signer"),
        "references": list(meta.get("references", [])),
        "passages": doc.passage_count,
        "sha256": doc.sha256,
        "added_at": doc.added_at,
        "updated_at": doc.updated_at,
    }


@lru_cache(maxsize=512)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of the words as a whole syllable (as :func:`rag.normalize.syllables` cuts them)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?<!&)(?:{alternatives})(?![^\W_])(?!&[^\W_])")


def highlight_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Offsets (in ``text``) of syllables that match the query, adjacent ones merged.

    Matching is accent-insensitive for unaccented queries and exact otherwise.
    """
    wanted = {t for t in query.terms if "_" not in t and t not in STOP_TERMS}
    if not wanted:
        return []
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer: keep offsets
        low = "".join(ch.lower()[0] for ch in text)
    if not query.accented:
        wanted, low = {fold(t) for t in wanted}, fold(low)
    spans: list[tuple[int, int]] = []
    for m in _word_pattern(frozenset(wanted)).finditer(low):
        a, b = m.span()
        if spans and text[spans[-1][1] : a].strip() == "":
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def to_result(
    hit: Hit, passage: PassageRecord, doc: DocRecord, query: SearchQuery | None
) -> SearchResult:
    """Join a hit with its passage and document."""
    meta = doc.meta
    return SearchResult(
        passage_id=passage.id,
        doc_id=doc.id,
        source=doc.source,
        score=hit.score,
        text=passage.text,
        heading=passage.heading,
        page=passage.page,
        start=passage.start,
        end=passage.end,
        highlights=tuple(highlight_spans(passage.text, query)) if query else (),
        places=passage.places,
        doc_type=doc.doc_type,
        number=meta.get("number"),
        date=doc.date,
        issuer=meta.get("issuer"),
        locality=doc.locality,
        locality_level=meta.get("locality_level"),
        province=doc.province,
        title=meta.get("title"),
        channels=dict(hit.channels),
        ocr=bool(passage.extra.get("ocr")),
    )


def resolve_hits(store: Store, hits: list[Hit], query: SearchQuery | None) -> list[SearchResult]:
    """Turn fused hits into results (hits whose passage vanished are dropped)."""
    passages = store.get_passages([h.passage_id for h in hits])
    docs: dict[str, DocRecord] = {}
    out: list[SearchResult] = []
    for hit in hits:
        passage = passages.get(hit.passage_id)
        if passage is None:
            continue
        if passage.doc_id not in docs:
            docs[passage.doc_id] = store.get_document(passage.doc_id, with_text=False)
        out.append(to_result(hit, passage, docs[passage.doc_id], query))
    return out
