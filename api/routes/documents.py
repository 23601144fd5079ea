"""Documents: list, detail, passages, upload (with background jobs), delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, BackgroundTasks, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from index.jobs import JobLog, JobRecord
from index.types import DocRecord, Filters, PassageRecord
from rag.errors import UnsupportedFileType
from rag.ingest import FileResult
from rag.load import sniff
from rag.search import doc_summary
from rag.service import Engine

from ..deps import EditorDep, EngineDep, ReaderDep, SettingsDep
from ..errors import ApiError
from ..schemas import (
    DocumentOut,
    DocumentPage,
    ErrorResponse,
    FileResultOut,
    JobOut,
    PassageOut,
    UploadResponse,
)

router = APIRouter(
    tags=["documents"], responses={401: {"model": ErrorResponse}, 404: {"model": ErrorResponse}}
)

Status = Literal["added", "updated", "unchanged", "failed"]
#: uploads with more files or bytes than this run as a background job
JOB_FILES = 3
JOB_BYTES = 5 * 2**20


def doc_out(doc: DocRecord) -> DocumentOut:
    return DocumentOut(**doc_summary(doc))


def passage_out(p: PassageRecord) -> PassageOut:
    return PassageOut.model_validate(p, from_attributes=True)


def result_out(r: FileResult) -> FileResultOut:
    return FileResultOut(
        source=r.source,
        status=cast(Status, r.status),
        doc_id=r.doc_id,
        passages=r.passages,
        reason=r.reason,
        notes=list(r.notes),
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
    filters = Filters(
        province=province,
        locality=locality,
        doc_type=doc_type,
        since=str(year) if year else None,
        until=str(year) if year else None,
    )
    items = engine.store.list_documents(filters, limit=per_page, offset=(page - 1) * per_page)
    return DocumentPage(
        total=engine.store.count_documents(filters),
        page=page,
        per_page=per_page,
        items=[doc_out(d) for d in items],
    )


@router.get("/documents/{doc_id}", response_model=DocumentOut)
def get_document(doc_id: str, engine: EngineDep, _: ReaderDep) -> DocumentOut:
    """One document's metadata."""
    return doc_out(engine.store.get_document(doc_id, with_text=False))


@router.get("/documents/{doc_id}/passages", response_model=list[PassageOut])
def get_passages(doc_id: str, engine: EngineDep, _: ReaderDep) -> list[PassageOut]:
    """All passages of a document in reading order (boilerplate flagged `indexed: false`)."""
    engine.store.get_document(doc_id, with_text=False)
    return [passage_out(p) for p in engine.store.passages(doc_id)]


@router.delete("/documents/{doc_id}", status_code=204, responses={403: {"model": ErrorResponse}})
async def delete_document(doc_id: str, engine: EngineDep, _: EditorDep) -> None:
    """Delete a document, its passages and index entries (editors only)."""
    await run_in_threadpool(engine.remove, doc_id)


# ---------------------------------------------------------------- uploads and jobs
def _ingest_files(
    engine: Engine,
    files: list[tuple[str, bytes]],
    progress: Callable[[list[FileResult]], None] | None = None,
) -> tuple[list[FileResult], int]:
    results = []
    for name, data in files:
        results.append(engine.ingest_upload(data, name))
        if progress is not None:
            progress(results)
    embedded = engine.index()  # new passages become searchable without a restart
    return results, embedded


def _run_job(engine: Engine, files: list[tuple[str, bytes]], jobs: JobLog, job_id: str) -> None:
    done: list[dict[str, Any]] = []

    def progress(results: list[FileResult]) -> None:
        done[:] = [result_out(r).model_dump() for r in results]
        jobs.update(job_id, "running", done)

    jobs.update(job_id, "running")
    try:
        _ingest_files(engine, files, progress)
        jobs.update(job_id, "done", done)
    except Exception as exc:  # the job reports it; the server keeps running
        jobs.update(job_id, "failed", done, str(exc))


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
    unsupported = []
    for name, data in payload:
        try:
            sniff(data, name)
        except UnsupportedFileType as exc:
            unsupported.append(exc.reason)
        except Exception:  # damaged files are reported per file by the ingest
            continue
    if unsupported and len(unsupported) == len(payload):
        raise ApiError(415, "; ".join(unsupported))
    if len(payload) > JOB_FILES or sum(len(d) for _, d in payload) > JOB_BYTES:
        jobs: JobLog = request.app.state.jobs
        job = jobs.create(len(payload))
        background.add_task(_run_job, engine, payload, jobs, job.id)
        return JSONResponse(
            _job_json(job), status_code=202, headers={"Location": f"/jobs/{job.id}"}
        )
    results, embedded = await run_in_threadpool(_ingest_files, engine, payload)
    return UploadResponse(results=[result_out(r) for r in results], embedded=embedded)


def _job_json(job: JobRecord) -> dict[str, Any]:
    return JobOut(
        id=job.id,
        status=job.status,
        total=job.total,
        done=job.done,
        results=[FileResultOut(**r) for r in job.results],
        error=job.error,
    ).model_dump()


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: str, request: Request, _: ReaderDep) -> dict[str, Any]:
    """Progress of a background upload job (any server worker can answer)."""
    return _job_json(request.app.state.jobs.get(job_id))
