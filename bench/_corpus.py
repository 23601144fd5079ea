"""Shared by the benchmarks: an engine over the shipped corpus, built once and cached."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rag.config import Settings  # noqa: E402
from rag.engine import Engine  # noqa: E402

CACHE = ROOT / "bench" / "cache" / "shipped"


def shipped_engine() -> Engine:
    """The shipped corpus ingested and embedded under bench/cache/shipped (reused)."""
    engine = Engine(Settings(data_dir=CACHE / "data"))
    engine.ingest([ROOT / "docs_corpus"])
    engine.index()
    return engine
