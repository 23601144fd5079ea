"""Documents: list, detail, passages, upload (with background jobs), delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rag.records import plain
from rag.retrieval.filters import make_filters

from ..deps import EditorDep, EngineDep, ReaderDep, SettingsDep
from ..errors import ApiError
from ..schemas import (
    DocumentOut,
    DocumentPage,
    ErrorResponse,
    JobOut,
    PassageOut,
    UploadResponse,
)

router = APIRouter(
    tags=["documents"], responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}}
)


@router.get("/documents", response_model=DocumentPage)
def list_documents(
    engine: EngineDep,
    _: ReaderDep,
    province: str | None = None,
    locality: str | None = None,
    doc_type: str | None = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
) -> DocumentPage:
    """Documents with their metadata, filtered and paginated."""
    filters = make_filters(province=province, locality=locality, doc_type=doc_type, year=year)
    return DocumentPage(
        total=engine.count_documents(filters),
        page=page,
        per_page=per_page,
        items=engine.documents(filters, limit=per_page, offset=(page - 1) * per_page),
    )


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(doc_id: str, engine: EngineDep, _: ReaderDep) -> DocumentOut:
    """One document's metadata."""
    return DocumentOut.of(engine.document(doc_id))


@router.get("/documents/{doc_id}/passages", response_model=list[PassageOut])
def get_passages(doc_id: str, engine: EngineDep, _: ReaderDep) -> list[PassageOut]:
    """All passages of a document in reading order (boilerplate flagged `indexed: false`)."""
    return engine.passages(doc_id)


@router.delete("/documents/{doc_id}", status_code=204, responses={403: {"model": ErrorResponse}})
async def delete_document(doc_id: str, engine: EngineDep, _: EditorDep) -> None:
    """Delete a document, its passages and index entries (editors only)."""
    await run_in_threadpool(engine.remove, doc_id)


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError(
            413, f"{upload.filename} is larger than the upload limit of {limit // 2**20} MB."
        )
    return data


@router.post(
    "/documents",
    response_model=UploadResponse,
    responses={
        202: {"model": JobOut},
        403: {"model": ErrorResponse},
        413: {"model": ErrorResponse},
        415: {"model": ErrorResponse},
    },
)
async def upload(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    _: EditorDep,
    background: BackgroundTasks,
    files: Annotated[list[UploadFile], File(description="One or more documents.")],
) -> Any:
    """Upload documents (form field `files`); editors only.

    The type is detected from the content. Each file gets a result (added, updated,
    unchanged, failed with a reason). More than 3 files or 5 MB run as a background
    job: the response is 202 with the job, to follow at `GET /jobs/{id}`.
    """
    limit = int(settings.max_upload_mb * 2**20)
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit * max(len(files), 1) + 2**20:
        raise ApiError(413, f"The upload is larger than {settings.max_upload_mb:g} MB per file.")
    payload = [(f.filename or "upload", await _read_limited(f, limit)) for f in files]
    if engine.runs_as_job(payload):
        job = engine.create_upload_job(payload)
        background.add_task(engine.run_upload_job, job.id, payload)
        return JSONResponse(plain(job), status_code=202, headers={"Location": f"/jobs/{job.id}"})
    return await run_in_threadpool(engine.upload, payload)


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: str, engine: EngineDep, _: ReaderDep) -> JobOut:
    """Progress of a background upload job (any server worker can answer)."""
    return engine.job(job_id)
