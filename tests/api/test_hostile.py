"""Hostile input and overload (issue 14): auth before body, bounds, truthful statuses."""

from __future__ import annotations

import asyncio
import json
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from index.embed import Embedder
from rag.config import Settings
from tests.api.conftest import EDITOR, READER

pytestmark = pytest.mark.slow
R = {"X-API-Key": READER}
E = {"X-API-Key": EDITOR}


def _error(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    return dict(body["error"])


# ---------------------------------------------------------------- the body is read last
async def _call(app: Any, method: str, path: str, headers: dict[str, str]) -> tuple[int, bool]:
    """Send headers only; report the status and whether the app asked for the body."""
    asked = False

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked = True
        await asyncio.sleep(3600)  # a client that never sends its 200 MB
        return {"type": "http.disconnect"}

    status = 0

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 5555),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=30)
    return status, asked


UPLOAD_HEADERS = {
    "content-type": "multipart/form-data; boundary=x",
    "content-length": str(200 * 2**20),
}


def test_refusals_come_before_the_body_is_read(secured: TestClient) -> None:
    app = secured.app
    assert asyncio.run(_call(app, "POST", "/documents", UPLOAD_HEADERS)) == (401, False)
    wrong = {**UPLOAD_HEADERS, "x-api-key": "guess"}
    assert asyncio.run(_call(app, "POST", "/documents", wrong)) == (401, False)
    reader = {**UPLOAD_HEADERS, "x-api-key": READER}
    assert asyncio.run(_call(app, "POST", "/documents", reader)) == (403, False)
    # an editor's declared 200 MB is over the whole-request cap: 413, body still unread
    editor = {**UPLOAD_HEADERS, "x-api-key": EDITOR}
    assert asyncio.run(_call(app, "POST", "/documents", editor)) == (413, False)


