"""Answers over the shipped corpus: the case table, honesty, and the LangChain path."""

from __future__ import annotations

import time
from typing import Any

import pytest

from rag.answer.analyze import analyze
from rag.answer.extractive import NOT_FOUND, ExtractiveAnswerer
from rag.answer.generate import LangChainAnswerer, build_prompt, validate
from rag.engine import Engine
from tests.answer_cases import CASES, Case, problems, text_reader

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("case", CASES, ids=[c.question[:50] for c in CASES])
def test_answer_cases(corpus_engine: Engine, case: Case) -> None:
    answer = corpus_engine.ask(case.question, case.force_kind)  # type: ignore[arg-type]
    assert problems(case, answer, text_reader(corpus_engine)) == []
    assert answer.language == case.lang


def test_routing_is_visible_and_overridable(corpus_engine: Engine) -> None:
    assert analyze("Huyện nào đã ứng dụng đệm lót sinh học?").kind == "list"
    assert analyze("Kinh phí KH&CN của Hương Trà?").kind == "fact"
    assert analyze("Tìm cách diễn đạt: đẩy mạnh cải cách hành chính").kind == "precedent"
    forced = corpus_engine.ask("Huyện nào đã ứng dụng đệm lót sinh học?", "fact")
    assert forced.kind == "fact" and forced.found
    assert "đệm lót sinh học" in forced.answer


def test_not_found_speaks_the_question_language_and_shows_closest(corpus_engine: Engine) -> None:
    vi = corpus_engine.ask("Huyện nào xây dựng nhà máy điện hạt nhân?")
    en = corpus_engine.ask("Which districts built a nuclear power plant?")
    assert (vi.found, vi.answer) == (False, NOT_FOUND["vi"])
    assert (en.found, en.answer) == (False, NOT_FOUND["en"])
    assert vi.citations == () and len(vi.closest) == 3
    text = text_reader(corpus_engine)
    assert all(text(c.doc_id)[c.start : c.end] == c.quote for c in vi.closest)


def test_list_answer_json_shape(corpus_engine: Engine) -> None:
    data = corpus_engine.ask("Huyện nào đã ứng dụng đệm lót sinh học?").to_dict()
    assert {"kind", "answer", "citations", "localities", "found"} <= set(data)
    line = data["localities"][0]
    assert set(line) == {"name", "level", "province", "citations"}
    cite = data["citations"][0]
    assert {
        "n",
        "passage_id",
        "doc_id",
        "source",
        "quote",
        "start",
        "end",
        "number",
        "date",
        "issuer",
        "locality",
        "province",
        "page",
        "heading",
    } <= set(cite)
    levels = {(x["name"], x["level"]) for x in data["localities"]}
    assert levels == {("Bỉm Sơn", "thị xã"), ("Bảo Lâm", "huyện")}


def test_threshold_is_validated(engine: Engine) -> None:
    from rag.errors import ConfigError

    with pytest.raises(ConfigError, match="threshold"):
        ExtractiveAnswerer(engine.reader, 1.5)


# ---------------------------------------------------------------- LangChain generator
# GenericFakeChatModel is LangChain's own stand-in for a chat endpoint we cannot run here.
def _fake(messages: list[str]) -> Any:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    return GenericFakeChatModel(messages=iter([AIMessage(content=m) for m in messages]))


class _Failing:
    def invoke(self, _: Any) -> Any:
        raise ConnectionError("endpoint unreachable")


class _Slow:
    def invoke(self, _: Any) -> Any:
        time.sleep(2)
        return "Quá chậm [1]."


def _generator(engine: Engine, model: Any, timeout: float = 5) -> LangChainAnswerer:
    extractive = engine.answerer
    assert isinstance(extractive, ExtractiveAnswerer)
    return LangChainAnswerer(model, extractive, timeout, "fake")


QUESTION = "Huyện nào đã ứng dụng đệm lót sinh học?"


def test_generated_answer_keeps_only_cited_sentences(corpus_engine: Engine) -> None:
    pytest.importorskip("langchain_core")
    model = _fake(
        [
            "Bỉm Sơn dùng đệm lót sinh học trong chăn nuôi [1]. Bảo Lâm cũng vậy [2]. "
            "Hà Nội xây nhà máy [7]. Một câu không có nguồn."
        ]
    )
    answer = _generator(corpus_engine, model).answer(QUESTION)
    assert answer.generator == "langchain:fake"
    assert answer.answer == (
        "Bỉm Sơn dùng đệm lót sinh học trong chăn nuôi [1]. Bảo Lâm cũng vậy [2]."
    )
    removed = [n for n in answer.notes if n.startswith("removed unsupported sentence")]
    assert len(removed) == 2 and "[7]" in removed[0]
    assert [c.n for c in answer.citations] == [1, 2]


