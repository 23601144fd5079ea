"""The words the pipelines know: question words, cues, abbreviations, synonyms, a glossary.

Every word and cue is written once, with its diacritics. A text typed with diacritics is
matched against them exactly; a text typed without is matched against their folded form
(:func:`~rag.text.normalize.match_form`), so no unaccented spelling is typed by hand.
Phrase pairs live in ``rag/text/data/*.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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

    def __init__(self, pattern: str, folded: str | None = None) -> None:
        self.exact = re.compile(pattern, re.I)
        # where a syllable is ambiguous without its marks ("giá" / "quốc gia", "phạt" /
        # "phát"), the unaccented twin is written out instead of derived
        self.folded = re.compile(folded if folded is not None else fold(pattern), re.I)

    def _pattern(self, text: str) -> re.Pattern[str]:
        return self.exact if has_diacritics(text) else self.folded

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in ``text``: exact if it has diacritics, else folded."""
        return self._pattern(text).search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match in ``text``: exact if it has diacritics, else folded."""
        return self._pattern(text).finditer(text)

    def remove(self, text: str, by: str = "") -> str:
        """``text`` with what the cue matches replaced by ``by``."""
        return self._pattern(text).sub(by, text)


#: question words: dropped from the lexical terms of a query
QUESTION_WORDS = Words("nào gì đâu sao bao nhiêu không ai hãy cho biết những là có được đã".split())
#: words that frame how a question is asked, not what it asks: pronouns, modal verbs,
#: interrogative frames (như thế nào, tại sao, bao lâu), connectives. Left out of a
#: query's lexical terms when ``RAG_DROP_FRAME_WORDS`` is on (chosen by group, not word by
#: word, on the tuning halves of two benchmark sets: ``bench/retrieval.py``)
QUESTION_FRAME = Words(
    "tôi bạn chúng ta mình họ em anh chị nên cần phải thể thế làm tại vì lâu như "
    "nếu hay hoặc thì vậy nhé bị".split()
)
#: English function words (language detection, and not a question's topic)
ENGLISH_WORDS = Words(
    "the a an of in on at to for and or which what who whom where when how why many much did "
    "does do is are was were be been has have had used use uses using with by from that this "
    "these those any all their its it as than districts district provinces province "
    "localities locality communes commune report reports about into".split()
)
#: more English words that are not a question's topic; kept apart from ENGLISH_WORDS
#: because several are Vietnamese syllables once folded (can, may, so, no, me)
ENGLISH_FRAME = Words(
    "under must can could should would may might will shall not no yes new still once also "
    "only other such each per there they them then so if whether both either more most less "
    "very same up out over after before between within during since until while our your "
    "his her we you me us mention mentions mentioned define defines defined according say "
    "says said list name named give tell show find phrased worded wording take took make "
    "made set sets send sent placed meet meets back get gets".split()
)
#: words that frame a Vietnamese question but are not its topic (an English question's
#: topic is the glossary's Vietnamese, so English words are not listed: "an", "do", "to",
#: "in" are Vietnamese syllables too — "Công an", "an toàn")
FRAME_WORDS = Words(
    "nào gì đâu ở bao nhiêu mấy khi ai những các là có không được đã đang sẽ xã phường "
    "thị trấn huyện quận tỉnh thành phố địa phương nơi đơn vị của và với cho tìm cách diễn "
    "viết nêu câu hãy liệt kê kể trong tại về theo nhắc đến đề cập muốn".split()
)

#: question phrases of several syllables: unambiguous even without diacritics, so they are
#: taken out of a question's topic before its single words are looked at
QUESTION_PHRASES = Cue(
    r"\b(?:bao nhiêu|bao lâu|bao giờ|như thế nào|thế nào|ra sao|là gì|là bao nhiêu|ở đâu|"
    r"tại đâu|khi nào|tại sao|vì sao|có phải|hay không|phải không|được không|có không|"
    r"là ai|do ai|những gì|cái gì|điều gì|mấy giờ|"
    # how a drafter asks for wording: "hành", "văn", "mẫu", "đạt" are topic
    # elsewhere ("thực hành", "văn bản", "mẫu số 04", "đạt chuẩn")
    r"cách diễn đạt|diễn đạt|cách hành văn|hành văn|câu văn|văn mẫu|mẫu câu)\b"
)
#: the bound, total or unit a quantity question asks in ("tối thiểu bao nhiêu", "có tất cả
#: bao nhiêu", "bao nhiêu phần trăm"): the answer's span states it ("50% trở lên", "không
#: quá 25%"), its words do not
ASKED_BOUND = Cue(
    r"\b(?:tối thiểu|tối đa|ít nhất|nhiều nhất|tất cả|tổng cộng)(?: là| bằng)?"
    r"(?= (?:bao nhiêu|bao lâu|mấy)\b)|"
    r"(?<=bao nhiêu )phần trăm\b"
)
#: "tìm cách diễn đạt …", "how was … worded": the user wants precedent wording
PRECEDENT_REQUEST = Cue(
    r"cách diễn đạt|diễn đạt|cách viết|cách nêu|câu văn|mẫu câu|văn mẫu|cách hành văn|"
    r"(?:viết|nêu|trình bày|thể hiện)\s+(?:như\s+)?thế nào|"
    r"precedent|phrasing|wording|worded|phrased|how (?:did|do|have) .* (?:phrase|word|write)|"
    # "văn bản nào dùng câu “…”", "tìm văn bản có cụm từ: …", "which documents contain the
    # clause …": the documents that write a given wording
    r"\b(?:có|dùng|chứa|sử dụng|viết)\s+(?:câu|cụm từ|đoạn|cụm)\b\s*[:“\"]|"
    r"\b(?:contain|use|include)(?:s|ing)?\s+(?:the\s+)?(?:phrase|clause|sentence|"
    r"expression|words?)\b\s*[:“\"]"
)
#: the request part before a pasted draft ("Tìm cách diễn đạt …:")
PRECEDENT_PREFIX = Cue(
    r"^.*?(?:cách diễn đạt|diễn đạt|cách viết|wording|phrasing|cụm từ|câu|phrase|clause)"
    r"[^:]*:\s*"
)
#: "mấy" (how many); folded, "may" is also "máy" (nhà máy, máy móc, máy tính, máy bay)
_HOW_MANY = r"(?<!nhà )\bmấy\b(?! (?:móc|tính|bay|thông minh|nông nghiệp|công trình))"
#: any sign of a question
QUESTION = Cue(
    r"\?|\b(?:nào|gì|bao nhiêu|bao giờ|khi nào|ở đâu|ai|có không|không\?|"
    r"what|which|who|when|where|how|why)\b"
)
#: "huyện nào …", "những xã …", "ở đâu": a list of places; group 1 or 2 is the level word
LIST_QUESTION = Cue(
    r"(?<!cơ )\b(xã|phường|thị trấn|huyện|thị xã|quận|tỉnh|thành phố|địa phương|nơi|đơn vị)\s+nào\b"
    r"|\bnhững\s+(xã|phường|huyện|thị xã|tỉnh|địa phương|nơi)\b|\bở đâu\b|\bnơi nào\b"
    # "những báo cáo nào …": reports are written by localities, one each
    r"|\b(?:những|các)\s+báo\s+cáo\s+nào\b"
)
LIST_QUESTION_EN = Cue(
    r"\b(which|what)\s+(districts?|communes?|wards?|provinces?|localities|locality|towns?|"
    r"places?|reports)\b|\bwhere\b"
)
#: "gồm những cơ quan nào", "những đối tượng nào", "which bodies …": items listed in a text
LIST_ITEMS = Cue(
    r"\b(?:những|các|gồm|bao gồm)\s+(?:[^\W\d_]+\s+){1,10}nào\b|"
    r"\bwhich (?:[a-z]+ ){0,2}(?:bodies|agencies|units|ministries|subjects|areas|entities|"
    r"organi[sz]ations|authorities|cases|documents|products|activities|criteria|groups)\b|"
    r"\bwhat (?:[a-z]+ ){0,2}(?:bodies|agencies|units|areas|cases|criteria|groups)\b|"
    # "List the four titles …", "Which four law projects …", "What are the three …"
    r"^\s*list\b|\b(?:which|what(?: are| were)?(?: the)?) (?:two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,2})\b"
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
# ---------------------------------------------------------------- what a question asks for
#: a document number (the document's own, or one it replaces)
ASKS_CODE = Cue(
    r"\bsố hiệu\b|\bvăn bản số\b|\bsố mấy\b|\bký hiệu\b|\bmã hiệu\b|\bwhat (?:is the )?number\b|"
    r"\bwhat (?:is|are) the (?:code|reference number|symbol)s?\b|\bwhat code\b|"
    # keywords that start "số quyết định …" / "số kế hoạch …": the number of that document
    r"^số (?:quyết định|kế hoạch|công văn|nghị quyết|chương trình|thông tư|nghị định)\b|"
    # … not "bãi bỏ thông tư … có hiệu lực từ ngày nào" (a date)
    r"\b(?:thay thế|bãi bỏ)\b[^?]*\b(?<!ngày )(?<!khi )(?<!năm )(?:nào|gì|số mấy)\b|"
    # "Nghị quyết 13/NQ-CP công bố nghị định nào …": which other document, by its number
    r"\b(?:nghị định|thông tư|quyết định|nghị quyết|luật|văn bản)\s+nào\b|"
    r"\bwhich (?:decree|circular|decision|law|resolution|document)s? (?:does|did|do|is|was)\b"
    r"[^?]*\b(?:replace|repeal|supersede)"
)
#: a date or a point in time
ASKS_DATE = Cue(
    r"\bkhi nào\b|\bngày nào\b|\bnăm nào\b|\bbao giờ\b|\bthời điểm nào\b|"
    r"\bngày tháng năm nào\b|\bwhat date\b|\bwhich (?:year|date|day)\b|"
    # "when" asks only where a question starts: "pay … when seizing …" is a condition
    r"(?:^|[,;:]\s*|\b(?:from|until|since|by|and|or) )when\b|"
    r"\bon what date\b"
)
#: an amount, a count, a share, a duration
ASKS_NUMBER = Cue(
    r"\bbao nhiêu\b|" + _HOW_MANY + r"|\bsố lượng\b|\btỷ lệ\b|\bbao lâu\b|\bmức (?:phạt|thu|phí|"
    r"lệ phí|hỗ trợ|chi|giá|lương|trần|sàn)\b|\bhow (?:much|many|long)\b|\bnumber of\b|"
    r"\bwhat (?:[a-z]+ ){0,4}(?:percentage|share|proportion|rate|amount|fee|fine|threshold|"
    r"level|ratio|number|income|price|time|period|capacity|area|size|wages?|salary|"
    r"allowance|ceiling|cap|limit|tax|value|volume|quota|sum)\b|\bwithin what\b"
)
#: the amount itself is asked ("bao nhiêu", "how much"), not only a term about an amount
COUNTS = Cue(r"\bbao nhiêu\b|" + _HOW_MANY + r"|\bbao lâu\b|\bhow (?:much|many|long)\b")
#: a body or a person (who is responsible, who signed, who may …)
ASKS_AGENT = Cue(
    r"\bai\b|\bcơ quan nào\b|\bđơn vị nào\b|\bbộ nào\b|\bngười nào\b|\bchủ thể nào\b|"
    r"\btổ chức nào\b|\bcấp nào\b|\bwho(?:m|se)?\b|\bwhich (?:agency|body|unit|ministry|"
    r"authority|organi[sz]ation|department|office|official|person|level)\b"
)
#: a place
ASKS_PLACE = Cue(r"\bở đâu\b|\btại đâu\b|\bđịa điểm nào\b|\bnơi nào\b|\bwhere\b")
#: the meaning of a term
ASKS_DEFINITION = Cue(
    r"\blà gì\b|\bthế nào là\b|\bđược hiểu\b|\bnghĩa là gì\b|\bkhái niệm\b|"
    r"\blà\b[^?]{0,30}\b(?:như thế nào|thế nào)\b|"
    # "… được định nghĩa thế nào", "… định nghĩa ra sao"
    r"\bđịnh nghĩa\s+(?:như\s+)?(?:thế nào|ra sao)\b|"
    r"\bwhat is meant by\b|\bdefin(?:e|ed|ition)\b|\bwhat does .* mean\b|"
    # "what is a “bảng tin điện tử công cộng”": a term typed in quotes
    r"\bwhat (?:is|are) (?:an? )?[\"“][^\"“”]+[\"”]"
)
#: yes or no
ASKS_YES_NO = Cue(
    r"\bcó phải\b|\bphải không\b|\bhay không\b|\bhay chưa\b|"
    r"\b(?:có|đã)\b[^?]*\b(?:không|chưa)\s*\??\s*$|"
    r"^(?:does|do|is|are|can|must|has|have|will|should|was|were|did)\b"
)
#: units a quantity question names, by the words that name them
UNIT_CUES: tuple[tuple[str, Cue], ...] = (
    (
        "percent",
        Cue(
            r"\bbao nhiêu %|phần trăm|\btỷ lệ\b|\btốc độ\b|percent|percentage|\bshare\b|"
            r"\brate\b|\bproportion\b"
        ),
    ),
    (
        "money",
        Cue(
            r"\bkinh phí\b|\bngân sách\b|\bvốn\b|\btiền\b|\bmức phạt\b|\bphạt\b|"
            r"\bmức thu\b|\blệ phí\b|\bphí\b|\bgiá\b|\bthu nhập\b|\bmoney\b|"
            # "đồng" only after an amount word: unaccented, "dong" is "lao động", "hội đồng"
            r"\b(?:bao nhiêu|mấy|nghìn|ngàn|triệu|tỷ|many|thousand|million|billion)\s+đồng\b|"
            r"\bfund(?:s|ing)?\b|\bbudget\b|\bfees?\b|\bfines?\b|\bcost\b|\bprice\b|"
            r"\bincome\b|\bpenalty\b|\bpremium\b|\bcharge\b|\bvnd\b|\bwages?\b|\bsalary\b|"
            r"\ballowances?\b|\bremuneration\b|\btax\b",
            # unaccented, "gia" is also "quốc gia", "tham gia"; "phat" "phát triển"; "tien"
            # "tiến độ"; "von" alone is rare: only the phrases that name money
            folded=r"\bkinh phi\b|\bngan sach\b|\bvon (?:dieu le|dau tu|ngan sach|vay)\b|"
            r"\b(?:so|bao nhieu|khoan|muc) tien\b|\btien (?:phat|thue|luong|ho tro)\b|"
            r"\bmuc phat\b|\bphat tien\b|\bmuc thu\b|\ble phi\b|\bphi\b|"
            r"\b(?:muc|don|bang) gia\b|\bgia (?:ban|ca|tri|thue|dich vu|cuoc)\b|\bthu nhap\b|"
            r"\b(?:bao nhieu|may|nghin|ngan|trieu|ty)\s+dong\b|\bvnd\b|\bmoney\b|"
            r"\b(?:many|thousand|million|billion)\s+dong\b|\bfund(?:s|ing)?\b|\bbudget\b|"
            r"\bfees?\b|\bfines?\b|\bcost\b|\bprice\b|\bincome\b|\bpenalty\b|"
            r"\bpremium\b|\bcharge\b|\bwages?\b|\bsalary\b|\ballowances?\b|\bremuneration\b|"
            r"\btax\b",
        ),
    ),
    (
        "area",
        Cue(
            r"\bdiện tích\b|\bbao nhiêu ha\b|\bhecta\b|\bhectares?\b|\barea\b|\bm2\b|m²|"
            r"\bmét vuông\b|\bsquare met"
        ),
    ),
    (
        "duration",
        Cue(
            r"\bbao lâu\b|\bthời hạn\b|\bbao nhiêu (?:ngày|tháng|năm|giờ)\b|"
            r"\bmấy (?:ngày|tháng|năm)\b|\bhow long\b|\bhow many (?:days|months|years|"
            r"hours)\b|\btime limit\b|\bwithin what\b"
        ),
    ),
    (
        "content",
        Cue(r"\bhàm lượng\b|\bnồng độ\b|\bconcentration\b|\bcontent of\b|\bnicotine content\b"),
    ),
    (
        "people",
        Cue(
            r"\bdân số\b|\bbao nhiêu (?:lượt )?người\b|\bpopulation\b|"
            r"\bhow many people\b"
        ),
    ),
)
#: what a question asks about a document it names
DOC_ATTRIBUTES: tuple[tuple[str, Cue], ...] = (
    (
        "signer",
        # "ai ký", "người ký", "Bí thư nào ký …", "đồng chí nào ký"
        Cue(r"\bai ký\b|\bngười ký\b|\bký bởi\b|\bnào ký\b|\bwho signed\b|\bsignator"),
    ),
    (  # before "effective": "làm hết hiệu lực thông tư số mấy" asks what it repeals
        "replaces",
        Cue(r"\bthay thế\b|\bbãi bỏ\b|\bhết hiệu lực\b|\breplace|\brepeal|\bsupersede"),
    ),
    (
        "effective",
        Cue(
            r"\bhiệu lực\b|\btakes? effect\b|\bcome into (?:force|effect)\b|"
            r"\beffective\b|\bin force\b"
        ),
    ),
    (
        "issued",
        Cue(
            r"\bban hành\b[^?]*\b(?:ngày|khi|năm)\b|\bký\b[^?]*\bngày\b|"
            # laws and resolutions are adopted ("được Quốc hội thông qua ngày nào")
            r"\bthông qua\b[^?]*\b(?:ngày|khi)\b|"
            r"\bngày ban hành\b|\bngày ký\b|"
            r"\b(?:when|(?:on )?what date|(?:in )?what year) (?:was|did|were)\b[^?]*"
            r"\b(?:issue|sign|"
            r"adopt|promulgat|pass|drawn up|written|prepared|dated)|"
            # a report is drawn up or dated ("được lập ngày nào", "đề ngày nào"); not
            # "thành lập" (a body's founding)
            r"(?<!thành )\blập\s+(?:vào\s+)?(?:ngày|hôm)\b|\b(?:đề|ghi)\s+ngày\s+nào\b|"
            r"\bwhat date is\b[^?]*\bdated\b"
        ),
    ),
    (
        "issuer",
        Cue(
            r"\b(?:cơ quan nào|ai|đơn vị nào)\b[^?]*\bban hành\b|\bdo ai ban hành\b|"
            r"\bwho issued\b|\bissued by whom\b|\bwhich (?:body|agency|ministry) issued\b"
        ),
    ),
    (
        "number",
        Cue(
            r"\bsố hiệu\b|\bsố mấy\b|\bký hiệu\b|\bmã hiệu\b|\bwhat (?:is the )?number\b|"
            r"\bwhat (?:is|are) the (?:code|reference number|symbol)s?\b|\bwhat code\b"
        ),
    ),
)
#: document type words, as a query may start with them
DOC_TYPE_WORDS = (
    r"văn bản|nghị định|thông tư liên tịch|thông tư|quyết định|bộ luật|luật|nghị quyết|"
    r"chỉ thị|kế hoạch|báo cáo|chương trình hành động|chương trình|công văn|pháp lệnh|"
    r"hướng dẫn|quy chuẩn|tờ trình|thông báo|công điện"
)
DOC_TYPE_EN = (
    r"decree|circular|decision|law|resolution|directive|document|regulation|plan|report|"
    r"programme|program|act|ordinance|guidance|dispatch"
)
#: "văn bản nào quy định …", "which decree …": the user looks for a document
ASKS_DOCUMENT = Cue(
    rf"\b(?:{DOC_TYPE_WORDS}|quy chuẩn kỹ thuật|tiêu chuẩn)\s+nào\b|"
    rf"\bwhich (?:[^\W\d_]+ ){{0,2}}(?:{DOC_TYPE_EN})s?\b|\bwhat (?:{DOC_TYPE_EN})\b|"
    r"\btìm (?:văn bản|nghị định|thông tư|quyết định|báo cáo)\b"
)
#: a question about documents someone signed ("văn bản nào do … ký", "signed by …")
SIGNED_BY = Cue(r"\bký\b|\bsigned\b|\bsignator")
#: what a document is about: its title answers ("về nội dung gì", "what is it about")
ASKS_ABOUT = Cue(
    r"\b(?:về )?nội dung (?:gì|nào)\b|\bvề việc gì\b|\bnói về (?:điều |vấn đề )?gì\b|"
    # "Văn bản số 137/2025/QH15 là văn bản gì?": the number is given, the document asked
    r"\blà (?:loại )?văn bản (?:gì|nào)\b|\bwhat (?:kind of )?document is\b|"
    r"\bwhat is\b[^?]*\babout\b|\bwhat (?:does|did)\b[^?]*\b(?:cover|concern)\b"
)
#: a query that starts with a document type ("Thông tư NHNN quy định …", "báo cáo sơ kết
#: …"): it names a document, unless it is a clause about the text itself ("Nghị định này …")
NAMES_DOCUMENT = Cue(
    rf"^(?:{DOC_TYPE_WORDS})\b(?!\s+(?:này|này,|đó|trên)|\s*[,;])|"
    rf"^(?:[a-z]+ ){{0,6}}(?:{DOC_TYPE_EN})s?\b(?! (?:this|that))"
)

_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?$"
)


def looks_english(text: str) -> bool:
    """True for English text; unaccented Vietnamese is not English, nor is one word.

    Vietnamese syllables follow a strict onset–vowel–coda shape; English words often do
    not, and English function words are frequent in questions. A single word ("iso",
    "mkb002", a code, a name) says too little to tell: it is searched as typed. What an
    English question borrows from Vietnamese does not make it Vietnamese: words in
    brackets or quotes (glossing "cây gai xanh"), document numbers ("293/2025/NĐ-CP")
    and capitalised names ("Bỉm Sơn", "Lâm Đồng") are left out, and a stray Vietnamese
    word ("in đồng") among English ones is outvoted.
    """
    text = re.sub(r"\([^)]*\)|“[^”]*”|\"[^\"]*\"", " ", text)
    words = [w for w in text.split() if not re.search(r"[\d/]", w)]  # numbers, codes
    words = re.findall(r"[^\W\d_]+", " ".join(words))
    names = [w for w in words if w[0].isupper() and has_diacritics(w)]
    vietnamese = sum(has_diacritics(w) for w in words) - len(names)
    words = [w.lower() for w in words if not has_diacritics(w) and len(w) > 1]
    if len(words) < 2 or vietnamese >= 0.2 * (len(words) + vietnamese):
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
def _glossary_entries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(English phrase in lower case, its Vietnamese renderings) from
    ``glossary_en_vi.tsv`` (alternatives separated by ``|``), longest phrase first."""
    pairs = sorted(read_pairs("glossary_en_vi.tsv"), key=lambda p: -len(p[0]))
    return tuple(
        (en.lower(), tuple(v.strip() for v in vi.split("|") if v.strip())) for en, vi in pairs
    )


