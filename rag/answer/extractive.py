"""Answers with citations: facts, lists, documents and precedent wording.

The default answerer is extractive: every sentence of an answer is a verbatim quote from
the store with a numbered citation. It answers only when the evidence holds what the
question asks for (a quantity in the asked unit, a date, a named document's signer …);
otherwise it says that no document answers and shows the closest passages instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from index.types import Filters

from ..errors import ConfigError
from ..records import Answer, Citation, DocumentSummary, Kind, SearchResult
from ..text.lexicon import SIGNED_BY, Cue
from ..text.normalize import fold, spaced_folded, syllables
from ..text.split import sentence_spans, trim
from .analyze import Analysis, analyze
from .doctypes import canonical_type
from .documents import Candidate, by_description, by_number, cites, same_type, targets
from .evidence import TopicScorer, units
from .facts import (
    Evidence,
    about_places,
    date_line,
    find_evidence,
    find_loosely,
    has_money_column,
    line_with,
)
from .library import Library, cite
from .lists import article_heads, item_lines, locality_lines, names_item_kind, supported
from .precedents import label, precedents
from .spans import SPAN_TYPES, find_spans

log = logging.getLogger(__name__)

NOT_FOUND = {
    "vi": "Không có tài liệu nào trong bộ sưu tập trả lời câu hỏi này.",
    "en": "No document in the collection answers this.",
}
_EFFECTIVE = Cue(r"hiệu lực")
_APPLIES_FROM = Cue(r"\báp dụng (?:kể )?từ\b")
_REPLACES = Cue(r"thay thế|bãi bỏ|hết hiệu lực")
#: a legal basis ("Căn cứ Nghị quyết … tạm ngừng hiệu lực …") speaks of other documents
_LEGAL_BASIS = Cue(r"^\s*Căn cứ\b")
_CEASES = Cue(r"(?:hết|ngừng|ngưng)\s+hiệu lực")
_IN_FORCE = Cue(r"\bnày\s+có hiệu lực")
_ASKS_STANDARD = Cue(r"\bquy chuẩn\b|\btiêu chuẩn\b|\bQCVN\b|\bTCVN\b|\btechnical regulation")
_FROM_SIGNING = re.compile(r"(?:kể )?từ ngày ký(?: ban hành)?", re.I)
#: what a sentence must say to give a document's attribute
_ATTRIBUTE_CUES = {"effective": _EFFECTIVE, "replaces": _REPLACES}
#: attributes read from a document's metadata (not searched for in its text)
_FROM_METADATA = ("signer", "number", "issued", "issuer")


@dataclass(frozen=True)
class Thresholds:
    """Evidence needed before claiming an answer, by kind: on the tuning half of the frozen
    questions (``bench/answers_eval.py``), the highest values that keep the share answered
    right at its best (a grid of typed 0.5–0.6, untyped 0.6–0.7, listed 0.5–0.7, described
    0.5–0.6: all gave 0.9 % claimed-but-wrong there)."""

    #: a fact whose sentence holds a span of the asked type (quantity, date …)
    typed: float = 0.55
    #: a fact with no type to check (yes/no, a keyword question): more coverage needed
    untyped: float = 0.7
    #: a definition sentence ("X là …")
    definition: float = 0.55
    #: a list line
    listed: float = 0.5
    #: a document found by its description (share of the description the question holds)
    described: float = 0.5

    def for_fact(self, analysis: Analysis) -> float:
        kind = analysis.focus.type
        if kind == "definition":
            return self.definition
        return self.typed if kind in SPAN_TYPES else self.untyped


class Answerer(Protocol):
    """Builds an :class:`~rag.records.Answer` for a question."""

    name: str

    def answer(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        """Answer one question (``kind`` overrides the routing)."""


class ExtractiveAnswerer:
    """Answers by quoting the passages that support the question.

    Args:
        library: retrieval, documents and collection statistics.
        min_support: evidence threshold (0–1) of a typed fact; the others scale with it.
        thresholds: every threshold, when set explicitly (overrides ``min_support``).
    """

    name = "extractive"

    def __init__(
        self, library: Library, min_support: float, thresholds: Thresholds | None = None
    ) -> None:
        if not 0.0 <= min_support <= 1.0:
            raise ConfigError(f"answer threshold must be within [0, 1], got {min_support}")
        self.library = library
        base = Thresholds()
        shift = min_support - base.typed  # every kind moves with the typed threshold
        self.thresholds = thresholds or Thresholds(
            typed=min_support,
            untyped=min(1.0, max(0.0, base.untyped + shift)),
            definition=min(1.0, max(0.0, base.definition + shift)),
            listed=min(1.0, max(0.0, base.listed + shift)),
            described=base.described,
        )

    def answer(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        analysis = analyze(question, kind, self.library.restore, self.library.choose)
        return self.answer_analysis(analysis, filters)

    def answer_analysis(self, analysis: Analysis, filters: Filters | None = None) -> Answer:
        """Answer an analysed question."""
        if analysis.kind in ("list", "document") and analysis.focus.attribute != "signer":
            signed = self._signed_by(analysis)
            if signed is not None:  # "những thông tư nào do … ký": read from metadata
                return signed
        if analysis.kind == "precedent":
            return self._precedent(analysis, filters)
        if analysis.kind == "document":
            return self._document(analysis, filters)
        narrowed = self._locality_filter(analysis, filters)
        if narrowed is not filters and narrowed is not None and narrowed.locality:
            # the filter already says where: the place name is no longer topic to find
            analysis = analysis.without_words_of(narrowed.locality)
        if analysis.kind == "list":
            return self._list(analysis, narrowed)
        return self._fact(analysis, narrowed)

    # ---------------------------------------------------------------- helpers
    def _scorer(self, analysis: Analysis) -> TopicScorer:
        return TopicScorer.build(analysis, self.library.idf)

    def _retrieve(self, analysis: Analysis, k: int, filters: Filters | None) -> list[SearchResult]:
        return self.library.retrieve(analysis.query, k, filters)

    def _locality_filter(self, analysis: Analysis, filters: Filters | None) -> Filters | None:
        """Restrict to a locality the question names ("… của Hương Trà")."""
        if analysis.kind != "fact" or (filters and filters.locality):
            return filters
        named = self._named_localities(analysis)
        return replace(filters or Filters(), locality=named[0]) if named else filters

    def _named_localities(self, analysis: Analysis) -> list[str]:
        """The collection's localities the question names, longest first."""
        words = spaced_folded(analysis.question)
        return [n for n in self.library.localities() if spaced_folded(n) in words]

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

    def _named(self, analysis: Analysis) -> list[Candidate]:
        """Documents the question is about, named by number."""
        refs = targets(analysis)
        if not refs:
            return []
        digits = {(r.number or r.prefix or "").split("/")[0].split("-")[0].strip() for r in refs}
        documents = [d for p in sorted(digits) if p for d in self.library.numbered(p)]
        return by_number(refs, documents)

    def _answer(
        self,
        analysis: Analysis,
        kind: Kind,
        lines: list[str],
        citations: list[Citation],
        **more: Any,
    ) -> Answer:
        return Answer(
            analysis.question,
            kind,
            analysis.language,
            True,
            "\n".join(lines),
            tuple(citations),
            **more,
        )

    # ---------------------------------------------------------------- documents
    def _document(self, analysis: Analysis, filters: Filters | None) -> Answer:
        named = self._named(analysis)
        results = self._retrieve(analysis, 20, filters)
        if named:
            chosen = named[:3]
        else:
            if any(_same_word(r.doc_type, analysis.doc_type) for r in analysis.doc_refs):
                # "Kết quả thực hiện Nghị quyết 20 ở …": the resolution is what the wanted
                # document is about (it is not in the collection), not its type
                analysis = replace(analysis, doc_type=None)
            described = by_description(analysis, results)
            best = described[0] if described else None
            if best is None or best.score < self.thresholds.described:
                # "Báo cáo nào có mô hình lò xay cà phê …": the document whose text says it
                return self._by_content(analysis, filters, results)
            chosen = [best] + [c for c in described[1:3] if c.score >= best.score - 0.1]
        lines: list[str] = []
        citations: list[Citation] = []
        summaries: list[DocumentSummary] = []
        for c in chosen:
            passages = self.library.doc_passages(c.doc_id)
            if not passages:
                continue
            quote = _title_quote(passages, c.meta.title)
            cited = cite(len(citations) + 1, quote[0], quote[1])
            citations.append(cited)
            summaries.append(self.library.summary(c.doc_id))
            title = f": {c.meta.title}" if c.meta.title else ""
            lines.append(f"{label(passages[0])}{title} [{cited.n}]")
        if not citations:
            return self._not_found(analysis, results, "the document has no text")
        return self._answer(analysis, "document", lines, citations, documents=tuple(summaries))

    def _signed_by(self, analysis: Analysis) -> Answer | None:
        """The documents signed by the person the question names (of the type it names),
        each quoted at its signature; None when the question names no signer."""
        if not SIGNED_BY.search(analysis.question):
            return None
        asked = spaced_folded(analysis.question)
        docs = [
            (doc_id, meta)
            for doc_id, _, meta in self.library.signed()
            if meta.signer
            and len(syllables(meta.signer)) >= 2
            and spaced_folded(meta.signer) in asked
            and same_type(meta, analysis.doc_type)
        ]
        lines: list[str] = []
        citations: list[Citation] = []
        summaries: list[DocumentSummary] = []
        for doc_id, meta in docs[:MAX_SIGNED]:
            passages = self.library.doc_passages(doc_id)
            found = _locate(reversed(passages), meta.signer or "")
            if found is None:
                continue
            r, line, key = found
            c = cite(len(citations) + 1, r, line, key)
            citations.append(c)
            summaries.append(self.library.summary(doc_id))
            title = f": {meta.title}" if meta.title else ""
            lines.append(f"{label(passages[0])}{title} — {meta.signer} [{c.n}]")
        if not citations:
            return None
        kind: Kind = "list" if analysis.kind == "list" else "document"
        return self._answer(analysis, kind, lines, citations, documents=tuple(summaries))

    def _by_content(
        self, analysis: Analysis, filters: Filters | None, results: list[SearchResult]
    ) -> Answer:
        """The document of the asked type whose sentence covers the question's topic and
        holds its core phrase (as a list line must), quoted with that sentence."""
        pool = [
            r for r in results if same_type(r, analysis.doc_type) and about_places(analysis, "", r)
        ]
        # the type asked for is the document's, not the sentence's: "báo cáo" need not be in it
        asked = analysis.without(set(analysis.doc_type.split())) if analysis.doc_type else analysis
        found = supported(asked, self._scorer(asked), pool, self.thresholds.listed)
        if not found:
            if analysis.focus.type == "code":
                # "… được kiện toàn theo quyết định nào": a document the collection only
                # cites, whose number a sentence gives ("theo QĐ 1089/QĐ-UBND …")
                cited = self._fact(analysis, filters)
                if cited.found:
                    return cited
            return self._not_found(analysis, results, "no document matches the description")
        best = found[0]
        c = cite(1, best.result, best.span)
        title = f": {best.result.title}" if best.result.title else ""
        line = f"{label(best.result)}{title} — “{c.quote}” [1]"
        summary = self.library.summary(best.result.doc_id)
        return self._answer(analysis, "document", [line], [c], documents=(summary,))

    # ---------------------------------------------------------------- facts
    def _fact(self, analysis: Analysis, filters: Filters | None) -> Answer:
        named = self._named(analysis)
        if analysis.focus.attribute is not None:
            answer, resolved = self._attribute(analysis, named, filters)
            if answer is not None:
                return answer
            if resolved and analysis.focus.attribute in _FROM_METADATA:
                # the document is known and does not state it: do not guess from others
                return self._not_found(
                    analysis, [], f"the document does not state its {analysis.focus.attribute}"
                )
            if not resolved and targets(analysis):
                # a document cited by number that is not in the collection: only a sentence
                # that cites it can give its date or signer, not another document's own
                analysis = replace(analysis, cited_only=True)
        if named:  # search inside the document the question names
            filters = replace(filters or Filters(), doc_id=named[0].doc_id, locality=None)
            analysis = analysis.without(_reference_words(analysis))
            if analysis.years and self._in_force_in(named[0].doc_id, analysis.years):
                # "… áp dụng từ năm 2026 theo Nghị định 293/2025": the year the named
                # document takes effect is said of all of it, not of each sentence
                analysis = replace(analysis, years=())
        results = self._retrieve(analysis, 10, filters)
        if not results and filters is not None:
            results = self._retrieve(analysis, 10, None)
        scorer = self._scorer(analysis)
        found = find_evidence(analysis, scorer, results, self._priced(analysis, results))
        threshold = self.thresholds.for_fact(analysis)
        found = [e for e in found if e.support >= threshold]
        if analysis.cited_only:
            found = [e for e in found if cites(targets(analysis), e.text)]
        cue = _ATTRIBUTE_CUES.get(analysis.focus.attribute or "")
        if cue is not None:  # "có hiệu lực từ ngày nào": the date must be the one in force
            found = [e for e in found if _states(cue, e.text)]
        if _rows_tie(found):
            return self._not_found(
                analysis, results, "several table rows match the question as closely"
            )
        if not found:
            note = (
                f"no passage holds a {analysis.focus.type} that answers the question"
                if analysis.focus.type != "none"
                else "no passage covers the question's topic"
            )
            return self._not_found(analysis, results, note)
        return self._quote(analysis, found)

    def _in_force_in(self, doc_id: str, years: Sequence[str]) -> bool:
        """True when the document says it takes effect in each of ``years`` ("Nghị định
        này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026")."""
        sentences = [
            p.text[a:b] for p in self.library.doc_passages(doc_id) for a, b in units(p.text)
        ]
        in_force = [t for t in sentences if _EFFECTIVE.search(t) or _APPLIES_FROM.search(t)]
        return all(any(y in t for t in in_force) for y in years)

    def _priced(self, analysis: Analysis, results: list[SearchResult]) -> frozenset[str]:
        """The documents among ``results`` whose tables give amounts in đồng in a column
        header (a fee schedule's "Mức thu (đồng)"), when the question asks an amount."""
        if "money" not in analysis.focus.units:
            return frozenset()
        docs = dict.fromkeys(r.doc_id for r in results)
        return frozenset(
            d for d in docs if any(has_money_column(p.text) for p in self.library.doc_passages(d))
        )

    def _quote(self, analysis: Analysis, found: list[Evidence]) -> Answer:
        best = found[0]
        chosen = [best]
        for e in found[1:]:
            if e.support >= 0.9 * best.support and e.result.passage_id != best.result.passage_id:
                if analysis.focus.type == "none" or e.key is not None:
                    chosen.append(e)
                break
        citations: list[Citation] = []
        lines: list[str] = []
        for e in chosen:
            c = cite(len(citations) + 1, e.result, e.span, e.key)
            citations.append(c)
            if e.named and e.key is not None:
                # a table's value is shown under its row's label and its column's header
                value = e.text[e.key[0] : e.key[1]]
                lines.append(f"{e.named}: {value} [{c.n}]")
            else:
                lines.append(f"{c.quote} [{c.n}]")
        return self._answer(analysis, "fact", lines, citations)

    def _attribute(
        self, analysis: Analysis, named: list[Candidate], filters: Filters | None
    ) -> tuple[Answer | None, bool]:
        """An attribute of the document the question names, and whether that document
        was found at all ((None, False): not answered this way)."""
        candidates = named
        if not candidates and targets(analysis):
            return None, False  # a document cited by number, not in the collection: search
        if not candidates:
            results = self._retrieve(analysis, 20, filters)
            described = by_description(analysis, results)
            # the number of a technical regulation ("Quy chuẩn … có ký hiệu gì") is not the
            # number of the circular that issues it (its dates are the circular's)
            standard = analysis.focus.attribute == "number" and _ASKS_STANDARD.search(
                analysis.question
            )
            # what the metadata says (date, signer, number, issuer) is of the document the
            # description found: not of a document of another type the question asks
            # about ("Công văn của Sở … ban hành ngày nào" is not the report's date)
            metadata = analysis.focus.attribute in _FROM_METADATA
            if standard and described and described[0].score >= self.thresholds.described:
                # a circular that issues the regulation writes its code where it does so
                # ("Ban hành kèm theo Thông tư này Quy chuẩn … (QCVN 96:2025/BNNMT)")
                issued = _issued_standard(self.library.doc_passages(described[0].doc_id))
                if issued is not None:
                    r, line, key = issued
                    c = cite(1, r, line, key)
                    return self._answer(analysis, "fact", [f"{c.quote} [1]"], [c]), True
            candidates = [
                c
                for c in described[:1]
                if c.score >= self.thresholds.described
                and not (standard and c.meta.doc_type not in ("quy chuẩn", "tiêu chuẩn"))
                and not (metadata and not same_type(c.meta, analysis.doc_type))
            ]
            # (not for dates: "Theo báo cáo của Bảo Lâm, Quốc hội thông qua Luật … ngày nào"
            # asks a date the report states, not the report's own)
            if not candidates and analysis.focus.attribute in ("signer", "number", "issuer"):
                candidates = _only_one_of_place(
                    analysis, described, self._named_localities(analysis)
                )
        if not candidates:
            return None, False
        doc = candidates[0]
        passages = self.library.doc_passages(doc.doc_id)
        attribute = analysis.focus.attribute
        meta = doc.meta
        found: tuple[SearchResult, tuple[int, int], tuple[int, int]] | None = None
        if attribute == "signer" and meta.signer:
            found = _locate(reversed(passages), meta.signer)
        elif attribute == "number" and meta.number:
            found = _locate(passages[:6], meta.number)
        elif attribute == "issuer" and meta.issuer:
            found = _locate(passages[:6], meta.issuer)
        elif attribute == "issued" and meta.date and len(meta.date) == 10:
            # the header's place-and-date line, else a law's adoption sentence at its end
            for r in [*passages[:8], *passages[8:][-4:]]:
                where = date_line(r.text, meta.date)
                if where is not None:
                    found = (r, where[0], where[1])
                    break
        elif attribute in ("effective", "replaces"):
            found = _within(analysis, passages, attribute)
        if found is None:
            return None, True
        r, line, key = found
        c = cite(1, r, line, key)
        return self._answer(analysis, "fact", [f"{c.quote} [1]"], [c]), True

    # ---------------------------------------------------------------- lists
    def _list(self, analysis: Analysis, filters: Filters | None) -> Answer:
        named = self._named(analysis)
        if named:  # "theo NĐ 273/2025/NĐ-CP, … gồm những cơ quan nào": inside that document
            filters = replace(filters or Filters(), doc_id=named[0].doc_id, locality=None)
            analysis = analysis.without(_reference_words(analysis))
            # "Thông tư 48 công bố vùng nước … những tỉnh nào": the places are items the
            # document names, not localities that report
            if analysis.level != "xã":  # communes are read from the sentences' mentions
                analysis = replace(analysis, level="items")
        elif analysis.level not in ("items", "xã"):
            # a line is a document's locality: documents that report for none cannot give
            # one, and the search reads only those that do
            filters = replace(filters or Filters(), with_locality=True)
        results = self._retrieve(analysis, 50, filters)
        scorer = self._scorer(analysis)
        found = supported(analysis, scorer, results, self.thresholds.listed)
        heads = []
        if analysis.level == "items" and (named or results):
            # the items may be the names of a document's articles ("Điều 25. Trách
            # nhiệm của Bộ Y tế"): the named document's, else the best passage's
            doc_id = named[0].doc_id if named else results[0].doc_id
            heads = article_heads(analysis, self.library.doc_passages(doc_id))
        if not found and not heads:
            return self._not_found(analysis, results, "no passage covers the question's topic")
        if analysis.level == "items":
            lines, citations = item_lines(found, self._following, heads, analysis)
            if not names_item_kind(analysis, [c.quote for c in citations]):
                return self._not_found(analysis, results, "the items found name no such body")
            return self._answer(analysis, "list", lines, citations)
        lines, citations, localities = locality_lines(analysis.level, found)
        if not lines:
            return self._not_found(analysis, results, "no locality's documents cover the topic")
        return self._answer(analysis, "list", lines, citations, localities=tuple(localities))

    def _following(self, result: SearchResult) -> SearchResult | None:
        """The passage after ``result`` in its document."""
        passages = self.library.doc_passages(result.doc_id)
        at = next((i for i, p in enumerate(passages) if p.passage_id == result.passage_id), None)
        return passages[at + 1] if at is not None and at + 1 < len(passages) else None

    # ---------------------------------------------------------------- precedents
    def _precedent(self, analysis: Analysis, filters: Filters | None) -> Answer:
        results = self._retrieve(analysis, 30, filters)
        citations, found, lines = precedents(
            self.library, analysis, self._scorer(analysis), results
        )
        if not citations:
            return self._not_found(analysis, results, "no similar wording in the collection")
        return self._answer(analysis, "precedent", lines, citations, precedents=tuple(found))