@pytest.mark.parametrize("model", [_Failing(), _Slow()], ids=["error", "timeout"])
def test_generator_failures_fall_back_to_extractive(corpus_engine: Engine, model: Any) -> None:
    answer = _generator(corpus_engine, model, timeout=0.5).answer(QUESTION)
    assert answer.generator == "extractive"
    assert answer.found and "Bỉm Sơn" in answer.answer
    assert any("generator" in n for n in answer.notes)


def test_generator_with_no_valid_citation_falls_back(corpus_engine: Engine) -> None:
    pytest.importorskip("langchain_core")
    answer = _generator(corpus_engine, _fake(["Tôi nghĩ là Hà Nội."])).answer(QUESTION)
    assert answer.generator == "extractive" and "Bảo Lâm" in answer.answer


def test_prompt_numbers_the_passages(corpus_engine: Engine) -> None:
    evidence = corpus_engine.ask(QUESTION)
    system, human = build_prompt(QUESTION, evidence)
    assert system[0] == "system" and "[n]" in system[1]
    assert "[1]" in human[1] and "[2]" in human[1] and QUESTION in human[1]


def test_validate() -> None:
    kept, removed = validate("A [1]. B [3]. C.", {1, 2})
    assert kept == "A [1]." and removed == ["B [3].", "C."]


def test_a_document_found_by_what_its_text_says(corpus_engine: Engine) -> None:
    # no title holds "nhà máy thông minh": the report whose sentence says it is the answer
    answer = corpus_engine.ask("Báo cáo nào nêu chuyển đổi số theo hướng nhà máy thông minh?")
    assert answer.kind == "document" and answer.found
    assert [d.source for d in answer.documents] == ["002_522a72973139cc2d.txt"]
    assert "nhà máy thông minh" in answer.citations[0].quote
    missing = corpus_engine.ask("Báo cáo nào nêu mô hình nuôi cá lồng trên sông?")
    assert not missing.found


def test_a_document_about_a_cited_resolution_is_found_by_its_description(
    corpus_engine: Engine,
) -> None:
    # "Nghị quyết 20" is what the wanted document is about, not its type
    answer = corpus_engine.ask("Kết quả thực hiện Nghị quyết 20 ở Đảng bộ thị xã Hương Trà")
    assert answer.kind == "document" and answer.found
    assert answer.documents[0].source == "003_9ffbbc97148c9928.txt"


def test_documents_a_person_signed_are_listed_from_metadata(corpus_engine: Engine) -> None:
    for question in (
        "Những báo cáo nào do đồng chí Tống Thanh Bình ký?",
        "Which reports were signed by Tong Thanh Binh?",
    ):
        answer = corpus_engine.ask(question)
        assert answer.found and answer.kind in ("list", "document")
        assert [d.source for d in answer.documents] == ["000_69c4e4b82339998b.txt"]
        assert [c.quote for c in answer.citations] == ["Tống Thanh Bình"]
    # the type asked must be the document's: he signed no action programme
    other = corpus_engine.ask("Những chương trình hành động nào do Tống Thanh Bình ký?")
    assert all(d.source != "000_69c4e4b82339998b.txt" for d in other.documents)
    # who signed a named document is still a fact
    assert corpus_engine.ask("Ai ký báo cáo số 18/BC-UBND?").kind == "fact"


def test_a_document_named_by_its_locality_and_type_gives_its_signer(
    corpus_engine: Engine,
) -> None:
    answer = corpus_engine.ask(
        "Who signed the Bỉm Sơn town report on five years of implementing Resolution 20-NQ/TW?"
    )
    assert answer.found and answer.kind == "fact"
    assert [c.quote for c in answer.citations] == ["Tống Thanh Bình"]
    assert analyze("Who signed the Bỉm Sơn town report on Resolution 20-NQ/TW?").doc_type == (
        "report"
    )


def test_places_asked_of_a_named_document_are_the_items_it_names(
    engine: Engine, tmp_path: Any
) -> None:
    doc = tmp_path / "tt48.txt"
    doc.write_text(
        "BỘ XÂY DỰNG\nSố: 48/2025/TT-BXD\nHà Nội, ngày 12 tháng 12 năm 2025\nTHÔNG TƯ\n"
        "Công bố vùng nước cảng biển thuộc địa phận tỉnh Hưng Yên, tỉnh Ninh Bình\n"
        "Điều 1. Phạm vi điều chỉnh\n"
        "Thông tư này công bố vùng nước cảng biển thuộc địa phận tỉnh Hưng Yên và "
        "vùng nước cảng biển thuộc địa phận tỉnh Ninh Bình.\n"
        "Điều 2. Hiệu lực thi hành\nThông tư này có hiệu lực kể từ ngày 01 tháng 02 năm 2026.\n",
        encoding="utf-8",
    )
    engine.ingest([doc])
    engine.index()
    answer = engine.ask(
        "Thông tư 48/2025/TT-BXD công bố vùng nước cảng biển thuộc địa phận những tỉnh nào?"
    )
    # the provinces are what the circular names, not the place it was signed in (Hà Nội)
    assert answer.found and answer.kind == "list"
    assert not answer.localities
    assert "Hưng Yên" in answer.answer and "Ninh Bình" in answer.answer


