"""English questions over Vietnamese documents: is the answering passage in the top 10?

    python bench/english.py [--show-failures]

Runs the frozen English questions (``bench/questions/english_retrieval.jsonl``, written
before any tuning) through the shipped search over the evaluation collection (the five
reports and 60 vbpl-dev documents, see ``bench/_collection.py``). A hit is a passage of a
labelled document that overlaps one of the labelled verbatim stretches. Prints hit@10,
hit@3 and nDCG@10 on the tuning and the held-out half; writes bench/results/english.json.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics

from _beir import is_tuning
from _collection import ROOT, EvidenceFinder, Span, collection_engine, load_questions


def judge(hits: list[tuple[str, int, int]], spans: list[Span]) -> list[bool]:
    """For each hit (doc id, start, end), whether it overlaps a relevant span."""
    return [
        any(doc == s.doc_id and start < s.end and s.start < end for s in spans)
        for doc, start, end in hits
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-failures", action="store_true", help="list the tuning misses")
    args = parser.parse_args()
    engine = collection_engine()
    finder = EvidenceFinder(engine)
    rows = []
    for q in load_questions("english_retrieval"):
        spans = [s for ev in q["relevant"] if (s := finder.find(ev["doc"], ev["text"]))]  # type: ignore[index]
        if not spans:
            print(f"{q['id']}: no labelled stretch found in the store (skipped)")
            continue
        results = engine.search(str(q["question"]), k=10, highlights=False)
        good = judge([(r.doc_id, r.start, r.end) for r in results], spans)
        ideal = min(len(spans), 10)
        dcg = sum(1 / math.log2(i + 2) for i, g in enumerate(good) if g)
        idcg = sum(1 / math.log2(i + 2) for i in range(ideal))
        rows.append(
            {
                "id": q["id"],
                "tuning": is_tuning(str(q["id"])),
                "hit@10": any(good),
                "hit@3": any(good[:3]),
                "ndcg@10": min(1.0, dcg / idcg),
                "question": q["question"],
                "top": [r.source for r in results[:3]],
            }
        )
    summary = {}
    for half, want in (("tuning", True), ("held-out", False)):
        part = [r for r in rows if r["tuning"] == want]
        summary[half] = {
            "questions": len(part),
            "hit@10": round(statistics.fmean(r["hit@10"] for r in part), 3),
            "hit@3": round(statistics.fmean(r["hit@3"] for r in part), 3),
            "ndcg@10": round(statistics.fmean(r["ndcg@10"] for r in part), 3),
        }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "english.json").write_text(
        json.dumps({"summary": summary, "questions": rows}, ensure_ascii=False, indent=2)
    )
    for half, m in summary.items():
        print(
            f"{half:<9} {m['questions']:>3} questions  hit@10 {m['hit@10']:.3f}  "
            f"hit@3 {m['hit@3']:.3f}  nDCG@10 {m['ndcg@10']:.3f}"
        )
    if args.show_failures:
        for r in rows:
            if r["tuning"] and not r["hit@10"]:
                print(f"MISS {r['id']}: {r['question']}  → {r['top']}")


if __name__ == "__main__":
    main()
