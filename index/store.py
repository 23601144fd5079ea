"""SQLite document store (WAL): the source of truth for documents, passages and vectors.

The lexical data lives in the same database and is written in the same transaction as
the passages, so the two can never disagree: each indexed passage's terms in
``passage_terms`` (what the BM25 index is built from) and its syllables and cited
document numbers in an FTS5 table (phrase and number queries; see ``index/schema.py``).
Passage vectors are kept in an ``embeddings`` table keyed by (model, sha256 of the
embedded text), which makes re-ingesting an edited file cheap and lets the FAISS index be
rebuilt at any time.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DocumentNotFound, StoreError
from .schema import SCHEMA_VERSION, create_or_upgrade, positional, stored_version
from .types import DocMeta, DocRecord, Filters, IngestInfo, PassageRecord, vid_of

_DOC_COLUMNS = (
    "d.id, d.source, d.path, d.sha256, d.doc_type, d.province, d.locality, d.date, d.meta, "
    "d.added_at, d.updated_at"
)
_PASSAGE_COLUMNS = (
    'p.id, p.doc_id, p.ordinal, p.heading, p.text, p.start, p."end", p.page, p.places, '
    "p.indexed, p.embed_text, p.extra"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def filter_sql(filters: Filters | None) -> tuple[str, list[Any]]:
    """SQL conditions on ``d`` (documents) for the given filters, with parameters."""
    if filters is None or filters.is_empty():
        return "", []
    conds: list[str] = []
    args: list[Any] = []
    if filters.province:
        conds.append("d.province = ? COLLATE NOCASE")
        args.append(filters.province)
    if filters.locality:
        conds.append("d.locality = ? COLLATE NOCASE")
        args.append(filters.locality)
    if filters.with_locality:
        conds.append("d.locality IS NOT NULL")
    if filters.doc_type:
        conds.append("d.doc_type = ? COLLATE NOCASE")
        args.append(filters.doc_type)
    if filters.since:
        conds.append("d.date IS NOT NULL AND substr(d.date, 1, length(?)) >= ?")
        args += [filters.since, filters.since]
    if filters.until:
        conds.append("d.date IS NOT NULL AND substr(d.date, 1, length(?)) <= ?")
        args += [filters.until, filters.until]
    if filters.doc_id:
        conds.append("d.id = ?")
        args.append(filters.doc_id)
    return " AND " + " AND ".join(conds), args


class Store:
    """The document store. Thread-safe: one connection guarded by a lock.

    Args:
        path: the SQLite file; its folder is created when missing.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            # a checkpoint (and its fsync) every 40 MB of log rather than every 4 MB:
            # ingest writes ~15 bytes per character of text (passages, lexical index)
            self._db.execute("PRAGMA wal_autocheckpoint=10000")
            version = stored_version(self._db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the document store at {self.path}: {exc}") from exc
        if version is not None and version > SCHEMA_VERSION:
            self._db.close()
            raise StoreError(
                f"The document store at {self.path} was written by a newer version "
                f"(schema {version}, this one reads up to {SCHEMA_VERSION}): upgrade vn-gov-rag."
            )
        try:
            with self.transaction() as db:
                create_or_upgrade(db)
                # merge the FTS5 segments 16 at a time rather than 4: one document per
                # transaction makes one segment each, and merging them was a fifth of
                # the writer's time
                db.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('automerge', 16)")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"Cannot open the document store at {self.path}: {exc}") from exc

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (before copying the database)."""
        self.read("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def read(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """Rows of one read-only query (the lexical module's FTS5 queries use it)."""
        with self._lock:
            cur = self._db.execute(sql, args)
            rows: list[sqlite3.Row] = cur.fetchall()
            return rows

    def read_in(self, sql: str, keys: Sequence[Any]) -> list[sqlite3.Row]:
        """Rows of ``sql`` whose ``{marks}`` placeholder lists the keys, 500 at a time
        (SQLite limits the number of parameters)."""
        rows: list[sqlite3.Row] = []
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            rows += self.read(sql.format(marks=",".join("?" * len(chunk))), chunk)
        return rows

    # ---------------------------------------------------------------- state
    @property
    def generation(self) -> int:
        """A counter bumped by every write that changes what the indexes hold."""
        return int(self.read("SELECT value FROM state WHERE key='generation'")[0][0])

    @staticmethod
    def _bump(db: sqlite3.Connection) -> None:
        db.execute("UPDATE state SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")

    # ---------------------------------------------------------------- documents
    def _doc(self, row: Sequence[Any], count: int = 0, text: str = "") -> DocRecord:
        stored = json.loads(row[8])  # one flat object: metadata and ingest facts
        return DocRecord(
            id=row[0],
            source=row[1],
            path=row[2],
            sha256=row[3],
            meta=DocMeta.from_dict(stored),
            info=IngestInfo.from_dict(stored),
            added_at=row[9],
            updated_at=row[10],
            passage_count=count,
            text=text,
        )

    def get_document(self, doc_id: str, with_text: bool = True) -> DocRecord:
        """Return one document.

        Raises:
            DocumentNotFound: no document has this id.
        """
        rows = self.read(
            f"SELECT {_DOC_COLUMNS}, d.text, (SELECT count(*) FROM passages p "
            "WHERE p.doc_id = d.id) FROM documents d WHERE d.id = ?",
            (doc_id,),
        )
        if not rows:
            raise DocumentNotFound(doc_id)
        row = rows[0]
        return self._doc(row, count=row[12], text=row[11] if with_text else "")

    def find_by_path(self, path: str) -> DocRecord | None:
        """The document ingested from ``path``, if any (without its text)."""
        rows = self.read("SELECT id FROM documents WHERE path = ?", (path,))
        return self.get_document(rows[0][0], with_text=False) if rows else None

    def list_documents(
        self, filters: Filters | None = None, limit: int | None = None, offset: int = 0
    ) -> list[DocRecord]:
        """Documents matching the filters, ordered by source name."""
        where, args = filter_sql(filters)
        sql = (
            f"SELECT {_DOC_COLUMNS}, (SELECT count(*) FROM passages p WHERE p.doc_id = d.id) "
            f"FROM documents d WHERE 1=1{where} ORDER BY d.source, d.id"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [self._doc(r, count=r[11]) for r in self.read(sql, args)]

    def count_documents(self, filters: Filters | None = None) -> int:
        """Number of documents matching the filters."""
        where, args = filter_sql(filters)
        return int(self.read(f"SELECT count(*) FROM documents d WHERE 1=1{where}", args)[0][0])

    def upsert_document(
        self,
        doc: DocRecord,
        passages: Sequence[PassageRecord],
        fingerprints: Sequence[str] = (),
        replaces: str | None = None,
    ) -> None:
        """Insert or replace a document and all its passages in one transaction.

        Args:
            doc: the document.
            passages: all its passages.
            fingerprints: keys its copies are found by (see ``rag.ingest.copies``).
            replaces: another document this one replaces (a copy of it in another
                format or under another name), deleted in the same transaction.
        """
        now = _now()
        with self.transaction() as db:
            old = db.execute("SELECT added_at FROM documents WHERE id = ?", (doc.id,)).fetchone()
            self._delete(db, doc.id)
            if replaces is not None and replaces != doc.id:
                self._delete(db, replaces)
            db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc.id,
                    doc.source,
                    doc.path,
                    doc.sha256,
                    doc.meta.doc_type,  # columns for filtering, copied from the metadata
                    doc.meta.province,
                    doc.meta.locality,
                    doc.meta.date,
                    json.dumps({**doc.meta.to_dict(), **asdict(doc.info)}, ensure_ascii=False),
                    doc.text,
                    old[0] if old else now,
                    now,
                ),
            )
            db.executemany(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        p.id,
                        p.vid,
                        p.doc_id,
                        p.ordinal,
                        p.heading,
                        p.text,
                        p.start,
                        p.end,
                        p.page,
                        json.dumps(list(p.places), ensure_ascii=False),
                        int(p.indexed),
                        text_sha(p.embed_text),
                        p.embed_text,
                        json.dumps(p.extra, ensure_ascii=False),
                    )
                    for p in passages
                ],
            )
            indexed = [p for p in passages if p.indexed]
            db.executemany(
                "INSERT INTO passage_terms VALUES (?,?,?)",
                [(p.vid, p.lex_norm, p.lex_folded) for p in indexed],
            )
            db.executemany(
                "INSERT INTO passages_fts(rowid, norm, codes) VALUES (?,?,?)",
                [(p.vid, positional(p.lex_norm), p.codes) for p in indexed],
            )
            db.executemany(
                "INSERT INTO fingerprints VALUES (?, ?)", [(doc.id, k) for k in fingerprints]
            )
            self._bump(db)

    def find_fingerprints(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        """(document id, key) of the stored documents having any of these keys."""
        rows = self.read_in("SELECT doc_id, key FROM fingerprints WHERE key IN ({marks})", keys)
        return [(r[0], r[1]) for r in rows]

    def unfingerprinted(self) -> list[str]:
        """Ids of documents with no fingerprints (stored by an earlier version)."""
        rows = self.read(
            "SELECT id FROM documents WHERE id NOT IN (SELECT doc_id FROM fingerprints)"
        )
        return [r[0] for r in rows]

    def put_fingerprints(self, doc_id: str, keys: Sequence[str]) -> None:
        """Set a document's fingerprints (replacing any it had)."""
        with self.transaction() as db:
            db.execute("DELETE FROM fingerprints WHERE doc_id = ?", (doc_id,))
            db.executemany("INSERT INTO fingerprints VALUES (?, ?)", [(doc_id, k) for k in keys])

    def _delete(self, db: sqlite3.Connection, doc_id: str) -> bool:
        vids = [r[0] for r in db.execute("SELECT vid FROM passages WHERE doc_id = ?", (doc_id,))]
        db.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(v,) for v in vids])
        db.executemany("DELETE FROM passage_terms WHERE vid = ?", [(v,) for v in vids])
        cur = db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return cur.rowcount > 0

    def remove_document(self, doc_id: str) -> None:
        """Delete a document, its passages and their lexical entries.

        Raises:
            DocumentNotFound: no document has this id.
        """
        with self.transaction() as db:
            if not self._delete(db, doc_id):
                raise DocumentNotFound(doc_id)
            self._bump(db)

    # ---------------------------------------------------------------- passages
    def _passage(self, row: Sequence[Any]) -> PassageRecord:
        return PassageRecord(
            id=row[0],
            doc_id=row[1],
            ordinal=row[2],
            heading=row[3],
            text=row[4],
            start=row[5],
            end=row[6],
            page=row[7],
            places=tuple(json.loads(row[8])),
            indexed=bool(row[9]),
            embed_text=row[10],
            extra=json.loads(row[11]),
        )

    def passages(self, doc_id: str) -> list[PassageRecord]:
        """All passages of a document in reading order (boilerplate included)."""
        rows = self.read(
            f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.doc_id = ? ORDER BY p.ordinal",
            (doc_id,),
        )
        return [self._passage(r) for r in rows]

    def get_passages(self, ids: Sequence[str]) -> dict[str, PassageRecord]:
        """Passages by id; missing ids are simply absent from the result."""
        sql = f"SELECT {_PASSAGE_COLUMNS} FROM passages p WHERE p.id IN ({{marks}})"
        return {r[0]: self._passage(r) for r in self.read_in(sql, ids)}

    def get_passage(self, passage_id: str) -> PassageRecord:
        """One passage.

        Raises:
            DocumentNotFound: no passage has this id.
        """
        found = self.get_passages([passage_id])
        if passage_id not in found:
            raise DocumentNotFound(passage_id, what="passage")
        return found[passage_id]

    def ids_for_vids(self, vids: Sequence[int]) -> dict[int, str]:
        """Map index integer ids back to passage ids."""
        rows = self.read_in(
            "SELECT vid, id FROM passages WHERE vid IN ({marks})", [int(v) for v in vids]
        )
        return {int(r[0]): r[1] for r in rows}

    def allowed_vids(self, filters: Filters) -> np.ndarray:
        """Integer ids of the indexed passages whose document passes the filters."""
        where, args = filter_sql(filters)
        rows = self.read(
            "SELECT p.vid FROM passages p JOIN documents d ON d.id = p.doc_id "
            f"WHERE p.indexed = 1{where}",
            args,
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def passages_of_numbers(
        self, code_keys: Sequence[str], filters: Filters | None = None
    ) -> list[str]:
        """First indexed passage of each document whose own number has one of the keys.

        Keys are lower-case with ``/`` and ``-`` turned into ``_`` (``29_ctr_tu``).
        """
        if not code_keys:
            return []
        where, args = filter_sql(filters)
        marks = ",".join("?" * len(code_keys))
        rows = self.read(
            "SELECT (SELECT p.id FROM passages p WHERE p.doc_id = d.id AND p.indexed = 1 "
            "ORDER BY p.ordinal LIMIT 1) FROM documents d WHERE lower(replace(replace("
            "json_extract(d.meta, '$.number'), '/', '_'), '-', '_')) IN "
            f"({marks}){where}",
            [*code_keys, *args],
        )
        return [r[0] for r in rows if r[0]]

    def documents_numbered(self, digits: str) -> list[tuple[str, str, DocMeta]]:
        """(id, source, metadata) of documents whose own number starts with ``digits``
        (leading zeros ignored: "1/2021" finds "01/2021/…")."""
        stripped = digits.lstrip("0") or "0"
        rows = self.read(
            "SELECT id, source, meta FROM documents WHERE "
            "ltrim(json_extract(meta, '$.number'), '0') LIKE ? ESCAPE '\\'",
            (stripped.replace("%", "\\%").replace("_", "\\_") + "%",),
        )
        return [(r[0], r[1], DocMeta.from_dict(json.loads(r[2]))) for r in rows]

    def documents_signed(self) -> list[tuple[str, str, DocMeta]]:
        """(id, source, metadata) of every document whose signer is known."""
        rows = self.read(
            "SELECT id, source, meta FROM documents "
            "WHERE json_extract(meta, '$.signer') IS NOT NULL ORDER BY source"
        )
        return [(r[0], r[1], DocMeta.from_dict(json.loads(r[2]))) for r in rows]

    def count_passages(self, indexed_only: bool = False) -> int:
        """Number of passages (only those in the search indexes when asked)."""
        sql = "SELECT count(*) FROM passages" + (" WHERE indexed = 1" if indexed_only else "")
        return int(self.read(sql)[0][0])

    def distinct_localities(self) -> list[str]:
        """Locality names of the documents, longest first (for spotting them in questions)."""
        rows = self.read(
            "SELECT DISTINCT locality FROM documents WHERE locality IS NOT NULL "
            "ORDER BY length(locality) DESC"
        )
        return [r[0] for r in rows]

    # ---------------------------------------------------------------- embeddings
    def missing_embeddings(self, model: str) -> list[tuple[str, str]]:
        """(sha, text) of indexed passage texts that have no vector for ``model`` yet."""
        rows = self.read(
            "SELECT DISTINCT p.embed_sha, p.embed_text FROM passages p "
            "LEFT JOIN embeddings e ON e.model = ? AND e.sha = p.embed_sha "
            "WHERE p.indexed = 1 AND e.sha IS NULL ORDER BY p.doc_id, p.ordinal",
            (model,),
        )
        return [(r[0], r[1]) for r in rows]

    def put_embeddings(self, model: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        """Store vectors (float32) for texts, in one transaction."""
        with self.transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?,?,?)",
                [(model, sha, np.asarray(v, dtype=np.float32).tobytes()) for sha, v in items],
            )
            self._bump(db)

    def vectors(self, model: str) -> tuple[np.ndarray, np.ndarray]:
        """(vids, matrix) for every indexed passage that has a vector for ``model``."""
        rows = self.read(
            "SELECT p.vid, e.vec FROM passages p JOIN embeddings e "
            "ON e.model = ? AND e.sha = p.embed_sha WHERE p.indexed = 1 ORDER BY p.vid",
            (model,),
        )
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        vids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        mat = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
        return vids, mat

    def prune_embeddings(self) -> int:
        """Drop vectors no passage uses any more; returns how many were removed."""
        with self.transaction() as db:
            cur = db.execute(
                "DELETE FROM embeddings WHERE sha NOT IN (SELECT embed_sha FROM passages)"
            )
            return cur.rowcount


def text_sha(text: str) -> str:
    """sha256 hex digest of a text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = ["Store", "filter_sql", "text_sha", "vid_of"]
