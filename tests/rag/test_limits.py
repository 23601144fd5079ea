"""Bounded work per file (issue 14): pages, unpacked size, passages, blank pages, OCR."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest

from rag.engine import Engine
from rag.errors import EmptyDocument, TooMuchWork
from rag.ingest.load import load_bytes, pdf
from rag.ingest.load.limits import MB, LoadLimits
from rag.ingest.load.ocr import tesseract_status
from tests.conftest import DATA

HAS_TESSERACT = tesseract_status() is None


def make_pdf(pages: list[str]) -> bytes:
    """A PDF with one page per text (Helvetica, ASCII); an empty text makes a blank page."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    for text in pages:
        page = writer.add_blank_page(595, 842)
        if not text:
            continue
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        stream = DecodedStreamObject()
        lines = " ".join(f"({line}) Tj 0 -16 Td" for line in text.split("\n"))
        stream.set_data(f"BT /F1 11 Tf 60 780 Td {lines} ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with(document_xml: bytes) -> bytes:
    """The fixture .docx with its main part replaced."""
    src = zipfile.ZipFile(DATA / "bao_lam.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = document_xml if item.filename == "word/document.xml" else src.read(item)
            dst.writestr(item.filename, data)
    return out.getvalue()


def _no_ocr(*_: Any, **__: Any) -> Any:
    raise AssertionError("OCR must not run")


BODY = (
    "Bao cao ket qua thuc hien Nghi quyet ve phat trien khoa hoc va cong nghe tren dia ban "
    "huyen trong giai doan vua qua."
)


def test_a_pdf_over_the_page_limit_is_refused_before_any_page_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "ocr_page", _no_ocr)
    data = make_pdf([""] * 60)
    begun = time.process_time()
    with pytest.raises(TooMuchWork, match="60 pages, over the limit of 50"):
        load_bytes(data, "blank.pdf", LoadLimits(max_pages=50))
    assert time.process_time() - begun < 2


def test_blank_pages_are_skipped_without_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "ocr_page", _no_ocr)
    with pytest.raises(EmptyDocument):
        load_bytes(make_pdf([""] * 200), "blank.pdf")
    raw = load_bytes(make_pdf([BODY, "", ""]), "one.pdf")
    assert any("pages 2, 3 blank, skipped without OCR" in n for n in raw.notes)


def test_a_short_real_text_layer_is_kept_not_ocrd(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "ocr_page", _no_ocr)
    raw = load_bytes(make_pdf([BODY, "KT. CHU TICH\nNguyen Van An"]), "signed.pdf")
    last = [b for b in raw.blocks if b.page == 2]
    assert "Nguyen Van An" in " ".join(b.text for b in last)
    assert not any(b.extra.get("ocr") for b in raw.blocks)


@pytest.mark.skipif(not HAS_TESSERACT, reason="needs tesseract-ocr and tesseract-ocr-vie")
def test_ocr_stops_at_the_page_timeout_and_the_document_budget() -> None:
    scanned = (DATA / "scanned.pdf").read_bytes()
    with pytest.raises(EmptyDocument, match="not OCR'd: the OCR budget of 1e-06 s"):
        load_bytes(scanned, "scan.pdf", LoadLimits(ocr_budget=1e-6))
    with pytest.raises(EmptyDocument, match="timeout"):
        load_bytes(scanned, "scan.pdf", LoadLimits(ocr_page_timeout=0.01))


def test_a_zip_bomb_is_refused_from_its_declared_size() -> None:
    bomb = docx_with(b"<w:document>" + b" " * (20 * MB) + b"</w:document>")
    assert len(bomb) < MB
    with pytest.raises(TooMuchWork, match="unpacks to 20 MB, over the limit of 10 MB"):
        load_bytes(bomb, "bomb.docx", LoadLimits(max_unpacked=10 * MB, max_ratio=10_000))
    with pytest.raises(TooMuchWork, match="times its packed size"):
        load_bytes(bomb, "bomb.docx")


def test_padded_xml_is_refused_by_its_ratio() -> None:
    para = b"<w:p><w:r><w:t>Noi dung lap lai.</w:t></w:r></w:p>"
    xml = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + para * 200_000 + b"</w:body></w:document>"
    )
    data = docx_with(xml)
    assert len(data) < 200_000 and len(xml) > 9 * MB
    with pytest.raises(TooMuchWork, match="RAG_MAX_ZIP_RATIO"):
        load_bytes(data, "padded.docx")


def test_a_document_over_the_passage_limit_is_not_stored(tmp_path: Any, engine: Engine) -> None:
    from rag.config import Settings

    small = Engine(Settings(data_dir=tmp_path / "d", max_passages=3), embedder=engine.embedder)
    text = "\n\n".join(f"Mục {i}. " + BODY * 8 for i in range(40))
    try:
        result = small.ingest_upload(text.encode(), "dai.txt")
        assert result.status == "failed" and "RAG_MAX_PASSAGES" in (result.reason or "")
        assert small.count_documents() == 0
    finally:
        small.close()


def test_limits_name_the_bad_value() -> None:
    with pytest.raises(ValueError, match="max_pages must be at least 1, not 0"):
        LoadLimits(max_pages=0)


def test_a_job_whose_embedding_fails_reports_its_files_stored(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> int:
        raise RuntimeError("killed while embedding")

    monkeypatch.setattr(engine, "index", broken)
    other = " ".join(reversed(BODY.split()))  # not a copy of the first (tests/api/test_copies)
    files = [("a.txt", BODY.encode()), ("b.txt", other.encode())]
    job = engine.create_upload_job(files)
    engine.run_upload_job(job.id, files)
    seen = engine.job(job.id)
    assert seen.status == "stored" and seen.done == 2
    assert {r.status for r in seen.results} == {"added"}
    assert engine.count_documents() == 2
