"""Evidence for a fact: sentences that cover the question in their context and hold a span
of the type it asks for; attributes of a named document from its metadata.

A sentence is judged with its heading path and its document's description (type, number,
title, issuer, locality, date), so "Thái Nguyên … mục tiêu … bao nhiêu phần trăm" is
covered by a sentence under "2- Mục tiêu cụ thể" of Thái Nguyên's programme that says
"… khoảng 35% …". A sentence without a span of the asked type (a quantity in the unit
asked, a date, a document number …) cannot answer; nor can one about another year.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import SearchResult
from ..text.bodies import named_bodies
from ..text.codes import find_codes
from ..text.gazetteer import key
from ..text.lexicon import (
    ASKS_DEFINITION,
    DOC_TYPE_EN,
    DOC_TYPE_WORDS,
    Cue,
    abbreviations,
    glossary_matches,
)
from ..text.normalize import fold, has_diacritics, normalize_line, spaced_folded, syllables
from .analyze import Analysis, DocRef, quoted
from .doctypes import canonical_type, code_type, compatible
from .evidence import Cell, TopicScorer, item_marker, table_cells, table_rows, units
from .spans import (
    DATE,
    SPAN_TYPES,
    Span,
    counted_nearby,
    date_keys,
    find_spans,
    quantities,
    unit_matches,
)

#: a sentence must cover at least this share of the question's topic by itself
OWN_MIN = 0.25
#: joining words a body's name may hold ("Quỹ Bảo hộ công dân và pháp nhân"), both forms
FILLER = frozenset({"và", "va", "của", "cua", "các", "cac"})
_HEADING_UNIT = re.compile(
    r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|Điều \d+[a-zđ]?)[.)\-–]\s|^[A-ZÀ-ỸĐ\s,;:\-–]+$"
)
#: a table column of amounts in đồng: "Mức thu (đồng)", "(nghìn đồng)"
_MONEY_COLUMN = re.compile(r"\((?:nghìn |triệu |)đồng(?:/[^)]*)?\)", re.I)


def has_money_column(text: str) -> bool:
    """True when a text heads a table column of amounts in đồng ("Mức thu (đồng)")."""
    return _MONEY_COLUMN.search(text) is not None


_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_ITEM_MARK = re.compile(r"\s*(?:Điều\s+\d+[a-zđ]?\.|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zđ]\))\s")
_DEFINES = re.compile(r"\b(?:là|được hiểu là|có nghĩa là|gồm)\b", re.I)


@dataclass(frozen=True)
class Evidence:
    """A sentence that may answer, and how well."""

    support: float  # coverage of the topic by the sentence in its context (0–1)
    own: float  # coverage by the sentence alone
    rank: int  # rank of its passage in the search
    result: SearchResult
    span: tuple[int, int]  # the sentence, in the passage's text
    key: tuple[int, int] | None  # the typed span, in the sentence
    #: for a definition: how closely the defined subject is the question's term (0–1)
    fit: float = 1.0
    #: the sentence is a table's row ("Cấp, đổi … giấy phép lái xe / Lần / 115.000")
    row: bool = False
    #: for a value of a table with several value columns: its row's label and its
    #: column's header ("Vùng IV — Mức lương tối thiểu giờ (Đơn vị: đồng/giờ)")
    named: str = ""

    @property
    def text(self) -> str:
        return self.result.text[self.span[0] : self.span[1]]


def context_of(result: SearchResult) -> str:
    """What surrounds a passage: its heading path and its document's description."""
    parts = [
        result.heading,
        result.title,
        result.doc_type,
        result.number,
        result.issuer,
        result.locality,
        result.province,
        result.date,
    ]
    return " \n ".join(p for p in parts if p)


#: the type of the document whose number a question asks: "số hiệu (của) kế hoạch …",
#: "… công bố nghị định nào", "Chương trình hành động … có số hiệu gì"
_ASKED_CODE_TYPE = (
    Cue(rf"\bsố hiệu (?:của )?({DOC_TYPE_WORDS})\b"),
    Cue(rf"\b({DOC_TYPE_WORDS})\s+(?:số\s+)?(?:nào|gì|số mấy)\b"),
    Cue(rf"^({DOC_TYPE_WORDS})\b.*\bsố hiệu\b"),
)


def asked_code_type(question: str) -> str | None:
    """The type of document whose number the question asks, when it says it."""
    for cue in _ASKED_CODE_TYPE:
        m = cue.search(question)
        if m is not None:
            return canonical_type(m.group(1))
    return None


#: the part of a question that names the document it asks about: "theo báo cáo tổng kết
#: NQ 20", "trong Thông tư 154/2025/TT-BTC", "under the 2025 Deposit Insurance Law"
_NAMING = Cue(
    rf"\b(?:theo|trong|tại|của)\s+((?:{DOC_TYPE_WORDS})\b[^,;?()]*)|"
    rf"\b(?:under|in|of)\s+(the\s+(?:[\w-]+\s+){{0,5}}?(?:{DOC_TYPE_EN})\b)"
)


