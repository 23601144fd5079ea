"""Vietnamese text normalisation shared by ingestion and queries.

Three forms of the same text exist in the system:

* the *display* form: NFC, one tone-mark convention, tidy whitespace. It is what we
  store and show, and what citation offsets point into.
* the *match* form: the display form lower-cased, used by the lexical index.
* the *folded* form: diacritics removed and ``đ`` → ``d``. It is only ever a second
  matching channel for queries typed without accents; it is never shown to users.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .split import ends_sentence

__all__ = [
    "clean_markup",
    "fold",
    "has_diacritics",
    "match_form",
    "normalize",
    "normalize_tone",
    "rejoin_paragraphs",
    "syllables",
]

# Combining tone marks in NFD: grave, acute, tilde, hook above, dot below.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# In "oa", "oe", "uy" closing a syllable, the classic convention (hóa, khỏe, thủy) puts
# the tone on the first vowel; the "new" convention (hoá, khoẻ, thuỷ) on the second.
# The corpus mixes both, so we rewrite to the classic one, which most keyboards type.
_MOVABLE = {"oa", "oe", "uy"}
_VOWELS = set("aeiouy")
_WORD = re.compile(r"\w+", re.UNICODE)
# the only words the tone rule can change: a bare o/u, then a toned a/e/y ending the word
# (the tone on the second vowel of oa, oe, uy). Most words are not looked at again.
_NEW_TONE = re.compile(
    r"(?<!\w)\w*(?:[oO][áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸ]|[uU][ýỳỷỹỵÝỲỶỸỴ])(?!\w)", re.UNICODE
)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def _fix_word_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base = "".join(c for c in decomposed if c not in _TONES)
    low = base.lower()
    if len(low) < 2 or low[-2:] not in _MOVABLE:
        return word
    if len(low) >= 3 and low[-3] in _VOWELS:
        return word  # e.g. "uya", "oay": not the ambiguous pair
    if low[-2:] == "uy" and len(low) >= 3 and low[-3] == "q":
        return word  # "quý": the u belongs to "qu"
    # the base letters must be bare (no circumflex/breve/horn on the pair)
    if any(unicodedata.combining(c) for c in base[-2:]):
        return word
    target = len(base) - 2
    rebuilt = base[: target + 1] + tones[0] + base[target + 1 :]
    return unicodedata.normalize("NFC", rebuilt)


def normalize_tone(text: str) -> str:
    """Rewrite tone marks to the classic convention (``hoá`` → ``hóa``, ``uỷ`` → ``ủy``).

    Args:
        text: NFC text.

    Returns:
        The text with the same length in code points after NFC.
    """
    return _NEW_TONE.sub(lambda m: _fix_word_tone(m.group(0)), text)


def clean_markup(text: str) -> str:
    """Remove Markdown emphasis markers (``**bold**``, ``*italic*``) that loaders leave."""
    if "*" not in text:
        return text
    text = re.sub(r"\*{2,}", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    return text


def normalize_line(text: str) -> str:
    """NFC, tone convention, invisible characters removed and spaces collapsed."""
    return _normalize_chars(text).strip()


def _normalize_chars(text: str) -> str:
    # none of these steps reaches across a line break, so a whole text is done at once
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return normalize_tone(text)


def normalize(text: str) -> str:
    """Normalise a whole text: every line normalised, blank-line runs collapsed.

    Args:
        text: any Unicode text.

    Returns:
        Display-form text; paragraphs separated by one blank line.
    """
    lines = [line.strip() for line in _normalize_chars(text.replace("\r\n", "\n")).split("\n")]
    out = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def continues_sentence(paragraph: str) -> bool:
    """True when a paragraph starts in the middle of a sentence (lower-case letter)."""
    stripped = paragraph.lstrip("*_ ")
    return bool(stripped) and stripped[0].islower()


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def rejoin_paragraphs(paragraphs: list[str]) -> list[str]:
    """Join paragraphs that a page break split in the middle of a sentence.

    ``"… tham gia, góp"`` followed by ``"phản quan trọng …"`` becomes one paragraph.

    Args:
        paragraphs: paragraphs in reading order.

    Returns:
        A list where each split sentence is whole again.
    """
    out: list[str] = []
    for para in paragraphs:
        if (
            out
            and not ends_sentence(out[-1])
            and not _all_caps(out[-1])
            and continues_sentence(para)
        ):
            out[-1] = out[-1].rstrip() + " " + para.lstrip()
        else:
            out.append(para)
    return out


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Character → its base letter, for every character that decomposes (and đ/Đ)."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0x80, 0x10000):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code):
            table[code] = base
    return table


def fold(text: str) -> str:
    """Remove diacritics (``đệm lót`` → ``dem lot``) for accent-insensitive matching.

    The result has exactly the same length as the input, so offsets carry over.
    """
    return text.translate(_fold_table())


def has_diacritics(text: str) -> bool:
    """True if any letter carries a Vietnamese diacritic (or is ``đ``)."""
    return fold(text) != text


def match_form(text: str, accented: bool) -> str:
    """The form in which text is compared with what a user typed.

    Typed with diacritics, words match exactly; typed without, they match folded:
    ``đàn`` and ``dan`` are the same word only for a user who typed no diacritics.
    """
    return text if accented else fold(text)


_SYLLABLE = re.compile(r"[^\W_]+(?:[&][^\W_]+)*", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (word tokens) of a normalised text; ``KH&CN`` stays one."""
    return _SYLLABLE.findall(text.lower())


def spaced_folded(text: str) -> str:
    """The folded syllables of a text between single spaces, with a space at each end, so
    that a name or phrase is found as whole words: ``f" {phrase} " in spaced_folded(t)``."""
    return " " + " ".join(fold_words(syllables(text))) + " "


def terms(text: str, bigrams: bool = True) -> list[str]:
    """Lexical index terms: lower-cased syllables plus ``a_b`` syllable bigrams.

    Vietnamese words are mostly two syllables (``đệm lót``, ``sinh học``); bigrams
    let BM25 reward the word, not just its syllables.
    """
    sylls = syllables(text)
    return with_bigrams(sylls) if bigrams else sylls


def with_bigrams(sylls: list[str]) -> list[str]:
    """Syllables followed by their ``a_b`` bigrams (the terms of :func:`terms`)."""
    return sylls + list(map("_".join, zip(sylls, sylls[1:], strict=False)))


_FOLDED: dict[str, str] = {}


def fold_words(words: list[str]) -> list[str]:
    """:func:`fold` of each word, each distinct word folded once per process.

    ``" ".join(fold_words(ws)) == fold(" ".join(ws))``: folding is per character.
    """
    known = _FOLDED
    try:
        return list(map(known.__getitem__, words))
    except KeyError:
        pass
    if len(known) > 500_000:
        known.clear()
    for w in words:
        if w not in known:
            known[w] = fold(w)
    return list(map(known.__getitem__, words))
