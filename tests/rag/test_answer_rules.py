"""Table-driven checks of the answer rules that need no collection: spans, document
references, English names, citations of a document that is not in the collection."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rag.answer.analyze import DocRef, analyze, named_places, untranslated, vietnamese_names
from rag.answer.documents import by_description, cites, code_type
from rag.answer.evidence import TopicScorer, table_cells, table_rows, units
from rag.answer.extractive import _issued_standard, _within
from rag.answer.facts import (
    _definition_fit,
    _quotable,
    _writes,
    about_countries,
    asked_charges,
    asked_code_type,
    defined_term,
    definition_key,
    find_evidence,
    find_loosely,
    is_heading,
    line_with,
    meets_conditions,
    named_acronyms,
    named_countries,
    names_charges,
    names_labels,
    pick_span,
    stated_conditions,
    stated_labels,
    typed_spans,
)
from rag.answer.lists import (
    Supported,
    _bracketed_only,
    _leads_items,
    article_heads,
    core_phrase,
    holds,
    item_lines,
    names_item_kind,
    supported,
)
from rag.answer.spans import counted_nearby, date_keys, find_spans, quantities, unit_matches
from rag.records import SearchResult
from rag.text.bodies import named_bodies


def _passage(text: str, passage_id: str = "p") -> SearchResult:
    return SearchResult(
        passage_id=passage_id,
        doc_id="d",
        source="d.txt",
        score=1.0,
        text=text,
        heading="",
        page=None,
        start=0,
        end=len(text),
        highlights=(),
        places=(),
    )


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tại xã Thọ Sơn (6ha), Mô hình", [("6ha", "area")]),
        ("diện tích 250m2 đất", [("250m2 đất", "area")]),
        ("có 2.550 cán bộ", [("2.550 cán bộ", "people")]),
        ("năm 2020 đạt", []),  # a year is not an amount
        ("mã 6hb2", []),  # letters after a number are not a glued unit
        # legal texts spell the number out in brackets before the unit
        ("lưu giữ tối thiểu 10 (mười) năm kể từ", [("tối thiểu 10 (mười) năm kể từ", "duration")]),
        ("thời hạn 05 (năm) ngày, kể từ", [("05 (năm) ngày", "duration")]),
        ("đã có 34/64 trường được công nhận", [("34/64 trường được công", "trường được công")]),
        ("Nghị định số 15/2020/NĐ-CP", []),  # a document number is not a fraction
    ],
)
def test_quantities_with_glued_units(text: str, want: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.unit) for s in quantities(text)] == want


def test_a_rate_answers_a_share_question() -> None:
    (span,) = quantities("phấn đấu đạt mức 15 người/1 vạn dân.")
    assert span.per and span.unit == "people"
    asked = analyze("Tỷ lệ cán bộ khoa học trên vạn dân là bao nhiêu?").focus.units
    assert unit_matches(span, asked)
    assert not unit_matches(quantities("có 15 người tham gia")[0], asked)


def test_a_counted_noun_is_matched_by_its_words_near_the_number() -> None:
    asked = analyze("Hương Trà có bao nhiêu trường đạt chuẩn quốc gia?").focus.units
    text = "đã có 34/64 trường được công nhận đạt chuẩn quốc gia"
    assert counted_nearby(text, quantities(text)[0], asked)
    text = "có 34 lớp được công nhận đạt chuẩn"
    assert not counted_nearby(text, quantities(text)[0], asked)
    topics = analyze("Bỉm Sơn đã nghiệm thu bao nhiêu đề tài KH&CN?").focus.units
    text = "đã có 01 đề xuất đặt hàng nhiệm vụ"
    assert not counted_nearby(text, quantities(text)[0], topics)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("chậm nhất vào ngày 20 của tháng cuối kỳ báo cáo;", ["ngày 20 của tháng cuối kỳ báo cáo"]),
        ("gửi trước ngày 15 tháng 01 hằng năm", ["ngày 15 tháng 01 hằng năm"]),
        ("trước ngày 31/12 hằng năm", ["ngày 31/12"]),
        ("ký ngày 30 tháng 11 năm 2024", ["ngày 30 tháng 11 năm 2024"]),
    ],
)
def test_deadlines_are_dates(text: str, want: list[str]) -> None:
    assert [text[s.start : s.end] for s in find_spans(text, "date")] == want


def test_unaccented_dong_of_lao_dong_is_not_money() -> None:
    q = "phong noi tru cho hoc vien xuat khau lao dong toi thieu bao nhieu m2 moi nguoi"
    assert analyze(q).focus.units == ("area",)
    assert "money" in analyze("le phi la bao nhieu trieu dong").focus.units


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("111/2025/QH15", "luật"),
        ("20-NQ/TW", "nghị quyết"),
        ("102/2025/NQ-UBTVQH15", "nghị quyết"),
        ("18/BC-UBND", "báo cáo"),
        ("13/2026/TT-BQP", "thông tư"),
        ("29-CTr/TU", "chương trình"),
        ("1089/QĐ-UBND", "quyết định"),
    ],
)
def test_a_number_spells_its_type(number: str, kind: str) -> None:
    assert code_type(number) == kind


@pytest.mark.parametrize(
    ("ref", "text", "cited"),
    [
        (DocRef(prefix="23"), "Chương trình hành động số 23-CTr/HU ngày 12/3/2013", True),
        (DocRef(prefix="23"), "ngày 23/3/2013 Huyện ủy ban hành", False),
        (DocRef(number="111/2025/QH15"), "theo Luật số 111/2025/QH15 ngày", True),
        (DocRef(number="111/2025/QH15"), "Luật này có hiệu lực từ ngày 01/5/2026", False),
    ],
)
def test_a_sentence_cites_a_document(ref: DocRef, text: str, cited: bool) -> None:
    assert cites([ref], text) is cited


def _restore(text: str) -> str:
    """Stands in for the collection's restorer: the few names these cases use."""
    known = {"tho": "thọ", "son": "sơn", "trieu": "triệu", "thai": "thái", "nguyen": "nguyên"}
    return " ".join(known.get(w, w) for w in text.split())


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("How many hectares in Tho Son commune, Trieu Son?", ("tho", "son", "trieu")),
        ("What did Thai Nguyen aim for?", ("thai", "nguyen")),
        ("What did The Green Plan say?", ()),  # English capitals are not a name
    ],
)
def test_vietnamese_names_in_english_questions(question: str, names: tuple[str, ...]) -> None:
    assert vietnamese_names(question, _restore) == names


def test_untranslated_words_leave_out_numbers_and_function_words() -> None:
    words = untranslated("Under Circular 13/2026/TT-BQP, which unit tabulates banned zeolites?")
    assert words == ["tabulates", "banned", "zeolites"]


@pytest.mark.parametrize(
    ("question", "bodies"),
    [
        ("Thông tư của Bộ GD&ĐT quy định quy chế tuyển sinh", ["Bộ Giáo dục và Đào tạo"]),
        ("QCVN 16-1:2025/BYT", ["Bộ Y tế"]),
        ("Thông tư NHNN quy định chữ ký điện tử", ["Ngân hàng Nhà nước Việt Nam"]),
        ("nghị quyết của UBTVQH hướng dẫn giám sát", ["Ủy ban Thường vụ Quốc hội"]),
        ("thong tu cua bo VHTTDL", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        ("Nghị định của Chính phủ về thanh tra", ["Chính phủ"]),
        ("Công văn của Sở KH&CN Thanh Hóa", []),  # a field of science, not the ministry
        ("bo tieu chi nong thon moi", []),  # "bộ tiêu chí" is a set of criteria
    ],
)
def test_bodies_a_question_names(question: str, bodies: list[str]) -> None:
    assert named_bodies(question) == bodies


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Where was the lotus growing model implemented in Trieu Son?", "fact"),
        ("Where was the biological bedding model used?", "list"),
        ("Which districts used biological bedding?", "list"),
    ],
)
def test_where_inside_a_named_locality_asks_a_place(question: str, kind: str) -> None:
    assert analyze(question, restore=_restore).kind == kind


