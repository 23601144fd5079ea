"""Job records shared through the store's database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from index.errors import DocumentNotFound
from index.jobs import EMBEDDING_INTERRUPTED, INTERRUPTED, JobLog
from index.store import Store


def test_progress_is_visible_from_another_connection(tmp_path: Path) -> None:
    Store(tmp_path / "s.sqlite3").close()
    writer, reader = JobLog(tmp_path / "s.sqlite3"), JobLog(tmp_path / "s.sqlite3")
    job = writer.create(total=2)
    assert reader.get(job.id).status == "queued"
    writer.update(job.id, "running", [{"source": "a.txt", "status": "added"}])
    seen = reader.get(job.id)
    assert (seen.status, seen.done, seen.results[0]["source"]) == ("running", 1, "a.txt")
    writer.update(job.id, "failed", None, "disk full")
    assert reader.get(job.id).error == "disk full" and reader.get(job.id).done == 1
    with pytest.raises(DocumentNotFound, match="No job with id 'nope'"):
        reader.get("nope")


def test_a_job_whose_process_died_is_reported_failed(tmp_path: Path) -> None:
    jobs = JobLog(tmp_path / "s.sqlite3")
    job = jobs.create(total=3)
    jobs.update(job.id, "running", [{"source": "a.txt", "status": "added"}])
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    jobs._write("UPDATE jobs SET owner = ? WHERE id = ?", (int(gone.stdout), job.id))
    seen = jobs.get(job.id)
    assert seen.status == "failed" and seen.error == INTERRUPTED
    assert [r["source"] for r in seen.results] == ["a.txt"]
    # a live owner's job is left alone
    other = jobs.create(total=1)
    assert jobs.get(other.id).status == "queued"


def _dead_pid() -> int:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(gone.stdout)


def test_a_job_killed_while_embedding_says_its_files_were_stored(tmp_path: Path) -> None:
    jobs = JobLog(tmp_path / "s.sqlite3")
    job = jobs.create(total=1)
    jobs.update(job.id, "embedding", [{"source": "a.txt", "status": "added"}])
    jobs._write("UPDATE jobs SET owner = ? WHERE id = ?", (_dead_pid(), job.id))
    seen = jobs.get(job.id)
    assert seen.status == "stored" and seen.error == EMBEDDING_INTERRUPTED
    assert seen.done == seen.total == 1


def test_finished_jobs_are_forgotten_after_a_week(tmp_path: Path) -> None:
    jobs = JobLog(tmp_path / "s.sqlite3")
    old, running = jobs.create(total=1), jobs.create(total=1)
    jobs.update(old.id, "done", [])
    jobs.update(running.id, "running", [])
    jobs._write("UPDATE jobs SET updated_at = '2020-01-01T00:00:00+00:00'", ())
    jobs.create(total=1)
    with pytest.raises(DocumentNotFound):
        jobs.get(old.id)
    assert jobs.get(running.id).status == "running"  # unfinished jobs are kept