def described_by(result: SearchResult) -> str:
    """What names a passage's document: its type, number, title and issuer."""
    parts = [result.doc_type, result.number, result.title, result.issuer]
    return " \n ".join(p for p in parts if p)


def is_heading(text: str) -> bool:
    """A bare heading ("2- Mục tiêu cụ thể", "III. KẾT QUẢ"): not a quotable answer."""
    flat = " ".join(text.split())
    if len(flat) > 120:
        return False
    words = flat.split()
    if flat.endswith((".", ";")) and not flat.isupper() and len(words) > 4:
        return False  # an item that ends like a sentence: "3. Tồn dư Quỹ … sang năm sau."
    return bool(_HEADING_UNIT.match(flat)) and (len(words) <= 12 or flat == flat.upper())


def vietnamese_terms(analysis: Analysis) -> list[str]:
    """The Vietnamese terms a question types in quotes ("“đặc san” là gì"), or an English
    question in brackets ("a local science council (Hội đồng khoa học)"), folded between
    spaces: what the user calls the thing in the documents' words, so a line must write it
    whole."""
    terms = [q for q in _quoted_terms(analysis.question) if len(syllables(q)) <= _TERM_MAX]
    if analysis.language != "en":
        return [spaced_folded(t) for t in terms if len(syllables(t)) >= 2]
    inside = re.findall(r"\(([^)]*)\)", analysis.question) + terms
    return [spaced_folded(t) for t in inside if has_diacritics(t) and len(syllables(t)) >= 2]


#: a quoted phrase longer than this is a clause, not a term
_TERM_MAX = 8


def about_years(analysis: Analysis, text: str, result: SearchResult) -> bool:
    """True when every year the question names appears in the sentence, the part of its
    passage that leads to it (an article's name: "Chuẩn nghèo … giai đoạn 2027 - 2030"),
    its heading or its document's title: a 2017 report about 2012–2016 does not say what
    happened in 2017. A year in the document's number counts too: "Luật Bảo hiểm tiền gửi
    2025" names the law (111/2025/QH15) by its year."""
    if not analysis.years:
        return True
    at = result.text.find(text)
    lead = result.text[:at] if at > 0 else ""
    around = f"{lead} {text} {result.heading} {result.title or ''} {result.number or ''}"
    return all(y in around for y in analysis.years)


def about_places(analysis: Analysis, text: str, result: SearchResult) -> bool:
    """True when the sentence is about a place the question names: its document reports on
    that place, or the passage, its heading or its title names it."""
    if not analysis.places:
        return True
    around = key(f"{result.text} {result.heading} {result.title or ''}")
    for place in analysis.places:
        name = key(place.name)
        if place.level == "tỉnh":
            if key(result.province or "") == name or name in around:
                return True
        elif key(result.locality or "") == name or re.search(rf"\b{re.escape(name)}\b", around):
            return True
    return False


#: foreign countries as the documents name them, with the ways a question may: a country
#: the question names is a condition the answer must be stated for
_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("Lào", r"Lào(?! Cai)|Lao(?! [Đđ]ộng| dong| Cai)|Laos"),  # not the province Lào Cai
    ("Campuchia", r"Campuchia|Cam-pu-chia|Cambodia"),
    ("Trung Quốc", r"Trung Quốc|Trung Quoc|China"),
    ("Thái Lan", r"Thái Lan|Thai Lan|Thailand"),
    ("Hàn Quốc", r"Hàn Quốc|Han Quoc|Korea"),
    ("Nhật Bản", r"Nhật Bản|Nhat Ban|Japan"),
    ("Hoa Kỳ", r"Hoa Kỳ|Hoa Ky|United States|USA"),
    ("Ấn Độ", r"Ấn Độ|An Do|India"),
    ("Myanmar", r"Myanmar"),
    ("Singapore", r"Singapore"),
    ("Indonesia", r"Indonesia"),
)


def named_countries(question: str) -> list[str]:
    """The foreign countries a question names (as written in Vietnamese documents)."""
    return [name for name, asked in _COUNTRIES if re.search(rf"\b(?:{asked})\b", question)]


def about_countries(countries: Sequence[str], result: SearchResult) -> bool:
    """True when the passage, its heading or its title names every country asked about
    ("hạn ngạch … gạo từ Lào" is not answered by the quota for rice from Campuchia)."""
    around = f"{result.text} {result.heading} {result.title or ''}"
    return all(re.search(rf"\b{re.escape(c)}\b(?! Cai)", around) for c in countries)


