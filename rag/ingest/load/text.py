"""Plain text and Markdown: encoding detection and block parsing."""

from __future__ import annotations

import codecs
import re

from ...errors import DecodeError
from ..types import Block
from .legacy import detect_legacy

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•●▪–]|\*(?!\*))\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-interleaved).

    Raises:
        DecodeError: the bytes are binary or in another encoding.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(name, f"invalid UTF-16 text ({exc.reason})") from exc
    else:
        sample = data[:4096]
        even, odd = sample[0::2], sample[1::2]
        if sample and odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
            return _decode_utf16(data, "utf-16-le", name)
        if sample and even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
            return _decode_utf16(data, "utf-16-be", name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # TCVN3 / VNI files are 8-bit: read the bytes as Latin-1 and convert if they are
        legacy = data.decode("latin-1")
        if "\x00" not in legacy and detect_legacy(legacy):
            return legacy
        raise DecodeError(
            name,
            f"not UTF-8, UTF-16, TCVN3 or VNI text (invalid byte at offset {exc.start}); "
            "re-save the file as UTF-8",
        ) from exc
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if "\x00" in text or controls > 0.01 * max(1, len(text[:4096])):
        raise DecodeError(name, "binary content, not text")
    return text


def _decode_utf16(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(name, f"invalid {codec} text ({exc.reason})") from exc


_ESCAPE = re.compile(r"\\([-*_#+.!\[\]()|])")


def table_row(cells: list[str], header: list[str] | None, page: int | None = None) -> Block:
    """A table row as a block; data rows carry their header ("Header: value; …")."""
    if header is None:
        return Block(" | ".join(cells), "table", None, page, {"table_header": True})
    if len(cells) == len(header):
        text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells, strict=True))
    else:
        text = " | ".join(cells)
    return Block(text, "table", None, page, {"table_header": False})


def parse_markdown(text: str, page: int | None = None) -> list[Block]:
    """Split Markdown-ish text into blocks: headings, list items and paragraphs.

    Blank lines separate paragraphs; a list item or a heading always starts a block.
    Lines inside one paragraph keep their line breaks (header blocks rely on them).
    """
    blocks: list[Block] = []
    current: list[str] = []
    header: list[str] | None = None

    def flush() -> None:
        if current:
            joined = "\n".join(line.rstrip() for line in current).strip()
            if joined:
                blocks.append(Block(joined, "paragraph", None, page))
            current.clear()

    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _ESCAPE.sub(r"\1", raw.rstrip())
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block(heading.group(2), "heading", len(heading.group(1)), page))
            continue
        if _TABLE_RULE.match(line):
            continue
        if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(table_row(cells, header, page))
            if header is None:
                header = cells
            continue
        header = None
        if _LIST_ITEM.match(line):
            flush()
        current.append(line.strip() if _LIST_ITEM.match(line) else line)
    flush()
    return blocks


def load_text(data: bytes, name: str) -> tuple[list[Block], list[str]]:
    """Loader for ``.txt`` and ``.md``."""
    return parse_markdown(decode(data, name)), []
