"""The header block of a Vietnamese administrative document: lines, number, type, date.

A document opens with the issuing body, the national motto, the number line
(``Số: 296/2025/NĐ-CP``), the place-and-date line (``Hà Nội, ngày … tháng … năm …``),
the type word (``NGHỊ ĐỊNH``) and the trích yếu; the body starts at ``Căn cứ …``,
``Thực hiện …``, or the first heading. Loaders hand these over as one line per block
(docx), many lines per block (txt) or lines merged into paragraphs (PDF); every rule
here works on :func:`header_lines`, which evens that out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text.codes import fix_lookalikes

#: type words as a header prints them (matched on the upper-case type line), longest first
DOC_TYPES = (
    "thông tư liên tịch",
    "nghị quyết liên tịch",
    "chương trình hành động",
    "hiến pháp",
    "bộ luật",
    "pháp lệnh",
    "nghị định",
    "nghị quyết",
    "thông tư",
    "quyết định",
    "chỉ thị",
    "công văn",
    "công điện",
    "kế hoạch",
    "báo cáo",
    "chương trình",
    "tờ trình",
    "thông báo",
    "hướng dẫn",
    "kết luận",
    "đề án",
    "luật",
    "lệnh",
)
#: the type code inside a document number (``18/BC-UBND`` → BC)
CODE_TYPES = {
    "BC": "báo cáo",
    "CTR": "chương trình hành động",
    "CTHĐ": "chương trình hành động",
    "KH": "kế hoạch",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
    "NQLT": "nghị quyết liên tịch",
    "CV": "công văn",
    "TTR": "tờ trình",
    "TB": "thông báo",
    "CT": "chỉ thị",
    "KL": "kết luận",
    "HD": "hướng dẫn",
    "TT": "thông tư",
    "TTLT": "thông tư liên tịch",
    "NĐ": "nghị định",
    "CĐ": "công điện",
}
_UPPER = "A-ZÀ-ỸĐ"
_LOWER = "a-zà-ỹđ"
#: where the body starts: the first line that is not header or trích yếu
BODY_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Theo yêu cầu|Kính gửi|Trên cơ sở|"
    r"Điều\s+1\b|Chương\s+(?:I|1)\b|Phần\s+(?:I|1|thứ)\b|(?:[IVX]+|\d{1,2}|[A-D])\s*[.:)\-]\s)"
)
#: the same openings inside a line, where a PDF paragraph ran the title into the body
BODY_INSIDE = re.compile(
    r"\s(?=(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Kính gửi|Trên cơ sở)\s)"
)
SEPARATOR = re.compile(r"^[-_–—=*.~\s]{3,}$|^\*$")
MOTTO = re.compile(
    r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM|"
    r"Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc)",
    re.IGNORECASE,
)
# "Số: 296/2025/NĐ-CP", "Luật số: 102/2016/QH13", "Số 29-CTr/TU", "Số: 18 /BC-UBND"
_CODE = rf"[{_UPPER}][A-Za-zĐđ&]*\d{{0,2}}"
# "Luật số:", "Thông tư liên tịch số:" (a type word before "số")
_LABEL = rf"(?:[{_UPPER}][{_LOWER}]+(?:\s+[{_LOWER}]+){{0,3}}\s+)?[Ss]ố"
_NUMBER_BODY = (
    rf"(?P<n>\d{{1,5}}(?:[.,]\d{{1,3}})?[a-z]?)\s*(?P<sep>[/-])\s*"
    rf"(?P<rest>(?:\d{{4}}\s*/\s*)?{_CODE}(?:\s*[-/]\s*{_CODE})*)"
)
_NUMBER = re.compile(rf"^{_LABEL}\s*:?\s*{_NUMBER_BODY}")
_NUMBER_LABEL = re.compile(rf"^{_LABEL}\s*:?$")
#: a header cell holding the number alone: it needs a year or a hyphenated code
_BARE_NUMBER = re.compile(rf"^{_NUMBER_BODY}\s*$")
DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_YEAR_ONLY = re.compile(r"ngày\s+(?:[.…]+\s*)?tháng\s+(?:[.…]+\s*)?năm\s+(\d{4})", re.I)
#: a law or resolution is dated by its adoption: "Luật này được Quốc hội … thông qua ngày …"
_ADOPTED = re.compile(
    r"(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Hiến pháp) này (?:đã )?được [^.;]{0,250}?"
    r"thông qua ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})"
)
DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
#: "Hà Nội, ngày 25 tháng 11 năm 2025", "TP. Hồ Chí Minh, ngày …", "Bỉm Sơn, ngày …"
PLACE_DATE = re.compile(rf"^([{_UPPER}][\wÀ-ỹđ'. -]{{1,40}}?)\s*,\s*ngày\b", re.M)
_NEWS = re.compile(r"Ngày cập nhật|Ngày đăng|Các tin khác|Xem tin theo ngày|Tin tức", re.I)
#: how many lines the header may span before the body must have started
HEADER_LINES = 30


@dataclass(frozen=True)
class Header:
    """The first lines of a document, split where the body starts.

    Attributes:
        lines: every non-empty line of the document, in order.
        body: index of the first body line (``len(lines)`` when none is found).
    """

    lines: tuple[str, ...]
    body: int

    @property
    def head(self) -> tuple[str, ...]:
        """The lines before the body."""
        return self.lines[: self.body]


def is_upper(line: str) -> bool:
    """True when every letter of the line is upper case (and it has a few)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def header_lines(blocks: list[str]) -> Header:
    """The document's lines, with a PDF paragraph that ran into the body cut apart."""
    lines: list[str] = []
    for block in blocks:
        for raw in block.split("\n"):
            line = raw.strip(" *#\t")
            if line:
                lines.append(line)
    out: list[str] = []
    body = None
    for line in lines:
        if body is None and len(out) < HEADER_LINES and not BODY_START.match(line):
            parts = BODY_INSIDE.split(line, maxsplit=1)
            if len(parts) == 2 and not is_upper(parts[0]) and len(parts[0]) > 20:
                out.append(parts[0].strip())
                body = len(out)
                out.append(parts[1].strip())
                continue
        if body is None and (BODY_START.match(line) or len(out) >= HEADER_LINES):
            body = len(out)
        out.append(line)
    return Header(tuple(out), len(out) if body is None else body)


