"""Metadata of the five shipped documents (expected values read from the documents)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.ingest.load import load_path
from rag.ingest.metadata import extract_metadata
from rag.ingest.pipeline import normalize_blocks
from rag.text.codes import find_codes
from tests.conftest import CORPUS

EXPECTED: dict[str, dict[str, Any]] = {
    "000": {
        "doc_type": "báo cáo",
        "number": "18/BC-UBND",
        "date": "2017-03-06",
        "issuer": "UBND thị xã Bỉm Sơn",
        "issuer_level": "huyện",
        "locality": "Bỉm Sơn",
        "locality_level": "thị xã",
        "province": "Thanh Hóa",
        "signer": "Tống Thanh Bình",
    },
    "001": {
        "doc_type": "báo cáo",
        "number": None,
        "date": "2022",
        "issuer": "Huyện ủy Bảo Lâm",
        "issuer_level": "huyện",
        "locality": "Bảo Lâm",
        "locality_level": "huyện",
        "province": "Lâm Đồng",
        "signer": "K' Linh",
    },
    "002": {
        "doc_type": "báo cáo",
        "number": None,
        "date": "2022",
        "issuer": "UBND huyện Triệu Sơn",
        "issuer_level": "huyện",
        "locality": "Triệu Sơn",
        "locality_level": "huyện",
        "province": "Thanh Hóa",
        "signer": "Lê Quang Trung",
    },
    "003": {
        "doc_type": "tin bài",
        "number": None,
        "date": "2017-03-22",
        "issuer": None,
        "issuer_level": None,
        "locality": "Hương Trà",
        "locality_level": "thị xã",
        "province": "Thừa Thiên Huế",
        "signer": "Mai Thanh",
    },
    "004": {
        "doc_type": "chương trình hành động",
        "number": "29-CTr/TU",
        "date": "2013-06-04",
        "issuer": "Tỉnh ủy Thái Nguyên",
        "issuer_level": "tỉnh",
        "locality": "Thái Nguyên",
        "locality_level": "tỉnh",
        "province": "Thái Nguyên",
        "signer": "Nguyễn Đình Phách",
    },
}


def _meta(prefix: str) -> dict[str, Any]:
    path = next(Path(CORPUS).glob(f"{prefix}_*.txt"))
    blocks = normalize_blocks(load_path(path).blocks)
    texts = [b.text for b in blocks]
    meta, _ = extract_metadata(texts, "\n\n".join(texts))
    return meta.to_dict()


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_shipped_document_metadata(prefix: str) -> None:
    meta = _meta(prefix)
    for field, expected in EXPECTED[prefix].items():
        assert meta[field] == expected, (prefix, field, meta[field])


def test_titles_are_the_trich_yeu() -> None:
    assert _meta("000")["title"].startswith("Kết quả 5 năm thực hiện Nghị quyết số 20-NQ/TW")
    assert _meta("003")["title"] == (
        "Kết quả thực hiện Nghị quyết 20-NQ/TW (khóa XI) ở Đảng bộ thị xã Hương Trà"
    )
    assert _meta("004")["title"].startswith("thực hiện Nghị quyết Hội nghị lần thứ 6")


def test_references_cite_other_documents_not_itself() -> None:
    meta = _meta("000")
    assert "20-NQ/TW" in meta["references"]
    assert "46/NQ-CP" in meta["references"]
    assert "18/BC-UBND" not in meta["references"]
    assert "101-KH/TU" in _meta("001")["references"]


def test_date_source_says_how_the_date_was_found() -> None:
    assert _meta("000")["date_source"] == "date line"
    assert "year only" in _meta("001")["date_source"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Nghị quyết số 20-NQ/TW ngày 01/11/2012", ["20-NQ/TW"]),
        ("theo QĐ 1089/QĐ-UBND ngày 16/3/2022", ["1089/QĐ-UBND"]),
        ("Thông tư số 01/2021/TT-BKH&CN", ["01/2021/TT-BKH&CN"]),
        ("chương trình hành động số 23- CTr/HU", ["23-CTr/HU"]),
        ("ngày 16/3/2022 và 30/5/2019", []),
    ],
)
def test_find_codes(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes


def test_unknown_fields_stay_null() -> None:
    blocks = ["Một đoạn văn không có tiêu đề, không số, không ngày."]
    meta, located = extract_metadata(blocks, blocks[0])
    assert located is None
    assert meta.doc_type is None and meta.number is None and meta.date is None
    assert meta.issuer is None and meta.province is None and meta.signer is None
