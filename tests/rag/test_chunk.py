"""Chunking invariants on the shipped corpus and on generated documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.embed import Embedder
from rag.ingest.chunk import HEADING_SEPARATOR, chunk_document, classify, embed_text
from rag.ingest.load import load_path
from rag.ingest.pipeline import normalize_blocks, prepare
from rag.ingest.types import Block
from tests.conftest import CORPUS

MAX_TOKENS = 128


@pytest.fixture(scope="module")
def prepared(embedder: Embedder) -> dict[str, object]:
    out = {}
    for path in sorted(Path(CORPUS).glob("*.txt")):
        out[path.name[:3]] = prepare(
            load_path(path), str(path), lambda t: embedder.count_tokens(t), MAX_TOKENS
        )
    return out


def test_passages_are_exact_slices_and_under_budget(prepared: dict, embedder: Embedder) -> None:
    for prep in prepared.values():
        for p in prep.passages:
            assert prep.doc.text[p.start : p.end] == p.text
            assert embedder.count_tokens(p.embed_text) <= MAX_TOKENS
            assert p.text.strip()


def test_passages_cover_the_document_in_order(prepared: dict) -> None:
    for prep in prepared.values():
        ends = [(p.start, p.end) for p in prep.passages]
        assert ends == sorted(ends)
        assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False))


def test_heading_paths(prepared: dict) -> None:
    bao_lam = prepared["001"].passages  # type: ignore[attr-defined]
    bedding = next(p for p in bao_lam if "đệm lót sinh học" in p.text)
    assert bedding.heading == (
        "III. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT"
        + HEADING_SEPARATOR
        + "3. Triển khai định hướng nhiệm vụ khoa học công nghệ"
    )
    thai_nguyen = prepared["004"].passages  # type: ignore[attr-defined]
    target = next(p for p in thai_nguyen if "2.2- Phấn đấu đến năm 2015" in p.text)
    assert target.heading.startswith("I- MỤC TIÊU" + HEADING_SEPARATOR + "2- Mục tiêu cụ thể")


def test_boilerplate_is_stored_but_not_indexed(prepared: dict) -> None:
    for prep in prepared.values():
        flagged = [p for p in prep.passages if not p.indexed]
        assert flagged, "every shipped document has a header, signature or chrome"
        for p in prep.passages:
            if "Nơi nhận" in p.text or "Thống kê truy cập" in p.text:
                assert not p.indexed
    web = prepared["003"].passages  # type: ignore[attr-defined]
    assert all("Truy câp tổng" not in p.text for p in web if p.indexed)


def test_page_split_sentence_is_rejoined(prepared: dict) -> None:
    text = prepared["000"].doc.text  # type: ignore[attr-defined]
    assert "tham gia, góp phản quan trọng" in text


def test_places_per_passage(prepared: dict) -> None:
    bim_son = prepared["000"].passages  # type: ignore[attr-defined]
    p = next(p for p in bim_son if "Trung tâm giết mổ" in p.text)
    assert "phường Phú Sơn" in p.places and "phường Lam Sơn" in p.places
    trieu_son = prepared["002"].passages  # type: ignore[attr-defined]
    assert any("xã Thọ Sơn" in p.places for p in trieu_son)


words = st.lists(
    st.sampled_from(["đệm", "lót", "sinh", "học", "huyện", "Bảo", "Lâm,", "xã."]),
    min_size=1,
    max_size=120,
).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(words, min_size=1, max_size=8))
def test_generated_documents_respect_the_budget(paragraphs: list[str]) -> None:
    def count(text: str) -> int:  # a deterministic stand-in tokenizer: one token per word
        return len(text.split()) + 2

    blocks = normalize_blocks([Block(p) for p in paragraphs])
    full, chunks = chunk_document(blocks, count, 40)
    for c in chunks:
        assert full[c.start : c.end] == c.text
        assert count(embed_text(c.heading, c.text)) <= 40
    covered = "".join(c.text for c in chunks).replace(" ", "").replace("\n", "")
    assert covered == full.replace(" ", "").replace("\n", "")


def test_a_numbering_mark_stays_with_the_clause_it_numbers() -> None:
    def count(text: str) -> int:  # one token per word
        return len(text.split()) + 2

    # an article typed as single lines in one block: the budget forces cuts inside it
    article = "Điều 6. Nguồn tài chính hình thành\n" + "\n".join(
        f"{i}. Khoản thu thứ {i} của Quỹ được hình thành từ nguồn hỗ trợ hợp pháp khác."
        for i in range(1, 9)
    )
    full, chunks = chunk_document(normalize_blocks([Block(article)]), count, 40)
    assert len(chunks) > 1
    for c in chunks:
        assert not re.search(r"\n\s*\d+\.$", c.text), c.text  # no passage ends with "\n1."
        assert re.match(r"(?:Điều 6\.|\d+\. Khoản)", c.text), c.text


def test_a_text_typed_without_blank_lines_is_indexed_though_it_opens_with_its_issuer() -> None:
    body = "\n".join(
        f"{n}. Kiện toàn Hội đồng Khoa học và Công nghệ huyện, triển khai nhiệm vụ số {n}."
        for n in range(1, 6)
    )
    text = f"ỦY BAN NHÂN DÂN HUYỆN TRIỆU SƠN\nSố: 95/BC-UBND\nBÁO CÁO\n{body}\n"
    blocks = [Block(text.strip(), "paragraph", None, None)]
    assert classify(blocks, None) == [False]  # one block: header and body together
    header = [Block("ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU SƠN\nSố: 95/BC-UBND", "paragraph", None, None)]
    assert classify([*header, *blocks], None) == [True, False]
