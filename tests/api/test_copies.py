"""One document, many copies: another format or another name is refused, or replaces."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import DATA


def _upload(client: TestClient, name: str, data: bytes, replace: bool = False) -> dict[str, Any]:
    resp = client.post(
        "/documents",
        params={"replace": "true"} if replace else {},
        files=[("files", (name, data, "application/octet-stream"))],
    )
    assert resp.status_code == 200, resp.text
    result: dict[str, Any] = resp.json()["results"][0]
    return result


def _sources(client: TestClient) -> list[str]:
    return [d["source"] for d in client.get("/documents", params={"per_page": 200}).json()["items"]]


def test_a_shipped_txt_uploaded_as_docx_and_pdf_stays_one_document(client: TestClient) -> None:
    # the fixtures were made from the shipped 001_….txt: the same report in three formats
    shipped = next(s for s in _sources(client) if s.startswith("001_"))
    docx = _upload(client, "bao_lam.docx", (DATA / "bao_lam.docx").read_bytes())
    assert docx["status"] == "duplicate"
    assert shipped in docx["reason"] and "replace=true" in docx["reason"]
    assert "bao_lam.docx" not in _sources(client)
    # asked to, the Word file replaces the text file: still one document
    swapped = _upload(client, "bao_lam.docx", (DATA / "bao_lam.docx").read_bytes(), replace=True)
    assert swapped["status"] == "updated"
    assert any(shipped in n for n in swapped["notes"])
    assert client.get(f"/documents/{docx['doc_id']}").status_code == 404
    sources = _sources(client)
    assert "bao_lam.docx" in sources and shipped not in sources
    # the PDF's text differs by its page breaks: near-identical, still the same report
    pdf = _upload(client, "bao_lam.pdf", (DATA / "bao_lam.pdf").read_bytes())
    assert pdf["status"] == "duplicate" and pdf["doc_id"] == swapped["doc_id"]
    assert "bao_lam.docx" in pdf["reason"]
    hits = client.post("/search", json={"query": "lớp tập huấn trên 500 lớp", "k": 10}).json()
    assert hits and all(not h["source"].startswith("001_") for h in hits)


def test_the_same_text_under_another_name_is_a_duplicate(client: TestClient) -> None:
    text = (
        "Báo cáo kết quả trồng rừng của xã Thọ Sơn năm 2021.\n\n"
        "Toàn xã trồng được 120 ha rừng tập trung, vượt 20% kế hoạch."
    ).encode()
    first = _upload(client, "trong_rung.txt", text)
    again = _upload(client, "ban sao trong_rung.md", text)
    assert first["status"] == "added" and again["status"] == "duplicate"
    assert again["doc_id"] == first["doc_id"] and "same text" in again["reason"]
    assert "ban sao trong_rung.md" not in _sources(client)


def test_a_known_name_with_other_content_is_a_new_document_unless_replace(
    client: TestClient,
) -> None:
    one = "Báo cáo kết quả trồng rừng của xã Thọ Sơn năm 2021, đạt 120 ha.".encode()
    two = "Kế hoạch phòng chống thiên tai của huyện Bảo Lâm năm 2023 gồm ba phần.".encode()
    first = _upload(client, "baocao.txt", one)
    second = _upload(client, "baocao.txt", two)
    assert first["status"] == second["status"] == "added"
    assert first["doc_id"] != second["doc_id"]
    three = "Thông báo lịch tiếp công dân của Ủy ban nhân dân tỉnh trong tháng tới.".encode()
    replaced = _upload(client, "baocao.txt", three, replace=True)
    assert replaced["status"] == "updated" and replaced["doc_id"] == first["doc_id"]


def test_two_documents_from_one_template_are_not_copies(client: TestClient) -> None:
    body = "\n\n".join(
        f"Điều {i}. Bản đồ địa hình quốc gia tỷ lệ 1:10.000 phải thể hiện yếu tố thứ {i} "
        f"theo ký hiệu của phụ lục {i % 7}, đo vẽ bằng công nghệ số."
        for i in range(1, 40)
    )
    first = _upload(client, "tt47.txt", f"BỘ NÔNG NGHIỆP\n\n47/2025/TT-BNNMT\n\n{body}".encode())
    other = body.replace("1:10.000", "1:25.000")
    second = _upload(client, "tt48.txt", f"BỘ NÔNG NGHIỆP\n\n48/2025/TT-BNNMT\n\n{other}".encode())
    assert first["status"] == second["status"] == "added"
