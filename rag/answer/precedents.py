"""Precedent wording: how other documents phrased something like a drafter's text."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Citation, Precedent, PrecedentSentence, SearchResult, doc_label, project
from ..text.normalize import fold, syllables
from .analyze import Analysis
from .evidence import TopicScorer, best_units
from .facts import is_heading
from .library import Library, cite

#: a phrase of this many words found in at least STANDARD_DOCS documents is standard wording
STANDARD_WORDS = 8
STANDARD_DOCS = 3
#: documents shown, sentences per document, and the similarity a sentence needs
MAX_DOCUMENTS = 10
PER_DOCUMENT = 2
MIN_SIMILARITY = 0.25
#: a document's second sentence is shown only when it is nearly as close as its first
SECOND_SHARE = 0.8
#: fewer syllables than this is a fragment (an article's name), not a wording to reuse
MIN_WORDS = 6


def similarity(draft_pairs: set[tuple[str, str]], text: str) -> float:
    """How much of the draft a sentence carries (word pairs), tempered by its extra length."""
    words = [fold(w) for w in syllables(text)]
    pairs = set(zip(words, words[1:], strict=False))
    if not pairs or not draft_pairs:
        return 0.0
    shared = len(pairs & draft_pairs)
    return 0.7 * shared / len(draft_pairs) + 0.3 * 2 * shared / (len(pairs) + len(draft_pairs))


def standard_phrase(
    library: Library, quote: str, pool: Sequence[SearchResult]
) -> tuple[str, int] | None:
    """The longest stretch of the quote that several documents share word for word, with
    how many documents of the collection share it.

    The stretch grows from the most shared run of ``STANDARD_WORDS`` syllables while
    enough documents still share it, so it ends where the documents' wordings part, and
    it is shown as written (whole tokens, never cut inside one). The stretch is found in
    ``pool`` (the passages the search returned for the draft: a wording several documents
    share is among them), in memory; only the final count asks the whole collection.
    """
    tokens = quote.split()
    texts: dict[str, list[str]] = {}
    for r in pool:
        texts.setdefault(r.doc_id, []).append(" " + " ".join(syllables(r.text)).lower() + " ")

    def words(a: int, b: int) -> list[str]:
        return [s.lower() for t in tokens[a:b] for s in syllables(t)]

    def count(a: int, b: int) -> int:
        phrase = " " + " ".join(words(a, b)) + " "
        return sum(any(phrase in t for t in doc) for doc in texts.values())

    best: tuple[int, int, int] | None = None
    for i in range(len(tokens) - STANDARD_WORDS + 1):
        n = count(i, i + STANDARD_WORDS)
        if n >= STANDARD_DOCS and (best is None or n > best[2]):
            best = (i, i + STANDARD_WORDS, n)
    if best is None:
        return None
    a, b, _ = best
    while b < len(tokens) and count(a, b + 1) >= STANDARD_DOCS:
        b += 1
    while a > 0 and count(a - 1, b) >= STANDARD_DOCS:
        a -= 1
    shared = max(library.phrase_doc_count(words(a, b)), count(a, b))
    return " ".join(tokens[a:b]).strip(' ,.;:“”"()'), shared


def precedents(
    library: Library, analysis: Analysis, scorer: TopicScorer, results: Sequence[SearchResult]
) -> tuple[list[Citation], list[Precedent], list[str]]:
    """The documents with the closest sentences: (citations, precedents, answer lines)."""
    draft = [fold(w) for w in analysis.topic]
    draft_pairs = set(zip(draft, draft[1:], strict=False))
    by_doc: dict[str, list[tuple[float, SearchResult, tuple[int, int]]]] = {}
    for r in results:
        for _, span in best_units(r.text, scorer, limit=3):
            text = r.text[span[0] : span[1]]
            if is_heading(text) or len(syllables(text)) < min(MIN_WORDS, len(draft)):
                continue
            score = similarity(draft_pairs, text)
            if score > 0:
                by_doc.setdefault(r.doc_id, []).append((score, r, span))
    ranked = sorted(by_doc.values(), key=lambda items: -max(i[0] for i in items))
    citations: list[Citation] = []
    lines: list[str] = []
    found: list[Precedent] = []
    for items in ranked[:MAX_DOCUMENTS]:
        items.sort(key=lambda i: -i[0])
        floor = max(MIN_SIMILARITY, SECOND_SHARE * items[0][0])
        top = [items[0]] + [i for i in items[1:PER_DOCUMENT] if i[0] >= floor]
        top = [i for i in top if i[0] >= MIN_SIMILARITY]
        if not top:
            continue
        entries = []
        for score, r, span in top:
            c = cite(len(citations) + 1, r, span)
            citations.append(c)
            standard = standard_phrase(library, c.quote, results)
            entries.append(
                PrecedentSentence(
                    n=c.n,
                    quote=c.quote,
                    similarity=round(score, 3),
                    standard=standard is not None,
                    standard_phrase=standard[0] if standard else None,
                    documents_using_it=standard[1] if standard else None,
                )
            )
            mark = " (cách diễn đạt phổ biến / standard wording)" if standard else ""
            lines.append(f"{label(r)}: “{c.quote}” [{c.n}]{mark}")
        found.append(project(Precedent, top[0][1], sentences=tuple(entries)))
    return citations, found, lines


def label(r: SearchResult) -> str:
    """How an answer names a document: number, date, issuer — or its title, or its file."""
    return doc_label(r, r.source, with_title=not (r.number or r.issuer))
