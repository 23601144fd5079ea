"""Evidence inside passages: sentence units and how well each supports a topic.

Support is the IDF-weighted share of the question's topic words found in a sentence,
averaged with the share of its topic word pairs (bigrams) found in order. Matching is
exact for questions typed with diacritics and accent-insensitive otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text.lexicon import equivalences
from ..text.normalize import match_form, syllables
from ..text.split import clause_spans, sentence_spans, trim, with_marks
from .analyze import Analysis
from .spans import CHECKED_TYPES

#: sentences longer than this are quoted clause by clause
LONG_SENTENCE = 280


#: a line that only numbers a table's row: "1", "b", "II"
_ROW_INDEX = re.compile(r"(?:\d{1,3}|[a-zđ]|[IVXLC]{1,5})\.?")
#: a line that is a table cell's value: "115.000", "Hệ số 0,7", "35%"
_ROW_VALUE = re.compile(r"(?:[Hh]ệ số\s+)?\d[\d.,]*\s*%?")


def table_rows(text: str, max_lines: int = 6, max_chars: int = 400) -> list[tuple[int, int]]:
    """Rows of a table flattened one cell per line (as PDF and HTML tables arrive): a row
    starts after a line that only numbers it ("2") or at an item ("- Sát hạch thực hành")
    and ends before the next; it is kept when it ends with a value ("Lần" / "350.000") and
    has a label before it, so "Cấp, đổi … giấy phép lái xe / Lần / 115.000" is one unit."""
    rows: list[tuple[int, int]] = []
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]

    def close(row: list[tuple[int, int]]) -> None:
        if not 2 <= len(row) <= max_lines:
            return
        cells = [text[a:b].strip() for a, b in row]
        values = [c for c in cells if _ROW_VALUE.fullmatch(c)]
        if (
            len(values) == 1
            and _ROW_VALUE.fullmatch(cells[-1])
            and not _ROW_VALUE.fullmatch(cells[0])
        ):
            if row[-1][1] - row[0][0] <= max_chars:
                rows.append((row[0][0], row[-1][1]))

    row: list[tuple[int, int]] = []
    for a, b in lines:
        cell = text[a:b].strip()
        if _ROW_INDEX.fullmatch(cell):
            close(row)
            row = []
        elif cell.startswith(("- ", "+ ")):
            close(row)
            row = [(a, b)]
        else:
            row.append((a, b))
    close(row)
    return rows


@dataclass(frozen=True)
class Cell:
    """A value of a table flattened one cell per line, with what names it: its row's
    label ("Vùng I") and its column's header ("Mức lương tối thiểu giờ (Đơn vị:
    đồng/giờ)")."""

    row: tuple[int, int]  # the row: its label line to its last value
    value: tuple[int, int]  # the value, in the passage's text
    label: str
    header: str
    corner: str  # the header over the labels ("Vùng")


#: a header line that goes on from the one above: "(Đơn vị: đồng/tháng)"
_CONTINUED_HEADER = re.compile(r"^\(")


def table_cells(text: str, max_header_lines: int = 8) -> list[Cell]:
    """Values of tables with two value columns or more, flattened one cell per line ("Vùng
    I / 5.310.000 / 25.500"), each under its column's header: the lines above the first
    row, after the sentence that leads the table in, one header per column (a line in
    brackets belongs to the one above) and one over the labels. A table whose headers
    cannot be told apart gives no cells: which value is which would be a guess."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    cell = [text[a:b].strip() for a, b in lines]
    is_value = [_ROW_VALUE.fullmatch(c) is not None for c in cell]
    out: list[Cell] = []
    i = 0
    while i < len(lines):
        rows: list[tuple[int, list[int]]] = []
        j = i
        while j < len(lines) and not is_value[j]:
            k = j + 1
            while k < len(lines) and is_value[k]:
                k += 1
            values = list(range(j + 1, k))
            if len(values) < 2 or (rows and len(values) != len(rows[0][1])):
                break
            rows.append((j, values))
            j = k
        if len(rows) < 2:
            i += 1
            continue
        headers = _headers(cell, rows[0][0], len(rows[0][1]), max_header_lines)
        if headers is not None:
            corner, columns = headers
            for label, values in rows:
                span = (lines[label][0], lines[values[-1]][1])
                for header, v in zip(columns, values, strict=True):
                    a, b = lines[v]
                    a += len(text[a:b]) - len(text[a:b].lstrip())
                    b -= len(text[a:b]) - len(text[a:b].rstrip())
                    out.append(Cell(span, (a, b), cell[label], header, corner))
        i = j
    return out


def _headers(
    cell: list[str], first_row: int, columns: int, max_lines: int
) -> tuple[str, list[str]] | None:
    """(header over the labels, one header per value column) from the lines above a
    table's first row, or None when they do not make one header per column."""
    groups: list[str] = []
    at = first_row - 1
    while at >= 0 and first_row - at <= max_lines:
        line = cell[at]
        if line.endswith(":") or len(line) > 120 or item_marker(line) is not None:
            break  # the sentence that leads the table in
        groups.insert(0, line)
        at -= 1
    merged: list[str] = []
    for line in groups:
        if merged and _CONTINUED_HEADER.match(line):
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    if len(merged) == columns + 1:
        corner, heads = merged[0], merged[1:]
    elif len(merged) == columns:
        corner, heads = "", merged
    else:
        return None
    # the same header twice ("Mức 1" under "Nhóm I" and under "Nhóm II"): a header of two
    # levels, whose upper level is not read here
    return (corner, heads) if len(set(heads)) == len(heads) else None


