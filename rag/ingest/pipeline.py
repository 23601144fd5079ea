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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
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
from .copies import find_copy, fingerprints
from .load import load_bytes
from .load.limits import DEFAULT_LIMITS, LoadLimits, check_passages
from .metadata import extract_metadata
from .types import Block, Chunk, RawDocument, StageTimes

log = logging.getLogger(__name__)

#: bump when loading, normalising, metadata or chunking rules change: files re-ingest
PIPELINE_VERSION = "6"
#: a passage with fewer words than this ("2.", "- .....;") is stored but not indexed: it
#: says nothing to search for, and its near-empty vector sits close to every query
MIN_WORDS = 3


#: ``duplicate``: a copy of a stored document (another format or name), not stored again
FileStatus = Literal["added", "updated", "unchanged", "duplicate", "failed"]


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
    fingerprints: tuple[str, ...] = ()


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
    joined = "\n\n".join(texts)  # the document's text, as chunk_document stores it
    meta, located = extract_metadata(texts, joined)
    keys = fingerprints(joined, meta)
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
    return Prepared(doc, passages, meta, chunks, times, keys)


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


def write_parsed(
    store: Store, parsed: Parsed, max_tokens: int, replace_copy: bool = False
) -> tuple[FileResult, StageTimes]:
    """Store one parsed file in one transaction (the single writer's part).

    The store is asked again whether the file is unchanged: the same file named twice
    in a batch, parsed twice side by side, is written once, as when parsed in turn. A
    copy of a stored document (:mod:`.copies`) is not stored, unless ``replace_copy``:
    then it replaces that document in the same transaction.
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
        existed = store.find_by_path(doc.path) is not None
        copy = find_copy(store, doc.id, doc.text, prepared.fingerprints)
        if copy is not None and not replace_copy:
            log.info("%s is a copy of %s: %s", parsed.name, copy.source, copy.why)
            reason = (
                f"not stored again: {copy.why}. Remove that document first, or upload "
                "this file with replace=true to replace it."
            )
            result = FileResult(parsed.name, "duplicate", copy.doc_id, reason=reason)
            return result, parsed.times + StageTimes(store=time.perf_counter() - t0)
        replaces = copy.doc_id if copy is not None else None
        store.upsert_document(doc, prepared.passages, prepared.fingerprints, replaces)
    except Exception as exc:  # a write that fails rolls back; the batch goes on
        log.exception("cannot store %s", parsed.name)
        return FileResult(parsed.name, "failed", reason=f"cannot store: {exc!r}"), parsed.times
    times = parsed.times + StageTimes(store=time.perf_counter() - t0)
    status: FileStatus = "updated" if existed or copy is not None else "added"
    notes = parsed.notes
    if copy is not None:
        notes = (*notes, f"replaced {copy.source!r} ({copy.doc_id}): {copy.why}")
    result = FileResult(parsed.name, status, doc.id, len(prepared.passages), notes=notes)
    return result, times


def ingest_bytes(
    store: Store,
    data: bytes,
    name: str,
    path_key: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    limits: LoadLimits = DEFAULT_LIMITS,
    replace_copy: bool = False,
) -> FileResult:
    """Ingest one file's bytes in one transaction; never raises for bad input.

    ``limits`` bound the work: pages, unpacked size and text are checked while loading,
    the passage count before anything is stored. A copy of a stored document is
    refused (status ``duplicate``), or replaces it with ``replace_copy``.
    """
    same = unchanged(store, path_key, hashlib.sha256(data).hexdigest(), max_tokens)
    if same is not None:
        return replace(same, source=name)
    parsed = parse_bytes(data, name, path_key, count_tokens, max_tokens, limits)
    return write_parsed(store, parsed, max_tokens, replace_copy)[0]
