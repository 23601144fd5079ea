"""Section-aware chunking: heading paths, sentence cuts under a token budget, offsets.

Input blocks are already normalised. The document's stored text is the blocks joined
by blank lines; every passage is an exact slice ``text[start:end]`` of it, so citations
can be highlighted. Boilerplate (header lines, "Nơi nhận" lists, signatures, web
counters) becomes passages flagged ``boilerplate`` that the search indexes skip.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np

from index.embed import WordTokenCounter

from ..text.split import clause_spans, sentence_spans, spans_between, with_marks
from .types import Block, Chunk

HEADING_SEPARATOR = " › "
_ROMAN = re.compile(r"^(?:PHẦN\s+|Phần\s+)?([IVXLC]+)\s*[.\-/)]\s*\S")
_NUM3 = re.compile(r"^\d+[.\-]\d+[.\-]\d+[.\-)]?\s+\S")
_NUM2 = re.compile(r"^\d+[.\-]\d+[.\-)]?\s+\S")
_NUM1 = re.compile(r"^\d+\s*[.\-)]\s+\S")
_ALPHA = re.compile(r"^[a-zđ][).]\s+\S")
_CHAPTER = re.compile(r"^(Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+[\dIVXLC]+")
_TAIL_START = re.compile(
    r"^(Nơi nhận|Các tin khác|Tin cùng chuyên mục|Bài viết liên quan|Xem tin theo ngày)", re.I
)
_CHROME = re.compile(
    r"^(Tìm kiếm thông tin|Chung nhan Tin Nhiem Mang|Thống kê truy c|Truy c[âậ]p (tổng|hiện tại)"
    r"|Lượt xem|Vpđv Website|In bài viết|Chia sẻ|Gửi email|\*+$|Ngày cập nhật)",
    re.I,
)
_HEADER_LINE = re.compile(
    r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*-\s*Tự do|"
    r"Số\s*:?\s*[\d/ ]|[A-ZÀ-ỸĐ][\wÀ-ỹđ' ]{1,40},\s*ngày\b|ỦY BAN NHÂN DÂN|UBND [A-ZÀ-ỸĐ]{2}|"
    r"(TỈNH|HUYỆN|THỊ|THÀNH) ỦY|\d{1,2}/\d{1,2}/\d{4}\s+[A-ZÀ-ỸĐ ]+$)"
)
_SIGNATURE = re.compile(r"^(T/M|TM\.|KT\.|Q\.|TL\.|TUQ\.)\s|^(PHÓ )?(CHỦ TỊCH|BÍ THƯ)\b")


def heading_level(block: Block) -> int | None:
    """Hierarchy level of a heading-looking block (1 = Roman numerals), else ``None``."""
    text = block.text.lstrip("*# ")
    if _CHAPTER.match(text):
        return 1
    if _ROMAN.match(text):
        return 1
    if _NUM3.match(text):
        return 4
    if _NUM2.match(text):
        return 3
    if _NUM1.match(text):
        return 2
    if _ALPHA.match(text):
        return 5
    return None


def heading_label(text: str) -> str | None:
    """The heading words of a numbered block, or ``None`` when it reads as body text.

    Short numbered lines are headings. A long numbered paragraph "1. Tăng cường …: body"
    contributes the words before its colon; one with no colon stays body text.
    """
    flat = " ".join(text.split())
    if len(flat) <= 160 and not flat.endswith((";", ",")):
        return flat.rstrip(":")
    head = flat[:200].split(":", 1)
    if len(head) == 2 and len(head[0]) >= 6:
        return head[0].strip()
    return None


@dataclass
class _Pending:
    start: int = -1
    end: int = -1
    page: int | None = None
    heading: str = ""
    boilerplate: bool = False
    has_body: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def classify(blocks: Sequence[Block], title_index: int | None) -> list[bool]:
    """Boilerplate flag per block: header lines, signature/recipient tail, web chrome."""
    flags = [False] * len(blocks)
    in_tail = False
    header_end = title_index if title_index is not None else 0
    for i, block in enumerate(blocks):
        lines = [ln.strip(" *#") for ln in block.text.split("\n")]
        first = lines[0]
        if _TAIL_START.match(first) or (
            # a web page's closing lines often come as one block: author, "Các tin khác", counters
            any(_TAIL_START.match(ln) for ln in lines[1:]) and all(len(ln) < 60 for ln in lines)
        ):
            in_tail = True
        if in_tail or _CHROME.match(first) or _SIGNATURE.match(first):
            flags[i] = True
        elif i < header_end or (i < 12 and _HEADER_LINE.match(first) and _short(lines)):
            # (a long block that starts with the issuer's name is a text typed without
            # blank lines: its body is in it too)
            flags[i] = True
    # a lone person's name closing the document is a signature, not content
    for i in range(len(blocks) - 1, -1, -1):
        if flags[i]:
            continue
        words = blocks[i].text.split()
        if (
            1 < len(words) <= 4
            and all(w[:1].isupper() for w in words)
            and "." not in blocks[i].text
        ):
            flags[i] = True
        break
    return flags


#: the most lines and characters a block of header lines has
HEADER_LINES = 8
HEADER_CHARS = 600


def _short(lines: Sequence[str]) -> bool:
    """True for a block that can be a header: a few short lines (the issuer, number, place
    and date, the title), none of them a sentence of the body ("1.1. Kiện toàn Hội đồng …
    (theo QĐ 1089/QĐ-UBND …)." ends with a full stop)."""
    sentence = any(len(ln) > 60 and ln.rstrip().endswith((".", ";")) for ln in lines)
    return len(lines) <= HEADER_LINES and sum(map(len, lines)) <= HEADER_CHARS and not sentence


class SpanCounter:
    """Tokens of ``heading + span of the text``, as the embedder counts them.

    With a :class:`~index.embed.WordTokenCounter`, a span's count is a difference of
    running word sums, so cutting a long section costs no more than reading it once;
    with any other counter, each span is counted whole.
    """

    def __init__(self, full: str, count: Callable[[str], int]) -> None:
        self.full = full
        self.count = count
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._sums: list[int] = []
        self._headings: dict[str, int | None] = {"": 0}
        self._words: WordTokenCounter | None = None
        if isinstance(count, WordTokenCounter) and count.plain(full):
            tokens = count.word_tokens(full.split())
            bounds = _word_bounds(full)
            if tokens is not None and bounds is not None and len(bounds[0]) == len(tokens):
                self._words = count
                self._sums = [0, *accumulate(tokens)]
                self._starts, self._ends = bounds

    def __call__(self, heading: str, start: int, end: int) -> int:
        """Tokens of :func:`embed_text` of ``heading`` and ``full[start:end]``."""
        i = bisect_left(self._starts, start)
        j = bisect_left(self._ends, end)
        if (
            self._words is None
            or i == len(self._starts)
            or self._starts[i] != start
            or j == len(self._ends)
            or self._ends[j] != end
            or j < i
        ):
            return self.count(embed_text(heading, self.full[start:end]))
        head = self._heading(heading)
        if head is None:
            return self.count(embed_text(heading, self.full[start:end]))
        return self._words.overhead + head + self._sums[j + 1] - self._sums[i]

    def _heading(self, heading: str) -> int | None:
        """Tokens of a heading's words, or ``None`` when it must be counted with its text."""
        if heading not in self._headings:
            tokens = None
            if (
                self._words is not None
                and heading == heading.strip()
                and self._words.plain(heading)
            ):
                counts = self._words.word_tokens(heading.split())
                tokens = None if counts is None else sum(counts)
            self._headings[heading] = tokens
        return self._headings[heading]


def _word_bounds(text: str) -> tuple[list[int], list[int]] | None:
    """Start and end offsets of the words of a text whose only spaces are `` \\t\\n``
    (``None`` for a text holding a lone surrogate)."""
    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return None
    space = (codes == 32) | (codes == 10) | (codes == 9)
    before = np.concatenate(([True], space[:-1]))
    after = np.concatenate((space[1:], [True]))
    starts = np.flatnonzero(~space & before)
    ends = np.flatnonzero(~space & after) + 1
    return starts.tolist(), ends.tolist()


def chunk_document(
    blocks: Sequence[Block],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    title_index: int | None = None,
) -> tuple[str, list[Chunk]]:
    """Cut a normalised document into passages.

    Args:
        blocks: normalised blocks in reading order.
        count_tokens: the embedder's token counter for a passage text.
        max_tokens: budget for ``heading + text`` of every passage, in embedder tokens.
        title_index: index of the document-type line; blocks before it are header.

    Returns:
        The full text and its passages. Every passage satisfies
        ``full_text[p.start:p.end] == p.text`` and ``p.tokens <= max_tokens``.
    """
    if max_tokens < 32:
        raise ValueError(f"max_tokens must be at least 32, got {max_tokens}")
    texts = [b.text for b in blocks]
    offsets: list[tuple[int, int]] = []
    pos = 0
    for t in texts:
        offsets.append((pos, pos + len(t)))
        pos += len(t) + 2
    full = "\n\n".join(texts)
    flags = classify(blocks, title_index)

    chunks: list[Chunk] = []
    stack: list[tuple[int, str]] = []
    pending = _Pending()

    def path() -> str:
        return HEADING_SEPARATOR.join(label for _, label in stack)

    spans = SpanCounter(full, count_tokens)

    def cost(start: int, end: int, heading: str) -> int:
        return spans(heading, start, end)

    def emit() -> None:
        nonlocal pending
        if pending.start >= 0:
            _emit_span(full, pending, chunks, spans, max_tokens)
        pending = _Pending()

    for i, block in enumerate(blocks):
        start, end = offsets[i]
        boiler = flags[i]
        front = title_index is not None and i <= title_index + 1
        level = None if boiler or front or block.kind == "table" else heading_level(block)
        label = heading_label(block.text) if level is not None else None
        if level is None and block.kind == "heading" and not (boiler or front):
            # an unnumbered heading: a top section when in capitals, else a sub-heading
            label = " ".join(block.text.split())
            level = 1 if label == label.upper() else (stack[-1][0] + 1 if stack else 1)
        if label is not None and level is not None:
            if pending.has_body or pending.boilerplate:
                emit()
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, label[:200]))
            if pending.start < 0:
                pending.start, pending.page = start, block.page
            pending.end, pending.heading = end, path()
            pending.has_body = label != " ".join(block.text.split())
            continue
        if pending.start >= 0 and (
            pending.boilerplate != boiler
            or (pending.has_body and cost(pending.start, end, pending.heading) > max_tokens)
            or pending.extra.get("table") != (block.kind == "table" or None)
        ):
            emit()
        if pending.start < 0:
            pending.start, pending.page, pending.heading = start, block.page, path()
            pending.boilerplate = boiler
            if block.kind == "table":
                pending.extra["table"] = True
        pending.end = end
        pending.has_body = True
        for k in ("ocr", "ocr_confidence"):
            if k in block.extra:
                pending.extra[k] = block.extra[k]
    emit()
    return full, chunks


