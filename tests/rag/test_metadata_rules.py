"""Header rules, one table per rule: number, type, issuer, place-date, title, signer."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.types import DocMeta
from rag.ingest.load import load_path
from rag.ingest.load.pdf import lines_to_blocks
from rag.ingest.metadata import extract_metadata
from rag.ingest.metadata.header import detect_number
from rag.ingest.pipeline import normalize_blocks
from rag.ingest.types import Block
from rag.text.codes import find_codes, fix_lookalikes, number_key
from rag.text.names import looks_like_person
from tests.conftest import CORPUS, DATA

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
BODY = "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nĐiều 1. Phạm vi điều chỉnh"


def meta_of(*lines: str, blocks: list[str] | None = None) -> DocMeta:
    """Metadata of a text given as lines (one .txt block), or as ready blocks."""
    texts = blocks if blocks is not None else ["\n".join(lines)]
    normalised = [b.text for b in normalize_blocks([Block(t) for t in texts])]
    return extract_metadata(normalised, "\n\n".join(normalised))[0]


def header(issuer: str, number: str, doc_type: str, title: str, body: str = BODY) -> DocMeta:
    """A central document's header in the vbpl layout, then ``body``."""
    return meta_of(
        issuer, MOTTO, number, "Hà Nội, ngày 25 tháng 11 năm 2025", doc_type, title, body
    )


@pytest.mark.parametrize(
    ("lines", "number"),
    [
        (["Số: 296/2025/NĐ-CP"], "296/2025/NĐ-CP"),
        (["Luật số: 102/2016/QH13"], "102/2016/QH13"),
        (["Nghị quyết số: 88/2025/UBTVQH15"], "88/2025/UBTVQH15"),
        (["Số 29-CTr/TU"], "29-CTr/TU"),
        (["Số: 18 /BC-UBND"], "18/BC-UBND"),
        (["Số: 05 /2025/TT- BCT"], "05/2025/TT-BCT"),
        (["Số: 12/2025/ТТ-ВТС"], "12/2025/TT-BTC"),  # Cyrillic Т and В, С
        (["Số: 314/2025/NÐ-CP"], "314/2025/NĐ-CP"),  # Icelandic eth for Đ
        (["Số: 01/2021/TT-BKH&CN"], "01/2021/TT-BKH&CN"),  # padding kept as printed
        (["Số: 15/2010/TTLT-BTC-BGDĐT"], "15/2010/TTLT-BTC-BGDĐT"),
        (["Số:", "52/2025/TT-BXD"], "52/2025/TT-BXD"),  # label and number in two cells
        (["Thông tư liên tịch số: 15/2010/TTLT-BTC-BGDĐT"], "15/2010/TTLT-BTC-BGDĐT"),
        (["CHÍNH PHỦ", "296/2025/NĐ-CP", "NGHỊ ĐỊNH"], "296/2025/NĐ-CP"),  # a bare number cell
        (["29/6/2014 TỈNH ỦY THÁI NGUYÊN"], None),  # a date is not a number
        (["Số: /2024/TT-BGDĐT"], None),  # a draft: no number yet
        (["Số: /BC-UBND"], None),
        (["Căn cứ Luật số 63/2025/QH15"], None),  # a citation, not the number line
    ],
)
def test_number_line_forms(lines: list[str], number: str | None) -> None:
    assert detect_number(tuple(lines)) == number


@pytest.mark.parametrize(
    ("printed", "catalogue"),
    [
        ("01/2021/TT-BTC", "1/2021/ТТ-BTC"),
        ("05/2026/NĐ-CP", "5/2026/NÐ-CP"),
        ("18 /BC-UBND", "18/BC-UBND"),
    ],
)
def test_number_key_ignores_padding_lookalikes_and_spaces(printed: str, catalogue: str) -> None:
    assert number_key(printed) == number_key(catalogue)


