"""Issue 14, cases S1-S9 (../shared/cases/importer, copied to fixtures/cases) and variants of each
kind of fault: the importer on documents it was not written against."""

from pathlib import Path

import pytest

from campaigns.extraction import extract_document, extract_text
from campaigns.parsing import campaign_title_from_subject, parse_launch_document

CASES = Path(__file__).parent / "fixtures" / "cases"


def case(name: str) -> dict:
    path = CASES / f"{name}.txt"
    return parse_launch_document(extract_text(path.name, path.read_bytes()))


# --------------------------------------------------------------------------- S1: capitals subject


def test_s1_subject_in_capitals_is_kept_and_gives_the_campaign_title():
    r = case("S1")
    assert r["subject"] == "TỔ CHỨC PHONG TRÀO THI ĐUA XÂY DỰNG XÃ VĂN MINH NĂM 2026"
    assert campaign_title_from_subject(r["subject"]) == (
        "Tổ chức phong trào thi đua xây dựng xã văn minh năm 2026"
    )
    assert (r["doc_type"], r["number"], r["symbol"]) == ("ke_hoach", "07", "KH-UBND")
    assert (r["issuer"], r["place"], r["date"]) == ("Ủy ban nhân dân xã Hòa An", "Hòa An", "2026-03-12")
    assert r["is_launch_document"] is True
    assert r["warnings"] == []


CAPS_WRAPPED = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Số: 88/KH-UBND
Lai Châu, ngày 02 tháng 02 năm 2026

KẾ HOẠCH
TỔ CHỨC PHONG TRÀO THI ĐUA "CẢ NƯỚC THI ĐUA
ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"
GIAI ĐOẠN 2026 - 2030

I. MỤC ĐÍCH, YÊU CẦU
"""

WRAPPED_WITH_BLANKS = """ỦY BAN NHÂN DÂN XÃ TÂN LẬP
Số: 15/KH-UBND
Tân Lập, ngày 10 tháng 01 năm 2026

KẾ HOẠCH
Phát động phong trào thi đua thực hiện thắng lợi

nhiệm vụ phát triển kinh tế - xã hội

năm 2026