def embed_text(heading: str, text: str) -> str:
    """What the embedder reads for a passage: its heading path, then its text."""
    return f"{heading}\n{text}" if heading else text


def _emit_span(
    full: str,
    pending: _Pending,
    out: list[Chunk],
    spans: SpanCounter,
    max_tokens: int,
) -> None:
    heading = pending.heading
    if spans.count(embed_text(heading, "")) > max_tokens // 2:
        heading = heading.split(HEADING_SEPARATOR)[-1][:120]
    for start, end in _fit(full, pending.start, pending.end, heading, spans, max_tokens):
        text = full[start:end]
        out.append(
            Chunk(
                ordinal=len(out),
                heading=heading,
                start=start,
                end=end,
                text=text,
                page=pending.page,
                boilerplate=pending.boilerplate,
                tokens=spans(heading, start, end),
                extra=dict(pending.extra),
            )
        )


def _fit(
    full: str,
    start: int,
    end: int,
    heading: str,
    counter: SpanCounter,
    budget: int,
) -> list[tuple[int, int]]:
    """Split [start, end) into spans under the budget: paragraphs, sentences, clauses, words."""

    def fits(a: int, b: int) -> bool:
        return counter(heading, a, b) <= budget

    if fits(start, end):
        return [(start, end)]
    for cut in _CUTS:
        pieces = cut(full, start, end)
        if len(pieces) > 1:
            out: list[tuple[int, int]] = []
            cur_a, cur_b = pieces[0]
            for a, b in pieces[1:]:
                if fits(cur_a, b):
                    cur_b = b
                else:
                    out.extend(_fit(full, cur_a, cur_b, heading, counter, budget))
                    cur_a, cur_b = a, b
            out.extend(_fit(full, cur_a, cur_b, heading, counter, budget))
            return out
    # one unbreakable token longer than the budget: cut by characters
    mid = (start + end) // 2
    return _fit(full, start, mid, heading, counter, budget) + _fit(
        full, mid, end, heading, counter, budget
    )


_PARAGRAPH = re.compile(r"\n\n")
_SPACE = re.compile(r"\s+")
Cut = Callable[[str, int, int], list[tuple[int, int]]]
#: how an over-long span is cut, coarsest first: paragraphs, sentences (a ";" ends one
#: here, so long enumerations are cut), clauses, words
_CUTS: tuple[Cut, ...] = (
    lambda t, a, b: spans_between(_PARAGRAPH, t, a, b),
    # a numbering mark stays with its sentence: no passage ends with "\n1."
    lambda t, a, b: with_marks(t, sentence_spans(t, a, b, stops=".!?…;", newlines=False)),
    lambda t, a, b: clause_spans(t, a, b, marks=",;:"),
    lambda t, a, b: spans_between(_SPACE, t, a, b),
)