def test_bracketed_words_are_optional_in_a_list_topic() -> None:
    a = analyze("Những địa phương nào có hoạt động về giống lúa (khảo nghiệm, tập huấn)?")
    assert _bracketed_only(a) == {"khao", "nghiem", "tap", "huan"}


def test_a_definition_defines_the_asked_term_not_something_of_it() -> None:
    a = analyze("Vận tải biển nội địa là gì?")
    good = "Vận tải biển nội địa là việc vận chuyển hàng hóa bằng tàu biển trong nước."
    other = "Thời hạn của Giấy phép vận tải biển nội địa là 01 (một) năm."
    assert definition_key(a, good) is not None
    assert definition_key(a, other) is None


def test_a_definition_question_names_its_term_before_the_document() -> None:
    a = analyze("Hạn mức chi trả tiền bảo hiểm là gì theo Luật Bảo hiểm tiền gửi 2025?")
    assert a.focus.type == "definition"  # "mức chi" is not an amount asked
    assert defined_term(a) == {"hạn", "mức", "chi", "trả", "tiền", "bảo", "hiểm"}
    b = analyze("thuoc nam la gi theo thong tu ke don thuoc co truyen 55/2025")
    assert defined_term(b) == {"thuoc", "nam"}
    assert definition_key(b, "Thuốc nam là thuốc cổ truyền có nguồn gốc từ dược liệu") is not None


@pytest.mark.parametrize(
    "question",
    [
        "Chuẩn nghèo đa chiều đo lường những chiều thiếu hụt dịch vụ xã hội cơ bản nào?",
        "Chứng thư chữ ký điện tử của NHNN được dùng trên những hệ thống thông tin nào?",
    ],
)
def test_items_asked_with_a_long_noun_phrase_are_a_list(question: str) -> None:
    a = analyze(question)
    assert (a.kind, a.level) == ("list", "items")


def test_a_law_adopted_on_a_date_asks_its_issue_date() -> None:
    a = analyze("Nghị quyết 170/2024/QH15 được Quốc hội thông qua ngày nào?")
    assert (a.focus.type, a.focus.attribute) == ("date", "issued")


def test_vietnamese_written_in_an_english_question_is_its_topic() -> None:
    a = analyze("How does the circular define domestic sea transport (vận tải biển nội địa)?")
    assert {"vận", "tải", "biển"} <= set(a.topic)


def test_short_enumerated_items_are_listed_not_dropped_as_headings() -> None:
    text = (
        "2. Cơ cấu tổ chức của Trạm Y tế gồm các tổ chức thực hiện các chức năng sau đây:\n"
        "a) Hành chính, tài chính, nhân sự;\nb) Dân số, trẻ em, bảo trợ xã hội;\n"
        "c) Khám bệnh, chữa bệnh;\nCăn cứ quy mô dân số, Ủy ban nhân dân cấp xã quyết định."
    )
    r = _passage(text)
    lead = text.index("Cơ cấu")
    lines, _ = item_lines([Supported(0.9, 0, r, (lead, text.index("\na)")))])
    assert [line.split(" [")[0] for line in lines[1:]] == [
        "a) Hành chính, tài chính, nhân sự;",
        "b) Dân số, trẻ em, bảo trợ xã hội;",
        "c) Khám bệnh, chữa bệnh;",
    ]


def test_the_body_asked_for_is_not_the_one_the_question_names() -> None:
    a = analyze("Theo TT 05/2026/TT-BCT, ai phê duyệt dự toán nhiệm vụ của các Vụ và Văn phòng Bộ?")
    text = "b) Đối với các Vụ, Văn phòng Bộ: Chánh Văn phòng Bộ có trách nhiệm phê duyệt dự toán."
    spans = typed_spans(a, text, _Result())
    assert [text[s.start : s.end] for s in spans] == ["Chánh Văn phòng Bộ"]


def test_a_duty_is_quoted_with_the_body_it_is_listed_under() -> None:
    text = (
        "Điều 4. Trách nhiệm thi hành\n1. Bộ Ngoại giao:\n"
        "a) Tiếp nhận các nhiệm vụ của Quỹ Bảo hộ công dân ở nước ngoài.\n"
        "b) Chủ trì tuyên truyền về việc giải thể Quỹ."
    )
    quotes = {text[a:b] for a, b in _quotable(text, with_subject=True)}
    assert "Bộ Ngoại giao:\na) Tiếp nhận các nhiệm vụ của Quỹ Bảo hộ công dân ở nước ngoài." in {
        q.removeprefix("1. ") for q in quotes
    }
    # "b) …" is an item of its own, not a sentence going on from "a) …"
    assert not any(q.startswith("a)") and "b)" in q for q in quotes)


def test_a_question_naming_a_document_asks_the_number_of_another_inside_it() -> None:
    a = analyze("Nghị quyết 13/NQ-CP công bố nghị định nào tiếp tục có hiệu lực?")
    assert (a.kind, a.focus.type, a.focus.attribute) == ("fact", "code", None)


class _Result:
    number = "05/2026/TT-BCT"


def test_a_preposition_after_bao_nhieu_is_not_a_counted_noun() -> None:
    a = analyze("Số người làm việc tối thiểu là bao nhiêu theo NĐ 283/2025/NĐ-CP?")
    assert a.focus.units == ()
    assert analyze("Bỉm Sơn đã nghiệm thu bao nhiêu đề tài?").focus.units == ("đề tài",)


def test_an_abbreviation_covers_the_words_the_topic_keeps_without_va() -> None:
    a = analyze("ngân sách cho khoa học và công nghệ là bao nhiêu")
    scorer = TopicScorer(a, {})
    full = scorer.support("ngân sách cho khoa học công nghệ khoảng 2,87 tỷ đồng")
    assert scorer.support("ngân sách cho hoạt động KH&CN khoảng 2,87 tỷ đồng") == full


def test_items_run_on_past_sub_items_and_into_the_next_passage() -> None:
    first = (
        "Các hệ thống thông tin sử dụng chứng thư bao gồm:\na) Hệ thống thanh toán;\n"
        "b) Hệ thống đấu thầu gồm các phân hệ nghiệp vụ:\n- Đấu thầu;"
    )
    second = "- Tái cấp vốn.\nc) Hệ thống báo cáo;\nĐiều 4. Tổ chức thực hiện"

    one, two = _passage(first, "1"), _passage(second, "2")
    lines, _ = item_lines(
        [Supported(0.9, 0, one, (0, first.index("\n")))],
        lambda r: two if r.passage_id == "1" else None,
    )
    assert [line.split(" [")[0][:2] for line in lines] == ["Cá", "a)", "b)", "c)"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # a pasted clause that opens with verbs which are also document types ("hướng dẫn")
        # and holds "nha may" (nhà máy, not "mấy" = how many) once folded
        (
            "huong dan, ho tro, khuyen khich doanh nghiep chuyen doi so theo huong nha may "
            "thong minh, tich hop cong nghe thong tin va tu dong hoa trong san xuat",
            "precedent",
        ),
        ("huyen bao lam co may xa", "fact"),
        # a quoted clause asked "how" is wording, whatever the verb before it
        (
            'Các văn bản trích dẫn Nghị quyết 20-NQ/TW thế nào: "về phát triển khoa học và '
            'công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa"',
            "precedent",
        ),
        ('Nghị quyết "về phát triển khoa học và công nghệ" ban hành ngày nào?', "fact"),
    ],
)
def test_pasted_and_quoted_clauses_ask_for_wording(question: str, kind: str) -> None:
    assert analyze(question, restore=_restore).kind == kind


def test_a_quoted_clause_is_the_draft_compared() -> None:
    a = analyze(
        'Văn bản khác viết thế nào: "tiếp tục quán triệt nghị quyết một cách sâu rộng đến cán '
        'bộ, đảng viên và nhân dân"',
        restore=_restore,
    )
    assert a.kind == "precedent" and a.topic[:3] == ("tiếp", "tục", "quán")


