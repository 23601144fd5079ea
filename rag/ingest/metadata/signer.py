"""The signer, read from the signature block only; ``None`` when there is none.

A signature block is a role line (``KT. BỘ TRƯỞNG`` / ``THỨ TRƯỞNG``, ``TM. CHÍNH PHỦ``,
``T/M BAN THƯỜNG VỤ``) followed, after ``(Đã ký)`` and further role lines, by a
person's name. When the layout put the name after the ``Nơi nhận`` list instead, the
first name after that list is the signer. A news article's byline counts as its author.
A place or a body at the end of a text (``Huyện Quỳnh Lưu``) is never a signer.
"""

from __future__ import annotations

import re

from ...text.gazetteer import Gazetteer
from ...text.names import looks_like_person
from .header import Header, is_upper

_ROLE = re.compile(
    r"^(?:(?:TM|T/M|KT|TL|TUQ|Q|QUYỀN)\s*[.:]?\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH|TỔNG BÍ THƯ|"
    r"BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|BÍ THƯ|GIÁM ĐỐC|THỐNG ĐỐC|TỔNG KIỂM TOÁN|CHÁNH ÁN|"
    r"VIỆN TRƯỞNG|CHỦ NHIỆM|"
    r"TRƯỞNG|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|TỔNG THANH TRA|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|"
    r"VỤ TRƯỞNG|TỔNG THƯ KÝ|TỔNG GIÁM ĐỐC)\b|^(?:TM|T/M|KT|TL|TUQ)\s*[.:]?\s*\S"
)
_SIGNED = re.compile(r"^[(\[].*[)\]]$|^(?:Đã ký|Ký bởi|Ký thay)\b", re.IGNORECASE)
#: a rank or degree before the name ("Đại tướng Tô Lâm", "PGS.TS. Nguyễn Văn A")
_RANK = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|(?:Phó\s+|Chuẩn\s+)?Đô đốc|"
    r"(?:GS|PGS|TS|ThS|BS|KS)\.\s*)+\s*",
)
_RECIPIENTS = re.compile(r"^Nơi nhận\b", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-+•–]")
#: lines between a role line and the name (more role lines, "(Đã ký)", a seal note)
GAP = 4


def _as_name(line: str, gaz: Gazetteer) -> str | None:
    """The line as a person's name, or ``None`` when it is not one (or names a place)."""
    line = _RANK.sub("", line.strip(" *.,;"))
    if not looks_like_person(line):
        return None
    if gaz.find_province(line) or gaz.district_candidates(line):
        return None
    return " ".join(w.capitalize() for w in line.split()) if line == line.upper() else line


def _after_role(lines: tuple[str, ...], start: int, gaz: Gazetteer) -> str | None:
    """The name under a role line: a name typed as a name first, one in capitals else
    (``THỨ TRƯỞNG`` / ``THƯỜNG TRỰC`` / ``(Đã ký)`` / ``Vũ Mạnh Hà`` gives Vũ Mạnh Hà)."""
    capitals: str | None = None
    for line in lines[start : start + GAP + 1]:
        if _SIGNED.match(line) or (_ROLE.match(line) and is_upper(line)):
            continue
        name = _as_name(line, gaz)
        if name is None:
            if is_upper(line):
                continue  # a qualifier of the role: "THƯỜNG TRỰC", "PHỤ TRÁCH"
            break
        if not is_upper(line):
            return name
        capitals = capitals or name
    return capitals


def detect_signer(header: Header, doc_type: str | None, gaz: Gazetteer) -> str | None:
    """The person who signed: the name under the first signature block after the header.

    Args:
        header: the document's lines, split where the body starts.
        doc_type: the detected type (a news article's byline is its author).
        gaz: the gazetteer, so that a place name is never taken for a person.
    """
    lines = header.lines
    for i in range(header.body, len(lines)):
        # the anchored pattern first: it rejects almost every body line at its first
        # characters, where is_upper reads the whole line (a fifth of metadata's time)
        if _ROLE.match(lines[i]) and is_upper(lines[i]):
            name = _after_role(lines, i + 1, gaz)
            if name:
                return name
    recipients = [i for i in range(header.body, len(lines)) if _RECIPIENTS.match(lines[i])]
    for start in recipients[:1]:
        for line in lines[start + 1 : start + 16]:
            if _LIST_ITEM.match(line):
                continue
            name = _as_name(line, gaz)
            if name:
                return name
    if doc_type == "tin bài":
        for line in reversed(lines[-20:]):
            name = _as_name(line, gaz)
            if name:
                return name
    return None
