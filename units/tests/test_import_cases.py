"""Cases S10-S13 of ../shared/cases/ (copied to tests/cases/) through the people-import page,
plus variants of each fault kind: headers in other Unicode forms, cases and rows; CCCD numbers
that Excel stored as numbers; dates as offices write them; look-alike letters for Đ/đ."""

import unicodedata
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

from core.models import AuditEntry
from units.models import Person

pytestmark = pytest.mark.django_db

CASES = Path(__file__).parent / "cases"
UNIT = "Ủy ban nhân dân xã Bình Lư"  # the jurisdiction fixture's commune_a


def _upload(path: Path):
    buf = BytesIO(path.read_bytes())
    buf.name = path.name
    return buf


def _preview(client, upload) -> str:
    return client.post(reverse("units:people-import"), {"file": upload}).content.decode()


def _confirm(client) -> str:
    response = client.post(reverse("units:people-import"), {"confirm": "1"}, follow=True)
    return response.content.decode()


def _search(client, q: str) -> str:
    return client.get(reverse("units:person-list"), {"q": q}).content.decode()


def test_s10_headers_and_cells_typed_in_combining_marks(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _preview(client, _upload(CASES / "S10.xlsx"))
    assert "Tệp hợp lệ: 1 dòng sẵn sàng để nhập." in html
    assert "Đã nhập 1 cá nhân." in _confirm(client)
    person = Person.objects.get(cccd="012188004417")
    assert person.full_name == "Lường Thị Hoa"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.gender == Person.Gender.FEMALE
    assert person.date_of_birth == date(1988, 9, 2)
    assert person.unit == jurisdiction.commune_a
    assert person.position == "Công chức Tư pháp - Hộ tịch"
    assert person.employed_since == date(2012, 10, 1)


def test_s11_cccd_stored_as_a_number_gets_its_leading_zero_back(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _preview(client, _upload(CASES / "S11.xlsx"))
    assert "Tệp hợp lệ: 1 dòng sẵn sàng để nhập." in html
    assert "Số CCCD được ghi là 011190001260 (Excel đã bỏ số 0 đầu)." in html
    _confirm(client)
    assert Person.objects.get(full_name="Vàng Thị Dung").cccd == "011190001260"


def test_s12_dates_as_offices_write_them(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    html = _preview(client, _upload(CASES / "S12.xlsx"))
    assert "Tệp hợp lệ: 4 dòng sẵn sàng để nhập." in html
    _confirm(client)
    born = dict(
        Person.objects.filter(
            full_name__in=["Tẩn Thị Mẩy", "Lý Văn Pao", "Chảo Thị Xuân", "Giàng Văn Sử"]
        ).values_list("full_name", "date_of_birth")
    )
    assert born == dict.fromkeys(
        ["Tẩn Thị Mẩy", "Lý Văn Pao", "Chảo Thị Xuân", "Giàng Văn Sử"], date(1990, 3, 15)
    )


def test_s13_look_alike_eth_is_stored_as_d_with_stroke(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    assert "Tệp hợp lệ: 1 dòng sẵn sàng để nhập." in _preview(client, _upload(CASES / "S13.xlsx"))
    _confirm(client)
    person = Person.objects.get(cccd="011085004321")
    assert person.full_name == "\u0110inh Văn Tú"
    assert person.search_key == "dinh van tu"
    for q in ("dinh van tu", "\u0110inh Văn Tú", "\u00d0inh Văn Tú", "đinh"):
        assert "\u0110inh Văn Tú" in _search(client, q), q


# --- Variants of each fault kind ----------------------------------------------------------
def _xlsx(rows, *, title_rows=(), merge_title=True) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    for i, title in enumerate(title_rows, start=1):
        ws.append([title])
        if merge_title and title:
            ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=6)
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "danh-sach.xlsx"
    return buf


HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị", "Chức vụ"]


@pytest.mark.parametrize(
    "headers",
    [
        [unicodedata.normalize("NFD", h) for h in HEADERS],
        [h.upper() for h in HEADERS],
        ["ho va ten", "gioi tinh", "ngay sinh", "so cccd", "don vi", "chuc vu"],
        [" Họ và tên (*)", "Giới  tính (*)", "Ngày sinh", "CCCD", "Đơn vị công tác (*)", "Chức vụ"],
        [
            unicodedata.normalize("NFD", "HỌ TÊN"),
            "Giới tính",
            "Ngày, tháng, năm sinh",
            "Số căn cước",
            "Đơn vị",
            "Chức vụ",
        ],
    ],
    ids=["nfd", "upper", "no-marks", "stars-spaces-aliases", "nfd-upper-alias"],
)
def test_header_matched_in_any_case_form_or_spelling(client, jurisdiction, secretariat, headers):
    client.force_login(secretariat)
    upload = _xlsx([headers, ["Lò Thị Mai", "Nữ", "01/02/1991", "012191000001", UNIT, "Văn thư"]])
    html = _preview(client, upload)
    assert "Tệp hợp lệ: 1 dòng sẵn sàng để nhập." in html
    _confirm(client)
    assert Person.objects.get(cccd="012191000001").date_of_birth == date(1991, 2, 1)


def test_header_below_merged_title_rows_and_blank_rows(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    upload = _xlsx(
        [
            HEADERS,
            ["Lò Thị Mai", "Nữ", "", "", UNIT, ""],
            [None] * 6,
            ["Lò Văn Páo", "Nam", "", "", UNIT, ""],
        ],
        title_rows=["ỦY BAN NHÂN DÂN XÃ BÌNH LƯ", "DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2026", ""],
    )
    html = _preview(client, upload)
    assert "Tệp hợp lệ: 2 dòng sẵn sàng để nhập." in html
    # Row numbers are the sheet's: header on row 4, people on rows 5 and 7.
    assert "<td>5</td>" in html
    assert "<td>7</td>" in html
    _confirm(client)
    assert Person.objects.filter(full_name__in=["Lò Thị Mai", "Lò Văn Páo"]).count() == 2


def test_no_header_row_names_the_columns_and_writes_nothing(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    upload = _xlsx([["Tên", "Phái", "Sinh"], ["Lò Thị Mai", "Nữ", ""]])
    html = _preview(client, upload)
    assert (
        "Không tìm thấy dòng tiêu đề trong 20 dòng đầu của trang tính thứ nhất; "
        "cần các cột: Họ và tên, Giới tính, Đơn vị." in html
    )
    assert not Person.objects.filter(full_name="Lò Thị Mai").exists()


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("15/03/1990", date(1990, 3, 15)),
        ("15/3/90", date(1990, 3, 15)),
        ("5/3/1990", date(1990, 3, 5)),
        ("15.03.1990", date(1990, 3, 15)),
        ("15-03-1990", date(1990, 3, 15)),
        ("1990-03-15", date(1990, 3, 15)),
        ("ngày 15 tháng 3 năm 1990", date(1990, 3, 15)),
        ("Ngày 15 tháng 03 năm 1990", date(1990, 3, 15)),
        (unicodedata.normalize("NFD", "NGÀY 15 THÁNG 3 NĂM 1990"), date(1990, 3, 15)),
        ("15 tháng 3 năm 1990", date(1990, 3, 15)),
        (datetime(1990, 3, 15), date(1990, 3, 15)),
        (date(1990, 3, 15), date(1990, 3, 15)),
        (32947, date(1990, 3, 15)),
        (32947.0, date(1990, 3, 15)),
        ("32947", date(1990, 3, 15)),
        ("01/01/05", date(2005, 1, 1)),
    ],
)
def test_date_spellings_are_read(client, jurisdiction, secretariat, cell, expected):
    client.force_login(secretariat)
    upload = _xlsx([HEADERS, ["Lò Thị Mai", "Nữ", cell, "", UNIT, ""]])
    assert "Tệp hợp lệ: 1 dòng sẵn sàng để nhập." in _preview(client, upload)
    _confirm(client)
    assert Person.objects.get(full_name="Lò Thị Mai").date_of_birth == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("30/02/1990", "“Ngày sinh” không phải ngày có thật: 30/02/1990."),
        ("1990", "“Ngày sinh” cần ngày/tháng/năm, không chỉ năm: 1990."),
        (
            "mười lăm tháng ba",
            "“Ngày sinh” không đúng dạng ngày/tháng/năm: mười lăm tháng ba (ví dụ: 15/03/1990).",
        ),
    ],
)
def test_bad_dates_say_why(client, jurisdiction, secretariat, cell, message):
    client.force_login(secretariat)
    html = _preview(client, _xlsx([HEADERS, ["Lò Thị Mai", "Nữ", cell, "", UNIT, ""]]))
    assert message in html
    assert "Có 1 dòng lỗi" in html


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        (11190001260, "011190001260"),
        (11190001260.0, "011190001260"),
        ("11190001260", "011190001260"),
        (1190001260, "001190001260"),  # Hà Nội (001): Excel dropped two zeros
        ("011 190 001 260", "011190001260"),
        ("011.190.001.260", "011190001260"),
    ],
)
def test_cccd_leading_zero_restored(client, jurisdiction, secretariat, cell, stored):
    client.force_login(secretariat)
    assert "Tệp hợp lệ" in _preview(client, _xlsx([HEADERS, ["Lò Thị Mai", "Nữ", "", cell, UNIT, ""]]))
    _confirm(client)
    assert Person.objects.get(full_name="Lò Thị Mai").cccd == stored


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (123456789, "Số “123456789” có 9 chữ số (chứng minh nhân dân cũ); cần số CCCD 12 chữ số."),
        ("0121910000011", "Số CCCD “0121910000011” phải gồm đúng 12 chữ số."),
        ("01219100000A", "Số CCCD “01219100000A” chỉ gồm chữ số."),
    ],
)
def test_bad_cccd_says_why(client, jurisdiction, secretariat, cell, message):
    client.force_login(secretariat)
    assert message in _preview(client, _xlsx([HEADERS, ["Lò Thị Mai", "Nữ", "", cell, UNIT, ""]]))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\u00d0inh Thị Hà", "\u0110inh Thị Hà"),
        ("\u0189inh Thị Hà", "\u0110inh Thị Hà"),
        ("Lò Thị \u00f0ào", "Lò Thị \u0111ào"),
        ("Lò Thị \u0256ào", "Lò Thị \u0111ào"),
    ],
)
def test_look_alikes_of_d_are_stored_as_d_with_stroke(client, jurisdiction, secretariat, typed, stored):
    client.force_login(secretariat)
    _preview(client, _xlsx([HEADERS, [typed, "Nữ", "", "", UNIT, ""]]))
    _confirm(client)
    person = Person.objects.get(unit=jurisdiction.commune_a, full_name=stored)
    assert person.search_key in ("dinh thi ha", "lo thi dao")


