"""Hostile-input and overload probes against a real `rag serve` (issue 14), before/after.

    python bench/probes.py [--before REV] [--only NAME,…] [--timeout 180]

Starts `rag serve` (2 workers, reader and editor keys) on a free 127.0.0.1 port over a
copy of the cached shipped corpus, sends each probe, and records the HTTP status, the
wall seconds, the CPU seconds of the whole server process tree (Tesseract and
LibreOffice included), the peak growth of its resident memory, and whether data was
lost. With ``--before REV`` the same probes run first against that git revision
(extracted to a temporary folder with ``git archive``) and the table shows both.
A server that a probe left busy is restarted before the next probe.

Probes (the findings of issue 14):
  blank-pdf      a 2,000-page blank PDF (~250 KB)
  zip-bomb       a .docx of ~1 MB whose XML unpacks to 1 GB
  xml-docx       a ~40 KB .docx holding 10 MB of XML (repeated paragraphs)
  unauth-200mb   a 200 MB upload without a key: is it answered before the body is sent?
  page-2^70      GET /documents?page=2^70
  same-name      two different baocao.txt: is the first still findable?
  failed-upload  one empty file: status
  bad-date       since=2017-13-45
  province       province "thanh hoa" (no diacritics): documents found
  long-ask       eight /ask of 5,000 characters (report text) at once, short searches
                 meanwhile (their p50/p95)
  ask-load       eight clients sending /ask of 1,000 characters for 20 s, searches meanwhile
  similar-load   eight clients sending /similar of 5,000 characters for 20 s, searches
                 meanwhile
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _corpus import ROOT, shipped_engine
from _probe_kit import (
    MB,
    READER,
    Outcome,
    Server,
    blank_pdf,
    follow_job,
    measured,
    post_json,
    request,
    upload,
    xml_docx,
    zip_bomb,
)


@dataclass(frozen=True)
class Probe:
    """A named probe: a function of the server, or a file to upload (built when run)."""

    name: str
    what: str
    run: Callable[[Server, float], Outcome] | None = None
    file: tuple[str, Callable[[], bytes]] | None = None


def _upload_probe(data: bytes, name: str) -> Callable[[Server, float], Outcome]:
    def run(server: Server, timeout: float) -> Outcome:
        def go() -> Outcome:
            deadline = time.monotonic() + timeout
            try:
                status, body = upload(server.base, [(name, data)], timeout)
            except (TimeoutError, OSError):
                return Outcome(f"no answer in {timeout:.0f} s", busy=True)
            if status == 202:
                job = follow_job(server.base, body, deadline)
                results = job.get("results") or [{}]
                reason = (results[0] or {}).get("reason") or job.get("error") or ""  # type: ignore[union-attr]
                return Outcome(
                    f"202 → job {job['status']}",
                    note=str(reason)[:70],
                    busy=job["status"] in ("queued", "running", "embedding"),
                )
            results = body.get("results") or (body.get("error") or {}).get("details", {}).get(  # type: ignore[union-attr]
                "results", [{}]
            )
            first = results[0] if results else {}
            note = f"{first.get('status')}: {first.get('passages')} passages"
            if first.get("reason"):
                note = str(first["reason"])[:70]
            return Outcome(str(status), note=note)

        return measured(server, go)

    return run


def unauth_200mb(server: Server, timeout: float) -> Outcome:
    """Headers of a 200 MB upload without a key, then wait: answered before the body?"""
    host, port = server.base.removeprefix("http://").split(":")
    size = 200 * MB

    def go() -> Outcome:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            head = (
                f"POST /documents HTTP/1.1\r\nHost: {host}\r\nContent-Length: {size}\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n\r\n"
            )
            sock.sendall(head.encode())
            sock.settimeout(5)
            try:
                first = sock.recv(4096)
            except TimeoutError:
                first = b""
            if first:
                return Outcome(
                    first.split(b"\r\n", 1)[0].decode().split()[1], note="before the body"
                )
            sock.settimeout(timeout)
            chunk = b"-" * MB
            sent = 0
            try:
                while sent < size:
                    sock.sendall(chunk)
                    sent += len(chunk)
                first = sock.recv(4096)
            except OSError as exc:
                return Outcome(f"connection error after {sent // MB} MB", note=str(exc)[:40])
            status = first.split(b"\r\n", 1)[0].decode().split()[1] if first else "none"
            return Outcome(status, note=f"after all {sent // MB} MB were sent")

    return measured(server, go)


def page_2_70(server: Server, timeout: float) -> Outcome:
    def go() -> Outcome:
        status, _ = request(f"{server.base}/documents?page={2**70}", headers=READER)
        return Outcome(str(status))

    return measured(server, go)


def same_name(server: Server, timeout: float) -> Outcome:
    first = "Báo cáo về mô hình nuôi cá tầm nước lạnh ở xã Sa Pả năm 2016.".encode()
    second = "Báo cáo về sản lượng chè shan tuyết của xã Bản Liền năm 2017.".encode()

    def go() -> Outcome:
        s1, b1 = upload(server.base, [("baocao.txt", first)], timeout)
        s2, b2 = upload(server.base, [("baocao.txt", second)], timeout)
        found = []
        for q in ("cá tầm nước lạnh", "chè shan tuyết"):
            _, raw = post_json(server.base, "/search", {"query": q, "k": 5})
            hits = json.loads(raw) if raw.startswith(b"[") else []
            found.append(any(h["source"].startswith("baocao") for h in hits))
        st1 = (b1.get("results") or [{}])[0].get("status")  # type: ignore[union-attr]
        st2 = (b2.get("results") or [{}])[0].get("status")  # type: ignore[union-attr]
        lost = "first file lost" if not found[0] else "none"
        return Outcome(f"{s1} {st1}, {s2} {st2}", lost=lost, note=f"findable: {found}")

    return measured(server, go)


def failed_upload(server: Server, timeout: float) -> Outcome:
    def go() -> Outcome:
        status, _ = upload(server.base, [("empty.txt", b"   ")], timeout)
        return Outcome(str(status))

    return measured(server, go)


def bad_date(server: Server, timeout: float) -> Outcome:
    def go() -> Outcome:
        s1, _ = post_json(server.base, "/search", {"query": "khoa học", "since": "2017-13-45"})
        s2, _ = post_json(server.base, "/search", {"query": "khoa học", "until": "2017-02-30"})
        return Outcome(f"{s1}, {s2}")

    return measured(server, go)


def province(server: Server, timeout: float) -> Outcome:
    def go() -> Outcome:
        counts = []
        for name in ("Thanh Hóa", "thanh hoa", "Thanh Hao"):
            q = urllib.parse.urlencode({"province": name})
            status, raw = request(f"{server.base}/documents?{q}", headers=READER)
            total = json.loads(raw).get("total") if status == 200 else None
            counts.append(f"{name}: {status}/{total}")
        return Outcome("; ".join(counts))

    return measured(server, go)


def _searches_during(
    server: Server, heavy: Callable[[int], int], clients: int, seconds: float | None
) -> Outcome:
    """``clients`` threads call ``heavy`` (once, or in a loop for ``seconds``) while one
    client sends short searches; the searches' p50/p95 and the heavy statuses."""
    statuses: list[int] = []
    latencies: list[float] = []
    stop = threading.Event()

    def heavy_client(i: int) -> None:
        end = time.monotonic() + (seconds or 0)
        while True:
            try:
                statuses.append(heavy(i))
            except OSError:
                statuses.append(0)
            if seconds is None or time.monotonic() >= end:
                return

    def searcher() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            post_json(server.base, "/search", {"query": "đệm lót sinh học", "k": 10})
            latencies.append((time.perf_counter() - t) * 1000)
            time.sleep(0.05)

    def go() -> Outcome:
        threads = [threading.Thread(target=heavy_client, args=(i,)) for i in range(clients)]
        search = threading.Thread(target=searcher)
        for th in threads:
            th.start()
        time.sleep(0.3)
        search.start()
        for th in threads:
            th.join()
        stop.set()
        search.join()
        ordered = sorted(latencies) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        counts = {s: statuses.count(s) for s in sorted(set(statuses))}
        note = f"search p50 {statistics.median(ordered):.0f} / p95 {p95:.0f} ms (n={len(ordered)})"
        return Outcome(" ".join(f"{n}×{s}" for s, n in counts.items()), note=note)

    return measured(server, go)