def test_a_year_the_named_document_takes_effect_in_is_said_of_all_of_it(
    engine: Engine, tmp_path: Any
) -> None:
    doc = tmp_path / "nd293.txt"
    doc.write_text(
        "CHÍNH PHỦ\nSố: 293/2025/NĐ-CP\nHà Nội, ngày 10 tháng 11 năm 2025\nNGHỊ ĐỊNH\n"
        "Quy định mức lương tối thiểu đối với người lao động\n"
        "Căn cứ Nghị định số 74/2024/NĐ-CP ngày 30 tháng 6 năm 2024 của Chính phủ;\n"
        "Điều 3. Mức lương tối thiểu\n"
        "1. Quy định mức lương tối thiểu tháng và mức lương tối thiểu giờ theo vùng như sau:\n"
        "Vùng\nMức lương tối thiểu tháng\n(Đơn vị: đồng/tháng)\nMức lương tối thiểu giờ\n"
        "(Đơn vị: đồng/giờ)\nVùng I\n5.310.000\n25.500\nVùng II\n4.730.000\n22.700\n"
        "Điều 4. Hiệu lực thi hành\n"
        "Nghị định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.\n",
        encoding="utf-8",
    )
    # other decrees, so that their common words weigh as little as in a real collection
    others = {
        f"nd{n}.txt": f"CHÍNH PHỦ\nSố: {10 + n}/2025/NĐ-CP\nNGHỊ ĐỊNH\nQuy định về phí số {n}\n"
        "Điều 1. Nghị định này áp dụng từ năm 2026 đối với cơ quan, tổ chức.\n"
        "Điều 2. Nghị định này có hiệu lực thi hành từ ngày ký ban hành.\n"
        for n in range(3)
    }
    _ingest_with(engine, doc, others)
    answer = engine.ask(
        "Mức lương tối thiểu tháng vùng I áp dụng từ năm 2026 theo Nghị định 293/2025/NĐ-CP "
        "là bao nhiêu?"
    )
    assert answer.found and "5.310.000" in answer.answer
    assert "Mức lương tối thiểu tháng" in answer.answer  # shown under its column's header
    # 2024 is only the year of a decree it cites: not when this one applies
    stale = engine.ask("Mức lương tối thiểu tháng vùng I năm 2024 theo Nghị định 293/2025/NĐ-CP?")
    assert not stale.found


def test_a_document_only_cited_is_answered_by_the_sentence_giving_its_number(
    engine: Engine, tmp_path: Any
) -> None:
    doc = tmp_path / "trieu_son.txt"
    doc.write_text(
        "ỦY BAN NHÂN DÂN HUYỆN TRIỆU SƠN\nSố: 95/BC-UBND\nTriệu Sơn, ngày 15 tháng 6 năm 2022\n"
        "BÁO CÁO\nKết quả hoạt động khoa học và công nghệ 6 tháng đầu năm 2022\n"
        "1.1. Kiện toàn Hội đồng Khoa học và Công nghệ huyện và phân công cán bộ phụ trách "
        "theo dõi KH&CN huyện (theo QĐ 1089/QĐ-UBND ngày 16/3/2022 của UBND huyện).\n"
        "1.2. Tổ chức 02 lớp tập huấn chuyển giao kỹ thuật cho nông dân.\n",
        encoding="utf-8",
    )
    # other documents, so that common words weigh as little as in a real collection
    others = {
        f"report{n}.txt": f"ỦY BAN NHÂN DÂN {place.upper()}\nSố: {20 + n}/BC-UBND\nBÁO CÁO\n"
        f"Quyết định số {30 + n}/QĐ-UBND của UBND {place} ban hành kế hoạch hoạt động "
        "khoa học và công nghệ; hội đồng nghiệm thu đề tài được thành lập.\n"
        for n, place in enumerate(("Bỉm Sơn", "Hương Trà", "Bảo Lâm"))
    }
    _ingest_with(engine, doc, others)
    answer = engine.ask("Hội đồng KH&CN huyện Triệu Sơn được kiện toàn theo quyết định nào?")
    assert answer.found and "1089/QĐ-UBND" in answer.answer
    # no sentence gives the number of the decision asked for: nothing is claimed
    absent = engine.ask("Ban chỉ đạo chuyển đổi số huyện được thành lập theo quyết định nào?")
    assert not absent.found


def _ingest_with(engine: Engine, doc: Any, others: dict[str, str]) -> None:
    """Ingest and index ``doc`` with other documents (file name → text) written beside it."""
    paths = [doc]
    for name, text in others.items():
        path = doc.parent / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    engine.ingest(paths)
    engine.index()
