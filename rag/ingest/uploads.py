"""Uploads: files sent to the service, ingested at once or as a background job.

Background jobs are kept in the store's database (:mod:`index.jobs`), so every server
worker can report them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from index.jobs import JobRecord, JobStatus

from ..errors import RagError, UnsupportedFileType
from .load import sniff
from .pipeline import FileResult

Upload = tuple[str, bytes]


def upload_name(name: str | None) -> str:
    """The name an uploaded file is known by: NFC, without folders, never empty.

    ``báo cáo.txt`` typed on a Mac arrives decomposed (NFD); it must be the same name as
    the one typed elsewhere.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name or "upload"


def pdf_pages(data: bytes) -> int:
    """A PDF's page count as its page tree declares it (0 when it is not a readable PDF)."""
    if b"%PDF" not in data[:1024]:
        return 0
    from pypdf import PdfReader

    try:
        return len(PdfReader(BytesIO(data), strict=False).pages)
    except Exception:  # a damaged PDF: the loader reports it; here it is just not long
        return 0


@dataclass(frozen=True)
class JobPolicy:
    """When an upload runs in the background rather than within the request.

    Attributes:
        files: more files than this.
        size: more bytes than this, all files together.
        pages: a PDF of more pages than this (OCR may take seconds a page).
    """

    files: int = 3
    size: int = 5 * 2**20
    pages: int = 20

    def runs_as_job(self, files: Sequence[Upload]) -> bool:
        """True when an upload is large enough to run in the background."""
        return (
            len(files) > self.files
            or sum(len(data) for _, data in files) > self.size
            or any(pdf_pages(data) > self.pages for _, data in files)
        )


@dataclass(frozen=True)
class UploadOutcome:
    """What an upload did: a result per file, and how many passages were embedded."""

    results: tuple[FileResult, ...]
    embedded: int


@dataclass(frozen=True)
class JobView:
    """A background upload job as clients see it (``GET /jobs/{id}``)."""

    id: str
    status: JobStatus
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