def test_a_numbering_mark_stays_with_its_sentence() -> None:
    text = (
        "Điều 6. Tổ chức của Thanh tra ngành Ngân hàng\nTổ chức bao gồm:\n"
        "1. Thanh tra Ngân hàng Nhà nước.\n2. Thanh tra Khu vực.\nXem mục 2. Được."
    )
    assert [text[a:b] for a, b in units(text)] == [
        "Điều 6. Tổ chức của Thanh tra ngành Ngân hàng",
        "Tổ chức bao gồm:",
        "1. Thanh tra Ngân hàng Nhà nước.",
        "2. Thanh tra Khu vực.",
        "Xem mục 2.",
        "Được.",
    ]


def test_an_items_number_is_not_a_quantity() -> None:
    a = analyze("Sinh viên xuất sắc hưởng phụ cấp tối đa bao nhiêu?", restore=_restore)
    text = "1. Sinh viên tốt nghiệp xuất sắc được hưởng phụ cấp tối đa bằng 250% mức lương."
    spans = typed_spans(a, text, _passage(text))
    assert [text[s.start : s.end] for s in spans] == ["bằng 250% mức lương"]


def test_articles_named_for_the_items_asked_make_a_list() -> None:
    text = (
        "Điều 23. Trách nhiệm chung\nCác bộ phối hợp.\n"
        "Điều 24. Trách nhiệm của Bộ Văn hóa, Thể thao và Du lịch\n1. Cấp phép.\n"
        "Điều 25. Trách nhiệm của Bộ Y tế\n1. Thẩm định.\n"
        "Điều 26. Quyền hạn của Bộ Công an\n1. Kiểm tra."
    )
    a = analyze("Nghị định quy định trách nhiệm riêng cho những bộ nào?", restore=_restore)
    heads = article_heads(a, [_passage(text)])
    assert [text[x:y] for _, (x, y) in heads] == [
        "Điều 24. Trách nhiệm của Bộ Văn hóa, Thể thao và Du lịch",
        "Điều 25. Trách nhiệm của Bộ Y tế",
    ]
    # one article is not a list
    assert article_heads(a, [_passage(text.split("Điều 25")[0])]) == []


def test_a_body_asked_for_is_not_a_district() -> None:
    a = analyze("to chuc cua thanh tra nganh ngan hang gom nhung co quan nao", restore=_restore)
    assert a.kind == "list" and a.level == "items"


@pytest.mark.parametrize(
    ("question", "acronyms"),
    [
        ("Hàm lượng CO tối đa trong khói thuốc theo QCVN 16-1:2025/BYT là bao nhiêu?", ["CO"]),
        ("Trung tâm Y tế có bao nhiêu đề tài NCKH được nghiệm thu?", ["NCKH"]),
        ("UBND huyện Triệu Sơn ban hành bao nhiêu quyết định?", []),  # spelled out in text
        ("Thông tư NHNN quy định chữ ký điện tử", []),  # a body's short name
        ("QĐ 1089/QĐ-UBND của Sở KH&CN", []),
    ],
)
def test_acronyms_a_question_names(question: str, acronyms: list[str]) -> None:
    assert named_acronyms(question) == acronyms


def test_an_acronym_must_be_written_or_spelled_out() -> None:
    assert _writes(["NCKH"], "03 đề tài nghiên cứu khoa học cấp cơ sở được nghiệm thu")
    assert _writes(["CO"], "hàm lượng CO trong khói")
    # two letters are not matched by initials ("cơ quan" is not CO)
    assert not _writes(["CO"], "hàm lượng tối đa nhựa thuốc lá (tar) và nicotin của cơ quan")


def test_a_named_locality_removes_its_own_words_only() -> None:
    a = analyze("Dân số huyện Bảo Lâm theo báo cáo tổng kết là bao nhiêu?", restore=_restore)
    assert "báo" in a.without_words_of("Bảo Lâm").topic
    assert "bảo" not in a.without_words_of("Bảo Lâm").topic


def test_words_naming_the_document_are_left_to_its_title() -> None:
    a = analyze("Dân số huyện Bảo Lâm theo báo cáo tổng kết NQ 20 là bao nhiêu?")
    scorer = TopicScorer(a, {})
    sentence = "Dân số hiện nay của huyện Bảo Lâm là trên 118.750 người."
    title = set(a.keys_of("Báo cáo tổng kết 10 năm thực hiện Nghị quyết số 20-NQ/TW NQ"))
    assert scorer.support(sentence) < 0.5
    assert scorer.support(sentence, frozenset(title)) > 0.8
    # a sentence that writes none of the rest covers nothing
    assert scorer.support("Công tác được triển khai.", frozenset(title)) == 0.0


def test_a_date_after_another_documents_number_is_that_documents() -> None:
    a = analyze(
        "UBND tỉnh ban hành Quyết định 2388/QĐ-UBND (kế hoạch thực hiện NQ 46/NQ-CP) ngày nào?",
        restore=_restore,
    )
    text = (
        "Ngày 10/7/2013, UBND tỉnh Thanh Hóa đã ban hành Quyết định số 2388/QĐ-UBND về "
        "việc thực hiện Nghị quyết số 46/NQ-CP ngày 29/3/2013 của Chính phủ."
    )
    spans = typed_spans(a, text, _passage(text))
    assert [text[s.start : s.end] for s in spans] == ["Ngày 10/7/2013"]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Số hiệu kế hoạch hành động thực hiện NQ 20 của UBND thị xã Bỉm Sơn?", "kế hoạch"),
        ("Nghị quyết 13/NQ-CP công bố nghị định nào về ngân quỹ nhà nước?", "nghị định"),
        ("Chương trình hành động của Huyện ủy có số hiệu gì?", "chương trình hành động"),
        ("Nghị quyết 20 được ban hành ngày nào?", None),
    ],
)
def test_the_type_of_number_asked(question: str, kind: str | None) -> None:
    assert asked_code_type(question) == kind


def test_a_number_of_another_type_is_not_the_answer() -> None:
    a = analyze("Số hiệu kế hoạch hành động của UBND thị xã Bỉm Sơn?", restore=_restore)
    text = (
        "UBND tỉnh ban hành Quyết định số 2388/QĐ-UBND; UBND thị xã Bỉm Sơn đã ban hành "
        "Kế hoạch hành động số 1207/KHHĐ-UBND ngày 30/9/2013."
    )
    spans = typed_spans(a, text, _passage(text))
    assert [text[s.start : s.end] for s in spans] == ["1207/KHHĐ-UBND"]


def test_an_english_question_asks_a_document_type() -> None:
    a = analyze("Which decree details the Law on Advertising?", restore=_restore)
    assert a.kind == "document" and a.doc_type == "decree"
    assert "quảng" in a.topic  # advertising → quảng cáo


def test_a_flattened_table_row_is_one_unit() -> None:
    text = (
        "Số TT\nTên phí, lệ phí\nĐơn vị tính\nMức thu (đồng)\n1\nPhí sát hạch lái xe\n"
        "- Sát hạch lý thuyết\nLần\n100.000\n- Sát hạch thực hành trong hình\nLần\n350.000\n"
        "2\nCấp, đổi, cấp lại giấy phép lái xe\nLần\n115.000\n3\nMột dòng không có giá trị"
    )
    rows = [text[a:b] for a, b in table_rows(text)]
    assert rows == [
        "- Sát hạch lý thuyết\nLần\n100.000",
        "- Sát hạch thực hành trong hình\nLần\n350.000",
        "Cấp, đổi, cấp lại giấy phép lái xe\nLần\n115.000",
    ]


def test_a_fee_cell_is_an_amount_under_a_money_column() -> None:
    a = analyze("Lệ phí cấp đổi giấy phép lái xe là bao nhiêu tiền một lần?", restore=_restore)
    row = "Cấp, đổi, cấp lại giấy phép lái xe\nLần\n115.000"
    assert typed_spans(a, row, _passage(row)) == []  # no unit anywhere: not an amount
    spans = typed_spans(a, row, _passage(row), priced=True)
    assert [row[s.start : s.end] for s in spans] == ["115.000"]


