"""The one sentence/clause splitter and its options (chunking, evidence, model output)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.text.split import clause_spans, ends_sentence, sentence_spans


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_sentences_split_on_boundaries() -> None:
    text = "Câu một đã xong. Câu hai; còn tiếp! Câu ba?"
    pieces = _pieces(text, sentence_spans(text, stops=".!?…;", newlines=False))
    assert pieces == ["Câu một đã xong.", "Câu hai; còn tiếp!", "Câu ba?"]
    assert " ".join(pieces) == text


def test_a_stop_before_lower_case_or_a_number_inside_does_not_split() -> None:
    text = "Kinh phí 2,5 tr. cho v.v. các xã. Năm 2020 đạt 80%."
    assert _pieces(text, sentence_spans(text)) == [
        "Kinh phí 2,5 tr. cho v.v. các xã.",
        "Năm 2020 đạt 80%.",
    ]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "Ông nói “đã xong.” Sau đó (xem phụ lục.) Hết."
    assert _pieces(text, sentence_spans(text)) == [
        "Ông nói “đã xong.”",
        "Sau đó (xem phụ lục.)",
        "Hết.",
    ]


def test_bullets_and_dashes_open_a_sentence() -> None:
    text = "Kết quả như sau: tốt. - Xã Thọ Sơn trồng gai. + Xã Thọ Ngọc trồng sen."
    assert len(sentence_spans(text)) == 3


def test_lines_split_only_when_asked() -> None:
    text = "ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU SƠN"
    assert len(sentence_spans(text)) == 2
    assert len(sentence_spans(text, newlines=False)) == 1


def test_model_output_sentences_need_no_capital() -> None:
    text = "Bảo Lâm dùng đệm lót [1]. còn Bỉm Sơn cũng vậy [2]."
    assert len(sentence_spans(text)) == 1
    assert len(sentence_spans(text, stops=".!?", capital_next=False)) == 2


def test_clauses_keep_their_mark() -> None:
    text = "một; hai, ba; bốn"
    assert _pieces(text, clause_spans(text)) == ["một;", "hai, ba;", "bốn"]
    assert _pieces(text, clause_spans(text, marks=",;")) == ["một;", "hai,", "ba;", "bốn"]


@pytest.mark.parametrize(
    ("line", "ends"),
    [("Kết quả.", True), ("Như sau:", True), ("(có kế hoạch kèm theo)", True), ("và", False)],
)
def test_ends_sentence(line: str, ends: bool) -> None:
    assert ends_sentence(line) is ends


words = st.lists(
    st.sampled_from(["đệm", "lót", "Sinh.", "học;", "huyện", "Bảo", "Lâm,", "xã.", "“Ba.”", "\n"]),
    min_size=1,
    max_size=60,
).map(" ".join)


@given(words)
def test_spans_cover_the_text_but_whitespace(text: str) -> None:
    for spans in (sentence_spans(text), sentence_spans(text, newlines=False)):
        assert spans == sorted(spans)
        covered: set[int] = set()
        for a, b in spans:
            assert a < b
            covered.update(range(a, b))
        assert all(text[i].isspace() for i in range(len(text)) if i not in covered)
