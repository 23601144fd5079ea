"""Rule-based document metadata from the header block and the text.

Every field is ``None`` when the document does not state it; nothing is guessed.
The one inference we allow is documented in ``date_source``: a report with no date
line is dated (year only) by the latest date of the instruction it answers
("Thực hiện công văn số … ngày 16/3/2022 …" → 2022), since it cannot predate it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.types import DocMeta

from ..text.codes import CODE_PART, find_codes
from ..text.gazetteer import DISTRICT_LEVELS, Gazetteer, Unit, get_gazetteer, key

#: doc types as they appear in headers (upper case), longest first
DOC_TYPES = (
    "chương trình hành động",
    "nghị quyết",
    "quyết định",
    "kế hoạch",
    "báo cáo",
    "công văn",
    "tờ trình",
    "thông báo",
    "chỉ thị",
    "kết luận",
    "hướng dẫn",
    "chương trình",
    "đề án",
    "thông tư",
    "nghị định",
)
#: the type code inside a document number (``18/BC-UBND`` → BC)
CODE_TYPES = {
    "BC": "báo cáo",
    "CTR": "chương trình hành động",
    "CTHĐ": "chương trình hành động",
    "KH": "kế hoạch",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
    "CV": "công văn",
    "TTR": "tờ trình",
    "TB": "thông báo",
    "CT": "chỉ thị",
    "KL": "kết luận",
    "HD": "hướng dẫn",
    "TT": "thông tư",
    "NĐ": "nghị định",
}
_NEWS = re.compile(r"Ngày cập nhật|Ngày đăng|Các tin khác|Xem tin theo ngày|Tin tức", re.I)
_UPPER = r"A-ZÀ-ỸĐ"
_NUMBER = re.compile(
    rf"^\s*Số\s*:?\s*(\d{{1,5}}[a-z]?)\s*([/-])\s*({CODE_PART}(?:[-/]{CODE_PART})*)", re.M
)
_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
_DATE_YEAR_ONLY = re.compile(r"ngày\s+(?:\.+\s*)?tháng\s+(?:\.+\s*)?năm\s+(\d{4})", re.I)
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_PLACE_LINE = re.compile(rf"^([{_UPPER}][\wÀ-ỹđ' ]{{1,40}}?),\s*ngày\b", re.M)
_ISSUER_UB = re.compile(
    r"(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+(TỈNH|HUYỆN|THỊ XÃ|THÀNH PHỐ|QUẬN|XÃ|PHƯỜNG|"
    r"THỊ TRẤN)\s+([" + _UPPER + r"' ]+)"
)
_ISSUER_PARTY = re.compile(r"(TỈNH|HUYỆN|THỊ|THÀNH|QUẬN)\s+[ỦU]Y\s+([" + _UPPER + r"' ]+)")
_ISSUER_BODY = re.compile(
    r"\b((?i:huyện ủy|thị ủy|tỉnh ủy|thành ủy|UBND (?:huyện|thị xã|tỉnh|thành phố)))\s+"
    rf"([{_UPPER}][\wÀ-ỹđ']*(?:\s[{_UPPER}][\wÀ-ỹđ']*){{0,3}})\s+(?:báo cáo|ban hành|xây dựng)"
)
_NAME_LINE = re.compile(
    rf"^(?:[{_UPPER}][a-zà-ỹđ]*'?\s?)(?:\s*[{_UPPER}][a-zà-ỹđ]*){{1,4}}$|"
    rf"^[{_UPPER}]+(?:\s[{_UPPER}]+){{1,4}}$"
)
_NOT_NAME = re.compile(
    r"CHỦ TỊCH|BÍ THƯ|T/M|TM\.|KT\.|THƯỜNG VỤ|NƠI NHẬN|GIÁM ĐỐC|TRƯỞNG|ỦY BAN|UBND|"
    r"CỘNG HÒA|BÁO CÁO|QUYẾT ĐỊNH|KẾ HOẠCH|CHƯƠNG TRÌNH",
    re.I,
)
_PARTY_LEVEL = {
    "TỈNH": "Tỉnh ủy",
    "HUYỆN": "Huyện ủy",
    "THỊ": "Thị ủy",
    "THÀNH": "Thành ủy",
    "QUẬN": "Quận ủy",
}
_UNIT_LEVEL = {
    "TỈNH": "tỉnh",
    "HUYỆN": "huyện",
    "THỊ": "thị xã",
    "THÀNH": "thành phố",
    "QUẬN": "quận",
}


@dataclass(frozen=True)
class Located:
    """A document's resolved locality."""

    unit: Unit
    level: str


def _title_case(upper: str) -> str:
    return " ".join(w.capitalize() for w in upper.split())


def detect_doc_type(header: list[str], number: str | None, text: str) -> str | None:
    """The document type from an upper-case type line, else the number code, else news."""
    for line in header:
        plain = line.strip(" *:#.").strip()
        if plain and plain == plain.upper():
            low = plain.lower()
            for doc_type in DOC_TYPES:
                if low == doc_type or low.startswith(doc_type + " "):
                    return doc_type
    if number:
        for part in re.split(r"[/-]", number)[1:]:
            if part.upper() in CODE_TYPES:
                return CODE_TYPES[part.upper()]
    if _NEWS.search(text):
        return "tin bài"
    return None


