"""API fixtures: the app on a copy of the indexed shipped corpus, with and without keys."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from index.embed import Embedder
from rag.config import Settings
from rag.engine import Engine

READER, EDITOR = "reader-key-123", "editor-key-456"


@pytest.fixture()
def data_copy(corpus_engine: Engine, tmp_path: Path) -> Path:
    """A private copy of the indexed corpus (tests may write to it)."""
    corpus_engine.store.checkpoint()
    src = corpus_engine.settings.data_dir
    dest = tmp_path / "data"
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    return dest


@pytest.fixture()
def make_client(data_copy: Path, embedder: Embedder) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**overrides: object) -> TestClient:
        settings = Settings(data_dir=data_copy, **overrides)  # type: ignore[arg-type]
        client = TestClient(create_app(settings, embedder=embedder))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture()
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """No keys configured (local use)."""
    return make_client()


@pytest.fixture()
def secured(make_client: Callable[..., TestClient]) -> TestClient:
    """Keys configured: a reader and an editor."""
    return make_client(api_keys=f"reader:{READER},editor:{EDITOR}", max_upload_mb=1)
