"""Query understanding: normalisation, abbreviations, document numbers, language.

The same normalisation as ingestion is applied; abbreviations from
``rag/data/abbreviations.tsv`` are expanded both ways (KH&CN ↔ khoa học và công nghệ);
document numbers are pulled out for exact matching; English queries are detected so
the dense (multilingual) channel leads for them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from index.types import SearchQuery

from .metadata import code_key, find_codes
from .normalize import fold, has_diacritics, normalize_line, syllables, terms

#: question words that carry no topic (dropped from lexical terms only)
STOP_TERMS = frozenset(
    "nào gì đâu sao bao nhiêu không ai hãy cho biết những là có được đã "
    "nao gi dau khong nhung la co duoc da".split()
)
_EN_STOP = frozenset(
    "the a an of in on at to for and or which what who whom where when how many much "
    "did does do is are was were be been has have had used use uses using with by from "
    "that this these those any all their its it as than districts district provinces "
    "province localities locality communes commune report reports about into".split()
)
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)


def read_pairs(filename: str) -> list[tuple[str, str]]:
    """Two-column data file under ``rag/data`` (tab-separated, ``#`` comments), normalised."""
    raw = (Path(__file__).parent / "data" / filename).read_text("utf-8")
    pairs = []
    for line in raw.splitlines():
        if line.strip() and not line.startswith("#"):
            left, _, right = line.partition("\t")
            pairs.append((normalize_line(left), normalize_line(right)))
    return pairs


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion) pairs from ``rag/data/abbreviations.tsv``."""
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


def looks_english(text: str) -> bool:
    """True for English queries; unaccented Vietnamese is not English.

    Vietnamese syllables follow a strict onset–vowel–coda shape; English words often do
    not, and English function words are frequent in questions.
    """
    if has_diacritics(text):
        return False
    words = [w for w in re.findall(r"[a-zA-Z]+", text.lower()) if len(w) > 1]
    if not words:
        return False
    stop = sum(w in _EN_STOP for w in words)
    non_vi = sum(not _VI_SYLLABLE.match(w) for w in words)
    return stop / len(words) >= 0.25 or non_vi / len(words) >= 0.4


def prepare_query(text: str) -> SearchQuery:
    """Build the channel inputs for one query.

    Args:
        text: what the user typed.

    Returns:
        A :class:`~index.types.SearchQuery`.

    Raises:
        ValueError: the query has no searchable characters.
    """
    norm = normalize_line(text)
    if not syllables(norm):
        raise ValueError("The query is empty: type at least one word.")
    extra = expand_abbreviations(norm)
    codes = find_codes(norm)
    english = looks_english(re.sub("|".join(map(re.escape, codes)) or "$^", " ", norm))
    lex_text = " ".join([norm, *extra])
    lex_terms = [t for t in terms(lex_text) if t not in STOP_TERMS]
    # all-caps typing ("DEM LOT SINH HOC") embeds far from the same words in running text
    base = norm.lower() if norm == norm.upper() and len(norm.split()) > 1 else norm
    dense_text = base if not extra else f"{base} ({'; '.join(extra)})"
    return SearchQuery(
        text=dense_text,
        terms=tuple(lex_terms),
        folded_terms=tuple(fold(t) for t in lex_terms),
        codes=tuple(code_key(c) for c in codes),
        accented=has_diacritics(norm) or english,
        english=english,
    )
