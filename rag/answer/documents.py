"""Which document a question is about: named by its number, or described by its title.

"Thông tư 154/2025/TT-BTC", "NĐ 273/2025", "báo cáo số 18 của UBND thị xã Bỉm Sơn" name a
document by number; "báo cáo tổng kết 10 năm Nghị quyết 20 của Huyện ủy Bảo Lâm" describes
one. The first is matched exactly; the second by how much of the description the
document's title, type, issuer and locality hold, among the documents the search found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.types import DocMeta

from ..records import SearchResult
from ..text.bodies import named_bodies
from ..text.codes import code_key
from ..text.normalize import fold, syllables
from .analyze import Analysis, DocRef
from .doctypes import TYPE_NAMES, canonical_type, code_type, compatible
from .facts import about_places


@dataclass(frozen=True)
class Candidate:
    """A document the question may be about."""

    doc_id: str
    meta: DocMeta
    source: str
    #: how sure: 1 for a number matched exactly, the share of the description it holds else
    score: float


def targets(analysis: Analysis) -> tuple[DocRef, ...]:
    """The references that name the document the question is about: "báo cáo … NQ 20 … ký
    ngày nào" asks about the report, and Resolution 20 only says which report."""
    asked = canonical_type(analysis.doc_type)
    if asked is None:
        return analysis.doc_refs
    return tuple(
        r
        for r in analysis.doc_refs
        if (code_type(r.number) if r.number else canonical_type(r.doc_type)) in (None, asked)
    )


def same_type(meta: DocMeta, asked: str | None) -> bool:
    """True when a document is of the type the question asks for (or it asks none)."""
    return compatible(meta.doc_type, TYPE_NAMES.get(fold(asked).lower()) if asked else None)


def _number_matches(meta: DocMeta, ref: DocRef) -> bool:
    if not meta.number:
        return False
    own = code_key(fold(meta.number)).replace(" ", "")
    if ref.number:
        return own == code_key(fold(ref.number)).replace(" ", "")
    assert ref.prefix is not None
    prefix = code_key(ref.prefix)
    # "18" names 18/BC-UBND, not 180/…; "273/2025" names 273/2025/NĐ-CP
    return own == prefix or own.startswith(prefix + "_")


def by_number(
    refs: Sequence[DocRef], documents: Sequence[tuple[str, str, DocMeta]]
) -> list[Candidate]:
    """Documents whose own number the question names (1.0 each), in the order named.

    Args:
        refs: the document references of the question.
        documents: (doc id, source, metadata) of the documents to look in.
    """
    out: list[Candidate] = []
    for ref in refs:
        for doc_id, source, meta in documents:
            if _number_matches(meta, ref) and same_type(meta, ref.doc_type):
                if all(c.doc_id != doc_id for c in out):
                    out.append(Candidate(doc_id, meta, source, 1.0))
    return out


def _described(meta: DocMeta) -> set[str]:
    """The folded words that describe a document: type, title, issuer, locality, number."""
    parts = [meta.doc_type, meta.title, meta.issuer, meta.locality, meta.province, meta.number]
    return {fold(w) for part in parts if part for w in syllables(part)}


def by_description(analysis: Analysis, results: Sequence[SearchResult]) -> list[Candidate]:
    """The documents the search found, by how much of the question their description holds.

    The score is the share of the question's topic words found in the document's type,
    title, issuer, locality and number (its passages' words do not count: this is about
    which document, not about what it says).
    """
    # the type asked for is checked on its own (same_type): its words ("thông tư") say
    # nothing about which document of that type is meant
    typed = canonical_type(analysis.doc_type)
    topic = {fold(w) for w in analysis.topic} - {fold(w) for w in syllables(typed or "")}
    years = set(analysis.years)
    if not topic:
        return []
    # a body the question names ("Thông tư của Bộ GD&ĐT") must have issued the document, or
    # be named in its title (a circular guiding "Nghị định … của Chính phủ")
    bodies = [fold(b).lower() for b in named_bodies(analysis.question)]
    seen: dict[str, Candidate] = {}
    for rank, r in enumerate(results):
        if r.doc_id in seen:
            continue
        if not about_places(analysis, "", r) or not same_type(r, analysis.doc_type):
            seen[r.doc_id] = Candidate(r.doc_id, r, r.source, 0.0)  # another place or kind
            continue
        if bodies and not any(b in fold(f"{r.issuer} {r.title}").lower() for b in bodies):
            seen[r.doc_id] = Candidate(r.doc_id, r, r.source, 0.0)  # another body's document
            continue
        words = _described(r)
        share = len(topic & words) / len(topic)
        if years and r.date and not any(r.date.startswith(y) for y in years):
            title_years = set(re.findall(r"(?:19|20)\d{2}", r.title or ""))
            if not years & title_years:
                share *= 0.5  # another year's document
        seen[r.doc_id] = Candidate(r.doc_id, r, r.source, share - 0.001 * rank)
    return sorted(seen.values(), key=lambda c: -c.score)


def cites(refs: Sequence[DocRef], text: str) -> bool:
    """True when a text cites one of the references (by full number or by its number)."""
    key = code_key(text)
    for ref in refs:
        if ref.number and code_key(ref.number) in key:
            return True
        if ref.prefix is None:
            continue
        number = re.escape(ref.prefix)
        # "số 23", "23-CTr/HU", "273/2025/NĐ-CP"; not the day of "ngày 23/3/2013"
        if re.search(rf"\bsố\s+{number}(?![\d/])|(?<![\d/]){number}\s?[-/]\s?[A-ZĐ]", text, re.I):
            return True
    return False