Căn cứ Luật Thi đua, khen thưởng năm 2022;
"""


def test_subject_in_capitals_wrapped_over_lines_is_read_whole():
    r = parse_launch_document(CAPS_WRAPPED)
    assert r["subject"] == (
        'TỔ CHỨC PHONG TRÀO THI ĐUA "CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ" GIAI ĐOẠN 2026 - 2030'
    )


def test_subject_with_blank_lines_inside_is_read_whole():
    r = parse_launch_document(WRAPPED_WITH_BLANKS)
    assert r["subject"] == (
        "Phát động phong trào thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2026"
    )


def test_subject_is_the_same_from_txt_docx_and_pdf():
    from campaigns.tests.variants import to_docx, to_pdf

    expected = parse_launch_document(WRAPPED_WITH_BLANKS)["subject"]
    assert parse_launch_document(extract_text("a.docx", to_docx(WRAPPED_WITH_BLANKS)))["subject"] == expected
    assert parse_launch_document(extract_text("a.pdf", to_pdf(WRAPPED_WITH_BLANKS)))["subject"] == expected


# --------------------------------------------------------------------------- S2: type word + subject


def test_s2_type_word_and_subject_on_one_line():
    r = case("S2")
    assert r["doc_type"] == "ke_hoach"
    assert r["subject"] == "Tổ chức thi đua chào mừng ngày Nhà giáo Việt Nam năm 2025"
    assert (r["number"], r["date"], r["place"]) == (None, None, None)
    assert r["campaign_year"] == 2025  # the subject names the year; no date is written


@pytest.mark.parametrize(
    ("line", "doc_type", "subject"),
    [
        ("CHỈ THỊ Về việc đẩy mạnh thi đua năm 2026", "chi_thi", "Về việc đẩy mạnh thi đua năm 2026"),
        ("HƯỚNG DẪN: Công tác thi đua năm học 2025-2026", "huong_dan", "Công tác thi đua năm học 2025-2026"),
        ("THƯ PHÁT ĐỘNG thi đua chào mừng Đại hội Đoàn", "phat_dong", "Thi đua chào mừng Đại hội Đoàn"),
    ],
)  # fmt: skip
def test_type_word_and_subject_on_one_line_variants(line, doc_type, subject):
    r = parse_launch_document(f"{line}\nCăn cứ kế hoạch năm 2026;\n")
    assert r["doc_type"] == doc_type
    assert r["subject"].lower() == subject.lower()


def test_a_sentence_naming_a_plan_is_not_a_type_line():
    r = parse_launch_document("Kế hoạch số 12/KH-UBND ngày 5/1/2026 của UBND xã.\n")
    assert r["subject"] is None


# --------------------------------------------------------------------------- S3: Party / Youth Union


def test_s3_youth_union_numbering_and_issuer():
    r = case("S3")
    assert (r["number"], r["symbol"]) == ("12", "KH/ĐTN")
    assert r["issuer"] == "Ban Chấp hành Đoàn xã Hòa An"
    assert (r["doc_type"], r["place"], r["date"]) == ("ke_hoach", "Hòa An", "2026-01-05")
    assert r["subject"] == "Phát động thi đua trong đoàn viên, thanh niên năm 2026"


@pytest.mark.parametrize(
    ("header", "number", "symbol", "issuer", "doc_type"),
    [
        ("ĐẢNG BỘ HUYỆN MƯỜNG TÈ\nĐẢNG ỦY XÃ KA LĂNG\n*\nSố 45-CT/ĐU", "45", "CT/ĐU", "Đảng ủy xã Ka Lăng",
         "chi_thi"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG\nĐOÀN TNCS HỒ CHÍ MINH\n***\nSố: 225 - KH/TWĐTN-CTTN", "225",
         "KH/TWĐTN-CTTN", "Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh", "ke_hoach"),
        ("HỘI LIÊN HIỆP PHỤ NỮ VIỆT NAM\nHỘI LHPN XÃ BÌNH LƯ\nSố: 03/KH-HPN", "03", "KH-HPN",
         "Hội LHPN xã Bình Lư", "ke_hoach"),
        ("PHÒNG GD&ĐT TAM ĐƯỜNG\nLIÊN ĐỘI TRƯỜNG TH SƠN BÌNH\nSố: 07/KH-LĐ", "07", "KH-LĐ",
         "Liên đội trường TH Sơn Bình", "ke_hoach"),
        ("UBND HUYỆN TAM ĐƯỜNG\nTRƯỜNG TIỂU HỌC SƠN BÌNH\nSố: 09/KH-TH", "09", "KH-TH",
         "Trường Tiểu học Sơn Bình", "ke_hoach"),
    ],
)  # fmt: skip
def test_party_and_mass_organisation_headers(header, number, symbol, issuer, doc_type):
    r = parse_launch_document(f"{header}\nMường Tè, ngày 03 tháng 3 năm 2026\n\nKẾ HOẠCH\nThi đua năm 2026\n")
    assert (r["number"], r["symbol"]) == (number, symbol)
    assert r["issuer"] == issuer
    assert r["doc_type"] == doc_type or r["doc_type"] == "ke_hoach"


# --------------------------------------------------------------------------- S4: place, office issuer


def test_s4_place_does_not_take_the_symbol_and_an_office_is_an_issuer():
    r = case("S4")
    assert r["place"] == "Hà Nội"
    assert r["issuer"] == "Thủ tướng Chính phủ"
    assert (r["doc_type"], r["number"], r["symbol"], r["date"]) == ("chi_thi", "15", "CT-TTg", "2026-02-02")
    assert r["subject"] == "Về việc phát động thi đua năm 2026"


def test_place_after_a_glued_column_still_read():
    r = parse_launch_document(
        "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSố: 19/CTĐiện Biên, ngày 05 tháng 8 năm 2021\n"
    )
    assert r["place"] == "Điện Biên"


# --------------------------------------------------------------------------- S5/S6: non-launch


def test_s5_annex_heading_is_not_the_signer_title_and_a_decision_is_flagged():
    r = case("S5")
    assert r["signer_title"] is None
    assert r["signing_capacity"] == "KT. CHỦ TỊCH"
    assert (r["number"], r["symbol"]) == ("21", "QĐ-UBND")
    assert r["doc_type"] == "quyet_dinh"
    assert r["is_launch_document"] is False
    assert "Quyết định" in r["warnings"][0]
    assert "không phải văn bản phát động" in r["warnings"][0]


def test_s6a_to_trinh_is_flagged_and_its_symbol_kept():
    r = case("S6a")
    assert (r["number"], r["symbol"]) == ("33", "TTr-UBND")
    assert r["doc_type"] == "to_trinh"
    assert r["is_launch_document"] is False
    assert "Tờ trình" in r["warnings"][0]
    assert "khen thưởng" in r["warnings"][0]


def test_s6b_bao_cao_is_flagged():
    r = case("S6b")
    assert (r["number"], r["symbol"]) == ("40", "BC-UBND")
    assert r["subject"] == "Tổng kết công tác thi đua, khen thưởng năm 2025"
    assert r["doc_type"] == "bao_cao"
    assert "Báo cáo" in r["warnings"][0]


@pytest.mark.parametrize(
    ("title", "symbol", "label"),
    [
        ("THÔNG BÁO", "TB-UBND", "Thông báo"),
        ("NGHỊ QUYẾT", "NQ-HĐND", "Nghị quyết"),
        (None, "QĐ-UBND", "Quyết định"),
    ],
)
def test_other_non_launch_documents_are_flagged(title, symbol, label):
    body = f"ỦY BAN NHÂN DÂN XÃ AN BÌNH\nSố: 5/{symbol}\nAn Bình, ngày 1 tháng 2 năm 2026\n"
    body += (f"{title}\n" if title else "") + "Về việc khen thưởng năm 2025\n"
    r = parse_launch_document(body)
    assert r["is_launch_document"] is False
    assert label in r["warnings"][0]


def test_a_launch_document_gets_no_warning():
    for name in ("S1", "S3", "S4", "S7", "S8"):
        assert case(name)["warnings"] == [], name


def test_decision_that_issues_a_plan_is_still_a_decision():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\nSố: 2480/QĐ-UBND\nThái Bình, ngày 28 tháng 11 năm 2011\n"
        "QUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Thi đua, Khen thưởng;\n"
    )
    r = parse_launch_document(text)
    assert r["doc_type"] == "quyet_dinh"
    assert r["subject"] == "BAN HÀNH KẾ HOẠCH TỔ CHỨC THỰC HIỆN PHONG TRÀO THI ĐUA"


# --------------------------------------------------------------------------- S7: ƣ/Ƣ


def test_s7_pdf_lookalike_u_is_normalised_in_recipients():
    r = case("S7")
    assert r["recipients"] == ["Các thôn, bản trên địa bàn xã", "Phòng Văn hoá - Xã hội"]
    assert r["addressees"] == ["Các thôn, bản trên địa bàn xã"]
    assert r["distribution"] == ["Như trên", "Phòng Văn hoá - Xã hội"]
    flat = repr(r)
    assert "ƣ" not in flat
    assert "Ƣ" not in flat


def test_lookalike_letters_are_normalised_by_the_parser_too():
    r = parse_launch_document(
        "ỦY BAN NHÂN DÂN XÃ HÒA AN\nSố: 1/KH-UBND\nKẾ HOẠCH\nThi đua vƣợt khó năm 2026\n"
    )
    assert r["subject"] == "Thi đua vượt khó năm 2026"


# --------------------------------------------------------------------------- S8: targets


def test_s8_targets_in_running_text():
    targets = case("S8")["targets"]
    assert [(t["value"], t["unit"], t["direction"]) for t in targets] == [
        (95, "%", "reach"),
        (52.5, "%", "reach"),
        (30, "đoàn viên", "reach"),
        (100, "%", "reach"),
    ]
    names = [t["name"] for t in targets]
    assert "hồ sơ thủ tục hành chính" in names[0].lower()
    assert "trực tuyến" in names[0]
    assert names[1] == "Tỷ lệ che phủ rừng"
    assert "kết nạp mới" in names[2].lower()
    assert names[3].lower().startswith("chi bộ đạt trong sạch vững mạnh")
    assert not any(n.startswith(("Năm 2026", "Xã")) for n in names)


TARGET_VARIANTS = """ỦY BAN NHÂN DÂN XÃ MINH TÂN
Số: 20/KH-UBND
Minh Tân, ngày 15 tháng 01 năm 2026
KẾ HOẠCH
Phát động thi đua năm 2026
II. CHỈ TIÊU
a) Về kinh tế:
- Thu ngân sách trên địa bàn đạt 12,5 tỷ đồng trở lên;
- Thu nhập bình quân đầu người đạt 60 triệu đồng/người/năm.
b) Về văn hóa - xã hội:
- Phát triển mới ít nhất 50 hội viên Hội Nông dân;
- Tỷ lệ hộ nghèo giảm còn dưới 2%.
c) Về môi trường:
- 100% thôn có tổ thu gom rác thải.
III. NHIỆM VỤ, GIẢI PHÁP
1. Tổ chức 05 hội nghị triển khai.
"""


def test_target_groups_counted_nouns_and_units_from_a_targets_section():
    targets = parse_launch_document(TARGET_VARIANTS)["targets"]
    got = [(t["name"], t["value"], t["unit"], t["direction"], t.get("group")) for t in targets]
    assert got[0] == ("Thu ngân sách trên địa bàn", 12.5, "tỷ đồng", "reach", "economic")
    assert got[1][1:] == (60, "triệu đồng/người/năm", "reach", "economic")
    assert got[2][1:] == (50, "hội viên", "reach", "social")
    assert got[3][1:4] == (2, "%", "at_most")
    assert got[4][1:] == (100, "%", "reach", "environmental")
    assert len(got) == 5  # "05 hội nghị" under III is no target


def test_figure_with_a_stray_number_outside_targets_is_not_a_target():
    text = "Kỷ niệm 80 năm Ngày thành lập; tổ chức 05 nội dung thi đua; có 20 năm kinh nghiệm.\n"
    assert parse_launch_document(text)["targets"] == []


# --------------------------------------------------------------------------- S9 and year


def test_s9_windows_1258_text_is_read_as_s1():
    s9 = CASES / "S9.txt"
    extraction = extract_document(s9.name, s9.read_bytes())
    assert "Windows-1258" in extraction.notes[0]
    assert parse_launch_document(extraction.text) == case("S1")


def test_campaign_year_comes_from_the_subject():
    text = "UBND XÃ A\nSố: 1/KH-UBND\nA, ngày 20 tháng 12 năm 2023\nKẾ HOẠCH\nPhát động thi đua năm 2024\n"
    r = parse_launch_document(text)
    assert (r["year"], r["campaign_year"]) == (2023, 2024)
    school = parse_launch_document("KẾ HOẠCH\nThi đua năm học 2025-2026\n")
    assert school["campaign_year"] is None  # a school year names no single year; nothing guessed


def test_legacy_font_artefacts_in_words_are_normalised_but_not_symbols():
    from campaigns.parsing import normalize_pdf_letters

    assert normalize_pdf_letters("Công đoμn Ngμnh đ−ợc khen") == "Công đoàn Ngành được khen"
    assert normalize_pdf_letters("5 μm; −5 °C") == "5 μm; −5 °C"


def test_one_word_before_the_keyword_is_not_a_target_name():
    text = "KẾ HOẠCH\nThi đua năm 2026\nII. CHỈ TIÊU\n- Mức giảm tỷ lệ hộ nghèo 1,5%;\nIII. GIẢI PHÁP\n"
    [target] = parse_launch_document(text)["targets"]
    assert target["name"] == "Mức giảm tỷ lệ hộ nghèo"
    assert (target["value"], target["unit"], target["direction"]) == (1.5, "%", "reduce")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Tỷ lệ văn bản có ký số không dưới 95%;", ("Tỷ lệ văn bản có ký số", 95, "%", "reach")),
        ("- Số vụ khiếu nại vượt cấp không quá 2 vụ;", ("Số vụ khiếu nại vượt cấp", 2, "vụ", "at_most")),
        (
            "- Vận động 85% hộ hội viên đăng ký thi đua;",
            ("Vận động hộ hội viên đăng ký thi đua", 85, "%", "reach"),
        ),
        ("- Xây dựng 02 tổ hợp tác trở lên;", ("Xây dựng tổ hợp tác", 2, "tổ hợp tác", "reach")),
        (
            "- Mỗi chi đoàn có ít nhất 05 tiết học tốt;",
            ("Mỗi chi đoàn có tiết học tốt", 5, "tiết học", "reach"),
        ),
    ],
)
def test_target_kinds_in_a_targets_section(line, expected):
    text = (
        f"KẾ HOẠCH\nThi đua năm 2026\nII. CHỈ TIÊU\n{line}\nIII. GIẢI PHÁP\n- Tổ chức 12 buổi tuyên truyền.\n"
    )
    targets = parse_launch_document(text)["targets"]
    assert [(t["name"], t["value"], t["unit"], t["direction"]) for t in targets] == [expected]


def test_counted_nouns_need_a_targets_section_or_a_pledge():
    text = "Năm qua xã đã xây dựng 02 tổ hợp tác trở lên và có ít nhất 05 tiết học tốt.\n"
    assert parse_launch_document(text)["targets"] == []


def test_subject_opening_with_a_verb_after_the_title_is_kept():
    text = "THƯ PHÁT ĐỘNG\nHưởng ứng phong trào “Toàn dân đoàn kết” năm 2026\n\nKính gửi: Nhân dân xã.\n"
    assert parse_launch_document(text)["subject"] == "Hưởng ứng phong trào “Toàn dân đoàn kết” năm 2026"
    body = "KẾ HOẠCH\nThực hiện Kế hoạch số 12/KH-UBND của huyện, UBND xã ban hành Kế hoạch như sau:\n"
    assert parse_launch_document(body)["subject"] is None


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (
            "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
            "Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn",
        ),
        ("UBND XÃ VẠN THẮNG\nHỘI ĐỒNG TĐ–KT", "Hội đồng TĐ–KT xã Vạn Thắng"),
        ("BỘ NỘI VỤ\nBAN THI ĐUA - KHEN THƯỞNG TRUNG ƯƠNG", "Ban Thi đua - Khen thưởng Trung ương"),
        ("UBND HUYỆN NÚI THÀNH\nTRƯỜNG TH HOÀNG VĂN THỤ", "Trường TH Hoàng Văn Thụ"),
    ],
)
def test_a_council_takes_the_unit_name_of_the_body_above(header, issuer):
    assert (
        parse_launch_document(f"{header}\nSố: 5/KH-HĐTĐKT\nKẾ HOẠCH\nThi đua năm 2026\n")["issuer"] == issuer
    )


def test_party_signing_capacity_without_a_dot():
    r = parse_launch_document((Path(__file__).parent / "corpus" / "v08_dang_uy_xa_2025.txt").read_text())
    assert (r["signing_capacity"], r["signer_title"], r["signer_name"]) == (
        "T/M BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Vàng A Sử",
    )
    assert (r["number"], r["symbol"], r["issuer"]) == ("45", "CT/ĐU", "Đảng ủy xã Bình Lư")
