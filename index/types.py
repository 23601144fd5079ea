"""Frozen records passed across the storage layer's boundary.

:class:`DocMeta` is the one definition of a document's metadata: the store persists it,
and every output that describes a document (search hits, citations, precedents, the
document list) carries exactly its fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

_R = TypeVar("_R")


def _from_dict(cls: type[_R], data: dict[str, Any]) -> _R:
    """An instance from the keys of ``data`` that are fields of ``cls`` (others ignored).

    Lists become tuples, so records read back from JSON compare equal to the originals.
    """
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known}
    return cls(**values)


def _to_dict(record: object) -> dict[str, Any]:
    """Field values by name, tuples as lists (JSON-ready, shallow)."""
    out = {}
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


@dataclass(frozen=True, kw_only=True)
class DocMeta:
    """What a document says about itself; every field is ``None`` when it does not say.

    Attributes:
        doc_type: ``báo cáo``, ``kế hoạch``, ``nghị định`` …
        number: the document's own number (số hiệu), e.g. ``18/BC-UBND``.
        date: ISO date, or the year alone.
        date_source: where the date came from (the date line, a publication stamp …).
        issuer: the issuing body, e.g. ``UBND thị xã Bỉm Sơn``, ``Bộ Tài chính``.
        issuer_level: ``trung ương``, ``tỉnh``, ``huyện`` or ``xã``.
        locality: the reporting locality (district-level unit or province); ``None``
            for a central body, whose documents concern the whole country.
        locality_level: its level (``huyện``, ``thị xã``, ``tỉnh`` …).
        province: the province it belongs to.
        title: the trích yếu.
        signer: the person who signed.
        references: numbers of the documents it cites.
    """

    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    date_source: str | None = None
    issuer: str | None = None
    issuer_level: str | None = None
    locality: str | None = None
    locality_level: str | None = None
    province: str | None = None
    title: str | None = None
    signer: str | None = None
    references: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the metadata fields."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocMeta:
        """The metadata fields found in ``data`` (other keys are ignored)."""
        return _from_dict(cls, data)


@dataclass(frozen=True, kw_only=True)
class IngestInfo:
    """Facts about how a document was ingested (not shown as metadata).

    Attributes:
        media_type: the detected file type.
        notes: loader notes (pages needing OCR, legacy encodings, conversions).
        pipeline: version of the ingest rules that produced the passages.
        max_tokens: the passage budget used.
        district_unit: the gazetteer district the document reports on, if any.
        province_unit: the gazetteer province it reports on, if any.
    """

    media_type: str = ""
    notes: tuple[str, ...] = ()
    pipeline: str = ""
    max_tokens: int = 0
    district_unit: str | None = None
    province_unit: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IngestInfo:
        """The ingest fields found in ``data`` (other keys are ignored)."""
        return _from_dict(cls, data)


@dataclass(frozen=True)
class DocRecord:
    """A document as the store keeps it: its metadata plus the normalised full text."""

    id: str
    source: str
    path: str
    sha256: str
    text: str
    meta: DocMeta = field(default_factory=DocMeta)
    info: IngestInfo = field(default_factory=IngestInfo)
    added_at: str = ""
    updated_at: str = ""
    passage_count: int = 0

    @property
    def year(self) -> int | None:
        """The document year when its date is known."""
        return int(self.meta.date[:4]) if self.meta.date else None


@dataclass(frozen=True)
class Passage:
    """One passage as users see it: its text is ``document.text[start:end]`` exactly.

    Attributes:
        heading: the heading path (``III. KẾT QUẢ … › 3. …``).
        page: the page it starts on, for paged formats.
        places: administrative units it names (``xã Thọ Sơn``).
        indexed: false for boilerplate (header lines, recipients, signatures).
    """

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


@dataclass(frozen=True)
class PassageRecord(Passage):
    """A passage as the store keeps it: what users see plus what the indexes read."""

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
    """Metadata filters applied inside retrieval (built by ``rag.retrieval.filters``)."""

    province: str | None = None
    locality: str | None = None
    doc_type: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None
    #: only documents that report for a locality (a list of localities reads nothing else)
    with_locality: bool = False

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not any(getattr(self, f.name) for f in fields(self))


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
    """A query prepared for every channel (built by ``rag.retrieval.query``).

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

    @property
    def lexical_terms(self) -> tuple[str, ...]:
        """The terms the lexical channel matches: exact when accented, else folded."""
        return self.terms if self.accented else self.folded_terms
