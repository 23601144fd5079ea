"""The CLI end to end (CliRunner), including the documented --json shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import cli
from tests.conftest import CORPUS, DATA


@pytest.fixture()
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("RAG_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()

    def invoke(*args: str) -> object:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_help_reads_like_documentation(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--help").output
    for command in ("ingest", "docs", "show", "remove", "search", "ask", "similar", "reindex"):
        assert command in out
    assert "RAG_DATA_DIR" in out
    assert "--province" in run("search", "--help").output


def test_ingest_docs_show_remove(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("002_522a72973139cc2d.txt",):
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    result = run("ingest", str(folder), "--no-embed")
    assert result.exit_code == 0
    assert "2 files: 1 added, 0 updated, 0 unchanged, 0 duplicate, 1 failed" in result.output
    assert "FAILED empty.txt: the file is empty" in result.output
    docs = json.loads(run("docs", "--json").output)
    assert len(docs) == 1
    doc = docs[0]
    assert {
        "id",
        "source",
        "doc_type",
        "number",
        "date",
        "issuer",
        "locality",
        "locality_level",
        "province",
        "title",
        "passages",
    } <= set(doc)
    assert (doc["source"], doc["locality"], doc["province"]) == (
        "002_522a72973139cc2d.txt",
        "Triệu Sơn",
        "Thanh Hóa",
    )
    shown = json.loads(run("show", doc["id"], "--json").output)
    assert len(shown["passages"]) == doc["passages"]
    assert any("›" in p["heading"] for p in shown["passages"])
    again = run("ingest", str(folder / "002_522a72973139cc2d.txt"), "--no-embed")
    assert "1 unchanged" in again.output
    assert run("remove", doc["id"]).exit_code == 0
    assert json.loads(run("docs", "--json").output) == []
    missing = run("show", "nope")
    assert missing.exit_code == 1 and "No document with id 'nope'" in missing.output


@pytest.mark.slow
def test_search_and_ask_json(run) -> None:  # type: ignore[no-untyped-def]
    run("ingest", *(str(p) for p in sorted(CORPUS.glob("00[01]_*.txt"))))
    hits = json.loads(run("search", "dem lot sinh hoc", "-k", "2", "--json").output)
    assert len(hits) == 2
    assert {
        "passage_id",
        "doc_id",
        "source",
        "score",
        "text",
        "heading",
        "page",
        "highlights",
        "doc_type",
        "number",
        "date",
        "issuer",
        "locality",
        "province",
    } <= set(hits[0])
    answer = json.loads(run("ask", "Huyện nào đã ứng dụng đệm lót sinh học?", "--json").output)
    assert answer["kind"] == "list" and answer["found"] is True
    assert {x["name"] for x in answer["localities"]} == {"Bỉm Sơn", "Bảo Lâm"}
    similar = json.loads(
        run("similar", "ứng dụng đệm lót sinh học trong chăn nuôi", "--json").output
    )
    assert similar["kind"] == "precedent" and similar["precedents"]
    # the filter options reach every command
    only = ("--province", "Lâm Đồng", "--json")
    hits = json.loads(run("search", "dem lot sinh hoc", "-k", "3", *only).output)
    assert hits and {h["province"] for h in hits} == {"Lâm Đồng"}
    answer = json.loads(run("ask", "Huyện nào đã ứng dụng đệm lót sinh học?", *only).output)
    assert {x["name"] for x in answer["localities"]} == {"Bảo Lâm"}
    similar = json.loads(run("similar", "đệm lót sinh học", "--since", "2030", "--json").output)
    assert similar["found"] is False
    human = run("ask", "Huyện nào đã ứng dụng đệm lót sinh học?").output
    assert "Nguồn / Sources:" in human and "[1]" in human


def test_unsupported_file_fails_the_command(run) -> None:  # type: ignore[no-untyped-def]
    result = run("ingest", str(DATA / "notes.xyz"), "--no-embed")
    assert result.exit_code == 1
    assert "unsupported file type '.xyz'" in result.output


def test_ingest_summary_shows_file_notes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from rag.ingest.load.legacy import encode_vni

    path = tmp_path / "vni.txt"
    path.write_bytes(
        encode_vni("Báo cáo kết quả ứng dụng khoa học và công nghệ.").encode("latin-1")
    )
    out = run("ingest", str(path), "--no-embed").output
    assert "1 added" in out
    assert "NOTE vni.txt: converted from the legacy VNI encoding" in out