def units(text: str) -> list[tuple[int, int]]:
    """Quotable spans of a passage: sentences (or lines), clauses of over-long sentences."""
    spans: list[tuple[int, int]] = []
    for a, b in with_marks(text, [trim(text, *span) for span in sentence_spans(text)]):
        if b - a > LONG_SENTENCE:
            spans.extend(clause_spans(text, a, b))
        else:
            spans.append((a, b))
    return [(a, b) for a, b in spans if text[a:b].strip()]


#: how an item of an enumeration starts: "a)", "1.", "-", "+", "•"
_MARKERS = (
    ("letter", re.compile(r"[a-zđ]\)\s")),
    ("number", re.compile(r"\d{1,2}[.)]\s")),
    ("dash", re.compile(r"[-–]\s")),
    ("plus", re.compile(r"\+\s")),
    ("bullet", re.compile(r"[•·]\s")),
)


def item_marker(line: str) -> str | None:
    """The kind of marker an enumerated item starts with ("a)", "1.", "-" …), if any."""
    for name, pattern in _MARKERS:
        if pattern.match(line.lstrip()):
            return name
    return None


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    if n == 0 or phrase[0] not in words:  # most phrases are absent: skip the scan
        return False
    return any(
        words[i] == phrase[0] and tuple(words[i : i + n]) == phrase
        for i in range(len(words) - n + 1)
    )


#: "và" in both forms: dropped from a question's topic, so from phrases matched against it
_AND = frozenset({"và", "va"})
#: a term no passage holds
_NO_SUCH_TERM = "\u2400"
#: IDF of words in the lexical index: (words, folded column) -> {word: idf}
IdfLookup = Callable[[Sequence[str], bool], dict[str, float]]


@dataclass
class TopicScorer:
    """Scores sentences against a question's topic with corpus IDF weights.

    Words are compared in :func:`~rag.text.normalize.match_form`: exactly when the
    question was typed with diacritics, folded otherwise.
    """

    analysis: Analysis
    idf: dict[str, float]
    #: the collection's IDF lookup, to tell which word pairs it writes
    lookup: IdfLookup | None = None
    _eq: list[tuple[tuple[str, ...], tuple[str, ...]]] | None = None

    @classmethod
    def build(cls, analysis: Analysis, idf: IdfLookup) -> TopicScorer:
        """A scorer weighting the topic words by their IDF in the lexical index.

        Words the glossary could not translate weigh half the mean of the others when the
        answer must also hold a span of the asked type (a date, an amount: a second check);
        without one (yes/no, a bare keyword question), they weigh as much as the others,
        since nothing else tells whether the sentence is about them."""
        weights = idf(analysis.topic_keys, not analysis.accented)
        loose = {match_form(w, analysis.accented) for w in analysis.loose}
        known = [v for w, v in weights.items() if w not in loose]
        if loose and known:
            share = 0.5 if analysis.focus.type in CHECKED_TYPES else 1.0
            weights.update(dict.fromkeys(loose, share * sum(known) / len(known)))
        return cls(analysis, weights, idf)

    def written(self, pairs: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The word pairs that stand side by side somewhere in the collection (all of them
        when there is no collection to ask)."""
        if self.lookup is None or not pairs:
            return set(pairs)
        keys = [f"{a}_{b}" for a, b in pairs]
        # a term no passage holds gets the highest IDF: the sentinel's
        got = self.lookup([*keys, _NO_SUCH_TERM], not self.analysis.accented)
        unseen = got[_NO_SUCH_TERM]
        return {p for p, k in zip(pairs, keys, strict=True) if got[k] < unseen}

    def _key(self, words: Sequence[str]) -> tuple[str, ...]:
        return tuple(match_form(w, self.analysis.accented) for w in words)

    @property
    def _equivalents(self) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Equivalences whose first phrase occurs in the topic."""
        if self._eq is None:
            topic = self.analysis.topic_keys
            pairs = [(self._key(a), self._key(b)) for a, b in equivalences()]
            # the topic has no "và": "khoa học công nghệ" is "khoa học và công nghệ" (KH&CN)
            pairs = [(tuple(w for w in a if w not in _AND), b) for a, b in pairs]
            self._eq = [(a, b) for a, b in pairs if _contains(topic, a)]
        return self._eq

    def support(self, text: str, said: frozenset[str] = frozenset()) -> float:
        """Share (0–1) of the topic a text covers; topic words in ``said`` (already said
        elsewhere: the document's title) count only if the text writes them too."""
        topic = self.analysis.topic_keys
        if not topic:
            return 0.0
        words = self._key(syllables(text))
        present = set(words)
        have = {f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)}
        for phrase, same in self._equivalents:
            if _contains(words, same):  # the sentence says it another way
                present.update(phrase)
                have.update(f"{a}_{b}" for a, b in zip(phrase, phrase[1:], strict=False))
        if said:
            topic = [w for w in topic if w in present or w not in said]
            if not topic:
                return 0.0
        total = sum(self.idf.get(w, 1.0) for w in set(topic))
        uni = sum(self.idf.get(w, 1.0) for w in set(topic) if w in present) / total
        pairs = {f"{a}_{b}" for a, b in zip(topic, topic[1:], strict=False)}
        if not pairs:
            return uni
        return 0.5 * uni + 0.5 * len(pairs & have) / len(pairs)

    def matched_spans(self, text: str) -> list[tuple[int, int]]:
        """Offsets of topic words in a text."""
        topic = set(self.analysis.topic_keys)
        out = []
        for m in re.finditer(r"[^\W_]+", text):
            if match_form(m.group(0).lower(), self.analysis.accented) in topic:
                out.append((m.start(), m.end()))
        return out


def best_units(
    text: str, scorer: TopicScorer, limit: int = 3
) -> list[tuple[float, tuple[int, int]]]:
    """The passage's best-supporting units, best first."""
    scored = [(scorer.support(text[a:b]), (a, b)) for a, b in units(text)]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored[:limit]
