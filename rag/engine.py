"""The engine: one object per data folder, the only way in for the CLI and the API.

It builds the store, the indexes, the reader and the answerer from the settings, and
offers every operation the interfaces need; they never reach the store or the searcher.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from index.embed import Embedder, get_embedder
from index.hybrid import HybridSearcher
from index.indexer import VectorIndexer
from index.jobs import JobLog, JobStatus
from index.store import Store
from index.types import DocRecord, Filters

from .answer.extractive import Answerer, ExtractiveAnswerer
from .answer.generate import LangChainAnswerer, build_answerer
from .config import Settings
from .ingest.batch import ParseMany, expand_paths, ingest_paths
from .ingest.copies import backfill
from .ingest.load.limits import MB, LoadLimits
from .ingest.parallel import ParserSpec, PoolParser
from .ingest.pipeline import FileResult, IngestReport, ingest_bytes
from .ingest.uploads import JobPolicy, JobView, Upload, UploadOutcome, check_supported
from .records import (
    Answer,
    DocumentSummary,
    Kind,
    PassageContext,
    PassageSummary,
    SearchResult,
    plain,
    project,
)
from .retrieval.context import passage_context
from .retrieval.filters import resolve_places
from .retrieval.query import prepare_query
from .retrieval.reader import Reader, build_searcher

log = logging.getLogger(__name__)

#: batches of fewer files parse in process: starting workers (~1 s) would cost more
POOL_MIN_FILES = 8


class Engine:
    """Store, embedder, indexes and answerer for one data folder, built from settings.

    Args:
        settings: the configuration.
        embedder: an already-built embedder (tests share one); built from settings if
            omitted.
    """

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self._store = Store(settings.store_path)
        self._embedder = embedder
        self._indexer: VectorIndexer | None = None
        self._reader: Reader | None = None
        self._answerer: Answerer | None = None
        self._jobs: JobLog | None = None
        self._counter: Callable[[str], int] | None = None
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the store (and the job table)."""
        if self._jobs is not None:
            self._jobs.close()
        self._store.close()

    # ---------------------------------------------------------------- parts
    # (the store and the searcher are exposed for tests and benchmarks; the CLI and the
    # API go through the methods below)
    @property
    def store(self) -> Store:
        """The document store."""
        return self._store

    @property
    def searcher(self) -> HybridSearcher:
        """The hybrid searcher."""
        return self.reader.searcher

    @property
    def embedder(self) -> Embedder:
        """The configured embedder (loaded on first use)."""
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embedder, **self._embedder_options)
        return self._embedder

    @property
    def _embedder_options(self) -> dict[str, Any]:
        s = self.settings
        if not s.embedder.startswith("st:"):
            return {}
        return {
            "device": s.embed_device,
            "query_prompt": s.query_prompt,
            "passage_prompt": s.passage_prompt,
            "batch_size": s.embed_batch_size,
        }

    @property
    def ingest_workers(self) -> int:
        """Processes that parse files during an ingest (``RAG_INGEST_WORKERS``; 0: cores)."""
        return self.settings.ingest_workers or os.cpu_count() or 1

    def _parser(self, files: int) -> ParseMany | None:
        """A pool of parsing processes for a batch worth one, else ``None`` (in process).

        Workers build their token counter from the settings, so an engine given another
        embedder than the settings name (a test double) parses in process.
        """
        workers = min(self.ingest_workers, files)
        options = self._embedder_options
        if workers < 2 or files < POOL_MIN_FILES:
            return None
        if self.embedder is not get_embedder(self.settings.embedder, **options):
            return None
        spec = ParserSpec(
            self.settings.embedder, tuple(sorted(options.items())), self.max_tokens, self.limits
        )
        return PoolParser(spec, workers)

    @property
    def indexer(self) -> VectorIndexer:
        """The vector index's keeper (embeds passages, writes the FAISS file)."""
        with self._lock:
            if self._indexer is None:
                self._indexer = VectorIndexer(
                    self._store, self.embedder, self.settings.index_path, self.settings.vector_index
                )
            return self._indexer

    @property
    def reader(self) -> Reader:
        """Search and reading (its indexes are loaded lazily)."""
        with self._lock:
            if self._reader is None:
                searcher = build_searcher(self.settings, self._store, self.embedder, self.indexer)
                self._reader = Reader(
                    self._store, searcher, drop_frame=self.settings.drop_frame_words
                )
            return self._reader

    @property
    def answerer(self) -> Answerer:
        """The configured answerer: extractive, or a LangChain chat model over it."""
        with self._lock:
            if self._answerer is None:
                extractive = ExtractiveAnswerer(self.reader, self.settings.answer_min_score)
                self._answerer = build_answerer(self.settings, extractive)
            return self._answerer

    @property
    def jobs(self) -> JobLog:
        """Background upload jobs (kept in the store's database for every worker)."""
        with self._lock:
            if self._jobs is None:
                self._jobs = JobLog(self.settings.store_path)
            return self._jobs

    @property
    def limits(self) -> LoadLimits:
        """Bounds on the work one file may cause (from the ``RAG_MAX_*``/``RAG_OCR_*``)."""
        s = self.settings
        return LoadLimits(
            max_pages=s.max_pages,
            max_unpacked=int(s.max_unpacked_mb * MB),
            max_ratio=s.max_zip_ratio,
            max_passages=s.max_passages,
            ocr_page_timeout=s.ocr_page_timeout,
            ocr_budget=s.ocr_budget,
        )

    @property
    def max_tokens(self) -> int:
        """Passage budget: the setting, capped by what the model reads."""
        return min(self.settings.chunk_tokens, self.embedder.max_tokens)

    @property
    def token_counter(self) -> Callable[[str], int]:
        """The embedder's passage token counter for chunking (remembers word counts)."""
        if self._counter is None:
            self._counter = self.embedder.passage_counter()
        return self._counter

    def count_tokens(self, text: str) -> int:
        """Embedder tokens of a passage text."""
        return self.token_counter(text)

    def warm_up(self) -> None:
        """Load (or rebuild) the vector index and build the lexical index before serving."""
        self.indexer.current()
        self.reader.searcher.lexical.sync()

    def status(self) -> dict[str, Any]:
        """Counts, the vector index and the models, for ``/health``."""
        vectors = self.indexer.current()
        return {
            "documents": self._store.count_documents(),
            "passages": self._store.count_passages(),
            "indexed_passages": self._store.count_passages(indexed_only=True),
            "vector_index": {
                "kind": vectors.kind,
                "size": len(vectors),
                "generation": vectors.generation,
            },
            "embedder": self.embedder.name,
            "generator": self.answerer.name,
        }

    # ---------------------------------------------------------------- writing
    def ingest(
        self,
        paths: Iterable[str | Path],
        progress: Callable[[FileResult], None] | None = None,
    ) -> IngestReport:
        """Ingest files/folders into the store (no embedding; see :meth:`index`).

        Files are parsed by :attr:`ingest_workers` processes when there are enough of
        them; this process writes each document in its own transaction, in file order.
        """
        files = expand_paths(paths)
        backfill(self._store)
        return ingest_paths(
            self._store,
            files,
            self.token_counter,
            self.max_tokens,
            progress,
            self.limits,
            parse_many=self._parser(len(files)),
        )

    def ingest_upload(self, data: bytes, name: str, replace: bool = False) -> FileResult:
        """Ingest one uploaded file, within the configured limits.

        Without ``replace``, a file sent under the name of a stored upload with other
        content becomes a document of its own, and a copy of a stored document (the
        same text, or the same number, issuer and date: :mod:`.ingest.copies`) is not
        stored (status ``duplicate``, the reason names the stored document). With
        ``replace``, the file replaces the upload of the same name and any document it
        is a copy of.

        Args:
            data: the file's bytes.
            name: its (NFC) file name.
            replace: replace the document of the same name, or the one it copies.
        """
        backfill(self._store)
        key = f"upload:{name}"
        if not replace:
            existing = self._store.find_by_path(key)
            sha = hashlib.sha256(data).hexdigest()
            if existing is not None and existing.sha256 != sha:
                key = f"{key}#{sha[:12]}"
        return ingest_bytes(
            self._store,
            data,
            name,
            key,
            self.token_counter,
            self.max_tokens,
            self.limits,
            replace_copy=replace,
        )

    def pending(self) -> int:
        """How many passages wait for an embedding."""
        return self.indexer.pending()

    def index(
        self, progress: Callable[[int, int], None] | None = None, rebuild: bool = False
    ) -> int:
        """Embed passages that have no vector yet and bring the vector index up to date.

        Args:
            progress: called with (done, total) after each embedded batch.
            rebuild: rebuild the vector index from scratch (``rag reindex``); vectors no
                passage uses any more (edited or removed files) are dropped first.

        Returns:
            How many passages were embedded.
        """
        if rebuild:
            self._store.prune_embeddings()
        done = self.indexer.embed_missing(progress, batch=self.settings.embed_batch_size)
        self.indexer.refresh(rebuild=rebuild)
        return done

    def vector_count(self) -> int:
        """How many passages the vector index holds."""
        return len(self.indexer.current())

    def remove(self, doc_id: str) -> None:
        """Delete a document and its passages from the store and the indexes."""
        self._store.remove_document(doc_id)
        self.indexer.refresh()

    # ---------------------------------------------------------------- uploads
    def upload(self, files: Sequence[Upload], replace: bool = False) -> UploadOutcome:
        """Ingest uploaded files now and make them searchable.

        Args:
            files: (name, bytes) pairs.
            replace: passed to :meth:`ingest_upload` (the pipeline decides identity).

        Raises:
            UnsupportedFileType: no file has a supported type.
        """
        check_supported(files)
        return self._ingest_uploads(files, replace=replace)

    def _ingest_uploads(
        self,
        files: Sequence[Upload],
        progress: Callable[[list[FileResult]], None] | None = None,
        replace: bool = False,
    ) -> UploadOutcome:
        results: list[FileResult] = []
        for name, data in files:
            results.append(self.ingest_upload(data, name, replace=replace))
            if progress is not None:
                progress(results)
        # new passages become searchable without a restart; an upload that stored nothing
        # does not wait for vectors other uploads are computing
        stored = any(r.status in ("added", "updated") for r in results)
        embedded = self.index() if stored else 0
        return UploadOutcome(tuple(results), embedded)

    @property
    def job_policy(self) -> JobPolicy:
        """When an upload runs in the background (``RAG_JOB_*`` settings)."""
        s = self.settings
        return JobPolicy(files=s.job_files, size=int(s.job_mb * MB), pages=s.job_pages)

    def runs_as_job(self, files: Sequence[Upload]) -> bool:
        """True when an upload should run in the background (many, large or long files)."""
        return self.job_policy.runs_as_job(files)

    def create_upload_job(self, files: Sequence[Upload], replace: bool = False) -> JobView:
        """Record a queued background job for these files (run it with :meth:`run_upload_job`).

        Raises:
            UnsupportedFileType: no file has a supported type.
        """
        check_supported(files)
        return JobView.of(self.jobs.create(len(files)))

    def run_upload_job(self, job_id: str, files: Sequence[Upload], replace: bool = False) -> None:
        """Ingest a job's files, recording progress; never raises (the job says why).

        The job is ``running`` while files are stored, ``embedding`` once every file is
        stored, then ``done`` (or ``failed`` when no file could be ingested). A job whose
        server died while embedding reads ``stored``, not ``failed``: nothing was lost.
        """
        results: list[FileResult] = []

        def progress(done: list[FileResult]) -> None:
            results[:] = done
            status: JobStatus = "embedding" if len(done) == len(files) else "running"
            self.jobs.update(job_id, status, [_plain_result(r) for r in done])

        self.jobs.update(job_id, "running")
        try:
            outcome = self._ingest_uploads(files, progress, replace=replace)
        except Exception as exc:  # the job reports it; the server keeps running
            log.exception("upload job %s failed", job_id)
            stored = len(results) == len(files)
            self.jobs.update(
                job_id,
                "stored" if stored else "failed",
                [_plain_result(r) for r in results],
                error=f"{'embedding' if stored else 'ingest'} failed: {exc}",
            )
            return
        plain_results = [_plain_result(r) for r in outcome.results]
        if all(r.status == "failed" for r in outcome.results):
            self.jobs.update(job_id, "failed", plain_results, error="no file could be ingested")
        else:
            self.jobs.update(job_id, "done", plain_results)

    def job(self, job_id: str) -> JobView:
        """A background upload job.

        Raises:
            DocumentNotFound: no job has this id.
        """
        return JobView.of(self.jobs.get(job_id))

    # ---------------------------------------------------------------- reading
    def resolve(self, filters: Filters | None) -> Filters | None:
        """Province and locality filters spelled as the documents spell them.

        Raises:
            UnknownFilter: a name matches no stored locality and no known place.
        """
        if filters is None or not (filters.province or filters.locality):
            return filters
        return resolve_places(filters, self._store.distinct_localities())

    def documents(
        self, filters: Filters | None = None, limit: int | None = None, offset: int = 0
    ) -> list[DocumentSummary]:
        """Documents matching the filters, ordered by source name."""
        docs = self._store.list_documents(self.resolve(filters), limit=limit, offset=offset)
        return [DocumentSummary.of(d) for d in docs]

    def count_documents(self, filters: Filters | None = None) -> int:
        """How many documents match the filters."""
        return self._store.count_documents(self.resolve(filters))

    def document(self, doc_id: str) -> DocRecord:
        """One document with its metadata and ingest notes (without its text).

        Raises:
            DocumentNotFound: no document has this id.
        """
        return self._store.get_document(doc_id, with_text=False)

    def passages(self, doc_id: str) -> list[PassageSummary]:
        """A document's passages in reading order (boilerplate flagged ``indexed: false``).

        Raises:
            DocumentNotFound: no document has this id.
        """
        self._store.get_document(doc_id, with_text=False)
        return [project(PassageSummary, p) for p in self._store.passages(doc_id)]

    def passage_context(
        self,
        passage_id: str,
        start: int | None = None,
        end: int | None = None,
        query: str | None = None,
    ) -> PassageContext:
        """A passage with its neighbours, the cited span and query matches in it.

        Raises:
            DocumentNotFound: no passage has this id.
        """
        return passage_context(self._store, passage_id, start, end, query)

    def search(
        self,
        query: str,
        k: int = 10,
        filters: Filters | None = None,
        offset: int = 0,
        highlights: bool = True,
    ) -> list[SearchResult]:
        """Hybrid search for what a user typed (with match offsets unless told not to).

        Raises:
            ValueError: an empty query or a bad ``k``/``offset``.
        """
        return self.reader.retrieve(
            prepare_query(query), k, self.resolve(filters), offset, highlights
        )

    # ---------------------------------------------------------------- answers
    def ask(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Answer:
        """Answer a question with cited quotes (``kind`` overrides the routing)."""
        return self.answerer.answer(question, kind, self.resolve(filters))

    def ask_stream(
        self, question: str, kind: Kind | None = None, filters: Filters | None = None
    ) -> Iterator[tuple[str, Answer]]:
        """(event, answer) pairs: the extractive ``evidence`` at once, then the ``answer``.

        With the extractive answerer alone, the one answer is both.
        """
        answerer = self.answerer
        filters = self.resolve(filters)
        if not isinstance(answerer, LangChainAnswerer):
            answer = answerer.answer(question, kind, filters)
            yield "evidence", answer
            yield "answer", answer
            return
        stages = answerer.stream(question, kind, filters)
        evidence = next(stages)
        yield "evidence", evidence
        yield "answer", next(stages, evidence)

    def similar(self, text: str, filters: Filters | None = None) -> Answer:
        """Precedent wording: how other documents phrased something like ``text``."""
        return self.answerer.answer(text, "precedent", self.resolve(filters))

    @property
    def generator(self) -> str:
        """The answerer's name (``extractive`` or ``langchain:<model>``)."""
        return self.answerer.name


def _plain_result(result: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = plain(result)
    return out
