"""HTML pages: the main content only (menus, search boxes and counters removed)."""

from __future__ import annotations

import logging

from ..types import Block
from .text import decode, parse_markdown

log = logging.getLogger(__name__)


def load_html(data: bytes, name: str) -> tuple[list[Block], list[str]]:
    """Extract the article with trafilatura, keeping headings, lists and tables."""
    import trafilatura

    html = decode(data, name)
    extracted = trafilatura.extract(
        html,
        output_format="markdown",
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        include_links=False,
        favor_recall=True,
    )
    notes: list[str] = []
    if not extracted:
        notes.append("no main content found by the boilerplate remover; used all page text")
        extracted = trafilatura.html2txt(html) or ""
    return parse_markdown(extracted), notes
