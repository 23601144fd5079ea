"""GET /passages/{id}: a passage with its context and highlight offsets."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ..deps import EngineDep, ReaderDep
from ..schemas import PassageContextOut, errors

router = APIRouter(tags=["documents"], responses=errors(401, 404, 422, 503))


@router.get("/passages/{passage_id}", response_model=PassageContextOut)
def get_passage(
    passage_id: str,
    engine: EngineDep,
    _: ReaderDep,
    start: int | None = Query(
        default=None, ge=0, le=2**31, description="Citation start (document offset)."
    ),
    end: int | None = Query(
        default=None, ge=0, le=2**31, description="Citation end (document offset)."
    ),
    q: str | None = Query(default=None, max_length=2000, description="Terms to highlight."),
) -> PassageContextOut:
    """The passage, its neighbours, and where the cited span and query terms fall in it.

    `highlight` is null when the span does not lie inside the passage.
    """
    return engine.passage_context(passage_id, start, end, q)