def corpus_text(i: int, chars: int) -> str:
    """``chars`` characters of a shipped report (a different slice for each ``i``): pasted
    drafts and long questions read like the documents, not like one repeated sentence."""
    docs = sorted((ROOT / "docs_corpus").glob("*.txt"))
    text = " ".join(docs[i % len(docs)].read_text(encoding="utf-8").split())
    start = (i * 997) % max(1, len(text) - chars)
    return text[start : start + chars]


def long_ask(server: Server, timeout: float) -> Outcome:
    def heavy(i: int) -> int:
        question = corpus_text(i, 4990) + " là gì?"
        return post_json(server.base, "/ask", {"question": question}, timeout=timeout)[0]

    return _searches_during(server, heavy, 8, None)


def ask_load(server: Server, timeout: float) -> Outcome:
    def heavy(i: int) -> int:
        question = corpus_text(i, 990) + " là gì?"
        return post_json(server.base, "/ask", {"question": question}, timeout=timeout)[0]

    return _searches_during(server, heavy, 8, 20.0)


def similar_load(server: Server, timeout: float) -> Outcome:
    def heavy(i: int) -> int:
        text = corpus_text(i + 3, 5000)
        return post_json(server.base, "/similar", {"text": text}, timeout=timeout)[0]

    return _searches_during(server, heavy, 8, 20.0)


