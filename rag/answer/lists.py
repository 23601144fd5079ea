"""List answers: the localities (or the items of a text) a question asks for.

A locality is listed only when a sentence of its documents covers the question's core
topic — its most specific word pair ("cá lồng", "đệm lót"), not merely shared words — and
the quote is that sentence, never a bare heading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..records import Citation, LocalityLine, SearchResult
from ..text.gazetteer import get_gazetteer
from ..text.normalize import fold, match_form, spaced_folded, syllables
from .analyze import Analysis
from .evidence import TopicScorer, item_marker, units
from .facts import context_of, is_heading, lead_in_of, vietnamese_terms
from .library import cite

#: items quoted at most for a list of things a text enumerates
MAX_ITEMS = 15

GroupKey = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class Supported:
    """A sentence that covers the topic, with its passage and its support."""

    support: float
    rank: int
    result: SearchResult
    span: tuple[int, int]


def core_phrase(
    analysis: Analysis,
    idf: dict[str, float],
    written: Callable[[list[tuple[str, str]]], set[tuple[str, str]]] | None = None,
) -> tuple[str, ...]:
    """The most specific part of the topic: its rarest pair of words written side by side
    in the question (no punctuation or question word between them), or its rarest word.

    ``written`` tells which pairs the collection writes side by side somewhere. A pair it
    never writes whose first word it writes after the word before and whose second word
    it writes before the word after ("mở rộng | quỹ phát triển") is the seam
    between two phrases, not a phrase: it is not the core. A pair never written that is no
    seam ("nuôi cá lồng" at the end of a question) stays a candidate: a topic the
    collection does not write is not found."""
    # an English word the glossary could not translate is not expected in the text, unless
    # the question types it as an acronym ("TFP")
    typed_caps = {
        match_form(w.lower(), analysis.accented)
        for w in re.findall(r"\b[A-Z]{2,}\b", analysis.question)
    }
    loose = {match_form(w, analysis.accented) for w in analysis.loose} - typed_caps
    # a preposition ("nhắc tới", "thông qua", "đóng góp vào") joins phrases, it is in none
    linking = {match_form(w, analysis.accented) for w in _LINKING}
    keys = set(analysis.topic_keys) - loose - linking
    words = analysis.keys_of(analysis.question)
    # words in brackets are examples or alternatives ("mô hình nuôi cá cụ thể (cá rô phi,
    # cá chạch …)"): the core is outside them where the question has a pair there
    outside = re.sub(r"\([^)]*\)", " , ", analysis.question)
    pairs, seams = _pairs(analysis, outside, keys)
    if not pairs:
        pairs, seams = _pairs(analysis, analysis.question, keys)
    if not pairs:
        singles = [w for w in words if w in keys]
        return (max(singles, key=lambda w: idf.get(w, 0.0)),) if singles else ()
    if written is not None and seams:
        seen = written(list(dict.fromkeys([*pairs, *(p for s in seams for p in s[1:])])))
        cut = {pair for pair, left, right in seams if pair not in seen and {left, right} <= seen}
        pairs = [p for p in pairs if p not in cut] or pairs
    return max(pairs, key=lambda p: idf.get(p[0], 0.0) + idf.get(p[1], 0.0))


Pair = tuple[str, str]

#: prepositions and linking verbs a question's topic keeps but a core phrase never starts
#: or ends with
_LINKING = ("tới", "qua", "vào", "với", "bằng", "từ", "đến", "cho", "ra", "lên", "sau", "trước")


def _pairs(
    analysis: Analysis, text: str, keys: set[str]
) -> tuple[list[Pair], list[tuple[Pair, Pair, Pair]]]:
    """The pairs of topic words ``text`` writes side by side (no punctuation between),
    and for each pair inside a run of words, the pairs it makes with its neighbours."""
    pairs: list[Pair] = []
    seams: list[tuple[Pair, Pair, Pair]] = []
    for chunk in re.split(r"[,;:()?!./]", text):
        run = analysis.keys_of(chunk)
        for i in range(len(run) - 1):
            a, b = run[i], run[i + 1]
            if a in keys and b in keys:
                pairs.append((a, b))
                if 0 < i < len(run) - 2:
                    seams.append(((a, b), (run[i - 1], a), (b, run[i + 2])))
    return pairs, seams


def _bracketed_only(analysis: Analysis) -> set[str]:
    """Folded topic words the question writes only inside brackets. An English question's
    brackets give the Vietnamese term itself ("a local science council (Hội đồng khoa
    học)"), which is not optional."""
    inside = " ".join(re.findall(r"\(([^)]*)\)", analysis.question))
    if not inside or analysis.language == "en":
        return set()
    outside = re.sub(r"\([^)]*\)", " ", analysis.question)
    out_words = {fold(w) for w in syllables(outside)}
    return {fold(w) for w in syllables(inside)} - out_words


