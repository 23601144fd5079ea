"""POST /ask: a cited answer (Server-Sent Events when a chat model is configured)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from ..deps import EngineDep, HeavyDep, ReaderDep, SettingsDep
from ..errors import ApiError
from ..schemas import AnswerOut, AskRequest, errors

router = APIRouter(tags=["answers"], responses=errors(400, 401, 404, 413, 422, 503))


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask", response_model=AnswerOut, responses={200: {"content": {"text/event-stream": {}}}}
)
async def ask(
    body: AskRequest,
    engine: EngineDep,
    settings: SettingsDep,
    _: ReaderDep,
    __: HeavyDep,
    request: Request,
) -> object:
    """Answer a question (the JSON of `rag ask --json`).

    With a chat model configured and `Accept: text/event-stream`, the response streams
    an `evidence` event (the extractive answer, at once) and then an `answer` event
    (the generated, validated answer). A worker answers `RAG_MAX_HEAVY_REQUESTS` questions
    at a time; the others wait for their turn (503 with `Retry-After` after
    `RAG_HEAVY_WAIT` seconds).
    """
    if len(body.question) > settings.max_question_chars:
        raise ApiError(
            422,
            f"The question is longer than {settings.max_question_chars} characters; "
            "to find how other documents worded a draft, send it to /similar.",
            [{"field": "question", "problem": "too long"}],
            code="invalid_request",
        )
    streaming = "text/event-stream" in request.headers.get("accept", "")
    if streaming and engine.generator != "extractive":
        stages = engine.ask_stream(body.question, body.kind, body.filters())
        events = (_sse(event, answer.to_dict()) for event, answer in stages)
        return StreamingResponse(events, media_type="text/event-stream")
    answer = await run_in_threadpool(engine.ask, body.question, body.kind, body.filters())
    return JSONResponse(answer.to_dict())
