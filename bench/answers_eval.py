"""Answer quality on questions the rules were not written against.

    python bench/answers_eval.py [--held-out] [--failures]

Runs the frozen questions of ``bench/questions/answers_*.jsonl`` (written before any rule
was changed, by people who had not read the code) through ``Engine.ask`` over the
evaluation collection (the five reports and 140 vbpl-dev documents) and judges each answer:

* **right** — fact: the first quote holds an expected answer and its key span (when there
  is one) marks it; list: every expected name listed and none other; document: the first
  document named is the expected one; precedent: every expected document cited (up to
  the eight shown); unanswerable: refused;
* **wrong** — found, but claiming what is not supported: the quote lacks the answer, a
  listed name is not expected, a document or precedent that is not the expected one, an
  unanswerable question answered;
* **incomplete** — found, nothing wrong, but not everything expected (a list or precedent
  missing some);
* **refused** — "not found" for an answerable question.

Seven parts: the first sets' tuning half; their second half, which was held out until it
was read on 2026-12-04 to explain failures and is a development set since; the fresh set
of that day (``answers_fresh.jsonl``, 170 questions by someone who had read neither the
code nor the earlier questions), reported once held out and read in the next session, a
development set since; the second fresh set (``answers_fresh2.jsonl``, 170 questions over
the reports and 40 more vbpl-dev documents), frozen before that session's rules, reported
once held out and then read: a development set too; the third fresh set
(``answers_fresh3.jsonl``, 120 questions over the whole 145-file collection), held out
through two sessions, reported last at 72.5 % right / 5.8 % wrong and read since; the
fourth fresh set (``answers_fresh4.jsonl``, 120 questions over the same collection,
written the same way), held out through two sessions, reported last at 72.5 % right /
8.3 % wrong and read since; and the fifth fresh set (``answers_fresh5.jsonl``, 150
questions, written the same way and frozen before it was ever run), held out. The readable parts
are run unless ``--held-out`` is given (which adds the held-out set); ``--failures`` lists
their failures (never the held-out set's: it is read only to report). Writes
bench/results/answers_eval.json and the ask latency.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from typing import Any

from _beir import is_tuning
from _collection import ROOT, collection_engine, load_questions

from rag.records import Answer
from rag.text.normalize import normalize_line
from tests.answer_cases import text_reader

Question = dict[str, Any]


def key(text: str) -> str:
    """Text compared loosely: display-normalised, no Markdown marks, lower case, one space."""
    return " ".join(normalize_line(text.replace("*", "")).lower().split())


#: the first sets' tuning half; their second half and the first four fresh sets, all read
#: to explain failures and development sets since; the fifth fresh set, held out
HALVES = ("tuning", "development", "fresh", "fresh2", "fresh3", "fresh4", "held-out")
#: the parts whose failures may be read while changing rules
READABLE = ("tuning", "development", "fresh", "fresh2", "fresh3", "fresh4")


def half_of(qid: str, sets: dict[str, str]) -> str:
    """Which part of the evaluation a question belongs to."""
    if qid in sets:
        return sets[qid]
    return "tuning" if is_tuning(qid) else "development"


def judge(q: Question, a: Answer, doc_text: Any) -> tuple[str, str]:
    """(verdict, why) for one answer: right, wrong, incomplete or refused."""
    kind = q["kind"]
    if kind == "unanswerable":
        return ("right", "refused") if not a.found else ("wrong", "answered the unanswerable")
    if not a.found:
        return "refused", "said not found"
    if kind == "fact":
        expected = [str(x) for x in q["answer"]]
        if q.get("answer_type") == "yes_no":
            expected = expected[1:] or expected
        if not a.citations:
            return "wrong", "no citation"
        c = a.citations[0]
        quote = key(c.quote)
        hits = [e for e in expected if key(e) and key(e) in quote]
        if not hits:
            return "wrong", f"quote lacks {expected[0]!r}"
        if c.key_start is not None and c.key_end is not None:
            # the marked span must overlap where the expected answer stands in the quote
            marked = key(doc_text(c.doc_id)[c.key_start : c.key_end])
            a0 = quote.find(marked) if marked else -1
            spans = [(quote.find(key(e)), quote.find(key(e)) + len(key(e))) for e in hits]
            if a0 < 0 or not any(s < a0 + len(marked) and a0 < t for s, t in spans):
                return "wrong", f"key span {marked!r} is not {hits[0]!r}"
        return "right", ""
    if kind == "list":
        expected = {key(x) for x in q["answer"]}
        listed = {key(x.name) for x in a.localities} if a.localities else set()
        text = key(a.answer)
        found = {e for e in expected if e in listed or e in text}
        extra = listed - expected if listed else set()
        if extra:
            return "wrong", f"listed {sorted(extra)} beside {sorted(expected)}"
        if not found:
            return "wrong", f"none of {sorted(expected)}"
        if found != expected:
            return "incomplete", f"missing {sorted(expected - found)}"
        return "right", ""
    if kind == "document":
        want = set(q["docs"])
        named = [d.source for d in getattr(a, "documents", ())] or [c.source for c in a.citations]
        if not named:
            return "wrong", "no document named"
        if named[0] in want:
            return "right", ""
        return "wrong", f"named {named[0]} not {sorted(want)}"
    if kind == "precedent":
        want = set(q["docs"])
        cited = {c.source for c in a.citations}
        # a document added to the collection after the question was written counts when it
        # holds the expected wording word for word (the set's grep ran over fewer files)
        wording = [key(e["text"]) for e in q.get("evidence", []) if len(key(e["text"])) >= 30]
        want |= {
            c.source
            for c in a.citations
            if c.source not in want and any(w in key(doc_text(c.doc_id)) for w in wording)
        }
        need = min(len(want), 8)
        got = len(want & cited)
        if got == 0:
            return "wrong", f"cited {sorted(cited)[:3]} none of {sorted(want)[:3]}"
        if got < need:
            return "incomplete", f"{got} of {need} expected documents"
        return "right", ""
    return "wrong", f"unknown kind {kind}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--held-out", action="store_true", help="run and print every part, the held-out set too"
    )
    parser.add_argument(
        "--failures", action="store_true", help="list the failures of the readable parts"
    )
    args = parser.parse_args()
    engine = collection_engine()
    doc_text = text_reader(engine)

    engine.ask("khởi động")  # warm-up: indexes loaded
    rows = []
    questions = load_questions("answers_reports") + load_questions("answers_legal")
    sets: dict[str, str] = {}
    extra = [
        ("answers_fresh", "fresh"),
        ("answers_fresh2", "fresh2"),
        ("answers_fresh3", "fresh3"),
        ("answers_fresh4", "fresh4"),
    ]
    if args.held_out:
        extra.append(("answers_fresh5", "held-out"))
    for name, part in extra:
        for q in load_questions(name):
            sets[str(q["id"])] = part
            questions.append(q)
    for q in questions:
        engine.searcher.queries.clear()  # time the query embedding too
        t = time.perf_counter()
        answer = engine.ask(str(q["question"]))
        ms = (time.perf_counter() - t) * 1000
        verdict, why = judge(q, answer, doc_text)
        rows.append(
            {
                "id": q["id"],
                "half": half_of(str(q["id"]), sets),
                "kind": q["kind"],
                "lang": q["lang"],
                "verdict": verdict,
                "why": why,
                "routed": answer.kind,
                "ms": round(ms, 1),
                "question": q["question"],
            }
        )
    halves = list(HALVES) if args.held_out else list(READABLE)
    summary: dict[str, Any] = {}
    for half in HALVES:
        part = [r for r in rows if r["half"] == half]
        if not part:
            continue
        cells: dict[str, dict[str, float]] = defaultdict(dict)
        for group, pick in (
            *(
                (f"kind:{k}", lambda r, k=k: r["kind"] == k)
                for k in sorted({r["kind"] for r in part})
            ),
            *((f"lang:{lg}", lambda r, lg=lg: r["lang"] == lg) for lg in ("vi", "vi_nodiac", "en")),
            ("all", lambda r: True),
        ):
            sel = [r for r in part if pick(r)]
            if not sel:
                continue
            for verdict in ("right", "wrong", "incomplete", "refused"):
                cells[group][verdict] = round(
                    sum(r["verdict"] == verdict for r in sel) / len(sel), 3
                )
            cells[group]["n"] = len(sel)
        lat = sorted(r["ms"] for r in part)
        summary[half] = {
            "table": cells,
            "latency_ms": {
                "p50": lat[len(lat) // 2],
                "p95": lat[min(len(lat) - 1, int(0.95 * len(lat)))],
            },
        }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "answers_eval.json").write_text(
        json.dumps({"summary": summary, "questions": rows}, ensure_ascii=False, indent=2)
    )
    for half in halves:
        print(f"\n{half} half  (share of questions; n)")
        print(f"{'group':<20} {'right':>6} {'wrong':>6} {'incompl':>8} {'refused':>8} {'n':>4}")
        for group, c in summary[half]["table"].items():
            print(
                f"{group:<20} {c['right']:>6.1%} {c['wrong']:>6.1%} {c['incomplete']:>8.1%} "
                f"{c['refused']:>8.1%} {int(c['n']):>4}"
            )
        print(f"ask latency: {summary[half]['latency_ms']}")
    if args.failures:  # never the held-out set's: it is read only to report
        for r in rows:
            if r["half"] in READABLE and r["verdict"] != "right":
                print(
                    f"{r['verdict'].upper():<10} {r['id']} "
                    f"[{r['kind']}→{r['routed']}] {r['question']}"
                )
                print(f"           {r['why']}")
    _ = statistics


if __name__ == "__main__":
    main()