def test_a_short_item_is_also_quoted_with_its_lead_in() -> None:
    text = (
        "1. Chủ tịch Ủy ban nhân dân cấp xã có quyền:\na) Phạt cảnh cáo;\n"
        "b) Phạt tiền đến 50.000.000 đồng;\n2. Một khoản khác."
    )
    quotes = [text[a:b] for a, b in _quotable(text, with_subject=False)]
    assert "b) Phạt tiền đến 50.000.000 đồng;" in quotes
    assert text[: text.index("\n2.")] in quotes


def test_keywords_starting_with_a_documents_number_ask_it() -> None:
    a = analyze("so quyet dinh kien toan hoi dong KH&CN huyen trieu son", restore=_restore)
    assert a.kind == "fact" and a.focus.type == "code"


@pytest.mark.parametrize(
    "question",
    ["Bí thư nào ký Chương trình hành động 29-CTr/TU?", "bi thu nao ky chuong trinh 29-CTr/TU"],
)
def test_which_official_signed_asks_the_signer(question: str) -> None:
    assert analyze(question, restore=_restore).focus.attribute == "signer"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (
            "Thông tư của Bộ Tài chính quy định mức thu phí sát hạch lái xe, lệ phí cấp bằng",
            "document",
        ),
        ("Thông tư của Bộ Tài chính quy định mức thu phí sát hạch lái xe là bao nhiêu?", "fact"),
    ],
)
def test_a_description_starting_with_a_type_looks_for_a_document(question: str, kind: str) -> None:
    assert analyze(question, restore=_restore).kind == kind


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("chương trình hành động của Huyện ủy Bảo Lâm", ("Bảo Lâm", "huyện")),
        ("nghi quyet cua thi uy huong tra", ("Hương Trà", "thị xã")),
    ],
)
def test_a_party_committee_names_its_locality(question: str, place: tuple[str, str]) -> None:
    assert [(p.name, p.level) for p in named_places(question)] == [place]


def test_a_core_phrase_may_hold_a_word_or_two_inside() -> None:
    a = analyze("Địa phương nào xây dựng nhãn hiệu tập thể?", restore=_restore)
    core = ("hiệu", "tập")
    assert holds(a, "công bố nhãn hiệu hàng hóa tập thể đối với sản phẩm", core)
    assert not holds(a, "nhãn hiệu, tập huấn kỹ thuật", core)  # not across punctuation
    assert not holds(a, "nhãn hiệu sản phẩm của hợp tác xã tập trung", core)  # too far


def test_english_words_the_question_glosses_are_not_loose() -> None:
    a = analyze("Which localities mention collective trademarks (nhãn hiệu tập thể)?")
    assert "collective" not in a.loose and "trademarks" not in a.topic


def test_the_asked_type_does_not_describe_which_document() -> None:
    a = analyze("Thông tư của Bộ GD&ĐT quy định quy chế tuyển sinh đại học năm 2026")
    other = replace(
        _passage("Quy định thẩm quyền tuyển dụng nhà giáo"),
        doc_type="thông tư",
        title="Quy định thẩm quyền tuyển dụng nhà giáo",
        issuer="Bộ Giáo dục và Đào tạo",
        date="2026-01-10",
    )
    # shares "thông tư", "quy định", "tuyển", "2026" with the question: not its subject
    assert by_description(a, [other])[0].score < 0.5


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("Báo cáo của thị xã Bỉm Sơn được lập ngày nào?", "issued"),
        ("Bao cao cua thi xa Bim Son duoc lap ngay nao?", "issued"),
        ("When was the report of Bim Son town drawn up?", "issued"),
        # a body's founding is not a document's date
        ("Hội đồng khoa học huyện được thành lập ngày nào?", None),
        # the repealing circular's own effective date, not which circular it repeals
        ("Thông tư bãi bỏ thông tư liên tịch về giá cước có hiệu lực từ ngày nào?", "effective"),
        ("Thông tư 29/2025/TT-BTC bãi bỏ thông tư nào?", "replaces"),
    ],
)
def test_the_attribute_asked_is_one_that_can_have_the_asked_type(
    question: str, attribute: str | None
) -> None:
    assert analyze(question).focus.attribute == attribute


@pytest.mark.parametrize(
    ("question", "text", "want"),
    [
        # the period the question states is its condition, not its answer
        (
            "Hội đồng họp kiện toàn ngày nào trong 6 tháng đầu năm 2022?",
            "Hoạt động trong 6 tháng đầu năm 2022: Họp kiện toàn Hội đồng ngày 16/3/2022.",
            ["ngày 16/3/2022"],
        ),
        # the same date written another way is still the question's own
        (
            "de an phe duyet truoc 01/01/2026 duoc thuc hien den khi nao?",
            "đề án phê duyệt trước ngày 01 tháng 01 năm 2026 được thực hiện đến hết "
            "ngày 31 tháng 12 năm 2026.",
            ["ngày 31 tháng 12 năm 2026"],
        ),
    ],
)
def test_a_date_the_question_states_is_not_its_answer(
    question: str, text: str, want: list[str]
) -> None:
    spans = typed_spans(analyze(question), text, _passage(text))
    assert [text[s.start : s.end] for s in spans] == want


def test_dates_written_in_several_ways_are_one_date() -> None:
    assert date_keys("ngày 16/3/2022") == date_keys("16 tháng 3 năm 2022") == {(16, 3, 2022)}
    assert date_keys("6 tháng đầu năm 2022") == {(None, None, 2022)}
    assert date_keys("tháng 3/2017") == {(None, 3, 2017)}
    assert date_keys("ngày 20 của tháng cuối kỳ") == set()


def test_a_document_takes_effect_by_its_own_clause_not_by_its_decisions() -> None:
    passages = [
        replace(
            _passage(text, f"p{i}"),
            doc_type="luật",
        )
        for i, text in enumerate(
            [
                "4. Các quyết định này có hiệu lực kể từ ngày ký ban hành.",
                "Điều 45. Hiệu lực thi hành\n1. Luật này có hiệu lực thi hành từ ngày "
                "01 tháng 7 năm 2026.",
            ]
        )
    ]
    a = analyze("Luật chuyển giao người chấp hành án có hiệu lực từ ngày nào?")
    found = _within(a, passages, "effective")
    assert found is not None
    r, _, (s, t) = found
    assert r.passage_id == "p1"


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("2- Mục tiêu cụ thể", True),
        ("III. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT", True),
        ("Điều 5. Hiệu lực thi hành", True),
        # an item that ends like a sentence is wording to quote, not a heading
        ("3. Tồn dư Quỹ năm trước được chuyển sang năm sau.", False),
    ],
)
def test_a_numbered_line_is_a_heading_unless_it_ends_as_a_sentence(
    text: str, heading: bool
) -> None:
    assert is_heading(text) is heading


@pytest.mark.parametrize(
    "text",
    [
        "theo quy định tại khoản 4 Điều 5 Nghị quyết số 206/2025/QH15;",
        "ban hành Quy chuẩn kỹ thuật quốc gia QCVN 29:2026/BCT về dầu thực vật tinh chế",
        "theo Mẫu số 02 tại Phụ lục 01 kèm theo",
    ],
)
def test_a_number_that_names_a_part_or_a_document_is_not_an_amount(text: str) -> None:
    assert quantities(text) == []


def test_a_count_after_tong_so_is_still_an_amount() -> None:
    text = "tổng số 2.550 cán bộ"
    assert [text[s.start : s.end] for s in quantities(text)] == ["2.550 cán bộ"]


def test_an_article_named_by_the_item_noun_leads_its_clauses_as_items() -> None:
    text = (
        "Điều 6. Nguồn tài chính hình thành\n"
        "1. Hỗ trợ, viện trợ không thuộc nguồn thu ngân sách.\n"
        "2. Thu lãi từ tài khoản tiền gửi.\n"
        "3. Tồn dư Quỹ năm trước được chuyển sang năm sau.\n"
        "Điều 7. Tiếp nhận các khoản hỗ trợ"
    )
    a = analyze("Quỹ được hình thành từ những nguồn tài chính nào?")
    lead = (0, text.index("\n"))
    lines, _ = item_lines([Supported(0.9, 0, _passage(text), lead)], analysis=a)
    assert [line.split(" [")[0] for line in lines] == [
        "Điều 6. Nguồn tài chính hình thành",
        "1. Hỗ trợ, viện trợ không thuộc nguồn thu ngân sách.",
        "2. Thu lãi từ tài khoản tiền gửi.",
        "3. Tồn dư Quỹ năm trước được chuyển sang năm sau.",
    ]


