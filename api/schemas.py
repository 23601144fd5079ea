"""Request and response models (split per direction); errors share ``ErrorResponse``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from index.types import Filters
from rag.answer import Answer
from rag.search import SearchResult

# Responses of /search, /ask and /similar are the pipeline's own records (the documented
# `rag search --json` / `rag ask --json` shapes); re-exported here for the routes.
SearchHit = SearchResult
AnswerOut = Answer


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. `not_found`.")
    message: str = Field(description="What went wrong, in English.")
    details: Any = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class FilterFields(BaseModel):
    """Metadata filters applied inside retrieval."""

    model_config = ConfigDict(extra="forbid")

    province: str | None = Field(default=None, description="e.g. `Thanh Hóa`")
    locality: str | None = Field(default=None, description="e.g. `Bỉm Sơn`")
    doc_type: str | None = Field(default=None, description="e.g. `báo cáo`")
    since: str | None = Field(
        default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY or an ISO date"
    )
    until: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    doc_id: str | None = None

    def filters(self) -> Filters:
        return Filters(
            province=self.province,
            locality=self.locality,
            doc_type=self.doc_type,
            since=self.since,
            until=self.until,
            doc_id=self.doc_id,
        )


class SearchRequest(FilterFields):
    query: str = Field(min_length=1, max_length=2000)
    k: int = Field(default=10, ge=1, le=100, description="Hits per page.")
    page: int = Field(default=1, ge=1, le=1000)


class AskRequest(FilterFields):
    question: str = Field(min_length=1, max_length=5000)
    kind: Literal["list", "fact", "precedent"] | None = Field(
        default=None, description="Override the routing."
    )


class SimilarRequest(FilterFields):
    text: str = Field(min_length=1, max_length=5000)


class DocumentOut(BaseModel):
    id: str
    source: str
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    locality: str | None
    locality_level: str | None
    province: str | None
    title: str | None
    signer: str | None
    references: list[str]
    passages: int
    sha256: str
    added_at: str
    updated_at: str


class DocumentPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[DocumentOut]


class PassageOut(BaseModel):
    id: str
    doc_id: str
    ordinal: int
    heading: str
    text: str
    start: int
    end: int
    page: int | None
    places: list[str]
    indexed: bool


class PassageContext(BaseModel):
    passage: PassageOut
    document: DocumentOut
    before: str = Field(description="Text of the preceding passage (context).")
    after: str = Field(description="Text of the following passage (context).")
    highlight: list[int] | None = Field(
        description="[start, end] of the requested span inside `passage.text`."
    )
    highlights: list[list[int]] = Field(description="Matches of `q` inside `passage.text`.")


class FileResultOut(BaseModel):
    source: str
    status: Literal["added", "updated", "unchanged", "failed"]
    doc_id: str | None
    passages: int
    reason: str | None
    notes: list[str]


class UploadResponse(BaseModel):
    results: list[FileResultOut]
    embedded: int


class JobOut(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    results: list[FileResultOut]
    error: str | None


class HealthOut(BaseModel):
    status: Literal["ok"]
    documents: int
    passages: int
    indexed_passages: int
    vector_index: dict[str, Any]
    embedder: str
    generator: str
    auth: bool
    versions: dict[str, str]