def _only_one_of_place(
    analysis: Analysis, described: list[Candidate], named: list[str]
) -> list[Candidate]:
    """The document a question names by its locality (``named``: the localities it names)
    and type ("the Bỉm Sơn town report"), when the search found exactly one such."""
    if canonical_type(analysis.doc_type) is None:
        return []  # "văn bản số mấy": no type to tell the document by
    names = {fold(n).lower() for n in named}
    if not names:
        return []
    found = [
        c
        for c in described
        if c.meta.locality
        and fold(c.meta.locality).lower() in names
        and same_type(c.meta, analysis.doc_type)
    ]
    return found if len({c.doc_id for c in found}) == 1 else []


#: documents listed at most for a signer
MAX_SIGNED = 20


def _same_word(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a).lower() == fold(b).lower()


def _rows_tie(found: list[Evidence]) -> bool:
    """True when the best evidence is a table's row and another row with another value is
    nearly as close ("Sát hạch lái xe … mô phỏng / 100.000" beside "Sát hạch thực hành
    trong hình / 350.000"): which row the question means is not clear, so neither is
    claimed."""
    if not found or not found[0].row or found[0].key is None:
        return False
    best, (a, b) = found[0], found[0].key
    value = best.text[a:b]
    return any(
        e.row
        and e.key is not None
        and e.text[e.key[0] : e.key[1]] != value
        and e.support >= 0.9 * best.support
        for e in found[1:4]
    )


