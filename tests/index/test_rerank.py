"""The optional cross-encoder stage: registry and names."""

from __future__ import annotations

import pytest

from index.errors import UnknownBackend
from index.rerank import get_reranker


def test_no_reranker_by_default_and_unknown_names_list_the_choices() -> None:
    assert get_reranker("") is None and get_reranker("none") is None
    with pytest.raises(UnknownBackend, match=r"st:<hub id or folder>"):
        get_reranker("colbert:foo")
