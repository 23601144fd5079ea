"""Index-level fixtures (no ``rag`` import: the storage layer takes its terms as given)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.embed import Embedder
from tests.index.helpers import SmallIndex, build_small_index


@pytest.fixture()
def small(tmp_path: Path, embedder: Embedder) -> Iterator[SmallIndex]:
    """A fresh small index (tests may change it)."""
    built = build_small_index(tmp_path, embedder)
    yield built
    built.store.close()