#: words that may stand inside a core phrase: "nhãn hiệu (hàng hóa) tập thể"
CORE_GAP = 2


def holds(analysis: Analysis, text: str, core: tuple[str, ...]) -> bool:
    """True when the text holds the core phrase, in order, with at most ``CORE_GAP`` words
    between its two words and no punctuation ("nhãn hiệu hàng hóa tập thể" holds "hiệu
    tập")."""
    if not core:
        return True
    if len(core) == 1:
        return core[0] in analysis.keys_of(text)
    for piece in re.split(r"[,;:()!?.]", text):
        words = analysis.keys_of(piece)
        for i, w in enumerate(words):
            if w == core[0] and core[1] in words[i + 1 : i + 2 + CORE_GAP]:
                return True
    return False


def supported(
    analysis: Analysis,
    scorer: TopicScorer,
    results: Sequence[SearchResult],
    threshold: float,
) -> list[Supported]:
    """Sentences that cover the topic and hold its core phrase, best first."""
    core = core_phrase(analysis, scorer.idf, scorer.written)
    # words only inside brackets are examples or alternatives ("giống lúa (khảo nghiệm,
    # tập huấn …)", "Hội đồng khoa học (và công nghệ)"): a sentence need not hold them
    optional = _bracketed_only(analysis)
    plain = TopicScorer(analysis.without(optional), scorer.idf) if optional else None
    terms = vietnamese_terms(analysis)
    out: list[Supported] = []
    for rank, r in enumerate(results):
        scored: list[Supported] = []
        for a, b in units(r.text):
            text = r.text[a:b]
            lead_in = analysis.level == "items" and _leads_items(text, analysis)
            # an article's name is read under its document's title and headings
            article = lead_in and not text.rstrip().endswith(":")
            judged = f"{text} \n {context_of(r)}" if article else text
            if (is_heading(text) and not lead_in) or not holds(analysis, judged, core):
                continue
            if terms and not all(t in spaced_folded(judged) for t in terms):
                continue  # the term the user typed in Vietnamese, whole
            score = scorer.support(text)
            if plain is not None:
                score = max(score, plain.support(text))
            if article:
                score = max(score, scorer.support(judged))
            if score >= threshold:
                scored.append(Supported(score, rank, r, (a, b)))
        scored.sort(key=lambda s: (-s.support, s.span))
        # a list of items keeps every supported lead-in ("… bao gồm:") beside the best two
        out.extend(
            s
            for i, s in enumerate(scored)
            if i < 2
            or (analysis.level == "items" and _leads_items(r.text[s.span[0] : s.span[1]], analysis))
        )
    out.sort(key=lambda s: (-s.support, s.rank))
    return out


def group_keys(level: str | None, s: Supported) -> list[GroupKey]:
    """Which list lines a supporting sentence belongs to, for the level asked."""
    r = s.result
    if level == "xã":
        gaz = get_gazetteer()
        unit = gaz.find_province(r.province) if r.province else None
        text = r.text[s.span[0] : s.span[1]]
        places = gaz.mentions(text, unit.province if unit else None, None)
        wards = [p for p in places if p.level in ("xã", "phường", "thị trấn")]
        return [(p.name, p.level, p.province) for p in wards]
    if level == "tỉnh":
        return [(r.province, "tỉnh", r.province)] if r.province else []
    if level == "huyện" and r.locality_level == "tỉnh":
        return []
    return [(r.locality, r.locality_level, r.province)] if r.locality else []


def locality_lines(
    level: str | None, found: Sequence[Supported]
) -> tuple[list[str], list[Citation], list[LocalityLine]]:
    """One line per locality with its best quote."""
    groups: dict[GroupKey, list[Supported]] = {}
    for s in found:
        for key in group_keys(level, s):
            groups.setdefault(key, []).append(s)
    lines: list[str] = []
    citations: list[Citation] = []
    localities: list[LocalityLine] = []
    for (name, lvl, province), items in sorted(
        groups.items(), key=lambda kv: (-kv[1][0].support, kv[1][0].rank)
    ):
        best = items[0]
        c = cite(len(citations) + 1, best.result, best.span)
        citations.append(c)
        where = ", ".join(x for x in (lvl, province) if x)
        lines.append(f"{name} ({where}): “{c.quote}” [{c.n}]")
        localities.append(LocalityLine(name, lvl, province, (c.n,)))
    return lines, citations, localities


