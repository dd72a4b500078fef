"""Vietnamese figures and target clauses, one rule per case."""

from decimal import Decimal

import pytest

from campaigns.parsing import parse_launch_document, parse_vn_number
from core.formats import parse_vn_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.130,5", Decimal("3130.5")),
        ("84,770", Decimal("84.77")),
        ("8.920", Decimal("8920")),
        ("1.296,67", Decimal("1296.67")),
        ("2.236", Decimal("2236")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("01", Decimal("1")),
        ("9%", Decimal("9")),
        ("9 %", Decimal("9")),
        ("0,45‰", Decimal("0.45")),
        (" 16,5 ", Decimal("16.5")),
        ("2.5", Decimal("2.5")),  # a lone dot before 1-2 digits is an English decimal point
    ],
)
def test_parse_vn_number(text, expected):
    assert parse_vn_number(text) == expected


@pytest.mark.parametrize("text", ["", "%", "abc", "3.13,5", "1,2,3", "12.34.56"])
def test_parse_vn_number_refuses_malformed(text):
    with pytest.raises(ValueError):  # noqa: PT011 - ValueError is the documented contract
        parse_vn_number(text)


def test_core_parser_reads_signs():
    assert parse_vn_decimal("-2,5") == Decimal("-2.5")
    assert parse_vn_decimal("+1.000") == Decimal("1000")


def _targets(clauses: str) -> list[tuple]:
    text = f"II. CHỈ TIÊU\n{clauses}\nIII. TỔ CHỨC THỰC HIỆN\nCác cơ quan thực hiện."
    return [
        (t["name"], t["value"], t["unit"], t["direction"]) for t in parse_launch_document(text)["targets"]
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("- Tỷ lệ lao động qua đào tạo đạt 64%.", ("Tỷ lệ lao động qua đào tạo", 64, "%", "reach")),
        ("- Tỷ lệ hộ nghèo đạt 70% trở lên.", ("Tỷ lệ hộ nghèo", 70, "%", "reach")),
        ("- Tỷ lệ tiêm chủng tối thiểu 95%.", ("Tỷ lệ tiêm chủng", 95, "%", "reach")),
        ("- Tỷ lệ che phủ rừng trên 50%.", ("Tỷ lệ che phủ rừng", 50, "%", "reach")),
        ("- Tỷ lệ trẻ suy dinh dưỡng dưới 12%.", ("Tỷ lệ trẻ suy dinh dưỡng", 12, "%", "at_most")),
        ("- Tỷ lệ sinh con thứ ba không quá 0,45‰.", ("Tỷ lệ sinh con thứ ba", 0.45, "‰", "at_most")),
        ("- Chi phí tiếp khách tối đa 20 triệu đồng.", ("Chi phí tiếp khách", 20, "triệu đồng", "at_most")),
        ("- Tỷ lệ hộ nghèo giảm 2,5%.", ("Tỷ lệ hộ nghèo", 2.5, "%", "reduce")),
        ("- Giảm tai nạn giao thông từ 5% trở lên.", ("Giảm tai nạn giao thông", 5, "%", "reduce")),
        ("- Duy trì 100% xã đạt chuẩn.", ("Duy trì xã đạt chuẩn", 100, "%", "keep")),
        (
            "- Giữ vững 19/19 tiêu chí, tỷ lệ xã đạt chuẩn giữ vững 100%.",
            ("Tỷ lệ xã đạt chuẩn", 100, "%", "keep"),
        ),
        ("- GRDP tăng khoảng 9%.", ("GRDP", 9, "%", "reach")),
        ("- Thu ngân sách đạt 84,770 tỷ đồng.", ("Thu ngân sách", 84.77, "tỷ đồng", "reach")),
        ("- Sản lượng lương thực đạt 8.920 tấn.", ("Sản lượng lương thực", 8920, "tấn", "reach")),
        ("- Trồng rừng mới 1.100 ha.", ("Trồng rừng mới", 1100, "ha", "reach")),
    ],
)
def test_target_direction_and_figure(clause, expected):
    assert _targets(clause) == [expected]


def test_inline_semicolon_targets_in_a_sentence_outside_any_targets_section():
    text = (
        "KẾ HOẠCH\nThi đua năm 2025\n"
        "Năm 2025 toàn huyện phấn đấu: GRDP khoảng 9%; thu ngân sách đạt 2.236 tỷ đồng; "
        "tỷ lệ hộ nghèo giảm 3% so với năm trước; 20 năm thành lập huyện."
    )
    result = parse_launch_document(text)
    assert [(t["name"], t["value"], t["unit"], t["direction"]) for t in result["targets"]] == [
        ("GRDP", 9, "%", "reach"),
        ("Thu ngân sách", 2236, "tỷ đồng", "reach"),
        ("Tỷ lệ hộ nghèo", 3, "%", "reduce"),
    ]


def test_figures_that_are_not_targets_are_ignored():
    text = (
        "KẾ HOẠCH\nKỷ niệm 20 năm thành lập huyện\n"
        "Năm 2024 kỷ niệm 60 năm thành lập huyện, 22 năm chia tách; thực hiện 05 nội dung thi đua "
        "và 4 khâu; Chỉ thị số 19/CT-TTg ngày 16/7/2021."
    )
    assert parse_launch_document(text)["targets"] == []


def test_two_measures_of_one_indicator():
    assert _targets("- Kim ngạch xuất khẩu đạt 16,5 triệu USD, tăng 9,3%.") == [
        ("Kim ngạch xuất khẩu", 16.5, "triệu USD", "reach"),
        ("Kim ngạch xuất khẩu tăng", 9.3, "%", "reach"),
    ]


def test_report_deadlines_monthly_and_yearly():
    text = (
        "HƯỚNG DẪN\nCông tác thi đua năm 2025\n"
        "Các đơn vị báo cáo kết quả trước ngày 20 hàng tháng. "
        "Báo cáo tổng kết gửi trước ngày 15 tháng 11 hằng năm. "
        "Hồ sơ khen thưởng nộp trước ngày 10/12/2025."
    )
    result = parse_launch_document(text)
    assert result["doc_type"] == "huong_dan"
    assert result["report_deadlines"] == [
        {"day": 20, "month": None, "recurring": "monthly"},
        {"day": 15, "month": 11, "recurring": "yearly"},
    ]


def test_absent_fields_are_empty_not_guessed():
    result = parse_launch_document("Các cơ quan, đơn vị tổ chức thực hiện tốt phong trào thi đua.")
    assert {k: v for k, v in result.items() if v not in (None, [])} == {}


def test_campaign_title_from_subject():
    from campaigns.parsing import campaign_title_from_subject

    assert campaign_title_from_subject("Về việc phát động phong trào thi đua năm 2024") == (
        "Phát động phong trào thi đua năm 2024"
    )
    assert (
        campaign_title_from_subject("V/v triển khai Chỉ thị số 19/CT-TTg")
        == "Triển khai Chỉ thị số 19/CT-TTg"
    )
    assert campaign_title_from_subject("Phong trào thi đua") == "Phong trào thi đua"
    assert campaign_title_from_subject(None) == ""
