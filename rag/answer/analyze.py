"""Question analysis: the kind of answer, what it must hold, the documents it names.

* ``list`` — "Huyện nào …", "Những địa phương nào …", "Which districts …", "Ở đâu …"
* ``precedent`` — "tìm cách diễn đạt …", "how was … worded", or a pasted clause
* ``document`` — "văn bản nào quy định …", "báo cáo số 18 của …", "which decree …", a bare
  document number
* ``fact`` — everything else, with the type of span the answer must hold (a quantity in
  the unit asked, a date, a document number, a body or person, a place, a definition,
  yes or no) and, for a question about a named document, the attribute asked (its
  signer, date, effective date …)

English questions are mapped to Vietnamese terms with the domain glossary
(``rag/text/data/glossary_en_vi.tsv``); the multilingual dense channel sees the original
too. A question is normalised once, here: the analysis carries the prepared query.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from index.types import SearchQuery

from ..records import KINDS, Kind
from ..retrieval.query import build_query
from ..text.codes import find_codes
from ..text.gazetteer import Place, get_gazetteer
from ..text.lexicon import (
    ASKED_BOUND,
    ASKS_ABOUT,
    ASKS_AGENT,
    ASKS_CODE,
    ASKS_DATE,
    ASKS_DEFINITION,
    ASKS_DOCUMENT,
    ASKS_NUMBER,
    ASKS_PLACE,
    ASKS_YES_NO,
    COUNTS,
    DOC_ATTRIBUTES,
    DOC_TYPE_EN,
    DOC_TYPE_WORDS,
    ENGLISH_FRAME,
    ENGLISH_QUESTION,
    ENGLISH_WORDS,
    FRAME_WORDS,
    LEVELS,
    LIST_ITEMS,
    LIST_QUESTION,
    LIST_QUESTION_EN,
    NAMES_DOCUMENT,
    PRECEDENT_PREFIX,
    PRECEDENT_REQUEST,
    QUESTION,
    QUESTION_PHRASES,
    UNIT_CUES,
    Cue,
    Words,
    glossary_matches,
    looks_english,
    untranslated_rest,
)
from ..text.normalize import fold, has_diacritics, match_form, normalize_line, syllables
from .doctypes import canonical_type
from .spans import AnswerType, unit_of

#: a pasted clause this long with no sign of a question is a drafter's wording
PRECEDENT_WORDS = 12
_TYPE_WORDS = (
    r"nghị định|thông tư liên tịch|thông tư|quyết định|luật|bộ luật|nghị quyết|chỉ thị|"
    r"kế hoạch|báo cáo|chương trình hành động|chương trình|công văn|pháp lệnh|tờ trình|"
    r"thông báo|hướng dẫn|công điện|nđ|tt|qđ|nq|ct|kh|bc|ctr|decree|circular|decision|law|"
    r"resolution|directive|report|plan|programme|program"
)
_FOLDED_TYPES = fold(_TYPE_WORDS)
#: "Nghị định 273/2025", "báo cáo số 18", "NĐ 17/2026", "decree 304/2025" (folded text)
_PARTIAL_NUMBER = re.compile(
    rf"\b({_FOLDED_TYPES})\s+(?:so\s+|no\.?\s+)?(\d{{1,5}}(?:/\d{{4}})?)(?![\d/])", re.I
)
_FULL_TYPES = re.compile(rf"\b(?:{fold(DOC_TYPE_WORDS)})\b", re.I)
_LOOSE_NUMBER = re.compile(rf"\b({_FOLDED_TYPES})\s+(\d{{1,5}})\s+((?:19|20)\d{{2}})\b", re.I)
_YEAR = re.compile(r"(?<![\d/.,])(?:19|20)\d{2}(?![\d/.,])")


@dataclass(frozen=True)
class DocRef:
    """A document the question names: its full number, or a type and a number's start."""

    number: str | None = None
    prefix: str | None = None
    doc_type: str | None = None


