"""Targets written as a numbered "label: value" list (issue 14): "(3) Tỷ lệ …: 10% trở lên",
"2. Thu nhập bình quân …: 52 triệu đồng/người/năm", "- Số tổ dân phố …: 05/08 tổ dân phố".

The texts are the helper's own variants in the layouts of real commune and district plans (names,
figures and units invented); each list sits under a heading that is not a numbered "chỉ tiêu"
section ("Các chỉ tiêu chủ yếu (…)", "Mục tiêu cụ thể:").
"""

import re

import pytest

from campaigns.parsing import parse_launch_document


def _targets(text: str) -> list[dict]:
    return [
        {k: t[k] for k in ("name", "value", "unit", "direction")}
        for t in parse_launch_document(text)["targets"]
    ]


def _target(name: str, value, unit: str, direction: str = "reach") -> dict:
    return {"name": name, "value": value, "unit": unit, "direction": direction}


# "(n)" numbering, group bullets, a count of a total and lines without a figure
PARENTHESISED = """\
Các chỉ tiêu chủ yếu (giai đoạn 2026-2030)
- Về kinh tế:
(1) Tổng giá trị sản xuất trên địa bàn đến năm 2030: 320 tỷ đồng.
(2) Thu nhập bình quân đầu người đến năm 2030: 58 triệu đồng/người/năm.
(3) Tỷ lệ tăng thu ngân sách xã so với năm trước: 8% trở lên.
(4) Đến năm 2030 xây dựng xã đạt chuẩn nông thôn mới kiểu mẫu.
(5) Số tổ dân phố đạt chuẩn văn minh đô thị (theo Nghị quyết 07-NQ/ĐU ngày 02/3/2026): 05/08 tổ dân phố.
- Về văn hóa – xã hội:
(6) Tỷ lệ hộ cận nghèo giảm bình quân hằng năm: trên 12%.
(7) Tỷ lệ người dân có thẻ bảo hiểm y tế: từ 95% trở lên.
(8) Tỷ suất sinh thô hằng năm: 1,3‰.
(9) Duy trì trường đạt chuẩn quốc gia mức độ 2.
(10) Tỷ lệ hộ gia đình dùng nước hợp vệ sinh: 99,5%.
"""

PARENTHESISED_EXPECTED = [
    _target("Tổng giá trị sản xuất trên địa bàn đến năm 2030", 320, "tỷ đồng"),
    _target("Thu nhập bình quân đầu người đến năm 2030", 58, "triệu đồng/người/năm"),
    _target("Tỷ lệ tăng thu ngân sách xã so với năm trước", 8, "%"),
    _target("Số tổ dân phố đạt chuẩn văn minh đô thị", 5, "tổ dân phố"),
    _target("Tỷ lệ hộ cận nghèo giảm bình quân hằng năm", 12, "%", "reduce"),
    _target("Tỷ lệ người dân có thẻ bảo hiểm y tế", 95, "%"),
    _target("Tỷ suất sinh thô hằng năm", 1.3, "‰"),
    _target("Tỷ lệ hộ gia đình dùng nước hợp vệ sinh", 99.5, "%"),
]

# "n." numbering under a plain "Mục tiêu cụ thể:" line, "phấn đấu" before the name, an upper bound
NUMBERED = """\
II. MỤC TIÊU
Mục tiêu cụ thể:
1. Phấn đấu tốc độ tăng trưởng kinh tế bình quân: 7,5%.
2. Thu ngân sách nhà nước trên địa bàn năm 2026: 1.250 triệu đồng.
3. Tỷ lệ lao động có việc làm mới qua đào tạo: 72%.
4. Giữ vững xã đạt chuẩn tiếp cận pháp luật.
5. Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi: dưới 9%.
6. Số hội viên nông dân mới kết nạp trong năm: 60 hội viên trở lên.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Đẩy mạnh chuyển đổi cơ cấu cây trồng, vật nuôi.
"""

NUMBERED_EXPECTED = [
    _target("Tốc độ tăng trưởng kinh tế bình quân", 7.5, "%"),
    _target("Thu ngân sách nhà nước trên địa bàn năm 2026", 1250, "triệu đồng"),
    _target("Tỷ lệ lao động có việc làm mới qua đào tạo", 72, "%"),
    _target("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi", 9, "%", "at_most"),
    _target("Số hội viên nông dân mới kết nạp trong năm", 60, "hội viên"),
]

