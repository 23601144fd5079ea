"""Legacy encodings: the conversion tables round-trip every letter; detection is safe."""

from __future__ import annotations

import pytest

from rag.ingest.load import load_bytes
from rag.ingest.load.legacy import (
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_vni,
    fix_legacy,
    vietnamese_letters,
)
from tests.conftest import CORPUS

PARAGRAPH = (
    "Từ năm 2012 đến nay đã tổ chức trên 500 lớp tập huấn; huyện đã xây dựng được nhiều mô "
    "hình tiên tiến áp dụng trong trồng trọt, chăn nuôi như: mô hình ứng dụng đệm lót sinh học "
    "trong chăn nuôi gà, heo."
)


def test_every_letter_with_every_tone_round_trips_through_vni() -> None:
    letters = vietnamese_letters()
    assert len(letters) == 146
    for ch in letters:
        assert decode_vni(encode_vni(ch)) == ch, ch


def test_every_lowercase_letter_round_trips_through_tcvn3() -> None:
    for ch in vietnamese_letters():
        if ch == ch.lower() or ch in "ĂÂĐÊÔƠƯ":
            assert decode_tcvn3(encode_tcvn3(ch)) == ch, ch


@pytest.mark.parametrize(("encode", "name"), [(encode_tcvn3, "tcvn3"), (encode_vni, "vni")])
def test_paragraph_is_detected_and_converted(encode: object, name: str) -> None:
    legacy = encode(PARAGRAPH)  # type: ignore[operator]
    assert legacy != PARAGRAPH
    text, kind = fix_legacy(legacy)
    assert kind == name
    assert text == PARAGRAPH


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_genuine_unicode_is_never_touched(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert detect_legacy(text) is None
    assert detect_legacy("Café crème brûlée à la française, naïve façade.") is None
    assert detect_legacy("plain ASCII text") is None


@pytest.mark.parametrize(("encode", "name"), [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_legacy_txt_files_load_as_unicode(encode: object, name: str) -> None:
    data = encode(PARAGRAPH).encode("latin-1")  # type: ignore[operator]
    raw = load_bytes(data, "old.txt")
    assert raw.blocks[0].text == PARAGRAPH
    assert any(name in n for n in raw.notes)
