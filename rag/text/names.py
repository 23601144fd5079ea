"""Whether a line reads as a Vietnamese person's name (signers, authors)."""

from __future__ import annotations

import re

from .normalize import normalize_line

#: family names that open most Vietnamese personal names (a check, not a requirement)
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Lâm Mai Tô Tạ Hà Cao Lương Đinh Chu Thái Quách Lưu Tống Châu Văn Kiều Hứa "
    "Triệu Đàm Lục Mạc Nông Lò Khổng Doãn Phùng Thân Nghiêm Âu Giang Cù Tăng La Kim Kha Hầu "
    "Quan Vi Ninh Từ Đồng Bạch Thạch Diệp Khúc Ông Mẫn Tôn Chế Lại Phí Bế Sầm Hoàng Y Điểu "
    "Danh Sơn Thạch Ksor Nay Rơ H'".split()
)
#: first words of lines that name a place, a body or a role, never a person
_NOT_FIRST = frozenset(
    "huyện tỉnh xã phường thị thành quận ủy uỷ ubnd bộ sở ban phòng cục vụ văn trung công "
    "hội nơi kính đảng chính quốc nhà ngân kiểm tòa viện chủ bí giám thủ phó trưởng "
    "tổng thường phụ kiêm ủy viên tm kt tl tuq q đã ký các những trên dưới ghi mẫu điều "
    "chương mục cộng độc".split()
)
_TITLE_WORD = re.compile(r"^[A-ZÀ-ỸĐ](?:[a-zà-ỹđ]+|')?$")
_UPPER_WORD = re.compile(r"^[A-ZÀ-ỸĐ](?:[A-ZÀ-ỸĐ]+|')?$")


def looks_like_person(line: str) -> bool:
    """True when ``line`` has the shape of a person's name: 2–5 capitalised words.

    ``K' Linh``, ``Nguyễn Mạnh Hùng`` and ``PHẠM THỊ THANH TRÀ`` pass; lines opening with
    a place level or a body (``Huyện Quỳnh Lưu``, ``Bộ Tài chính``), roles, digits or
    punctuation do not.
    """
    words = normalize_line(line).split()
    if not 2 <= len(words) <= 5:
        return False
    # one case throughout: "Lưu VT" (a filing note) mixes them, a name does not
    if not (all(_TITLE_WORD.match(w) for w in words) or all(_UPPER_WORD.match(w) for w in words)):
        return False
    return words[0].lower().rstrip("'") not in _NOT_FIRST


def has_known_surname(name: str) -> bool:
    """True when the name opens with a common Vietnamese family name."""
    words = normalize_line(name).split()
    return bool(words) and words[0].capitalize() in SURNAMES
