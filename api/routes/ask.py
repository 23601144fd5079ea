"""POST /ask: a cited answer (Server-Sent Events when a chat model is configured)."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from ..deps import EngineDep, ReaderDep
from ..schemas import AnswerOut, AskRequest, ErrorResponse

router = APIRouter(
    tags=["answers"], responses={401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}
)


def _sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask", response_model=AnswerOut, responses={200: {"content": {"text/event-stream": {}}}}
)
async def ask(body: AskRequest, engine: EngineDep, _: ReaderDep, request: Request) -> object:
    """Answer a question (the JSON of `rag ask --json`).

    With a chat model configured and `Accept: text/event-stream`, the response streams
    an `evidence` event (the extractive answer, at once) and then an `answer` event
    (the generated, validated answer).
    """
    streaming = "text/event-stream" in request.headers.get("accept", "")
    if streaming and engine.generator != "extractive":
        stages = engine.ask_stream(body.question, body.kind, body.filters())
        events = (_sse(event, answer.to_dict()) for event, answer in stages)
        return StreamingResponse(events, media_type="text/event-stream")
    answer = await run_in_threadpool(engine.ask, body.question, body.kind, body.filters())
    return JSONResponse(answer.to_dict())
