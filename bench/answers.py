"""Answer quality and latency on the shipped corpus (extractive path, warm index).

    python bench/answers.py [--repeat 3]

Prints the pass rate per kind for the case table in tests/answer_cases.py, the cases
that fail with why, and p50/p95 latency of `ask`. Writes bench/results/answers.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict

from _corpus import ROOT, shipped_engine

from tests.answer_cases import CASES, problems, text_reader


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per case")
    args = parser.parse_args()
    engine = shipped_engine()
    doc_text = text_reader(engine)

    engine.ask("khởi động")  # warm-up: loads the index and caches
    passed: dict[str, list[bool]] = defaultdict(list)
    failures = []
    latencies: dict[str, list[float]] = defaultdict(list)
    for case in CASES:
        answer = None
        for _ in range(args.repeat):
            engine.searcher.queries.clear()  # time the query embedding too
            t = time.perf_counter()
            answer = engine.ask(case.question, case.force_kind)  # type: ignore[arg-type]
            latencies[case.kind].append((time.perf_counter() - t) * 1000)
        issues = problems(case, answer, doc_text)
        passed[case.kind].append(not issues)
        if issues:
            failures.append({"question": case.question, "problems": issues})

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    every = [v for vs in latencies.values() for v in vs]
    summary = {
        "cases": len(CASES),
        "pass_rate": {k: f"{sum(v)}/{len(v)}" for k, v in passed.items()},
        "overall": f"{sum(sum(v) for v in passed.values())}/{len(CASES)}",
        "latency_ms": {
            "p50": pct(every, 0.5),
            "p95": pct(every, 0.95),
            **{f"{k}_p50": pct(v, 0.5) for k, v in latencies.items()},
        },
        "mean_ms": round(statistics.fmean(every), 1),
        "failures": failures,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "answers.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(f"{'kind':<10} {'passed':>8}")
    for kind, values in passed.items():
        print(f"{kind:<10} {sum(values):>3}/{len(values):<4}")
    print(f"{'all':<10} {summary['overall']:>8}")
    print(
        f"ask latency (warm, query embedding included): p50 {summary['latency_ms']['p50']} ms, "
        f"p95 {summary['latency_ms']['p95']} ms"
    )
    for kind in latencies:
        print(f"  {kind}: p50 {summary['latency_ms'][f'{kind}_p50']} ms")
    for f in failures:
        print(f"FAIL {f['question']}: {'; '.join(f['problems'])}")


if __name__ == "__main__":
    main()
