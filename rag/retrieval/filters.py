"""Metadata filters as users give them (CLI options, API fields, LangChain keywords)."""

from __future__ import annotations

from index.types import Filters


def make_filters(
    province: str | None = None,
    locality: str | None = None,
    doc_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    doc_id: str | None = None,
    year: int | None = None,
) -> Filters:
    """The one way filters are built from what a user typed.

    Args:
        province: e.g. ``Thanh Hóa``.
        locality: e.g. ``Bỉm Sơn``.
        doc_type: e.g. ``báo cáo``.
        since: the earliest date, ``YYYY`` or an ISO date.
        until: the latest date, ``YYYY`` or an ISO date.
        doc_id: one document.
        year: documents of that year (sets ``since`` and ``until``).
    """
    if year is not None:
        since = until = str(year)
    return Filters(
        province=province or None,
        locality=locality or None,
        doc_type=doc_type or None,
        since=since or None,
        until=until or None,
        doc_id=doc_id or None,
    )
