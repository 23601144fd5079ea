"""Request and response models (split per direction); errors share ``ErrorResponse``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from index.types import Filters
from rag.ingest.pipeline import FileResult
from rag.ingest.uploads import JobView, UploadOutcome
from rag.records import Answer, DocumentSummary, PassageContext, PassageSummary, SearchResult
from rag.retrieval.filters import check_date, make_filters

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


_WHY = {
    400: "The body cannot be parsed (malformed JSON or multipart).",
    401: "Missing or invalid `X-API-Key` (only when keys are configured); checked before "
    "the body is read.",
    403: "The key's role may not do this (uploads and deletes need an editor key).",
    404: "No such document, passage or job; or a province/locality filter that names no "
    "known place (`unknown_filter`, with suggestions).",
    413: "The request body is over `RAG_MAX_REQUEST_MB` (checked from Content-Length "
    "before it is read), or a file is over `RAG_MAX_UPLOAD_MB`.",
    415: "No uploaded file has a supported type.",
    422: "The request does not match this schema (details name the fields); for uploads, "
    "no file could be ingested (details hold the per-file results).",
    503: "The service is starting, the index is unusable (run `rag reindex`), or too many "
    "long requests wait (`Retry-After`).",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, all in the one error shape."""
    return {code: {"model": ErrorResponse, "description": _WHY[code]} for code in codes}


#: YYYY, YYYY-MM or a calendar date (2017-02-30 is not one)
DateFilter = Annotated[
    str | None,
    AfterValidator(lambda v: check_date(v) if v is not None else None),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]))?$"},
                {"type": "string", "format": "date"},
                {"type": "null"},
            ],
            "description": "YYYY, YYYY-MM or an ISO date (YYYY-MM-DD).",
        }
    ),
]
#: text with at least one letter or digit (a query of punctuation finds nothing to match)
WORDS = r"[^\W_]"


class FilterFields(BaseModel):
    """Metadata filters applied inside retrieval."""

    model_config = ConfigDict(extra="forbid")

    province: str | None = Field(
        default=None,
        max_length=100,
        description="e.g. `Thanh Hóa`; any case, with or without diacritics. A name that is "
        "no known province is answered 404 `unknown_filter` with suggestions.",
    )
    locality: str | None = Field(
        default=None,
        max_length=100,
        description="e.g. `Bỉm Sơn`, matched like `province`.",
    )
    doc_type: str | None = Field(default=None, max_length=100, description="e.g. `báo cáo`")
    since: DateFilter = None
    until: DateFilter = None
    doc_id: str | None = Field(default=None, max_length=64)

    def filters(self) -> Filters:
        return make_filters(**self.model_dump(include=set(FilterFields.model_fields)))


class SearchRequest(FilterFields):
    query: str = Field(
        min_length=1, max_length=2000, pattern=WORDS, description="At least one word."
    )
    k: int = Field(default=10, ge=1, le=100, description="Hits per page.")
    page: int = Field(default=1, ge=1, le=1000)


class AskRequest(FilterFields):
    question: str = Field(
        min_length=1,
        max_length=5000,
        pattern=WORDS,
        description="The question (at most `RAG_MAX_QUESTION_CHARS`, 1,000 by default: "
        "send drafts to compare to `/similar`).",
    )
    kind: Literal["list", "fact", "precedent"] | None = Field(
        default=None, description="Override the routing."
    )


class SimilarRequest(FilterFields):
    text: str = Field(
        min_length=1, max_length=5000, pattern=WORDS, description="A draft to compare."
    )


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
