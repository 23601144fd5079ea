"""Ingestion: load → normalise → metadata → chunk → store (one transaction per file).

One bad file never stops a batch: its reason is recorded and the others go on. A file
whose bytes (and our pipeline version) are unchanged is skipped, so ingest is
idempotent; a crash leaves every finished file committed and the rest untouched.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Literal

from index.store import Store
from index.types import DocMeta, DocRecord, IngestInfo, PassageRecord

from ..errors import LoadError, RagError
from ..text.codes import code_key, find_codes
from ..text.gazetteer import get_gazetteer
from ..text.normalize import (
    clean_markup,
    fold_words,
    normalize,
    rejoin_paragraphs,
    syllables,
    with_bigrams,
)
from .chunk import chunk_document, embed_text
from .load import SUFFIXES, load_bytes
from .load.limits import DEFAULT_LIMITS, LoadLimits, check_passages
from .metadata import extract_metadata
from .types import Block, Chunk, RawDocument, StageTimes

log = logging.getLogger(__name__)

#: bump when loading, normalising, metadata or chunking rules change: files re-ingest
PIPELINE_VERSION = "2"
#: a passage with fewer words than this ("2.", "- .....;") is stored but not indexed: it
#: says nothing to search for, and its near-empty vector sits close to every query
MIN_WORDS = 3


FileStatus = Literal["added", "updated", "unchanged", "failed"]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file (a line of ``rag ingest --json`` and of upload replies)."""

    source: str
    status: FileStatus
    doc_id: str | None = None
    passages: int = 0
    reason: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """Per-file results of one ingest run."""

    results: list[FileResult] = field(default_factory=list)
    #: seconds spent in each stage, all files together
    times: StageTimes = field(default_factory=StageTimes)

    def count(self, status: str) -> int:
        """How many files ended with ``status``."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        """The files that could not be ingested."""
        return [r for r in self.results if r.status == "failed"]


@dataclass(frozen=True)
class Prepared:
    """A document ready for the store."""

    doc: DocRecord
    passages: list[PassageRecord]
    meta: DocMeta
    chunks: list[Chunk]
    times: StageTimes = field(default_factory=StageTimes)


def says_something(text: str) -> bool:
    """True when a text holds at least :data:`MIN_WORDS` words of two letters or more."""
    return next(islice(_WORD.finditer(text), MIN_WORDS - 1, None), None) is not None


_WORD = re.compile(r"[^\W\d_]{2,}")


def doc_id_for(path_key: str) -> str:
    """Stable document id: sha256 of where it came from."""
    return hashlib.sha256(path_key.encode("utf-8")).hexdigest()[:16]


def normalize_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Normalise every block and rejoin paragraphs split mid-sentence by page breaks."""
    out: list[Block] = []
    for block in blocks:
        text = normalize(clean_markup(block.text))
        if not text:
            continue
        if (
            out
            and block.kind == "paragraph"
            and out[-1].kind == "paragraph"
            and rejoin_paragraphs([out[-1].text, text]) != [out[-1].text, text]
        ):
            out[-1] = replace(out[-1], text=out[-1].text.rstrip() + " " + text.lstrip())
            continue
        out.append(replace(block, text=text))
    return out


def _title_index(blocks: Sequence[Block], doc_type: str | None) -> int | None:
    if not doc_type:
        return None
    for i, block in enumerate(blocks[:16]):
        plain = block.text.strip(" *:#.")
        if plain.lower() == doc_type and plain == plain.upper():
            return i
    return None


def prepare(
    raw: RawDocument,
    path_key: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
) -> Prepared:
    """Turn a loaded file into a store record with passages (no I/O).

    Args:
        raw: the loaded document.
        path_key: where the file came from (its id derives from it).
        count_tokens: the embedder's token counter.
        max_tokens: passage budget in embedder tokens.
    """
    t0 = time.perf_counter()
    blocks = normalize_blocks(raw.blocks)
    if not blocks:
        raise LoadError(raw.source, "no text left after normalisation")
    t1 = time.perf_counter()
    texts = [b.text for b in blocks]
    meta, located = extract_metadata(texts, "\n\n".join(texts))
    t2 = time.perf_counter()
    full, chunks = chunk_document(
        blocks, count_tokens, max_tokens, _title_index(blocks, meta.doc_type)
    )
    t3 = time.perf_counter()
    gaz = get_gazetteer()
    province = located.unit.province if located else None
    district = located.unit.name if located and located.level != "tỉnh" else None
    doc_id = doc_id_for(path_key)
    passages: list[PassageRecord] = []
    for ch in chunks:
        places = tuple(p.label for p in gaz.mentions(ch.text, province, district))
        digest = hashlib.sha256(
            f"{doc_id}\x00{ch.ordinal}\x00{ch.heading}\x00{ch.text}".encode()
        ).hexdigest()[:32]
        sylls = syllables(ch.heading + "\n" + ch.text)
        embedded = embed_text(ch.heading, ch.text)
        passages.append(
            PassageRecord(
                id=digest,
                doc_id=doc_id,
                ordinal=ch.ordinal,
                heading=ch.heading,
                text=ch.text,
                start=ch.start,
                end=ch.end,
                page=ch.page,
                places=places,
                indexed=not ch.boilerplate and says_something(embedded),
                embed_text=embedded,
                lex_norm=" ".join(with_bigrams(sylls)),
                lex_folded=" ".join(with_bigrams(fold_words(sylls))),
                codes=" ".join(code_key(c) for c in find_codes(ch.text)),
                extra={"tokens": ch.tokens, **ch.extra},
            )
        )
    info = IngestInfo(
        media_type=raw.media_type,
        notes=raw.notes,
        pipeline=PIPELINE_VERSION,
        max_tokens=max_tokens,
        district_unit=district,
        province_unit=province,
    )
    doc = DocRecord(
        id=doc_id,
        source=raw.source,
        path=path_key,
        sha256=raw.sha256,
        text=full,
        meta=meta,
        info=info,
    )
    times = StageTimes(
        normalise=t1 - t0, metadata=t2 - t1, chunk=t3 - t2, places=time.perf_counter() - t3
    )
    return Prepared(doc, passages, meta, chunks, times)