def detect_number(head: tuple[str, ...]) -> str | None:
    """The number line's number (``296/2025/NĐ-CP``); look-alike letters and spaces fixed.

    A number line without digits (``Số: /BC-UBND``, a draft) gives ``None``.
    """
    for i, raw in enumerate(head):
        line = fix_lookalikes(raw)
        if _NUMBER_LABEL.match(line) and i + 1 < len(head):
            line = f"{line} {fix_lookalikes(head[i + 1])}"
        match = _NUMBER.match(line)
        if match:
            return _joined(match)
    found = find_type_line(head)
    for raw in head[: found[0] if found else 0]:
        match = _BARE_NUMBER.match(fix_lookalikes(raw))
        if match and ("-" in match.group("rest") or re.match(r"\d{4}/", match.group("rest"))):
            return _joined(match)
    return None


def _joined(match: re.Match[str]) -> str:
    rest = re.sub(r"\s+", "", match.group("rest"))
    return f"{match.group('n')}{match.group('sep')}{rest}"


def _type_of_line(line: str) -> tuple[str, str] | None:
    """(type, rest of the line) when an upper-case line opens with a type word."""
    plain = line.strip(" *:#.").strip()
    if not is_upper(plain):
        return None
    low = plain.lower()
    for doc_type in DOC_TYPES:
        if low == doc_type:
            return doc_type, ""
        if low.startswith(doc_type + " ") and not low.startswith(doc_type + " số"):
            return doc_type, plain[len(doc_type) :].strip()
    return None


def find_type_line(head: tuple[str, ...]) -> tuple[int, str, str] | None:
    """(index, type, rest of the line) of the header's type line."""
    for i, line in enumerate(head):
        found = _type_of_line(line)
        if found and not MOTTO.match(line):
            return i, found[0], found[1]
    return None


def detect_doc_type(header: Header, number: str | None, text: str) -> str | None:
    """The type from the header's type line, else the number's type code, else news."""
    found = find_type_line(header.head)
    if found:
        return found[1]
    if number:
        for part in re.split(r"[/-]", number)[1:]:
            if part.upper() in CODE_TYPES:
                return CODE_TYPES[part.upper()]
    if _NEWS.search(text):
        return "tin bài"
    return None


def detect_date(header_text: str, intro: str, text: str = "") -> tuple[str | None, str | None]:
    """(ISO date or year, source) from the place-and-date line, a news stamp, the
    adoption sentence of a law or resolution, or the intro.

    Args:
        header_text: the header lines (the place-and-date line is searched first).
        intro: the "Thực hiện …" paragraph of a report, which dates an undated one.
        text: the whole text (for "… được Quốc hội … thông qua ngày …").
    """
    place = PLACE_DATE.search(header_text)
    scope = header_text[place.start() :] if place else header_text
    match = DATE_WORDS.search(scope)
    if match:
        d, m, y = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}", "date line"
    match = _DATE_YEAR_ONLY.search(scope)
    if match:
        return match.group(1), "date line (year only)"
    stamp = re.search(
        r"(?:Ngày cập nhật|Ngày đăng)\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", header_text
    )
    if stamp:
        d, m, y = (int(g) for g in stamp.groups())
        return f"{y:04d}-{m:02d}-{d:02d}", "publication stamp"
    adopted = _ADOPTED.search(text)
    if adopted:
        d, m, y = (int(g) for g in adopted.groups())
        return f"{y:04d}-{m:02d}-{d:02d}", "adoption"
    if intro.lstrip().lower().startswith("thực hiện"):
        years = [int(m.group(3)) for m in DATE_NUMERIC.finditer(intro)]
        years += [int(m.group(3)) for m in DATE_WORDS.finditer(intro)]
        if years:
            return str(max(years)), "latest date of the instruction it answers (year only)"
    return None, None


def place_of_date_line(header_text: str) -> str | None:
    """The place named by the place-and-date line (``Hà Nội``), if there is one."""
    match = PLACE_DATE.search(header_text)
    return match.group(1).strip() if match else None
