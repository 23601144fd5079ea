"""The trích yếu: the lines between the type word and the first body line.

The same rule serves every format, because it works on :class:`~.header.Header` lines:
a .txt gives the title's lines as they were wrapped, a .docx one paragraph, a PDF a
paragraph that may run on into the body (cut at ``Căn cứ``/``Thực hiện`` by
:func:`~.header.header_lines`).
"""

from __future__ import annotations

import re

from .header import MOTTO, SEPARATOR, Header, find_type_line, is_upper

#: the enacting authority printed under the title (``BỘ TRƯỞNG BỘ TÀI CHÍNH``, ``CHÍNH PHỦ``)
AUTHORITY = re.compile(
    r"^(?:(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|THỐNG ĐỐC|TỔNG KIỂM TOÁN|CHÁNH ÁN|VIỆN TRƯỞNG|"
    r"TỔNG THANH TRA|HỘI ĐỒNG THẨM PHÁN|ỦY BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|BAN THƯỜNG VỤ)\b.*|"
    r"CHÍNH PHỦ|QUỐC HỘI|ỦY BAN THƯỜNG VỤ QUỐC HỘI|BỘ CHÍNH TRỊ|BAN BÍ THƯ)$"
)
#: words after which a title line goes on (``… CỦA`` / ``BỘ XÂY DỰNG``)
_CONNECTOR = re.compile(
    r"\b(?:của|và|về|cho|với|đối với|tại|trong|theo|thuộc|giữa|từ|đến|năm|giai đoạn|"
    r"các|những|một số|số|ngày|thuộc|do|bởi|nhằm|để)$",
    re.IGNORECASE,
)
#: punctuation after which a title line goes on (``… CÁC SỞ, NGÀNH,`` / ``ỦY BAN NHÂN DÂN
#: CÁC HUYỆN …``): a title never ends on it
_OPEN_PUNCTUATION = re.compile(r"[,&(\-–]$")
_NEWS_STAMP = re.compile(r"^(?:Ngày cập nhật|Ngày đăng)")
#: a công văn has no type line: its trích yếu is the "V/v …" line under the number
_SUBJECT = re.compile(r"^(?:V/v|Về việc)\s*:?\s*(.+)", re.IGNORECASE)
#: at most this many lines make a title (a longer run is the body)
MAX_LINES = 8
#: a line longer than this is a paragraph of the body, not a line of a title
MAX_LINE = 1000


def _clean(parts: list[str], doc_type: str | None = None) -> str | None:
    title = " ".join(" ".join(parts).split()).strip(" ,;:.")
    # "chức năng,nhiệm vụ": a comma glued to the next word by the source
    title = re.sub(r",(?=[^\W\d_])", ", ", title)
    if doc_type and title.lower().startswith(doc_type + " "):
        title = title[len(doc_type) + 1 :]  # "THÔNG TƯ" / "Thông tư sửa đổi …": said twice
    return title or None


def _left_open(line: str) -> bool:
    """True when a title line cannot be the title's last: it ends with a connector word
    or with punctuation that announces more, so the next line goes on with it."""
    line = line.rstrip()
    return _CONNECTOR.search(line) is not None or _OPEN_PUNCTUATION.search(line) is not None


def _drop_authority(parts: list[str]) -> list[str]:
    """The title lines without an enacting authority the flattening glued to the last one.

    ``… TIẾP TỤC CÓ HIỆU LỰC CHÍNH PHỦ`` ends with the authority line, ``… CỦA CHÍNH PHỦ``
    does not (the connector before it says it belongs to the title), nor does
    ``… CÁC SỞ, NGÀNH, ỦY BAN NHÂN DÂN CÁC HUYỆN …`` (the comma).
    """
    if not parts or not is_upper(parts[-1]):
        return parts
    words = parts[-1].split()
    for n in range(len(words) - 1, 0, -1):
        tail, before = " ".join(words[n:]), " ".join(words[:n])
        if AUTHORITY.match(tail) and not _left_open(before):
            return [*parts[:-1], before]
    return parts


def detect_title(header: Header) -> str | None:
    """The trích yếu, or a news headline (the line above its "Ngày cập nhật" stamp).

    The title is every line after the type word up to the first body line, a separator
    rule, the enacting authority (``CHÍNH PHỦ``) or the motto, whichever comes first. A
    line that merely looks like an authority (``ỦY BAN NHÂN DÂN CÁC HUYỆN …``) goes on
    with the title when the line before it left the title open (:func:`_left_open`).
    """
    head = header.head
    found = find_type_line(head)
    if found is not None:
        index, doc_type, rest = found
        parts = [rest] if rest else []
        for line in head[index + 1 :]:
            if SEPARATOR.match(line) or MOTTO.match(line):
                if parts:
                    break
                continue
            continues = bool(parts) and _left_open(parts[-1])
            if parts and is_upper(line) and AUTHORITY.match(line) and not continues:
                break
            if len(parts) >= MAX_LINES or len(line) > MAX_LINE or line.endswith(":"):
                break  # a lead-in ("… như sau:") or a paragraph: the body
            parts.append(line)
        return _clean(_drop_authority(parts), doc_type)
    for line in head:
        subject = _SUBJECT.match(line)
        if subject:
            return _clean([subject.group(1)])
    for i, line in enumerate(header.lines[:40]):
        if _NEWS_STAMP.match(line) and i > 0:
            return _clean([header.lines[i - 1]])
    return None
