"""Tools for bench/probes.py: a `rag serve` to probe, its CPU and memory, requests, and
the hostile files (blank PDF, zip bomb, padded .docx)."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _corpus import CACHE, ROOT

KEYS = "reader:probe-reader,editor:probe-editor"
EDITOR = {"X-API-Key": "probe-editor"}
READER = {"X-API-Key": "probe-reader"}
CLK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 2**20


# ---------------------------------------------------------------- the server
def _tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _cpu(root: int) -> float:
    """CPU seconds of the tree, finished children included (cutime/cstime)."""
    total = 0
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])
    return total / CLK


def _rss(root: int) -> int:
    total = 0
    for pid in _tree(root):
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except OSError:
            continue
    return total


class Server:
    """`rag serve` from a source tree, on a private copy of the cached corpus."""

    def __init__(self, code: Path, workdir: Path) -> None:
        self.code = code
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> None:
        data = self.workdir / f"data-{uuid.uuid4().hex[:6]}"
        shutil.copytree(CACHE / "data", data, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        env = {
            **os.environ,
            "PYTHONPATH": str(self.code),
            "RAG_DATA_DIR": str(data),
            "RAG_API_KEYS": KEYS,
            "RAG_AUDIT_LOG": str(self.workdir / "audit.jsonl"),
        }
        cmd = [sys.executable, "-c", "from api.cli import main; main()", "serve"]
        cmd += ["--port", str(port), "--workers", "2"]
        self.proc = subprocess.Popen(
            cmd, cwd=self.code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(480):
            try:
                urllib.request.urlopen(f"{self.base}/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)  # let both workers finish warming up

    def stop(self) -> None:
        if self.proc is not None:
            for pid in reversed(_tree(self.proc.pid)):
                try:
                    os.kill(pid, 9)
                except ProcessLookupError:
                    pass
            self.proc.wait(timeout=30)
            self.proc = None

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid


# ---------------------------------------------------------------- requests
def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return int(resp.status), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def post_json(base: str, path: str, payload: object, timeout: float = 60) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", **READER}
    return request(base + path, "POST", json.dumps(payload).encode(), headers, timeout)


def upload(
    base: str, files: list[tuple[str, bytes]], timeout: float, query: str = ""
) -> tuple[int, dict[str, object]]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", **EDITOR}
    status, raw = request(f"{base}/documents{query}", "POST", body, headers, timeout)
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, {}


def follow_job(base: str, job: dict[str, object], deadline: float) -> dict[str, object]:
    """Poll a 202's job until it ends or the deadline passes."""
    while time.monotonic() < deadline:
        _, raw = request(f"{base}/jobs/{job['id']}", headers=READER, timeout=30)
        job = json.loads(raw)
        if job["status"] not in ("queued", "running", "embedding"):
            break
        time.sleep(0.5)
    return job


# ---------------------------------------------------------------- files
def blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_with_xml(write_xml: Callable[[io.BufferedWriter], None]) -> bytes:
    """The test .docx with word/document.xml written by ``write_xml`` (streamed)."""
    src = zipfile.ZipFile(ROOT / "tests" / "data" / "bao_lam.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            if item.filename == "word/document.xml":
                with dst.open("word/document.xml", "w", force_zip64=True) as f:
                    write_xml(f)  # type: ignore[arg-type]
            else:
                dst.writestr(item.filename, src.read(item))
    return out.getvalue()


NS = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def zip_bomb() -> bytes:
    def write(f: io.BufferedWriter) -> None:
        f.write(NS + b"<w:p><w:r><w:t>")
        chunk = b" " * (16 * MB)
        for _ in range(64):  # 1 GB of spaces inside one text run
            f.write(chunk)
        f.write(b"</w:t></w:r></w:p></w:body></w:document>")

    return docx_with_xml(write)


def xml_docx() -> bytes:
    def write(f: io.BufferedWriter) -> None:
        f.write(NS)
        para = (
            "<w:p><w:r><w:t>Đoạn {i}: các xã đã triển khai mô hình ứng dụng khoa học kỹ thuật "
            "vào sản xuất nông nghiệp.</w:t></w:r></w:p>"
        )
        i = 0
        written = 0
        while written < 10 * MB:
            data = "".join(para.format(i=i + k) for k in range(100)).encode()
            f.write(data)
            written += len(data)
            i += 100
        f.write(b"</w:body></w:document>")

    return docx_with_xml(write)


# ---------------------------------------------------------------- probes
@dataclass
class Outcome:
    status: str
    seconds: float = 0.0
    cpu: float = 0.0
    rss_mb: float = 0.0
    lost: str = "—"
    note: str = ""
    busy: bool = False  # the server is still working on it: restart before the next probe


def measured(server: Server, fn: Callable[[], Outcome]) -> Outcome:
    """Run ``fn``; add wall time, server CPU and peak RSS growth."""
    rss0, cpu0 = _rss(server.pid), _cpu(server.pid)
    peak = rss0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss(server.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    try:
        out = fn()
    finally:
        done.set()
        sampler.join()
    out.seconds = round(time.perf_counter() - t0, 1)
    out.cpu = round(_cpu(server.pid) - cpu0, 1)
    out.rss_mb = round((peak - rss0) / MB)
    return out
