"""Vector index upkeep: embed passages that have no vector yet, keep the FAISS file in step.

This is the write side of the dense channel; :class:`~index.hybrid.HybridSearcher` only
reads the index this class keeps current.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .embed import Embedder
from .errors import IndexNotBuilt
from .store import Store
from .vector import Kind, VectorIndex, sync_index


class VectorIndexer:
    """Embeds the store's passages and keeps the vector index file in line with it.

    Args:
        store: the document store (source of truth; vectors are stored there too).
        embedder: the configured embedder (its identity must match the index file).
        index_path: where the FAISS index file lives.
        kind: ``auto``, ``flat`` or ``hnsw``.
    """

    def __init__(
        self, store: Store, embedder: Embedder, index_path: str | Path, kind: Kind = "auto"
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.index_path = Path(index_path)
        self.kind: Kind = kind
        self._vectors: VectorIndex | None = None
        self._lock = threading.RLock()

    def pending(self) -> int:
        """How many indexed passage texts have no vector for this embedder yet."""
        return len(self.store.missing_embeddings(self.embedder.name))

    def embed_missing(
        self, progress: Callable[[int, int], None] | None = None, batch: int = 16
    ) -> int:
        """Embed every indexed passage that has no vector for this embedder yet.

        Vectors are committed batch by batch, so an interrupted run resumes where it
        stopped. Returns how many texts were embedded.
        """
        todo = self.store.missing_embeddings(self.embedder.name)
        done = 0
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            vecs = self.embedder.embed_passages([t for _, t in part])
            self.store.put_embeddings(
                self.embedder.name, list(zip([s for s, _ in part], vecs, strict=True))
            )
            done += len(part)
            if progress is not None:
                progress(done, len(todo))
        return done

    def refresh(self, rebuild: bool = False) -> VectorIndex:
        """Bring the vector index in line with the store and save it atomically.

        Args:
            rebuild: ignore the file on disk (also when built by another embedder).

        Raises:
            EmbedderMismatch: the file on disk was built by another embedder and
                ``rebuild`` is false.
        """
        with self._lock:
            current = None if rebuild else self._vectors
            if current is None and not rebuild:
                try:
                    current = VectorIndex.load(self.index_path, self.embedder.name)
                except IndexNotBuilt:
                    current = None
            generation = self.store.generation
            if current is not None and current.generation == generation:
                self._vectors = current
                return current
            vids, mat = self.store.vectors(self.embedder.name)
            index = sync_index(
                current, vids, mat, self.embedder.name, self.embedder.dim, generation, self.kind
            )
            index.save(self.index_path)
            self._vectors = index
            return index

    def current(self) -> VectorIndex:
        """The up-to-date vector index (loaded, synced or built as needed)."""
        with self._lock:
            if self._vectors is not None and self._vectors.generation == self.store.generation:
                return self._vectors
        return self.refresh()
