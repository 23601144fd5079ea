"""OCR for scanned PDF pages: pypdfium2 renders, Tesseract (Vietnamese model) reads.

Optional at run time: without the ``tesseract`` program and its ``vie`` model, PDFs
still load (pages with a text layer) and the notes say which pages need OCR.
"""

from __future__ import annotations

import logging
import re
import shutil
import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

#: a page whose text layer has fewer letters than this is treated as scanned
MIN_LETTERS = 40
DPI = 300


@dataclass(frozen=True)
class OcrLine:
    """One line read by Tesseract."""

    text: str
    confidence: float


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing."""


def needs_ocr(text: str) -> bool:
    """True when a page's text layer is missing, too small, or mostly garbage."""
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_LETTERS:
        return True
    junk = sum(1 for c in text if c == "\ufffd" or (not c.isprintable() and c not in "\n\t"))
    return junk > 0.1 * len(text)


@lru_cache(maxsize=1)
def tesseract_status() -> str | None:
    """``None`` when OCR can run, else the reason it cannot (with the install hint)."""
    if shutil.which("tesseract") is None:
        return "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    try:
        import pytesseract

        langs = pytesseract.get_languages(config="")
    except Exception as exc:  # a broken install: report, never crash ingest
        return f"Tesseract cannot run: {exc}"
    if "vie" not in langs:
        return "Tesseract has no Vietnamese model (apt-get install tesseract-ocr-vie)"
    return None


def ocr_page(pdf: Any, index: int) -> list[OcrLine]:
    """Render page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` and read it.

    Raises:
        OcrUnavailable: Tesseract or the Vietnamese model is missing.
    """
    reason = tesseract_status()
    if reason is not None:
        raise OcrUnavailable(reason)
    import pytesseract

    image = pdf[index].render(scale=DPI / 72).to_pil()
    data = pytesseract.image_to_data(image, lang="vie", output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[tuple[str, float]]] = {}
    for i, word in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not word.strip() or conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append((word, conf))
    out = []
    for key in sorted(lines):
        words = lines[key]
        out.append(
            OcrLine(" ".join(w for w, _ in words), round(statistics.fmean(c for _, c in words), 1))
        )
    return out


def open_pdf(data: bytes) -> Any:
    """Open PDF bytes with pypdfium2 (for rendering)."""
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def clean_ocr_line(text: str) -> str:
    """Tidy common OCR artefacts (stray spaces before punctuation)."""
    return re.sub(r"\s+([,.;:!?)])", r"\1", text)
