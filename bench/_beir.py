"""Shared by the retrieval benchmarks: BEIR-style folders, cached stores, metrics, splits.

A BEIR folder holds ``corpus.jsonl`` (``id``, ``title``, ``text``), ``queries.jsonl``
(``id``, ``text``) and ``qrels.tsv`` (``query-id``, ``corpus-id``, ``score``, with a header
line). Anything missing or inconsistent is reported in :attr:`BeirSet.problems` instead of
crashing: a benchmark over a new folder says what it could not use.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.embed import Embedder  # noqa: E402
from index.indexer import VectorIndexer  # noqa: E402
from index.store import Store  # noqa: E402
from index.types import DocRecord, PassageRecord  # noqa: E402
from rag.text.normalize import fold, normalize, terms  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench" / "data"
CACHE = ROOT / "bench" / "cache"


def is_tuning(qid: str) -> bool:
    """The fixed split: a query is in the tuning half when sha256(id) is even."""
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 2 == 0


def pid_of(corpus_id: str) -> str:
    """The store's passage id for a corpus id."""
    return hashlib.sha256(corpus_id.encode()).hexdigest()[:32]


def _jsonl(path: Path, problems: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        problems.append(f"{path.name} is missing")
        return []
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                problems.append(f"{path.name}:{n} is not JSON")
                continue
            if not isinstance(row, dict) or "id" not in row or "text" not in row:
                problems.append(f"{path.name}:{n} lacks id/text")
                continue
            rows.append({k: str(v) for k, v in row.items() if k in ("id", "title", "text")})
    return rows


@dataclass
class BeirSet:
    """One benchmark folder, loaded."""

    path: Path
    corpus: list[dict[str, str]]
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.name

    @classmethod
    def load(cls, path: Path) -> BeirSet:
        """Read a folder; what cannot be used is listed in ``problems``."""
        problems: list[str] = []
        corpus = _jsonl(path / "corpus.jsonl", problems)
        ids = {r["id"] for r in corpus}
        if len(ids) != len(corpus):
            problems.append(f"{len(corpus) - len(ids)} duplicate corpus ids (first one kept)")
            seen: set[str] = set()
            corpus = [r for r in corpus if not (r["id"] in seen or seen.add(r["id"]))]  # type: ignore[func-returns-value]
        queries = {q["id"]: q["text"] for q in _jsonl(path / "queries.jsonl", problems)}
        qrels: dict[str, set[str]] = {}
        qrels_path = path / "qrels.tsv"
        if not qrels_path.exists():
            problems.append("qrels.tsv is missing")
        else:
            lines = qrels_path.read_text(encoding="utf-8").splitlines()
            for n, line in enumerate(lines[1:], start=2):
                parts = line.split("\t")
                if len(parts) < 2:
                    if line.strip():
                        problems.append(f"qrels.tsv:{n} has fewer than two columns")
                    continue
                score = parts[2] if len(parts) > 2 else "1"
                try:
                    relevant = float(score) > 0
                except ValueError:
                    problems.append(f"qrels.tsv:{n} has a score that is not a number")
                    continue
                if relevant:
                    qrels.setdefault(parts[0], set()).add(parts[1])
        missing = {c for rel in qrels.values() for c in rel} - ids
        if missing:
            problems.append(f"{len(missing)} labelled passages are not in the corpus (ignored)")
            qrels = {q: rel & ids for q, rel in qrels.items() if rel & ids}
        unlabelled = set(queries) - set(qrels)
        if unlabelled:
            problems.append(f"{len(unlabelled)} queries have no relevant passage (skipped)")
        orphan = set(qrels) - set(queries)
        if orphan:
            problems.append(f"{len(orphan)} labelled query ids have no query text (skipped)")
        queries = {q: t for q, t in queries.items() if q in qrels and t.strip()}
        return cls(path, corpus, queries, qrels, problems)

    def split(self, half: str) -> list[str]:
        """Query ids of ``tuning`` or ``reporting``."""
        want = half == "tuning"
        return [q for q in self.queries if is_tuning(q) == want]


def build_store(store: Store, corpus: Sequence[dict[str, str]]) -> float:
    """Put the passages in the store, as given (once); returns seconds spent."""
    if store.count_documents() == len(corpus):
        return 0.0
    start = time.perf_counter()
    for row in corpus:
        text = normalize(f"{row.get('title', '')}\n{row['text']}")
        if not text:
            continue
        pid = pid_of(row["id"])
        lex = " ".join(terms(text))
        doc = DocRecord(
            id=pid[:16], source=row["id"], path=f"bench:{row['id']}", sha256=pid, text=text
        )
        passage = PassageRecord(
            id=pid,
            doc_id=doc.id,
            ordinal=0,
            heading="",
            text=text,
            start=0,
            end=len(text),
            page=None,
            embed_text=text,
            lex_norm=lex,
            lex_folded=fold(lex),
        )
        store.upsert_document(doc, [passage])
    return time.perf_counter() - start


class Fts5Reference:
    """SQLite FTS5's own BM25 (k1 1.2, b 0.75) over the store's lexical terms: the
    ``lexical-fts5`` reference row.

    The store indexes only syllables and document numbers in FTS5 (the service ranks with
    its own BM25), so the reference keeps, in a file of its own beside the cached store,
    the table the store had up to schema version 1: accented terms, folded terms and
    numbers, pairs included. Rebuilt whenever the store's indexed passages change.

    Args:
        store: the benchmark's store.
        path: the reference's SQLite file.
    """

    def __init__(self, store: Store, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS terms USING fts5(norm, folded, codes, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_&'\")"
        )
        rows = store.read(
            "SELECT t.vid, t.norm, t.folded, f.codes FROM passage_terms t "
            "JOIN passages_fts f ON f.rowid = t.vid ORDER BY t.vid"
        )
        have = [r[0] for r in self.db.execute("SELECT rowid FROM terms ORDER BY rowid")]
        if have != [r[0] for r in rows]:
            with self.db:
                self.db.execute("DELETE FROM terms")
                self.db.executemany(
                    "INSERT INTO terms (rowid, norm, folded, codes) VALUES (?, ?, ?, ?)",
                    [tuple(r) for r in rows],
                )
        self.pids = {int(r[0]): r[1] for r in store.read("SELECT vid, id FROM passages")}

    def search(self, column: str, terms: Sequence[str], k: int) -> list[tuple[str, float]]:
        """Top-k (passage id, score) of the terms OR-ed in one column, best first."""
        uniq = list(dict.fromkeys(t.replace('"', "") for t in terms if t.strip('"')))
        if not uniq:
            return []
        match = f"{column} : (" + " OR ".join(f'"{t}"' for t in uniq) + ")"
        rows = self.db.execute(
            "SELECT rowid, bm25(terms) AS s FROM terms WHERE terms MATCH ? ORDER BY s LIMIT ?",
            (match, k),
        ).fetchall()
        return [(self.pids[r[0]], -float(r[1])) for r in rows]


def embed_corpus(indexer: VectorIndexer, label: str) -> tuple[int, float]:
    """Embed what is missing (progress every 30 s on stderr); (passages, seconds)."""
    todo = indexer.pending()
    t0 = time.perf_counter()
    last = [t0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  {label}: embedded {done}/{total}", file=sys.stderr, flush=True)

    indexer.embed_missing(progress, batch=16)
    return todo, time.perf_counter() - t0


class QueryVectors:
    """Query embeddings cached on disk by (embedder, text): benchmarks embed each once.

    Args:
        path: the ``.npz`` cache file.
        embedder: the embedder whose vectors are cached.
        max_tokens: embed only this many leading tokens, as the service does (0: all).
    """

    def __init__(self, path: Path, embedder: Embedder, max_tokens: int = 0) -> None:
        self.path = path
        self.embedder = embedder
        self.max_tokens = max_tokens
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            data = np.load(path, allow_pickle=False)
            texts = json.loads(str(data["texts"]))
            self.vectors = dict(zip(texts, data["vectors"], strict=True))

    def get(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for the texts (embedding, in batches, those not cached yet)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        for i in range(0, len(missing), 16):
            part = missing[i : i + 16]
            cut = [
                self.embedder.truncate(t, self.max_tokens) if self.max_tokens else t for t in part
            ]
            for t, v in zip(part, self.embedder.embed_queries(cut), strict=True):
                self.vectors[t] = v
        if missing:
            self.save()
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.vstack([self.vectors[t] for t in texts])

    def save(self) -> None:
        texts = list(self.vectors)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, texts=json.dumps(texts), vectors=np.vstack([self.vectors[t] for t in texts]))
        tmp.replace(self.path)


def metrics(ranked: Sequence[str], relevant: set[str]) -> dict[str, float]:
    """nDCG@10, Recall@10, Recall@100, MRR@10 of one ranking (binary relevance)."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    rr = next((1 / (i + 1) for i, d in enumerate(ranked[:10]) if d in relevant), 0.0)
    return {
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "recall@10": len(set(ranked[:10]) & relevant) / len(relevant),
        "recall@100": len(set(ranked[:100]) & relevant) / len(relevant),
        "mrr@10": rr,
    }


def mean_metrics(rows: list[dict[str, float]]) -> dict[str, float]:
    """Mean of each metric (zeros when there is nothing to average)."""
    if not rows:
        return {"ndcg@10": 0.0, "recall@10": 0.0, "recall@100": 0.0, "mrr@10": 0.0}
    return {k: round(statistics.fmean(r[k] for r in rows), 4) for k in rows[0]}
