"""The document store's SQLite schema, and the upgrade of stores written by earlier versions.

Version 2 keeps each indexed passage's lexical terms (syllables and ``a_b`` pairs,
accented and folded) in a plain table, ``passage_terms``, which the in-memory BM25 index
is built from, and gives the FTS5 table only what needs a full-text index: the
syllables, for phrase queries, and the document numbers a passage cites. Version 1
indexed the terms themselves, pairs and folded forms included, in FTS5: five times the
tokens, which made that index most of the single writer's time during an ingest.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2

_FTS = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5("
    "norm, codes, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_&'\")"
)
_TERMS = (
    "CREATE TABLE IF NOT EXISTS passage_terms ("
    "vid INTEGER PRIMARY KEY, norm TEXT NOT NULL, folded TEXT NOT NULL)"
)

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    doc_type TEXT,
    province TEXT,
    locality TEXT,
    date TEXT,
    meta TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS passages (
    id TEXT PRIMARY KEY,
    vid INTEGER NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    heading TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    page INTEGER,
    places TEXT NOT NULL,
    indexed INTEGER NOT NULL,
    embed_sha TEXT NOT NULL,
    embed_text TEXT NOT NULL,
    extra TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, ordinal)",
    "CREATE INDEX IF NOT EXISTS passages_embed ON passages(embed_sha)",
    _TERMS,
    _FTS,
    """CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    sha TEXT NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, sha)
)""",
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS fingerprints (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    key TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS fingerprints_key ON fingerprints(key)",
    "CREATE INDEX IF NOT EXISTS fingerprints_doc ON fingerprints(doc_id)",
)


def positional(terms: str) -> str:
    """The syllables of a lexical column: its tokens before the first ``a_b`` pair.

    A column holds the syllables in reading order, then their pairs (tokens with ``_``,
    which a syllable never contains); only the syllables need positions.
    """
    first = terms.find("_")
    return terms if first < 0 else terms[: terms.rfind(" ", 0, first) + 1]


def stored_version(db: sqlite3.Connection) -> int | None:
    """The schema version a database was written with (``None``: a new database)."""
    found = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'state'"
    ).fetchone()
    if found is None:
        return None
    row = db.execute("SELECT value FROM state WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def create_or_upgrade(db: sqlite3.Connection) -> None:
    """Create the tables, or bring a version-1 store to this version (inside the
    caller's transaction, so a crash leaves the store as it was)."""
    if stored_version(db) == 1:
        _from_version_1(db)
    for statement in _SCHEMA:
        db.execute(statement)
    db.execute("INSERT OR REPLACE INTO state VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    db.execute("INSERT OR IGNORE INTO state VALUES ('generation', '0')")


def _from_version_1(db: sqlite3.Connection) -> None:
    """Move version 1's lexical columns to ``passage_terms`` and re-create the FTS5
    table with the syllables and codes. The terms are the same, so the generation (and
    with it every index built from the store) stays valid."""
    db.execute(_TERMS)
    db.execute(
        "INSERT INTO passage_terms (vid, norm, folded) SELECT rowid, norm, folded FROM passages_fts"
    )
    rows = db.execute("SELECT rowid, norm, codes FROM passages_fts").fetchall()
    db.execute("DROP TABLE IF EXISTS passages_vocab")  # an fts5vocab view nothing read
    db.execute("DROP TABLE passages_fts")
    db.execute(_FTS)
    db.executemany(
        "INSERT INTO passages_fts (rowid, norm, codes) VALUES (?, ?, ?)",
        ((vid, positional(norm), codes) for vid, norm, codes in rows),
    )