@dataclass(frozen=True)
class Focus:
    """What the answer must hold.

    Attributes:
        type: the span type (``quantity``, ``date`` …; ``none`` when any sentence may do).
        units: for a quantity, the unit families or counted nouns asked for.
        attribute: for a question about a named document, what is asked of it
            (``signer``, ``issued``, ``effective``, ``issuer``, ``replaces``, ``number``).
    """

    type: AnswerType = "none"
    units: tuple[str, ...] = ()
    attribute: str | None = None


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
    focus: Focus = field(default_factory=Focus)
    doc_refs: tuple[DocRef, ...] = ()
    #: years the question names: the evidence must be about them
    years: tuple[str, ...] = ()
    #: places the question names (provinces, districts, communes): the evidence must be
    #: about one of them
    places: tuple[Place, ...] = ()
    #: the document type the question asks about ("công văn số mấy" → công văn)
    doc_type: str | None = None
    #: topic words the glossary could not translate (an English question's): an answer
    #: should hold them, but each weighs half a translated term
    loose: tuple[str, ...] = ()
    #: the document the question names is not in the collection: only sentences that cite
    #: it can answer about it
    cited_only: bool = False

    @property
    def topic_bigrams(self) -> tuple[str, ...]:
        """Adjacent topic syllables as ``a_b`` pairs."""
        return tuple(f"{a}_{b}" for a, b in zip(self.topic, self.topic[1:], strict=False))

    def keys_of(self, text: str) -> list[str]:
        """A text's words in the form the topic is matched (folded when typed without
        accents)."""
        return [match_form(w, self.accented) for w in syllables(text)]

    @property
    def topic_keys(self) -> list[str]:
        """The topic words in the form they are matched (folded when typed without accents)."""
        return [match_form(w, self.accented) for w in self.topic]

    def without(self, words: set[str]) -> Analysis:
        """The same analysis with topic words removed (compared folded)."""
        return replace(self, topic=tuple(w for w in self.topic if fold(w) not in words))

    def without_words_of(self, text: str) -> Analysis:
        """The same analysis without the topic words ``text`` writes, compared as topic
        words are matched: "Bảo Lâm" removes "bảo", not "báo" of "báo cáo"."""
        keys = set(self.keys_of(text))
        return replace(
            self, topic=tuple(w for w in self.topic if match_form(w, self.accented) not in keys)
        )


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


def document_refs(norm: str) -> tuple[DocRef, ...]:
    """Documents the question names, by full number or by type and number.

    Type words are matched without diacritics ("nghi dinh 273/2025" names a decree too).
    """
    refs = [DocRef(number=c) for c in find_codes(norm)]
    covered = " ".join(r.number or "" for r in refs)
    folded = fold(norm)
    for m in _PARTIAL_NUMBER.finditer(folded):
        prefix = m.group(2)
        # "báo cáo 5 năm" is not report number 5; "chương trình hành động số 05" is
        numbered = m.group(0).lower().split()[-2] in ("so", "no", "no.") or prefix[0] == "0"
        small = prefix.isdigit() and int(prefix) < 10 and "/" not in prefix
        if prefix in covered or (small and not numbered):
            continue
        refs.append(DocRef(prefix=prefix, doc_type=m.group(1).lower()))
    # a number typed with spaces for separators: "nghi dinh 304 2025"
    loose = _LOOSE_NUMBER.search(folded)
    if loose and not refs:
        refs.append(DocRef(prefix=f"{loose.group(2)}/{loose.group(3)}", doc_type=loose.group(1)))
    return tuple(refs)


#: words after "bao nhiêu" that are not a counted noun
_NOT_COUNTED = Words(
    "theo của trong tại để cho và khi thì là ở từ đến với về như được phải".split()
)


def _units(norm: str, english: bool) -> tuple[str, ...]:
    """The unit families a quantity question names, else the noun it counts."""
    families = tuple(name for name, cue in UNIT_CUES if cue.search(norm))
    if "percent" in families:  # "tỷ lệ cán bộ …": a share, or a rate ("15 người/1 vạn dân")
        families = (*families, "rate")
    if "content" in families:  # "hàm lượng nicotin": milligrams, or a share ("0,5%")
        families = (*families, "percent")
    if families:
        return families
    low = norm.lower()
    after = re.search(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)", low)
    if after and _NOT_COUNTED.has(after.group(1).split()[0], has_diacritics(norm)):
        after = None  # "tối thiểu là bao nhiêu theo NĐ 283": no noun is counted
    if after and not english:
        return (unit_of(after.group(1)) or after.group(1),)  # "cán bộ" counts people
    counted = re.search(r"\bhow many ([a-z]+(?: [a-z]+)?)", low)
    if counted and english:
        renderings = [r for _, group in glossary_matches(counted.group(1)) for r in group]
        # each rendering's family ("ngày làm việc" counts a duration), as a Vietnamese
        # question's counted noun is read
        return tuple(
            dict.fromkeys(unit_of(" ".join(r.lower().split()[:2])) or r for r in renderings)
        )
    return ()