@lru_cache(maxsize=1)
def glossary() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """English phrase (as a whole-word pattern) → its Vietnamese renderings, longest
    phrase first."""
    return tuple((re.compile(rf"\b{re.escape(en)}\b"), vi) for en, vi in _glossary_entries())


@lru_cache(maxsize=1)
def _glossary_words() -> dict[str, tuple[str, ...]]:
    """The glossary's one-word entries: English word → its Vietnamese renderings."""
    return {en: vi for en, vi in _glossary_entries() if re.fullmatch(r"[a-z]+", en)}


@lru_cache(maxsize=1)
def _glossary_by_word() -> dict[str, tuple[int, ...]]:
    """Positions in :func:`glossary` of the phrases, by the first word of each."""
    index: dict[str, list[int]] = {}
    for i, (en, _) in enumerate(_glossary_entries()):
        first = re.search(r"\w+", en)
        index.setdefault(first.group(0) if first else "", []).append(i)
    return {word: tuple(at) for word, at in index.items()}


def word_forms(word: str) -> Iterator[str]:
    """Other forms of an English word the glossary may list it under: the stem of an
    inflection ("organised" → "organise", "seizing" → "seize", "lenders" → "lender") and
    the other spelling ("organize", "labor", "center")."""
    stems = [word]
    for suffix, endings in (
        ("ies", ("y",)),
        ("ied", ("y",)),
        ("es", ("", "e")),
        ("s", ("",)),
        ("ed", ("", "e")),
        ("ing", ("", "e")),
        ("ation", ("e", "")),
        ("ment", ("",)),
        ("ly", ("",)),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            stems += [base + e for e in endings]
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiousl":
                stems.append(base[:-1])  # "planned" → "plan"
    for stem in stems:
        yield stem
        for british, american in (
            ("is", "iz"),
            ("isation", "ization"),
            ("our", "or"),
            ("re", "er"),
        ):
            for a, b in ((british, american), (american, british)):
                if a in stem:
                    yield stem.replace(a, b)


def _glossary_scan(question: str) -> tuple[list[tuple[str, tuple[str, ...]]], str]:
    """The glossary phrases found in an English question (longest first, each once), then
    its other words found under another form (:func:`word_forms`); and what is left."""
    text = question.lower()
    found: list[tuple[str, tuple[str, ...]]] = []
    # only phrases whose first word the question has can match: thousands are not tried
    by_word = _glossary_by_word()
    tried = sorted({i for w in {"", *re.findall(r"\w+", text)} for i in by_word.get(w, ())})
    entries = glossary()
    for pattern, renderings in (entries[i] for i in tried):
        match = pattern.search(text)
        if match:
            found.append((match.group(0), renderings))
            text = pattern.sub(" ", text)
    words = _glossary_words()

    def other_form(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < 4 or ENGLISH_WORDS.has(word, False) or ENGLISH_FRAME.has(word, False):
            return word
        known = next((form for form in word_forms(word) if form in words), None)
        if known is None:
            return word
        if all(phrase != word for phrase, _ in found):
            found.append((word, words[known]))
        return " "

    return found, re.sub(r"(?<![\w'/-])[a-z]+(?![\w'/-])", other_form, text)


def glossary_matches(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """(English phrase, its Vietnamese renderings) of each glossary phrase found in an
    English question (each phrase once, the longest first; inflected words last)."""
    return _glossary_scan(question)[0]


def untranslated_rest(question: str) -> str:
    """An English question lowercased, without what the glossary translates."""
    return _glossary_scan(question)[1]


def translate_terms(question: str) -> str:
    """Vietnamese terms for the glossary phrases found in an English question (every
    rendering of each, for the search channels)."""
    return " ".join(dict.fromkeys(r for _, group in glossary_matches(question) for r in group))


#: English question phrases: the glossary renders them for search, but they are not topic
ENGLISH_QUESTION = re.compile(r"^(?:how|when|where|which|who|whom|whose|why|what)\b")
