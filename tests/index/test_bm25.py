"""In-memory BM25: scores against a plain re-implementation, updates, filters, ties."""

from __future__ import annotations

import math

import numpy as np
import pytest

from index.bm25 import BM25Index, BM25Params, with_trigrams
from tests.index.helpers import terms

TEXTS = {
    11: "mô hình chăn nuôi sử dụng đệm lót sinh học tại thị xã",
    12: "đệm cho gia súc và lót chuồng bằng vật liệu sinh học",
    13: "khoa học và công nghệ phục vụ sản xuất nông nghiệp",
    14: "ứng dụng công nghệ sinh học trong chăn nuôi và trồng trọt, công nghệ cao",
}


def _index(params: BM25Params | None = None) -> BM25Index:
    index = BM25Index(params or BM25Params())
    index.update((key, " ".join(terms(text))) for key, text in TEXTS.items())
    return index


def _reference(query: list[str], params: BM25Params) -> dict[int, float]:
    """BM25 written out term by term, per n-gram order length normalisation."""
    docs = {key: with_trigrams(terms(text)) for key, text in TEXTS.items()}

    def order(tok: str) -> int:
        return min(tok.count("_"), 2)

    avg = [
        sum(sum(order(t) == g for t in toks) for toks in docs.values()) / len(docs)
        for g in range(3)
    ]
    weights = (1.0, params.bigram, params.trigram)
    scores = dict.fromkeys(docs, 0.0)
    for tok in dict.fromkeys(with_trigrams(query)):
        df = sum(tok in toks for toks in docs.values())
        if not df:
            continue
        idf = math.log1p((len(docs) - df + 0.5) / (df + 0.5))
        g = order(tok)
        for key, toks in docs.items():
            tf = toks.count(tok)
            length = sum(order(t) == g for t in toks) / avg[g]
            norm = tf + params.k1 * (1 - params.b + params.b * length)
            scores[key] += weights[g] * idf * tf * (params.k1 + 1) / norm
    return {k: v for k, v in scores.items() if v > 0}


@pytest.mark.parametrize(
    "params", [BM25Params(), BM25Params(k1=1.2, b=0.75, bigram=1.0, trigram=0.0)]
)
def test_scores_match_the_formula(params: BM25Params) -> None:
    query = terms("chăn nuôi đệm lót sinh học công nghệ")
    got = dict(_index(params).search(query, k=10))
    want = _reference(query, params)
    assert got.keys() == want.keys()
    for key, score in want.items():
        assert got[key] == pytest.approx(score, rel=1e-5)


def test_the_phrase_beats_the_same_syllables_scattered() -> None:
    hits = _index().search(terms("đệm lót sinh học"), k=4)
    assert [key for key, _ in hits][:2] == [11, 12]
    assert hits[0][1] > 1.5 * hits[1][1]


def test_updates_and_removals_are_reflected() -> None:
    index = _index()
    index.update([(15, " ".join(terms("đệm lót sinh học đệm lót sinh học")))], removed=[11])
    keys = [key for key, _ in index.search(terms("đệm lót sinh học"), k=10)]
    assert 11 not in keys and keys[0] == 15
    assert len(index) == 4
    index.update([], removed=[12, 13, 14, 15])
    assert len(index) == 0 and index.search(terms("đệm lót"), k=5) == []


def test_allowed_ids_filter_before_the_cut() -> None:
    hits = _index().search(terms("sinh học công nghệ"), k=2, allowed=np.array([13, 14]))
    assert sorted(key for key, _ in hits) == [13, 14]


def test_unknown_terms_and_ties() -> None:
    index = BM25Index()
    index.update([(7, "a b"), (3, "a c"), (5, "a d")])
    assert index.search(["zzz"], k=3) == []
    # equal scores come back in id order, so pages never shuffle
    assert [key for key, _ in index.search(["a"], k=3)] == [3, 5, 7]


def test_trigrams_come_from_syllables_in_order() -> None:
    assert with_trigrams(["a", "b", "c", "a_b"]) == ["a", "b", "c", "a_b", "a_b_c"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k1": 0}, "k1"),
        ({"b": 1.5}, "b must"),
        ({"bigram": -1.0}, "n-gram"),
        ({"trigram": -0.5}, "n-gram"),
    ],
)
def test_bad_parameters_are_named(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BM25Params(**kwargs)