def _defines(norm: str) -> bool:
    """True for "hạn mức chi trả … là gì": a definition of an amount's term, not the amount
    ("bao nhiêu", "mấy", "how much/many" ask the amount itself)."""
    return ASKS_DEFINITION.search(norm) is not None and COUNTS.search(norm) is None


#: the answer type an attribute needs, where it needs one
_ATTRIBUTE_TYPE: dict[str, AnswerType] = {"number": "code", "replaces": "code", "effective": "date"}


def focus_of(norm: str, english: bool) -> Focus:
    """The type of span the answer must hold, and the attribute of a named document.

    An attribute ("hiệu lực", "ban hành") makes a type only in a question: in a pasted
    clause ("Nghị định này có hiệu lực …") it is just wording.
    """
    asked = QUESTION.search(norm) is not None
    said = [name for name, cue in DOC_ATTRIBUTES if cue.search(norm)] if asked else []
    attribute = said[0] if said else None
    answer: AnswerType = "none"
    if ASKS_CODE.search(norm):
        answer = "code"
    elif ASKS_DATE.search(norm) or attribute in ("issued", "effective"):
        answer = "date"
    elif (
        ASKS_NUMBER.search(norm)
        and not _defines(norm)
        # "ai quy định hạn mức chi trả": who sets the amount, not the amount (unless it
        # is asked too: "ai được hưởng bao nhiêu")
        and (COUNTS.search(norm) is not None or ASKS_AGENT.search(norm) is None)
    ):
        answer = "quantity"
    elif ASKS_AGENT.search(norm) or attribute in ("signer", "issuer"):
        answer = "agent"
    elif ASKS_PLACE.search(norm):
        answer = "place"
    elif ASKS_DEFINITION.search(norm):
        answer = "definition"
    elif ASKS_YES_NO.search(norm):
        answer = "yes_no"
    # an attribute that cannot have the asked type is wording, and the next one said is
    # asked ("Thông tư bãi bỏ thông tư … có hiệu lực từ ngày nào" asks when it takes
    # effect; "công bố nghị định nào tiếp tục có hiệu lực" asks a number)
    attribute = next((a for a in said if _ATTRIBUTE_TYPE.get(a, answer) == answer), None)
    units = _units(norm, english) if answer == "quantity" else ()
    return Focus(answer, units, attribute)


def analyze(
    question: str,
    kind: Kind | None = None,
    restore: Callable[[str], str] | None = None,
    choose: Callable[[Sequence[str]], str] | None = None,
) -> Analysis:
    """Route a question and extract what retrieval and answering need.

    Args:
        question: the user's question or draft text.
        kind: force a kind (``list``, ``fact``, ``precedent``, ``document``) instead of
            routing.
        restore: gives a question typed without diacritics its likely diacritics, so
            its question words are told from its topic ("khi" is "when", "khí" is not).
        choose: picks, among a glossary phrase's Vietnamese renderings, the one the
            collection uses (an English question's topic is that rendering).

    Raises:
        ValueError: an empty question or an unknown kind.
    """
    norm = normalize_line(question)
    if not syllables(norm):
        raise ValueError("The question is empty: type at least one word.")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"Unknown answer kind {kind!r}; choose one of {', '.join(KINDS)}.")
    english = looks_english(norm)
    refs = document_refs(norm)
    focus = focus_of(norm, english)
    asked = QUESTION.search(norm) is not None or focus.type != "none"
    if kind is None:
        kind = _route(norm, refs, focus, asked)
        if kind == "list" and _where_within(norm, english, restore):
            kind = "fact"  # "where in Trieu Son …": a place inside the named locality
    level = None
    if kind == "list":
        is_places, places_level = _list_level(norm)
        level = (places_level or "any") if is_places else "items"
    if english:  # the topic is the collection's rendering of each content phrase
        picked = [
            choose(group) if choose else group[0]
            for phrase, group in glossary_matches(norm)
            if not ENGLISH_QUESTION.match(phrase) and not _asks_unit(phrase)
        ]
        # Vietnamese the question writes itself ("domestic sea transport (vận tải biển nội
        # địa)") is its own best rendering
        written = [w for w in re.findall(r"[^\W\d_]+", norm) if has_diacritics(w)]
        source = " ".join([*picked, *written])
    else:
        source = norm
    # an English question's words are matched folded: its place names come unaccented
    accented = has_diacritics(source) and not english
    searched = norm
    if kind == "precedent":  # every word of a draft counts for wording similarity
        draft = _vietnamese_draft(norm) if english else None
        if draft:
            searched = draft  # the wording itself is searched, not its English gloss
        quoted = draft or _quoted_draft(source)
        short = _quoted_draft(source, QUOTED_WORDING)
        if quoted is None and short is not None and has_diacritics(short):
            quoted = short  # Vietnamese wording, not an English gloss of it
        topic = tuple(syllables(quoted or PRECEDENT_PREFIX.remove(source)))
    else:
        # an English question's source is the glossary's Vietnamese: its frame words
        # ("địa phương" of "localities") are recognised accented
        topic = _topic(source, accented or english, None if english else restore)
    codes = " ".join(r.number or r.prefix or "" for r in refs)
    years = tuple(y for y in dict.fromkeys(_YEAR.findall(norm)) if y not in codes)
    if english and kind != "precedent":
        # words the glossary does not know stay in the topic, as typed: acronyms and codes
        # ("TFP", "VietGAP") match; other words count as not covered, so an answer found
        # only for the translated part is not claimed
        names = vietnamese_names(norm, restore)
        glossed = _glossed(norm)
        loose = tuple(
            w
            for w in untranslated(norm)
            if w not in topic and w not in names and w.lower() not in glossed
        )
        topic = tuple(dict.fromkeys([*topic, *names, *loose]))
    return Analysis(
        norm,
        kind,
        "en" if english else "vi",
        level,
        build_query(searched),
        topic,
        accented,
        focus,
        refs,
        years,
        named_places(norm),
        asked_type(norm),
        loose if english and kind != "precedent" else (),
    )