def typed_spans(
    analysis: Analysis, text: str, result: SearchResult, priced: bool = False
) -> list[Span]:
    """Spans of the type the question asks for, that can be its answer; ``priced``: the
    passage's document has a table column of amounts ("Mức thu (đồng)")."""
    focus = analysis.focus
    # an item's numbering ("1. Học viên …", "Điều 24. …") is not a quantity or a date
    mark = _ITEM_MARK.match(text)
    spans = [s for s in find_spans(text, focus.type) if mark is None or s.start >= mark.end()]
    if focus.type == "quantity":
        priced = "money" in focus.units and (priced or has_money_column(result.text))
        spans = [
            s
            for s in spans
            if unit_matches(s, focus.units)
            or counted_nearby(text, s, focus.units)
            # a fee table's cell: "115.000" under "Mức thu (đồng)"
            or (priced and s.unit is None and _AMOUNT.fullmatch(text[s.start : s.end]))
        ]
    elif focus.type == "code":
        own = fold(result.number or "").replace(" ", "")
        asked_type = asked_code_type(analysis.question)
        spans = [
            s
            for s in spans
            if (code := fold(text[s.start : s.end]).replace(" ", "")) != own
            and not any(_names(ref, code) for ref in analysis.doc_refs)
            # "số hiệu kế hoạch …" is not a decision's number (2388/QĐ-UBND)
            and compatible(code_type(text[s.start : s.end]), asked_type)
        ]
    elif focus.type == "date":
        # a date the question already states is its condition, not its answer ("họp ngày
        # nào trong 6 tháng đầu năm 2022" is not answered by "năm 2022"; "đề án phê duyệt
        # trước 01/01/2026 được thực hiện đến khi nào" not by "ngày 01 tháng 01 năm 2026")
        stated = date_keys(analysis.question)
        spans = [
            s for s in spans if not (said := date_keys(text[s.start : s.end])) <= stated or not said
        ]
        if analysis.doc_refs:
            refs = asked_refs(analysis)
            if focus.attribute == "issued":
                # "Chương trình số 23-CTr/HU … thực hiện NQ 20 được ban hành ngày nào": the
                # date asked is the first-named document's, not the one it implements
                refs = refs[:1]
            spans = [s for s in spans if not _owned_by_other(refs, text, s, analysis.doc_type)]
    elif focus.type == "agent":
        # the body the question is about ("… nhiệm vụ của Quỹ Bảo hộ công dân") is not the
        # one it asks for: a span made only of the question's words is not an answer
        asked = set(analysis.keys_of(analysis.question)) | set(analysis.topic_keys)
        spans = [
            s for s in spans if not set(analysis.keys_of(text[s.start : s.end])) - FILLER <= asked
        ]
    return spans


def _names(ref: DocRef, code: str) -> bool:
    """True when a reference of the question is this code ("NQ 20" is 20-NQ/TW)."""
    if ref.number:
        return fold(ref.number).replace(" ", "") == code
    prefix = ref.prefix or ""
    return bool(prefix) and (code.startswith(prefix + "/") or code.startswith(prefix + "-"))


def asked_refs(analysis: Analysis) -> list[DocRef]:
    """The documents the question asks about: those it names outside brackets (a bracket
    describes: "Quyết định 2388/QĐ-UBND (kế hoạch thực hiện NQ 46/NQ-CP)")."""
    plain = re.sub(r"\([^)]*\)", " ", fold(analysis.question))
    out = [
        ref
        for ref in analysis.doc_refs
        if (needle := fold(ref.number or ref.prefix or "")) and needle in plain
    ]
    return out or list(analysis.doc_refs)


#: a document number with the date that follows it: "46/NQ-CP ngày 29/3/2013"
_CODE_THEN = re.compile(r"\d+[\w.-]*(?:/[\w.Đđ&-]+)+[\s,]*(?:của [^,;]{0,40}?)?[\s,]*$")


def _owned_by_other(
    asked: Sequence[DocRef], text: str, span: Span, asked_type: str | None = None
) -> bool:
    """True when a date follows another document's number ("… Nghị quyết số 46/NQ-CP
    ngày 29/3/2013"): it is that document's date, not the one asked about — unless that
    number is written after the type the question asks ("Công văn của Sở … ban hành ngày
    nào" and "Công văn số 148/SKHCN-TCKH ngày 27 tháng 02 năm 2017")."""
    start = max(0, span.start - 60)
    m = _CODE_THEN.search(text[start : span.start])
    if m is None:
        return False
    if asked_type:
        before = fold(text[max(0, start + m.start() - 25) : start + m.start()]).lower()
        if re.search(rf"\b{re.escape(fold(asked_type).lower())}(?:\s+so)?\s*$", before):
            return False
    code = fold(m.group(0).split()[0]).rstrip(",")
    return not any(_names(ref, code) or fold(ref.number or "") == code for ref in asked)


def _ref_mentions(analysis: Analysis, text: str) -> list[int]:
    """Where the sentence mentions a document the question asks about (by its number)."""
    out = []
    folded = fold(text)
    for ref in asked_refs(analysis):
        needle = fold(ref.number or ref.prefix or "")
        if len(needle) < 2:
            continue
        for m in re.finditer(rf"(?<![\d/]){re.escape(needle)}(?![\d])", folded):
            out.append(m.end())
    return out


