"""FAISS vector index: exact inner product when small, HNSW above a threshold.

The index is a cache of the store's vectors: it records the embedder identity and the
store generation it reflects, is written atomically (temp file, fsync, rename) as one
file, and can always be rebuilt from the store (``rag reindex``).
"""

from __future__ import annotations

import json
import logging
import os
import struct
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

from .errors import EmbedderMismatch, IndexNotBuilt

log = logging.getLogger(__name__)
_FAISS: Any = faiss  # the bundled type stubs miss the search-parameter classes

Kind = Literal["auto", "flat", "hnsw"]
_MAGIC = b"VNRAGVEC1\n"
#: above this many vectors ``auto`` picks HNSW; exact search stays under ~10 ms below it
EXACT_LIMIT = 50_000
#: rebuild an HNSW index once this share of its entries are deleted
_TOMBSTONE_SHARE = 0.2


@dataclass
class VectorIndex:
    """A FAISS index whose integer ids are passage ``vid``s.

    Args:
        embedder: identity of the embedder that made the vectors.
        dim: vector dimension.
        kind: ``flat`` (exact) or ``hnsw`` (approximate).
    """

    embedder: str
    dim: int
    kind: Literal["flat", "hnsw"] = "flat"
    generation: int = -1
    ef_search: int = 128
    tombstones: set[int] = field(default_factory=set)
    _index: Any = None

    def __post_init__(self) -> None:
        if self.dim <= 0:
            raise ValueError(f"vector dimension must be positive, got {self.dim}")
        if self.kind not in ("flat", "hnsw"):
            raise ValueError(f"vector index kind must be 'flat' or 'hnsw', got {self.kind!r}")
        if self._index is None:
            base: Any
            if self.kind == "flat":
                base = faiss.IndexFlatIP(self.dim)
            else:
                base = faiss.IndexHNSWFlat(self.dim, 32, faiss.METRIC_INNER_PRODUCT)
                base.hnsw.efConstruction = 80
            self._index = faiss.IndexIDMap2(base)

    @classmethod
    def build(
        cls,
        vids: np.ndarray,
        vectors: np.ndarray,
        embedder: str,
        dim: int,
        kind: Kind = "auto",
        generation: int = -1,
    ) -> VectorIndex:
        """Build an index over ``vectors`` (rows) with ids ``vids``."""
        chosen: Literal["flat", "hnsw"]
        if kind == "auto":
            chosen = "hnsw" if len(vids) > EXACT_LIMIT else "flat"
        else:
            chosen = kind
        index = cls(embedder=embedder, dim=dim, kind=chosen, generation=generation)
        index.add(vids, vectors)
        return index

    def __len__(self) -> int:
        return int(self._index.ntotal) - len(self.tombstones)

    def ids(self) -> set[int]:
        """The live ids in the index."""
        n = self._index.ntotal
        arr = faiss.vector_to_array(self._index.id_map) if n else np.zeros(0, dtype=np.int64)
        return {int(v) for v in arr} - self.tombstones

    def add(self, vids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors; ids already present are replaced."""
        if len(vids) == 0:
            return
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(vids), self.dim):
            raise ValueError(f"expected vectors of shape ({len(vids)}, {self.dim})")
        vids = np.ascontiguousarray(vids, dtype=np.int64)
        present = self.ids() & {int(v) for v in vids}
        if present:
            self.remove(np.fromiter(present, dtype=np.int64))
        self._index.add_with_ids(vectors, vids)
        self.tombstones -= {int(v) for v in vids}

    def remove(self, vids: np.ndarray) -> None:
        """Remove ids (HNSW cannot delete in place: ids are masked until a rebuild)."""
        if len(vids) == 0:
            return
        if self.kind == "flat":
            self._index.remove_ids(np.ascontiguousarray(vids, dtype=np.int64))
        else:
            self.tombstones |= {int(v) for v in vids}

    def needs_compaction(self) -> bool:
        """True when masked deletions make up a large share of an HNSW index."""
        total = int(self._index.ntotal)
        return bool(total) and len(self.tombstones) / total > _TOMBSTONE_SHARE

    def search(
        self, queries: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[list[tuple[int, float]]]:
        """Top-k (vid, inner product) per query row, best first.

        Args:
            queries: ``(n, dim)`` float32 matrix (a single query is a batch of one).
            k: results per query.
            allowed: when given, only these ids may be returned (metadata filters).
        """
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if self._index.ntotal == 0 or k <= 0:
            return [[] for _ in range(len(queries))]
        selector: Any = None
        if allowed is not None:
            keep = np.setdiff1d(allowed.astype(np.int64), np.fromiter(self.tombstones, np.int64))
            if len(keep) == 0:
                return [[] for _ in range(len(queries))]
            selector = faiss.IDSelectorBatch(keep)
        elif self.tombstones:
            dead = faiss.IDSelectorBatch(np.fromiter(self.tombstones, dtype=np.int64))
            selector = faiss.IDSelectorNot(dead)
        if self.kind == "hnsw":
            params: Any = _FAISS.SearchParametersHNSW(efSearch=max(self.ef_search, k))
            if selector is not None:
                params.sel = selector
        else:
            params = _FAISS.SearchParameters(sel=selector) if selector is not None else None
        kk = min(k, int(self._index.ntotal))
        scores, ids = self._index.search(queries, kk, params=params)
        out: list[list[tuple[int, float]]] = []
        for row_s, row_i in zip(scores, ids, strict=True):
            out.append([(int(i), float(s)) for s, i in zip(row_s, row_i, strict=True) if i >= 0])
        return out

    # ---------------------------------------------------------------- persistence
    def meta(self) -> dict[str, Any]:
        """What the file header records."""
        return {
            "embedder": self.embedder,
            "dim": self.dim,
            "kind": self.kind,
            "generation": self.generation,
            "count": len(self),
            "tombstones": sorted(self.tombstones),
        }

    def save(self, path: str | Path) -> None:
        """Write the index atomically: a crash leaves the old file or the new one."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = json.dumps(self.meta()).encode("utf-8")
        blob = faiss.serialize_index(self._index)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC)
                fh.write(struct.pack("<Q", len(header)))
                fh.write(header)
                fh.write(blob.tobytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | Path, embedder: str | None = None) -> VectorIndex:
        """Read an index written by :meth:`save`.

        Args:
            path: the index file.
            embedder: when given, the embedder identity the index must have been built with.

        Raises:
            IndexNotBuilt: the file is missing or unreadable.
            EmbedderMismatch: the index was built with another embedder.
        """
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise IndexNotBuilt(f"No vector index at {path}. Run `rag reindex`.") from exc
        if not data.startswith(_MAGIC):
            raise IndexNotBuilt(f"{path} is not a vector index file. Run `rag reindex`.")
        try:
            (hlen,) = struct.unpack_from("<Q", data, len(_MAGIC))
            start = len(_MAGIC) + 8
            meta = json.loads(data[start : start + hlen])
            raw = np.frombuffer(data, dtype=np.uint8, offset=start + hlen)
            index = faiss.deserialize_index(np.ascontiguousarray(raw))
        except (struct.error, ValueError, RuntimeError) as exc:
            raise IndexNotBuilt(f"{path} is damaged ({exc}). Run `rag reindex`.") from exc
        if embedder is not None and meta["embedder"] != embedder:
            raise EmbedderMismatch(meta["embedder"], embedder)
        return cls(
            embedder=meta["embedder"],
            dim=int(meta["dim"]),
            kind=meta["kind"],
            generation=int(meta["generation"]),
            tombstones={int(t) for t in meta.get("tombstones", [])},
            _index=index,
        )


