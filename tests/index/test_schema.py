"""Stores written by earlier schema versions open, upgraded, with the same search results."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from index.errors import StoreError
from index.lexical import LexicalIndex
from index.schema import SCHEMA_VERSION, positional
from index.store import Store
from tests.index.helpers import DOCS, records, terms

#: the lexical tables as version 1 created them (every other table is unchanged)
VERSION_1_LEXICAL = """
CREATE VIRTUAL TABLE passages_fts USING fts5(
    norm, folded, codes, tokenize = "unicode61 remove_diacritics 0 tokenchars '_&'"
);
CREATE VIRTUAL TABLE passages_vocab USING fts5vocab(passages_fts, 'col');
"""


def _fill(path: Path) -> None:
    store = Store(path)
    for name, (meta, texts) in DOCS.items():
        store.upsert_document(*records(name, meta, texts))
    store.close()


def _as_version_1(path: Path) -> None:
    """Rewrite a store's lexical tables the way version 1 kept them."""
    db = sqlite3.connect(path, isolation_level=None)
    rows = db.execute(
        "SELECT t.vid, t.norm, t.folded, f.codes FROM passage_terms t "
        "JOIN passages_fts f ON f.rowid = t.vid"
    ).fetchall()
    db.execute("BEGIN")
    db.execute("DROP TABLE passages_fts")
    db.execute("DROP TABLE passage_terms")
    for statement in VERSION_1_LEXICAL.split(";"):
        if statement.strip():
            db.execute(statement)
    db.executemany("INSERT INTO passages_fts (rowid, norm, folded, codes) VALUES (?,?,?,?)", rows)
    db.execute("UPDATE state SET value = '1' WHERE key = 'schema_version'")
    db.execute("COMMIT")
    db.close()


def _lexical_state(store: Store) -> list[Any]:
    lexical = LexicalIndex(store)
    return [
        store.read("SELECT vid, norm, folded FROM passage_terms ORDER BY vid"),
        store.read("SELECT rowid, norm, codes FROM passages_fts ORDER BY rowid"),
        lexical.search(terms("đệm lót sinh học"), 10),
        lexical.search(terms("dem lot sinh hoc"), 10, folded=True),
        lexical.phrase_doc_count(["đệm", "lót", "sinh", "học"]),
        lexical.search_codes(["20_nq_tw"], 5),
        lexical.fts_search("norm", terms("chuyển giao giống lúa"), 5),
        store.generation,
    ]


def test_a_version_1_store_is_upgraded_in_place_and_searches_the_same(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.sqlite3", tmp_path / "old.sqlite3"
    _fill(fresh)
    _fill(old)
    _as_version_1(old)
    reference = Store(fresh)
    expected = _lexical_state(reference)
    reference.close()
    upgraded = Store(old)
    assert upgraded.read("SELECT value FROM state WHERE key = 'schema_version'")[0][0] == str(
        SCHEMA_VERSION
    )
    assert _lexical_state(upgraded) == expected
    assert expected[2] and expected[4] == 2 and expected[5]
    tables = {r[0] for r in upgraded.read("SELECT name FROM sqlite_master")}
    assert "passages_vocab" not in tables
    upgraded.close()
    reopened = Store(old)
    assert _lexical_state(reopened) == expected  # opening it again changes nothing
    reopened.close()


def test_a_store_of_a_newer_version_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE state SET value = '99' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        Store(path)


@pytest.mark.parametrize(
    ("column", "syllables"),
    [
        ("đệm lót sinh học đệm_lót lót_sinh sinh_học", "đệm lót sinh học "),
        ("một", "một"),
        ("", ""),
        ("a_b", ""),
    ],
)
def test_only_the_syllables_before_the_pairs_get_positions(column: str, syllables: str) -> None:
    assert positional(column) == syllables