def pick_span(analysis: Analysis, text: str, spans: Sequence[Span], anchors: Sequence[int]) -> Span:
    """The span that answers: after a mention of the named document when there is one
    ("… số 23-CTr/HU, ngày 10/01/2013"); for a body or person, the subject before the
    question's words ("Cục Phòng bệnh là đầu mối …"); for a quantity, the one whose own
    words hold most of the topic ("16 đề tài … cấp cơ sở", not "10 đề tài … cấp ngành");
    else the one nearest the topic words."""
    mentions = _ref_mentions(analysis, text)
    after = [s for s in spans if any(0 <= s.start - m <= 40 for m in mentions)]
    if after:
        return min(after, key=lambda s: s.start)
    if analysis.focus.type == "agent" and anchors:
        # quoted with its lead-in or article name, the subject is in the item's own line
        line = text.rfind("\n") + 1
        own = [a for a in anchors if a >= line] or list(anchors)
        before = [s for s in spans if s.start >= line and s.end <= min(own)]
        if before:
            return max(before, key=lambda s: s.end)
        if any(s.start >= line for s in spans):
            spans = [s for s in spans if s.start >= line]  # the answer is in the item
    if analysis.focus.type == "quantity" and len(spans) > 1:
        # "tối đa bao nhiêu" is answered by the bound from above ("không quá 70 người"),
        # "tối thiểu" by the one from below, when the sentence has both kinds
        wanted = asked_bound(analysis.question)
        if wanted is not None:
            same = [s for s in spans if _direction(text, s.start, s.end) == wanted]
            spans = same or spans
        topic = set(analysis.topic_keys)

        def held(s: Span) -> int:
            tail = re.split(r"[,;:]", text[s.start :], maxsplit=1)[0]
            return len(topic & set(analysis.keys_of(tail)))

        most = max(held(s) for s in spans)
        spans = [s for s in spans if held(s) == most]
    if not anchors:
        return spans[0]
    return min(spans, key=lambda s: (min(abs(s.start - a) for a in anchors), s.start))


_DESCRIBED_BY = re.compile(r"\s(?:theo|tại|according to|under)\s", re.I)
#: the longest a quoted term is (longer: a clause)
_QUOTED_CHARS = 80


def _quoted_terms(question: str) -> list[str]:
    """What a question quotes that may be a term: 2 to 80 characters."""
    return [q for q in quoted(question) if 2 <= len(q) <= _QUOTED_CHARS]


#: the verb by which a document defines a term: what follows it is the term
_DEFINING_VERB = re.compile(r"\b(?:định nghĩa|dinh nghia|giải thích|giai thich|defines?)\b", re.I)


def defined_term(analysis: Analysis) -> set[str]:
    """The topic words of the term a definition question asks about: before "là gì", after
    "thế nào là" / "khái niệm", never the document it names ("thuốc nam là gì theo thông tư
    kê đơn thuốc cổ truyền": thuốc nam)."""
    topic = set(analysis.topic_keys)
    # a term typed in quotes is the term ("Luật Báo chí định nghĩa “đặc san” là gì")
    named = [topic & set(analysis.keys_of(q)) for q in _quoted_terms(analysis.question)]
    named = [q for q in named if q]
    if len(named) == 1:
        return named[0]
    m = ASKS_DEFINITION.search(analysis.question)
    if m is None:
        return topic
    before, after = analysis.question[: m.start()], analysis.question[m.end() :]
    part = before if topic & set(analysis.keys_of(before)) else after
    part = _DESCRIBED_BY.split(f" {part} ", maxsplit=1)[0]
    # "Luật Báo chí định nghĩa đặc san là gì": the document defines, the term follows
    defined = _DEFINING_VERB.split(part)[-1]
    if topic & set(analysis.keys_of(defined)):
        part = defined
    return (topic & set(analysis.keys_of(part))) or topic


