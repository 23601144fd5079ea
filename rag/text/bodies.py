"""Central bodies of the state (Quốc hội, Chính phủ, the ministries …): their names as
running text writes them, and the abbreviations people type ("Bộ GD&ĐT", "NHNN")."""

from __future__ import annotations

import re
from functools import cache

from .gazetteer import key
from .normalize import fold

#: central bodies as they are written in running text; headers print them in capitals
CENTRAL_BODIES = (
    "Quốc hội",
    "Ủy ban Thường vụ Quốc hội",
    "Văn phòng Quốc hội",
    "Hội đồng Dân tộc",
    "Hội đồng Bầu cử quốc gia",
    "Chủ tịch nước",
    "Văn phòng Chủ tịch nước",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Kiểm toán Nhà nước",
    "Tòa án nhân dân tối cao",
    "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Ủy ban Dân tộc",
    "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
    "Bảo hiểm xã hội Việt Nam",
    "Tổng Liên đoàn Lao động Việt Nam",
    "Ban Chấp hành Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Ngoại giao",
    "Bộ Nội vụ",
    "Bộ Tư pháp",
    "Bộ Tài chính",
    "Bộ Công Thương",
    "Bộ Nông nghiệp và Môi trường",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Xây dựng",
    "Bộ Giao thông vận tải",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Khoa học và Công nghệ",
    "Bộ Thông tin và Truyền thông",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Y tế",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Dân tộc và Tôn giáo",
)
_CENTRAL_KEYS = sorted(((key(b), b) for b in CENTRAL_BODIES), key=lambda kb: -len(kb[0]))
#: words left out of an abbreviation
_NOT_INITIALS = {"va", "viet", "nam"}


def central_bodies(text: str) -> list[str]:
    """Central bodies named in ``text``, in order, longest names first at each place."""
    folded = key(text)
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for k, body in _CENTRAL_KEYS:
        for match in re.finditer(rf"(?<![\w]){re.escape(k)}(?![\w])", folded):
            span = (match.start(), match.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            taken.append(span)
            found.append((span[0], body))
    return [body for _, body in sorted(found)]


@cache
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(folded abbreviation, body): "bgddt" for Bộ Giáo dục và Đào tạo,
    "nhnn" for Ngân hàng Nhà nước Việt Nam, "ubtvqh" for Ủy ban Thường vụ Quốc hội."""
    out: list[tuple[str, str]] = []
    for body in CENTRAL_BODIES:
        words = re.findall(r"\w+", fold(body).lower())
        if words[0] == "bo" and len(words) > 1:
            rest = "".join(w[0] for w in words[1:] if w not in _NOT_INITIALS)
            out.append(("b" + rest, body))  # "Bộ KH&CN", "BKHCN"; a bare "KH&CN" is a field
        else:
            out.append(("".join(w[0] for w in words if w not in _NOT_INITIALS), body))
    return tuple((a, b) for a, b in out if len(a) >= 2)


def named_bodies(question: str) -> list[str]:
    """The central bodies a question names, in full or abbreviated ("Bộ GD&ĐT", "BCT")."""
    found = central_bodies(question)
    table = dict(abbreviations())
    for m in re.finditer(r"\b(?:(?i:bộ|bo)\s+)?([A-ZĐ][A-ZĐ&]{1,9})\b", question):
        typed = fold(m.group(1)).lower().replace("&", "")
        prefix = "b" if m.group(0).lower().startswith(("bộ", "bo ")) else ""
        body = table.get(prefix + typed)
        if body and body not in found:
            found.append(body)
    return found
