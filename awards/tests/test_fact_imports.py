"""Excel imports of initiatives, discipline, review freezes, start dates and households: the one
scaffold's readers, scope, duplicates, all or nothing, audited."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from awards.models import DisciplineRecord, Household, Initiative, ReviewFreeze
from core.models import AuditEntry
from core.roles import Role
from units.models import Person
from units.tests.factories import PersonFactory, RoleGrantFactory, UserFactory

# Imported facts carry dates and years of 2025-2026, counted against today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16 09:00:00+07:00")]
UNIT = "Ủy ban nhân dân xã Bình Lư"


@pytest.fixture
def clerk_a(jurisdiction):
    user = UserFactory(username="canbo")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_a, role=Role.UNIT_CLERK)
    return user


@pytest.fixture
def people(jurisdiction):
    return {
        "mai": PersonFactory(full_name="Lò Thị Mai", unit=jurisdiction.commune_a, cccd="012190000001"),
        "pao": PersonFactory(full_name="Giàng A Páo", unit=jurisdiction.commune_a, cccd=None),
        "other": PersonFactory(full_name="Hờ A Dình", unit=jurisdiction.commune_b, cccd="012190000009"),
    }


def _book(*rows, title="DANH SÁCH") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.merge_cells("A1:E1")
    for r in rows:
        ws.append(list(r))
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("hs.xlsx", buf.getvalue())


def _run(client, kind, upload, *, confirm=True):
    url = reverse("awards:fact-import", args=[kind])
    html = client.post(url, {"file": upload}).content.decode()
    if confirm and "Tệp hợp lệ" in html:
        html += client.post(url, {"confirm": "1"}, follow=True).content.decode()
    return html


def test_initiatives_by_cccd_stored_as_number_and_by_name(client, clerk_a, people):
    client.force_login(clerk_a)
    html = _run(
        client,
        "sang-kien",
        _book(
            [
                "HỌ VÀ TÊN",
                "Số CCCD",
                "Đơn vị",
                "Tên sáng kiến",
                "Phạm vi ảnh hưởng",
                "Số quyết định",
                "Ngày công nhận",
            ],
            ["", 12190000001, "", "Số hóa hồ sơ", "cap xa", "15/QĐ-UBND", "ngày 10 tháng 12 năm 2025"],
            ["giang a pao", "", UNIT, "Vườn thuốc nam", "Cấp cơ sở (đơn vị)", "", 45901],
        ),
    )
    assert "Tệp hợp lệ: 2 dòng sẵn sàng để nhập." in html
    assert "Đã nhập 2 sáng kiến." in html
    mai = Initiative.objects.get(person=people["mai"])
    assert (mai.scope, mai.recognised_on, mai.year, mai.decision_number) == (
        "commune",
        date(2025, 12, 10),
        2025,
        "15/QĐ-UBND",
    )
    assert Initiative.objects.get(person=people["pao"]).recognised_on == date(2025, 9, 1)
    assert AuditEntry.objects.filter(action="awards.initiative.created").count() == 2


def test_discipline_rows_checked_all_or_nothing(client, clerk_a, people):
    client.force_login(clerk_a)
    html = _run(
        client,
        "ky-luat",
        _book(
            ["Họ và tên", "Số CCCD", "Đơn vị", "Hình thức kỷ luật", "Số quyết định", "Từ ngày", "Đến ngày"],
            ["Lò Thị Mai", "012190000001", "", "Khiển trách", "7/QĐ", "01/03/2024", "28/02/2025"],
            ["Hờ A Dình", "012190000009", "", "Cảnh cáo", "8/QĐ", "01/03/2024", ""],
            ["Giàng A Páo", "", UNIT, "Đuổi việc", "9/QĐ", "01/03/2024", ""],
            ["Giàng A Páo", "", UNIT, "Cảnh cáo", "9/QĐ", "01/03/2025", "01/01/2025"],
        ),
    )
    assert "Không tìm thấy cá nhân có số CCCD 012190000009 trong phạm vi bạn phụ trách." in html
    assert "Hình thức kỷ luật “Đuổi việc” không hợp lệ (ghi một trong: Khiển trách; Cảnh cáo;" in html
    assert "“Đến ngày” không được trước “Từ ngày”." in html
    assert 'name="confirm"' not in html
    assert not DisciplineRecord.objects.exists()


def test_duplicates_in_the_file_and_in_the_record(client, clerk_a, people):
    ReviewFreeze.objects.create(person=people["mai"], reason="complaint", start=date(2026, 1, 5))
    client.force_login(clerk_a)
    html = _run(
        client,
        "tam-dung",
        _book(
            ["Họ và tên", "Số CCCD", "Đơn vị", "Lý do", "Từ ngày", "Đến ngày", "Ghi chú"],
            ["Lò Thị Mai", "012190000001", "", "Đang xác minh khiếu nại, tố cáo", "05/01/2026", "", ""],
            ["Giàng A Páo", "", UNIT, "Đang xem xét kỷ luật", "5/1/26", "", ""],
            ["Giàng A Páo", "", UNIT, "dang xem xet ky luat", "05.01.2026", "", ""],
        ),
    )
    assert "Đã có trong hồ sơ thi đua." in html
    assert "Trùng với dòng 4." in html
    assert ReviewFreeze.objects.count() == 1


def test_start_dates_update_people_and_are_audited(client, clerk_a, people):
    client.force_login(clerk_a)
    html = _run(
        client,
        "ngay-cong-tac",
        _book(
            ["Họ và tên", "Số CCCD", "Đơn vị", "Ngày bắt đầu công tác"], ["Lò Thị Mai", "", UNIT, "1/8/2025"]
        ),
    )
    assert "Đã nhập 1 người." in html
    assert Person.objects.get(pk=people["mai"].pk).employed_since == date(2025, 8, 1)
    assert AuditEntry.objects.filter(action="units.person.updated", target_id=str(people["mai"].pk)).exists()


def test_households_with_members_only_in_own_villages(client, jurisdiction, clerk_a):
    client.force_login(clerk_a)
    html = _run(
        client,
        "ho-gia-dinh",
        _book(
            ["Họ tên chủ hộ", "Thôn, bản, tổ dân phố", "Địa chỉ", "Thành viên"],
            ["\u00d0èo Văn Pao", "Bản Nà Đon", "Xóm 2", "Lò Thị Xuân (vợ); Đèo Văn Páo (con)"],
        ),
    )
    assert "Đã nhập 1 hộ." in html
    household = Household.objects.get()
    assert household.head_name == "Đèo Văn Pao"
    assert household.member_list == ["Lò Thị Xuân (vợ)", "Đèo Văn Páo (con)"]
    html = _run(
        client,
        "ho-gia-dinh",
        _book(["Họ tên chủ hộ", "Thôn, bản, tổ dân phố"], ["Hộ Khác", UNIT]),
    )
    assert "“Ủy ban nhân dân xã Bình Lư” không phải thôn, bản, tổ dân phố." in html


def test_import_pages_need_a_unit_to_enter(client, chair, people):
    client.force_login(chair)
    assert client.get(reverse("awards:fact-import", args=["sang-kien"])).status_code == 404
    assert client.get(reverse("awards:fact-import", args=["khong-co"])).status_code == 404
