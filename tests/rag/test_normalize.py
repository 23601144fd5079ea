"""Normalisation rules (table-driven) and invariants (Hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.text.normalize import (
    clean_markup,
    fold,
    has_diacritics,
    normalize,
    normalize_line,
    normalize_tone,
    rejoin_paragraphs,
    terms,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoá", "hóa"),
        ("công nghiệp hoá, hiện đại hoá", "công nghiệp hóa, hiện đại hóa"),
        ("uỷ ban", "ủy ban"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuỷ sản", "thủy sản"),
        ("khoẻ", "khỏe"),
        ("hoà bình", "hòa bình"),
        ("quý", "quý"),  # qu + y: the tone stays on y
        ("hoàng", "hoàng"),  # a final consonant: nothing to move
        ("khuyến", "khuyến"),
        ("thuyền", "thuyền"),
        ("hóa", "hóa"),  # already classic
    ],
)
def test_tone_convention(raw: str, expected: str) -> None:
    assert normalize_tone(unicodedata.normalize("NFC", raw)) == expected


def test_decomposed_input_becomes_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Đệm lót sinh học")
    assert normalize_line(decomposed) == "Đệm lót sinh học"
    assert unicodedata.is_normalized("NFC", normalize_line(decomposed))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("đệm lót sinh học", "dem lot sinh hoc"),
        ("Đảng bộ thị xã Hương Trà", "Dang bo thi xa Huong Tra"),
        ("KH&CN", "KH&CN"),
        ("Bỉm Sơn", "Bim Son"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected
    assert has_diacritics(raw) == (raw != expected)


def test_both_tone_conventions_match_after_normalisation() -> None:
    assert normalize_line("các cấp uỷ Đảng") == normalize_line("các cấp ủy Đảng")
    assert normalize_line("hiện đại hoá") == normalize_line("hiện đại hóa")


def test_rejoin_page_split_sentence() -> None:
    paragraphs = [
        "… thu hút đông đảo công nhân, viên chức tham gia, góp",
        "phản quan trọng vào việc thực hiện thắng lợi các nhiệm vụ.",
        "II. VỀ TRIỂN KHAI",
    ]
    assert rejoin_paragraphs(paragraphs) == [
        "… thu hút đông đảo công nhân, viên chức tham gia, góp phản quan trọng vào việc "
        "thực hiện thắng lợi các nhiệm vụ.",
        "II. VỀ TRIỂN KHAI",
    ]


def test_rejoin_keeps_finished_sentences_and_headings_apart() -> None:
    assert rejoin_paragraphs(["Câu đã xong.", "tiếp theo"]) == ["Câu đã xong.", "tiếp theo"]
    assert rejoin_paragraphs(["CHƯƠNG TRÌNH HÀNH ĐỘNG", "thực hiện Nghị quyết"]) == [
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "thực hiện Nghị quyết",
    ]


def test_whitespace_and_markup() -> None:
    assert normalize("a \t b\u00a0c\n\n\n\nd") == "a b c\n\nd"
    assert clean_markup("**BÁO CÁO** và *nghiêng*") == "BÁO CÁO và nghiêng"
    assert normalize("x\u200by") == "xy"


def test_terms_have_bigrams() -> None:
    assert terms("Đệm lót sinh học") == [
        "đệm",
        "lót",
        "sinh",
        "học",
        "đệm_lót",
        "lót_sinh",
        "sinh_học",
    ]


vietnamese = st.text(
    alphabet=st.sampled_from(
        list(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩị"
            "òóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ÀÁĐƠƯ,.\n"
        )
    ),
    max_size=200,
)


@given(vietnamese)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(vietnamese)
def test_fold_is_idempotent_and_keeps_length(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert len(folded) == len(text)
    assert not has_diacritics(folded)


@given(vietnamese)
def test_tone_normalisation_keeps_letters(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert fold(normalize_tone(text)) == fold(text)