def test_import_is_audited_per_row(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    _preview(client, _upload(CASES / "S12.xlsx"))
    _confirm(client)
    assert AuditEntry.objects.filter(action="units.person.imported").count() == 4


def test_leader_and_ethnicity_columns_are_read_for_the_fairness_view(client, jurisdiction, secretariat):
    client.force_login(secretariat)
    headers = [*HEADERS, "Lãnh đạo, quản lý", "Dân tộc"]
    upload = _xlsx(
        [
            headers,
            ["Lò Văn Hùng", "Nam", "01/02/1980", "012080000011", UNIT, "Chủ tịch UBND xã", "Có", "Thái"],
            ["Vàng Thị Sua", "Nữ", "01/02/1995", "012195000012", UNIT, "Văn thư", "", "Mông"],
        ]
    )
    assert "Tệp hợp lệ: 2 dòng sẵn sàng để nhập." in _preview(client, upload)
    _confirm(client)
    assert Person.objects.get(cccd="012080000011").is_leader is True
    assert Person.objects.get(cccd="012080000011").ethnicity == "Thái"
    assert Person.objects.get(cccd="012195000012").is_leader is False
    assert Person.objects.get(cccd="012195000012").ethnicity == "Mông"
    bad = _xlsx([headers, ["Lò Văn Hùng", "Nam", "", "", UNIT, "", "Hình như", ""]])
    assert "Cột “Lãnh đạo, quản lý”: “Hình như” không hợp lệ" in _preview(client, bad)