# "-" bullets, "a)" numbering inside, "không quá", a measure per unit of area
BULLETED = """\
2. Chỉ tiêu cụ thể
- Diện tích lúa chất lượng cao: 180 ha.
- Năng suất lúa bình quân: từ 62 tạ/ha trở lên.
- Sản lượng lương thực có hạt cả năm: 2.450 tấn.
- Tỷ lệ chất thải rắn sinh hoạt được thu gom: trên 85%.
- Tỷ lệ hộ nghèo đa chiều cuối năm: không quá 3,2%.
a) Số sản phẩm OCOP đạt 3 sao: 04 sản phẩm.
- Xây dựng đời sống văn hóa ở khu dân cư.
3. Nhiệm vụ, giải pháp
- Giao chỉ tiêu cho từng thôn: 12 thôn.
"""

BULLETED_EXPECTED = [
    _target("Diện tích lúa chất lượng cao", 180, "ha"),
    _target("Năng suất lúa bình quân", 62, "tạ/ha"),
    _target("Sản lượng lương thực có hạt cả năm", 2450, "tấn"),
    _target("Tỷ lệ chất thải rắn sinh hoạt được thu gom", 85, "%"),
    _target("Tỷ lệ hộ nghèo đa chiều cuối năm", 3.2, "%", "at_most"),
    _target("Số sản phẩm OCOP đạt 3 sao", 4, "sản phẩm"),
]


# a numbered "Mục tiêu cụ thể" heading over "n)" items
UNDER_SPECIFIC_AIMS = """\
2. Mục tiêu cụ thể
1) Tỷ lệ thôn có nhà văn hóa đạt chuẩn: 100%.
2) Số câu lạc bộ thể dục thể thao ở thôn: 14 câu lạc bộ.
3) Tỷ lệ hộ nghèo giảm trong năm: 1,8%.
3. Nhiệm vụ trọng tâm
"""

UNDER_SPECIFIC_AIMS_EXPECTED = [
    _target("Tỷ lệ thôn có nhà văn hóa đạt chuẩn", 100, "%"),
    _target("Số câu lạc bộ thể dục thể thao ở thôn", 14, "câu lạc bộ"),
    _target("Tỷ lệ hộ nghèo giảm trong năm", 1.8, "%", "reduce"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PARENTHESISED, PARENTHESISED_EXPECTED),
        (NUMBERED, NUMBERED_EXPECTED),
        (BULLETED, BULLETED_EXPECTED),
        (UNDER_SPECIFIC_AIMS, UNDER_SPECIFIC_AIMS_EXPECTED),
    ],
    ids=["parenthesised", "numbered", "bulleted", "specific-aims"],
)
def test_label_value_lists_give_each_target_and_nothing_else(text, expected):
    assert _targets(text) == expected


def test_the_list_keeps_its_groups():
    groups = [t.get("group") for t in parse_launch_document(PARENTHESISED)["targets"]]
    assert groups == ["economic"] * 4 + ["social"] * 4


def test_numbering_never_stays_in_a_name():
    for text in (PARENTHESISED, NUMBERED, BULLETED, UNDER_SPECIFIC_AIMS):
        for target in parse_launch_document(text)["targets"]:
            assert not re.match(r"[\d(]|[a-zđ]\)", target["name"]), target


def test_a_count_larger_than_its_total_is_not_read_as_a_value():
    text = "Các chỉ tiêu chủ yếu\n(1) Số thôn đạt chuẩn văn hóa: 09/04 thôn.\n"
    assert _targets(text) == []


def test_a_breakdown_after_the_value_is_left_out_not_glued_to_the_name():
    text = "Các chỉ tiêu chủ yếu\n(1) Số phòng học kiên cố: 24 phòng học, trong đó xây mới 6 phòng học.\n"
    assert _targets(text) == [_target("Số phòng học kiên cố", 24, "phòng học")]


def test_outside_a_targets_list_a_label_value_line_is_no_target():
    text = "III. TỔ CHỨC THỰC HIỆN\n1. Kinh phí thực hiện: 50 triệu đồng.\n- Thời gian: 30 ngày.\n"
    assert _targets(text) == []
