"""What the answerer reads through, and how it quotes what it read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from index.types import DocMeta, Filters, SearchQuery

from ..records import Citation, DocumentSummary, SearchResult, project


class Library(Protocol):
    """Retrieval, documents and statistics of the collection."""

    def retrieve(
        self, query: SearchQuery, k: int, filters: Filters | None = None
    ) -> list[SearchResult]:
        """Hybrid search for a prepared query (no highlights)."""

    def idf(self, words: Sequence[str], folded: bool) -> dict[str, float]:
        """Inverse document frequency of words in the lexical index."""

    def localities(self) -> list[str]:
        """Locality names of the documents, longest first."""

    def phrase_doc_count(self, words: Sequence[str]) -> int:
        """How many documents contain these words consecutively."""

    def numbered(self, digits: str) -> list[tuple[str, str, DocMeta]]:
        """(doc id, source, metadata) of documents whose number starts with ``digits``."""

    def signed(self) -> list[tuple[str, str, DocMeta]]:
        """(doc id, source, metadata) of the documents whose signer is known."""

    def doc_passages(self, doc_id: str) -> list[SearchResult]:
        """Every passage of a document (boilerplate included), in reading order."""

    def summary(self, doc_id: str) -> DocumentSummary:
        """A document's summary."""

    def restore(self, text: str) -> str:
        """Text typed without diacritics, given its likely diacritics."""

    def choose(self, renderings: Sequence[str]) -> str:
        """The rendering of a term that most documents use."""


def cite(
    n: int, result: SearchResult, span: tuple[int, int], key: tuple[int, int] | None = None
) -> Citation:
    """A citation for ``result.text[span]`` with document-level offsets; ``key`` is the
    answering span inside the quote."""
    a, b = span
    base = result.start
    return project(
        Citation,
        result,
        n=n,
        quote=result.text[a:b],
        start=base + a,
        end=base + b,
        key_start=base + a + key[0] if key else None,
        key_end=base + a + key[1] if key else None,
    )
