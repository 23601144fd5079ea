"""A small store built from plain texts, without the pipeline (for index-level tests).

The storage layer takes its terms as given, so these tests tokenise with a few lines of
their own (lower-cased words and word pairs) instead of importing ``rag``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from index.embed import Embedder
from index.hybrid import HybridSearcher
from index.indexer import VectorIndexer
from index.lexical import LexicalIndex
from index.store import Store
from index.types import DocMeta, DocRecord, PassageRecord, SearchQuery

#: short passages in two "documents" (two reports that mention biological bedding)
DOCS: dict[str, tuple[DocMeta, list[str]]] = {
    "bimson": (
        DocMeta(doc_type="báo cáo", number="18/BC-UBND", province="Thanh Hóa", date="2017-03-06"),
        [
            "Việc ứng dụng chế phẩm sinh học làm đệm lót sinh học trong chăn nuôi lợn và gà.",
            "Mô hình trồng rau an toàn tại phường Lam Sơn theo tiêu chuẩn VietGAP.",
            "Thị xã đã tổ chức quán triệt Nghị quyết số 20-NQ/TW đến cán bộ, đảng viên.",
            "Hỗ trợ doanh nghiệp áp dụng hệ thống quản lý chất lượng ISO 9001:2008.",
            "Ứng dụng công nghệ thông tin trong quản lý nhà nước và cải cách hành chính.",
            "Xây dựng trung tâm giết mổ gia súc tập trung đảm bảo vệ sinh môi trường.",
        ],
    ),
    "baolam": (
        DocMeta(doc_type="báo cáo", province="Lâm Đồng", date="2022"),
        [
            "Mô hình ứng dụng đệm lót sinh học trong chăn nuôi gà, heo;",
            "Xây dựng vùng sản xuất cà phê ứng dụng công nghệ cao, tưới nước tiết kiệm.",
            "Tổ chức trên 500 lớp tập huấn với trên 40.000 lượt người tham gia.",
            "Ủ phân hữu cơ từ vỏ cà phê bằng chế phẩm vi sinh vật.",
            "Chuyển giao giống lúa mới năng suất cao cho nông dân các xã.",
            "Đầu tư cho khoa học và công nghệ chủ yếu từ vốn ngân sách nhà nước.",
        ],
    ),
}


def words(text: str) -> list[str]:
    """Lower-cased word tokens (``KH&CN`` and numbers with separators stay whole)."""
    return re.findall(r"[^\W_]+(?:[&.,:/-][^\W_]+)*", text.lower())


def terms(text: str) -> list[str]:
    """Words plus ``a_b`` word pairs, as the store's lexical columns hold them."""
    w = words(text)
    return [*w, *(f"{a}_{b}" for a, b in zip(w, w[1:], strict=False))]


def query(text: str) -> SearchQuery:
    """A query the way the pipeline would prepare a Vietnamese one (test tokeniser)."""
    return SearchQuery(text=text, terms=tuple(terms(text)))


def records(name: str, meta: DocMeta, texts: list[str]) -> tuple[DocRecord, list[PassageRecord]]:
    """A document and its passages, one per text."""
    doc_id = hashlib.sha256(name.encode()).hexdigest()[:16]
    full = "\n\n".join(texts)
    passages, pos = [], 0
    for i, text in enumerate(texts):
        lex = " ".join(terms(text))
        passages.append(
            PassageRecord(
                id=hashlib.sha256(f"{doc_id}{i}{text}".encode()).hexdigest()[:32],
                doc_id=doc_id,
                ordinal=i,
                heading="",
                text=text,
                start=pos,
                end=pos + len(text),
                page=None,
                embed_text=text,
                lex_norm=lex,
                lex_folded=lex,
                codes=" ".join(
                    re.sub(r"[/\-]+", "_", c.lower()) for c in re.findall(r"\d+-NQ/TW", text)
                ),
            )
        )
        pos += len(text) + 2
    doc = DocRecord(id=doc_id, source=f"{name}.txt", path=name, sha256=doc_id, text=full, meta=meta)
    return doc, passages


@dataclass
class SmallIndex:
    """A store with both documents, embedded, and the parts that search it."""

    store: Store
    indexer: VectorIndexer
    lexical: LexicalIndex
    path: Path

    def searcher(self, **kwargs: object) -> HybridSearcher:
        """A searcher over the store (fusion options as keyword arguments)."""
        return HybridSearcher(
            self.store,
            self.indexer.embedder,
            self.indexer,
            self.lexical,
            **kwargs,  # type: ignore[arg-type]
        )

    def doc_id(self, name: str) -> str:
        return hashlib.sha256(name.encode()).hexdigest()[:16]


def build_small_index(folder: Path, embedder: Embedder) -> SmallIndex:
    """Store, embed and index :data:`DOCS` under ``folder``."""
    store = Store(folder / "store.sqlite3")
    for name, (meta, texts) in DOCS.items():
        store.upsert_document(*records(name, meta, texts))
    indexer = VectorIndexer(store, embedder, folder / "vectors.faiss")
    indexer.embed_missing()
    indexer.refresh()
    return SmallIndex(store, indexer, LexicalIndex(store), folder)