def test_an_article_that_names_one_item_is_not_a_lead_in() -> None:
    a = analyze("Nghị định quy định trách nhiệm cho những bộ nào?")
    assert not _leads_items("Điều 25. Trách nhiệm của Bộ Y tế", a)
    assert _leads_items("Điều 6. Nguồn tài chính hình thành", analyze("những nguồn tài chính nào?"))


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # the document asked for is the subject: a document answer
        ("Thông tư nào của Bộ Tài chính sửa đổi Thông tư 02/2024/TT-BKHĐT?", "document"),
        ("Quyết định nào ban hành Quy chế theo Nghị quyết 206/2025/QH15?", "document"),
        ("Báo cáo số 18/BC-UBND là của cơ quan nào và về nội dung gì?", "document"),
        # the named document is the subject: a number inside it
        ("Nghị quyết 13/NQ-CP công bố nghị định nào tiếp tục có hiệu lực?", "fact"),
        ("Nghị định 273/2025/NĐ-CP thay thế nghị định nào?", "fact"),
        ("Which decree does Decree 273/2025/NĐ-CP replace?", "fact"),
    ],
)
def test_which_document_is_asked_depends_on_the_subject(question: str, kind: str) -> None:
    assert analyze(question).kind == kind


def test_an_amount_the_question_states_must_be_stated_the_same_way() -> None:
    asked = stated_conditions("Hỗ trợ bao nhiêu cho người có tỷ lệ tổn thương từ 31% trở xuống?")
    assert asked == [(31.0, "at most")]
    assert meets_conditions(asked, "tỷ lệ tổn thương từ 31% trở xuống: chi 5 triệu đồng")
    # the opposite bound, or another amount, does not answer it
    assert not meets_conditions(asked, "tỷ lệ tổn thương trên 31% đến dưới 81%: chi 10 triệu đồng")
    assert not meets_conditions(asked, "tỷ lệ tổn thương trên 81%: chi không quá 100 triệu đồng")
    # amounts written with thousands separators are compared by value
    assert meets_conditions(
        stated_conditions("Hộ có thu nhập dưới 1.500.000 đồng được hỗ trợ gì?"),
        "hộ có thu nhập dưới 1.500.000 đồng/tháng được hỗ trợ",
    )


def test_a_kind_of_charge_asked_must_be_the_one_given() -> None:
    assert asked_charges("Lệ phí dự thi sát hạch cấp chứng chỉ là bao nhiêu?") == ["le phi"]
    assert not names_charges(["le phi"], "Mức thu chi phí cấp chứng chỉ là 100.000 đồng/lần.")
    assert names_charges(["le phi"], "Mức thu lệ phí cấp chứng chỉ là 100.000 đồng/lần.")
    assert asked_charges("Phí cấp chứng chỉ là bao nhiêu?") == []  # "phí" alone: any


def test_who_is_the_subject_of_the_item_not_of_its_article_name() -> None:
    a = analyze("Ai có thẩm quyền tuyển dụng nhà giáo tại Trường Hữu nghị T78?")
    text = (
        "Điều 4. Thẩm quyền tuyển dụng nhà giáo trong các cơ sở giáo dục khác\n"
        "1. Hiệu trưởng trường dự bị đại học, Trường Hữu nghị T78, Trường Phổ thông Vùng "
        "cao Việt Bắc có thẩm quyền tuyển dụng nhà giáo thuộc thẩm quyền quản lý."
    )
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    spans = typed_spans(a, text, _passage(text))
    anchors = [s for s, _ in scorer.matched_spans(text)]
    best = pick_span(a, text, spans, anchors)
    assert text[best.start : best.end] == "Hiệu trưởng"


def test_what_a_term_is_comes_before_what_kinds_it_has() -> None:
    a = analyze("bai chon lap chat thai ran la gi?")
    defines = "1.3.1. Bãi chôn lấp chất thải rắn là địa điểm để xử lý chất thải rắn bằng chôn lấp."
    kinds = "Bãi chôn lấp chất thải rắn bao gồm bãi chôn lấp chất thải rắn sinh hoạt."
    assert _definition_fit(a, defines) > _definition_fit(a, kinds)


def test_common_legal_english_is_translated_and_framing_verbs_are_not_topic() -> None:
    assert untranslated(
        "How have other documents phrased the transfer of a Vietnamese citizen serving a "
        "prison sentence abroad?"
    ) == ["serving"]
    assert untranslated("How many members can the independent appraisal council have?") == []


def test_an_english_precedent_request_searches_the_vietnamese_wording_it_quotes() -> None:
    a = analyze(
        'How have other documents phrased: "proactively detect and train young talents" '
        "(chủ động phát hiện và đào tạo, bồi dưỡng tài năng trẻ)?"
    )
    assert (a.kind, a.language) == ("precedent", "en")
    assert a.topic == (
        "chủ",
        "động",
        "phát",
        "hiện",
        "và",
        "đào",
        "tạo",
        "bồi",
        "dưỡng",
        "tài",
        "năng",
        "trẻ",
    )
    assert a.query.text.startswith("chủ động phát hiện")


def test_an_article_name_can_state_the_amount_asked() -> None:
    a = analyze("Thông tư ban hành bao nhiêu mẫu giấy tờ về quốc tịch?")
    text = "Điều 4. Ban hành 17 mẫu giấy tờ về quốc tịch\n2- Mục tiêu cụ thể"
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    found = find_evidence(a, scorer, [_passage(text)])
    assert [text[e.span[0] : e.span[1]] for e in found] == [
        "Điều 4. Ban hành 17 mẫu giấy tờ về quốc tịch"
    ]


@pytest.mark.parametrize(
    ("question", "units"),
    [
        # unaccented, "gia" of "quốc gia" and "phat" of "phát triển" are not money
        ("huong tra co bao nhieu truong dat chuan quoc gia", ("truong dat",)),
        ("co bao nhieu du an phat trien", ("du an",)),
        ("muc phat tien doi voi hanh vi nay la bao nhieu", ("money",)),
        ("gia ban dien la bao nhieu", ("money",)),
        ("How much state budget went to science?", ("money",)),
    ],
)
def test_unaccented_money_words_are_read_as_phrases(question: str, units: tuple[str, ...]) -> None:
    assert analyze(question).focus.units == units


def test_a_technical_regulation_number_is_a_document_number() -> None:
    text = "1. QCVN 91:2025/BNNMT - Quy chuẩn kỹ thuật quốc gia; theo Thông tư 10/2026/TT-BCT"
    assert [text[s.start : s.end] for s in find_spans(text, "code")] == [
        "QCVN 91:2025/BNNMT",
        "10/2026/TT-BCT",
    ]
    assert code_type("QCVN 91:2025/BNNMT") == "quy chuẩn"
    assert code_type("TCVN 5945:2005") == "tiêu chuẩn"


def test_the_issue_date_asked_is_the_first_named_documents() -> None:
    a = analyze("Chương trình hành động số 23-CTr/HU thực hiện NQ 20 được ban hành ngày nào?")
    text = (
        "Huyện ủy ban hành chương trình hành động số 23- CTr/HU ngày, 10/01/2013 thực hiện "
        "Nghị quyết số 20-NQ/TW, ngày 01/11/2012 của Ban chấp hành Trung ương"
    )
    assert [text[s.start : s.end] for s in typed_spans(a, text, _passage(text))] == ["10/01/2013"]


def test_a_date_after_a_number_of_the_asked_type_is_the_asked_documents() -> None:
    a = analyze("Công văn của Sở KH&CN đề nghị báo cáo kết quả thực hiện NQ 20 ban hành ngày nào?")
    text = "Thực hiện Công văn số 148/SKHCN-TCKH ngày 27 tháng 02 năm 2017 của Sở KH&CN"
    assert [text[s.start : s.end] for s in typed_spans(a, text, _passage(text))] == [
        "ngày 27 tháng 02 năm 2017"
    ]