def detect_date(header_text: str, intro: str) -> tuple[str | None, str | None]:
    """(ISO date or year, source) from the header's date line, a news stamp or the intro."""
    match = _DATE_WORDS.search(header_text)
    if match:
        d, m, y = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}", "date line"
    match = _DATE_YEAR_ONLY.search(header_text)
    if match:
        return match.group(1), "date line (year only)"
    stamp = re.search(
        r"(?:Ngày cập nhật|Ngày đăng)\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4})", header_text
    )
    if stamp:
        d, m, y = (int(g) for g in stamp.groups())
        return f"{y:04d}-{m:02d}-{d:02d}", "publication stamp"
    if intro.lstrip().lower().startswith("thực hiện"):
        years = [int(m.group(3)) for m in _DATE_NUMERIC.finditer(intro)]
        years += [int(m.group(3)) for m in _DATE_WORDS.finditer(intro)]
        if years:
            return str(max(years)), "latest date of the instruction it answers (year only)"
    return None, None


def _resolve(gaz: Gazetteer, level: str, name: str, text: str) -> Located | None:
    if level == "tỉnh" or (level == "thành phố" and gaz.find_province(name)):
        unit = gaz.find_province(name)
        return Located(unit, "tỉnh") if unit else None
    unit = gaz.resolve_district(name, text)
    if unit is not None and (level not in DISTRICT_LEVELS or unit.level == level):
        return Located(unit, unit.level)
    if unit is not None:
        return Located(unit, unit.level)
    return None


def extract_metadata(blocks: list[str], text: str) -> tuple[DocMeta, Located | None]:
    """Metadata of one document from its normalised blocks and full text.

    Args:
        blocks: normalised block texts in reading order.
        text: the normalised full text.

    Returns:
        The metadata and the resolved reporting locality (for place resolution).
    """
    gaz = get_gazetteer()
    header = blocks[:14]
    header_text = "\n".join(header)
    intro = next((b for b in blocks[:25] if b.lower().startswith("thực hiện")), "")
    number_match = _NUMBER.search(header_text)
    number = None
    if number_match:
        number = f"{number_match.group(1)}{number_match.group(2)}{number_match.group(3)}"
    doc_type = detect_doc_type(header, number, text)
    date, date_source = detect_date(header_text, intro)

    issuer = None
    located: Located | None = None
    ub = _ISSUER_UB.search(header_text)
    party = _ISSUER_PARTY.search(header_text)
    body = _ISSUER_BODY.search(text[:3000])
    if ub:
        level = ub.group(1).lower()
        located = _resolve(gaz, level, _title_case(ub.group(2).split("\n")[0]), text)
        if located:
            issuer = f"UBND {level} {located.unit.name}"
    elif party:
        name = _title_case(party.group(2).split("\n")[0].strip())
        located = _resolve(gaz, _UNIT_LEVEL[party.group(1)], name, text)
        if located:
            issuer = f"{_PARTY_LEVEL[party.group(1)]} {located.unit.name}"
    elif body:
        organ = body.group(1)
        level = organ.split()[0].lower()
        unit_level = {"huyện": "huyện", "thị": "thị xã", "tỉnh": "tỉnh", "thành": "thành phố"}
        if level == "ubnd":
            level = " ".join(organ.split()[1:]).lower()
        located = _resolve(gaz, unit_level.get(level, level), body.group(2), text)
        if located:
            issuer = organ[0].upper() + organ[1:].lower().replace("ubnd", "UBND")
            issuer = f"{issuer} {located.unit.name}"
    place = _PLACE_LINE.search(header_text)
    if located is None and place:
        located = _resolve(gaz, "", place.group(1).strip(), text)
        if located and re.search(r"^\s*Số\b[^\n]*-UBND\b", header_text, re.M):
            issuer = f"UBND {located.level} {located.unit.name}"
    if located is None:
        counts = gaz.most_named_district(text)
        if counts:
            located = _resolve(gaz, "", counts.most_common(1)[0][0], text)

    province = locality = level = None
    if located is not None:
        province = gaz.province_label(located.unit.province, date)[0]
        locality = located.unit.name if located.level != "tỉnh" else province
        level = located.level

    meta = DocMeta(
        doc_type=doc_type,
        number=number,
        date=date,
        date_source=date_source,
        issuer=issuer,
        locality=locality,
        locality_level=level,
        province=province,
        title=detect_title(blocks, doc_type),
        signer=detect_signer(blocks, gaz),
        references=tuple(c for c in find_codes(text) if c != number),
    )
    return meta, located


def detect_title(blocks: list[str], doc_type: str | None) -> str | None:
    """The trích yếu: the block after the type line, or a news headline."""
    for i, block in enumerate(blocks[:16]):
        plain = block.strip(" *:#.")
        if doc_type and plain.lower() == doc_type and plain == plain.upper():
            nxt = blocks[i + 1] if i + 1 < len(blocks) else ""
            if nxt and not re.match(r"(Thực hiện|Căn cứ|Kính gửi|[IVX]+[.-]\s)", nxt):
                return nxt.replace("\n", " ").strip()
            return None
        lines = block.split("\n")
        for j, line in enumerate(lines):
            if re.match(r"(Ngày cập nhật|Ngày đăng)", line):
                before = lines[j - 1] if j > 0 else (blocks[i - 1] if i > 0 else "")
                return before.replace("\n", " ").strip() or None
    return None


def detect_signer(blocks: list[str], gaz: Gazetteer) -> str | None:
    """The person who signed (or wrote) the document: a name line near the end."""
    tail = [line.strip(" *") for b in blocks[-15:] for line in b.split("\n")]
    for line in reversed(tail):
        if not line or len(line) > 40 or _NOT_NAME.search(line) or any(c.isdigit() for c in line):
            continue
        if not _NAME_LINE.match(line):
            continue
        k = key(line)
        if gaz.find_province(line) or gaz.district_candidates(line) or k in ("noi nhan",):
            continue
        return line if line != line.upper() else _title_case(line)
    return None
