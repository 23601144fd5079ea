"""Uploads: files sent to the service, ingested at once or as a background job.

Background jobs are kept in the store's database (:mod:`index.jobs`), so every server
worker can report them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from index.jobs import JobRecord

from ..errors import RagError, UnsupportedFileType
from .load import sniff
from .pipeline import FileResult

#: uploads with more files or bytes than this run as a background job
JOB_FILES = 3
JOB_BYTES = 5 * 2**20

Upload = tuple[str, bytes]


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload did: a result per file, and how many passages were embedded."""

    results: tuple[FileResult, ...]
    embedded: int


@dataclass(frozen=True)
class JobView:
    """A background upload job as clients see it (``GET /jobs/{id}``)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    total: int
    done: int
    results: tuple[FileResult, ...]
    error: str | None

    @classmethod
    def of(cls, job: JobRecord) -> JobView:
        """The view of a stored job record."""
        return cls(
            id=job.id,
            status=job.status,
            total=job.total,
            done=job.done,
            results=tuple(FileResult(**{**r, "notes": tuple(r["notes"])}) for r in job.results),
            error=job.error,
        )


def runs_as_job(files: Sequence[Upload]) -> bool:
    """True when an upload is large enough to run in the background."""
    return len(files) > JOB_FILES or sum(len(data) for _, data in files) > JOB_BYTES


def check_supported(files: Sequence[Upload]) -> None:
    """Refuse an upload none of whose files has a supported type.

    Damaged files of a supported type are not refused here: the ingest reports them
    per file.

    Raises:
        UnsupportedFileType: every file has an unsupported type (the reasons joined).
    """
    reasons = []
    for name, data in files:
        try:
            sniff(data, name)
        except UnsupportedFileType as exc:
            reasons.append(exc.reason)
        except RagError:
            continue
    if reasons and len(reasons) == len(files):
        raise UnsupportedFileType(files[0][0], "; ".join(reasons))
