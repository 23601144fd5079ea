"""Metadata filters as users give them (CLI options, API fields, LangChain keywords).

Dates are checked as real calendar dates; province and locality names are matched as the
documents spell them, whatever the user's case, Unicode form (NFC or NFD) or diacritics
("thanh hoa" is Thanh Hóa), and a name that matches no known place is reported instead
of silently matching nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from index.types import Filters

from ..errors import UnknownFilter
from ..text.gazetteer import get_gazetteer, key

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def check_date(value: str) -> str:
    """``value`` when it is ``YYYY``, ``YYYY-MM`` or a real ISO date.

    Raises:
        ValueError: anything else (``2017-13-45``, ``2017-02-30``).
    """
    if _YEAR.fullmatch(value) or _MONTH.fullmatch(value):
        return value
    try:
        if len(value) == 10 and date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")


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

    Names are NFC-normalised here; :func:`resolve_places` maps them to the spelling of
    the documents.

    Args:
        province: e.g. ``Thanh Hóa``.
        locality: e.g. ``Bỉm Sơn``.
        doc_type: e.g. ``báo cáo``.
        since: the earliest date, ``YYYY``, ``YYYY-MM`` or an ISO date.
        until: the latest date, ``YYYY``, ``YYYY-MM`` or an ISO date.
        doc_id: one document.
        year: documents of that year (sets ``since`` and ``until``).

    Raises:
        ValueError: ``since`` or ``until`` is not a date.
    """
    if year is not None:
        since = until = f"{year:04d}"
    return Filters(
        province=_text(province),
        locality=_text(locality),
        doc_type=_text(doc_type),
        since=check_date(since.strip()) if since and since.strip() else None,
        until=check_date(until.strip()) if until and until.strip() else None,
        doc_id=_text(doc_id),
    )


def _text(value: str | None) -> str | None:
    value = " ".join(unicodedata.normalize("NFC", value or "").split())
    return value or None


def resolve_places(filters: Filters, localities: Sequence[str]) -> Filters:
    """Map the province and locality filters to the names the documents use.

    Args:
        filters: as built by :func:`make_filters`.
        localities: the localities of the stored documents.

    Raises:
        UnknownFilter: a name is neither a stored locality nor a place of the gazetteer.
    """
    if not filters.province and not filters.locality:
        return filters
    gaz = get_gazetteer()
    province = filters.province
    if province:
        unit = gaz.find_province(province)
        if unit is None:
            raise UnknownFilter("province", province, _suggest(province, list(_provinces())))
        province = unit.name
    locality = filters.locality
    if locality:
        locality = _locality(locality, localities)
    return replace(filters, province=province, locality=locality)


def _locality(name: str, localities: Sequence[str]) -> str:
    wanted = key(name)
    for known in localities:
        if key(known) == wanted:
            return known
    gaz = get_gazetteer()
    units = gaz.district_candidates(name) or ([p] if (p := gaz.find_province(name)) else [])
    if units:
        return units[0].name
    raise UnknownFilter("locality", name, _suggest(name, localities))


def _provinces() -> set[str]:
    return {units[0].name for units in get_gazetteer().provinces.values()}


def _suggest(name: str, choices: Sequence[str], n: int = 5) -> tuple[str, ...]:
    """Known names that share a word with ``name`` (folded), the closest first."""
    import difflib

    by_key = {key(c): c for c in choices}
    close = difflib.get_close_matches(key(name), list(by_key), n=n, cutoff=0.6)
    return tuple(by_key[k] for k in close)
