"""The evaluation collection: the shipped reports plus 140 legal documents of vbpl-dev.

Built once through the real pipeline (load → … → store → embed) and cached under
``bench/cache/collection``. The frozen questions in ``bench/questions/`` name their
documents by file name and their evidence by verbatim text; :func:`evidence_spans`
finds that text in the stored documents, so a hit can be judged whatever the chunking.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rag.config import Settings  # noqa: E402
from rag.engine import Engine  # noqa: E402
from rag.text.normalize import normalize_tone  # noqa: E402

QUESTIONS = ROOT / "bench" / "questions"
VBPL = ROOT.parent / "shared" / "data" / "vbpl-dev" / "docs"
CACHE = ROOT / "bench" / "cache" / "collection"


def collection_files() -> list[Path]:
    """The shipped reports and the frozen vbpl-dev subsets: the 60 documents of the first
    question sets, the next 40 (same order: sha256 of the file name, files ≤ 80 kB) of the
    fresh set of 2026-12-04, and the 40 after those of the second fresh set."""
    subset = [
        name
        for part in ("vbpl_subset.txt", "vbpl_fresh.txt", "vbpl_fresh2.txt")
        for name in (QUESTIONS / part).read_text(encoding="utf-8").split()
    ]
    return sorted((ROOT / "docs_corpus").glob("*.txt")) + [VBPL / name for name in subset]


def collection_engine(**settings: object) -> Engine:
    """The collection ingested and embedded (reused from the cache when present)."""
    engine = Engine(Settings(data_dir=CACHE / "data", **settings))  # type: ignore[arg-type]
    engine.ingest(collection_files())
    engine.index()
    return engine


def load_questions(name: str) -> list[dict[str, object]]:
    """One frozen question file (``answers_reports``, ``answers_legal``, …)."""
    path = QUESTIONS / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _key(text: str) -> tuple[str, list[int]]:
    """Text reduced for matching (NFC, no Markdown marks, single spaces, lower case),
    with the offset in the original of every kept character."""
    text = normalize_tone(unicodedata.normalize("NFC", text))  # same length after NFC
    out, where = [], []
    space = True
    for i, ch in enumerate(text):
        if ch in "*#_":
            continue
        if ch.isspace():
            if not space:
                out.append(" ")
                where.append(i)
            space = True
            continue
        out.append(ch.lower())
        where.append(i)
        space = False
    return "".join(out), where


@dataclass(frozen=True)
class Span:
    """Where a piece of evidence lies in a stored document."""

    doc_id: str
    start: int
    end: int


class EvidenceFinder:
    """Finds verbatim evidence (from the raw files) in the stored, normalised texts."""

    def __init__(self, engine: Engine) -> None:
        self.docs: dict[str, tuple[str, str, list[int]]] = {}
        for summary in engine.documents():
            text = engine.store.get_document(summary.id).text
            key, where = _key(text)
            self.docs[summary.source] = (summary.id, key, where)

    def doc_id(self, source: str) -> str | None:
        """The stored id of a file of the collection."""
        found = self.docs.get(source)
        return found[0] if found else None

    def find(self, source: str, evidence: str) -> Span | None:
        """The span of ``evidence`` in the stored document ``source`` (None if absent)."""
        if source not in self.docs:
            return None
        doc_id, key, where = self.docs[source]
        needle = _key(evidence)[0].strip()
        # the store normalises tone marks and spacing: compare loosely on word runs
        pos = key.find(needle)
        if pos < 0:
            words = re.escape(needle).replace(r"\ ", r"\s*")
            match = re.search(words, key)
            if match is None:
                return None
            pos, end = match.span()
        else:
            end = pos + len(needle)
        return Span(doc_id, where[pos], where[end - 1] + 1)