def test_lookalikes_become_latin() -> None:
    assert fix_lookalikes("ТТ-ВТС Ð") == "TT-BTC Đ"


@pytest.mark.parametrize(
    ("type_line", "doc_type"),
    [
        ("LUẬT", "luật"),
        ("BỘ LUẬT", "bộ luật"),
        ("PHÁP LỆNH", "pháp lệnh"),
        ("NGHỊ ĐỊNH", "nghị định"),
        ("NGHỊ QUYẾT", "nghị quyết"),
        ("THÔNG TƯ", "thông tư"),
        ("THÔNG TƯ LIÊN TỊCH", "thông tư liên tịch"),
        ("QUYẾT ĐỊNH", "quyết định"),
        ("CHỈ THỊ", "chỉ thị"),
        ("KẾ HOẠCH", "kế hoạch"),
        ("BÁO CÁO", "báo cáo"),
        ("CHƯƠNG TRÌNH", "chương trình"),
        ("TỜ TRÌNH", "tờ trình"),
        ("THÔNG BÁO", "thông báo"),
        ("HƯỚNG DẪN", "hướng dẫn"),
        ("CÔNG ĐIỆN", "công điện"),
    ],
)
def test_type_words(type_line: str, doc_type: str) -> None:
    meta = header("CHÍNH PHỦ", "Số: 12/2025/X-CP", type_line, "Quy định về một việc")
    assert (meta.doc_type, meta.title) == (doc_type, "Quy định về một việc")


@pytest.mark.parametrize(
    ("number", "doc_type"),
    [
        ("Số: 12/2025/TTLT-BTC-BYT", "thông tư liên tịch"),
        ("Số: 5/CĐ-TTg", "công điện"),
        ("Số: 296/2025/NĐ-CP", "nghị định"),
    ],
)
def test_without_a_type_line_the_number_code_gives_the_type(number: str, doc_type: str) -> None:
    assert meta_of("CHÍNH PHỦ", number, BODY).doc_type == doc_type


