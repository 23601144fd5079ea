"""Place resolution with the real pre-2025 gazetteer."""

from __future__ import annotations

from rag.text.gazetteer import get_gazetteer


def test_two_bao_lam_districts_exist_and_text_decides() -> None:
    gaz = get_gazetteer()
    provinces = {u.province for u in gaz.district_candidates("Bảo Lâm")}
    assert provinces == {"Cao Bằng", "Lâm Đồng"}
    lam_dong = "các xã Lộc An, Lộc Đức, Tân Lạc, Lộc Nam"
    cao_bang = "các xã Lý Bôn, Nam Quang, Vĩnh Quang"
    assert gaz.resolve_district("Bảo Lâm", lam_dong).province == "Lâm Đồng"  # type: ignore[union-attr]
    assert gaz.resolve_district("Bảo Lâm", cao_bang).province == "Cao Bằng"  # type: ignore[union-attr]
    assert gaz.resolve_district("Bảo Lâm", "không có gợi ý nào") is None


def test_accent_errors_resolve_to_the_real_name() -> None:
    # the header of 000 reads "BÌM SƠN" (an OCR error for Bỉm Sơn)
    unit = get_gazetteer().resolve_district("Bìm Sơn", "")
    assert unit is not None and unit.name == "Bỉm Sơn" and unit.province == "Thanh Hóa"


def test_hue_keeps_its_pre_2025_name_for_old_documents() -> None:
    gaz = get_gazetteer()
    assert gaz.province_label("Huế", "2017-03-22") == ("Thừa Thiên Huế", "tỉnh")
    assert gaz.province_label("Huế", "2025-06-01")[0] == "Huế"


def test_mentions_resolve_inside_the_document_area() -> None:
    gaz = get_gazetteer()
    text = (
        "xử lý nước thải tại phường Phú Sơn, thị xã Bỉm Sơn; vùng rau tại phường Lam Sơn; "
        "mô hình tại xã Thọ Sơn"
    )
    labels = [p.label for p in gaz.mentions(text, "Thanh Hóa", "Bỉm Sơn")]
    assert labels == ["phường Phú Sơn", "thị xã Bỉm Sơn", "phường Lam Sơn"]
    # xã Thọ Sơn exists, but not in Bỉm Sơn: it is kept out of this document's places
    assert "xã Thọ Sơn" in [p.label for p in gaz.mentions(text, "Thanh Hóa", "Triệu Sơn")]


def test_a_name_is_resolved_as_written_when_another_differs_only_by_its_marks() -> None:
    gaz = get_gazetteer()
    text = "tại các xã Lộc Nam, Lộc Thành, Lộc Quảng"
    assert [p.name for p in gaz.mentions(text, "Lâm Đồng", None)] == [
        "Lộc Nam",
        "Lộc Thành",
        "Lộc Quảng",
    ]
    assert [p.name for p in gaz.mentions("xã Lộc Thanh", "Lâm Đồng", None)] == ["Lộc Thanh"]
