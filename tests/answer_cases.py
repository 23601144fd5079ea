"""Question → expected answer cases over the shipped corpus (read from the documents).

Used by ``tests/rag/test_answer.py`` and ``bench/answers.py``. Each case names the kind
the router must pick and what a correct answer contains.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    question: str
    kind: str
    found: bool = True
    #: list answers: exactly these (locality, province) lines
    localities: frozenset[tuple[str, str]] | None = None
    #: list answers: at least these localities
    includes: frozenset[str] = frozenset()
    #: fact answers: text the answer must contain
    contains: tuple[str, ...] = ()
    #: fact answers: text the first citation's key span must contain
    key: str | None = None
    #: precedent answers: source prefixes that must be cited
    sources: frozenset[str] = frozenset()
    standard: bool = False
    force_kind: str | None = None
    lang: str = "vi"
    tags: tuple[str, ...] = field(default_factory=tuple)


BEDDING = frozenset({("Bỉm Sơn", "Thanh Hóa"), ("Bảo Lâm", "Lâm Đồng")})

CASES: list[Case] = [
    # ---- list
    Case("Huyện nào đã ứng dụng đệm lót sinh học?", "list", localities=BEDDING),
    Case("huyen nao dung dem lot sinh hoc", "list", localities=BEDDING),
    Case("Which districts used biological bedding?", "list", localities=BEDDING, lang="en"),
    Case("Xã nào có mô hình trồng cây gai xanh?", "list", includes=frozenset({"Thọ Sơn"})),
    Case("xa nao co mo hinh trong cay sen", "list", includes=frozenset({"Thọ Ngọc"})),
    Case("Phường nào có dự án xây dựng vùng rau an toàn?", "list", includes=frozenset({"Lam Sơn"})),
    Case(
        "Những địa phương nào có vùng sản xuất cà phê ứng dụng công nghệ cao?",
        "list",
        includes=frozenset({"Bảo Lâm"}),
    ),
    Case(
        "Địa phương nào được công nhận hệ thống quản lý chất lượng theo tiêu chuẩn ISO 9001:2008?",
        "list",
        includes=frozenset({"Hương Trà"}),
    ),
    Case("Huyện nào xây dựng nhà máy điện hạt nhân?", "list", found=False),
    Case("Which districts built a nuclear power plant?", "list", found=False, lang="en"),
    # ---- fact
    Case(
        "Kinh phí KH&CN của Hương Trà giai đoạn 2012–2016 là bao nhiêu?",
        "fact",
        contains=("2,87 tỷ đồng",),
        key="2,87 tỷ đồng",
    ),
    Case(
        "kinh phi khoa hoc cong nghe cua Huong Tra 2012-2016 la bao nhieu",
        "fact",
        contains=("2,87 tỷ đồng",),
    ),
    Case(
        "Bảo Lâm đã tổ chức bao nhiêu lớp tập huấn?", "fact", contains=("500 lớp",), key="500 lớp"
    ),
    Case(
        "How many training courses did Bao Lam organise?", "fact", contains=("500 lớp",), lang="en"
    ),
    Case(
        "Bao nhiêu cán bộ, đảng viên tham gia học tập Nghị quyết 20 ở Hương Trà?",
        "fact",
        contains=("2.550",),
    ),
    Case(
        "Theo Thái Nguyên, khoa học và công nghệ đóng góp bao nhiêu phần trăm tăng trưởng kinh tế?",
        "fact",
        contains=("35%",),
    ),
    Case("Huyện Bảo Lâm có bao nhiêu đơn vị hành chính?", "fact", contains=("14 đơn vị",)),
    Case("Dân số huyện Bảo Lâm là bao nhiêu?", "fact", contains=("118.750",)),
    Case(
        "Trung tâm Y tế Hương Trà có bao nhiêu đề tài nghiên cứu khoa học cấp ngành?",
        "fact",
        contains=("10 đề tài",),
    ),
    Case(
        "Tốc độ đổi mới công nghệ, thiết bị của Thái Nguyên đạt bao nhiêu?",
        "fact",
        contains=("15-20%",),
    ),
    Case(
        "Quyết định kiện toàn Hội đồng Khoa học và Công nghệ huyện Triệu Sơn là văn bản số mấy?",
        "fact",
        contains=("1089/QĐ-UBND",),
    ),
    Case("Huyện ủy Bảo Lâm ban hành chương trình hành động số mấy?", "fact", contains=("CTr/HU",)),
    Case(
        "What share of economic growth should science and technology contribute in Thai Nguyen?",
        "fact",
        contains=("35%",),
        lang="en",
    ),
    # ---- precedent
    Case(
        "Tìm cách diễn đạt: tăng cường ứng dụng tiến bộ khoa học kỹ thuật vào sản xuất và đời sống",
        "precedent",
        sources=frozenset({"003"}),
    ),
    Case(
        "tim cach dien dat: day manh cai cach thu tuc hanh chinh",
        "precedent",
        sources=frozenset({"004"}),
    ),
    Case(
        "Phát triển khoa học và công nghệ phục vụ sự nghiệp công nghiệp hóa, hiện đại hóa trong "
        "điều kiện kinh tế thị trường định hướng xã hội chủ nghĩa và hội nhập quốc tế",
        "precedent",
        force_kind="precedent",
        standard=True,
        sources=frozenset({"000", "001", "004"}),
    ),
    Case(
        "Các cấp ủy đảng, chính quyền phải coi phát triển khoa học và công nghệ là nhiệm vụ "
        "trọng tâm",
        "precedent",
        force_kind="precedent",
        sources=frozenset({"004"}),
    ),
]


def problems(case: Case, answer: object, doc_text: object) -> list[str]:
    """What is wrong with an answer (empty when it passes).

    Args:
        case: the expected values.
        answer: a :class:`rag.records.Answer`.
        doc_text: ``doc_id -> stored text`` (to check quotes are verbatim).
    """
    import re

    a = answer
    out: list[str] = []
    if a.kind != case.kind:  # type: ignore[attr-defined]
        out.append(f"kind {a.kind} != {case.kind}")  # type: ignore[attr-defined]
    if a.found != case.found:  # type: ignore[attr-defined]
        out.append(f"found {a.found} != {case.found}")  # type: ignore[attr-defined]
        return out
    for c in a.citations:  # type: ignore[attr-defined]
        if doc_text(c.doc_id)[c.start : c.end] != c.quote:  # type: ignore[operator]
            out.append(f"citation [{c.n}] is not verbatim")
    if a.found:  # type: ignore[attr-defined]
        numbers = {c.n for c in a.citations}  # type: ignore[attr-defined]
        for line in a.answer.split("\n"):  # type: ignore[attr-defined]
            cited = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
            if not cited or not cited <= numbers:
                out.append(f"line without a valid citation: {line[:60]}")
    names = {(x.name, x.province) for x in a.localities}  # type: ignore[attr-defined]
    if case.localities is not None and names != set(case.localities):
        out.append(f"localities {sorted(names)} != {sorted(case.localities)}")
    missing = case.includes - {n for n, _ in names}
    if missing:
        out.append(f"missing localities {sorted(missing)}")
    for text in case.contains:
        if text not in a.answer:  # type: ignore[attr-defined]
            out.append(f"answer lacks {text!r}")
    if case.key is not None:
        c = a.citations[0]  # type: ignore[attr-defined]
        key = doc_text(c.doc_id)[c.key_start : c.key_end] if c.key_start is not None else ""  # type: ignore[operator]
        if case.key not in key:
            out.append(f"key span {key!r} lacks {case.key!r}")
    cited_sources = {c.source[:3] for c in a.citations}  # type: ignore[attr-defined]
    if case.sources - cited_sources:
        out.append(f"sources {sorted(cited_sources)} lack {sorted(case.sources - cited_sources)}")
    if case.standard and not any(
        s.standard
        for p in a.precedents
        for s in p.sentences  # type: ignore[attr-defined]
    ):
        out.append("no standard wording flagged")
    return out


def text_reader(engine: Any) -> Callable[[str], str]:
    """A document's stored text by id, each read once (quotes are judged against it)."""
    texts: dict[str, str] = {}

    def doc_text(doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = engine.store.get_document(doc_id).text
        return texts[doc_id]

    return doc_text
