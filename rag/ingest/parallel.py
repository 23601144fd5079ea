"""Parsing files in a pool of worker processes; the calling process stays the only writer.

Loading, normalising, metadata, chunking and place resolution need no store, so they
run in worker processes, each with its own token counter. Results come back in the
order of the files, so the writer stores them exactly as a serial ingest would: one
transaction per document, the same ids, the same passages.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from index.embed import get_embedder

from .batch import Job
from .load.limits import DEFAULT_LIMITS, LoadLimits
from .pipeline import FileResult, Parsed, parse_bytes

log = logging.getLogger(__name__)

#: how often a worker checks that the ingesting process is still alive (seconds)
PARENT_POLL_S = 0.5
#: files kept in flight per worker: enough that a long file does not idle the others
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class ParserSpec:
    """What a worker needs to parse files like the engine would (picklable).

    Attributes:
        embedder: the embedder's registry name (its tokenizer sets the passage budget).
        options: the embedder's options, as sorted (name, value) pairs.
        max_tokens: passage budget in embedder tokens.
        limits: bounds on the work each file may cause.
    """

    embedder: str
    options: tuple[tuple[str, Any], ...] = ()
    max_tokens: int = 256
    limits: LoadLimits = DEFAULT_LIMITS

    def __post_init__(self) -> None:
        if self.max_tokens < 1:
            raise ValueError(f"ParserSpec.max_tokens must be positive, not {self.max_tokens}")


_counter: Callable[[str], int] | None = None


def _start_worker(spec: ParserSpec, parent: int) -> None:
    """Set a worker up. ``parent`` is the ingesting process's id as it gave it: read
    here, ``os.getppid()`` would already be 1 (init) for a worker that starts after its
    parent was killed, and the worker would then wait for a change that never comes."""
    global _counter
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _counter = get_embedder(spec.embedder, **dict(spec.options)).passage_counter()


def _exit_with(parent: int) -> None:
    """End this worker soon after the ingesting process dies (``kill -9``): a worker
    blocked on its task queue would otherwise wait for work forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _parse(spec: ParserSpec, job: Job) -> Parsed:
    if _counter is None:  # pragma: no cover - the initializer always runs first
        _start_worker(spec, os.getppid())
    assert _counter is not None
    return parse_bytes(*job, _counter, spec.max_tokens, spec.limits)


class PoolParser:
    """A :data:`~.batch.ParseMany` that parses in ``workers`` processes.

    Args:
        spec: how to parse.
        workers: worker processes (at least 2; with 1, parse in process instead).
    """

    def __init__(self, spec: ParserSpec, workers: int) -> None:
        if workers < 2:
            raise ValueError(f"a pool needs at least 2 workers, not {workers}")
        self.spec = spec
        self.workers = workers

    def _pool(self) -> ProcessPoolExecutor:
        # spawn: a fresh interpreter per worker; forking a process that runs threads
        # (progress bars, the server) can deadlock
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.spec, os.getpid()),
        )

    def __call__(self, items: Iterable[Job | FileResult]) -> Iterator[Parsed | FileResult]:
        pool = self._pool()
        window: deque[_Entry] = deque()
        try:
            for item in items:
                future = (
                    None if isinstance(item, FileResult) else pool.submit(_parse, self.spec, item)
                )
                window.append(_Entry(item, future))
                while len(window) >= self.workers * IN_FLIGHT_PER_WORKER:
                    done, pool = self._next(pool, window)
                    yield done
            while window:
                done, pool = self._next(pool, window)
                yield done
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _next(
        self, pool: ProcessPoolExecutor, window: deque[_Entry]
    ) -> tuple[Parsed | FileResult, ProcessPoolExecutor]:
        """The first item's result, and the pool to go on with.

        When a worker dies (a crash inside a parser library), the pool is replaced and
        the files it held are parsed again one at a time, so that the file that kills a
        worker on its own is reported failed and the others are stored.
        """
        entry = window.popleft()
        if isinstance(entry.item, FileResult):
            return entry.item, pool
        job = entry.item
        future = entry.future or pool.submit(_parse, self.spec, job)
        try:
            return future.result(), pool
        except BrokenProcessPool:
            pool.shutdown(wait=True, cancel_futures=True)
            pool = self._pool()
            for later in window:
                later.future = None
            if entry.future is None:  # it was parsed alone: it is the culprit
                log.warning("a worker process died while parsing %s", job[1])
                reason = "the process reading it died (a crash in a parser library)"
                return FileResult(job[1], "failed", reason=reason), pool
            window.appendleft(_Entry(job, None))
            return self._next(pool, window)


@dataclass
class _Entry:
    """A file in flight: its job (or its result already known) and its parse."""

    item: Job | FileResult
    future: Future[Parsed] | None = None
