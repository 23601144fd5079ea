"""Scanned PDFs (Tesseract OCR) and old office formats (LibreOffice)."""

from __future__ import annotations

import pytest

from rag.engine import Engine
from rag.errors import EmptyDocument, LoadError
from rag.ingest.load import load_path, ocr
from rag.ingest.load import office as office_mod
from rag.ingest.load.ocr import needs_ocr, tesseract_status
from tests.conftest import DATA

HAS_TESSERACT = tesseract_status() is None
HAS_SOFFICE = office_mod.soffice() is not None


def test_pages_without_a_usable_text_layer_need_ocr() -> None:
    assert needs_ocr("")
    assert needs_ocr("  12 \n")
    assert needs_ocr("\ufffd\ufffd" * 40 + "abc" * 10)
    assert not needs_ocr("Huyện Bảo Lâm có 14 đơn vị hành chính gồm 1 thị trấn và 13 xã.")


def test_a_short_real_text_layer_beside_a_signature_image_is_not_ocrd() -> None:
    # page 2 holds only "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", a signature image and the name
    raw = load_path(DATA / "signed_report.pdf")
    last = [b for b in raw.blocks if b.page == 2]
    assert [b.text for b in last][-1] == "Lê Quang Trung"
    assert not any(b.extra.get("ocr") for b in last)
    assert not any("OCR" in n for n in raw.notes)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TESSERACT, reason="needs tesseract-ocr and tesseract-ocr-vie")
def test_scanned_pdf_is_read_with_ocr() -> None:
    raw = load_path(DATA / "scanned.pdf")
    text = " ".join(b.text for b in raw.blocks)
    assert "mô hình ứng dụng đệm lót sinh học trong chăn nuôi gà, heo" in text
    assert "Lộc An, Lộc Đức" in text  # the communes that place this Bảo Lâm in Lâm Đồng
    assert all(b.page == 1 and b.extra["ocr"] for b in raw.blocks)
    assert raw.blocks[0].extra["ocr_confidence"] > 80
    assert any("OCR (mean confidence" in n for n in raw.notes)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_TESSERACT, reason="needs tesseract-ocr and tesseract-ocr-vie")
def test_ocr_passages_are_marked_in_search_results(engine: Engine) -> None:
    engine.ingest([DATA / "scanned.pdf"])
    engine.index()
    hit = engine.search("đệm lót sinh học", k=1)[0]
    assert hit.ocr and hit.page == 1
    answer = engine.ask("Mô hình ứng dụng đệm lót sinh học trong chăn nuôi gì?")
    assert answer.found and answer.citations[0].ocr


def test_without_tesseract_the_file_says_it_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_status", lambda: "Tesseract is not installed (apt-get …)")
    from rag.ingest.load import pdf

    monkeypatch.setattr(pdf, "tesseract_status", ocr.tesseract_status)
    with pytest.raises(EmptyDocument, match="need OCR: Tesseract is not installed"):
        load_path(DATA / "scanned.pdf")
    # a PDF with a text layer is unaffected
    assert load_path(DATA / "bao_lam.pdf").blocks


@pytest.mark.slow
@pytest.mark.skipif(not HAS_SOFFICE, reason="needs LibreOffice (libreoffice-writer-nogui)")
@pytest.mark.parametrize("name", ["bao_lam.doc", "bao_lam.odt", "bao_lam.rtf"])
def test_old_office_files_convert_with_libreoffice(name: str) -> None:
    raw = load_path(DATA / name)
    text = "\n".join(b.text for b in raw.blocks)
    assert "mô hình ứng dụng đệm lót sinh học trong chăn nuôi gà, heo" in " ".join(text.split())
    rows = [b.text for b in raw.blocks if b.kind == "table"]
    assert "Chỉ tiêu: Lớp tập huấn tổ chức từ năm 2012; Kết quả: trên 500 lớp" in rows
    assert any("LibreOffice" in n for n in raw.notes)


def test_without_libreoffice_the_error_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_mod, "soffice", lambda: None)
    with pytest.raises(LoadError, match="libreoffice-writer-nogui"):
        load_path(DATA / "bao_lam.doc")
