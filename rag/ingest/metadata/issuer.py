"""The issuing body: central bodies by name, local ones resolved in the gazetteer.

A central body (Quốc hội, Chính phủ, a Bộ, Ngân hàng Nhà nước Việt Nam …) has no
locality; its ``issuer_level`` is ``trung ương``. A local one (``ỦY BAN NHÂN DÂN THỊ XÃ
BỈM SƠN``, ``TỈNH ỦY THÁI NGUYÊN``) is resolved to its unit, whose level gives ``tỉnh``,
``huyện`` or ``xã``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...text.bodies import central_bodies
from ...text.gazetteer import DISTRICT_LEVELS, WARD_LEVELS, Gazetteer, Unit, key
from .header import MOTTO, SEPARATOR, is_upper

CENTRAL = "trung ương"
#: the level of a local body's unit, as ``issuer_level`` gives it
ISSUER_LEVELS = {"tỉnh": "tỉnh", **dict.fromkeys(DISTRICT_LEVELS, "huyện")}
ISSUER_LEVELS.update(dict.fromkeys(WARD_LEVELS, "xã"))

_UPPER = r"A-ZÀ-ỸĐ"
_ISSUER_UB = re.compile(
    r"(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s+"
    r"(TỈNH|HUYỆN|THỊ XÃ|THÀNH PHỐ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)\s+([" + _UPPER + r"' ]+)"
)
_ISSUER_PARTY = re.compile(r"(TỈNH|HUYỆN|THỊ|THÀNH|QUẬN)\s+[ỦU]Y\s+([" + _UPPER + r"' ]+)")
_ISSUER_BODY = re.compile(
    r"\b((?i:huyện ủy|thị ủy|tỉnh ủy|thành ủy|UBND (?:huyện|thị xã|tỉnh|thành phố)))\s+"
    rf"([{_UPPER}][\wÀ-ỹđ']*(?:\s[{_UPPER}][\wÀ-ỹđ']*){{0,3}})\s+(?:báo cáo|ban hành|xây dựng)"
)
#: "Chính phủ ban hành Nghị định …", "Bộ trưởng Bộ Công an ban hành Thông tư …"
_ENACTING = re.compile(r"^(.{3,120}?)\s+ban hành\b", re.M)
#: heads of central bodies who sign for them ("Bộ trưởng Bộ Tài chính")
_HEADS = ("bo truong", "thong doc", "tong", "chanh an", "vien truong", "chu nhiem")
_PARTY_LEVEL = {
    "TỈNH": "Tỉnh ủy",
    "HUYỆN": "Huyện ủy",
    "THỊ": "Thị ủy",
    "THÀNH": "Thành ủy",
    "QUẬN": "Quận ủy",
}
_UNIT_LEVEL = {
    "TỈNH": "tỉnh",
    "HUYỆN": "huyện",
    "THỊ": "thị xã",
    "THÀNH": "thành phố",
    "QUẬN": "quận",
}


@dataclass(frozen=True)
class Located:
    """A document's resolved locality."""

    unit: Unit
    level: str


@dataclass(frozen=True)
class Issuer:
    """Who issued a document, and where when it is a local body."""

    name: str | None
    level: str | None
    located: Located | None = None


def _title_case(upper: str) -> str:
    return " ".join(w.capitalize() for w in upper.split())


def issuer_block(head: tuple[str, ...], stop: int) -> str:
    """The upper-case lines naming the issuer, joined (``BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH``)."""
    groups: list[list[str]] = [[]]
    for line in head[:stop]:
        if MOTTO.match(line) or SEPARATOR.match(line) or not is_upper(line):
            groups.append([])
            continue
        groups[-1].append(line)
    return next((" ".join(g) for g in groups if g), "")


def detect_central(block: str) -> Issuer | None:
    """A central issuer named by the header's issuer lines (joint issuers joined by " - ")."""
    bodies = central_bodies(block)
    if bodies and key(block).startswith(key(bodies[0])):
        return Issuer(" - ".join(bodies), CENTRAL)
    if re.match(r"^BỘ\s+[^\s,]", block) and " ỦY " not in f" {block} ":
        return Issuer("Bộ " + block[3:].strip().lower(), CENTRAL)
    return None


