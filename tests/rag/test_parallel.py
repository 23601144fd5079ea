"""Parsing in worker processes stores exactly what parsing in process stores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from index.embed import Embedder, WordTokenCounter
from rag.config import Settings
from rag.engine import POOL_MIN_FILES, Engine
from rag.ingest.parallel import PoolParser
from rag.ingest.pipeline import FileResult
from tests.conftest import CORPUS, DATA


def _store_contents(engine: Engine) -> list[Any]:
    out: list[Any] = []
    for d in engine.store.list_documents():
        doc = engine.store.get_document(d.id)
        out.append((doc.id, doc.source, doc.sha256, doc.meta, doc.info, doc.text))
        out.append(engine.store.passages(d.id))
    out.append(engine.store.read("SELECT vid, norm, folded FROM passage_terms ORDER BY 1"))
    out.append(engine.store.read("SELECT rowid, norm, codes FROM passages_fts ORDER BY 1"))
    out.append(engine.store.read("SELECT doc_id, key FROM fingerprints ORDER BY 1, 2"))
    return out


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    """Enough files for a pool: the corpus, edited copies of it, and bad files."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for src in sorted(CORPUS.glob("*.txt")):
        shutil.copy(src, folder / src.name)
        text = src.read_text(encoding="utf-8")
        (folder / f"ban_sua_{src.name}").write_text(text + "\n\nPhụ lục bổ sung.", "utf-8")
    for name in ("corrupt.pdf", "empty.txt", "garbage.txt", "bao_lam.docx"):
        shutil.copy(DATA / name, folder / name)
    assert len(list(folder.iterdir())) >= POOL_MIN_FILES
    return folder


def test_pooled_ingest_stores_what_serial_ingest_stores(
    tmp_path: Path, embedder: Embedder, batch: Path
) -> None:
    stores = []
    reports = []
    for workers in (1, 2):
        settings = Settings(data_dir=tmp_path / f"data{workers}", ingest_workers=workers)
        engine = Engine(settings, embedder=embedder)
        pooled = isinstance(engine._parser(POOL_MIN_FILES), PoolParser)
        assert pooled == (workers > 1)
        seen: list[FileResult] = []
        report = engine.ingest([batch], seen.append)
        assert seen == report.results  # progress comes per file, in file order
        reports.append(report.results)
        stores.append(_store_contents(engine))
        engine.close()
    assert reports[0] == reports[1]
    assert stores[0] == stores[1]
    status = {r.source: r.status for r in reports[1]}
    assert status["corrupt.pdf"] == status["empty.txt"] == "failed"
    assert status["bao_lam.docx"] == "duplicate"  # made from the shipped 001_….txt
    assert all(status[f"ban_sua_{p.name}"] == "duplicate" for p in CORPUS.glob("*.txt"))


def test_pooled_reingest_stores_nothing_again(
    tmp_path: Path, embedder: Embedder, batch: Path
) -> None:
    engine = Engine(Settings(data_dir=tmp_path / "data", ingest_workers=2), embedder=embedder)
    first = engine.ingest([batch])
    again = engine.ingest([batch])
    stored = sum(1 for r in first.results if r.status == "added")
    assert again.count("unchanged") == stored
    # copies and bad files are not stored, so they are read again and refused again
    assert [r.status for r in again.results if r.status != "unchanged"] == [
        r.status for r in first.results if r.status != "added"
    ]
    engine.close()


@pytest.mark.parametrize(
    "text",
    [
        "Ủy ban nhân dân tỉnh Thanh Hóa",
        "a\n\nb",
        "x ",  # a space at the end is a token of its own
        " x",
        "\nx",
        "giữ\u200e chất",  # an invisible mark next to a space is dropped with it
        "hai\u00a0từ",
        "KH&CN 29-CTr/TU",
        "",
    ],
)
def test_word_token_counter_is_exact(embedder: Embedder, text: str) -> None:
    counter = embedder.passage_counter()
    assert isinstance(counter, WordTokenCounter)
    assert counter(text) == embedder.count_tokens(text, "passage")


def test_word_token_counter_is_exact_on_the_corpus(embedder: Embedder) -> None:
    counter = embedder.passage_counter()
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for start in range(0, len(text), 700):
            span = text[start : start + 900].strip()
            assert counter(span) == embedder.count_tokens(span, "passage")


def test_a_worker_whose_parent_is_already_gone_exits() -> None:
    # a worker that starts after the ingesting process was killed sees init as its
    # parent; told the real parent's id, it ends instead of waiting for work forever
    root = str(Path(__file__).resolve().parents[2])
    script = "from rag.ingest.parallel import _exit_with; _exit_with(2 ** 22 + 1)"
    proc = subprocess.run(
        [sys.executable, "-c", script],
        timeout=30,
        env={**os.environ, "PYTHONPATH": root},
        capture_output=True,
    )
    assert proc.returncode == 1, proc.stderr.decode()