_LEVEL_WORDS = {
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "thi tran": "thị trấn",
    "huyen": "huyện",
    "tinh": "tỉnh",
    "xa": "xã",
    "phuong": "phường",
    "quan": "quận",
}
_LEVEL_FOLDED = re.compile(r"\b(" + "|".join(_LEVEL_WORDS) + r")\s+(?=[a-z])", re.I)


#: "Huyện ủy", "Thị ủy", "Tỉnh ủy", "Thành ủy" (with or without diacritics)
_COMMITTEE = re.compile(r"\b(huyện|huyen|thị|thi|tỉnh|tinh|thành|thanh)\s+(?:ủy|uỷ|uy)\b", re.I)
_COMMITTEE_LEVEL = {"huyen": "huyện", "thi": "thị xã", "tinh": "tỉnh", "thanh": "thành phố"}


def named_places(norm: str) -> tuple[Place, ...]:
    """Provinces, districts and communes a question names with their level word
    ("huyện Nông Cống", "huyen nong cong", "tỉnh Lâm Đồng"); a party committee names its
    unit too ("Huyện ủy Bảo Lâm" is the district's, "Thị ủy Hương Trà" the town's)."""
    norm = _COMMITTEE.sub(lambda m: _COMMITTEE_LEVEL[fold(m.group(1)).lower()], norm)
    text = (
        norm
        if has_diacritics(norm)
        else _LEVEL_FOLDED.sub(lambda m: _LEVEL_WORDS[m.group(1).lower()] + " ", norm)
    )
    return tuple(get_gazetteer().mentions(text, None, None))


#: an abbreviated type opening a keyword query ("NQ điều chỉnh Chương trình lập pháp …",
#: "QĐ phê duyệt …"): the type of the document searched for, not a word of its title
_OPENING_ABBREVIATION = re.compile(r"^(NQ|NĐ|ND|QĐ|QD|TT|CT|KH|CV|BC|CTr)\s+(?=[^\W\d_])")


