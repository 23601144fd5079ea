"""Document numbers (số hiệu) in running text: ``18/BC-UBND``, ``20-NQ/TW``, ``01/2021/TT-BTC``."""

from __future__ import annotations

import re

_UPPER = r"A-ZÀ-ỸĐ"
CODE_PART = rf"[{_UPPER}][A-Za-zÀ-ỹĐđ&]*(?:\d{{1,2}}(?![\w]))?"
# 18/BC-UBND, 148/SKHCN-TCKH, 01/2021/TT-BKH&CN, 1089/QĐ-UBND
_CODE_SLASH = rf"\d{{1,5}}(?:/\d{{4}})?\s?/\s?{CODE_PART}(?:-{CODE_PART})+"
# 20-NQ/TW, 29-CTr/TU, 05-CTHĐ/TU, 23- CTr/HU
_CODE_DASH = rf"\d{{1,5}}\s?-\s?{CODE_PART}/{CODE_PART}(?:-{CODE_PART})*"
# laws and the National Assembly's resolutions: 111/2025/QH15 (the legislature's term)
_CODE_LAW = rf"\d{{1,5}}/\d{{4}}/[{_UPPER}]{{2,}}\d{{1,2}}"
CODE_RE = re.compile(rf"(?<![\w/])(?:{_CODE_SLASH}|{_CODE_DASH}|{_CODE_LAW})(?![\w])")


def find_codes(text: str) -> list[str]:
    """Document numbers cited in a text, in order, without duplicates (``20-NQ/TW``)."""
    out: list[str] = []
    for match in CODE_RE.finditer(text):
        code = re.sub(r"\s+", "", match.group(0))
        if code not in out:
            out.append(code)
    return out


def code_key(code: str) -> str:
    """Index token for a document number: ``29-CTr/TU`` → ``29_ctr_tu``."""
    return re.sub(r"[/\-\s]+", "_", code.lower())
