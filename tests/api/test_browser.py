"""End to end in a real browser: Debian's chromium driven by Playwright against `rag serve`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag.engine import Engine
from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.integration]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def server(corpus_engine: Engine, tmp_path: Path) -> Iterator[str]:
    corpus_engine.store.checkpoint()
    data = tmp_path / "data"
    shutil.copytree(
        corpus_engine.settings.data_dir, data, ignore=shutil.ignore_patterns("*-wal", "*-shm")
    )
    port = _free_port()
    env = {**os.environ, "RAG_DATA_DIR": str(data), "RAG_API_KEYS": ""}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                log.close()
                out = (tmp_path / "serve.log").read_text()
                raise AssertionError(f"rag serve did not start:\n{out}") from None
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian chromium is not installed (apt-get install chromium)"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@needs_chromium
def test_bedding_question_in_the_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server)
        page.fill("#q", "huyen nao dung dem lot sinh hoc")  # typed without diacritics
        page.click("#go")
        table = page.locator("table.localities")
        table.wait_for(timeout=60_000)
        rows = table.locator("tbody tr")
        assert rows.count() == 2
        text = table.inner_text()
        assert "Bỉm Sơn" in text and "Bảo Lâm" in text
        assert "Thanh Hóa" in text and "Lâm Đồng" in text
        page.locator("table.localities a.cite").first.click()
        viewer = page.locator("#viewer")
        viewer.wait_for(state="visible", timeout=30_000)
        mark = page.locator("#viewer-body mark")
        assert "đệm lót sinh học" in mark.inner_text()
        shot = tmp_path / "bedding.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        browser.close()


@needs_chromium
def test_a_large_upload_is_followed_to_the_end_in_the_browser(server: str) -> None:
    """Four files run as a background job; the page polls it (on any worker) to the end."""
    sync_api = pytest.importorskip("playwright.sync_api")
    notes = [
        {
            "name": f"bao_cao_{i}.txt",
            "mimeType": "text/plain",
            "buffer": f"BÁO CÁO số {i}\nThôn {i} đã xây dựng {i + 2} hầm biogas.".encode(),
        }
        for i in range(1, 5)
    ]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server)
        page.click("#tab-docs")
        page.set_input_files("#files", files=notes)
        page.click("#upload-form button[type=submit]")
        status = page.locator("#upload-status")
        sync_api.expect(status).to_contain_text("bao_cao_4.txt: added", timeout=120_000)
        for i in range(1, 5):
            assert f"bao_cao_{i}.txt: added" in status.inner_text()
        sync_api.expect(page.locator("#docs-table")).to_contain_text("bao_cao_3.txt")
        browser.close()


@needs_chromium
def test_a_fact_shows_its_key_span_and_cites_the_document_as_officials_do(server: str) -> None:
    """The amount is emphasised; the source is named by number, dd/mm/yyyy date, issuer and
    title, not by its file name."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(server)
        page.fill(
            "#q",
            "Thái Nguyên đặt mục tiêu khoa học công nghệ đóng góp bao nhiêu phần trăm "
            "tăng trưởng kinh tế qua TFP?",
        )
        page.click("#go")
        key = page.locator(".answer strong.key").first
        key.wait_for(timeout=60_000)
        assert "35%" in key.inner_text()
        sources = page.locator("ol.sources").inner_text()
        assert (
            "29-CTr/TU" in sources and "04/06/2013" in sources and "Tỉnh ủy Thái Nguyên" in sources
        )
        assert ".txt" not in sources
        page.click("#tab-docs")
        sync_api.expect(page.locator("#docs-table")).to_contain_text("04/06/2013")
        browser.close()
