"""PDF via pypdf: one block per reconstructed paragraph, each with its page number."""

from __future__ import annotations

import logging
import re
from io import BytesIO

from ...errors import CorruptFile
from ...text.split import ends_sentence
from ..types import Block
from .ocr import clean_ocr_line, needs_ocr, ocr_page, open_pdf, tesseract_status
from .text import table_row

log = logging.getLogger(__name__)

_STARTS_BLOCK = re.compile(
    r"^(?:[-+•●▪–]\s|[IVXLC]+[.\-/]\s|\d+(?:\.\d+)*[.\-/)]\s|[a-zđ][)]\s|Điều\s+\d+|"
    r"Chương\s+[IVXLC\d]+|Mục\s+\d+|Nơi nhận)"
)


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
                or (ends_sentence(prev) and len(prev) < 0.85 * full)
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
    """Loader for ``.pdf``: the text layer, and OCR for pages that have none.

    OCR'd blocks carry ``ocr: True`` and Tesseract's mean confidence. A page that fails
    OCR is reported in the notes; the rest of the file still loads.
    """
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
    scanned: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many types on damaged pages
            notes.append(f"page {number}: text extraction failed ({exc})")
            text = ""
        if needs_ocr(text):
            scanned.append(number)
            blocks.append(Block("", "paragraph", None, number, {"ocr_pending": True}))
            continue
        blocks.extend(lines_to_blocks(text.split("\n"), number))
    if len(scanned) < len(pages):
        blocks = _with_tables(data, blocks, notes)
    if scanned:
        blocks, more = _ocr_pages(data, blocks, scanned, name)
        notes += more
    return [b for b in blocks if b.text], notes


def _with_tables(data: bytes, blocks: list[Block], notes: list[str]) -> list[Block]:
    """Add ruled tables as one block per row with its header (pdfplumber).

    The lines pypdf already gave for a table's rows are replaced by the row blocks, so
    "trên 500 lớp" is searchable together with "Lớp tập huấn … | Kết quả".
    """
    try:
        import pdfplumber
    except ImportError:
        return blocks
    by_page: dict[int, list[Block]] = {}
    raw_rows: dict[int, set[str]] = {}
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if not (page.lines or page.rects):
                    continue  # no ruling: no table to find, skip the costly analysis
                for table in page.extract_tables():
                    rows = [[" ".join((c or "").split()) for c in row] for row in table]
                    rows = [r for r in rows if any(r)]
                    if len(rows) >= 2:
                        raw_rows.setdefault(number, set()).update(
                            " ".join(" ".join(r).split()) for r in rows
                        )
                        by_page.setdefault(number, []).append(table_row(rows[0], None, number))
                        by_page[number] += [table_row(r, rows[0], number) for r in rows[1:]]
    except Exception as exc:  # tables are a bonus: never lose the text for them
        notes.append(f"table detection failed ({exc})")
        return blocks
    if not by_page:
        return blocks
    out: list[Block] = []
    for number in sorted({b.page or 0 for b in blocks}):
        page_blocks = [b for b in blocks if (b.page or 0) == number]
        seen = raw_rows.get(number, set())
        kept = [b for b in page_blocks if " ".join(b.text.split()) not in seen]
        out += kept + by_page.get(number, [])
    return out


def _ocr_pages(
    data: bytes, blocks: list[Block], pages: list[int], name: str
) -> tuple[list[Block], list[str]]:
    """Replace the placeholders of scanned pages with OCR'd blocks."""
    reason = tesseract_status()
    if reason is not None:
        listed = ", ".join(map(str, pages))
        log.warning("%s needs OCR for pages %s: %s", name, listed, reason)
        return blocks, [f"pages {listed} have no text layer and need OCR: {reason}"]
    notes: list[str] = []
    pdf = open_pdf(data)
    out: list[Block] = []
    try:
        for block in blocks:
            if not block.extra.get("ocr_pending"):
                out.append(block)
                continue
            number = block.page or 0
            try:
                lines = ocr_page(pdf, number - 1)
            except Exception as exc:  # one bad page never stops the file
                notes.append(f"page {number}: OCR failed ({exc})")
                continue
            if not lines:
                notes.append(f"page {number}: OCR found no text")
                continue
            conf = round(sum(x.confidence for x in lines) / len(lines), 1)
            for b in lines_to_blocks([clean_ocr_line(x.text) for x in lines], number):
                out.append(
                    Block(b.text, b.kind, b.level, number, {"ocr": True, "ocr_confidence": conf})
                )
            notes.append(f"page {number}: OCR (mean confidence {conf})")
    finally:
        pdf.close()
    return out, notes
