"""Legacy Vietnamese encodings: TCVN3 (TCVN 5712:1993, ".Vn" fonts) and VNI-Windows.

Text typed in these encodings reaches us as Latin-1 look-alikes: bytes that are not
UTF-8 in .txt files, or characters such as "¸", "µ", "ù" extracted from PDF/DOCX files
whose fonts used the encoding. The tables are data (below); detection converts only
when the result reads as Vietnamese far better than the input, so genuine Unicode
Vietnamese is never touched.

Known limit: TCVN3 has no upper-case toned letters; documents wrote them with the same
codes in an upper-case font (.VnTimeH). Those come out lower-case.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --------------------------------------------------------------------------- TCVN3
_TCVN3_BYTES = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_UNICODE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
TCVN3_TO_UNICODE = dict(zip(_TCVN3_BYTES, _TCVN3_UNICODE, strict=True))
UNICODE_TO_TCVN3 = {u: t for t, u in TCVN3_TO_UNICODE.items()}

# --------------------------------------------------------------------------- VNI
# VNI-Windows writes a base letter followed by mark characters.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_TONE_UPPER = {"\u0301": "Ù", "\u0300": "Ø", "\u0309": "Û", "\u0303": "Õ", "\u0323": "Ï"}
# circumflex / breve combined with a tone are single characters
_VNI_CIRC = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_CIRC_UPPER = {
    "": "Â",
    "\u0301": "Á",
    "\u0300": "À",
    "\u0309": "Å",
    "\u0303": "Ã",
    "\u0323": "Ä",
}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_BREVE_UPPER = {
    "": "Ê",
    "\u0301": "É",
    "\u0300": "È",
    "\u0309": "Ú",
    "\u0303": "Ü",
    "\u0323": "Ë",
}
# i and the dot-below y have their own single characters
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}
_VNI_I_UPPER = {"\u0301": "Í", "\u0300": "Ì", "\u0309": "Æ", "\u0303": "Ó", "\u0323": "Ò"}


def _vni_of(ch: str) -> str:
    """The VNI-Windows spelling of one Unicode letter."""
    if ch == "đ":
        return "ñ"
    if ch == "Đ":
        return "Ñ"
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], parts[1:]
    upper = base.isupper()
    tone = next((m for m in marks if m in _VNI_TONE), "")
    shape = next((m for m in marks if m in ("\u0302", "\u0306", "\u031b")), "")
    if base in "iI" and tone:
        return (_VNI_I_UPPER if upper else _VNI_I)[tone]
    if base in "yY" and tone == "\u0323":
        return "Î" if upper else "î"
    if shape == "\u0302":
        return base + (_VNI_CIRC_UPPER if upper else _VNI_CIRC)[tone]
    if shape == "\u0306":
        return base + (_VNI_BREVE_UPPER if upper else _VNI_BREVE)[tone]
    if shape == "\u031b":  # horn: ơ = o + ô, ư = u + ö
        horn = {"o": "ô", "O": "Ô", "u": "ö", "U": "Ö"}[base]
        return base + horn + ((_VNI_TONE_UPPER if upper else _VNI_TONE)[tone] if tone else "")
    return base + ((_VNI_TONE_UPPER if upper else _VNI_TONE)[tone] if tone else "")


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter with every tone, lower and upper case (134 + đ, Đ)."""
    bases = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    letters = [unicodedata.normalize("NFC", b + t) for b in bases for t in tones]
    letters += [c.upper() for c in letters] + ["đ", "Đ"]
    return letters


@lru_cache(maxsize=1)
def _vni_tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    to_vni = {ch: _vni_of(ch) for ch in vietnamese_letters()}
    from_vni = {v: k for k, v in to_vni.items() if len(v) > 1 or v != k}
    # longest sequences first, so "oâù" wins over "oâ"
    pattern = re.compile("|".join(re.escape(s) for s in sorted(from_vni, key=len, reverse=True)))
    return to_vni, from_vni, pattern


def encode_vni(text: str) -> str:
    """Unicode → VNI-Windows (as the Latin-1 characters the bytes decode to)."""
    to_vni = _vni_tables()[0]
    return "".join(to_vni.get(c, c) for c in unicodedata.normalize("NFC", text))


def decode_vni(text: str) -> str:
    """VNI-Windows (as Latin-1 characters) → Unicode."""
    _, from_vni, pattern = _vni_tables()
    return pattern.sub(lambda m: from_vni[m.group(0)], text)


def encode_tcvn3(text: str) -> str:
    """Unicode → TCVN3 (upper-case toned letters become lower-case: TCVN3 has none)."""
    out = []
    for c in unicodedata.normalize("NFC", text):
        if c in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[c])
        elif c.lower() in UNICODE_TO_TCVN3 and c not in "ĂÂĐÊÔƠƯ":
            out.append(UNICODE_TO_TCVN3[c.lower()])
        else:
            out.append(c)
    return "".join(out)


def decode_tcvn3(text: str) -> str:
    """TCVN3 (as Latin-1 characters) → Unicode."""
    return "".join(TCVN3_TO_UNICODE.get(c, c) for c in text)


# --------------------------------------------------------------------------- detection
_VI_CHARS = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)


def vietnamese_score(text: str) -> float:
    """Share of words that are well-formed Vietnamese syllables with Vietnamese letters."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    good = 0
    for w in words:
        base = "".join(
            c for c in unicodedata.normalize("NFD", w) if c not in "\u0300\u0301\u0303\u0309\u0323"
        )
        if _SYLLABLE.match(unicodedata.normalize("NFC", base)):
            good += 1
    return good / len(words)


def detect_legacy(text: str) -> str | None:
    """``"tcvn3"``, ``"vni"`` or ``None`` (Unicode or plain ASCII text is left alone)."""
    if not re.search("[\u00a0-\u00ff]", text):
        return None
    genuine = len(_VI_CHARS.findall(text))
    legacy_marks = len(re.findall("[\u00a0-\u00ff]", text))
    if genuine > legacy_marks:
        return None
    before = vietnamese_score(text)
    scored = []
    for name, decode in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        converted = decode(text)
        if len(_VI_CHARS.findall(converted)) > genuine:
            scored.append((vietnamese_score(converted), name))
    if not scored:
        return None
    score, name = max(scored)
    return name if score > before + 0.15 else None


def fix_legacy(text: str) -> tuple[str, str | None]:
    """Convert text in a legacy encoding to Unicode; returns (text, encoding or None)."""
    kind = detect_legacy(text)
    if kind == "tcvn3":
        return decode_tcvn3(text), kind
    if kind == "vni":
        return decode_vni(text), kind
    return text, None
