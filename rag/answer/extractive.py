"""Answers with citations: list ("which districts…"), fact, and precedent wording.

The default answerer is extractive: every sentence of an answer is a verbatim quote
from the store with a numbered citation. When the evidence is weak it says that no
document answers and shows the closest passages instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from index.types import Filters, SearchQuery

from ..errors import ConfigError
from ..records import (
    Answer,
    Citation,
    Kind,
    LocalityLine,
    Precedent,
    PrecedentSentence,
    SearchResult,
    project,
)
from ..text.gazetteer import get_gazetteer
from ..text.normalize import fold, syllables
from .analyze import Analysis, analyze
from .evidence import TopicScorer, best_units, key_span, shingles

log = logging.getLogger(__name__)

NOT_FOUND = {
    "vi": "Không có tài liệu nào trong bộ sưu tập trả lời câu hỏi này.",
    "en": "No document in the collection answers this.",
}
#: a phrase of this many words found in at least STANDARD_DOCS documents is standard wording
STANDARD_WORDS = 8
STANDARD_DOCS = 3


class Library(Protocol):
    """What the answerer reads: retrieval and statistics of the collection."""

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


class Answerer(Protocol):
    """Builds an :class:`~rag.records.Answer` for a question."""

    name: str

    def answer(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        """Answer one question (``kind`` overrides the routing)."""


def cite(
    n: int, result: SearchResult, span: tuple[int, int], key: tuple[int, int] | None = None
) -> Citation:
    """A citation for ``result.text[span]`` with document-level offsets."""
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


class ExtractiveAnswerer:
    """Answers by quoting the passages that support the question.

    Args:
        library: retrieval and collection statistics.
        min_support: evidence threshold (0–1) under which nothing is claimed.
    """

    name = "extractive"

    def __init__(self, library: Library, min_support: float) -> None:
        if not 0.0 <= min_support <= 1.0:
            raise ConfigError(f"answer threshold must be within [0, 1], got {min_support}")
        self.library = library
        self.min_support = min_support

    def answer(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        return self.answer_analysis(analyze(question, kind), filters)

    def answer_analysis(self, analysis: Analysis, filters: Filters | None = None) -> Answer:
        """Answer an analysed question."""
        if analysis.kind == "precedent":
            return self._precedent(analysis, self._scorer(analysis), filters)
        narrowed = self._locality_filter(analysis, filters)
        if narrowed is not filters and narrowed is not None and narrowed.locality:
            # the filter already says where: the place name is no longer topic to find
            analysis = analysis.without({fold(w) for w in syllables(narrowed.locality)})
        filters = narrowed
        scorer = self._scorer(analysis)
        if analysis.kind == "list":
            return self._list(analysis, scorer, filters)
        return self._fact(analysis, scorer, filters)

    def _scorer(self, analysis: Analysis) -> TopicScorer:
        return TopicScorer.build(analysis, self.library.idf)

    def _retrieve(self, analysis: Analysis, k: int, filters: Filters | None) -> list[SearchResult]:
        return self.library.retrieve(analysis.query, k, filters)

    # ---------------------------------------------------------------- helpers
    def _locality_filter(self, analysis: Analysis, filters: Filters | None) -> Filters | None:
        """Restrict to a locality the question names ("… của Hương Trà")."""
        if analysis.kind != "fact" or (filters and filters.locality):
            return filters
        words = " " + " ".join(fold(s) for s in syllables(analysis.question)) + " "
        for name in self.library.localities():
            if f" {fold(name).lower()} " in words:
                return replace(filters or Filters(), locality=name)
        return filters

    def _not_found(self, analysis: Analysis, results: list[SearchResult], note: str) -> Answer:
        closest = tuple(
            cite(i + 1, r, (0, min(len(r.text), 300))) for i, r in enumerate(results[:3])
        )
        return Answer(
            analysis.question,
            analysis.kind,
            analysis.language,
            False,
            NOT_FOUND[analysis.language],
            closest=closest,
            notes=(note,),
        )

    def _supported(
        self, results: list[SearchResult], scorer: TopicScorer
    ) -> list[tuple[float, int, SearchResult, tuple[int, int]]]:
        """(support, rank, result, unit span) for every unit at or above the threshold."""
        out = []
        for rank, r in enumerate(results):
            for support, span in best_units(r.text, scorer, limit=2):
                if support >= self.min_support:
                    out.append((support, rank, r, span))
        out.sort(key=lambda x: (-x[0], x[1]))
        return out

    # ---------------------------------------------------------------- kinds
    def _list(self, analysis: Analysis, scorer: TopicScorer, filters: Filters | None) -> Answer:
        results = self._retrieve(analysis, 50, filters)
        supported = self._supported(results, scorer)
        if not supported:
            return self._not_found(analysis, results, "no passage covers the question's topic")
        groups: dict[tuple[str, str | None, str | None], list[Any]] = {}
        for support, rank, r, span in supported:
            for key in _group_keys(analysis.level, r, span):
                groups.setdefault(key, []).append((support, rank, r, span))
        if not groups:  # nothing at the level asked for: group by reporting locality
            for item in supported:
                r = item[2]
                groups.setdefault(
                    (r.locality or r.source, r.locality_level, r.province), []
                ).append(item)
        lines: list[str] = []
        citations: list[Citation] = []
        localities: list[LocalityLine] = []
        for (name, level, province), items in sorted(
            groups.items(), key=lambda kv: (-kv[1][0][0], kv[1][0][1])
        ):
            support, _, r, span = items[0]
            c = cite(len(citations) + 1, r, span)
            citations.append(c)
            where = ", ".join(x for x in (level, province) if x)
            lines.append(f"{name} ({where}): “{c.quote}” [{c.n}]")
            localities.append(LocalityLine(name, level, province, (c.n,)))
        return Answer(
            analysis.question,
            "list",
            analysis.language,
            True,
            "\n".join(lines),
            tuple(citations),
            tuple(localities),
        )

    def _fact(self, analysis: Analysis, scorer: TopicScorer, filters: Filters | None) -> Answer:
        results = self._retrieve(analysis, 10, filters)
        if not results and filters is not None:
            results = self._retrieve(analysis, 10, None)
        supported = self._supported(results, scorer)
        if not supported:
            return self._not_found(analysis, results, "no passage covers the question's topic")
        best = supported[0]
        chosen = [best]
        for item in supported[1:]:
            if item[0] >= 0.9 * best[0] and item[2].passage_id != best[2].passage_id:
                chosen.append(item)
                break
        citations: list[Citation] = []
        parts: list[str] = []
        for _, _, r, (a, b) in chosen:
            key = key_span(analysis.question, r.text[a:b], scorer)
            c = cite(len(citations) + 1, r, (a, b), key)
            citations.append(c)
            parts.append(f"{c.quote} [{c.n}]")
        return Answer(
            analysis.question, "fact", analysis.language, True, "\n".join(parts), tuple(citations)
        )

    def _precedent(
        self, analysis: Analysis, scorer: TopicScorer, filters: Filters | None
    ) -> Answer:
        results = self._retrieve(analysis, 30, filters)
        draft = [fold(w) for w in analysis.topic]
        draft_pairs = set(zip(draft, draft[1:], strict=False))
        by_doc: dict[str, list[tuple[float, SearchResult, tuple[int, int]]]] = {}
        for r in results:
            for _, span in best_units(r.text, scorer, limit=3):
                words = [fold(w) for w in syllables(r.text[span[0] : span[1]])]
                pairs = set(zip(words, words[1:], strict=False))
                if not pairs or not draft_pairs:
                    continue
                shared = len(pairs & draft_pairs)
                # how much of the draft the sentence carries, tempered by its extra length
                score = 0.7 * shared / len(draft_pairs) + 0.3 * 2 * shared / (
                    len(pairs) + len(draft_pairs)
                )
                by_doc.setdefault(r.doc_id, []).append((score, r, span))
        ranked = sorted(by_doc.values(), key=lambda items: -max(i[0] for i in items))
        citations: list[Citation] = []
        lines: list[str] = []
        precedents: list[Precedent] = []
        for items in ranked[:8]:
            items.sort(key=lambda i: -i[0])
            top = [i for i in items[:2] if i[0] >= 0.25]
            if not top:
                continue
            r0 = top[0][1]
            entries = []
            for dice, r, span in top:
                c = cite(len(citations) + 1, r, span)
                citations.append(c)
                standard = self._standard_phrase(c.quote)
                entries.append(
                    PrecedentSentence(
                        n=c.n,
                        quote=c.quote,
                        similarity=round(dice, 3),
                        standard=standard is not None,
                        standard_phrase=standard[0] if standard else None,
                        documents_using_it=standard[1] if standard else None,
                    )
                )
                mark = " (cách diễn đạt phổ biến / standard wording)" if standard else ""
                label = ", ".join(x for x in (r.number, r.date, r.issuer or r.locality) if x)
                lines.append(f"{label or r.source}: “{c.quote}” [{c.n}]{mark}")
            precedents.append(project(Precedent, r0, sentences=tuple(entries)))
        if not citations:
            return self._not_found(analysis, results, "no similar wording in the collection")
        return Answer(
            analysis.question,
            "precedent",
            analysis.language,
            True,
            "\n".join(lines),
            tuple(citations),
            precedents=tuple(precedents),
        )

    def _standard_phrase(self, quote: str) -> tuple[str, int] | None:
        """The longest stretch of the quote that many documents share, with their count."""
        words = syllables(quote)
        best: tuple[str, int] | None = None
        for gram in shingles(words, STANDARD_WORDS):
            count = self.library.phrase_doc_count(list(gram))
            if count >= STANDARD_DOCS and (best is None or count > best[1]):
                best = (" ".join(gram), count)
        return best


def _group_keys(
    level: str | None, r: SearchResult, span: tuple[int, int]
) -> list[tuple[str, str | None, str | None]]:
    """Which list lines a supporting sentence belongs to, for the level asked."""
    if level == "xã":
        gaz = get_gazetteer()
        unit = gaz.find_province(r.province) if r.province else None
        places = gaz.mentions(r.text[span[0] : span[1]], unit.province if unit else None, None)
        wards = [p for p in places if p.level in ("xã", "phường", "thị trấn")]
        return [(p.name, p.level, p.province) for p in wards]
    if level == "tỉnh":
        return [(r.province, "tỉnh", r.province)] if r.province else []
    if level == "huyện" and r.locality_level == "tỉnh":
        return []
    return [(r.locality, r.locality_level, r.province)] if r.locality else []


__all__ = ["NOT_FOUND", "Answerer", "ExtractiveAnswerer", "Library", "cite"]
