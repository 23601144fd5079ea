"""Loaders: file bytes → :class:`~rag.types.RawDocument`, picked by content, then suffix."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from ..errors import CorruptFile, EmptyDocument, LoadError, UnsupportedFileType
from ..legacy import decode_tcvn3, decode_vni, detect_legacy
from ..types import Block, RawDocument
from .docx import load_docx
from .html import load_html
from .pdf import load_pdf
from .text import load_text

Loader = Callable[[bytes, str], tuple[list[Block], list[str]]]

LOADERS: dict[str, tuple[str, Loader]] = {
    "pdf": ("application/pdf", load_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", load_docx),
    "html": ("text/html", load_html),
    "text": ("text/plain", load_text),
}
SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}


def sniff(data: bytes, name: str) -> str:
    """The loader kind for ``data``: content first, the file suffix second.

    Raises:
        UnsupportedFileType: neither content nor suffix is a supported type.
    """
    head = data[:2048].lstrip()
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise CorruptFile(name, "damaged ZIP container (not a readable .docx)") from exc
        if "word/document.xml" in names:
            return "docx"
        raise UnsupportedFileType(name, "ZIP archive that is not a Word .docx file")
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        kind = SUFFIXES[suffix]
        if kind in ("pdf", "docx"):
            raise CorruptFile(name, f"the file is not a valid {suffix} (wrong content)")
        return kind
    shown = suffix or "no extension"
    raise UnsupportedFileType(
        name,
        f"unsupported file type {shown!r}; supported: {', '.join(sorted(SUFFIXES))}",
    )


def load_bytes(data: bytes, name: str) -> RawDocument:
    """Load a document from bytes; ``name`` is the file name shown to users.

    Raises:
        LoadError: any reason the file cannot become a document (subclass says which).
    """
    if not data.strip():
        raise EmptyDocument(name, "the file is empty")
    kind = sniff(data, name)
    media_type, loader = LOADERS[kind]
    try:
        blocks, notes = loader(data, name)
    except LoadError:
        raise
    except ImportError as exc:
        raise LoadError(name, f"a library needed for {kind} files is missing: {exc}") from exc
    except Exception as exc:  # a parser bug or an unforeseen damage: never crash a batch
        raise CorruptFile(name, f"cannot read the {kind} file: {exc}") from exc
    blocks, legacy = convert_legacy(blocks)
    if legacy:
        notes = [*notes, f"converted from the legacy {legacy.upper()} encoding"]
    if not any(b.text.strip() for b in blocks):
        hint = "; it may be a scanned PDF that needs OCR" if kind == "pdf" else ""
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


def load_path(path: str | Path) -> RawDocument:
    """Load a document from a file path."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path.name, f"cannot read the file: {exc.strerror or exc}") from exc
    return load_bytes(data, path.name)


__all__ = ["LOADERS", "SUFFIXES", "load_bytes", "load_path", "sniff"]