def test_a_class_named_by_its_label_must_be_the_one_stated() -> None:
    labels = stated_labels("Mức lương tối thiểu tháng của vùng V là bao nhiêu?")
    assert labels == [("vung", "v")]
    assert not names_labels(labels, "Vùng IV: 3.700.000 đồng/tháng.")
    assert names_labels(labels, "Vùng V: 3.000.000 đồng/tháng.")
    assert names_labels(stated_labels("minimum wage of Region II"), "Vùng II: 4.410.000 đồng")
    hotspot = stated_labels("criteria of a type-I drug hotspot")
    assert hotspot == [("type", "i")]
    assert not names_labels(hotspot, "Tỷ lệ người nghiện trên địa bàn dưới 0,1%.")
    assert names_labels(hotspot, "Địa bàn trọng điểm loại I có ít nhất 3 tiêu chí.")


def test_a_bound_asked_prefers_the_amount_bounded_that_way() -> None:
    a = analyze("Hội đồng có tối đa bao nhiêu thành viên?")
    text = "Hội đồng có từ 05 thành viên trở lên và không quá 09 thành viên."
    spans = typed_spans(a, text, _passage(text))
    best = pick_span(a, text, spans, [])
    assert text[best.start : best.end].startswith("không quá 09")


@pytest.mark.parametrize(
    "question",
    [
        "Who signed the Lâm Đồng plan under Decree 15/2025/NĐ-CP?",
        "How many hectares of tea has Thọ Xuân district planted?",
        "What is the statutory base salary (mức lương cơ sở) in đồng?",
    ],
)
def test_vietnamese_names_codes_and_glosses_do_not_make_an_english_question_vietnamese(
    question: str,
) -> None:
    assert analyze(question).language == "en"


def test_an_english_word_is_found_under_its_stem_or_other_spelling() -> None:
    assert untranslated("How many farmers were organised into cooperatives?") == []
    assert untranslated("Which agencies approved the laboratories?") == []
    assert untranslated("Who approves the certificates?") == []
    assert untranslated("Which agencies approved the labs?") == ["labs"]


def test_when_inside_an_english_question_is_a_condition_not_the_date_asked() -> None:
    assert analyze("When does the decree take effect?").focus.type == "date"
    assert analyze("Under Decree 12, when is the fee due?").focus.type == "date"
    asked = analyze("How much must the lender pay when seizing a borrower's only tool?")
    assert asked.focus.type == "quantity"
    wage = analyze("What is the hourly minimum wage for Region II?").focus
    assert (wage.type, wage.units) == ("quantity", ("money",))