def asked_type(norm: str) -> str | None:
    """The document type a question asks about: the one before "số mấy"/"số hiệu", else
    the first one it names, abbreviated before a number or in full (folded, ``cong van``)."""
    folded = fold(norm).lower()
    before = re.search(rf"\b({fold(DOC_TYPE_WORDS)})\s+(?:co\s+)?so\s+(?:may|hieu)\b", folded)
    if before:
        return before.group(1)
    opening = _OPENING_ABBREVIATION.match(norm)
    if opening:
        return fold(canonical_type(opening.group(1)) or "").lower()
    first = _FULL_TYPES.search(folded)
    if first is None:  # "Which decree details …": the English type word asked for
        english = re.search(rf"\b(?:which|what)\s+({DOC_TYPE_EN})\b", folded)
        if english:
            return english.group(1)
        # "Who signed the Bỉm Sơn town report on … Resolution 20-NQ/TW": the report
        first = re.search(rf"\b(?:{DOC_TYPE_EN})\b", folded)
    ref = _PARTIAL_NUMBER.search(folded)
    if ref and (first is None or ref.start() < first.start()):
        return ref.group(1)  # "nđ 62/2026 quy định … báo cáo định kỳ": the decree is asked
    return first.group(0) if first else None


#: unit families whose words name only the kind of answer ("share", "time limit"); the
#: others' words are also what the question is about ("state budget", "fee", "area")
_KIND_ONLY_UNITS = ("percent", "duration")


def _asks_unit(phrase: str) -> bool:
    """True for an English phrase that names the kind of answer ("share", "how many days"),
    not what it is about."""
    return (
        any(cue.search(phrase) for name, cue in UNIT_CUES if name in _KIND_ONLY_UNITS)
        or ASKS_NUMBER.search(phrase) is not None
    )


def _topic(source: str, accented: bool, restore: Callable[[str], str] | None) -> tuple[str, ...]:
    """The question's words without its frame words; without diacritics the frame words
    are recognised in the restored spelling, the topic kept as typed."""
    source = QUESTION_PHRASES.remove(ASKED_BOUND.remove(source, " "), " , ")
    words = syllables(source)
    if accented or restore is None:
        return tuple(s for s in words if not FRAME_WORDS.has(s, accented))
    restored = syllables(restore(source))
    if len(restored) != len(words):
        return tuple(s for s in words if not FRAME_WORDS.has(s, accented))
    return tuple(s for s, r in zip(words, restored, strict=True) if not FRAME_WORDS.has(r, True))


def untranslated(norm: str) -> list[str]:
    """The content words of an English question the glossary does not translate.

    Numbers, years and document numbers are left out (the question's years and document
    references are checked on their own), as are English function words."""
    rest = norm.lower()
    for code in find_codes(norm):
        rest = rest.replace(code.lower(), " ")
    rest = untranslated_rest(rest)
    words = [w.removesuffix("'s") for w in re.findall(r"[a-z][a-z&'/-]*", rest)]
    return [
        w.strip("-")
        for w in words
        if not ENGLISH_WORDS.has(w, False)
        and not ENGLISH_FRAME.has(w, False)
        and len(w) > 2
        # a prefix left of a translated compound ("non-" of "non-bank", "re-", "six-")
        and not (w.endswith("-") and len(w) <= 4)
        and not re.search(r"\d", w)
    ]


_NAME_RUN = re.compile(r"\b[A-Z][a-z]*(?:[ -][A-Z][a-z]*)+\b")


def vietnamese_names(norm: str, restore: Callable[[str], str] | None) -> tuple[str, ...]:
    """Vietnamese names typed without diacritics inside an English question ("Tho Son
    commune", "Thai Nguyen"): runs of two or more capitalised words that the collection's
    vocabulary reads as Vietnamese syllables (restoring gives them diacritics). They are
    topic words matched folded, not English words the glossary missed."""
    if restore is None:
        return ()
    out: list[str] = []
    for m in _NAME_RUN.finditer(norm):
        words = m.group(0).replace("-", " ").split()
        if ENGLISH_WORDS.has(words[0].lower(), False):
            words = words[1:]
        if len(words) < 2:
            continue
        restored = restore(" ".join(w.lower() for w in words)).split()
        if len(restored) == len(words) and all(has_diacritics(r) or r.isalpha() for r in restored):
            if sum(r != w.lower() for r, w in zip(restored, words, strict=True)):
                out += [w.lower() for w in words]
    return tuple(dict.fromkeys(out))


def _keywords_naming_a_document(norm: str) -> bool:
    """Terse keywords with a document type ("huyen X bao cao khoa hoc nam 2022"): a search
    for a document. A pasted clause is longer or punctuated."""
    terse = len(norm.split()) < 2 * PRECEDENT_WORDS and not re.search(r"[,.;:]", norm)
    return terse and _FULL_TYPES.search(fold(norm)) is not None


