"""Evidence inside passages: sentence units, how well each supports a topic, key spans.

Support is the IDF-weighted share of the question's topic words found in a sentence,
averaged with the share of its topic word pairs (bigrams) found in order. Matching is
exact for questions typed with diacritics and accent-insensitive otherwise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.store import Store

from .analyze import Analysis
from .normalize import fold, syllables
from .query import abbreviations, read_pairs

_SENT_END = re.compile(r"(?<=[.!?…])[”\")]?\s+(?=[\"“(\-–•+]?\s?[A-ZÀ-ỸĐ0-9])|\n+")
_CLAUSE_END = re.compile(r";\s+")
#: sentences longer than this are quoted clause by clause
LONG_SENTENCE = 280

_NUMBER = re.compile(
    r"(?:khoảng|trên|gần|hơn|đạt|về)?\s*\d[\d.,]*\s*(?:%|tỷ đồng|triệu đồng|nghìn đồng|đồng|tỷ|"
    r"triệu|ha|người|lượt người|lượt|lớp|mô hình|đề tài|dự án|doanh nghiệp|xã|tấn|năm)?",
    re.I,
)
_DATE = re.compile(r"ngày\s+\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{1,2}/\d{1,2}/\d{4}|năm\s+\d{4}", re.I)
_ASKS_NUMBER = re.compile(
    r"bao nhiêu|bao nhieu|kinh phí|kinh phi|số lượng|so luong|tỷ lệ|ty le|mấy|may lop|"
    r"how (?:much|many)|budget|funding|number of|percentage",
    re.I,
)
_ASKS_DATE = re.compile(r"khi nào|khi nao|ngày nào|ngay nao|năm nào|nam nao|when|what date", re.I)
_ASKS_CODE = re.compile(r"số hiệu|so hieu|văn bản số|van ban so|số mấy|what number", re.I)


def units(text: str) -> list[tuple[int, int]]:
    """Quotable spans of a passage: sentences, or clauses of over-long sentences."""
    spans: list[tuple[int, int]] = []
    pos = 0
    bounds = [(m.start(), m.end()) for m in _SENT_END.finditer(text)] + [(len(text), len(text))]
    for a, b in bounds:
        if a > pos:
            spans.extend(_clauses(text, pos, a))
        pos = b
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= LONG_SENTENCE:
        return [(start, end)]
    out, pos = [], start
    for m in _CLAUSE_END.finditer(text, start, end):
        out.append((pos, m.start() + 1))
        pos = m.end()
    out.append((pos, end))
    return out


@lru_cache(maxsize=1)
def equivalences() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Pairs of equivalent phrases (as syllable tuples), both directions.

    From ``rag/data/synonyms.tsv`` plus the abbreviation table (KH&CN ↔ khoa học và
    công nghệ), so a sentence saying "ngân sách" answers a question about "kinh phí".
    """
    pairs = [*abbreviations(), *read_pairs("synonyms.tsv")]
    out = []
    for a, b in pairs:
        sa, sb = tuple(syllables(a)), tuple(syllables(b))
        if sa and sb:
            out += [(sa, sb), (sb, sa)]
    return tuple(out)


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 0 or phrase[0] not in words:  # most phrases are absent: skip the scan
        return False
    return any(
        words[i] == phrase[0] and tuple(words[i : i + n]) == phrase
        for i in range(len(words) - n + 1)
    )


@dataclass
class TopicScorer:
    """Scores sentences against a question's topic with corpus IDF weights."""

    analysis: Analysis
    idf: dict[str, float]
    _eq: list[tuple[tuple[str, ...], tuple[str, ...]]] | None = None

    @classmethod
    def build(cls, analysis: Analysis, store: Store) -> TopicScorer:
        """IDF of the topic words from the store's lexical index."""
        column = "norm" if analysis.accented else "folded"
        words = [w if analysis.accented else fold(w) for w in analysis.topic]
        df = store.doc_freq(column, words)
        n = max(store.count_passages(indexed_only=True), 1)
        idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
        return cls(analysis, idf)

    @property
    def _equivalents(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Equivalences whose first phrase occurs in the topic."""
        if self._eq is None:
            topic = [w if self.analysis.accented else fold(w) for w in self.analysis.topic]
            conv = (
                (lambda ws: ws)
                if self.analysis.accented
                else (lambda ws: tuple(fold(w) for w in ws))
            )
            self._eq = [(conv(a), conv(b)) for a, b in equivalences() if _contains(topic, conv(a))]
        return self._eq

    def _words(self, text: str) -> list[str]:
        sylls = syllables(text)
        return sylls if self.analysis.accented else [fold(s) for s in sylls]

    def support(self, text: str) -> float:
        """Share (0–1) of the topic a text covers."""
        topic = [w if self.analysis.accented else fold(w) for w in self.analysis.topic]
        if not topic:
            return 0.0
        words = self._words(text)
        present = set(words)
        have = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}
        for phrase, same in self._equivalents:
            if _contains(words, same):  # the sentence says it another way
                present.update(phrase)
                have.update(f"{a}_{b}" for a, b in zip(phrase, phrase[1:], strict=False))
        total = sum(self.idf.get(w, 1.0) for w in set(topic))
        uni = sum(self.idf.get(w, 1.0) for w in set(topic) if w in present) / total
        pairs = {f"{a}_{b}" for a, b in zip(topic, topic[1:], strict=False)}
        if not pairs:
            return uni
        return 0.5 * uni + 0.5 * len(pairs & have) / len(pairs)

    def matched_spans(self, text: str) -> list[tuple[int, int]]:
        """Offsets of topic words in a text."""
        topic = {w if self.analysis.accented else fold(w) for w in self.analysis.topic}
        out = []
        for m in re.finditer(r"[^\W_]+", text):
            word = m.group(0).lower()
            if (word if self.analysis.accented else fold(word)) in topic:
                out.append((m.start(), m.end()))
        return out


def key_span(question: str, text: str, scorer: TopicScorer) -> tuple[int, int] | None:
    """The part of a quoted sentence that answers the question (a number, a date …)."""
    pattern = None
    if _ASKS_NUMBER.search(question):
        pattern = _NUMBER
    elif _ASKS_DATE.search(question):
        pattern = _DATE
    elif _ASKS_CODE.search(question):
        from .metadata import CODE_RE

        pattern = CODE_RE
    if pattern is not None:
        topic_pos = [a for a, _ in scorer.matched_spans(text)] or [0]
        years = set(re.findall(r"\d{4}", question))
        best: tuple[int, int] | None = None
        best_dist = math.inf
        for m in pattern.finditer(text):
            span = m.group(0).strip()
            if not re.search(r"\d", span) or span in years or re.fullmatch(r"\d{4}", span):
                continue
            a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            dist = min(abs(a - p) for p in topic_pos)
            if dist < best_dist:
                best, best_dist = (a, a + len(span)), dist
        if best is not None:
            return best
    spans = scorer.matched_spans(text)
    if spans:
        return spans[0][0], spans[-1][1]
    return None


def best_units(
    text: str, scorer: TopicScorer, limit: int = 3
) -> list[tuple[float, tuple[int, int]]]:
    """The passage's best-supporting units, best first."""
    scored = [(scorer.support(text[a:b]), (a, b)) for a, b in units(text)]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored[:limit]


def shingles(words: Sequence[str], n: int) -> list[tuple[str, ...]]:
    """Runs of ``n`` consecutive words."""
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
