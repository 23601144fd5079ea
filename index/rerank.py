"""Optional second stage: a cross-encoder re-scores the top fused passages.

A cross-encoder reads the query and a passage together, so it judges relevance better
than either channel, at the cost of one forward pass per candidate. It is off by
default (no multilingual cross-encoder ships with the project); name one with
``RAG_RERANKER=st:<hub id or folder>`` (e.g. ``st:BAAI/bge-reranker-v2-m3`` from the
local Hugging Face cache).
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

from .embed import sentence_transformers
from .errors import EmbedderUnavailable, UnknownBackend
from .registry import Registry

log = logging.getLogger(__name__)


class Reranker(ABC):
    """Scores (query, passage) pairs; higher is more relevant."""

    #: model identity, e.g. ``st:BAAI/bge-reranker-v2-m3``
    name: str = ""

    @abstractmethod
    def score(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """One relevance score per text, as a float array."""


class CrossEncoderReranker(Reranker):
    """A sentence-transformers ``CrossEncoder`` named by hub id or local folder.

    Args:
        model: hub id or folder.
        device: ``cpu`` or ``cuda``.
        batch_size: pairs per forward pass.
        max_length: tokens read per pair (longer pairs are truncated by the model).
    """

    def __init__(
        self, model: str, device: str = "cpu", batch_size: int = 16, max_length: int = 512
    ) -> None:
        if not model:
            raise ValueError("the cross-encoder reranker needs a model id or folder")
        st_module = sentence_transformers()
        try:
            self._model = st_module.CrossEncoder(model, device=device, max_length=max_length)
        except OSError as exc:
            raise EmbedderUnavailable(
                f"Cannot load cross-encoder {model!r}: {exc}. Model weights cannot be "
                "downloaded on an offline machine: name a local folder."
            ) from exc
        self.name = f"st:{model}"
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def score(self, query: str, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            out: Any = self._model.predict(
                [(query, t) for t in texts],
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
            )
        scores = np.asarray(out, dtype=np.float32)
        return scores if scores.ndim == 1 else scores[:, -1]  # two-label heads: "relevant"


_NONE = ("", "none")
RERANKERS: Registry[Reranker] = Registry("reranker", extra=("none",))
RERANKERS.register("st", lambda arg, **kw: CrossEncoderReranker(arg, **kw), "st:<hub id or folder>")


def get_reranker(spec: str, **options: Any) -> Reranker | None:
    """The reranker named by ``spec`` (built once per process), or ``None`` for ``""``/``none``.

    Args:
        spec: ``st:<hub id or folder>``, or empty / ``none`` for no reranking.
        **options: ``device``, ``batch_size``, ``max_length``.

    Raises:
        UnknownBackend: the prefix is not ``st``, or no model is named.
        EmbedderUnavailable: sentence-transformers or the model is missing.
    """
    if spec.strip().lower() in _NONE:
        return None
    if not spec.partition(":")[2]:
        raise UnknownBackend(RERANKERS.kind, spec, RERANKERS.choices())
    return RERANKERS.get(spec, **options)