def definition_key(analysis: Analysis, text: str) -> tuple[int, int] | None:
    """The definition in a sentence that defines the question's term ("X là …")."""
    m = _DEFINES.search(text)
    if m is None:
        return None
    term = defined_term(analysis)
    subject = analysis.keys_of(text[: m.start()])
    before = set(subject)
    if not term or len(term & before) < max(1, len(term) // 2):
        return None
    if sum(w in term for w in subject) < 0.6 * len(subject):
        return None  # "Thời hạn của Giấy phép vận tải biển là …" defines the term's period
    return m.end() + (len(text[m.end() :]) - len(text[m.end() :].lstrip())), len(text)


def _definition_fit(analysis: Analysis, text: str) -> float:
    """How well a sentence defines the asked term: its subject (without the item's number,
    "1.3.1.") against the term, a copula ("là") before an enumeration ("bao gồm": what
    kinds there are, not what it is)."""
    m = _DEFINES.search(text)
    if m is None:
        return 0.0
    head = text[: m.start()]
    mark = _ITEM_MARK.match(head)
    if mark is not None:
        head = head[mark.end() :]
    subject = set(analysis.keys_of(re.sub(r"\bbao\s*$", "", head, flags=re.I)))
    fit = _fit(defined_term(analysis), subject)
    return fit * 0.8 if m.group(0).lower() == "gồm" else fit


def _fit(term: set[str], subject: set[str]) -> float:
    """How much the defined subject and the asked term are the same words (Jaccard)."""
    return len(term & subject) / max(1, len(term | subject))


#: an acronym typed in capitals ("CO", "TFP", "ODA")
_ACRONYM = re.compile(r"(?<![\w&/.-])[A-ZĐ]{2,6}(?![\w&/-])")


def named_acronyms(question: str) -> list[str]:
    """Acronyms a question types that name what it is about ("Hàm lượng CO …"): not a
    known abbreviation (UBND, KH&CN: the text may spell them out), not part of a document
    number ("QCVN 16-1:2025/BYT") and not a body's short name ("Bộ GD&ĐT", "NHNN"). A
    sentence that answers must write them."""
    known = {a for a, _ in abbreviations()}
    codes = " ".join(find_codes(question))
    bodies = " ".join(named_bodies(question))
    out = []
    for m in _ACRONYM.finditer(question):
        word = m.group(0)
        if word in known or word in codes or fold(word) in fold(bodies).upper():
            continue
        if named_bodies(word) or word in _BODY_SHORT:
            continue
        out.append(word)
    return list(dict.fromkeys(out))


#: short names of bodies and document types that a question may type in capitals
_BODY_SHORT = frozenset(
    "QCVN TCVN QH NQ ND NĐ TT TTLT QĐ CP TW TU BCH BTV HĐND UBND MTTQ VN VND VNĐ".split()
)


def _writes(acronyms: Sequence[str], text: str) -> bool:
    """True when the text writes every acronym, as typed or spelled out: an acronym of
    three letters or more may be the initials of the words it stands for ("NCKH" →
    "nghiên cứu khoa học"); two letters are too easily met by chance."""
    initials = ""
    for a in acronyms:
        if re.search(rf"(?<![\w&/-]){re.escape(a)}(?![\w&])", text):
            continue
        if len(a) < 3:
            return False
        if not initials:
            initials = " " + "".join(fold(w)[0].lower() for w in syllables(text))
        if fold(a).lower() not in initials:
            return False
    return True


#: unit families whose amount a question states as a condition ("tỷ lệ tổn thương từ 31%
#: trở xuống", "dự án trên 500 triệu đồng"): the answering sentence must state it too
_CONDITION_UNITS = ("percent", "money", "area")
#: words before an amount that bound it from above or below (folded)
_AT_MOST = re.compile(r"(?:duoi|khong qua|toi da|chua den|chua toi|below|under|at most)\s*$")
_AT_LEAST = re.compile(r"(?:tren|hon|vuot|toi thieu|it nhat|above|over|at least)\s*$")
#: a question asking a bound: "tối đa" / "maximum" (group 1), "tối thiểu" / "minimum"
_ASKED_BOUND = re.compile(
    r"\b(toi da|khong qua|at most|maximum|up to)\b|\b(?:toi thieu|it nhat|at least|minimum)\b"
)


def asked_bound(question: str) -> str | None:
    """ "at most" for a question asking a bound from above ("tối đa bao nhiêu"), "at
    least" for one from below ("tối thiểu"), else None."""
    bound = _ASKED_BOUND.search(fold(question).lower())
    if bound is None:
        return None
    return "at most" if bound.group(1) else "at least"


def _amount(text: str) -> float | None:
    digits = re.search(r"\d[\d.,]*", text)
    if digits is None:
        return None
    raw = digits.group(0).rstrip(".,")
    raw = raw.replace(".", "").replace(",", ".") if re.search(r"\.\d{3}", raw) else raw
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _direction(text: str, start: int, end: int) -> str | None:
    """Whether an amount is a bound from above ("dưới 31%", "31% trở xuống") or below
    ("trên 31%", "từ 31% trở lên"), read from the words around it."""
    digits = re.search(r"\d[\d.,]*", text[start:end])
    if digits is not None:  # the qualifier and unit words may be inside the span
        start, end = start + digits.start(), start + digits.end()
    before = fold(text[max(0, start - 15) : start]).lower()
    after = fold(text[end : end + 20]).lower()
    if "tro xuong" in after or _AT_MOST.search(before):
        return "at most"
    if "tro len" in after or _AT_LEAST.search(before):
        return "at least"
    return None


#: kinds of charge that the law tells apart: a question asking one ("lệ phí dự thi") is not
#: answered by a sentence giving another ("chi phí cấp chứng chỉ"); folded
_CHARGES = (
    "le phi",
    "chi phi",
    "hoc phi",
    "lai suat",
    "tien phat",
    "muc phat",
    "thue suat",
    "luong",
    "thu lao",
    "phu cap",
)


#: charges whose folded form is another word too ("luong": lương, and lượng of "số lượng",
#: "sản lượng"): named only with their diacritics
_ACCENTED_CHARGES = {"luong": "lương"}


def _spaced(text: str) -> str:
    return " " + " ".join(w.lower() for w in syllables(text)) + " "


def _names_charge(charge: str, folded: str, spaced: str) -> bool:
    accented = _ACCENTED_CHARGES.get(charge)
    return f" {accented} " in spaced if accented else f" {charge} " in folded


def asked_charges(question: str) -> list[str]:
    """The kinds of charge a question asks for by name ("lệ phí", "lãi suất" …)."""
    folded, spaced = spaced_folded(question), _spaced(question)
    return [c for c in _CHARGES if _names_charge(c, folded, spaced)]


def names_charges(charges: Sequence[str], text: str) -> bool:
    """True when a text names every kind of charge asked."""
    folded, spaced = spaced_folded(text), _spaced(text)
    return all(_names_charge(c, folded, spaced) for c in charges)


#: a class the question names by its label ("vùng IV", "nhóm I", "hạng Ba", "loại 1"): the
#: answering sentence must name the same class (folded)
_LABELLED = re.compile(
    r"\b(vung|nhom|hang|loai|bac|khu vuc|region|zone|group|class|grade|tier|type|category)[\s-]+"
    r"([ivx]+|\d{1,2}|mot|hai|ba|bon|tu|nam)\b"
)


#: the same, with diacritics: "hàng hải" (maritime) and "hàng năm" (yearly) are no class
_LABELLED_VI = re.compile(
    r"\b(vùng|nhóm|hạng|loại|bậc|khu vực|region|zone|group|class|grade|tier|type|category)"
    r"[\s-]+([ivx]+|\d{1,2}|một|hai|ba|bốn|tư|năm)\b"
)


def stated_labels(question: str) -> list[tuple[str, str]]:
    """The classes a question names by label, folded: [("vung", "iv")]. Typed without
    diacritics, a label spelled in words counts only when capitalised ("hang Ba"): "hang
    hai" is more often "hàng hải"."""
    if has_diacritics(question):
        low = normalize_line(question).lower()
        return [(fold(m.group(1)), fold(m.group(2))) for m in _LABELLED_VI.finditer(low)]
    folded = fold(normalize_line(question))  # one character for one
    out = []
    for m in _LABELLED.finditer(folded.lower()):
        label = m.group(2)
        if label.isalpha() and not re.fullmatch(r"[ivx]+", label):
            if not folded[m.start(2)].isupper():
                continue
        out.append((m.group(1), label))
    return out


def names_labels(labels: Sequence[tuple[str, str]], text: str) -> bool:
    """True when a text names every labelled class the question names (English nouns are
    not required: the text is Vietnamese)."""
    low = spaced_folded(text)
    for noun, label in labels:
        if not re.search(rf"\b{re.escape(label)}\b", low):
            return False
        if noun in ("region", "zone", "group", "class", "grade", "tier", "type", "category"):
            continue
        if f" {noun} " not in low:
            return False
    return True


def stated_conditions(question: str) -> list[tuple[float, str | None]]:
    """The amounts a question states as conditions (percent, money, area), each with its
    direction."""
    out = []
    for sp in quantities(question):
        if sp.unit in _CONDITION_UNITS:
            value = _amount(question[sp.start : sp.end])
            if value is not None:
                out.append((value, _direction(question, sp.start, sp.end)))
    return out


def meets_conditions(conditions: Sequence[tuple[float, str | None]], text: str) -> bool:
    """True when a sentence states every amount the question states, in no opposite
    direction ("trên 31%" does not answer "từ 31% trở xuống")."""
    if not conditions:
        return True
    stated = [
        (_amount(text[s.start : s.end]), _direction(text, s.start, s.end)) for s in quantities(text)
    ]
    for value, direction in conditions:
        same = [d for v, d in stated if v == value]
        if not same:
            return False
        if direction and all(d and d != direction for d in same):
            return False
    return True


@dataclass(frozen=True)
class _Named:
    """What a question names that an answering text must name too."""

    acronyms: Sequence[str]
    charges: Sequence[str]
    labels: Sequence[tuple[str, str]]
    countries: Sequence[str]
    terms: Sequence[str]

    def held_by(self, text: str, context: str, r: SearchResult, lead: str = "") -> bool:
        """True when a text in its passage's context names them all: the acronyms, the
        charge, the class labelled ("vùng V" is not answered on "vùng IV"; an item's
        lead-in may say it), the country, the Vietnamese term typed (whole)."""
        around = f"{text}\n{context}"
        return (
            (not self.acronyms or _writes(self.acronyms, around))
            and (not self.charges or names_charges(self.charges, around))
            and (not self.labels or names_labels(self.labels, f"{lead}\n{text}"))
            and (not self.countries or about_countries(self.countries, r))
            and (not self.terms or all(w in spaced_folded(around) for w in self.terms))
        )


def find_evidence(
    analysis: Analysis,
    scorer: TopicScorer,
    results: Sequence[SearchResult],
    priced: frozenset[str] = frozenset(),
) -> list[Evidence]:
    """Every sentence of the passages that could answer, best first; ``priced``: the
    documents with a table column of amounts (its cells carry no unit of their own)."""
    focus = analysis.focus.type
    acronyms = named_acronyms(analysis.question)
    if analysis.language == "en":
        # an English acronym the glossary translates ("SBV": Ngân hàng Nhà nước) is sought
        # in its Vietnamese words, which the topic holds
        translated = {p.upper() for p, _ in glossary_matches(analysis.question)}
        acronyms = [a for a in acronyms if a not in translated]
    named = " ".join(m.group(1) or m.group(2) for m in _NAMING.finditer(analysis.question))
    naming = frozenset(analysis.keys_of(named))
    conditions = stated_conditions(analysis.question)
    # an English question names its charge in the glossary's Vietnamese ("salary": lương)
    said = analysis.question if analysis.language == "vi" else " ".join(analysis.topic)
    required = _Named(
        acronyms,
        asked_charges(said) if focus == "quantity" else [],
        stated_labels(analysis.question),
        named_countries(analysis.question),
        vietnamese_terms(analysis),
    )
    out = []
    for rank, r in enumerate(results):
        context = context_of(r)
        sentences = units(r.text)
        rows = table_rows(r.text) if focus == "quantity" else []
        for a, b in _quotable(r.text, with_subject=focus == "agent") + rows:
            text = r.text[a:b]
            # an article's name may state the answer ("Điều 4. Ban hành 17 mẫu giấy tờ về
            # quốc tịch"); other headings ("2- Mục tiêu cụ thể") are not quoted
            heading = is_heading(text) and not (
                focus in SPAN_TYPES and _ARTICLE.match(text) is not None
            )
            if heading or not about_years(analysis, text, r):
                continue
            if not about_places(analysis, text, r) or not meets_conditions(conditions, text):
                continue
            if not required.held_by(
                text, context, r, _lead_line(r.text, sentences, a) if required.labels else ""
            ):
                continue
            # the words that name the document ("theo báo cáo tổng kết NQ 20") are said
            # by its title: the sentence must cover the rest of the question by itself
            own = scorer.support(text, naming & frozenset(analysis.keys_of(described_by(r))))
            if own < OWN_MIN:
                continue
            support = scorer.support(f"{text} \n {context}")
            key: tuple[int, int] | None = None
            if focus in SPAN_TYPES:
                spans = typed_spans(analysis, text, r, r.doc_id in priced)
                if not spans:
                    continue
                anchors = [s for s, _ in scorer.matched_spans(text)]
                best = pick_span(analysis, text, spans, anchors)
                key = (best.start, best.end)
            fit = 1.0
            if focus == "definition":
                key = definition_key(analysis, text)
                if key is None:
                    continue
                fit = _definition_fit(analysis, text)
                # the law's own definitions stand in its "Giải thích từ ngữ" article; "Bảo
                # hiểm tiền gửi là loại hình bảo hiểm bắt buộc" elsewhere only says of it
                fit += _GLOSSARY_BONUS * _in_definitions_article(r, a)
            out.append(Evidence(support, own, rank, r, (a, b), key, fit, (a, b) in rows))
        if focus == "quantity":
            for cell in table_cells(r.text):
                e = _cell_evidence(analysis, scorer, r, rank, cell, context, priced)
                if e is not None and required.held_by(_named_by(cell), context, r):
                    out.append(e)
    # a definition of the term itself before one that only mentions it
    out.sort(key=lambda e: (-e.fit, -e.support, -e.own, e.rank, e.span))
    wanted = asked_bound(analysis.question) if focus == "quantity" else None
    if wanted is not None:
        # "cần tối thiểu bao nhiêu lượt" is answered by a bound from below ("tối thiểu 400
        # lượt"), not by a count that bounds nothing ("03 lượt … đối với hạng Ba")
        out.sort(key=lambda e: e.key is None or _direction(e.text, *e.key) != wanted)
    return out


#: what a definition in the article of definitions adds to its fit (less than any
#: difference of fit between two subjects: it only breaks ties)
_GLOSSARY_BONUS = 0.01
_DEFINITIONS_ARTICLE = re.compile(r"giải thích (?:từ ngữ|thuật ngữ)|định nghĩa", re.I)


def _in_definitions_article(r: SearchResult, at: int) -> bool:
    """True when offset ``at`` of the passage is in an article of definitions ("Điều 4.
    Giải thích từ ngữ"), named in the passage or in its heading."""
    start = _article_of(r.text, at)
    if start is None:
        name = r.heading
    else:
        end = r.text.find("\n", start)
        name = r.text[start : len(r.text) if end < 0 else end]
    return _DEFINITIONS_ARTICLE.search(name or "") is not None


def _named_by(cell: Cell) -> str:
    """What names a table's value: the header over the labels, its row's label and its
    column's header."""
    return f"{cell.corner} {cell.label} {cell.header}"


#: the unit a table's column header gives its values: "(Đơn vị: đồng/tháng)"
_UNIT_NOTE = re.compile(r"\(\s*(?:Đơn vị(?: tính)?|ĐVT)\s*:\s*([^)]+)\)", re.I)


def _cell_evidence(
    analysis: Analysis,
    scorer: TopicScorer,
    r: SearchResult,
    rank: int,
    cell: Cell,
    context: str,
    priced: frozenset[str],
) -> Evidence | None:
    """A table's value as evidence: judged by what names it (the row's label and the
    column's header, "Vùng I" and "Mức lương tối thiểu giờ"), typed by the unit its header
    gives ("đồng/giờ"), quoted as its row with the value as the key span."""
    named = _named_by(cell)
    if not about_years(analysis, named, r) or not about_places(analysis, named, r):
        return None
    own = scorer.support(named)
    if own < OWN_MIN:
        return None
    value = r.text[cell.value[0] : cell.value[1]]
    note = _UNIT_NOTE.search(cell.header)
    typed = f"{value} {note.group(1).strip()}" if note else value
    if not typed_spans(analysis, typed, r, r.doc_id in priced):
        return None
    support = scorer.support(f"{named} \n {context}")
    a = cell.row[0]
    key = (cell.value[0] - a, cell.value[1] - a)
    return Evidence(
        support, own, rank, r, cell.row, key, 1.0, True, f"{cell.label} — {cell.header}"
    )


#: a sentence that goes on from the one before ("Đồng thời …", a lower-case start that is
#: not an item marker such as "b)")
_CONTINUES = re.compile(r"^(?:Đồng thời|Ngoài ra|Bên cạnh đó|Trong đó)\b|^[a-zà-ỹđ](?![.)]\s)")
#: an enumeration's lead-in is quoted with its item up to this length
_LEAD_IN_QUOTE = 600
#: an item this short (in words) is also quoted with its lead-in, up to this length
_SHORT_ITEM = 10
_SHORT_QUOTE = 300


def _quotable(text: str, with_subject: bool) -> list[tuple[int, int]]:
    """The sentences of a passage, and an item of an enumeration together with its
    lead-in: a short item ("b) Phạt tiền đến 50.000.000 đồng;") says whose it is only there
    ("1. Chủ tịch Ủy ban nhân dân cấp xã có quyền:"). With ``with_subject`` (who does it is
    asked), every item is offered with its lead-in ("1. Bộ Ngoại giao:") or its article's
    name ("Điều 7. Binh chủng Hóa học"), and a sentence that goes on from the one before
    ("Đồng thời chủ trì …") together with it."""
    spans = units(text)
    out = list(spans)
    for i, (a, b) in enumerate(spans):
        if with_subject and i > 0 and _CONTINUES.match(text[a:b]):
            out.append((spans[i - 1][0], b))
        if not with_subject and len(text[a:b].split()) > _SHORT_ITEM:
            continue
        lead = lead_in_of(spans, i, text)
        if lead is None and with_subject:
            lead = _article_of(text, a)
        longest = _LEAD_IN_QUOTE if with_subject else _SHORT_QUOTE
        if lead is not None and lead < a and b - lead <= longest:
            out.append((lead, b))
    return out


_ARTICLE = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*[.:]", re.M)


def _article_of(text: str, at: int) -> int | None:
    """Where the article ("Điều 7. …") that holds offset ``at`` starts in the passage."""
    start = None
    for m in _ARTICLE.finditer(text, 0, at):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    return start


def lead_in_of(spans: list[tuple[int, int]], i: int, text: str) -> int | None:
    """Where the lead-in (a line ending with ":") of the enumeration item ``i`` starts."""
    kind = item_marker(text[spans[i][0] : spans[i][1]])
    if kind is None:
        return None
    j = i
    while j > 0 and item_marker(text[spans[j - 1][0] : spans[j - 1][1]]) == kind:
        j -= 1
    if j > 0 and text[spans[j - 1][0] : spans[j - 1][1]].rstrip().endswith(":"):
        return spans[j - 1][0]
    return None


def _lead_line(text: str, spans: list[tuple[int, int]], start: int) -> str:
    """The lead-in of the enumeration whose item starts at ``start`` ("1. Điều kiện cấp
    … hạng Ba:" over "b) Có tối thiểu 400 lượt …"): the item is said of what it names.
    ``spans``: the passage's :func:`units`."""
    at = next((i for i, u in enumerate(spans) if u[0] == start), None)
    lead = None if at is None else lead_in_of(spans, at, text)
    if lead is None:
        return ""
    end = next(b for a, b in spans if a == lead)
    return text[lead:end]


def line_with(text: str, needle: str) -> tuple[int, int] | None:
    """The line of ``text`` that holds ``needle`` (compared folded, case-insensitive)."""
    found = find_loosely(text, needle)
    if found is None:
        return None
    pos = found[0]
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def find_loosely(text: str, needle: str) -> tuple[int, int] | None:
    """Where ``needle`` stands in ``text``, compared folded and case-insensitive, spaces
    and Markdown marks inside it allowed ("Số: **18** /BC-UBND" holds "18/BC-UBND")."""
    low, want = fold(text).lower(), fold(needle).lower()
    pos = low.find(want)
    if pos >= 0:
        return pos, pos + len(want)
    chars = [re.escape(c) for c in want if not c.isspace()]
    if not chars:
        return None
    m = re.search(r"[ \t*]*".join(chars), low)  # within a line
    return (m.start(), m.end()) if m else None


def date_line(text: str, iso: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(line, date span) of the date ``iso`` (YYYY-MM-DD) written in ``text``."""
    try:
        year, month, day = (int(x) for x in iso.split("-"))
    except ValueError:
        return None
    for m in DATE.finditer(text):
        if (day, month, year) in date_keys(m.group(0)):
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            line = (start, len(text) if end < 0 else end)
            return line, (m.start() - start, m.end() - start)
    return None