#: an article's name: "Điều 24. Trách nhiệm của Bộ Văn hóa, Thể thao và Du lịch"
_ARTICLE_HEAD = re.compile(r"^[ \t]*Điều\s+\d+[a-zđ]?\.[ \t]+(\S[^\n]*)$", re.M)
#: "những bộ nào", "các cơ quan nào": the noun of the items asked for
_ITEM_NOUN = re.compile(r"\b(?:những|các|nhung|cac)\s+((?:[^\W\d_]+\s+){1,3}?)nào\b", re.I)


def article_heads(
    analysis: Analysis, passages: Sequence[SearchResult]
) -> list[tuple[SearchResult, tuple[int, int]]]:
    """Articles of one document whose names list the items asked for: "những bộ nào …
    trách nhiệm" → "Điều 24. Trách nhiệm của Bộ Văn hóa …", "Điều 25. Trách nhiệm của Bộ
    Y tế". An article counts when its name holds the item noun before a proper name and a
    word of the topic besides; two articles at least make a list."""
    m = _ITEM_NOUN.search(analysis.question)
    if m is None:
        return []
    noun = m.group(1).split()
    named = _naming_one(noun)
    noun_keys = set(analysis.keys_of(" ".join(noun)))
    topic = set(analysis.topic_keys) - noun_keys
    out: list[tuple[SearchResult, tuple[int, int]]] = []
    for r in passages:
        for h in _ARTICLE_HEAD.finditer(r.text):
            name = h.group(1)
            at = named.search(name)
            if at is None:
                continue
            if topic & set(analysis.keys_of(name[: at.start()])):
                out.append((r, (h.start() + len(h.group(0)) - len(h.group(0).lstrip()), h.end())))
    return out if len(out) >= 2 else []


def _leads_items(text: str, analysis: Analysis | None = None) -> bool:
    """True for a sentence that can introduce items: one ending with ":" ("… gồm:"), or an
    article's name that holds the noun of the items asked for, whose clauses are the items
    ("những nguồn tài chính nào" → "Điều 6. Nguồn tài chính hình thành", then "1. Hỗ trợ,
    viện trợ …", "2. Thu lãi …")."""
    if text.rstrip().endswith(":"):
        return True
    if analysis is None or _ARTICLE_HEAD.fullmatch(text.strip()) is None:
        return False
    m = _ITEM_NOUN.search(analysis.question)
    noun = set(analysis.keys_of(m.group(1))) if m else set()
    if m is None or not noun or not noun <= set(analysis.keys_of(text)):
        return False
    # "Điều 25. Trách nhiệm của Bộ Y tế" names one item (of "những bộ nào"): not a lead-in
    return _naming_one(m.group(1).split()).search(text) is None


def _naming_one(noun: list[str]) -> re.Pattern[str]:
    """The item noun followed by a proper name: "Bộ Y tế" names one item of "những bộ"."""
    return re.compile(r"\b(?i:" + r"\s+".join(map(re.escape, noun)) + r")\s+[A-ZÀ-ỸĐ]")


def item_lines(
    found: Sequence[Supported],
    following: Callable[[SearchResult], SearchResult | None] | None = None,
    heads: Sequence[tuple[SearchResult, tuple[int, int]]] = (),
    analysis: Analysis | None = None,
) -> tuple[list[str], list[Citation]]:
    """The items a text enumerates: from the best lead-in ("… bao gồm:") that the search
    supports, its items in order — into the next passage when the enumeration goes on
    there (``following`` gives a passage's successor); else the articles whose names
    list them (``heads``); else the best passage's sentences that answer, in order."""
    picked: list[tuple[SearchResult, tuple[int, int]]] = []
    for s in found:
        lead = s.result.text[s.span[0] : s.span[1]]
        if _leads_items(lead, analysis):
            picked = _items_from(s.result, s.span[0], following)
            if picked:
                break
    if not picked and heads:
        picked = list(heads)
    if not picked:
        s = found[0]
        best = s.result
        spans = units(best.text)
        start = _lead_in(spans, s.span[0], best.text)
        rest = [u for u in spans if u[0] >= start]
        enumerated = _enumeration(rest, best.text)
        # no enumeration: the sentences that follow, without bare headings
        picked = [
            (best, u)
            for u in enumerated or [u for u in rest if not is_heading(best.text[u[0] : u[1]])]
        ]
    citations = [cite(i + 1, r, span) for i, (r, span) in enumerate(picked[:MAX_ITEMS])]
    return [f"{c.quote} [{c.n}]" for c in citations], citations


