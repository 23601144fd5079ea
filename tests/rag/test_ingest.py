"""Ingest: idempotent, replaces changed files atomically, survives bad files and kill -9."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from index.store import text_sha
from index.types import PassageRecord
from rag.engine import Engine
from tests.conftest import CORPUS, DATA, ROOT


def _snapshot(engine: Engine) -> list[tuple[str, str, int]]:
    return [(d.id, d.sha256, d.passage_count) for d in engine.store.list_documents()]


def test_ingest_then_reingest_changes_nothing(engine: Engine, corpus_copy: Path) -> None:
    first = engine.ingest([corpus_copy])
    assert first.count("added") == 5
    before = _snapshot(engine)
    generation = engine.store.generation
    again = engine.ingest([corpus_copy])
    assert again.count("unchanged") == 5
    assert _snapshot(engine) == before
    assert engine.store.generation == generation


def test_changed_file_replaces_its_passages(engine: Engine, corpus_copy: Path) -> None:
    engine.ingest([corpus_copy])
    path = next(corpus_copy.glob("002_*.txt"))
    doc = engine.store.find_by_path(str(path.resolve()))
    assert doc is not None
    old_ids = {p.id for p in engine.store.passages(doc.id)}
    text = path.read_text(encoding="utf-8")
    marker = "## **II. Phương hướng"
    assert marker in text
    path.write_text(
        text.replace(marker, "Mô hình nuôi cá tầm ở xã Thọ Sơn.\n\n" + marker), encoding="utf-8"
    )
    report = engine.ingest([path])
    assert [r.status for r in report.results] == ["updated"]
    new = engine.store.passages(doc.id)
    assert any("cá tầm" in p.text for p in new)
    assert {p.id for p in new} != old_ids
    assert engine.store.count_documents() == 5
    hits = engine.searcher.lexical.fts_search("norm", ["cá_tầm"], 5)
    assert hits and hits[0][0] in {p.id for p in new}
    stale = engine.store.get_passages(sorted(old_ids - {p.id for p in new}))
    assert not stale


def test_remove_deletes_document_and_lexical_entries(engine: Engine, corpus_copy: Path) -> None:
    engine.ingest([corpus_copy])
    doc = next(d for d in engine.store.list_documents() if d.source.startswith("001"))
    assert engine.searcher.lexical.fts_search("norm", ["đệm_lót"], 10)
    engine.store.remove_document(doc.id)
    assert engine.store.count_documents() == 4
    assert not engine.store.passages(doc.id)
    remaining = {p for p, _ in engine.searcher.lexical.fts_search("norm", ["đệm_lót"], 10)}
    assert all(engine.store.get_passage(p).doc_id != doc.id for p in remaining)


def test_bad_files_are_reported_and_do_not_stop_the_batch(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("corrupt.pdf", "empty.txt", "garbage.txt", "bao_lam.docx"):
        shutil.copy(DATA / name, folder / name)
    shutil.copy(DATA / "notes.xyz", folder / "notes.xyz")
    report = engine.ingest([folder, folder / "notes.xyz"])
    status = {r.source: r.status for r in report.results}
    assert status == {
        "bao_lam.docx": "added",
        "corrupt.pdf": "failed",
        "empty.txt": "failed",
        "garbage.txt": "failed",
        "notes.xyz": "failed",
    }
    reasons = {r.source: r.reason for r in report.failed}
    assert "empty" in reasons["empty.txt"]
    assert ".xyz" in reasons["notes.xyz"]
    assert engine.store.count_documents() == 1


def test_failed_write_rolls_back_to_the_previous_version(engine: Engine, corpus_copy: Path) -> None:
    engine.ingest([corpus_copy])
    doc = engine.store.list_documents()[0]
    before = engine.store.passages(doc.id)
    full = engine.store.get_document(doc.id)
    dup = PassageRecord(
        id="ab" * 16, doc_id=doc.id, ordinal=0, heading="", text="a", start=0, end=1, page=None
    )
    with pytest.raises(sqlite3.IntegrityError):
        engine.store.upsert_document(full, [dup, dup])  # the second insert violates the key
    assert engine.store.passages(doc.id) == before


CRASH_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from index.embed import get_embedder
    from rag.config import Settings
    from rag.engine import Engine
    engine = Engine(Settings(data_dir={data!r}))
    seen = []
    def progress(result):
        seen.append(result)
        if len(seen) == 3:
            os.kill(os.getpid(), signal.SIGKILL)
    engine.ingest([{folder!r}], progress)
    """
)


def test_kill_9_mid_ingest_leaves_a_consistent_store(tmp_path: Path, embedder: object) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        for src in sorted(CORPUS.glob("*.txt")):
            shutil.copy(src, folder / f"{i}_{src.name}")
    data = tmp_path / "data"
    script = CRASH_SCRIPT.format(root=str(ROOT), data=str(data), folder=str(folder))
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == -9, proc.stderr.decode()
    from rag.config import Settings

    engine = Engine(Settings(data_dir=data), embedder=embedder)  # type: ignore[arg-type]
    assert engine.store.read("PRAGMA integrity_check")[0][0] == "ok"
    docs = engine.store.list_documents()
    assert 3 <= len(docs) <= 4  # the third finished; the fourth may have committed too
    for d in docs:  # each committed document is whole
        passages = engine.store.passages(d.id)
        assert passages and len(passages) == d.passage_count
        text = engine.store.get_document(d.id).text
        assert all(text[p.start : p.end] == p.text for p in passages)
    report = engine.ingest([folder])
    assert report.count("unchanged") == len(docs)
    # four copies of five documents: each is stored once, the other copies are refused
    assert report.count("added") == 5 - len(docs)
    assert report.count("duplicate") == 15
    assert engine.store.count_documents() == 5
    engine.close()


def test_reindex_drops_vectors_no_passage_uses(engine: Engine, corpus_copy: Path) -> None:
    engine.ingest([next(corpus_copy.glob("002_*.txt"))])
    passage = next(p for d in engine.store.list_documents() for p in engine.store.passages(d.id))
    used = text_sha(passage.embed_text)
    engine.store.put_embeddings("m", [(used, np.ones(3)), ("f" * 64, np.ones(3))])
    assert engine.store.prune_embeddings() == 1  # the orphan only
    kept = engine.store.read("SELECT sha FROM embeddings WHERE model = 'm'")
    assert [r[0] for r in kept] == [used]


def test_passages_that_say_nothing_are_stored_but_not_indexed(engine: Engine) -> None:
    from rag.ingest.pipeline import says_something

    assert not says_something("2.") and not says_something("- .....;\n\n- .....;")
    assert says_something("Điều 5. Hiệu lực thi hành")
    text = (
        "Biểu mẫu kèm theo kế hoạch chuyển đổi số của tỉnh.\n\n"
        "| Mẫu | Nội dung |\n|---|---|\n| 1 | Báo cáo tiến độ chuyển đổi số |\n\n"
        "2.\n\n"
        "| Mẫu | Nội dung |\n|---|---|\n| 2 | Báo cáo kết quả dịch vụ công |\n"
    )
    result = engine.ingest_upload(text.encode(), "bieumau.txt")
    passages = engine.passages(result.doc_id)  # type: ignore[arg-type]
    bare = [p for p in passages if p.text == "2."]
    assert bare and not bare[0].indexed  # kept in the text, not searched
    assert any(p.indexed and "tiến độ chuyển đổi số" in p.text for p in passages)