def _where_within(norm: str, english: bool, restore: Callable[[str], str] | None) -> bool:
    """An English "where …" that already names its locality asks for a place inside it (a
    commune, a site), not for a list of localities."""
    if not english or not re.search(r"\bwhere\b", norm, re.I):
        return False
    if LIST_QUESTION_EN.search(re.sub(r"\bwhere\b", " ", norm, flags=re.I)):
        return False  # "where … which districts …" still lists
    return bool(named_places(norm) or vietnamese_names(norm, restore))


_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_MANNER = Cue(r"\b(?:như\s+)?thế nào\b|\bra sao\b|\bhow\b")


def quoted(text: str) -> list[str]:
    """What a text writes between quotes (“…” or "…")."""
    return [m.group(1) for m in _QUOTED.finditer(text)]


def _quoted_draft(norm: str, shortest: int = PRECEDENT_WORDS) -> str | None:
    """A clause quoted in a question, long enough to be wording rather than a name."""
    long = [q for q in quoted(norm) if len(q.split()) >= shortest]
    return max(long, key=len) if long else None


#: a quoted wording asked for by name ("có câu “Tăng cường công tác kiểm tra, giám sát”")
#: is the wording however short
QUOTED_WORDING = 3


#: an English term the question glosses in Vietnamese: "collective trademarks (nhãn hiệu
#: tập thể)"
_GLOSS = re.compile(r"((?:[A-Za-z-]+\s+){1,4})\(([^)]*[à-ỹđ][^)]*)\)", re.I)


def _glossed(norm: str) -> set[str]:
    """English words the question itself translates in brackets right after them."""
    return {w.lower() for m in _GLOSS.finditer(norm) for w in m.group(1).split()}


#: a stretch of a question inside quotes or brackets
_ENCLOSED = re.compile(r'"([^"]+)"|“([^”]+)”|\(([^)]+)\)')


def _vietnamese_draft(norm: str) -> str | None:
    """The Vietnamese wording an English precedent request quotes or glosses in brackets
    ("How have others phrased: "…" (chủ động phát hiện và đào tạo …)"): the draft itself,
    in its own word order, rather than the glossary's renderings of the English."""
    stretches = []
    for m in _ENCLOSED.finditer(norm):
        text = next(g for g in m.groups() if g)
        words = re.findall(r"[^\W\d_]+", text)
        if len(words) >= 4 and sum(has_diacritics(w) for w in words) >= 0.5 * len(words):
            stretches.append(text)
    return max(stretches, key=len) if stretches else None


def _route(norm: str, refs: tuple[DocRef, ...], focus: Focus, asked: bool) -> Kind:
    """The kind of answer a question calls for."""
    if PRECEDENT_REQUEST.search(norm):
        return "precedent"
    if _quoted_draft(norm) and _MANNER.search(norm):
        return "precedent"  # 'Các văn bản trích dẫn … thế nào: "về phát triển …"'
    if _list_level(norm)[0] or LIST_ITEMS.search(norm):
        return "list"
    if focus.attribute is not None and (refs or focus.attribute in ("replaces", "signer")):
        return "fact"  # "Nghị định 273/2025 thay thế nghị định nào?" asks a number
    subject = ASKS_DOCUMENT.search(norm)
    if subject is not None and len(norm[: subject.start()].split()) <= 2:
        # "Thông tư nào … sửa đổi Thông tư 02/2015 …", "Which circular amends …": the
        # document asked for is the subject; the one it names is what it is about
        return "document"
    if refs and ASKS_ABOUT.search(norm):
        return "document"  # "Báo cáo số 18/BC-UBND là của cơ quan nào và về nội dung gì?"
    if refs and focus.type == "code" and asked:
        return "fact"  # "Nghị quyết 13/NQ-CP công bố nghị định nào …": a number inside it
    if ASKS_DOCUMENT.search(norm):
        return "document"
    if not refs and not QUESTION.search(norm) and NAMES_DOCUMENT.search(norm):
        # "Thông tư của Bộ Tài chính quy định mức thu phí …": a description, not a question
        return "document"
    if not asked:
        if refs or NAMES_DOCUMENT.search(norm) or _keywords_naming_a_document(norm):
            return "document"  # "báo cáo số 18 của UBND …", "thông tư quy định kê đơn …"
        if len(norm.split()) >= PRECEDENT_WORDS:
            return "precedent"  # a pasted clause: how did others word it?
    return "fact"


__all__ = ["Analysis", "DocRef", "Focus", "analyze", "document_refs", "focus_of", "quoted"]
