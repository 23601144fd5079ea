"""Document types as questions and numbers name them ("nđ", "decree", "20-NQ/TW")."""

from __future__ import annotations

import re

from ..text.normalize import fold

#: type words and abbreviations of a question, as the metadata names the type
TYPE_NAMES = {
    "nd": "nghị định",
    "nghi dinh": "nghị định",
    "decree": "nghị định",
    "tt": "thông tư",
    "thong tu": "thông tư",
    "thong tu lien tich": "thông tư liên tịch",
    "circular": "thông tư",
    "qd": "quyết định",
    "quyet dinh": "quyết định",
    "decision": "quyết định",
    "nq": "nghị quyết",
    "nghi quyet": "nghị quyết",
    "resolution": "nghị quyết",
    "luat": "luật",
    "bo luat": "bộ luật",
    "law": "luật",
    "ct": "chỉ thị",
    "chi thi": "chỉ thị",
    "directive": "chỉ thị",
    "kh": "kế hoạch",
    "ke hoach": "kế hoạch",
    "plan": "kế hoạch",
    "bc": "báo cáo",
    "bao cao": "báo cáo",
    "report": "báo cáo",
    "ctr": "chương trình",
    "chuong trinh": "chương trình",
    "chuong trinh hanh dong": "chương trình hành động",
    "programme": "chương trình",
    "program": "chương trình",
    "cv": "công văn",
    "cong van": "công văn",
    "phap lenh": "pháp lệnh",
}


def canonical_type(word: str | None) -> str | None:
    """The metadata's name for a type word or abbreviation of a question ("nđ", "decree"…)."""
    return TYPE_NAMES.get(fold(word).lower()) if word else None


def code_type(number: str) -> str | None:
    """The type a document number spells ("20-NQ/TW" a resolution, "111/2025/QH15" a law)."""
    if re.fullmatch(r"\d+/\d{4}/QH\d+", number):
        return "luật"
    if re.match(r"(?:QCVN|QCĐP)\b", number):
        return "quy chuẩn"
    if re.match(r"TCVN\b", number):
        return "tiêu chuẩn"
    letters = re.search(r"[^\W\d_][^\W_-]*", re.sub(r"^\d+(?:/\d{4})?[/-]", "", number))
    return canonical_type(letters.group(0)) if letters else None


def compatible(have: str | None, wanted: str | None) -> bool:
    """True unless both types are known and neither names the other ("chương trình" is
    of "chương trình hành động")."""
    if have is None or wanted is None:
        return True
    a, b = fold(have).lower(), fold(wanted).lower()
    return a.startswith(b) or b.startswith(a)