#: item nouns that are a kind of body: a line naming one writes the noun itself
_BODY_KINDS = frozenset({"cục", "bộ", "sở", "ủy ban", "viện", "vụ", "ban", "tòa án", "trường"})
#: item nouns that are bodies of any kind: a line naming one writes a body's kind
_ANY_BODY = frozenset({"cơ quan", "đơn vị", "tổ chức", "chủ thể"})
_BODY_WORD = re.compile(
    r"\b(?:bộ|cục|sở|ủy ban|ubnd|ban|viện|vụ|tòa án|ngân hàng|hội đồng|kho bạc|bảo hiểm|"
    r"thanh tra|công an|văn phòng|trung tâm|chính phủ|quốc hội|thủ tướng|chủ tịch|mặt trận|"
    r"đoàn|hội|tổng cục|cơ quan|đơn vị|tổ chức)\b",
    re.I,
)


def names_item_kind(analysis: Analysis, lines: Sequence[str]) -> bool:
    """False when the question asks for bodies of a kind ("những cục nào", "các cơ quan
    nào") and most items name none: an enumeration of something else (technical
    requirements, duties) is not the list asked for."""
    m = _ITEM_NOUN.search(analysis.question)
    if m is None or not analysis.accented or not lines:
        return True
    noun = " ".join(m.group(1).lower().split())
    if noun in _BODY_KINDS:
        pattern = re.compile(rf"\b{re.escape(noun)}\b", re.I)
    elif noun in _ANY_BODY:
        pattern = _BODY_WORD
    else:
        return True
    return 2 * sum(pattern.search(line) is not None for line in lines) >= len(lines)


def _items_from(
    result: SearchResult,
    start: int,
    following: Callable[[SearchResult], SearchResult | None] | None,
) -> list[tuple[SearchResult, tuple[int, int]]]:
    """A lead-in at ``start`` and its marked items, followed into the next passages (at
    most two) while they go on; empty when no marked item follows it."""
    seq = [(result, u) for u in units(result.text) if u[1] > start]
    r: SearchResult | None = result
    for _ in range(2):
        if following is None or r is None:
            break
        r = following(r)
        if r is not None:
            seq += [(r, u) for u in units(r.text)]
    lines = [p.text[u[0] : u[1]] for p, u in seq]
    picked = _enumerated(lines)
    return [seq[i] for i in picked] if picked else []


def _enumeration(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]] | None:
    """The lead-in sentence and the items that follow it with one kind of marker ("a)",
    "b)" …), stopping where the enumeration ends (the next "2." is another clause); None
    when the spans do not start with one. Short items ("a) Hành chính, tài chính;") look
    like headings but are the answer."""
    picked = _enumerated([text[a:b] for a, b in spans])
    return [spans[i] for i in picked] if picked else None


def _enumerated(lines: list[str]) -> list[int]:
    """Indexes of a lead-in (``lines[0]``, ending with ":") and of the items that follow
    with its first item's marker; an item ending with ":" may have sub-items of another
    marker ("- …"), skipped. Empty when the lines do not start with one."""
    if len(lines) < 2 or not (_leads_items(lines[0]) or _ARTICLE_HEAD.fullmatch(lines[0].strip())):
        return []
    kind = item_marker(lines[1])
    if kind is None:
        return []
    out = [0]
    nested = False  # under an item that ends with ":", its own sub-items ("- …")
    for i, line in enumerate(lines[1:], start=1):
        marker = item_marker(line)
        if marker == kind:
            out.append(i)
            nested = line.rstrip().endswith(":")
        elif not (nested and marker is not None):
            break
    return out


def _lead_in(spans: list[tuple[int, int]], start: int, text: str) -> int:
    """Where an enumeration begins when the best sentence is one of its items ("b) …"):
    the sentence ending with ":" before its first item; else ``start`` itself."""
    at = next((i for i, u in enumerate(spans) if u[0] == start), None)
    lead = None if at is None else lead_in_of(spans, at, text)
    return start if lead is None else lead
    kind = item_marker(text[spans[at][0] : spans[at][1]])
    if kind is None:
        return start
    i = at
    while i > 0 and item_marker(text[spans[i - 1][0] : spans[i - 1][1]]) == kind:
        i -= 1
    if i > 0 and text[spans[i - 1][0] : spans[i - 1][1]].rstrip().endswith(":"):
        return spans[i - 1][0]
    return start