@pytest.mark.parametrize(
    ("issuer_lines", "issuer"),
    [
        ("QUỐC HỘI", "Quốc hội"),
        ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
        ("CHÍNH PHỦ", "Chính phủ"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("CHỦ TỊCH NƯỚC", "Chủ tịch nước"),
        ("BỘ VĂN HÓA, THỂ THAO\nVÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
        ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
        ("NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
        ("KIỂM TOÁN NHÀ NƯỚC", "Kiểm toán Nhà nước"),
        ("BỘ TÀI CHÍNH - BỘ Y TẾ", "Bộ Tài chính - Bộ Y tế"),
        ("BỘ DÂN TỘC VÀ TÔN GIÁO", "Bộ Dân tộc và Tôn giáo"),
    ],
)
def test_central_issuers_have_no_locality(issuer_lines: str, issuer: str) -> None:
    meta = header(issuer_lines, "Số: 12/2025/TT-X", "THÔNG TƯ", "Quy định một việc")
    assert (meta.issuer, meta.issuer_level) == (issuer, "trung ương")
    # "Hà Nội, ngày …" is where it was signed, not a locality it reports on
    assert meta.locality is meta.locality_level is meta.province is None


def test_a_header_less_text_takes_its_issuer_from_the_enacting_sentence() -> None:
    meta = meta_of(
        "THÔNG TƯ",
        "Quy định về phòng cháy",
        "Căn cứ Luật Phòng cháy số 55/2024/QH15;",
        "Bộ trưởng Bộ Công an ban hành Thông tư quy định về phòng cháy.",
        "Điều 1. Phạm vi",
    )
    assert (meta.issuer, meta.issuer_level) == ("Bộ Công an", "trung ương")


def test_a_citation_of_a_central_body_does_not_make_a_report_central() -> None:
    meta = meta_of(
        "BÁO CÁO",
        "Kết quả năm 2024",
        "Thực hiện Quyết định số 12/QĐ-TTg của Thủ tướng Chính phủ ban hành Chương trình …",
    )
    assert meta.issuer is None


@pytest.mark.parametrize(
    ("issuer_lines", "issuer", "level", "locality", "province"),
    [
        ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", "UBND tỉnh Nghệ An", "tỉnh", "Nghệ An", "Nghệ An"),
        (
            "ỦY BAN NHÂN DÂN\nHUYỆN QUỲNH LƯU",
            "UBND huyện Quỳnh Lưu",
            "huyện",
            "Quỳnh Lưu",
            "Nghệ An",
        ),
        ("ỦY BAN NHÂN DÂN\nXÃ QUỲNH THẠCH", "UBND xã Quỳnh Thạch", "xã", "Quỳnh Lưu", "Nghệ An"),
        ("HỘI ĐỒNG NHÂN DÂN\nTỈNH NGHỆ AN", "HĐND tỉnh Nghệ An", "tỉnh", "Nghệ An", "Nghệ An"),
    ],
)
def test_local_issuers_and_their_level(
    issuer_lines: str, issuer: str, level: str, locality: str, province: str
) -> None:
    meta = meta_of(
        issuer_lines,
        MOTTO,
        "Số: 12/BC-UBND",
        "Nghệ An, ngày 3 tháng 4 năm 2024",
        "BÁO CÁO",
        "Kết quả năm 2023",
        "Thực hiện chỉ đạo của UBND huyện Quỳnh Lưu, tỉnh Nghệ An",
    )
    assert (meta.issuer, meta.issuer_level) == (issuer, level)
    assert (meta.locality, meta.province) == (locality, province)


@pytest.mark.parametrize(
    ("line", "date", "source"),
    [
        ("Hà Nội, ngày 25 tháng 11 năm 2025", "2025-11-25", "date line"),
        ("TP. Hồ Chí Minh, ngày 3 tháng 4 năm 2024", "2024-04-03", "date line"),
        ("Triệu Sơn, ngày tháng năm 2022", "2022", "date line (year only)"),
        ("Hà Nội, ngày … tháng … năm 2025", "2025", "date line (year only)"),
    ],
)
def test_place_and_date_line(line: str, date: str, source: str) -> None:
    meta = meta_of("CHÍNH PHỦ", "Số: 1/2025/NĐ-CP", line, "NGHỊ ĐỊNH", "Quy định", BODY)
    assert (meta.date, meta.date_source) == (date, source)


def test_a_date_cited_in_the_body_is_not_the_documents_date() -> None:
    meta = meta_of(
        "NGHỊ ĐỊNH", "Quy định", "Căn cứ Nghị định số 1/2024/NĐ-CP ngày 10 tháng 7 năm 2024;"
    )
    assert meta.date is None


def test_a_date_cited_in_the_title_is_not_the_documents_date() -> None:
    meta = meta_of("NGHỊ ĐỊNH", "Sửa đổi Nghị định số 85/2025/NĐ-CP ngày 08 tháng 4 năm 2025", BODY)
    assert meta.date is None


def test_a_law_is_dated_by_its_adoption() -> None:
    meta = meta_of(
        "QUỐC HỘI",
        "Luật số: 144/2025/QH15",
        "LUẬT",
        "SỬA ĐỔI LUẬT GIÁ",
        "Căn cứ Hiến pháp;",
        "Luật này được Quốc hội khóa XV, kỳ họp thứ 10 thông qua ngày 11 tháng 12 năm 2025.",
    )
    assert (meta.date, meta.date_source) == ("2025-12-11", "adoption")
    assert (meta.doc_type, meta.title, meta.issuer) == ("luật", "SỬA ĐỔI LUẬT GIÁ", "Quốc hội")


TITLE = "Triển khai thực hiện Chương trình chuyển đổi số giai đoạn 2021 - 2025"
HEAD = [
    "ỦY BAN NHÂN DÂN",
    "HUYỆN QUỲNH LƯU",
    "Số: 45/KH-UBND",
    "Quỳnh Lưu, ngày 5 tháng 3 năm 2021",
]
INTRO = "Thực hiện Kế hoạch số 112/KH-UBND ngày 01/3/2021 của UBND tỉnh, UBND huyện như sau:"


@pytest.mark.parametrize(
    ("blocks", "title"),
    [
        # .txt: the header is one block of lines
        (["\n".join([*HEAD, "KẾ HOẠCH", TITLE, INTRO])], TITLE),
        # .docx: one paragraph per line
        ([*HEAD, "KẾ HOẠCH", TITLE, INTRO, "I. MỤC ĐÍCH"], TITLE),
        # a title wrapped over lines stops at the first heading
        (["\n".join([*HEAD, "KẾ HOẠCH", TITLE[:40], TITLE[41:], "I. MỤC ĐÍCH, YÊU CẦU"])], TITLE),
        # the PDF paragraph rebuild ran the title into the first body paragraph
        ([*HEAD, "KẾ HOẠCH", f"{TITLE} {INTRO}"], TITLE),
        # an upper-case title on the type line's own line (PDF)
        ([*HEAD, "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2021", INTRO], "CHUYỂN ĐỔI SỐ NĂM 2021"),
        # a separator rule and the enacting authority end the title
        (["KẾ HOẠCH", "VỀ CHUYỂN ĐỔI SỐ", "________", "CHỦ TỊCH", BODY], "VỀ CHUYỂN ĐỔI SỐ"),
        (
            ["NGHỊ QUYẾT", "VỀ VIỆC CÔNG BỐ NGHỊ ĐỊNH", "CHÍNH PHỦ", BODY],
            "VỀ VIỆC CÔNG BỐ NGHỊ ĐỊNH",
        ),
        # the flattening glued the authority to the last title line
        (["NGHỊ QUYẾT", "VỀ VIỆC GIA HẠN HIỆU LỰC CHÍNH PHỦ", BODY], "VỀ VIỆC GIA HẠN HIỆU LỰC"),
        # … but "của Chính phủ" is part of the title
        (
            ["NGHỊ QUYẾT", "VỀ QUY CHẾ LÀM VIỆC CỦA CHÍNH PHỦ", BODY],
            "VỀ QUY CHẾ LÀM VIỆC CỦA CHÍNH PHỦ",
        ),
        # … and so is a wrapped line that only starts like an authority, after a line
        # that cannot end a title (a comma, a connector), before the real authority
        (
            [
                "QUYẾT ĐỊNH",
                "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH,",
                "ỦY BAN NHÂN DÂN CÁC HUYỆN TRONG QUẢN LÝ ĐẤT ĐAI",
                "ỦY BAN NHÂN DÂN TỈNH",
                BODY,
            ],
            "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH, "
            "ỦY BAN NHÂN DÂN CÁC HUYỆN TRONG QUẢN LÝ ĐẤT ĐAI",
        ),
        (
            ["QUYẾT ĐỊNH", "VỀ QUY CHẾ LÀM VIỆC CỦA", "BỘ TRƯỞNG BỘ TÀI CHÍNH", BODY],
            "VỀ QUY CHẾ LÀM VIỆC CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH",
        ),
        # the same, flattened into one line by a PDF, with and without the authority
        (
            [
                "QUYẾT ĐỊNH",
                "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH, ỦY BAN NHÂN DÂN CÁC HUYỆN "
                "TRONG QUẢN LÝ ĐẤT ĐAI",
                BODY,
            ],
            "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH, "
            "ỦY BAN NHÂN DÂN CÁC HUYỆN TRONG QUẢN LÝ ĐẤT ĐAI",
        ),
        (
            [
                "QUYẾT ĐỊNH",
                "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH, ỦY BAN NHÂN DÂN CÁC HUYỆN "
                "TRONG QUẢN LÝ ĐẤT ĐAI ỦY BAN NHÂN DÂN TỈNH",
                BODY,
            ],
            "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ, NGÀNH, "
            "ỦY BAN NHÂN DÂN CÁC HUYỆN TRONG QUẢN LÝ ĐẤT ĐAI",
        ),
        # a title that repeats the type word
        (
            ["THÔNG TƯ", "Thông tư sửa đổi Thông tư số 1/2024/TT-BTC", BODY],
            "sửa đổi Thông tư số 1/2024/TT-BTC",
        ),
        # a lead-in ending with ":" is the body, whatever its first word
        (
            ["KẾ HOẠCH", "Chuyển đổi số năm 2025", "Để triển khai, UBND xã ban hành như sau:"],
            "Chuyển đổi số năm 2025",
        ),
        # a công văn: the "V/v" line
        (["Số: 12/UBND-VP", "V/v báo cáo kết quả", "Kính gửi: Sở Nội vụ"], "báo cáo kết quả"),
    ],
)
def test_title_is_the_lines_between_the_type_word_and_the_body(
    blocks: list[str], title: str
) -> None:
    assert meta_of(blocks=blocks).title == title


def test_title_from_pdf_lines_rebuilt_into_paragraphs() -> None:
    page = [*HEAD, "KẾ HOẠCH", TITLE, INTRO[:50], INTRO[51:], "I. MỤC ĐÍCH"]
    blocks = [b.text for b in lines_to_blocks(page, 1)]
    assert meta_of(blocks=blocks).title == TITLE


SIGNED = ["Điều 3. Hiệu lực thi hành", "Thông tư này có hiệu lực từ ngày 01/01/2026."]


@pytest.mark.parametrize(
    ("tail", "signer"),
    [
        (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "(Đã ký)", "Nguyễn Danh Huy"], "Nguyễn Danh Huy"),
        (
            ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "[daky]", "Trần Hồng Hà"],
            "Trần Hồng Hà",
        ),
        (["BỘ TRƯỞNG", "Đại tướng Lương Tam Quang"], "Lương Tam Quang"),
        (["CHỦ TỊCH", "NGUYỄN VĂN AN"], "Nguyễn Văn An"),
        (["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "THƯỜNG TRỰC", "(Đã ký)", "Vũ Mạnh Hà"], "Vũ Mạnh Hà"),
        (["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "K' Linh"], "K' Linh"),
        (["TM. BAN CHẤP HÀNH TRUNG ƯƠNG", "TỔNG BÍ THƯ", "TÔ LÂM"], "Tô Lâm"),
        (["Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "Tống Thanh Bình"], "Tống Thanh Bình"),
        # the signature block comes before the appendix and its form
        (
            ["BỘ TRƯỞNG", "Lê Minh Hoan", "PHỤ LỤC", "THỦ TRƯỞNG CƠ QUAN", "Nguyễn Văn A"],
            "Lê Minh Hoan",
        ),
        # no signature block: a place, a body or a filing note is never a signer
        (["Huyện Quỳnh Lưu"], None),
        (["Quỳnh Lưu"], None),
        (["UBND HUYỆN QUỲNH LƯU"], None),
        (["Nơi nhận:", "- Như trên;", "Lưu VT"], None),
        (["THỦ TRƯỞNG CƠ QUAN", "(Ký, ghi rõ họ tên, đóng dấu)"], None),
    ],
)
def test_signer_comes_from_the_signature_block_only(tail: list[str], signer: str | None) -> None:
    meta = meta_of("THÔNG TƯ", "Quy định một việc", "Căn cứ Luật số 1/2024/QH15;", *SIGNED, *tail)
    assert meta.signer == signer


@pytest.mark.parametrize(
    ("line", "person"),
    [
        ("Nguyễn Mạnh Hùng", True),
        ("PHẠM THỊ THANH TRÀ", True),
        ("K' Linh", True),
        ("Huyện Quỳnh Lưu", False),
        ("Bộ Tài Chính", False),
        ("Lưu VT", False),
        ("Nguyễn", False),
        ("Điều 3", False),
    ],
)
def test_looks_like_person(line: str, person: bool) -> None:
    assert looks_like_person(line) is person


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Luật số 63/2025/QH15", ["63/2025/QH15"]),
        ("Pháp lệnh số 28/2005/PL-UBTVQH11", ["28/2005/PL-UBTVQH11"]),
        ("Nghị định số 296/2025/NĐ-CP", ["296/2025/NĐ-CP"]),
    ],
)
def test_references_with_a_year_and_a_term(text: str, codes: list[str]) -> None:
    assert find_codes(text) == codes


def test_a_pdf_report_gives_its_title_and_signer() -> None:
    raw = load_path(DATA / "signed_report.pdf")
    texts = [b.text for b in normalize_blocks(raw.blocks)]
    meta = extract_metadata(texts, "\n\n".join(texts))[0]
    assert meta.title == "Kết quả thực hiện Chương trình chuyển đổi số giai đoạn 2021 - 2025"
    assert (meta.doc_type, meta.number, meta.date) == ("báo cáo", "45/BC-UBND", "2022-03-05")
    assert (meta.issuer, meta.issuer_level) == ("UBND huyện Quỳnh Lưu", "huyện")
    assert meta.signer == "Lê Quang Trung"


#: header-ish text: capitals, digits, the separators and words the rules look for
header_text = st.lists(
    st.sampled_from(
        [
            "CHÍNH PHỦ",
            "ỦY BAN NHÂN DÂN",
            "HUYỆN",
            "Số:",
            "Số: 12/",
            "/2025/NĐ-CP",
            "ngày",
            "tháng",
            "năm 2025",
            "NGHỊ ĐỊNH",
            "THÔNG TƯ",
            "Căn cứ",
            "Thực hiện",
            "KT. BỘ TRƯỞNG",
            "(Đã ký)",
            "Nơi nhận:",
            "-",
            "\n",
            "_____",
            "Nguyễn Văn",
            "Hà Nội,",
            "V/v",
            "ban hành",
            "Luật này được Quốc hội thông qua ngày 1 tháng 2 năm 2025",
        ]
    ),
    max_size=40,
).map(" ".join)


@given(st.lists(header_text, max_size=6))
def test_extraction_never_raises_and_fields_stay_typed(blocks: list[str]) -> None:
    meta, _ = extract_metadata(blocks, "\n\n".join(blocks))
    for field in ("doc_type", "number", "date", "issuer", "issuer_level", "title", "signer"):
        assert getattr(meta, field) is None or isinstance(getattr(meta, field), str)
    assert meta.issuer_level in (None, "trung ương", "tỉnh", "huyện", "xã")


def _file_meta(path: Path) -> DocMeta:
    texts = [b.text for b in normalize_blocks(load_path(path).blocks)]
    return extract_metadata(texts, "\n\n".join(texts))[0]


@pytest.mark.parametrize("name", ["bao_lam.docx", "bao_lam.pdf", "bao_lam.html"])
def test_every_format_of_a_report_gives_the_metadata_of_its_text(name: str) -> None:
    want = _file_meta(CORPUS / "001_ce3986df2ff70fe6.txt")
    got = _file_meta(DATA / name)
    for field in ("doc_type", "date", "issuer", "issuer_level", "title", "signer"):
        assert getattr(got, field) == getattr(want, field), field


def test_metadata_stored_before_issuer_level_still_reads() -> None:
    old = {"doc_type": "báo cáo", "issuer": "UBND thị xã Bỉm Sơn", "references": ["20-NQ/TW"]}
    meta = DocMeta.from_dict(old)
    assert meta.issuer_level is None and meta.references == ("20-NQ/TW",)
