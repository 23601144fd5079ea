"""Request and response models (split per direction); errors share ``ErrorResponse``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from index.types import Filters
from rag.ingest.pipeline import FileResult
from rag.ingest.uploads import JobView, UploadOutcome
from rag.records import Answer, DocumentSummary, PassageContext, PassageSummary, SearchResult
from rag.retrieval.filters import make_filters

# Responses are the pipeline's own records (the documented `--json` shapes of the CLI),
# re-exported here under the names the routes use.
SearchHit = SearchResult
AnswerOut = Answer
DocumentOut = DocumentSummary
PassageOut = PassageSummary
PassageContextOut = PassageContext
FileResultOut = FileResult
UploadResponse = UploadOutcome
JobOut = JobView


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
        return make_filters(**self.model_dump(include=set(FilterFields.model_fields)))


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


class DocumentPage(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[DocumentSummary]


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
