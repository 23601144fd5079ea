"""What reading the collection returns: documents, passages, hits, citations, answers.

These are the CLI's ``--json`` shapes and the API's response schemas. Every record that
describes a document inherits :class:`~index.types.DocMeta`, so the metadata fields are
written once (in ``index/types.py``) and appear, the same, everywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, TypeVar

from index.types import DocMeta, DocRecord, Passage

R = TypeVar("R")


def plain(value: Any) -> Any:
    """A record as JSON-ready data: dataclasses as dicts, tuples as lists."""
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def display_date(iso: str | None) -> str | None:
    """An ISO date as Vietnamese documents write it (dd/mm/yyyy); a year stays a year."""
    if not iso:
        return None
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return iso


def short_title(title: str | None, limit: int = 90) -> str | None:
    """A trích yếu cut at a word boundary, with an ellipsis when cut."""
    if not title or len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{cut} …"


def doc_label(meta: DocMeta, source: str, with_title: bool = True) -> str:
    """How officials name a document: "Báo cáo số 18/BC-UBND, 06/03/2017, UBND thị xã
    Bỉm Sơn — Kết quả 5 năm …"; the file name only when nothing better is known."""
    kind = (meta.doc_type or "").capitalize()
    named = f"{kind} số {meta.number}" if kind and meta.number else (meta.number or kind)
    head = ", ".join(x for x in (named, display_date(meta.date), meta.issuer) if x)
    title = short_title(meta.title) if with_title else None
    if head and title:
        return f"{head} — {title}"
    return head or title or source


def project(cls: type[R], *sources: object, **given: Any) -> R:
    """A ``cls`` record whose fields come from ``given``, else from the first source
    that has an attribute of that name (the records share their field names)."""
    values = dict(given)
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in values:
            source = next((s for s in sources if hasattr(s, f.name)), None)
            if source is not None:
                values[f.name] = getattr(source, f.name)
    return cls(**values)


Kind = Literal["list", "fact", "precedent", "document"]
KINDS: tuple[Kind, ...] = ("list", "fact", "precedent", "document")


@dataclass(frozen=True, kw_only=True)
class DocumentSummary(DocMeta):
    """A document's metadata with its identity (``rag docs --json``, ``GET /documents``)."""

    id: str
    source: str
    passages: int
    sha256: str
    added_at: str
    updated_at: str

    @classmethod
    def of(cls, doc: DocRecord) -> DocumentSummary:
        """The summary of a stored document."""
        return project(cls, doc.meta, doc, passages=doc.passage_count)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        out: dict[str, Any] = plain(self)
        return out


#: one passage as shown to users (``rag show --json``, ``GET …/passages``)
PassageSummary = Passage


@dataclass(frozen=True, kw_only=True)
class PassageContext:
    """A passage with its neighbours and where a citation and query terms fall in it."""

    passage: PassageSummary
    document: DocumentSummary
    #: text of the preceding passage (context)
    before: str
    #: text of the following passage (context)
    after: str
    #: [start, end] of the requested span inside ``passage.text``
    highlight: tuple[int, int] | None
    #: matches of the query terms inside ``passage.text``
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True, kw_only=True)
class SearchResult(DocMeta):
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
    channels: dict[str, float] = field(default_factory=dict)
    ocr: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape documented in the README."""
        out: dict[str, Any] = plain(self)
        out["score"] = round(self.score, 6)
        out["channels"] = {k: round(v, 4) for k, v in self.channels.items()}
        return out


@dataclass(frozen=True, kw_only=True)
class Citation(DocMeta):
    """Where a quote comes from; ``start``/``end`` are offsets in the document's text."""

    n: int
    passage_id: str
    doc_id: str
    source: str
    quote: str
    start: int
    end: int
    page: int | None
    heading: str
    key_start: int | None = None
    key_end: int | None = None
    ocr: bool = False


@dataclass(frozen=True)
class LocalityLine:
    """One line of a list answer."""

    name: str
    level: str | None
    province: str | None
    citations: tuple[int, ...]


@dataclass(frozen=True)
class PrecedentSentence:
    """One sentence of a precedent document, with how close it is to the draft."""

    n: int
    quote: str
    similarity: float
    #: a stretch of it is found word for word in many documents
    standard: bool
    standard_phrase: str | None
    documents_using_it: int | None


@dataclass(frozen=True, kw_only=True)
class Precedent(DocMeta):
    """A document that worded something like the draft, with its closest sentences."""

    doc_id: str
    source: str
    sentences: tuple[PrecedentSentence, ...]


@dataclass(frozen=True)
class Answer:
    """The answer object printed by ``rag ask --json`` and returned by ``POST /ask``."""

    question: str
    kind: Kind
    language: str
    found: bool
    answer: str
    citations: tuple[Citation, ...] = ()
    localities: tuple[LocalityLine, ...] = ()
    precedents: tuple[Precedent, ...] = ()
    #: for a document answer: the documents named, best first
    documents: tuple[DocumentSummary, ...] = ()
    closest: tuple[Citation, ...] = ()
    generator: str = "extractive"
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the documented ``rag ask --json`` shape)."""
        out: dict[str, Any] = plain(self)
        return out
