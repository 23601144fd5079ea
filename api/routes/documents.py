"""Documents: list, detail, passages, upload (with background jobs), delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rag.engine import Engine
from rag.ingest.uploads import Upload, upload_name
from rag.records import plain
from rag.retrieval.filters import make_filters

from ..deps import EditorDep, EngineDep, ReaderDep, SettingsDep
from ..errors import ApiError
from ..middleware import AuditSink
from ..schemas import (
    DocumentOut,
    DocumentPage,
    JobOut,
    PassageOut,
    UploadResponse,
    errors,
)

router = APIRouter(tags=["documents"], responses=errors(401, 404, 503))
#: the last page a listing may ask for (keeps the SQL offset far inside 64 bits)
MAX_PAGE = 100_000


@router.get("/documents", response_model=DocumentPage, responses=errors(422))
def list_documents(
    engine: EngineDep,
    _: ReaderDep,
    province: Annotated[str | None, Query(max_length=100)] = None,
    locality: Annotated[str | None, Query(max_length=100)] = None,
    doc_type: Annotated[str | None, Query(max_length=100)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 20,
) -> DocumentPage:
    """Documents with their metadata, filtered and paginated.

    Province and locality match any case, with or without diacritics; a name that is no
    known place is answered 404 `unknown_filter`.
    """
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


@router.delete("/documents/{doc_id}", status_code=204, responses=errors(403))
async def delete_document(doc_id: str, engine: EngineDep, _: EditorDep, request: Request) -> None:
    """Delete a document, its passages and index entries (editors only)."""
    await run_in_threadpool(engine.remove, doc_id)
    request.state.deleted = [doc_id]


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise ApiError(
            413, f"{upload.filename} is larger than the upload limit of {limit / 2**20:g} MB."
        )
    return data


def _run_job(
    engine: Engine, audit: AuditSink, job_id: str, payload: list[Upload], replace: bool
) -> None:
    """Run a background upload, then leave the audit line of what it wrote."""
    engine.run_upload_job(job_id, payload, replace=replace)
    if audit.enabled:
        job = engine.job(job_id)
        written = [r.doc_id for r in job.results if r.status in ("added", "updated")]
        audit.write(
            {"event": "job finished", "job": job_id, "status": job.status, "written": written}
        )


@router.post(
    "/documents",
    response_model=UploadResponse,
    responses={202: {"model": JobOut}, **errors(400, 403, 413, 415, 422)},
)
async def upload(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    _: EditorDep,
    background: BackgroundTasks,
    files: Annotated[list[UploadFile], File(min_length=1, description="One or more documents.")],
    replace: Annotated[
        bool,
        Query(
            description="Replace the document uploaded earlier under the same file name, "
            "and the stored document this file is a copy of (same text, or same number, "
            "issuer and date). Without it a different file with a known name is added as "
            "a new document, and a copy is not stored: its result is `duplicate`."
        ),
    ] = False,
) -> Any:
    """Upload documents (form field `files`); editors only.

    The type is detected from the content. Each file gets a result (added, updated,
    unchanged, duplicate or failed, with a reason); when every file fails the status is 422 and the
    results are in `details`. More than `RAG_JOB_FILES` files, `RAG_JOB_MB` MB or a PDF
    of over `RAG_JOB_PAGES` pages run as a background job: the response is 202 with the
    job, to follow at `GET /jobs/{id}`.
    """
    limit = int(settings.max_upload_mb * 2**20)
    payload = [(upload_name(f.filename), await _read_limited(f, limit)) for f in files]
    if engine.runs_as_job(payload):
        job = engine.create_upload_job(payload, replace=replace)
        request.state.job = job.id
        audit: AuditSink = request.app.state.audit
        background.add_task(_run_job, engine, audit, job.id, payload, replace)
        return JSONResponse(plain(job), status_code=202, headers={"Location": f"/jobs/{job.id}"})
    outcome = await run_in_threadpool(engine.upload, payload, replace)
    request.state.written = [r.doc_id for r in outcome.results if r.status in ("added", "updated")]
    if all(r.status == "failed" for r in outcome.results):
        raise ApiError(
            422, "No file could be ingested; see details.", plain(outcome), code="not_ingested"
        )
    return outcome


@router.get("/jobs/{job_id}", response_model=JobOut)
def get_job(job_id: str, engine: EngineDep, _: ReaderDep) -> JobOut:
    """Progress of a background upload job (any server worker can answer).

    `running`: files are being stored; `embedding`: every file is stored, vectors are
    being computed; `done`; `stored`: the server stopped while embedding, but every file
    was stored (found by words now, vectors added later); `failed`: the error says why,
    the results list the files that were stored.
    """
    return engine.job(job_id)
