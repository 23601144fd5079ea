"""Search results for people: hits joined with their document, with highlights."""

from __future__ import annotations

import re
from functools import lru_cache

from index.store import Store
from index.types import DocRecord, Hit, PassageRecord, SearchQuery

from ..records import SearchResult, project
from ..text.normalize import match_form


@lru_cache(maxsize=512)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """Any of the words as a whole syllable (as :func:`rag.text.normalize.syllables` cuts them)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?<!&)(?:{alternatives})(?![^\W_])(?!&[^\W_])")


def highlight_spans(text: str, query: SearchQuery) -> list[tuple[int, int]]:
    """Offsets (in ``text``) of syllables that match the query, adjacent ones merged.

    Matching is accent-insensitive for unaccented queries and exact otherwise.
    """
    wanted = {match_form(t, query.accented) for t in query.terms if "_" not in t}
    if not wanted:
        return []
    low = text.lower()
    if len(low) != len(text):  # a rare letter whose lower case is longer: keep offsets
        low = "".join(ch.lower()[0] for ch in text)
    low = match_form(low, query.accented)
    spans: list[tuple[int, int]] = []
    for m in _word_pattern(frozenset(wanted)).finditer(low):
        a, b = m.span()
        if spans and text[spans[-1][1] : a].strip() == "":
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return spans


def to_result(
    hit: Hit, passage: PassageRecord, doc: DocRecord, query: SearchQuery | None
) -> SearchResult:
    """Join a hit with its passage and document."""
    return project(
        SearchResult,
        doc.meta,
        passage,
        hit,
        passage_id=passage.id,
        source=doc.source,
        highlights=tuple(highlight_spans(passage.text, query)) if query else (),
        channels=dict(hit.channels),
        ocr=bool(passage.extra.get("ocr")),
    )


def resolve_hits(store: Store, hits: list[Hit], query: SearchQuery | None) -> list[SearchResult]:
    """Turn fused hits into results (hits whose passage vanished are dropped)."""
    passages = store.get_passages([h.passage_id for h in hits])
    docs: dict[str, DocRecord] = {}
    out: list[SearchResult] = []
    for hit in hits:
        passage = passages.get(hit.passage_id)
        if passage is None:
            continue
        if passage.doc_id not in docs:
            docs[passage.doc_id] = store.get_document(passage.doc_id, with_text=False)
        out.append(to_result(hit, passage, docs[passage.doc_id], query))
    return out
