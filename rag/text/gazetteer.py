"""Vietnam's administrative units before the July 2025 reorganisation, and place resolution.

Data: the ``vietnam-provinces`` 0.6 package (63 provinces, ~700 districts, ~10,000
communes). One historical rename is applied for documents dated before it took effect:
Thừa Thiên Huế became the centrally-run "Thành phố Huế" on 2025-01-01.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, normalize_line

#: (name in the data, name before the change, level before, effective date)
RENAMES = {"Huế": ("Thừa Thiên Huế", "tỉnh", "2025-01-01")}

DISTRICT_LEVELS = ("thị xã", "thành phố", "huyện", "quận")
WARD_LEVELS = ("thị trấn", "phường", "xã")
_PREFIXES = sorted(
    ["tỉnh", "thành phố", "thị xã", "huyện", "quận", "thị trấn", "phường", "xã"],
    key=len,
    reverse=True,
)
_NAME = r"[A-ZÀ-ỸĐ][\wÀ-ỹđ'’]*(?:[ -][A-ZÀ-ỸĐ0-9][\wÀ-ỹđ'’]*){0,3}"
_MENTION = re.compile(r"(?<![\w])(" + "|".join(_PREFIXES) + r")\s+(" + _NAME + r")", re.IGNORECASE)
_LIST_MENTION = re.compile(
    r"(?<![\w])các\s+(xã|phường|thị trấn|huyện|thị xã)\s*(?:,\s*thị trấn\s*)?:?\s+("
    + _NAME
    + r"(?:\s*,\s*"
    + _NAME
    + r")+)",
    re.IGNORECASE,
)


def key(name: str) -> str:
    """Lookup key: folded, lower-case, single spaces, no apostrophes or hyphens."""
    return " ".join(fold(name).lower().replace("'", "").replace("’", "").replace("-", " ").split())


@dataclass(frozen=True)
class Place:
    """An administrative unit a text names, resolved in the gazetteer."""

    name: str
    level: str
    province: str
    district: str | None = None

    @property
    def label(self) -> str:
        """``xã Thọ Sơn`` style label: level then name."""
        return f"{self.level} {self.name}"


@dataclass(frozen=True)
class Unit:
    """One unit of the gazetteer."""

    name: str
    level: str
    province: str
    district: str | None
    code: int


def _split_type(full: str) -> tuple[str, str]:
    full = normalize_line(full)
    for prefix in ("Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận", "Phường", "Xã"):
        if full.startswith(prefix + " "):
            return prefix.lower(), full[len(prefix) + 1 :]
    return "", full


class Gazetteer:
    """Name lookups over provinces, districts and communes."""

    def __init__(self) -> None:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

        data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
        self.provinces: dict[str, list[Unit]] = {}
        self.districts: dict[str, list[Unit]] = {}
        self.wards: dict[str, list[Unit]] = {}
        self.wards_of: dict[tuple[str, str], list[Unit]] = {}
        for prov in data:
            plevel, pname = _split_type(prov["name"])
            punit = Unit(pname, plevel, pname, None, prov["code"])
            self.provinces.setdefault(key(pname), []).append(punit)
            for dist in prov.get("districts", []):
                dlevel, dname = _split_type(dist["name"])
                dunit = Unit(dname, dlevel, pname, None, dist["code"])
                self.districts.setdefault(key(dname), []).append(dunit)
                for ward in dist.get("wards", []):
                    wlevel, wname = _split_type(ward["name"])
                    wunit = Unit(wname, wlevel, pname, dname, ward["code"])
                    self.wards.setdefault(key(wname), []).append(wunit)
                    self.wards_of.setdefault((pname, dname), []).append(wunit)

    def province_label(self, province: str, as_of: str | None) -> tuple[str, str]:
        """(name, level) of a province as it was called on ``as_of`` (ISO date or year)."""
        level = self.provinces[key(province)][0].level if key(province) in self.provinces else ""
        if province in RENAMES:
            old, old_level, since = RENAMES[province]
            if as_of is None or as_of < since[: len(as_of)]:
                return old, old_level
        return province, level or "tỉnh"

    def find_province(self, name: str) -> Unit | None:
        """The province called ``name`` (accents and old names tolerated)."""
        k = key(name)
        for new, (old, _level, _since) in RENAMES.items():
            if k == key(old):
                k = key(new)
        hits = self.provinces.get(k)
        return hits[0] if hits else None

    def district_candidates(self, name: str) -> list[Unit]:
        """Every district with this name (several provinces can have one)."""
        return list(self.districts.get(key(name), []))

    def ward_candidates(self, name: str) -> list[Unit]:
        """Every commune-level unit with this name."""
        return list(self.wards.get(key(name), []))

    def district_evidence(self, unit: Unit, text: str) -> int:
        """How strongly ``text`` points at this district: its communes and province named."""
        folded = key(text)
        score = 0
        for ward in self.wards_of.get((unit.province, unit.district or unit.name), []):
            wk = key(ward.name)
            if len(wk) > 3 and re.search(rf"\b{re.escape(wk)}\b", folded):
                score += 1
        for variant in {unit.province, self.province_label(unit.province, None)[0]}:
            score += 3 * len(re.findall(rf"\b{re.escape(key(variant))}\b", folded))
        return score

    def resolve_district(self, name: str, text: str) -> Unit | None:
        """The district called ``name`` that the text's evidence supports best."""
        cands = self.district_candidates(name)
        if len(cands) <= 1:
            return cands[0] if cands else None
        scored = sorted(cands, key=lambda u: self.district_evidence(u, text), reverse=True)
        if self.district_evidence(scored[0], text) == self.district_evidence(scored[1], text):
            return None  # no evidence separates them: leave it unknown rather than guess
        return scored[0]

    def mentions(self, text: str, province: str | None, district: str | None) -> list[Place]:
        """Administrative units a text names, resolved inside the document's area.

        Only names that exist in the gazetteer under the document's province (and, for
        communes, its district when known) are returned, in order of first mention.
        """
        found: list[Place] = []
        seen: set[tuple[str, str]] = set()

        def add(level: str, name: str) -> None:
            name = name.strip(" ,.;:")
            level = level.lower()
            unit = self._resolve_mention(level, name, province, district)
            if unit is None:
                return
            pkey = (unit.level, unit.name)
            if pkey not in seen:
                seen.add(pkey)
                prov_name = self.province_label(unit.province, None)[0]
                found.append(Place(unit.name, unit.level, prov_name, unit.district))

        for match in _LIST_MENTION.finditer(text):
            level = match.group(1)
            for part in match.group(2).split(","):
                add(level, part)
        for match in _MENTION.finditer(text):
            add(match.group(1), match.group(2))
        return found

    def _resolve_mention(
        self, level: str, name: str, province: str | None, district: str | None
    ) -> Unit | None:
        words = name.split()
        # "thị xã Bỉm Sơn thực hiện" — the name regex may overrun; try shorter prefixes.
        for n in range(len(words), 0, -1):
            cand = " ".join(words[:n])
            if level in ("tỉnh",) or (level == "thành phố" and self.find_province(cand)):
                unit = self.find_province(cand)
                if unit is not None and (province is None or unit.province == province):
                    return Unit(unit.name, "tỉnh", unit.province, None, unit.code)

            if level in DISTRICT_LEVELS:
                for unit in _as_written(self.district_candidates(cand), cand):
                    if unit.level == level and (province is None or unit.province == province):
                        return unit
            if level in WARD_LEVELS:
                for unit in _as_written(self.ward_candidates(cand), cand):
                    if unit.level != level or (province and unit.province != province):
                        continue
                    if district and unit.district != district:
                        continue
                    return unit
        return None

    def most_named_district(self, text: str) -> Counter[str]:
        """Counts of ``huyện/thị xã X`` mentions, by district name, in a text."""
        counts: Counter[str] = Counter()
        for match in _MENTION.finditer(text):
            level = match.group(1).lower()
            if level in DISTRICT_LEVELS:
                for n in range(len(match.group(2).split()), 0, -1):
                    cand = " ".join(match.group(2).split()[:n])
                    if self.district_candidates(cand):
                        counts[self.district_candidates(cand)[0].name] += 1
                        break
        return counts


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once, ~0.3 s)."""
    return Gazetteer()


def _as_written(units: list[Unit], name: str) -> list[Unit]:
    """Units whose names are equal without their marks ("Lộc Thành", "Lộc Thanh"), the
    one written with the text's own marks first."""
    return sorted(units, key=lambda u: u.name.lower() != name.lower())
