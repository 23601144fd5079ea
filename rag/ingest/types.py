"""Frozen records passed between the ingest stages: loaded blocks, raw documents, chunks."""

from __future__ import annotations

from dataclasses import dataclass, field
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


STAGES = ("load", "normalise", "metadata", "chunk", "places", "store")


@dataclass(frozen=True)
class StageTimes:
    """Seconds one document (or a batch, summed) spent in each ingest stage.

    ``places`` covers place resolution and the rest of building passage records (lexical
    terms, folded forms, codes); ``store`` is the write transaction.
    """

    load: float = 0.0
    normalise: float = 0.0
    metadata: float = 0.0
    chunk: float = 0.0
    places: float = 0.0
    store: float = 0.0

    def __add__(self, other: StageTimes) -> StageTimes:
        return StageTimes(*(getattr(self, s) + getattr(other, s) for s in STAGES))

    @property
    def total(self) -> float:
        """Seconds in all stages together."""
        return float(sum(getattr(self, s) for s in STAGES))

    def shares(self) -> dict[str, float]:
        """Each stage's share of the total (0 to 1; all zero when nothing was timed)."""
        total = self.total or 1.0
        return {s: getattr(self, s) / total for s in STAGES}
