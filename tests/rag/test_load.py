"""Loaders on real files made from the shipped corpus, plus every kind of bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rag.errors import CorruptFile, DecodeError, EmptyDocument, LoadError, UnsupportedFileType
from rag.ingest.load import load_bytes, load_path
from tests.conftest import CORPUS, DATA

SAMPLE = "Huyện Bảo Lâm ứng dụng đệm lót sinh học trong chăn nuôi gà, heo."


def _text(path: Path) -> str:
    return "\n".join(b.text for b in load_path(path).blocks)


# ------------------------------------------------------------------ conformance
@pytest.mark.parametrize("name", ["bao_lam.docx", "bao_lam.pdf", "bao_lam.html"])
def test_every_loader_recovers_the_document(name: str) -> None:
    raw = load_path(DATA / name)
    text = "\n".join(b.text for b in raw.blocks)
    assert raw.source == name
    assert len(raw.sha256) == 64
    assert "mô hình ứng dụng đệm lót sinh học trong chăn nuôi gà, heo" in " ".join(text.split())
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in text
    assert "K' Linh" in text


def test_docx_keeps_heading_styles_and_tables() -> None:
    blocks = load_path(DATA / "bao_lam.docx").blocks
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in headings
    rows = [b.text for b in blocks if b.kind == "table"]
    assert rows[0] == "Chỉ tiêu | Kết quả"
    assert "Chỉ tiêu: Lớp tập huấn tổ chức từ năm 2012; Kết quả: trên 500 lớp" in rows


def test_pdf_keeps_page_numbers() -> None:
    blocks = load_path(DATA / "bao_lam.pdf").blocks
    pages = [b.page for b in blocks]
    assert pages[0] == 1 and max(p for p in pages if p) >= 2
    assert pages == sorted(pages)  # type: ignore[type-var]
    bedding = next(b for b in blocks if "đệm lót sinh học" in b.text)
    assert bedding.page is not None and bedding.page >= 2


def test_html_drops_site_chrome() -> None:
    text = _text(DATA / "bao_lam.html")
    assert "Trang chủ" not in text
    assert "Tìm kiếm thông tin" not in text
    assert "Truy cập tổng" not in text
    assert "Bảo Lâm" in text


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: s.encode("utf-16-le"),  # without BOM
        lambda s: s.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be"],
)
def test_text_encodings(encode: object) -> None:
    raw = load_bytes(encode(SAMPLE), "note.txt")  # type: ignore[operator]
    assert raw.blocks[0].text == SAMPLE


def test_markdown_headings_and_lists() -> None:
    md = "# I. MỤC TIÊU\n\nĐoạn một\nvẫn đoạn một.\n\n- ý a;\n- ý b.\n"
    blocks = load_bytes(md.encode(), "plan.md").blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "I. MỤC TIÊU"),
        ("paragraph", "Đoạn một\nvẫn đoạn một."),
        ("paragraph", "- ý a;"),
        ("paragraph", "- ý b."),
    ]


def test_content_wins_over_extension() -> None:
    pdf = (DATA / "bao_lam.pdf").read_bytes()
    raw = load_bytes(pdf, "misnamed.txt")
    assert raw.media_type == "application/pdf"


# ------------------------------------------------------------------ bad inputs
@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("corrupt.pdf", CorruptFile, "pdf"),
        ("empty.txt", EmptyDocument, "empty"),
        ("garbage.txt", DecodeError, "UTF-8"),
        ("notes.xyz", UnsupportedFileType, ".xyz"),
    ],
)
def test_bad_inputs_give_clear_errors(name: str, error: type[LoadError], words: str) -> None:
    with pytest.raises(error) as info:
        load_path(DATA / name)
    assert info.value.source == name
    assert words.lower() in str(info.value).lower()


def test_legacy_8bit_text_is_refused_not_garbled() -> None:
    with pytest.raises(DecodeError, match="UTF-8"):
        load_bytes("Báo cáo tháng".encode("cp1258"), "old.txt")


def test_missing_file() -> None:
    with pytest.raises(LoadError, match="cannot read"):
        load_path(CORPUS / "does-not-exist.txt")


def test_pdf_tables_become_rows_with_their_header() -> None:
    blocks = load_path(DATA / "bao_lam.pdf").blocks
    rows = [b for b in blocks if b.kind == "table"]
    assert [b.text for b in rows] == [
        "Chỉ tiêu | Kết quả",
        "Chỉ tiêu: Lớp tập huấn tổ chức từ năm 2012; Kết quả: trên 500 lớp",
        "Chỉ tiêu: Lượt người được hướng dẫn; Kết quả: trên 40.000 lượt",
    ]
    assert {b.page for b in rows} == {3}
    # the same row is not also left behind as a loose text line
    assert not [b for b in blocks if b.kind != "table" and b.text.endswith("trên 500 lớp")]
