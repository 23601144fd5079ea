"""The words the pipelines know: question words, cues, abbreviations, synonyms, a glossary.

Every word and cue is written once, with its diacritics. A text typed with diacritics is
matched against them exactly; a text typed without is matched against their folded form
(:func:`~rag.text.normalize.match_form`), so no unaccented spelling is typed by hand.
Phrase pairs live in ``rag/text/data/*.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .normalize import fold, has_diacritics, normalize_line, syllables


class Words:
    """A set of single words, matched exactly or folded as the text was typed."""

    def __init__(self, words: Iterable[str]) -> None:
        self.exact = frozenset(words)
        self.folded = frozenset(fold(w) for w in self.exact)

    def has(self, word: str, accented: bool) -> bool:
        """True when ``word`` (lower case) is one of the words."""
        return word in (self.exact if accented else self.folded)


class Cue:
    """A regular expression over a question, written with diacritics.

    Args:
        pattern: the expression (case-insensitive); its folded twin is derived.
    """

    def __init__(self, pattern: str) -> None:
        self.exact = re.compile(pattern, re.I)
        self.folded = re.compile(fold(pattern), re.I)

    def _pattern(self, text: str) -> re.Pattern[str]:
        return self.exact if has_diacritics(text) else self.folded

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in ``text``: exact if it has diacritics, else folded."""
        return self._pattern(text).search(text)

    def remove(self, text: str) -> str:
        """``text`` without what the cue matches."""
        return self._pattern(text).sub("", text)


#: question words: dropped from the lexical terms of a query
QUESTION_WORDS = Words("nào gì đâu sao bao nhiêu không ai hãy cho biết những là có được đã".split())
#: English function words (language detection, and not a question's topic)
ENGLISH_WORDS = Words(
    "the a an of in on at to for and or which what who whom where when how why many much did "
    "does do is are was were be been has have had used use uses using with by from that this "
    "these those any all their its it as than districts district provinces province "
    "localities locality communes commune report reports about into".split()
)
#: words that frame a question but are not its topic
FRAME_WORDS = Words(
    [
        *"nào gì đâu ở bao nhiêu mấy giờ khi ai những các là có không được đã đang sẽ xã phường "
        "thị trấn huyện quận tỉnh thành phố địa phương nơi đơn vị của và với cho tìm cách diễn "
        "đạt viết nêu câu văn mẫu hành hãy liệt kê kể trong tại về theo".split(),
        *ENGLISH_WORDS.exact,
    ]
)

#: "tìm cách diễn đạt …", "how was … worded": the user wants precedent wording
PRECEDENT_REQUEST = Cue(
    r"cách diễn đạt|diễn đạt|cách viết|cách nêu|câu văn|mẫu câu|văn mẫu|cách hành văn|"
    r"precedent|phrasing|wording|worded|phrased|how (?:did|do|have) .* (?:phrase|word|write)"
)
#: the request part before a pasted draft ("Tìm cách diễn đạt …:")
PRECEDENT_PREFIX = Cue(r"^.*?(?:cách diễn đạt|diễn đạt|cách viết|wording|phrasing)[^:]*:\s*")
#: any sign of a question
QUESTION = Cue(
    r"\?|\b(?:nào|gì|bao nhiêu|bao giờ|khi nào|ở đâu|ai|có không|không\?|"
    r"what|which|who|when|where|how|why)\b"
)
#: "huyện nào …", "những xã …", "ở đâu": a list of places; group 1 or 2 is the level word
LIST_QUESTION = Cue(
    r"\b(xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|địa phương|nơi|đơn vị)\s+nào\b"
    r"|\bnhững\s+(xã|phường|huyện|thị xã|tỉnh|địa phương|nơi)\b|\bở đâu\b|\bnơi nào\b"
)
LIST_QUESTION_EN = Cue(
    r"\b(which|what)\s+(districts?|communes?|wards?|provinces?|localities|locality|towns?|"
    r"places?)\b|\bwhere\b"
)
#: level word of a list question → the level its answer groups by
LEVELS = {
    fold(word): level
    for level, words in (
        ("xã", ("xã", "phường", "thị trấn", "commune", "ward")),
        ("huyện", ("huyện", "thị xã", "quận", "thành phố", "district", "town")),
        ("tỉnh", ("tỉnh", "province")),
    )
    for word in words
}
ASKS_NUMBER = Cue(
    r"bao nhiêu|kinh phí|số lượng|tỷ lệ|mấy|how (?:much|many)|budget|funding|number of|"
    r"percentage"
)
ASKS_DATE = Cue(r"khi nào|ngày nào|năm nào|when|what date")
ASKS_CODE = Cue(r"số hiệu|văn bản số|số mấy|what number")

_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)


def looks_english(text: str) -> bool:
    """True for English text; unaccented Vietnamese is not English, nor is one word.

    Vietnamese syllables follow a strict onset–vowel–coda shape; English words often do
    not, and English function words are frequent in questions. A single word ("iso",
    "mkb002", a code, a name) says too little to tell: it is searched as typed.
    """
    if has_diacritics(text) or len(text.split()) < 2:
        return False
    words = [w for w in re.findall(r"[a-zA-Z]+", text.lower()) if len(w) > 1]
    if not words:
        return False
    stop = sum(w in ENGLISH_WORDS.exact for w in words)
    non_vi = sum(not _VI_SYLLABLE.match(w) for w in words)
    return stop / len(words) >= 0.25 or non_vi / len(words) >= 0.4


# ---------------------------------------------------------------- phrase tables
def read_pairs(filename: str) -> list[tuple[str, str]]:
    """Two-column data file under ``rag/text/data`` (tab-separated, ``#`` comments), normalised."""
    raw = (Path(__file__).parent / "data" / filename).read_text("utf-8")
    pairs = []
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            pairs.append((normalize_line(left), normalize_line(right)))
    return pairs


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs from ``abbreviations.tsv``."""
    return tuple(read_pairs("abbreviations.tsv"))


def expand_abbreviations(text: str) -> list[str]:
    """Phrases to add for abbreviations in ``text`` and abbreviations for phrases in it."""
    low = fold(text.lower())
    extra: list[str] = []
    for abbr, expansion in abbreviations():
        # abbreviations are matched case-sensitively as whole tokens: "KH" is not "kh"
        if re.search(rf"(?<![\w&/-]){re.escape(abbr)}(?![\w&])", text):
            extra.append(expansion)
        elif len(expansion.split()) > 1 and fold(expansion.lower()) in low:
            extra.append(abbr)
    return list(dict.fromkeys(extra))


@lru_cache(maxsize=1)
def equivalences() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Pairs of equivalent phrases (as syllable tuples), both directions.

    From ``synonyms.tsv`` plus the abbreviation table (KH&CN ↔ khoa học và công nghệ),
    so a sentence saying "ngân sách" answers a question about "kinh phí".
    """
    pairs = [*abbreviations(), *read_pairs("synonyms.tsv")]
    out = []
    for a, b in pairs:
        sa, sb = tuple(syllables(a)), tuple(syllables(b))
        if sa and sb:
            out += [(sa, sb), (sb, sa)]
    return tuple(out)


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[str, str], ...]:
    """(English, Vietnamese) pairs of ``glossary_en_vi.tsv``, longest English term first."""
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
