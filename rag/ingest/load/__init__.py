"""Loaders: file bytes → :class:`~rag.types.RawDocument`, picked by content, then suffix."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path

from ...errors import CorruptFile, EmptyDocument, LoadError, UnsupportedFileType
from ..types import Block, RawDocument
from .docx import load_docx
from .html import load_html
from .legacy import decode_tcvn3, decode_vni, detect_legacy
from .limits import DEFAULT_LIMITS, LoadLimits, check_text, check_zip
from .office import load_office
from .pdf import load_pdf
from .text import load_text

Loader = Callable[[bytes, str], tuple[list[Block], list[str]]]

LOADERS: dict[str, tuple[str, Loader]] = {
    "pdf": ("application/pdf", load_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", load_docx),
    "html": ("text/html", load_html),
    "text": ("text/plain", load_text),
    "doc": ("application/msword", load_office("doc")),  # type: ignore[dict-item]
    "rtf": ("application/rtf", load_office("rtf")),  # type: ignore[dict-item]
    "odt": ("application/vnd.oasis.opendocument.text", load_office("odt")),  # type: ignore[dict-item]
}
#: ZIP containers, checked for their unpacked size before a loader opens them
ZIPPED = ("docx", "odt")
SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odt",
}


def sniff(data: bytes, name: str) -> str:
    """The loader kind for ``data``: content first, the file suffix second.

    Raises:
        UnsupportedFileType: neither content nor suffix is a supported type.
    """
    head = data[:2048].lstrip()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: Word 97-2003
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(BytesIO(data))
            names = archive.namelist()
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 256
            mimetype = archive.read("mimetype") if small else b""
        except (zipfile.BadZipFile, ValueError) as exc:
            raise CorruptFile(name, "damaged ZIP container (not a readable .docx)") from exc
        if "word/document.xml" in names:
            return "docx"
        if mimetype.strip() == b"application/vnd.oasis.opendocument.text":
            return "odt"
        raise UnsupportedFileType(name, "ZIP archive that is not a Word .docx or .odt file")
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        kind = SUFFIXES[suffix]
        if kind in ("pdf", "docx", "doc", "odt"):
            raise CorruptFile(name, f"the file is not a valid {suffix} (wrong content)")
        return kind
    if not suffix and _reads_as_text(data):  # "baocao" saved without an extension
        return "text"
    shown = suffix or "no extension"
    raise UnsupportedFileType(
        name,
        f"unsupported file type {shown!r}; supported: {', '.join(sorted(SUFFIXES))}",
    )


def _reads_as_text(data: bytes) -> bool:
    """True when the bytes look like text: a UTF BOM, or UTF-8 without NUL bytes."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    head = data[:8192]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the sample is fine
        return exc.start >= len(head) - 3
    return True


def load_bytes(data: bytes, name: str, limits: LoadLimits = DEFAULT_LIMITS) -> RawDocument:
    """Load a document from bytes; ``name`` is the file name shown to users.

    Args:
        data: the file's bytes.
        name: its name.
        limits: bounds on the work it may cause, checked before that work.

    Raises:
        LoadError: any reason the file cannot become a document (subclass says which;
            :class:`~rag.errors.TooMuchWork` when a limit is passed).
    """
    if not data.strip():
        raise EmptyDocument(name, "the file is empty")
    kind = sniff(data, name)
    media_type, loader = LOADERS[kind]
    if kind in ZIPPED:
        check_zip(data, name, limits)
    try:
        blocks, notes = load_pdf(data, name, limits) if kind == "pdf" else loader(data, name)
    except LoadError:
        raise
    except ImportError as exc:
        raise LoadError(name, f"a library needed for {kind} files is missing: {exc}") from exc
    except Exception as exc:  # a parser bug or an unforeseen damage: never crash a batch
        raise CorruptFile(name, f"cannot read the {kind} file: {exc}") from exc
    check_text(sum(len(b.text) for b in blocks), name, limits)
    blocks, legacy = convert_legacy(blocks)
    if legacy:
        notes = [*notes, f"converted from the legacy {legacy.upper()} encoding"]
    if not any(b.text.strip() for b in blocks):
        ocr_notes = [n for n in notes if "OCR" in n]
        hint = f"; {'; '.join(ocr_notes)}" if ocr_notes else ""
        raise EmptyDocument(name, f"no text could be extracted{hint}")
    return RawDocument(
        source=name,
        blocks=tuple(blocks),
        media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        notes=tuple(notes),
    )


def fix_as(text: str, kind: str) -> str:
    """Decode text known to be in a legacy encoding."""
    return decode_tcvn3(text) if kind == "tcvn3" else decode_vni(text)


def convert_legacy(blocks: list[Block]) -> tuple[list[Block], str | None]:
    """Convert TCVN3/VNI text (from .txt bytes or from legacy PDF/DOCX fonts) to Unicode."""
    kind = detect_legacy("\n".join(b.text for b in blocks))
    if kind is None:
        return blocks, None
    return [replace(b, text=fix_as(b.text, kind)) for b in blocks], kind


def load_path(path: str | Path, limits: LoadLimits = DEFAULT_LIMITS) -> RawDocument:
    """Load a document from a file path (within ``limits``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path.name, f"cannot read the file: {exc.strerror or exc}") from exc
    return load_bytes(data, path.name, limits)


__all__ = ["LOADERS", "SUFFIXES", "LoadLimits", "load_bytes", "load_path", "sniff"]
