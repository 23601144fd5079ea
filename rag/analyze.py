"""Question analysis: answer kind, language, asked-for level, topic terms.

* ``list`` — "Huyện nào …", "Những địa phương nào …", "Which districts …", "Ở đâu …"
* ``precedent`` — "tìm cách diễn đạt …", "how was … worded", or a pasted draft passage
* ``fact`` — everything else (numbers, names, dates, document numbers)

English questions are mapped to Vietnamese search terms with a domain glossary
(``rag/data/glossary_en_vi.tsv``); the multilingual dense channel sees the original too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .normalize import fold, has_diacritics, normalize_line, syllables
from .query import looks_english, read_pairs

Kind = Literal["list", "fact", "precedent"]
KINDS: tuple[Kind, ...] = ("list", "fact", "precedent")

#: folded level word (Vietnamese or English) → the level a list answer groups by
_LEVELS = {
    "xa": "xã",
    "phuong": "xã",
    "thi tran": "xã",
    "commune": "xã",
    "ward": "xã",
    "huyen": "huyện",
    "thi xa": "huyện",
    "quan": "huyện",
    "thanh pho": "huyện",
    "district": "huyện",
    "town": "huyện",
    "tinh": "tỉnh",
    "province": "tỉnh",
}
_LIST_VI = re.compile(
    r"\b(xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|địa phương|nơi|đơn vị)\s+nào\b"
    r"|\bnhững\s+(xã|phường|huyện|thị xã|tỉnh|địa phương|nơi)\b|\bở đâu\b|\bnơi nào\b",
    re.I,
)
_LIST_VI_FOLDED = re.compile(fold(_LIST_VI.pattern), re.I)
_LIST_EN = re.compile(
    r"\b(which|what)\s+(districts?|communes?|wards?|provinces?|localities|locality|towns?|places?)\b"
    r"|\bwhere\b",
    re.I,
)
_PRECEDENT = re.compile(
    r"cách diễn đạt|diễn đạt|cách viết|cách nêu|câu văn|mẫu câu|văn mẫu|cách hành văn|"
    r"precedent|phrasing|wording|worded|phrased|how (?:did|do|have) .* (?:phrase|word|write)",
    re.I,
)
_PRECEDENT_FOLDED = re.compile(r"cach dien dat|dien dat|cach viet|mau cau|van mau", re.I)
_QUESTION = re.compile(
    r"\?|\b(nào|gì|bao nhiêu|bao giờ|khi nào|ở đâu|ai|có không|không\?|"
    r"what|which|who|when|where|how|why)\b",
    re.I,
)
#: words that frame a question but are not its topic
_FRAME_WORDS = (
    "nào gì đâu ở bao nhiêu mấy giờ khi ai những các là có không được đã đang sẽ "
    "xã phường thị trấn huyện quận tỉnh thành phố địa phương nơi đơn vị của và với cho "
    "tìm cách diễn đạt viết nêu câu văn mẫu hành hãy liệt kê kể trong tại về theo".split()
)
_FRAME_EN = (
    "which what who when where how why did do does the a an of in on to for and used use "
    "with by is are was were that this".split()
)
_FRAME = frozenset(_FRAME_WORDS)
#: for unaccented questions (a few topic words fold onto frame words; that is the price)
_FRAME_FOLDED = frozenset([fold(w) for w in _FRAME_WORDS] + _FRAME_EN)


@dataclass(frozen=True)
class Analysis:
    """What a question asks for."""

    question: str
    kind: Kind
    language: Literal["vi", "en"]
    level: str | None
    search_text: str
    topic: tuple[str, ...]
    #: the topic was typed with diacritics: match it exactly, else accent-insensitively
    accented: bool = True

    @property
    def topic_bigrams(self) -> tuple[str, ...]:
        """Adjacent topic syllables as ``a_b`` pairs."""
        return tuple(f"{a}_{b}" for a, b in zip(self.topic, self.topic[1:], strict=False))


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, str], ...]:
    """(English, Vietnamese) pairs, longest English term first."""
    pairs = [(en.lower(), vi) for en, vi in read_pairs("glossary_en_vi.tsv")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def translate_terms(question: str) -> str:
    """Vietnamese terms for the glossary entries found in an English question."""
    text = question.lower()
    found: list[str] = []
    for en, vi in glossary():
        pattern = rf"\b{re.escape(en)}\b"
        if re.search(pattern, text):
            found.append(vi)
            text = re.sub(pattern, " ", text)
    return " ".join(found)


def _list_level(norm: str) -> tuple[bool, str | None]:
    """(is a list question, level asked for) from "huyện nào" / "which districts" patterns."""
    match = _LIST_VI_FOLDED.search(fold(norm).lower())
    if match is None:
        match = _LIST_EN.search(norm)
        if match is None:
            return False, None
        word = (match.group(2) or "").lower().rstrip("s")
        return True, _LEVELS.get(word, "any")
    word = (match.group(1) or match.group(2) or "").lower()
    return True, _LEVELS.get(word, "any")


def analyze(question: str, kind: Kind | None = None) -> Analysis:
    """Route a question and extract what retrieval and answering need.

    Args:
        question: the user's question or draft text.
        kind: force a kind (``list``, ``fact``, ``precedent``) instead of routing.

    Raises:
        ValueError: an empty question or an unknown kind.
    """
    norm = normalize_line(question)
    if not syllables(norm):
        raise ValueError("The question is empty: type at least one word.")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Unknown answer kind {kind!r}; choose one of {', '.join(KINDS)}.")
    english = looks_english(norm)
    search_text = norm
    if english:
        translated = translate_terms(norm)
        search_text = f"{norm} {translated}".strip()
    if kind is None:
        if (
            _PRECEDENT.search(norm)
            or _PRECEDENT_FOLDED.search(fold(norm))
            or (len(norm.split()) >= 25 and not _QUESTION.search(norm))
        ):
            kind = "precedent"
        elif _list_level(norm)[0]:
            kind = "list"
        else:
            kind = "fact"
    level = (_list_level(norm)[1] or "any") if kind == "list" else None
    source = translate_terms(norm) if english else norm
    accented = has_diacritics(source)
    if kind == "precedent":  # every word of a draft counts for wording similarity
        topic = tuple(syllables(_strip_precedent_request(source)))
    else:
        topic = tuple(
            s
            for s in syllables(source)
            if (s not in _FRAME if accented else fold(s) not in _FRAME_FOLDED)
        )
    return Analysis(norm, kind, "en" if english else "vi", level, search_text, topic, accented)


def _strip_precedent_request(text: str) -> str:
    """Drop a leading "tìm cách diễn đạt …:" so the draft itself is the topic."""
    return re.sub(
        r"^.*?(cách diễn đạt|diễn đạt|cách viết|cach dien dat|dien dat|cach viet|wording|"
        r"phrasing)[^:]*:\s*",
        "",
        text,
        flags=re.I,
    )
