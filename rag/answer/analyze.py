"""Question analysis: answer kind, language, asked-for level, topic terms, the search query.

* ``list`` — "Huyện nào …", "Những địa phương nào …", "Which districts …", "Ở đâu …"
* ``precedent`` — "tìm cách diễn đạt …", "how was … worded", or a pasted draft passage
* ``fact`` — everything else (numbers, names, dates, document numbers)

English questions are mapped to Vietnamese search terms with a domain glossary
(``rag/text/data/glossary_en_vi.tsv``); the multilingual dense channel sees the original
too. A question is normalised once, here: the analysis carries the prepared query.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from index.types import SearchQuery

from ..records import KINDS, Kind
from ..retrieval.query import build_query
from ..text.lexicon import (
    FRAME_WORDS,
    LEVELS,
    LIST_QUESTION,
    LIST_QUESTION_EN,
    PRECEDENT_PREFIX,
    PRECEDENT_REQUEST,
    QUESTION,
    looks_english,
    translate_terms,
)
from ..text.normalize import fold, has_diacritics, match_form, normalize_line, syllables


@dataclass(frozen=True)
class Analysis:
    """What a question asks for, and the query that retrieves its evidence."""

    question: str
    kind: Kind
    language: Literal["vi", "en"]
    level: str | None
    query: SearchQuery
    topic: tuple[str, ...]
    #: the topic was typed with diacritics: match it exactly, else accent-insensitively
    accented: bool = True

    @property
    def topic_bigrams(self) -> tuple[str, ...]:
        """Adjacent topic syllables as ``a_b`` pairs."""
        return tuple(f"{a}_{b}" for a, b in zip(self.topic, self.topic[1:], strict=False))

    @property
    def topic_keys(self) -> list[str]:
        """The topic words in the form they are matched (folded when typed without accents)."""
        return [match_form(w, self.accented) for w in self.topic]

    def without(self, words: set[str]) -> Analysis:
        """The same analysis with topic words removed (compared folded)."""
        return replace(self, topic=tuple(w for w in self.topic if fold(w) not in words))


def _list_level(norm: str) -> tuple[bool, str | None]:
    """(is a list question, level asked for) from "huyện nào" / "which districts" patterns."""
    match = LIST_QUESTION.search(norm.lower())
    if match is None:
        match = LIST_QUESTION_EN.search(norm)
        if match is None:
            return False, None
        word = (match.group(2) or "").lower().rstrip("s")
        return True, LEVELS.get(word, "any")
    word = (match.group(1) or match.group(2) or "").lower()
    return True, LEVELS.get(fold(word), "any")


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
        if PRECEDENT_REQUEST.search(norm) or (
            len(norm.split()) >= 25 and not QUESTION.search(norm)
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
        topic = tuple(syllables(PRECEDENT_PREFIX.remove(source)))
    else:
        topic = tuple(s for s in syllables(source) if not FRAME_WORDS.has(s, accented))
    return Analysis(
        norm,
        kind,
        "en" if english else "vi",
        level,
        build_query(search_text),
        topic,
        accented,
    )
