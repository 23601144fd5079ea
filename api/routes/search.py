"""POST /search and POST /similar."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ..deps import EngineDep, HeavyDep, ReaderDep
from ..schemas import AnswerOut, SearchHit, SearchRequest, SimilarRequest, errors

router = APIRouter(tags=["search"], responses=errors(400, 401, 404, 413, 422, 503))


@router.post("/search", response_model=list[SearchHit])
async def search(body: SearchRequest, engine: EngineDep, _: ReaderDep) -> JSONResponse:
    """Hybrid search; the hits of `rag search --json`."""
    results = await run_in_threadpool(
        engine.search, body.query, body.k, body.filters(), (body.page - 1) * body.k
    )
    # already the documented shape: skip re-validating every hit (a hot path)
    return JSONResponse([r.to_dict() for r in results])


@router.post("/similar", response_model=AnswerOut)
async def similar(
    body: SimilarRequest, engine: EngineDep, _: ReaderDep, __: HeavyDep
) -> JSONResponse:
    """Precedent wording for a draft text (the JSON of `rag similar --json`).

    Heavy like `/ask`: it waits for one of the worker's `RAG_MAX_HEAVY_REQUESTS` turns.
    """
    answer = await run_in_threadpool(engine.similar, body.text, body.filters())
    return JSONResponse(answer.to_dict())
