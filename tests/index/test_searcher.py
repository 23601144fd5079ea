"""Hybrid search and index upkeep over a small store built without the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embed import Embedder
from index.errors import EmbedderMismatch
from index.hybrid import FusionWeights
from index.indexer import VectorIndexer
from index.vector import VectorIndex
from tests.index.helpers import DOCS, SmallIndex, build_small_index, query


def _doc_of(small: SmallIndex, passage_id: str) -> str:
    return small.store.get_passage(passage_id).doc_id


def test_both_channels_find_the_passages(small: SmallIndex) -> None:
    searcher = small.searcher(weights=FusionWeights(slope=0.0))  # a fixed dense weight
    hits = searcher.search_batch([query("đệm lót sinh học chăn nuôi")], k=2)[0]
    texts = [small.store.get_passage(h.passage_id).text for h in hits]
    assert all("đệm lót sinh học" in t for t in texts)
    assert all({"dense", "lexical"} <= set(h.channels) for h in hits)


def test_deletes_reach_both_channels(small: SmallIndex) -> None:
    searcher = small.searcher()
    gone = small.doc_id("baolam")
    q = query("đệm lót sinh học")
    assert gone in {_doc_of(small, h.passage_id) for h in searcher.search_batch([q], k=5)[0]}
    small.store.remove_document(gone)
    small.indexer.refresh()
    dense = searcher.dense_batch([q], 50)[0]
    lexical = searcher.lexical_one(q, 50)
    ids = {p for p, _ in dense} | {p for p, _ in lexical}
    assert ids and all(_doc_of(small, p) != gone for p in ids)
    # the file on disk agrees with the store after the delete
    on_disk = VectorIndex.load(small.indexer.index_path)
    assert on_disk.generation == small.store.generation
    assert len(on_disk) == small.store.count_passages(indexed_only=True)


def test_index_built_by_another_embedder_is_refused(small: SmallIndex) -> None:
    other = VectorIndex.load(small.indexer.index_path)
    other.embedder = "st:some-other-model"
    other.save(small.indexer.index_path)
    fresh = VectorIndexer(small.store, small.indexer.embedder, small.indexer.index_path)
    with pytest.raises(EmbedderMismatch, match="rag reindex"):
        fresh.current()
    fresh.refresh(rebuild=True)  # what `rag reindex` does
    assert len(fresh.current()) == small.store.count_passages(indexed_only=True)


def test_lost_index_file_is_rebuilt_from_the_store(small: SmallIndex) -> None:
    q = query("chế phẩm vi sinh")
    always = FusionWeights(slope=0.0)
    expected = [h.passage_id for h in small.searcher(weights=always).search_batch([q], k=3)[0]]
    small.indexer.index_path.unlink()
    fresh = VectorIndexer(small.store, small.indexer.embedder, small.indexer.index_path)
    searcher = small.searcher(weights=always)
    searcher.vectors = fresh
    assert [h.passage_id for h in searcher.search_batch([q], k=3)[0]] == expected
    assert small.indexer.index_path.exists()


def test_embedding_resumes_where_it_stopped(tmp_path: Path, embedder: Embedder) -> None:
    small = build_small_index(tmp_path, embedder)
    total = sum(len(texts) for _, texts in DOCS.values())
    assert small.indexer.pending() == 0
    small.store.prune_embeddings()
    assert small.indexer.pending() == 0  # every vector is still used
    assert small.indexer.embed_missing() == 0
    assert len(small.indexer.current()) == total
    small.store.close()


def test_the_dense_weight_falls_as_the_lexical_leader_holds_more_of_the_query(
    small: SmallIndex,
) -> None:
    q = query("đệm lót sinh học chăn nuôi")
    searcher = small.searcher()
    match = searcher.lexical_match(q, searcher.lexical_one(q, 100))
    assert 0 < match < 1
    assert searcher.lexical_match(query("zzz không có"), []) == 0.0

    def channels(dense: float, slope: float) -> set[str]:
        searcher = small.searcher(weights=FusionWeights(dense=dense, slope=slope))
        hits = searcher.search_batch([q], k=2)[0]
        return {name for h in hits for name in h.channels}

    assert "dense" not in channels(match / 2, 1.0)  # weight 0: not embedded at all
    assert "dense" in channels(min(1.0, match * 2), 1.0)  # some weight left: fused
    assert "dense" in channels(0.5, 0.0)  # a fixed weight: always fused
    weights = FusionWeights(dense=0.7, slope=1.0)
    assert weights.dense_weight(0.1) > weights.dense_weight(0.5) > weights.dense_weight(0.8) == 0
    assert weights.dense_weight(0.9, english=True) == weights.dense_english


def test_a_query_not_embedded_pages_past_its_lexical_hits_without_overlap(
    small: SmallIndex,
) -> None:
    searcher = small.searcher(weights=FusionWeights(dense=0.0))  # never leans on dense
    q = query("đệm lót sinh học chăn nuôi")
    lexical = searcher.lexical_one(q, 1000)
    n = len(lexical)
    first = searcher.search_batch([q], k=n)[0]
    assert {h.passage_id for h in first} == {p for p, _ in lexical}
    assert not any("dense" in h.channels for h in first)  # not embedded
    pages = [searcher.search_batch([q], k=2, offset=o)[0] for o in range(0, n + 4, 2)]
    ids = [h.passage_id for page in pages for h in page]
    # full pages past the lexical hits, and no passage twice
    assert len(ids) == len(set(ids)) == 2 * len(pages) > n
    assert ids[:n] == [h.passage_id for h in first]
    assert all("dense" in h.channels for h in pages[-1])


def test_pages_inside_the_fusion_depth_slice_one_ranking(small: SmallIndex) -> None:
    # a fixed dense weight: every query is fused, and the dense channel always fills its
    # list, so a depth that followed the page size would scale the scores differently
    searcher = small.searcher(weights=FusionWeights(slope=0.0, depth=4))
    q = query("chế phẩm vi sinh chăn nuôi")

    def scored(k: int, offset: int = 0) -> list[tuple[str, float]]:
        return [(h.passage_id, h.score) for h in searcher.search_batch([q], k, offset=offset)[0]]

    whole = scored(4)
    assert len(whole) == 4
    assert scored(2) + scored(2, offset=2) == whole  # same passages, same scores
    assert scored(1) == whole[:1]
    deeper = {p for p, _ in scored(2, offset=4)}
    assert deeper and not deeper & {p for p, _ in whole}  # past the depth: more candidates


def test_document_numbers_come_first(small: SmallIndex) -> None:
    q = query("nghị quyết 20-NQ/TW")
    q = type(q)(text=q.text, terms=q.terms, codes=("20_nq_tw",))
    hits = small.searcher().search_batch([q], k=3)[0]
    first = small.store.get_passage(hits[0].passage_id)
    assert "20-NQ/TW" in first.text and "code" in hits[0].channels


def test_idf_follows_the_bm25_formula_over_indexed_passages(small: SmallIndex) -> None:
    import math

    n = small.store.count_passages(indexed_only=True)
    idf = small.lexical.idf(["đệm", "khoảng_trống_không_có"])
    assert idf["đệm"] == pytest.approx(math.log1p((n - 2 + 0.5) / (2 + 0.5)))
    assert idf["khoảng_trống_không_có"] == pytest.approx(math.log1p((n + 0.5) / 0.5))


def test_phrases_and_codes_through_fts5(small: SmallIndex) -> None:
    assert small.lexical.phrase_doc_count(["đệm", "lót", "sinh", "học"]) == 2
    assert small.lexical.phrase_doc_count(["lót", "đệm"]) == 0
    cited = small.lexical.search_codes(["20_nq_tw"], 5)
    assert len(cited) == 1
