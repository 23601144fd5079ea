"""Frozen records passed between pipeline stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True)
class Block:
    """One unit of a loaded document in reading order.

    Attributes:
        text: the raw text of the block (one paragraph, heading or table row).
        kind: what the loader knows the block is; ``paragraph`` when it does not know.
        level: heading level the source declared (Markdown ``#``, Word heading style).
        page: 1-based page number for paged formats.
        extra: loader facts (``ocr``, ``ocr_confidence``, ``table_header``).
    """

    text: str
    kind: BlockKind = "paragraph"
    level: int | None = None
    page: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RawDocument:
    """What a loader returns: blocks plus facts about the file."""

    source: str
    blocks: tuple[Block, ...]
    media_type: str
    sha256: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """An administrative unit resolved in the gazetteer (pre-July-2025 units)."""

    name: str
    level: str
    province: str
    district: str | None = None

    @property
    def label(self) -> str:
        """``xã Thọ Sơn`` style label: level then name."""
        return f"{self.level} {self.name}"


@dataclass(frozen=True)
class DocMeta:
    """Document metadata; every field is ``None`` when the document does not say."""

    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    date_source: str | None = None
    issuer: str | None = None
    locality: str | None = None
    locality_level: str | None = None
    province: str | None = None
    title: str | None = None
    signer: str | None = None
    references: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        out = asdict(self)
        out["references"] = list(self.references)
        return out


@dataclass(frozen=True)
class Chunk:
    """A passage cut from a normalised document (before it gets ids)."""

    ordinal: int
    heading: str
    start: int
    end: int
    text: str
    page: int | None
    boilerplate: bool
    tokens: int
    extra: dict[str, Any] = field(default_factory=dict)
