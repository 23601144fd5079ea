"""PDF via pypdf: one block per reconstructed paragraph, each with its page number."""

from __future__ import annotations

import logging
import re
from io import BytesIO

from ..errors import CorruptFile
from ..types import Block

log = logging.getLogger(__name__)

_STARTS_BLOCK = re.compile(
    r"^(?:[-+•●▪–]\s|[IVXLC]+[.\-/]\s|\d+(?:\.\d+)*[.\-/)]\s|[a-zđ][)]\s|Điều\s+\d+|"
    r"Chương\s+[IVXLC\d]+|Mục\s+\d+|Nơi nhận)"
)
_ENDS_LINE = re.compile(r"[.!?:;…”\"]$")


def _is_heading_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(line) < 160


def lines_to_blocks(lines: list[str], page: int) -> list[Block]:
    """Rebuild paragraphs from the wrapped lines of one page.

    A new paragraph starts after a line that ends a sentence and is clearly shorter
    than the page's long lines, before a list item or numbered heading, and around
    all-caps heading lines.
    """
    lines = [ln.strip() for ln in lines]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
    full = max(len(ln) for ln in lines)
    blocks: list[Block] = []
    current: list[str] = []
    for line in lines:
        if current:
            prev = current[-1]
            breaks = (
                _STARTS_BLOCK.match(line) is not None
                or _is_heading_line(line) != _is_heading_line(prev)
                or (_ENDS_LINE.search(prev) is not None and len(prev) < 0.85 * full)
                or len(prev) < 0.5 * full
            )
            if breaks:
                blocks.append(Block(" ".join(current), "paragraph", None, page))
                current = []
        current.append(line)
    if current:
        blocks.append(Block(" ".join(current), "paragraph", None, page))
    return blocks


def load_pdf(data: bytes, name: str) -> tuple[list[Block], list[str]]:
    """Loader for ``.pdf``; pages without a text layer are reported in the notes."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorruptFile(name, "the PDF is password-protected")
        pages = list(reader.pages)
    except PdfReadError as exc:
        raise CorruptFile(name, f"damaged PDF ({exc})") from exc
    blocks: list[Block] = []
    notes: list[str] = []
    empty: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many types on damaged pages
            notes.append(f"page {number}: text extraction failed ({exc})")
            continue
        page_blocks = lines_to_blocks(text.split("\n"), number)
        if not page_blocks:
            empty.append(number)
        blocks.extend(page_blocks)
    if empty:
        notes.append(f"pages without a text layer (scanned?): {', '.join(map(str, empty))}")
    return blocks, notes
