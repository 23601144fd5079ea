"""Batches of files: folders expanded, files parsed (here or in a pool), one writer.

Each file is read and checked against the store (unchanged files are not parsed), then
parsed, then written in its own transaction, in the order of the files.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from index.store import Store

from .load import SUFFIXES
from .load.limits import DEFAULT_LIMITS, LoadLimits
from .pipeline import FileResult, IngestReport, Parsed, parse_bytes, unchanged, write_parsed
from .types import StageTimes


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus supported files found recursively in folders."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                sorted(
                    f
                    for f in path.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
                )
            )
        else:
            out.append(path)
    return out


#: a file to parse: its bytes, its name and the key its document id derives from
Job = tuple[bytes, str, str]
#: parses jobs in order; a :class:`FileResult` already known passes through unchanged
ParseMany = Callable[[Iterable["Job | FileResult"]], Iterator["Parsed | FileResult"]]


def parse_in_process(
    count_tokens: Callable[[str], int], max_tokens: int, limits: LoadLimits = DEFAULT_LIMITS
) -> ParseMany:
    """A :data:`ParseMany` that parses each job here, one after the other."""

    def parse_many(items: Iterable[Job | FileResult]) -> Iterator[Parsed | FileResult]:
        for item in items:
            if isinstance(item, FileResult):
                yield item
            else:
                yield parse_bytes(*item, count_tokens, max_tokens, limits)

    return parse_many


def _jobs(store: Store, files: Sequence[Path], max_tokens: int) -> Iterator[Job | FileResult]:
    """Each file as a job to parse, or its result when it cannot be read or is unchanged."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield FileResult(path.name, "failed", reason=f"cannot read: {exc.strerror or exc}")
            continue
        key = str(path.resolve())
        same = unchanged(store, key, hashlib.sha256(data).hexdigest(), max_tokens)
        yield replace(same, source=path.name) if same is not None else (data, path.name, key)


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    progress: Callable[[FileResult], None] | None = None,
    limits: LoadLimits = DEFAULT_LIMITS,
    parse_many: ParseMany | None = None,
) -> IngestReport:
    """Ingest files and folders; each file in its own transaction, in the files' order.

    Args:
        store: the document store (this process is its only writer).
        paths: files or folders (searched recursively for supported types).
        count_tokens: the embedder's token counter (passage budget).
        max_tokens: passage budget in embedder tokens.
        progress: called after each file.
        limits: bounds on the work each file may cause.
        parse_many: how files are parsed (a process pool, see :mod:`.parallel`); here,
            one after the other, by default.
    """
    parse_many = parse_many or parse_in_process(count_tokens, max_tokens, limits)
    report = IngestReport()
    for item in parse_many(_jobs(store, expand_paths(paths), max_tokens)):
        if isinstance(item, FileResult):
            result, times = item, StageTimes()
        else:
            result, times = write_parsed(store, item, max_tokens)
        report.results.append(result)
        report.times = report.times + times
        if progress is not None:
            progress(result)
    return report