def _states(cue: Cue, text: str) -> bool:
    """True when a sentence says what the cue names itself, not in a legal basis."""
    return cue.search(text) is not None and _LEGAL_BASIS.search(text) is None


#: a line that issues a technical regulation or standard, with its code
_ISSUES_STANDARD = re.compile(
    r"ban hành kèm theo[^\n]*?\b((?:QCVN|TCVN)\s+[\w.-]+:\d{4}/[\w-]+)", re.I
)


def _issued_standard(
    passages: Sequence[SearchResult],
) -> tuple[SearchResult, tuple[int, int], tuple[int, int]] | None:
    """(passage, line, code) where a circular issues a regulation: the first regulation
    code on a line that says it is issued with the circular."""
    for r in passages[:10]:
        m = _ISSUES_STANDARD.search(r.text)
        if m is not None:
            start = r.text.rfind("\n", 0, m.start()) + 1
            end = r.text.find("\n", m.end())
            end = len(r.text) if end < 0 else end
            return r, (start, end), (m.start(1) - start, m.end(1) - start)
    return None


def _locate(
    passages: Iterable[SearchResult], needle: str
) -> tuple[SearchResult, tuple[int, int], tuple[int, int]] | None:
    """(passage, line, span of the needle in the line) of the first passage that holds it."""
    for r in passages:
        line = line_with(r.text, needle)
        if line is not None:
            at = find_loosely(r.text[line[0] : line[1]], needle)
            if at is not None:
                return r, line, at
    return None


