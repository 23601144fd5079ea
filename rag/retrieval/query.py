"""Query understanding: normalisation, abbreviations, document numbers, language.

The same normalisation as ingestion is applied; abbreviations from
``rag/text/data/abbreviations.tsv`` are expanded both ways (KH&CN ↔ khoa học và công
nghệ); document numbers are pulled out for exact matching; English queries are detected
so the dense (multilingual) channel leads for them, and the domain glossary
(``rag/text/data/glossary_en_vi.tsv``) adds the Vietnamese of their terms to both channels.
"""

from __future__ import annotations

from dataclasses import replace

from index.types import SearchQuery

from ..text.codes import code_key, find_codes
from ..text.lexicon import (
    QUESTION_FRAME,
    QUESTION_WORDS,
    expand_abbreviations,
    looks_english,
    translate_terms,
)
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
    english = looks_english(norm)  # it leaves document numbers out itself
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


def without_frame(query: SearchQuery) -> SearchQuery:
    """The query without the words that frame the question in its lexical terms.

    A syllable of :data:`~rag.text.lexicon.QUESTION_FRAME` ("tôi", "nên", "nếu") is
    dropped, and so is a syllable pair made only of question and frame words
    ("bao_nhiêu", "tôi_nên"); a pair with a topic word in it ("việc_làm") stays. The
    dense text is unchanged: the embedder reads the question as it was asked.
    """
    accented = query.accented

    def frame(term: str) -> bool:
        parts = term.split("_")
        if len(parts) == 1:
            return QUESTION_FRAME.has(term, accented)
        return all(
            QUESTION_FRAME.has(p, accented) or QUESTION_WORDS.has(p, accented) for p in parts
        )

    # an unaccented query's terms are already folded, so either form decides alike
    keep = [
        (t, f)
        for t, f in zip(query.terms, query.folded_terms, strict=True)
        if not frame(t if accented else f)
    ]
    return replace(query, terms=tuple(t for t, _ in keep), folded_terms=tuple(f for _, f in keep))