def test_a_pair_the_collection_never_writes_between_two_phrases_is_not_the_core() -> None:
    a = analyze("Những địa phương nào mở rộng quỹ phát triển?")
    idf = {"mở": 0.5, "rộng": 3.0, "quỹ": 3.0, "phát": 1.0, "triển": 0.5}
    never = {("rộng", "quỹ"), ("nuôi", "lồng")}

    def written(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        return set(pairs) - never

    assert core_phrase(a, idf) == ("rộng", "quỹ")
    assert core_phrase(a, idf, written) == ("quỹ", "phát")
    # a topic the collection does not write, at the end of the question, stays the core
    # (and is not found) rather than giving way to a pair it does write
    cage = analyze("Huyện nào có mô hình nuôi cá lồng?")
    cage_idf = {"mô": 1.0, "hình": 1.0, "nuôi": 2.0, "cá": 2.0, "lồng": 4.0}
    assert core_phrase(cage, cage_idf, lambda p: set(p) - {("cá", "lồng")}) == ("cá", "lồng")


def test_the_bound_and_unit_a_quantity_is_asked_in_are_not_its_topic() -> None:
    asked = analyze("Hồ sơ phải nộp tối thiểu bao nhiêu phần trăm vốn điều lệ?")
    assert "trăm" not in asked.topic and "thiểu" not in asked.topic
    assert {"vốn", "điều", "lệ"} <= set(asked.topic)
    # a bound that is part of the term asked about stays: "lương tối thiểu"
    assert "thiểu" in analyze("Mức lương tối thiểu vùng II là bao nhiêu?").topic
    assert analyze("thoi han toi da la bao lau?").topic == ("thoi", "han")


def test_examples_in_brackets_are_not_a_lists_core_phrase() -> None:
    a = analyze("Những địa phương nào có mô hình nuôi cá (cá rô phi, cá chạch)?")
    idf = {"mô": 1.0, "hình": 1.0, "nuôi": 2.0, "cá": 1.5, "rô": 4.0, "phi": 3.0, "chạch": 5.0}
    assert core_phrase(a, idf) == ("nuôi", "cá")
    # only examples to pair: they are the core
    b = analyze("Địa phương nào nuôi (cá rô phi)?")
    assert core_phrase(b, idf) == ("rô", "phi")


def test_an_english_counted_noun_is_read_as_its_unit_family() -> None:
    assert analyze("How many working days does the department have?").focus.units == ("duration",)
    assert analyze("How many schools were built?").focus.units == ("trường học", "nhà trường")


def test_items_asked_as_bodies_of_a_kind_must_name_such_bodies() -> None:
    asked = analyze("Những cục nào chịu trách nhiệm vận hành hệ thống?")
    duties = ["1. Về giải pháp kỹ thuật nền tảng", "2. Về bảo mật dữ liệu"]
    assert not names_item_kind(asked, duties)
    assert names_item_kind(asked, ["a) Cục Biến đổi khí hậu;", "b) Cục Chuyển đổi số."])
    anyone = analyze("Các cơ quan nào phối hợp thực hiện?")
    assert names_item_kind(anyone, ["1. Bộ Tài chính;", "2. Ngân hàng Nhà nước Việt Nam."])
    # items of another kind of noun are not checked
    assert names_item_kind(analyze("Gồm những hồ sơ nào?"), duties)


@pytest.mark.parametrize(
    ("query", "asked"),
    [
        ("NQ phê chuẩn kết quả bầu cử năm 2025", "nghi quyet"),
        ("QĐ phê duyệt quy hoạch tỉnh", "quyet dinh"),
        ("ND quy dinh xu phat giao thong", "nghi dinh"),
        ("Nghị quyết 20-NQ/TW về khoa học", "nghi quyet"),
    ],
)
def test_an_abbreviated_type_opening_a_keyword_query_is_the_type_searched(
    query: str, asked: str
) -> None:
    assert analyze(query).doc_type == asked


def test_a_prefix_left_of_a_translated_compound_is_not_an_untranslated_word() -> None:
    assert untranslated("How many non-bank credit institutions took part?") == []
    assert untranslated("What is the six-month target for TFP?") == ["tfp"]


def test_a_foreign_country_the_question_names_is_a_condition() -> None:
    assert named_countries("Hạn ngạch nhập khẩu gạo từ Lào là bao nhiêu?") == ["Lào"]
    assert named_countries("han ngach gao tu Lao la bao nhieu") == ["Lào"]
    assert named_countries("Bộ Lao động quy định gì?") == []
    assert named_countries("Tỉnh Lào Cai có bao nhiêu xã?") == []
    assert named_countries("rice quota from Cambodia") == ["Campuchia"]
    passage = _passage("Lượng hạn ngạch thuế quan mỗi năm đối với mặt hàng gạo là 300.000 tấn.")
    assert not about_countries(["Lào"], passage)
    in_lao_cai = _passage("Hạn ngạch gạo của tỉnh Lào Cai là 300 tấn.")
    assert not about_countries(["Lào"], in_lao_cai)
    titled = replace(passage, title="Hạn ngạch thuế quan hàng hóa có xuất xứ từ Campuchia")
    assert about_countries(["Campuchia"], titled)


@pytest.mark.parametrize(
    "question",
    ["Văn bản số 137/2025/QH15 là văn bản gì?", "What kind of document is 18/BC-UBND?"],
)
def test_a_question_giving_a_number_and_asking_what_it_is_asks_the_document(
    question: str,
) -> None:
    assert analyze(question).kind == "document"


def test_a_content_is_asked_in_milligrams_or_a_share_not_a_count() -> None:
    focus = analyze("Hàm lượng nicotin tối đa trong thuốc lá điện tử là bao nhiêu?").focus
    assert focus.units == ("content", "percent")
    text = "Hàm lượng tối đa nicotin trong khói 01 điếu thuốc lá là 1,0 mg/điếu."
    kept = [
        text[s.start : s.end] for s in find_spans(text, "quantity") if unit_matches(s, focus.units)
    ]
    assert kept and all(k.startswith("1,0 mg") for k in kept)


def test_lượng_of_a_count_is_not_the_charge_lương() -> None:
    assert asked_charges("Số lượng cán bộ khoa học của huyện là bao nhiêu?") == []
    assert asked_charges("Sản lượng lúa năm 2022 đạt bao nhiêu tấn?") == []
    assert asked_charges("Mức lương cơ sở là bao nhiêu?") == ["luong"]
    assert names_charges(["luong"], "Mức lương cơ sở là 2.340.000 đồng/tháng.")
    assert not names_charges(["luong"], "Sản lượng đạt 20 tấn.")


def test_a_quoted_term_or_the_one_after_the_defining_verb_is_defined() -> None:
    a = analyze('Luật Báo chí 2025 định nghĩa "đặc san" là gì?')
    assert defined_term(a) == {"đặc", "san"}
    b = analyze("Luật Báo chí 2025 định nghĩa đặc san là gì?")
    assert defined_term(b) == {"đặc", "san"}
    text = "22. Đặc san là sản phẩm thông tin có tính chất báo chí xuất bản không định kỳ."
    assert definition_key(a, text) is not None


def test_labels_are_read_with_diacritics_when_typed_with_them() -> None:
    # "hàng hải" (maritime) and "hàng năm" (yearly) fold to "hang hai", "hang nam"
    assert stated_labels("hoa tiêu hàng hải hạng Ba cần bao nhiêu lượt?") == [("hang", "ba")]
    assert stated_labels("phí thẩm định hàng năm là bao nhiêu?") == []
    # without diacritics a label spelled in words must be capitalised
    assert stated_labels("hoa tieu hang hai hang Ba") == [("hang", "ba")]
    assert stated_labels("luong toi thieu vung IV") == [("vung", "iv")]


def test_a_label_may_be_stated_by_the_lead_in_of_its_item() -> None:
    a = analyze("Cần tối thiểu bao nhiêu lượt thực tập dẫn tàu để được cấp hạng Ba?")
    text = (
        "1. Điều kiện cấp hạng Ba:\na) Đã hoàn thành khóa đào tạo;\n"
        "b) Có tối thiểu 400 lượt thực tập dẫn tàu an toàn."
    )
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    found = find_evidence(a, scorer, [_passage(text)])
    assert found and "400 lượt" in found[0].text


def test_a_bound_asked_prefers_the_sentence_that_states_that_bound() -> None:
    a = analyze("Cần tối thiểu bao nhiêu lượt thực tập dẫn tàu?")
    text = (
        "Hồ sơ gồm 03 phiếu sát hạch của 03 lượt thực tập dẫn tàu.\n"
        "Người học phải có tối thiểu 400 lượt thực tập dẫn tàu."
    )
    assert a.focus.units == ("lượt thực",)  # a count of turns, not of people
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    found = find_evidence(a, scorer, [_passage(text)])
    assert found[0].text.startswith("Người học phải có tối thiểu 400")


def test_an_english_acronym_the_glossary_translates_is_not_required() -> None:
    a = analyze(
        "Within how many working days must the institution publish it after the SBV re-issues it?"
    )
    text = "Công bố trong thời hạn 07 ngày làm việc kể từ ngày được Ngân hàng Nhà nước cấp đổi."
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    assert find_evidence(a, scorer, [_passage(text)])


def test_tat_ca_before_bao_nhieu_is_not_topic() -> None:
    a = analyze("Huyện Bảo Lâm có tất cả bao nhiêu đơn vị hành chính?")
    assert "tất" not in a.topic_keys and "cả" not in a.topic_keys


def test_a_core_phrase_never_starts_or_ends_with_a_preposition() -> None:
    a = analyze("Báo cáo của những địa phương nào nhắc tới quỹ phát triển khoa học và công nghệ?")
    idf = dict.fromkeys(a.topic_keys, 1.0) | {"tới": 5.0, "quỹ": 4.0}
    assert core_phrase(a, idf) == ("quỹ", "phát")
    b = analyze("Những địa phương nào nêu tỷ lệ đóng góp vào tăng trưởng thông qua TFP?")
    idf = dict.fromkeys(b.topic_keys, 1.0) | {"qua": 4.0, "tfp": 6.0, "vào": 3.0}
    assert "qua" not in core_phrase(b, idf) and "vào" not in core_phrase(b, idf)


@pytest.mark.parametrize(
    "question",
    [
        "Những báo cáo nào gắn hoạt động KH&CN với xây dựng nông thôn mới?",
        "Which reports mention collective trademarks?",
    ],
)
def test_which_reports_asks_for_the_localities_that_wrote_them(question: str) -> None:
    a = analyze(question)
    assert a.kind == "list" and a.level == "any"


def test_which_report_alone_still_looks_for_one_document() -> None:
    assert analyze("Báo cáo nào nêu kết quả 5 năm thực hiện Nghị quyết 20?").kind != "list"


@pytest.mark.parametrize(
    "question",
    [
        "Theo Luật Bảo hiểm tiền gửi, tổ chức bảo hiểm tiền gửi được định nghĩa thế nào?",
        "to chuc bao hiem tien gui duoc dinh nghia nhu the nao",
        'In Circular 24/2025/TT-BVHTTDL, what is a "bảng tin điện tử công cộng"?',
    ],
)
def test_definition_questions_without_la_gi(question: str) -> None:
    assert analyze(question).focus.type == "definition"


def test_what_is_the_amount_is_not_a_definition() -> None:
    assert analyze("What is the fee for issuing a licence?").focus.type != "definition"


def test_the_code_of_a_regulation_is_read_where_a_circular_issues_it() -> None:
    a = analyze("What is the code of the national technical regulation on solid waste landfills?")
    assert a.focus.type == "code" and a.focus.attribute == "number"
    text = (
        "Căn cứ Luật Tiêu chuẩn và Quy chuẩn kỹ thuật;\n"
        "Điều 1. Ban hành kèm theo Thông tư này Quy chuẩn kỹ thuật quốc gia về bãi chôn lấp "
        "chất thải rắn (QCVN 96:2025/BNNMT).\n"
        "Điều 2. Áp dụng QCVN 09:2023/BTNMT cho nước dưới đất."
    )
    found = _issued_standard([_passage(text)])
    assert found is not None
    r, (start, _), (a0, a1) = found
    assert r.text[start + a0 : start + a1] == "QCVN 96:2025/BNNMT"


_WAGES = (
    "1. Quy định mức lương tối thiểu tháng và mức lương tối thiểu giờ theo vùng như sau:\n"
    "Vùng\nMức lương tối thiểu tháng\n(Đơn vị: đồng/tháng)\nMức lương tối thiểu giờ\n"
    "(Đơn vị: đồng/giờ)\nVùng I\n5.310.000\n25.500\nVùng II\n4.730.000\n22.700\n"
    "2. Danh mục địa bàn vùng I, vùng II được quy định tại Phụ lục."
)


def test_a_table_with_two_value_columns_gives_each_value_its_header() -> None:
    cells = table_cells(_WAGES)
    assert [(c.label, _WAGES[c.value[0] : c.value[1]]) for c in cells] == [
        ("Vùng I", "5.310.000"),
        ("Vùng I", "25.500"),
        ("Vùng II", "4.730.000"),
        ("Vùng II", "22.700"),
    ]
    assert cells[1].header == "Mức lương tối thiểu giờ (Đơn vị: đồng/giờ)"
    assert cells[0].corner == "Vùng"
    assert _WAGES[cells[0].row[0] : cells[0].row[1]] == "Vùng I\n5.310.000\n25.500"


def test_a_header_of_two_levels_is_not_guessed() -> None:
    text = "Chức danh\nNhóm I\nNhóm II\nMức 1\nMức 2\nMức 1\nMức 2\nChủ tịch\n80\n70\n48\n42\n"
    text += "Thành viên\n66\n60\n40\n36\n"
    assert table_cells(text) == []


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("Mức lương tối thiểu giờ vùng II là bao nhiêu?", "22.700"),
        ("Mức lương tối thiểu tháng vùng I là bao nhiêu?", "5.310.000"),
        ("What is the hourly minimum wage for Region II?", "22.700"),
    ],
)
def test_a_table_value_is_chosen_by_its_row_and_column(question: str, value: str) -> None:
    a = analyze(question)
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    found = find_evidence(a, scorer, [_passage(_WAGES)])
    best = found[0]
    assert best.key is not None and best.text[best.key[0] : best.key[1]] == value
    assert best.named.endswith(("(Đơn vị: đồng/giờ)", "(Đơn vị: đồng/tháng)"))


