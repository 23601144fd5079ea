"""Typed spans in a sentence: quantities with their unit, dates, document numbers, places,
bodies and people. A fact answer must hold a span of the type the question asks for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..text.codes import CODE_RE
from ..text.normalize import fold

AnswerType = Literal["quantity", "date", "code", "place", "agent", "definition", "yes_no", "none"]
#: answer types whose answer is a span found in the sentence (:func:`find_spans`)
SPAN_TYPES: tuple[AnswerType, ...] = ("quantity", "date", "code", "place", "agent")
#: answer types that check the sentence beyond its words: a typed span, or a definition
CHECKED_TYPES: tuple[AnswerType, ...] = (*SPAN_TYPES, "definition")

#: unit words as they follow a number, mapped to the unit family a question can ask for
UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "money": ("đồng", "nghìn đồng", "ngàn đồng", "triệu đồng", "tỷ đồng", "vnđ", "vnd", "usd"),
    "percent": ("%", "phần trăm"),
    "area": ("ha", "hecta", "héc-ta", "m2", "m²", "km2", "km²", "mẫu", "sào"),
    "duration": ("ngày", "ngày làm việc", "tháng", "năm", "giờ", "tuần", "quý"),
    "people": ("người", "lượt người", "cán bộ", "đảng viên", "học viên", "viên chức", "lao động"),
    "content": ("mg", "g", "µg", "mcg", "ppm", "mg/l", "mg/kg"),
}
_QUALIFIER = (
    r"(?:khoảng|trên|gần|hơn|đạt|tối thiểu|tối đa|không quá|không dưới|dưới|ít nhất|"
    r"lên tới|lên đến|từ|bằng)"
)
_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
#: a share written as a fraction ("34/64 trường"): not a date (two slashes) nor a code
_FRACTION = r"\d{1,6}/\d{1,6}(?![/\d])"
_RANGE = rf"(?:{_FRACTION}|{_NUMBER})(?:\s*(?:-|–|đến|tới)\s*(?:{_NUMBER}))?"
#: the number spelled out after it, as legal texts write it ("05 (năm) ngày")
_SPELLED = r"(?:\s*\([^\W\d_][^()\d]{0,40}\))?"
#: unit symbols written against the number ("6ha", "250m2")
_GLUED = r"ha|m2|m²|km2|km²|km|kg|mg|ml"
#: "per" after the unit: a rate ("15 người/1 vạn dân", "3,5 m2/học viên")
_PER = r"(?:\s*/\s*(?:\d+(?:[.,]\d+)?\s*)?[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?)?"
#: a number, its qualifier and the (at most three) words that follow it
QUANTITY = re.compile(
    rf"(?:(?<![\w/]){_QUALIFIER}\s+)?(?<![\w/.,]){_RANGE}(?:(?![\w/])|(?=(?:{_GLUED})\b))"
    rf"{_SPELLED}(?:\s*(?:%|‰)|(?:{_GLUED})\b)?(?:\s+[^\W\d_][\w-]*){{0,3}}{_PER}",
    re.I,
)
DATE = re.compile(
    r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|ngày\s+\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])"
    r"|tháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}|(?:quý\s+[IV\d]+\s+)?năm\s+\d{4}"
    # deadlines that recur: "ngày 20 của tháng cuối kỳ báo cáo", "ngày 15 tháng 01 hằng năm",
    # "trước ngày 31/12"
    r"|ngày\s+\d{1,2}\s+(?:của\s+|hằng\s+|hàng\s+)tháng(?:\s+(?!năm\b)[^\W\d_]+){0,4}"
    r"|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}(?:\s+(?:hằng|hàng)\s+năm)?(?![\d/])"
    r"|ngày\s+\d{1,2}/\d{1,2}(?![\d/])",
    re.I,
)
_UPPER = "A-ZÀ-ỸĐ"
_NAME_WORD = rf"[{_UPPER}][\wÀ-ỹđ'’-]*"
PLACE = re.compile(
    rf"(?:xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|thôn|bản|khu)\s+{_NAME_WORD}"
    rf"(?:\s+{_NAME_WORD}){{0,3}}",
)
_BODY_HEAD = (
    r"Bộ trưởng|Thứ trưởng|Bộ|Sở|Ban|Cục|Tổng cục|Vụ|Ủy ban|UBND|HĐND|Hội đồng|Phòng|"
    r"Trung tâm|Viện|Ngân hàng|Quỹ|Văn phòng|Thanh tra|Tỉnh ủy|Huyện ủy|Thị ủy|Thành ủy|"
    r"Chính phủ|Thủ tướng|Quốc hội|Giám đốc|Chủ tịch|Cảng vụ|Binh chủng|Công an|Bộ Tư lệnh|"
    r"Kiểm toán|Tòa án|Viện kiểm sát|Đảng ủy|Mặt trận|Liên hiệp|Hội|Trường|Bệnh viện|"
    r"Tổ chức|Cơ quan|Người đứng đầu|Thủ trưởng|Trưởng|Chánh Văn phòng|Chánh Thanh tra|"
    r"Chánh án|Phó Chủ tịch|Phó Giám đốc|Cục trưởng|Vụ trưởng|Tổng cục trưởng|Thống đốc|"
    r"Hiệu trưởng|Viện trưởng|Tư lệnh|Chỉ huy trưởng|Trưởng ban|Trưởng phòng|Bí thư"
)
AGENT = re.compile(
    rf"(?<![\w/-])(?:{_BODY_HEAD})(?:\s+(?:{_NAME_WORD}|và|nhân dân|hàng hải|hàng không|"
    rf"khoa học|công nghệ|kinh tế|hạ tầng|nhà nước|cấp|tỉnh|huyện|xã|thị xã|thành phố|"
    rf"phòng bệnh|y tế|tài chính|xây dựng|nội vụ|tư pháp|công thương|quốc phòng)){{0,8}}"
)


@dataclass(frozen=True)
class Span:
    """A typed stretch of a sentence."""

    start: int
    end: int
    type: AnswerType
    #: for quantities: the unit family (``money``, ``percent`` …) or the counted noun
    unit: str | None = None
    #: for quantities: a rate, the unit per something ("15 người/1 vạn dân")
    per: bool = False


def unit_of(words: str) -> str | None:
    """The unit family of the words after a number (``money``, ``percent`` …), else those
    words themselves (lower case): the noun being counted."""
    low = " ".join(words.lower().split())
    if not low:
        return None
    for family, units in UNIT_FAMILIES.items():
        for unit in sorted(units, key=len, reverse=True):
            if low == unit or low.startswith(unit + " "):
                return family
    return low


#: a number that names a part or a document is not an amount: "khoản 4 Điều 5",
#: "Phụ lục 01", "mẫu số 02", "QCVN 29:2026/BCT"
_NUMBERS_A_PART = re.compile(
    r"(?:\b(?:khoản|điều|điểm|chương|mục|phần|phụ lục|tiết|mẫu số|qcvn|tcvn|article|clause|"
    r"chapter|annex|appendix|no\.)\s*)$",
    re.I,
)


def quantities(text: str) -> list[Span]:
    """Numbers with their qualifier and unit (years standing alone are not quantities, nor
    numbers that name a part or a document)."""
    out = []
    codes = [m.span() for m in CODE_RE.finditer(text)]
    for m in QUANTITY.finditer(text):
        if _NUMBERS_A_PART.search(text[max(0, m.start() - 12) : m.start()]) or any(
            a <= m.start() < b for a, b in codes
        ):
            continue
        span = m.group(0).rstrip(" ,.;:")
        number = re.search(_RANGE, span)
        if number is None:
            continue
        tail = re.sub(r"^\s*\([^()]*\)", "", span[number.end() :]).strip()
        if re.fullmatch(r"(?:19|20)\d{2}", number.group(0)) and not tail.startswith(("%", "‰")):
            continue  # a year, not an amount
        words, per, _ = tail.partition("/")
        unit = unit_of("%" if tail.startswith(("%", "‰")) else words)
        out.append(Span(m.start(), m.start() + len(span), "quantity", unit, bool(per)))
    return out


#: a technical regulation's or standard's number: "QCVN 91:2025/BNNMT", "TCVN 5945:2005"
STANDARD_CODE = re.compile(r"\b(?:QCVN|TCVN|QCĐP)\s?\d{1,4}(?:-\d{1,3})*:\d{4}(?:/[A-ZĐ][\w&-]*)?")


def find_spans(text: str, kind: AnswerType) -> list[Span]:
    """Every span of ``kind`` in a sentence, in order."""
    if kind == "quantity":
        return quantities(text)
    if kind == "code":
        found = [Span(m.start(), m.end(), kind) for m in CODE_RE.finditer(text)]
        found += [Span(m.start(), m.end(), kind) for m in STANDARD_CODE.finditer(text)]
        return sorted(found, key=lambda s: s.start)
    pattern = {"date": DATE, "code": CODE_RE, "place": PLACE, "agent": AGENT}.get(kind)
    if pattern is None:
        return []
    return [Span(m.start(), m.end(), kind) for m in pattern.finditer(text) if m.group(0).strip()]


#: the parts of a date as written: day-month-year, month-year, day-month, a year
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:\s+thang\s+|\s*[/.-]\s*)(\d{1,2})(?:\s+nam\s+|[/.-])(\d{4})"
)
_MONTH_YEAR = re.compile(r"thang\s+(\d{1,2})\s*(?:/|nam)\s*(\d{4})|(?<![\d/])(\d{1,2})/(\d{4})")
_DAY_MONTH = re.compile(r"ngay\s+(\d{1,2})(?:\s+thang\s+|/)(\d{1,2})(?![\d/])")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
#: each form with the (day, month, year) slots its numbers fill, fullest first
_DATE_FORMS = (
    (_DAY_MONTH_YEAR, (True, True, True)),
    (_MONTH_YEAR, (False, True, True)),
    (_DAY_MONTH, (True, True, False)),
    (_YEAR, (False, False, True)),
)


def date_keys(text: str) -> set[tuple[int | None, int | None, int | None]]:
    """Every date a text writes, as (day, month, year) with the parts it leaves out None:
    "ngày 16/3/2022", "16 tháng 3 năm 2022" and "16-03-2022" are one date. The fullest
    form is read first and blanked, so its year is not read again alone."""
    low = fold(text).lower()
    out: set[tuple[int | None, int | None, int | None]] = set()
    for pattern, slots in _DATE_FORMS:
        for m in pattern.finditer(low):
            numbers = iter(int(g) for g in m.groups() if g)
            day, month, year = (next(numbers) if slot else None for slot in slots)
            out.add((day, month, year))
            low = low[: m.start()] + " " * (m.end() - m.start()) + low[m.end() :]
    return out


def unit_matches(span: Span, wanted: tuple[str, ...]) -> bool:
    """True when a quantity's unit is one the question asks for: a unit family
    (``money``) or the counted noun (``đề tài``) that the number's words begin with.
    Any quantity matches when the question names no unit."""
    if not wanted:
        return True
    if span.per and "rate" in wanted:
        return True
    if span.unit is None:
        return False
    have = fold(span.unit)
    return any(have == fold(w) or have.startswith(fold(w) + " ") for w in wanted)


def counted_nearby(text: str, span: Span, wanted: tuple[str, ...]) -> bool:
    """True when the noun a question counts in two words ("trường đạt" of "bao nhiêu trường
    đạt chuẩn") follows the number with words between: its first word right after the
    number, the others within the next few words ("34/64 trường được công nhận đạt
    chuẩn"). "01 đề xuất" is not "đề tài": the second word must be there too."""
    if span.unit is None or span.unit in UNIT_FAMILIES:
        return False
    head = fold(span.unit).split()[0]
    after = fold(text[span.start : span.end + 40]).lower().split()
    for w in wanted:
        words = fold(w).lower().split()
        if len(words) > 1 and words[0] == head and all(x in after[:8] for x in words[1:]):
            return True
    return False
