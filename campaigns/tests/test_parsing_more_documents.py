"""Two more self-written documents of other types and issuers: a Hướng dẫn of a provincial
department (parent agency above the issuing body, "+" bullets, two report deadlines, "chủ đề năm
học") and a provincial Chỉ thị (abbreviated header "UBND TỈNH ...", "Số 03/CT-UBND" without a
colon, a numbered targets list with a range, a deputy signing for the chair). Each as written,
re-wrapped, and as a text-layer PDF."""

import functools

import pytest

from campaigns.extraction import extract_text
from campaigns.parsing import _title_case_body, parse_launch_document
from campaigns.tests.seeds import fixture_text
from campaigns.tests.variants import rewrap, to_pdf

EXPECTED = {
    "huong_dan_so_gddt.txt": {
        "doc_type": "huong_dan",
        "number": "15",
        "symbol": "HD-SGDĐT",
        "issuer": "Sở Giáo dục và Đào tạo",
        "place": "Lạng Sơn",
        "date": "2025-01-05",
        "year": 2025,
        "subject": "Công tác thi đua, khen thưởng năm học 2024 - 2025",
        "theme": "Kỷ cương, trách nhiệm, đổi mới, sáng tạo, nâng cao chất lượng",
        "period_start": "2024-09-01",
        "period_end": "2025-05-31",
        "report_deadlines": [
            {"day": 15, "month": 1, "year": 2025, "recurring": None},
            {"day": 10, "month": 6, "year": 2025, "recurring": None},
        ],
        "targets": [
            {"name": "Tỷ lệ học sinh tốt nghiệp THPT", "value": 98, "unit": "%", "direction": "reach"},
            {"name": "Tỷ lệ trường đạt chuẩn quốc gia", "value": 75, "unit": "%", "direction": "reach"},
            {"name": "Tỷ lệ học sinh bỏ học", "value": 0.5, "unit": "%", "direction": "at_most"},
            {
                "name": "Có thêm trường đạt chuẩn quốc gia",
                "value": 12,
                "unit": "trường",
                "direction": "reach",
            },
        ],
        "award_forms": ["Giấy khen", "Bằng khen"],
        "movements": ["Dạy tốt - học tốt", "Xây dựng trường học thân thiện, học sinh tích cực"],
        "signer_name": "Nguyễn Thị Hồng Nhung",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signing_capacity": "KT. GIÁM ĐỐC",
        "recipients": ["Bộ GD&ĐT", "UBND tỉnh", "Ban TĐKT tỉnh", "Các phòng GD&ĐT, các trường THPT"],
    },
    "chi_thi_tinh_ha_giang.txt": {
        "doc_type": "chi_thi",
        "number": "03",
        "symbol": "CT-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Hà Giang",
        "place": "Hà Giang",
        "date": "2025-02-08",
        "year": 2025,
        "subject": "Về việc phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - "
        "xã hội năm 2025",
        "theme": "Đoàn kết, kỷ cương, tăng tốc, về đích",
        "period_start": None,
        "period_end": "2025-12-31",
        "report_deadlines": [
            {"day": 15, "month": 6, "recurring": None},
            {"day": 15, "month": 11, "recurring": None},
        ],
        "targets": [
            {"name": "Tốc độ tăng trưởng kinh tế (GRDP)", "value": 7.5, "unit": "%", "direction": "reach"},
            {
                "name": "Thu ngân sách nhà nước trên địa bàn",
                "value": 3100,
                "unit": "tỷ đồng",
                "direction": "reach",
            },
            {"name": "Giảm tỷ lệ hộ nghèo", "value": 3, "unit": "%", "direction": "reduce"},
            {"name": "Tỷ lệ dân số tham gia bảo hiểm y tế", "value": 98, "unit": "%", "direction": "keep"},
        ],
        "award_forms": ["Bằng khen"],  # "Cờ thi đua" is an emulation title, not an award form
        "movements": ["Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau", "Chuyển đổi số"],
        "signer_name": "Hoàng Gia Long",
        "signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "signing_capacity": "KT. CHỦ TỊCH",
        "recipients": [
            "Văn phòng Chính phủ",
            "Ban TĐKT Trung ương",
            "TT Tỉnh ủy, HĐND tỉnh",
            "Các sở, ban, ngành tỉnh",
            "UBND các huyện, thành phố",
        ],
    },
}


@functools.cache
def variant(name: str, kind: str) -> str:
    text = fixture_text(name)
    if kind == "as_written":
        return text
    if kind == "rewrapped":
        return rewrap(text, width=65)
    return extract_text(name.replace(".txt", ".pdf"), to_pdf(text))


@pytest.mark.parametrize("kind", ["as_written", "rewrapped", "pdf"])
@pytest.mark.parametrize("name", list(EXPECTED))
def test_document_every_field(name, kind):
    result = parse_launch_document(variant(name, kind))
    assert {f: result[f] for f in EXPECTED[name] if result[f] != EXPECTED[name][f]} == {}


@pytest.mark.parametrize(
    ("capitals", "written"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", "Ủy ban nhân dân tỉnh Điện Biên"),
        ("UBND THÀNH PHỐ LẠNG SƠN", "Ủy ban nhân dân thành phố Lạng Sơn"),
        ("HĐND XÃ NẬM TĂM", "Hội đồng nhân dân xã Nậm Tăm"),
        ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
        ("HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG HUYỆN TAM ĐƯỜNG", "Hội đồng Thi đua - Khen thưởng huyện Tam Đường"),
        ("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH LAI CHÂU", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu"),
        ("BAN TĐKT TỈNH", "Ban TĐKT tỉnh"),
    ],
)
def test_header_capitals_become_the_written_name(capitals, written):
    assert _title_case_body(capitals) == written


def test_incoming_mail_stamp_is_not_the_document_number():
    text = "VĂN BẢN ĐẾN\nSố 6473 Ngày 06/08/2021\nỦY BAN NHÂN DÂN\nHUYỆN X\nSố: 12/UBND-VP\nV/v thi đua"
    result = parse_launch_document(text)
    assert (result["number"], result["symbol"], result["issuer"]) == (
        "12",
        "UBND-VP",
        "Ủy ban nhân dân huyện X",
    )


def test_a_cited_document_in_the_body_is_not_the_number():
    text = (
        "KẾ HOẠCH\nThi đua năm 2025\n" + "Nội dung thi đua. " * 20 + "\nSố 19/CT-TTg ngày 16/7/2021 đã nêu."
    )
    result = parse_launch_document(text)
    assert (result["number"], result["symbol"]) == (None, None)


def test_issuer_without_header_needs_the_body_level_stated():
    tail = "\nNơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An"
    stated = parse_launch_document(
        "Số: /KH-UBND\nMường Tè, ngày tháng năm 2025\nỦy ban nhân dân huyện phát động." + tail
    )
    assert stated["issuer"] == "Ủy ban nhân dân huyện Mường Tè"
    unstated = parse_launch_document("Số: /KH-UBND\nMường Tè, ngày tháng năm 2025\nPhát động thi đua." + tail)
    assert unstated["issuer"] is None
    assert unstated["signing_capacity"] == "TM. ỦY BAN NHÂN DÂN"


def test_symbol_keeps_lowercase_letters_of_its_code():
    assert parse_launch_document("Số: 19/CT-TTg\nHà Nội, ngày 16 tháng 7 năm 2021")["symbol"] == "CT-TTg"
