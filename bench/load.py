"""Load benchmark: concurrent /search and /ask against a local `rag serve`.

    python bench/load.py [--duration 60] [--clients 8] [--ask-share 0.2]

Starts `rag serve` on a free 127.0.0.1 port over the cached shipped corpus, runs a
bounded number of seconds of closed-loop clients (loopback only), stops the server and
prints requests/s, p50/p95/p99 latency and the error count per endpoint. Target on 2
cores: /search p95 <= 100 ms at 8 concurrent clients, zero errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict

from _corpus import CACHE, ROOT, shipped_engine

QUERIES = [
    "đệm lót sinh học",
    "dem lot sinh hoc",
    "Kinh phí KH&CN",
    "ứng dụng công nghệ cao",
    "29-CTr/TU",
    "biological bedding",
    "lớp tập huấn",
    "cải cách thủ tục hành chính",
    "công nghệ thông tin",
    "rau an toàn",
    "xã Thọ Sơn",
    "quản lý chất lượng ISO",
]
QUESTIONS = [
    "Huyện nào đã ứng dụng đệm lót sinh học?",
    "Kinh phí KH&CN của Hương Trà 2012–2016?",
    "Bảo Lâm đã tổ chức bao nhiêu lớp tập huấn?",
    "Which districts used biological bedding?",
]


def _post(url: str, body: dict[str, object]) -> int:
    req = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        resp.read()
        return int(resp.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (max 600)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (max 64)")
    parser.add_argument("--ask-share", type=float, default=0.2, help="share of /ask requests")
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="rag serve worker processes (default: as rag serve)",
    )
    args = parser.parse_args()
    duration = min(args.duration, 600.0)
    clients = max(1, min(args.clients, 64))
    shipped_engine().close()  # make sure the cached corpus is indexed before timing

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RAG_DATA_DIR": str(CACHE / "data"), "RAG_API_KEYS": ""}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        for q in QUERIES:  # warm the query-embedding path once per query
            _post(f"{base}/search", {"query": q, "k": 10})
        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, int] = defaultdict(int)
        lock = threading.Lock()
        stop = time.perf_counter() + duration

        def client(seed: int) -> None:
            rng = random.Random(seed)
            while time.perf_counter() < stop:
                if rng.random() < args.ask_share:
                    endpoint, body = "/ask", {"question": rng.choice(QUESTIONS)}
                else:
                    endpoint, body = "/search", {"query": rng.choice(QUERIES), "k": 10}
                t = time.perf_counter()
                try:
                    ok = _post(base + endpoint, body) == 200
                except (urllib.error.URLError, OSError):
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    if ok:
                        latencies[endpoint].append(ms)
                    else:
                        errors[endpoint] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
        started = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    summary: dict[str, object] = {
        "clients": clients,
        "workers": args.workers,
        "duration_s": round(elapsed, 1),
    }
    print(f"{clients} clients, {args.workers} worker(s), {elapsed:.0f} s, loopback")
    print(f"{'endpoint':<9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for endpoint in ("/search", "/ask"):
        values = latencies[endpoint]
        row = {
            "rps": round(len(values) / elapsed, 1),
            "p50": pct(values, 0.5),
            "p95": pct(values, 0.95),
            "p99": pct(values, 0.99),
            "errors": errors[endpoint],
            "requests": len(values),
        }
        summary[endpoint] = row
        print(
            f"{endpoint:<9} {row['rps']:>7} {row['p50']:>8} {row['p95']:>8} {row['p99']:>8} "
            f"{row['errors']:>7}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
