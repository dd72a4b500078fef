"""Field-by-field: every field each of the four real seed documents states, and null/empty for
every field it does not state (seed 000 "Số: /CT-UBND" has no number; "ngày tháng năm 2024" has
a year but no date). Then the same seeds re-wrapped, as .docx and as a text-layer PDF."""

import functools
import json

import pytest

from campaigns.extraction import extract_text
from campaigns.parsing import LaunchDocumentData, parse_launch_document
from campaigns.tests.seeds import seed_text
from campaigns.tests.variants import pdftotext, rewrap, to_docx, to_pdf

EXPECTED = {
    "000": {
        "doc_type": "chi_thi",
        "number": None,
        "symbol": "CT-UBND",
        "issuer": "Ủy ban nhân dân huyện Tam Đường",
        "place": "Tam Đường",
        "date": None,
        "year": 2024,
        "subject": "Về việc phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển "
        "kinh tế - xã hội, bảo đảm quốc phòng - an ninh năm 2024",
        "theme": "Đoàn kết, trách nhiệm, sáng tạo thi đua phấn đấu hoàn thành xuất sắc nhiệm vụ phát triển "
        "kinh tế - xã hội năm 2024 góp phần hoàn thành các chỉ tiêu kinh tế - xã hội giai đoạn "
        "(2021-2025)",
        "period_start": None,
        "period_end": None,
        "report_deadlines": [],
        "targets": [],
        "award_forms": [],
        "movements": [
            "Dân vận khéo",
            "Toàn dân đoàn kết xây dựng nông thôn mới và đô thị văn minh",
            "Lai Châu chung sức Xây dựng nông thôn mới",
            "Lai Châu chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
            "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030",
            "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí",
            "Cán bộ, công chức, viên chức tỉnh Lai Châu thi đua thực hiện văn hóa công sở",
        ],
        "signer_name": "Sùng Lữ Páo",
        "signer_title": "CHỦ TỊCH",
        "signing_capacity": "TM. ỦY BAN NHÂN DÂN",
        "recipients": [
            "Hội đồng TĐKT tỉnh",
            "TT. Huyện ủy",
            "TT. HĐND huyện",
            "Chủ tịch, các Phó Chủ tịch UBND huyện",
            "Các cơ quan, ban, ngành, đoàn thể huyện",
            "UBND các xã, thị trấn",
            "Các Doanh nghiệp, HTX trên địa bàn huyện",
        ],
    },
    "001": {
        "doc_type": "cong_van",
        "number": "2458",
        "symbol": "UBND-NC",
        "issuer": "Ủy ban nhân dân tỉnh Điện Biên",
        "place": "Điện Biên",
        "date": "2021-08-05",
        "year": 2021,
        "subject": "V/v triển khai thực hiện Chỉ thị số 19/CT-TTg của Thủ tướng Chính phủ",
        "theme": None,
        "period_start": None,
        "period_end": None,
        "report_deadlines": [{"day": 5, "month": 12, "recurring": "yearly"}],
        "targets": [],
        "award_forms": [],
        "movements": [
            "Cả nước chung sức xây dựng Nông thôn mới",
            "Cả nước chung tay vì người nghèo, không để ai bị bỏ lại phía sau",
            "Doanh nghiệp Việt Nam hội nhập phát triển",
            "Cán bộ, công chức, viên chức thực hiện văn hóa công sở",
            "Người Việt Nam ưu tiên dùng hàng Việt Nam",
            "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        ],
        "signer_name": "Lê Thành Đô",
        "signer_title": "CHỦ TỊCH",
        "signing_capacity": "TM. ỦY BAN NHÂN DÂN",
        "recipients": [
            "Các Sở, ban, ngành, MTTQ, đoàn thể tỉnh",
            "UBND các huyện, thị xã, thành phố",
            "Lực lượng Vũ trang nhân dân tỉnh",
            "Khối Trường Chuyên nghiệp tỉnh",
            "Các Doanh nghiệp tham gia cụm, khối thi đua của tỉnh",
            "Ban TĐKT Trung ương",
            "TT. Tỉnh ủy",
            "TT. HĐND tỉnh",
            "Vụ III- Ban TĐKT TW",
            "Sở Nội vụ (Ban TĐKT)",
        ],
    },
    "002": {
        "doc_type": "ke_hoach",
        "number": None,
        "symbol": "KH-UBND",
        "issuer": "Ủy ban nhân dân huyện Tam Đường",
        "place": "Tam Đường",
        "date": None,
        "year": 2022,
        "subject": "Phát động đợt thi đua cao điểm chào mừng kỷ niệm 20 năm Ngày thành lập huyện Tam Đường "
        "(21/9/2002-21/9/2022)",
        "theme": None,
        "period_start": None,
        "period_end": "2022-08-30",
        "report_deadlines": [],
        "targets": [],
        "award_forms": ["Giấy khen", "Bằng khen"],
        "movements": [
            "Toàn dân đoàn kết xây dựng đời sống văn hóa",
            "Tam Đường đoàn kết, chung sức, đồng lòng thi đua phòng, chống và chiến thắng đại dịch Covid-19",
            "Đền ơn đáp nghĩa",
            "Uống nước nhớ nguồn",
            "Toàn dân bảo vệ an ninh Tổ quốc",
        ],
        "signer_name": "Sùng Lữ Páo",
        "signer_title": "CHỦ TỊCH",
        "signing_capacity": "TM. ỦY BAN NHÂN DÂN",
        "recipients": [
            "Hội đồng TĐKT tỉnh",
            "TT. Huyện ủy",
            "TT. HĐND huyện",
            "Chủ tịch, các Phó Chủ tịch UBND huyện",
            "Các cơ quan, ban, ngành, đoàn thể huyện",
            "UBND các xã, thị trấn",
            "Các doanh nghiệp trên địa bàn huyện",
        ],
    },
    "003": {
        "doc_type": "phat_dong",
        "number": None,
        "symbol": "PD-UBND",
        "issuer": "Ủy ban nhân dân huyện Chi Lăng",
        "place": "Chi Lăng",
        "date": None,
        "year": 2024,
        "subject": "Phong trào thi đua thực hiện thắng lợi mục tiêu, nhiệm vụ phát triển kinh tế - xã hội, "
        "bảo đảm quốc phòng, an ninh năm 2024",
        "theme": "Siết chặt kỷ cương, tăng cường trách nhiệm, quyết liệt hành động, sáng tạo bứt phá",
        "period_start": None,
        "period_end": "2024-12-31",
        "report_deadlines": [],
        "targets": [
            {
                "name": "Giá trị sản xuất một số ngành kinh tế chủ yếu: Nông lâm nghiệp, thủy sản",
                "value": 3130.5,
                "unit": "tỷ đồng",
                "direction": "reach",
            },
            {
                "name": "Giá trị sản xuất một số ngành kinh tế chủ yếu: công nghiệp - xây dựng",
                "value": 5071.3,
                "unit": "tỷ đồng",
                "direction": "reach",
            },
            {
                "name": "Giá trị sản xuất một số ngành kinh tế chủ yếu: dịch vụ",
                "value": 1296.67,
                "unit": "tỷ đồng",
                "direction": "reach",
            },
            {
                "name": "Kim ngạch xuất khẩu hàng địa phương",
                "value": 16.5,
                "unit": "triệu USD",
                "direction": "reach",
            },
            {
                "name": "Kim ngạch xuất khẩu hàng địa phương tăng",
                "value": 9.3,
                "unit": "%",
                "direction": "reach",
            },
            {
                "name": "Tổng thu ngân sách nhà nước trên địa bàn",
                "value": 84.77,
                "unit": "tỷ đồng",
                "direction": "reach",
            },
            {"name": "Lượng khách du lịch", "value": 380, "unit": "nghìn lượt", "direction": "reach"},
            {"name": "Doanh thu du lịch", "value": 75, "unit": "tỷ đồng", "direction": "reach"},
            {
                "name": "Xây dựng thêm xã đạt chuẩn nông thôn mới (xã Bằng Hữu)",
                "value": 1,
                "unit": "xã",
                "direction": "reach",
            },
            {
                "name": "Xây dựng thêm xã đạt chuẩn nông thôn mới nâng cao (xã Nhân Lý)",
                "value": 1,
                "unit": "xã",
                "direction": "reach",
            },
            {
                "name": "Tỷ lệ thôn có đường ô tô đến trung tâm thôn được cứng hóa",
                "value": 98.5,
                "unit": "%",
                "direction": "reach",
            },
            {
                "name": "Xây dựng thêm trường học đạt chuẩn quốc gia",
                "value": 2,
                "unit": "trường",
                "direction": "reach",
            },
            {"name": "Tỷ lệ thôn có nhà văn hoá đạt chuẩn", "value": 82.3, "unit": "%", "direction": "reach"},
            {
                "name": "Tỷ lệ người dân tham gia bảo hiểm y tế",
                "value": 92,
                "unit": "%",
                "direction": "reach",
            },
            {"name": "Tỷ lệ lao động qua đào tạo", "value": 64, "unit": "%", "direction": "reach"},
            {"name": "Giảm tỷ lệ hộ nghèo đa chiều", "value": 3, "unit": "%", "direction": "reduce"},
            {"name": "Giảm tai nạn giao thông cả 3 tiêu chí", "value": 5, "unit": "%", "direction": "reduce"},
            {"name": "Giảm phạm pháp hình sự", "value": 5, "unit": "%", "direction": "reduce"},
            {"name": "Trồng rừng mới", "value": 1100, "unit": "ha", "direction": "reach"},
            {"name": "Tỷ lệ che phủ của rừng", "value": 49.6, "unit": "%", "direction": "reach"},
            {
                "name": "Tỷ lệ dân cư nông thôn được sử dụng nước hợp vệ sinh",
                "value": 99.8,
                "unit": "%",
                "direction": "reach",
            },
            {
                "name": "Tỷ lệ chất thải rắn ở đô thị được thu gom và xử lý (tại khu vực được cung cấp "
                "dịch vụ thu gom)",
                "value": 97.7,
                "unit": "%",
                "direction": "reach",
            },
            {"name": "Tỷ lệ chất thải y tế được xử lý", "value": 100, "unit": "%", "direction": "reach"},
        ],
        "award_forms": [],
        "movements": [
            "Cán bộ, công chức, viên chức tỉnh Lạng Sơn thi đua thực hiện văn hóa công sở",
            "Cả nước chung sức xây dựng nông thôn mới",
            "Vì người nghèo không để ai bị bỏ lại phía sau",
            "Đẩy nhanh tiến độ thực hiện giải phóng mặt bằng các dự án trọng điểm của tỉnh giai đoạn "
            "2022 - 2025",
            "Giải ngân vốn đầu tư công trên địa bàn tỉnh Lạng Sơn",
            "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí",
            "Toàn dân đoàn kết xây dựng đời sống văn hoá",
            "Quyết thắng",
            "Vì an ninh Tổ quốc",
        ],
        "signer_name": "Vi Nông Trường",
        "signer_title": "CHỦ TỊCH",
        "signing_capacity": "TM. ỦY BAN NHÂN DÂN",
        "recipients": [
            "Hội đồng TĐKT tỉnh",
            "Sở Nội vụ",
            "Sở VH, TT và DL",
            "Thường trực Huyện uỷ",
            "Thường trực HĐND huyện",
            "UBND các huyện: Văn Quan, Bình Gia, Bắc Sơn, Hữu Lũng và TP Lạng Sơn",
            "Chủ tịch, các Phó Chủ tịch UBND huyện",
            "Thành viên Hội đồng TĐKT huyện",
            "Các đơn vị trong Cụm thi đua của huyện",
        ],
    },
}
# Fields added by issue 14: the kind check, the year the subject names, the two lists apart, the
# target groups from the headings "a) Về kinh tế", "b) Văn hóa - xã hội", "c) Môi trường".
for _seed, _exp in EXPECTED.items():
    _exp["is_launch_document"] = True
    _exp["warnings"] = []
    _exp["campaign_year"] = _exp["year"]
    _exp["addressees"] = []
    _exp["distribution"] = list(_exp["recipients"])
EXPECTED["001"]["addressees"] = EXPECTED["001"]["recipients"][:5]
EXPECTED["001"]["distribution"] = ["Như trên", *EXPECTED["001"]["recipients"][5:]]
for _i, _target in enumerate(EXPECTED["003"]["targets"]):
    _target["group"] = "economic" if _i < 8 else ("social" if _i < 18 else "environmental")

FIELDS = list(LaunchDocumentData.__annotations__)
SEEDS = list(EXPECTED)


@functools.cache
def parsed(seed: str) -> dict:
    return parse_launch_document(seed_text(seed))


def test_result_has_exactly_the_documented_keys_and_is_json():
    result = parsed("003")
    assert list(result) == FIELDS
    assert json.loads(json.dumps(result, ensure_ascii=False)) == result


@pytest.mark.parametrize(("seed", "field"), [(s, f) for s in SEEDS for f in FIELDS])
def test_seed_field(seed, field):
    assert parsed(seed)[field] == EXPECTED[seed][field]


@functools.cache
def variant_text(seed: str, kind: str) -> str:
    text = seed_text(seed)
    if kind == "rewrapped":
        return rewrap(text)
    if kind == "docx":
        return extract_text(f"{seed}.docx", to_docx(text))
    if kind.startswith("pdftotext"):
        return pdftotext(seed_pdf(seed), *kind.split(" ")[1:])
    return extract_text(f"{seed}.pdf", seed_pdf(seed))


@functools.cache
def seed_pdf(seed: str) -> bytes:
    return to_pdf(seed_text(seed))


@pytest.mark.parametrize("kind", ["rewrapped", "docx", "pdf", "pdftotext -layout", "pdftotext -raw"])
@pytest.mark.parametrize("seed", SEEDS)
def test_seed_variant_gives_the_same_fields(seed, kind):
    text = variant_text(seed, kind)
    if kind == "rewrapped":
        assert max(len(line) for line in text.split("\n")) < 90
    else:
        assert text.count("\n") > seed_text(seed).count("\n\n")  # the renderer broke lines
    result = parse_launch_document(text)
    mismatched = {f: result[f] for f in FIELDS if result[f] != EXPECTED[seed][f]}
    assert mismatched == {}


def test_distribution_list_continues_after_a_page_break():
    text = pdftotext(seed_pdf("001"))  # reading order; the list runs onto the next page
    assert "\f" in text.split("Nơi nhận")[1]
    assert parse_launch_document(text)["recipients"] == EXPECTED["001"]["recipients"]
