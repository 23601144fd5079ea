"""Query understanding: normalisation, abbreviations, document numbers, language.

The same normalisation as ingestion is applied; abbreviations from
``rag/text/data/abbreviations.tsv`` are expanded both ways (KH&CN ↔ khoa học và công
nghệ); document numbers are pulled out for exact matching; English queries are detected
so the dense (multilingual) channel leads for them, and the domain glossary
(``rag/text/data/glossary_en_vi.tsv``) adds the Vietnamese of their terms to both channels.
"""

from __future__ import annotations

import re

from index.types import SearchQuery

from ..text.codes import code_key, find_codes
from ..text.lexicon import QUESTION_WORDS, expand_abbreviations, looks_english, translate_terms
from ..text.normalize import fold, has_diacritics, normalize_line, syllables, terms


def prepare_query(text: str) -> SearchQuery:
    """Build the channel inputs for one query as the user typed it.

    Raises:
        ValueError: the query has no searchable characters.
    """
    return build_query(normalize_line(text))


def build_query(norm: str) -> SearchQuery:
    """Build the channel inputs for an already normalised query.

    Args:
        norm: the query in display form (:func:`~rag.text.normalize.normalize_line`).

    Returns:
        A :class:`~index.types.SearchQuery`.

    Raises:
        ValueError: the query has no searchable characters.
    """
    if not syllables(norm):
        raise ValueError("The query is empty: type at least one word.")
    extra = expand_abbreviations(norm)
    codes = find_codes(norm)
    english = looks_english(re.sub("|".join(map(re.escape, codes)) or "$^", " ", norm))
    accented = has_diacritics(norm)
    if english:  # the glossary's Vietnamese for both channels
        norm = f"{norm} {translate_terms(norm)}".strip()
    lex_text = " ".join([norm, *extra])
    lex_terms = [t for t in terms(lex_text) if not QUESTION_WORDS.has(t, accented)]
    # all-caps typing ("DEM LOT SINH HOC") embeds far from the same words in running text
    base = norm.lower() if norm == norm.upper() and len(norm.split()) > 1 else norm
    dense_text = base if not extra else f"{base} ({'; '.join(extra)})"
    return SearchQuery(
        text=dense_text,
        terms=tuple(lex_terms),
        folded_terms=tuple(fold(t) for t in lex_terms),
        codes=tuple(code_key(c) for c in codes),
        accented=accented or english,
        english=english,
    )
