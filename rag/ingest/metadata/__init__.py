"""Rule-based document metadata from the header block, the signature block and the text.

Every field is ``None`` when the document does not state it; nothing is guessed.
The one inference we allow is documented in ``date_source``: a report with no date
line is dated (year only) by the latest date of the instruction it answers
("Thực hiện công văn số … ngày 16/3/2022 …" → 2022), since it cannot predate it.

The rules live beside this module: :mod:`.header` (lines, number, type, date),
:mod:`.title`, :mod:`.issuer` (central bodies and local ones) and :mod:`.signer`.
"""

from __future__ import annotations

from index.types import DocMeta

from ...text.codes import find_codes, number_key
from ...text.gazetteer import get_gazetteer
from .header import (
    CODE_TYPES,
    DOC_TYPES,
    detect_date,
    detect_doc_type,
    detect_number,
    find_type_line,
    header_lines,
    place_of_date_line,
)
from .issuer import (
    CENTRAL,
    ISSUER_LEVELS,
    Issuer,
    Located,
    detect_central,
    detect_enacting,
    detect_local,
    issuer_block,
    locate_fallback,
)
from .signer import detect_signer
from .title import detect_title

__all__ = ["CODE_TYPES", "DOC_TYPES", "Located", "extract_metadata"]


def extract_metadata(blocks: list[str], text: str) -> tuple[DocMeta, Located | None]:
    """Metadata of one document from its normalised blocks and full text.

    Args:
        blocks: normalised block texts in reading order.
        text: the normalised full text.

    Returns:
        The metadata and the resolved reporting locality (for place resolution); the
        locality is ``None`` for a central body, whose documents concern the country.
    """
    gaz = get_gazetteer()
    header = header_lines(blocks)
    head = header.head
    header_text = "\n".join(head)
    intro = next((ln for ln in header.lines[:40] if ln.startswith("Thực hiện")), "")
    number = detect_number(head)
    doc_type = detect_doc_type(header, number, text)
    type_line = find_type_line(head)
    # the date line precedes the type word; a date after it is one the title cites
    above = "\n".join(head[: type_line[0]]) if type_line else header_text
    date, date_source = detect_date(above, intro, text)

    block = issuer_block(head, type_line[0] if type_line else len(head))
    issuer = detect_central(block) if block else None
    if issuer is None:
        issuer = detect_local(header_text, text, gaz)
    if issuer is None and not block:
        issuer = detect_enacting(text)
    located = issuer.located if issuer else None
    if issuer is None or (located is None and issuer.level != CENTRAL):
        located, implied = locate_fallback(gaz, place_of_date_line(header_text), header_text, text)
        if implied:
            issuer = Issuer(implied, ISSUER_LEVELS.get(located.level) if located else None)

    province = locality = level = None
    if located is not None:
        province = gaz.province_label(located.unit.province, date)[0]
        locality = located.unit.name if located.level != "tỉnh" else province
        level = located.level

    own = number_key(number) if number else None
    meta = DocMeta(
        doc_type=doc_type,
        number=number,
        date=date,
        date_source=date_source,
        issuer=issuer.name if issuer else None,
        issuer_level=issuer.level if issuer else None,
        locality=locality,
        locality_level=level,
        province=province,
        title=detect_title(header),
        signer=detect_signer(header, doc_type, gaz),
        references=tuple(c for c in find_codes(text) if number_key(c) != own),
    )
    return meta, located