def test_gio_is_a_unit_not_a_question_word() -> None:
    assert "giờ" in analyze("Mức lương tối thiểu giờ vùng III là bao nhiêu?").topic_keys
    assert "giờ" not in analyze("Hội nghị họp lúc mấy giờ?").topic_keys


def test_words_of_a_wording_request_stay_topic_elsewhere() -> None:
    a = analyze("Phí sát hạch thực hành trong hình là bao nhiêu?")
    assert "hành" in a.topic_keys  # "thực hành", "hành chính", "ban hành"
    b = analyze("Huyện Bảo Lâm có bao nhiêu đơn vị hành chính cấp xã?")
    assert "hành" in b.topic_keys
    assert "văn" in analyze("Văn bản nào quy định mẫu số 04?").topic_keys
    c = analyze("Tìm cách diễn đạt, hành văn: tăng cường công tác kiểm tra")
    assert not {"diễn", "đạt", "hành", "văn"} & set(c.topic_keys)


def test_a_definition_in_the_article_of_definitions_comes_first() -> None:
    a = analyze("Bảo hiểm tiền gửi là gì?")
    text = (
        "Điều 3. Nguyên tắc bảo hiểm tiền gửi\n"
        "1. Bảo hiểm tiền gửi là loại hình bảo hiểm bắt buộc theo quy định của Luật này.\n"
        "Điều 4. Giải thích từ ngữ\n"
        "1. Bảo hiểm tiền gửi là sự bảo đảm hoàn trả tiền gửi cho người được bảo hiểm."
    )
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    found = find_evidence(a, scorer, [_passage(text)])
    assert "sự bảo đảm hoàn trả" in found[0].text


def test_a_number_is_found_through_spaces_and_markdown_marks() -> None:
    text = "ỦY BAN NHÂN DÂN\nSố: **18** /BC-UBND\nBỉm Sơn, ngày 06 tháng 3 năm 2017"
    at = find_loosely(text, "18/BC-UBND")
    assert at is not None and text[at[0] : at[1]] == "18** /BC-UBND"
    assert line_with(text, "18/BC-UBND") == (16, 35)
    assert find_loosely("Số 18\n/BC-UBND", "18/BC-UBND") is None  # not across lines


def test_on_what_date_was_a_law_passed_asks_its_issue_date() -> None:
    a = analyze("On what date did the National Assembly pass the Law on Press (126/2025/QH15)?")
    assert a.focus.type == "date" and a.focus.attribute == "issued"


def test_the_vietnamese_term_of_an_english_list_question_must_be_written_whole() -> None:
    a = analyze("Which localities mention a local science council (Hội đồng khoa học)?")
    assert _bracketed_only(a) == set()  # the term itself, not an example
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    good = _passage("Kiện toàn Hội đồng Khoa học và Công nghệ huyện.", "good")
    bad = _passage("Hoạt động khoa học công nghệ cấp huyện được quan tâm.", "bad")
    found = supported(a, scorer, [bad, good], 0.0)
    assert [s.result.passage_id for s in found] == ["good"]


def test_an_english_fact_question_needs_its_vietnamese_term_written() -> None:
    a = analyze("When was Bỉm Sơn town's Science Council (Hội đồng khoa học thị xã) established?")
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    other = "UBND thị xã Bỉm Sơn ban hành Kế hoạch khoa học ngày 15/5/2013."
    assert find_evidence(a, scorer, [_passage(other)]) == []
    same = "Hội đồng khoa học thị xã Bỉm Sơn được thành lập ngày 15/5/2013."
    assert find_evidence(a, scorer, [_passage(same)])


def test_a_quoted_term_must_be_written_whole() -> None:
    a = analyze('Theo Luật Báo chí, "đặc san" được xuất bản bao nhiêu kỳ một năm?')
    scorer = TopicScorer.build(a, lambda words, folded: dict.fromkeys(words, 1.0))
    other = "Tạp chí chuyên ngành được xuất bản 12 kỳ một năm theo Luật Báo chí."
    assert find_evidence(a, scorer, [_passage(other)]) == []


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Ai quy định hạn mức chi trả tiền bảo hiểm trong từng thời kỳ?", "agent"),
        ("Cơ quan nào quyết định mức phí sát hạch?", "agent"),
        ("Ai được hưởng phụ cấp bao nhiêu?", "quantity"),  # the amount is asked too
        ("Mức phí sát hạch là bao nhiêu?", "quantity"),
    ],
)
def test_who_sets_an_amount_asks_who(question: str, kind: str) -> None:
    assert analyze(question).focus.type == kind


@pytest.mark.parametrize(
    ("question", "prefix"),
    [
        ("Chương trình hành động số 05 của Thị ủy Hương Trà ban hành ngày nào?", "05"),
        ("chuong trinh hanh dong so 05 cua thi uy huong tra", "05"),
        ("kế hoạch số 3 của UBND huyện", "3"),
        ("báo cáo 5 năm thực hiện Nghị quyết", None),  # five years, not report number 5
    ],
)
def test_a_small_number_names_a_document_after_so(question: str, prefix: str | None) -> None:
    refs = analyze(question).doc_refs
    assert [r.prefix for r in refs if r.doc_type != "nghi quyet"][:1] == (
        [prefix] if prefix else []
    )


@pytest.mark.parametrize(
    "question",
    [
        'Các nghị định nào dùng câu "hết hiệu lực kể từ ngày Nghị định này có hiệu lực"?',
        "tim van ban co cum tu: hoac truc tuyen tai cong dich vu cong quoc gia",
        'Which documents contain the clause "được sửa đổi, bổ sung hoặc thay thế"?',
        'Những văn bản nào có câu "Tăng cường công tác kiểm tra, giám sát"?',
    ],
)
def test_documents_that_write_a_given_wording_are_a_precedent_search(question: str) -> None:
    a = analyze(question)
    assert a.kind == "precedent"
    assert not {"văn", "bản", "câu", "cum", "tu", "clause"} & set(a.topic[:2])


def test_a_question_about_a_sentence_is_not_a_wording_search() -> None:
    assert analyze("Câu hỏi: mức phí sát hạch là bao nhiêu?").kind == "fact"


def test_a_short_quoted_vietnamese_wording_is_the_wording_searched() -> None:
    a = analyze('Những văn bản nào có câu "Tăng cường công tác kiểm tra, giám sát"?')
    assert a.topic[:2] == ("tăng", "cường")
    b = analyze('Find precedent wording for "members work part-time" — làm việc kiêm nhiệm')
    # an English gloss in quotes is not the wording searched: the Vietnamese stays in it
    assert "kiêm" in b.topic and b.topic[:1] != ("members",)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("List the four titles in the science job-title group under Circular 37/2025.", "list"),
        ("Which four law projects were added to the 2025 legislative programme?", "list"),
        ("What are the three spearhead fields that Bảo Lâm set for science?", "list"),
        ("What is the fee for a driving test?", "fact"),
    ],
)
def test_english_questions_counting_their_items_ask_a_list(question: str, kind: str) -> None:
    assert analyze(question).kind == kind