@dataclass(frozen=True)
class Parsed:
    """One file parsed (no store involved): a prepared document, or why there is none.

    It is what a worker process sends back to the single store writer.
    """

    name: str
    prepared: Prepared | None
    reason: str | None = None
    notes: tuple[str, ...] = ()
    times: StageTimes = field(default_factory=StageTimes)


def parse_bytes(
    data: bytes,
    name: str,
    path_key: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    limits: LoadLimits = DEFAULT_LIMITS,
) -> Parsed:
    """Load and prepare one file's bytes; never raises for bad input.

    ``limits`` bound the work: pages, unpacked size and text are checked while loading,
    the passage count before the result is handed on.
    """
    t0 = time.perf_counter()
    loaded: StageTimes | None = None
    try:
        raw = load_bytes(data, name, limits)
        loaded = StageTimes(load=time.perf_counter() - t0)
        prepared = prepare(raw, path_key, count_tokens, max_tokens)
        check_passages(len(prepared.passages), name, limits)
    except Exception as exc:
        spent = loaded or StageTimes(load=time.perf_counter() - t0)
        return Parsed(name, None, _reason(name, exc), times=spent)
    return Parsed(name, prepared, notes=raw.notes, times=loaded + prepared.times)


def _reason(name: str, exc: Exception) -> str:
    """Why a file was skipped, logged (with the trace when it is a bug, not bad input)."""
    if isinstance(exc, LoadError):
        log.warning("skipped %s: %s", name, exc.reason)
        return exc.reason
    if isinstance(exc, RagError):
        log.warning("skipped %s: %s", name, exc)
        return str(exc)
    # a bug must not stop the batch; keep the trace in the log
    log.exception("unexpected error while ingesting %s", name)
    return f"internal error: {exc!r}"


def unchanged(store: Store, path_key: str, sha: str, max_tokens: int) -> FileResult | None:
    """The result for a file whose bytes and pipeline are unchanged since its ingest."""
    existing = store.find_by_path(path_key)
    if (
        existing is not None
        and existing.sha256 == sha
        and existing.info.pipeline == PIPELINE_VERSION
        and existing.info.max_tokens == max_tokens
    ):
        return FileResult(existing.source, "unchanged", existing.id, existing.passage_count)
    return None


def write_parsed(store: Store, parsed: Parsed, max_tokens: int) -> tuple[FileResult, StageTimes]:
    """Store one parsed file in one transaction (the single writer's part).

    The store is asked again whether the file is unchanged: the same file named twice
    in a batch, parsed twice side by side, is written once, as when parsed in turn.
    """
    prepared = parsed.prepared
    if prepared is None:
        return FileResult(parsed.name, "failed", reason=parsed.reason), parsed.times
    t0 = time.perf_counter()
    doc = prepared.doc
    same = unchanged(store, doc.path, doc.sha256, max_tokens)
    if same is not None:
        return replace(same, source=parsed.name), parsed.times
    try:
        existed = store.find_by_path(prepared.doc.path) is not None
        store.upsert_document(prepared.doc, prepared.passages)
    except Exception as exc:  # a write that fails rolls back; the batch goes on
        log.exception("cannot store %s", parsed.name)
        return FileResult(parsed.name, "failed", reason=f"cannot store: {exc!r}"), parsed.times
    times = parsed.times + StageTimes(store=time.perf_counter() - t0)
    status: FileStatus = "updated" if existed else "added"
    result = FileResult(
        parsed.name, status, prepared.doc.id, len(prepared.passages), notes=parsed.notes
    )
    return result, times


def ingest_bytes(
    store: Store,
    data: bytes,
    name: str,
    path_key: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    limits: LoadLimits = DEFAULT_LIMITS,
) -> FileResult:
    """Ingest one file's bytes in one transaction; never raises for bad input.

    ``limits`` bound the work: pages, unpacked size and text are checked while loading,
    the passage count before anything is stored.
    """
    same = unchanged(store, path_key, hashlib.sha256(data).hexdigest(), max_tokens)
    if same is not None:
        return replace(same, source=name)
    parsed = parse_bytes(data, name, path_key, count_tokens, max_tokens, limits)
    return write_parsed(store, parsed, max_tokens)[0]


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
