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
from typing import Any, Literal

log = logging.getLogger(__name__)

#: a page whose text layer has fewer letters than this may be a scan (see classify_page)
MIN_LETTERS = 40
DPI = 300
#: blank-page check: render this coarsely, and call a page blank below this many dark pixels
PREVIEW_DPI = 50
DARK = 160
INK_PIXELS = 50
#: images covering less than this share of a page (a signature, a seal, a logo) do not
#: make its short real text layer a scan
SCAN_COVER = 0.5
#: pypdfium2 page object types (FPDF_PAGEOBJ_*)
_TEXT, _IMAGE, _FORM = 1, 3, 5

PageKind = Literal["text", "blank", "scan"]


@dataclass(frozen=True)
class OcrLine:
    """One line read by Tesseract."""

    text: str
    confidence: float


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese model is missing."""


def is_garbage(text: str) -> bool:
    """True when over a tenth of a text layer is replacement or control characters."""
    junk = sum(1 for c in text if c == "\ufffd" or (not c.isprintable() and c not in "\n\t"))
    return junk > 0.1 * len(text)


def needs_ocr(text: str) -> bool:
    """True when a page's text layer is missing, too small, or mostly garbage.

    Such a page is only a candidate: :func:`classify_page` looks at the page itself.
    """
    return sum(c.isalpha() for c in text) < MIN_LETTERS or is_garbage(text)


def classify_page(page: Any, text: str) -> PageKind:
    """What to do with a page whose text layer :func:`needs_ocr`: keep, skip or OCR it.

    Args:
        page: the ``pypdfium2.PdfPage``.
        text: its extracted text layer.

    Returns:
        ``text`` when the short text layer is real and no image covers most of the page
        (a last page holding the signer's role and name, perhaps beside an image of the
        signature or the seal); ``blank`` when the page draws nothing, or renders without
        ink; ``scan`` otherwise (OCR it).
    """
    objects = list(page.get_objects(max_depth=2))
    kinds = {obj.type for obj in objects}
    real_text = any(c.isalpha() for c in text) and not is_garbage(text)
    if real_text and image_cover(page, objects) < SCAN_COVER:
        return "text"
    if not kinds & {_IMAGE, _FORM} and not real_text and not kinds - {_TEXT}:
        return "blank"  # nothing drawn, or only text objects without letters
    return "blank" if is_blank(page) else "scan"


def image_cover(page: Any, objects: list[Any]) -> float:
    """The share of the page's area that its images cover (overlaps counted twice, capped).

    Forms count too when the page holds an image: scanners wrap page images in forms,
    whose objects report their bounds in the form's own space.
    """
    area = float(page.get_width() * page.get_height()) or 1.0
    counted = {_IMAGE, _FORM} if any(obj.type == _IMAGE for obj in objects) else set()
    covered = 0.0
    for obj in objects:
        if obj.type not in counted:
            continue
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, right - left) * max(0.0, top - bottom)
    return min(covered / area, 1.0)


def is_blank(page: Any) -> bool:
    """True when a coarse greyscale rendering of the page has (almost) no dark pixels."""
    import numpy as np

    image = page.render(scale=PREVIEW_DPI / 72, grayscale=True).to_numpy()
    return int(np.count_nonzero(image < DARK)) < INK_PIXELS


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


def ocr_page(pdf: Any, index: int, timeout: float = 0) -> list[OcrLine]:
    """Render page ``index`` (0-based) of an open ``pypdfium2.PdfDocument`` and read it.

    Args:
        pdf: the open document.
        index: the page, from 0.
        timeout: seconds Tesseract may take (0: no limit).

    Raises:
        OcrUnavailable: Tesseract or the Vietnamese model is missing.
        RuntimeError: Tesseract took longer than ``timeout``.
    """
    reason = tesseract_status()
    if reason is not None:
        raise OcrUnavailable(reason)
    import pytesseract

    image = pdf[index].render(scale=DPI / 72).to_pil()
    data = pytesseract.image_to_data(
        image, lang="vie", output_type=pytesseract.Output.DICT, timeout=timeout
    )
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
