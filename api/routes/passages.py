"""GET /passages/{id}: a passage with its context and highlight offsets."""

from __future__ import annotations

from fastapi import APIRouter, Query

from rag.query import prepare_query
from rag.search import highlight_spans

from ..deps import EngineDep, ReaderDep
from ..errors import ApiError
from ..schemas import ErrorResponse, PassageContext
from .documents import doc_out, passage_out

router = APIRouter(tags=["documents"], responses={404: {"model": ErrorResponse}})


@router.get("/passages/{passage_id}", response_model=PassageContext)
def get_passage(
    passage_id: str,
    engine: EngineDep,
    _: ReaderDep,
    start: int | None = Query(default=None, ge=0, description="Citation start (document offset)."),
    end: int | None = Query(default=None, ge=0, description="Citation end (document offset)."),
    q: str | None = Query(default=None, max_length=2000, description="Terms to highlight."),
) -> PassageContext:
    """The passage, its neighbours, and where the cited span and query terms fall in it."""
    passage = engine.store.get_passage(passage_id)
    doc = engine.store.get_document(passage.doc_id, with_text=False)
    siblings = engine.store.passages(passage.doc_id)
    i = next(n for n, p in enumerate(siblings) if p.id == passage.id)
    highlight = None
    if start is not None and end is not None:
        if not (passage.start <= start <= end <= passage.end):
            raise ApiError(
                400, f"start/end must lie inside the passage ({passage.start}–{passage.end})."
            )
        highlight = [start - passage.start, end - passage.start]
    spans = highlight_spans(passage.text, prepare_query(q)) if q and q.strip() else []
    return PassageContext(
        passage=passage_out(passage),
        document=doc_out(doc),
        before=siblings[i - 1].text if i > 0 else "",
        after=siblings[i + 1].text if i + 1 < len(siblings) else "",
        highlight=highlight,
        highlights=[list(s) for s in spans],
    )