def test_a_malformed_body_without_a_key_is_401(secured: TestClient) -> None:
    bad_json = secured.post(
        "/search", content=b"{not json", headers={"content-type": "application/json"}
    )
    _error(bad_json, 401, "unauthorized")
    bad_multipart = secured.post(
        "/documents",
        content=b"--x\r\ngarbage",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    _error(bad_multipart, 401, "unauthorized")


def test_a_body_without_length_is_cut_at_the_cap(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_request_mb=1)

    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b"a" * 2**19

    resp = client.post("/search", content=chunks(), headers={"content-type": "application/json"})
    assert "RAG_MAX_REQUEST_MB" in _error(resp, 413, "too_large")["message"]


# ---------------------------------------------------------------- bounds and validation
def test_huge_integers_are_refused_not_500(client: TestClient) -> None:
    _error(client.get("/documents", params={"page": 2**70}), 422, "invalid_request")
    passage = client.get("/documents").json()["items"][0]["id"]
    pid = client.get(f"/documents/{passage}/passages").json()[0]["id"]
    _error(client.get(f"/passages/{pid}", params={"start": 2**70}), 422, "invalid_request")
    ok = client.get(f"/passages/{pid}", params={"start": 1521, "end": 410427})
    assert ok.status_code == 200 and ok.json()["highlight"] is None


def test_dates_must_be_real(client: TestClient) -> None:
    for bad in ("2017-13-45", "2017-02-30", "2017-00"):
        resp = client.post("/search", json={"query": "khoa học", "since": bad})
        _error(resp, 422, "invalid_request")
    _error(
        client.post("/search", json={"query": "x", "until": "2017-02-30"}), 422, "invalid_request"
    )
    ok = client.post("/search", json={"query": "khoa học", "since": "2016-02-29", "until": "2023"})
    assert ok.status_code == 200


def test_province_and_locality_match_without_diacritics_or_in_nfd(client: TestClient) -> None:
    typed = client.get("/documents", params={"province": "Thanh Hóa"}).json()["items"]
    assert len(typed) == 2
    for variant in ("thanh hoa", unicodedata.normalize("NFD", "Thanh Hóa"), "THANH HÓA"):
        got = client.get("/documents", params={"province": variant}).json()["items"]
        assert [d["id"] for d in got] == [d["id"] for d in typed], variant
    hits = client.post("/search", json={"query": "khoa học", "locality": "bim son"}).json()
    assert hits and {h["locality"] for h in hits} == {"Bỉm Sơn"}


def test_an_unknown_province_is_reported(client: TestClient) -> None:
    err = _error(client.get("/documents", params={"province": "Thanh Hao"}), 404, "unknown_filter")
    assert "Thanh Hóa" in err["message"] and err["details"]["field"] == "province"
    err = _error(
        client.post("/search", json={"query": "khoa học", "locality": "Bim Sonn"}),
        404,
        "unknown_filter",
    )
    assert "Bỉm Sơn" in err["details"]["suggestions"]


def test_a_query_with_nothing_to_search_does_not_match_the_schema(client: TestClient) -> None:
    raw = b'{"query": "\\ud800"}'  # a lone surrogate
    resp = client.post("/search", content=raw, headers={"content-type": "application/json"})
    _error(resp, 422, "invalid_request")


def test_long_questions_go_to_similar(client: TestClient) -> None:
    long = "Huyện nào đã ứng dụng đệm lót sinh học? " * 30
    err = _error(client.post("/ask", json={"question": long}), 422, "invalid_request")
    assert "/similar" in err["message"]
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert schema["AskRequest"]["properties"]["question"]["maxLength"] == 1000
    assert client.post("/similar", json={"text": long}).status_code == 200


def test_heavy_requests_wait_their_turn_then_get_503(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(heavy_wait=0.2)
    slots = client.app.state.heavy_slots  # type: ignore[attr-defined]
    client.portal.call(slots.acquire)  # type: ignore[union-attr]  # a long /ask holds the slot
    try:
        resp = client.post("/ask", json={"question": "đệm lót sinh học"})
        _error(resp, 503, "unavailable")
        assert int(resp.headers["retry-after"]) >= 1
        assert client.post("/search", json={"query": "đệm lót sinh học"}).status_code == 200
    finally:
        slots.release()
    assert client.post("/ask", json={"question": "đệm lót sinh học"}).status_code == 200


# ---------------------------------------------------------------- uploads
def test_a_single_failed_upload_is_4xx_with_the_per_file_result(client: TestClient) -> None:
    resp = client.post("/documents", files=[("files", ("empty.txt", b"  ", "text/plain"))])
    err = _error(resp, 422, "not_ingested")
    assert err["details"]["results"][0]["status"] == "failed"
    assert err["details"]["results"][0]["reason"] == "the file is empty"


def test_a_text_file_without_extension_is_read(client: TestClient) -> None:
    text = "Báo cáo kết quả ứng dụng khoa học công nghệ của huyện trong năm.".encode()
    resp = client.post(
        "/documents", files=[("files", ("baocao", text, "application/octet-stream"))]
    )
    assert resp.status_code == 200 and resp.json()["results"][0]["status"] == "added"


def test_upload_names_are_nfc_and_replace_is_documented(client: TestClient) -> None:
    nfd = unicodedata.normalize("NFD", "báo cáo.txt")
    text = "Báo cáo thử nghiệm về ứng dụng khoa học công nghệ.".encode()
    result = client.post("/documents", files=[("files", (nfd, text, "text/plain"))]).json()
    assert result["results"][0]["source"] == "báo cáo.txt"
    params = client.get("/openapi.json").json()["paths"]["/documents"]["post"]["parameters"]
    replace = next(p for p in params if p["name"] == "replace")
    assert replace["schema"]["default"] is False
    again = client.post(
        "/documents", params={"replace": "true"}, files=[("files", (nfd, text, "text/plain"))]
    )
    assert again.status_code == 200


def test_an_empty_file_list_is_declared_invalid(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    body = schema["paths"]["/documents"]["post"]["requestBody"]["content"]
    ref = body["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][ref]["properties"]["files"]["minItems"] == 1


def test_long_pdfs_run_as_jobs(client: TestClient) -> None:
    from tests.rag.test_limits import make_pdf

    pdf = make_pdf(["Trang mot co noi dung that cua van ban."] + [""] * 25)
    resp = client.post("/documents", files=[("files", ("dai.pdf", pdf, "application/pdf"))])
    assert resp.status_code == 202


# ---------------------------------------------------------------- the contract
def test_every_error_status_is_documented_and_405_says_allow(secured: TestClient) -> None:
    paths = secured.get("/openapi.json").json()["paths"]
    for route in ("/search", "/ask", "/similar"):
        assert {"400", "401", "404", "413", "422", "503"} <= set(paths[route]["post"]["responses"])
    assert {"401", "404", "422"} <= set(paths["/passages/{passage_id}"]["get"]["responses"])
    assert {"400", "413", "415", "422"} <= set(paths["/documents"]["post"]["responses"])
    assert "404" in paths["/documents"]["get"]["responses"]
    assert paths["/search"]["post"]["security"] == [{"ApiKey": []}]
    resp = secured.request("TRACE", "/search", headers=R)
    assert resp.status_code == 405 and resp.headers["allow"] == "POST"


# ---------------------------------------------------------------- audit and loopback
def test_every_request_leaves_an_audit_line_without_the_key(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    client = make_client(api_keys=f"reader:{READER},editor:{EDITOR}", audit_log=str(log))
    client.post("/search", json={"query": "khoa học"})
    text = "Báo cáo thử nghiệm về khoa học.".encode()
    up = client.post("/documents", files=[("files", ("a.txt", text, "text/plain"))], headers=E)
    doc = up.json()["results"][0]["doc_id"]
    assert client.delete(f"/documents/{doc}", headers=E).status_code == 204
    client.get("/documents", headers=R)
    raw = log.read_text(encoding="utf-8")
    assert READER not in raw and EDITOR not in raw
    lines = [json.loads(line) for line in raw.splitlines()]
    assert [(x["method"], x["route"], x["role"], x["status"]) for x in lines] == [
        ("POST", "/search", "none", 401),
        ("POST", "/documents", "editor", 200),
        ("DELETE", "/documents/{doc_id}", "editor", 204),
        ("GET", "/documents", "reader", 200),
    ]
    assert lines[1]["written"] == [doc] and lines[2]["deleted"] == [doc]
    assert all(x["ms"] >= 0 and x["time"] for x in lines)


def test_without_keys_the_app_answers_loopback_only(data_copy: Path, embedder: Embedder) -> None:
    app = create_app(Settings(data_dir=data_copy, audit_log="off"), embedder=embedder)
    with TestClient(app, client=("192.0.2.7", 40000)) as remote:
        err = _error(remote.get("/documents"), 403, "forbidden")
        assert "RAG_API_KEYS" in err["message"]
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert local.get("/documents").status_code == 200
    keyed = Settings(data_dir=data_copy, api_keys=f"reader:{READER}", audit_log="off")
    with TestClient(create_app(keyed, embedder=embedder), client=("192.0.2.7", 1)) as remote:
        assert remote.get("/documents", headers=R).status_code == 200


def test_a_405_lists_every_method_of_the_path(client: TestClient) -> None:
    resp = client.request("OPTIONS", "/documents")
    assert resp.status_code == 405 and resp.headers["allow"] == "GET, POST"
    one = client.request("PUT", "/documents/abc")
    assert one.status_code == 405 and one.headers["allow"] == "DELETE, GET"


def test_a_background_upload_is_audited_when_answered_and_when_finished(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    log = tmp_path / "audit.jsonl"
    client = make_client(audit_log=str(log))
    files = [
        ("files", (f"t{i}.txt", f"Báo cáo số {i} về khoa học công nghệ.".encode(), "text/plain"))
        for i in range(4)
    ]
    resp = client.post("/documents", files=files)
    assert resp.status_code == 202
    request_line, job_line = (json.loads(x) for x in log.read_text().splitlines())
    assert request_line["status"] == 202 and request_line["job"] == resp.json()["id"]
    assert request_line["ms"] < 5000  # answered before the job ran, not after it
    assert job_line["event"] == "job finished" and len(job_line["written"]) == 4
