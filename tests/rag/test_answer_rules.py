"""Table-driven checks of the answer rules that need no collection: spans, document
references, English names, citations of a document that is not in the collection."""

from __future__ import annotations

import pytest

from rag.answer.analyze import DocRef, analyze, untranslated, vietnamese_names
from rag.answer.documents import cites, code_type
from rag.answer.facts import definition_key
from rag.answer.lists import _bracketed_only
from rag.answer.spans import quantities
from rag.text.bodies import named_bodies


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tại xã Thọ Sơn (6ha), Mô hình", [("6ha", "area")]),
        ("diện tích 250m2 đất", [("250m2 đất", "area")]),
        ("có 2.550 cán bộ", [("2.550 cán bộ", "people")]),
        ("năm 2020 đạt", []),  # a year is not an amount
        ("mã 6hb2", []),  # letters after a number are not a glued unit
    ],
)
def test_quantities_with_glued_units(text: str, want: list[tuple[str, str]]) -> None:
    assert [(text[s.start : s.end], s.unit) for s in quantities(text)] == want


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
    words = untranslated("Under Circular 13/2026/TT-BQP, which unit compiles banned chemicals?")
    assert words == ["compiles", "banned", "chemicals"]


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


def test_vietnamese_written_in_an_english_question_is_its_topic() -> None:
    a = analyze("How does the circular define domestic sea transport (vận tải biển nội địa)?")
    assert {"vận", "tải", "biển"} <= set(a.topic)
