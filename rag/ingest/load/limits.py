"""Bounds on the work one file may cause, checked before that work is done.

A small file can hide a lot of work: a ZIP (``.docx``/``.odt``) that unpacks to a
gigabyte, a PDF of thousands of pages, text that would make thousands of passages. Each
bound is checked from what the file declares (ZIP entry sizes, the page count) before
anything is unpacked, rendered or OCR'd.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO

from ...errors import CorruptFile, TooMuchWork

MB = 2**20
#: entries smaller than this are never called bombs, whatever their ratio (tiny XML parts
#: of a real .docx compress 100× and more)
RATIO_FLOOR = MB
#: a passage holds at most a few hundred tokens; no real passage needs this many characters
CHARS_PER_PASSAGE = 2000


@dataclass(frozen=True)
class LoadLimits:
    """How much work one file may cause (``RAG_MAX_*`` and ``RAG_OCR_*`` settings).

    Attributes:
        max_pages: PDF pages.
        max_unpacked: bytes a ZIP container may declare unpacked, all entries together.
        max_ratio: unpacked / packed size of one ZIP entry over :data:`RATIO_FLOOR`.
        max_passages: passages of one document (its text is also refused early when it
            is longer than ``max_passages × CHARS_PER_PASSAGE`` characters).
        ocr_page_timeout: seconds Tesseract may spend on one page.
        ocr_budget: seconds of OCR for the whole document.
    """

    max_pages: int = 1000
    max_unpacked: int = 100 * MB
    max_ratio: float = 100.0
    max_passages: int = 3000
    ocr_page_timeout: float = 30.0
    ocr_budget: float = 300.0

    def __post_init__(self) -> None:
        for name in ("max_pages", "max_unpacked", "max_ratio", "max_passages"):
            if getattr(self, name) < 1:
                raise ValueError(f"LoadLimits.{name} must be at least 1, not {getattr(self, name)}")
        for name in ("ocr_page_timeout", "ocr_budget"):
            if getattr(self, name) <= 0:
                raise ValueError(f"LoadLimits.{name} must be positive, not {getattr(self, name)}")

    @property
    def max_chars(self) -> int:
        """Characters of extracted text past which a document cannot fit its passages."""
        return self.max_passages * CHARS_PER_PASSAGE


DEFAULT_LIMITS = LoadLimits()


def check_zip(data: bytes, name: str, limits: LoadLimits) -> None:
    """Refuse a ZIP container that would unpack to too much, from its declared sizes.

    Python's ``zipfile`` never inflates an entry past its declared size (it stops there and
    fails the CRC check), so the declared sizes bound the real work.

    Raises:
        CorruptFile: the container cannot be read.
        TooMuchWork: the entries declare more than ``max_unpacked`` bytes, or one entry a
            ratio over ``max_ratio``.
    """
    try:
        entries = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptFile(name, f"damaged ZIP container ({exc})") from exc
    total = sum(e.file_size for e in entries)
    if total > limits.max_unpacked:
        raise TooMuchWork(
            name,
            f"it unpacks to {total / MB:.0f} MB, over the limit of "
            f"{limits.max_unpacked / MB:.0f} MB (RAG_MAX_UNPACKED_MB)",
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
            raise TooMuchWork(
                name,
                f"{entry.filename} unpacks to {ratio:.0f} times its packed size, over the "
                f"limit of {limits.max_ratio:g} (RAG_MAX_ZIP_RATIO): a ZIP bomb or padding",
            )


def check_pages(pages: int, name: str, limits: LoadLimits) -> None:
    """Refuse a PDF with more pages than ``max_pages``.

    Raises:
        TooMuchWork: too many pages.
    """
    if pages > limits.max_pages:
        raise TooMuchWork(
            name,
            f"it has {pages} pages, over the limit of {limits.max_pages} (RAG_MAX_PAGES)",
        )


def check_text(chars: int, name: str, limits: LoadLimits) -> None:
    """Refuse extracted text too long to fit ``max_passages`` passages.

    Raises:
        TooMuchWork: too much text.
    """
    if chars > limits.max_chars:
        raise TooMuchWork(
            name,
            f"its text ({chars:,} characters) would make more than {limits.max_passages} "
            "passages (RAG_MAX_PASSAGES)",
        )


def check_passages(passages: int, name: str, limits: LoadLimits) -> None:
    """Refuse a document chunked into more than ``max_passages`` passages.

    Raises:
        TooMuchWork: too many passages.
    """
    if passages > limits.max_passages:
        raise TooMuchWork(
            name,
            f"it makes {passages} passages, over the limit of {limits.max_passages} "
            "(RAG_MAX_PASSAGES)",
        )
