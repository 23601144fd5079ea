"""A passage in its document: its neighbours, a cited span and the query terms in it."""

from __future__ import annotations

from index.store import Store

from ..records import DocumentSummary, PassageContext, PassageSummary, project
from ..text.normalize import normalize_line, syllables
from .query import prepare_query
from .results import highlight_spans


def passage_context(
    store: Store,
    passage_id: str,
    start: int | None = None,
    end: int | None = None,
    query: str | None = None,
) -> PassageContext:
    """A passage, its neighbours, and where a cited span and query terms fall in it.

    Args:
        store: the document store.
        passage_id: the passage.
        start: citation start (document offset).
        end: citation end (document offset).
        query: terms to highlight.

    Returns:
        The context; its ``highlight`` is ``None`` when the span does not lie inside the
        passage, and ``highlights`` empty when the query has no word to find.

    Raises:
        DocumentNotFound: no passage has this id.
    """
    passage = store.get_passage(passage_id)
    doc = store.get_document(passage.doc_id, with_text=False)
    siblings = store.passages(passage.doc_id)
    i = next(n for n, p in enumerate(siblings) if p.id == passage.id)
    highlight = None
    if start is not None and end is not None and passage.start <= start <= end <= passage.end:
        highlight = (start - passage.start, end - passage.start)
    spans = highlight_spans(passage.text, prepare_query(query)) if query and _words(query) else []
    return PassageContext(
        passage=project(PassageSummary, passage),
        document=DocumentSummary.of(doc),
        before=siblings[i - 1].text if i > 0 else "",
        after=siblings[i + 1].text if i + 1 < len(siblings) else "",
        highlight=highlight,
        highlights=tuple(spans),
    )


def _words(text: str) -> bool:
    return bool(syllables(normalize_line(text)))
