"""PDF via pypdf: one block per reconstructed paragraph, each with its page number."""

from __future__ import annotations

import logging
import re
import time
from io import BytesIO
from typing import Any

from ...errors import CorruptFile
from ...text.split import ends_sentence
from ..types import Block
from .limits import DEFAULT_LIMITS, LoadLimits, check_pages
from .ocr import classify_page, clean_ocr_line, needs_ocr, ocr_page, open_pdf, tesseract_status
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


def load_pdf(
    data: bytes, name: str, limits: LoadLimits = DEFAULT_LIMITS
) -> tuple[list[Block], list[str]]:
    """Loader for ``.pdf``: the text layer, and OCR for the pages that need it.

    The page count is checked first (``limits.max_pages``). A page whose text layer is
    short is kept as it is when it is real text and the page holds no image, skipped when
    it is blank (nothing drawn, or no ink at a coarse rendering), and OCR'd otherwise,
    within ``limits.ocr_page_timeout`` per page and ``limits.ocr_budget`` per document.
    OCR'd blocks carry ``ocr: True`` and Tesseract's mean confidence. A page that fails
    OCR is reported in the notes; the rest of the file still loads.

    Raises:
        CorruptFile: the PDF cannot be read or is password-protected.
        TooMuchWork: it has more pages than ``limits.max_pages``.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorruptFile(name, "the PDF is password-protected")
        check_pages(len(reader.pages), name, limits)
        pages = list(reader.pages)
    except PdfReadError as exc:
        raise CorruptFile(name, f"damaged PDF ({exc})") from exc
    blocks: list[Block] = []
    notes: list[str] = []
    candidates: dict[int, str] = {}
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:  # pypdf raises many types on damaged pages
            notes.append(f"page {number}: text extraction failed ({exc})")
            text = ""
        if needs_ocr(text):
            candidates[number] = text
            blocks.append(Block("", "paragraph", None, number, {"ocr_pending": True}))
            continue
        blocks.extend(lines_to_blocks(text.split("\n"), number))
    scanned = _classify(data, blocks, candidates, notes)
    if len(scanned) < len(pages):
        blocks = _with_tables(data, blocks, notes)
    if scanned:
        blocks, more = _ocr_pages(data, blocks, scanned, name, limits)
        notes += more
    return [b for b in blocks if b.text], notes


def _classify(
    data: bytes, blocks: list[Block], candidates: dict[int, str], notes: list[str]
) -> list[int]:
    """Settle the pages whose text layer is short: keep real text, drop blanks.

    ``blocks`` is updated in place; returns the pages left for OCR.
    """
    if not candidates:
        return []
    kinds: dict[int, str] = {}
    try:
        pdf = open_pdf(data)
    except Exception as exc:  # pdfium cannot open it: every candidate goes to OCR as before
        log.warning("cannot inspect pages for OCR: %s", exc)
        return sorted(candidates)
    try:
        for number in candidates:
            try:
                kinds[number] = classify_page(pdf[number - 1], candidates[number])
            except Exception:  # an odd page: let OCR have a go
                kinds[number] = "scan"
    finally:
        pdf.close()
    settled: list[Block] = []
    for block in blocks:
        kind = kinds.get(block.page or 0) if block.extra.get("ocr_pending") else None
        if kind == "text":
            settled += lines_to_blocks(candidates[block.page or 0].split("\n"), block.page or 0)
        elif kind != "blank":
            settled.append(block)
    blocks[:] = settled
    blank = [n for n, k in kinds.items() if k == "blank"]
    if blank:
        notes.append(f"{_pages(blank)} blank, skipped without OCR")
    return sorted(n for n, k in kinds.items() if k == "scan")


def _pages(numbers: list[int]) -> str:
    """``page 3`` / ``pages 1, 2, 5`` / ``412 pages (1–412)``, short even for thousands."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    if len(numbers) <= 10:
        return "pages " + ", ".join(map(str, numbers))
    return f"{len(numbers)} pages ({min(numbers)}–{max(numbers)})"


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
    data: bytes, blocks: list[Block], pages: list[int], name: str, limits: LoadLimits
) -> tuple[list[Block], list[str]]:
    """Replace the placeholders of scanned pages with OCR'd blocks, within the budget."""
    reason = tesseract_status()
    if reason is not None:
        listed = ", ".join(map(str, pages))
        log.warning("%s needs OCR for pages %s: %s", name, listed, reason)
        return blocks, [f"pages {listed} have no text layer and need OCR: {reason}"]
    notes: list[str] = []
    pdf = open_pdf(data)
    out: list[Block] = []
    deadline = time.monotonic() + limits.ocr_budget
    skipped: list[int] = []
    try:
        for block in blocks:
            if not block.extra.get("ocr_pending"):
                out.append(block)
                continue
            number = block.page or 0
            left = deadline - time.monotonic()
            if left <= 0:
                skipped.append(number)
                continue
            out.extend(_ocr_one(pdf, number, min(limits.ocr_page_timeout, left), notes))
    finally:
        pdf.close()
    if skipped:
        log.warning("%s: OCR budget spent, %d pages not read", name, len(skipped))
        notes.append(
            f"{_pages(skipped)} not OCR'd: the OCR budget of {limits.ocr_budget:g} s "
            "(RAG_OCR_BUDGET) was spent"
        )
    return out, notes


def _ocr_one(pdf: Any, number: int, timeout: float, notes: list[str]) -> list[Block]:
    """The OCR'd blocks of one page (a failure or a timeout is noted, never raised)."""
    try:
        lines = ocr_page(pdf, number - 1, timeout=timeout)
    except Exception as exc:  # one bad page never stops the file
        notes.append(f"page {number}: OCR failed ({exc})")
        return []
    if not lines:
        notes.append(f"page {number}: OCR found no text")
        return []
    conf = round(sum(x.confidence for x in lines) / len(lines), 1)
    notes.append(f"page {number}: OCR (mean confidence {conf})")
    return [
        Block(b.text, b.kind, b.level, number, {"ocr": True, "ocr_confidence": conf})
        for b in lines_to_blocks([clean_ocr_line(x.text) for x in lines], number)
    ]