def _reference_words(analysis: Analysis) -> set[str]:
    """Folded words of the document references ("NĐ 273/2025/NĐ-CP"): once the search is
    inside that document they say nothing about which sentence answers."""
    out: set[str] = set()
    for ref in analysis.doc_refs:
        for part in (ref.number, ref.prefix, ref.doc_type):
            if part:
                out.update(fold(w).lower() for w in syllables(part))
    return out


def _within(
    analysis: Analysis, passages: list[SearchResult], attribute: str
) -> tuple[SearchResult, tuple[int, int], tuple[int, int]] | None:
    """The sentence of a document that says when it takes effect or what it replaces: of
    several, the one that uses the question's own word ("hết hiệu lực", "bãi bỏ") and
    shares most of its topic."""
    cue = _EFFECTIVE if attribute == "effective" else _REPLACES
    asked = {fold(m.group(0)).lower() for m in cue.finditer(analysis.question)}
    topic = set(analysis.topic_keys)
    own = fold(passages[0].number or "").replace(" ", "") if passages else ""
    own_type = passages[0].doc_type if passages else None
    # "Luật này có hiệu lực …" in a law; not "Các quyết định này có hiệu lực …" (others)
    in_force = (
        re.compile(rf"(?<!các )\b{re.escape(own_type)}\s+này\s+có hiệu lực", re.I)
        if own_type
        else None
    )
    best: tuple[float, int, tuple[SearchResult, tuple[int, int], tuple[int, int]]] | None = None
    order = 0
    for r in passages:
        # whole sentences: the number and "hết hiệu lực" may sit in different clauses
        for a, b in (trim(r.text, *span) for span in sentence_spans(r.text)):
            text = r.text[a:b]
            if not _states(cue, text):
                continue
            key: tuple[int, int] | None = None
            if attribute == "effective":
                spans = find_spans(text, "date")
                signing = _FROM_SIGNING.search(text)
                key = (
                    (spans[0].start, spans[0].end) if spans else signing.span() if signing else None
                )
            else:
                codes = [
                    s
                    for s in find_spans(text, "code")
                    if fold(text[s.start : s.end]).replace(" ", "") != own
                ]
                key = (codes[0].start, codes[0].end) if codes else None
            if key is None:
                continue
            if attribute == "effective":
                if _CEASES.search(text) and not _IN_FORCE.search(text):
                    continue  # another document ceasing to apply
                # the document's own clause ("Thông tư này có hiệu lực …") comes first
                score = 1.0 if _IN_FORCE.search(text) else 0.0
                if in_force is not None and in_force.search(text):
                    score = 2.0
            else:
                words = set(analysis.keys_of(text))
                said = {fold(m.group(0)).lower() for m in cue.finditer(text)}
                score = (1.0 if asked & said else 0.0) + len(topic & words) / max(1, len(topic))
            order -= 1
            if best is None or score > best[0]:
                best = (score, order, (r, (a, b), key))
    return best[2] if best else None


def _title_quote(
    passages: list[SearchResult], title: str | None
) -> tuple[SearchResult, tuple[int, int]]:
    """The passage and span to quote for a document: its title where it is written."""
    if title:
        located = _locate(passages[:6], title[:60])
        if located is not None:
            r, line, _ = located
            return r, line
    first = next((p for p in passages if p.text.strip()), passages[0])
    return first, (0, min(len(first.text), 300))


__all__ = ["NOT_FOUND", "Answerer", "ExtractiveAnswerer", "Library", "Thresholds", "cite"]