PROBES = [
    Probe("blank-pdf", "2,000-page blank PDF", file=("blank.pdf", lambda: blank_pdf(2000))),
    Probe("zip-bomb", ".docx unpacking to 1 GB", file=("bomb.docx", zip_bomb)),
    Probe("xml-docx", ".docx with 10 MB of XML", file=("xml.docx", xml_docx)),
    Probe("unauth-200mb", "200 MB upload, no key", unauth_200mb),
    Probe("page-2^70", "GET /documents?page=2^70", page_2_70),
    Probe("same-name", "two different baocao.txt", same_name),
    Probe("failed-upload", "one empty file uploaded", failed_upload),
    Probe("bad-date", "since 2017-13-45 / until 2017-02-30", bad_date),
    Probe("province", "province without diacritics", province),
    Probe("long-ask", "8 × /ask of 5,000 chars at once + searches", long_ask),
    Probe("ask-load", "8 clients × /ask of 1,000 chars for 20 s + searches", ask_load),
    Probe("similar-load", "8 clients × /similar of 5,000 chars for 20 s + searches", similar_load),
]


def run_all(code: Path, names: list[str], timeout: float) -> dict[str, Outcome]:
    selected = [p for p in PROBES if not names or p.name in names]
    runners: dict[str, Callable[[Server, float], Outcome]] = {}
    for probe in selected:
        if probe.file is not None:
            name, make = probe.file
            data = make()
            print(f"  {probe.name}: {name} is {len(data) / 1024:.0f} KB", file=sys.stderr)
            runners[probe.name] = _upload_probe(data, name)
        else:
            assert probe.run is not None
            runners[probe.name] = probe.run
    results: dict[str, Outcome] = {}
    with tempfile.TemporaryDirectory(prefix="rag-probes-") as tmp:
        server = Server(code, Path(tmp))
        server.start()
        try:
            for probe in selected:
                run = runners[probe.name]
                print(f"  {probe.name} …", file=sys.stderr, flush=True)
                try:
                    out = run(server, timeout)
                except Exception as exc:  # a probe that breaks is a result too
                    out = Outcome(f"probe error: {exc!r}"[:60], busy=True)
                if server.proc is not None and server.proc.poll() is not None:
                    out.note += " (server died)"
                    out.busy = True
                results[probe.name] = out
                print(f"    {out}", file=sys.stderr, flush=True)
                if out.busy:
                    server.stop()
                    server.start()
        finally:
            server.stop()
    return results


def extract(rev: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", help="git revision to probe first (today's code)")
    parser.add_argument("--only", default="", help="comma-separated probe names")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per probe")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    shipped_engine().close()  # the cached corpus, indexed once
    runs: dict[str, dict[str, Outcome]] = {}
    if args.before:
        with tempfile.TemporaryDirectory(prefix="rag-before-") as tmp:
            print(f"before ({args.before}):", file=sys.stderr)
            runs["before"] = run_all(extract(args.before, Path(tmp)), names, args.timeout)
    print("after (this checkout):", file=sys.stderr)
    runs["after"] = run_all(ROOT, names, args.timeout)

    cols = "status | s | CPU s | RSS MB | lost"
    print(f"| probe | {' | '.join(f'{k}: {cols}' for k in runs)} |")
    print("|---|" + "---|" * (5 * len(runs)))
    for probe in PROBES:
        if names and probe.name not in names:
            continue
        cells = []
        for outcomes in runs.values():
            o = outcomes.get(probe.name)
            if o is None:
                cells.append("— | — | — | — | —")
                continue
            status = f"{o.status} ({o.note})" if o.note else o.status
            cells.append(f"{status} | {o.seconds} | {o.cpu} | {o.rss_mb} | {o.lost}")
        print(f"| {probe.what} | {' | '.join(cells)} |")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "probes.json").write_text(
        json.dumps(
            {run: {k: vars(v) for k, v in o.items()} for run, o in runs.items()},
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