def sync_index(
    index: VectorIndex | None,
    vids: np.ndarray,
    vectors: np.ndarray,
    embedder: str,
    dim: int,
    generation: int,
    kind: Kind = "auto",
) -> VectorIndex:
    """Bring an index in line with the store's current (vids, vectors).

    Adds what is new, removes what is gone; rebuilds when there is no index yet, the
    kind should change, or an HNSW index carries too many deletions.
    """
    wanted: Literal["flat", "hnsw"]
    wanted = ("hnsw" if len(vids) > EXACT_LIMIT else "flat") if kind == "auto" else kind
    if index is None or index.kind != wanted or index.dim != dim or index.embedder != embedder:
        return VectorIndex.build(vids, vectors, embedder, dim, wanted, generation)
    have = index.ids()
    want = {int(v) for v in vids}
    gone = np.fromiter(have - want, dtype=np.int64)
    index.remove(gone)
    new_mask = np.fromiter((int(v) not in have for v in vids), dtype=bool, count=len(vids))
    index.add(vids[new_mask], vectors[new_mask])
    if index.needs_compaction():
        return VectorIndex.build(vids, vectors, embedder, dim, wanted, generation)
    index.generation = generation
    log.info("vector index synced: +%d -%d", int(new_mask.sum()), len(gone))
    return index
