"""OCR quality and speed on the scanned fixture (tests/data/scanned.pdf).

    python bench/ocr.py

The fixture is page 3 of tests/data/bao_lam.pdf rendered to an image; its text layer
is the reference. Prints the character error rate (Levenshtein distance over the
reference length, whitespace collapsed) and pages per second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from rag.ingest.load.ocr import DPI, ocr_page, open_pdf, tesseract_status  # noqa: E402


def distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main() -> None:
    reason = tesseract_status()
    if reason:
        raise SystemExit(reason)
    data = ROOT / "tests" / "data"
    truth = " ".join((PdfReader(data / "bao_lam.pdf").pages[2].extract_text() or "").split())
    pdf = open_pdf((data / "scanned.pdf").read_bytes())
    runs = 3
    start = time.perf_counter()
    for _ in range(runs):
        lines = ocr_page(pdf, 0)
    seconds = (time.perf_counter() - start) / runs
    text = " ".join(" ".join(x.text for x in lines).split())
    cer = distance(text, truth) / max(len(truth), 1)
    conf = sum(x.confidence for x in lines) / len(lines)
    print(f"reference {len(truth)} chars, OCR {len(text)} chars")
    print(f"character error rate: {cer:.4f} ({cer * 100:.2f} %)")
    print(f"mean Tesseract confidence: {conf:.1f}")
    print(f"speed: {1 / seconds:.3f} pages/s ({seconds:.1f} s per page at {DPI} dpi)")


if __name__ == "__main__":
    main()
