"""Background job records kept in the store's database, so every server worker sees them.

A job is ``queued``, ``running`` (files being stored), ``embedding`` (every file stored,
vectors being computed), then ``done`` or ``failed``. It belongs to the process that runs
it. When that process dies mid-job (a restart, a crash), the job would stay unfinished for
ever; :meth:`JobLog.get` reports it instead as ``failed`` when files were still being
stored (with the files finished so far, so the user knows what to upload again), or as
``stored`` when every file was already stored and only the embedding was cut short:
nothing is lost, the passages are found by words at once and get their vectors with the
next upload, ``rag reindex`` or ``rag serve`` start.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from .errors import DocumentNotFound, StoreError

JobStatus = Literal["queued", "running", "embedding", "stored", "done", "failed"]
#: the states of a job still at work (its owner must be alive)
UNFINISHED = ("queued", "running", "embedding")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    total INTEGER NOT NULL,
    done INTEGER NOT NULL,
    results TEXT NOT NULL,
    error TEXT,
    owner INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""
#: finished jobs are forgotten after this long
KEEP_DAYS = 7
INTERRUPTED = (
    "The server stopped while this job ran; the files listed were stored, upload the rest again."
)
EMBEDDING_INTERRUPTED = (
    "The server stopped while embedding: every file was stored and is found by words now; "
    "vectors are added by the next upload, `rag reindex` or the next `rag serve` start."
)


@dataclass(frozen=True)
class JobRecord:
    """One background job: progress and per-file results (JSON objects)."""

    id: str
    status: JobStatus
    total: int
    done: int = 0
    results: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    owner: int = 0
    created_at: str = ""
    updated_at: str = ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class JobLog:
    """Jobs table beside the store (its own connection; SQLite WAL serialises writes).

    Args:
        path: the store's SQLite file.
    """

    def __init__(self, path: str | Path) -> None:
        try:
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout=10000")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the job table in {path}: {exc}") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, args: Sequence[Any]) -> None:
        with self._lock:
            self._db.execute(sql, args)

    def create(self, total: int) -> JobRecord:
        """A new queued job owned by this process (finished jobs older than a week go)."""
        moment = datetime.now(UTC)
        now = moment.isoformat(timespec="seconds")
        cutoff = (moment - timedelta(days=KEEP_DAYS)).isoformat(timespec="seconds")
        self._write(
            "DELETE FROM jobs WHERE status IN ('done', 'failed', 'stored') AND updated_at < ?",
            (cutoff,),
        )
        job = JobRecord(
            uuid.uuid4().hex, "queued", total, owner=os.getpid(), created_at=now, updated_at=now
        )
        self._write(
            "INSERT INTO jobs VALUES (?,?,?,?,?,?,?,?,?)",
            (job.id, job.status, total, 0, "[]", None, job.owner, now, now),
        )
        return job

    def update(
        self,
        job_id: str,
        status: JobStatus,
        results: Sequence[dict[str, Any]] | None = None,
        error: str | None = None,
    ) -> None:
        """Record progress: the status, the per-file results so far, an error."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if results is None:
            self._write(
                "UPDATE jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                (status, error, now, job_id),
            )
            return
        self._write(
            "UPDATE jobs SET status = ?, done = ?, results = ?, error = ?, updated_at = ? "
            "WHERE id = ?",
            (
                status,
                len(results),
                json.dumps(list(results), ensure_ascii=False),
                error,
                now,
                job_id,
            ),
        )

    def get(self, job_id: str) -> JobRecord:
        """One job; an unfinished job whose process is gone is reported as it ended.

        Raises:
            DocumentNotFound: no job has this id.
        """
        with self._lock:
            row = self._db.execute(
                "SELECT id, status, total, done, results, error, owner, created_at, updated_at "
                "FROM jobs WHERE id = ?",
                (job_id,),
            ).fetchone()
        if row is None:
            raise DocumentNotFound(job_id, what="job")
        job = JobRecord(
            id=row[0],
            status=row[1],
            total=row[2],
            done=row[3],
            results=tuple(json.loads(row[4])),
            error=row[5],
            owner=row[6],
            created_at=row[7],
            updated_at=row[8],
        )
        if job.status in UNFINISHED and not _alive(job.owner):
            if job.status == "embedding":
                self.update(job.id, "stored", list(job.results), EMBEDDING_INTERRUPTED)
            else:
                self.update(job.id, "failed", list(job.results), INTERRUPTED)
            return self.get(job.id)
        return job