def detect_enacting(text: str) -> Issuer | None:
    """A central issuer from the enacting sentence of a text printed without its header.

    ``Bộ trưởng Bộ Công an ban hành Thông tư …`` → ``Bộ Công an``; the sentence must open
    with the body or its head, so "Thực hiện … của Chính phủ ban hành …" does not count.
    """
    for match in _ENACTING.finditer(text[:8000]):
        subject = key(match.group(1))
        subject = re.sub(rf"^(?:{'|'.join(_HEADS)})\s+", "", subject)
        bodies = central_bodies(match.group(1))
        if bodies and subject.startswith(key(bodies[-1])):
            return Issuer(bodies[-1], CENTRAL)
    return None


def _resolve(gaz: Gazetteer, level: str, name: str, text: str) -> Located | None:
    if level == "tỉnh" or (level == "thành phố" and gaz.find_province(name)):
        unit = gaz.find_province(name)
        return Located(unit, "tỉnh") if unit else None
    unit = gaz.resolve_district(name, text)
    if unit is not None:
        return Located(unit, unit.level)
    return None


def _resolve_ward(gaz: Gazetteer, level: str, name: str, text: str) -> Located | None:
    """The district of the commune called ``name``, told apart by the district and
    province the text names; ``None`` when nothing separates same-name communes."""
    cands = [u for u in gaz.ward_candidates(name) if u.level == level]
    if len(cands) > 1:
        folded = key(text)

        def evidence(unit: Unit) -> int:
            names = (unit.district or "", unit.province)
            return sum(folded.count(key(n)) for n in names if n)

        cands.sort(key=evidence, reverse=True)
        if evidence(cands[0]) == evidence(cands[1]):
            return None
    if not cands:
        return None
    ward = cands[0]
    for unit in gaz.district_candidates(ward.district or ""):
        if unit.province == ward.province:
            return Located(unit, unit.level)
    return None


def detect_local(header_text: str, text: str, gaz: Gazetteer) -> Issuer | None:
    """A local issuer (people's committee, party committee) resolved in the gazetteer."""
    ub = _ISSUER_UB.search(header_text)
    party = _ISSUER_PARTY.search(header_text)
    body = _ISSUER_BODY.search(text[:3000])
    if ub:
        organ = "HĐND" if ub.group(1) in ("HỘI ĐỒNG NHÂN DÂN", "HĐND") else "UBND"
        level = ub.group(2).lower()
        name = _title_case(ub.group(3).split("\n")[0])
        if level in WARD_LEVELS:
            # the locality stays the commune's district; the issuer names the commune
            located = _resolve_ward(gaz, level, name, text)
            if located:
                return Issuer(f"{organ} {level} {name}", ISSUER_LEVELS[level], located)
            return None
        located = _resolve(gaz, level, name, text)
        if located:
            return Issuer(f"{organ} {level} {located.unit.name}", _level(located), located)
    elif party:
        name = _title_case(party.group(2).split("\n")[0].strip())
        located = _resolve(gaz, _UNIT_LEVEL[party.group(1)], name, text)
        if located:
            issuer = f"{_PARTY_LEVEL[party.group(1)]} {located.unit.name}"
            return Issuer(issuer, _level(located), located)
    elif body:
        organ = body.group(1)
        level = organ.split()[0].lower()
        unit_level = {"huyện": "huyện", "thị": "thị xã", "tỉnh": "tỉnh", "thành": "thành phố"}
        if level == "ubnd":
            level = " ".join(organ.split()[1:]).lower()
        located = _resolve(gaz, unit_level.get(level, level), body.group(2), text)
        if located:
            issuer = organ[0].upper() + organ[1:].lower().replace("ubnd", "UBND")
            return Issuer(f"{issuer} {located.unit.name}", _level(located), located)
    return None


def _level(located: Located) -> str | None:
    return ISSUER_LEVELS.get(located.level)


def locate_fallback(
    gaz: Gazetteer, place: str | None, header_text: str, text: str
) -> tuple[Located | None, str | None]:
    """A local document's locality from its place line, else its most named district.

    Returns the locality and, for a ``-UBND`` number, the people's committee it implies.
    """
    if place:
        located = _resolve(gaz, "", place, text)
        if located:
            issuer = None
            if re.search(r"^\s*Số\b[^\n]*-UBND\b", header_text, re.M):
                issuer = f"UBND {located.level} {located.unit.name}"
            return located, issuer
    counts = gaz.most_named_district(text)
    if counts:
        return _resolve(gaz, "", counts.most_common(1)[0][0], text), None
    return None, None
