"""Sentence and clause boundaries: one splitter, configured by what its caller needs.

Chunking cuts passages at sentence ends (a ``;`` counts: long enumerations are cut
there), evidence quotes sentences or lines, and a chat model's answer is checked
sentence by sentence (its sentences may start with a citation mark, not a capital).
Each is a set of options of :func:`sentence_spans`, not a regex of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: a character that can close a sentence after its final stop (quote, bracket)
_CLOSERS = '”")'
#: what may open the next sentence before its capital: a quote, a bracket, a dash, a bullet
_OPENERS = '"“(\\-–•+'
#: sentences start with a capital letter or a digit (Vietnamese capitals included)
_CAPITAL = "A-ZÀ-ỸĐ0-9"
#: a line ending like this finishes a sentence or is a heading
_ENDS = re.compile(r"[.!?…:;”\")\]»]$|[./]{2,}$")


@lru_cache(maxsize=16)
def _boundary(stops: str, capital_next: bool, newlines: bool) -> re.Pattern[str]:
    after = rf"(?=[{_OPENERS}]?\s?[{_CAPITAL}])" if capital_next else ""
    stop = f"[{re.escape(stops)}]"
    # the stop, and a closing quote or bracket after it, stay with their sentence
    pattern = rf"(?:(?<={stop})|(?<={stop}[{_CLOSERS}]))\s+{after}"
    return re.compile(pattern + (r"|\n+" if newlines else ""))


def sentence_spans(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    stops: str = ".!?…",
    capital_next: bool = True,
    newlines: bool = True,
) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text[start:end]``, whitespace between them excluded.

    Args:
        text: the text.
        start: where to start.
        end: where to stop (the end of the text by default).
        stops: characters that end a sentence.
        capital_next: a stop ends a sentence only before a capital letter or a digit
            (so "2,5 tr. đồng" and "v.v. và" stay whole).
        newlines: a line break always ends a sentence.
    """
    return spans_between(_boundary(stops, capital_next, newlines), text, start, end)


@lru_cache(maxsize=8)
def _clause_boundary(marks: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=[{re.escape(marks)}])\s+")


def clause_spans(
    text: str, start: int = 0, end: int | None = None, marks: str = ";"
) -> list[tuple[int, int]]:
    """Offsets of the clauses of ``text[start:end]``, cut after each of ``marks``.

    The mark stays with the clause it closes; the spaces after it are dropped.
    """
    return spans_between(_clause_boundary(marks), text, start, end)


def spans_between(
    separator: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    """Offsets of the non-empty pieces of ``text[start:end]`` between separator matches."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in separator.finditer(text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed to exclude whitespace at both ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def ends_sentence(line: str) -> bool:
    """True when a line or paragraph ends like a finished sentence or a heading."""
    return bool(_ENDS.search(line.rstrip()))


#: a piece that is only a numbering mark: "1.", "Điều 6.", "II.", "a."
BARE_MARK = re.compile(
    r"(?:Điều\s+\d+[a-zđ]?|Chương\s+[IVXLC\d]+|Mục\s+\d+|[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])\.",
    re.I,
)
#: a piece that ends with the numbering mark of the next line ("… hình thành\n1.")
_TRAILING_MARK = re.compile(rf"\n[ \t]*({BARE_MARK.pattern})$", re.I)


def with_marks(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans with each numbering mark kept with the sentence it numbers: a bare mark is
    joined to the sentence after it on its line ("1." + "Thanh tra Ngân hàng Nhà nước."),
    and a mark that ends a piece after a line break moves to the next piece ("Điều 6.
    Nguồn tài chính hình thành\n1." + "Hỗ trợ …"), so no passage or quote ends with it."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for i, (a, b) in enumerate(spans):
        if carry is not None:
            a, carry = carry, None
        m = _TRAILING_MARK.search(text, a, b)
        if m is not None and m.start() > a and i + 1 < len(spans):
            carry, b = m.start(1), m.start()
        if out:
            pa, pb = out[-1]
            if BARE_MARK.fullmatch(text, pa, pb) and "\n" not in text[pb:a]:
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out
