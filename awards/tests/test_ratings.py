"""Year-end ratings: the unit's grid (one save, conflict-safe, audited), its Excel grid, the
secretariat's overview, and the appraisal reading what was entered."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards import services
from awards.models import RatingSheet, TaskRating
from core.models import AuditEntry
from core.roles import Role
from units.models import Person
from units.tests.factories import PersonFactory, RoleGrantFactory, UserFactory

# The ratings grid opens on last year, counted from today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16 09:00:00+07:00")]

YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def secretariat(jurisdiction):
    """The district's secretariat (awards/tests/conftest.py has its own, on another tree)."""
    user = UserFactory(username="noivu")
    RoleGrantFactory(user=user, unit=jurisdiction.district, role=Role.SECRETARIAT)
    return user


@pytest.fixture
def staff(jurisdiction):
    names = ["Lò Văn Sính", "Tao Thị Lìu", "Giàng A Chử", "Vàng Thị Dung"]
    return [PersonFactory(full_name=n, unit=jurisdiction.commune_a) for n in names]


def _grid_url(unit, year=YEAR):
    return reverse("awards:rating-sheet", args=[unit.pk, year])


def _post_grid(client, unit, people, values, *, version=0, **extra):
    data = {"version": version, **{f"p{p.pk}": v for p, v in zip(people, values, strict=True)}, **extra}
    return client.post(_grid_url(unit), data, follow=True)


def _ratings(people, year=YEAR):
    return dict(
        TaskRating.objects.filter(person__in=people, year=year).values_list("person__full_name", "rating")
    )


def test_unit_head_saves_the_whole_grid_in_one_go(client, jurisdiction, unit_head_a, staff):
    client.force_login(unit_head_a)
    html = client.get(_grid_url(jurisdiction.commune_a)).content.decode()
    assert "Xếp loại mức độ hoàn thành nhiệm vụ năm 2025" in html
    for p in staff:
        assert p.full_name in html
    minutes = SimpleUploadedFile("bien-ban-binh-xet.pdf", PDF, content_type="application/pdf")
    html = _post_grid(
        client,
        jurisdiction.commune_a,
        staff,
        ["excellent", "good", "completed", ""],
        meeting_date="20/12/2025",
        minutes=minutes,
    ).content.decode()
    assert "Đã lưu xếp loại năm 2025: 3/4 người đã được xếp loại." in html
    assert _ratings(staff) == {"Lò Văn Sính": "excellent", "Tao Thị Lìu": "good", "Giàng A Chử": "completed"}
    sheet = RatingSheet.objects.get(unit=jurisdiction.commune_a, year=YEAR)
    assert (sheet.version, sheet.rated_count, sheet.meeting_date) == (1, 3, date(2025, 12, 20))
    assert sheet.minutes_name == "bien-ban-binh-xet.pdf"
    assert AuditEntry.objects.filter(action="awards.taskrating.created").count() == 3
    assert AuditEntry.objects.filter(action="awards.ratingsheet.saved", target_id=str(sheet.pk)).exists()
    response = client.get(reverse("awards:rating-minutes", args=[jurisdiction.commune_a.pk, YEAR]))
    assert b"".join(response.streaming_content) == PDF


def test_a_stale_grid_is_refused_and_nothing_is_written(
    client, jurisdiction, unit_head_a, secretariat, staff
):
    client.force_login(secretariat)
    _post_grid(client, jurisdiction.commune_a, staff, ["good"] * 4)
    client.force_login(unit_head_a)
    # The unit head opened the page before the secretariat saved (version 0 seen).
    html = _post_grid(client, jurisdiction.commune_a, staff, ["excellent"] * 4, version=0).content.decode()
    assert "vừa được noivu lưu lúc" in html
    assert "Chưa ghi thay đổi nào của bạn; hãy tải lại trang" in html
    # What the user typed stays on the page.
    assert html.count('value="excellent" checked') == 4
    assert set(_ratings(staff).values()) == {"good"}


def test_changing_and_clearing_ratings_is_audited(jurisdiction, unit_head_a, staff):
    services.rating_sheet_save(
        by=unit_head_a,
        unit=jurisdiction.commune_a,
        year=YEAR,
        ratings={staff[0].pk: "good", staff[1].pk: "good"},
        version=0,
    )
    services.rating_sheet_save(
        by=unit_head_a,
        unit=jurisdiction.commune_a,
        year=YEAR,
        ratings={staff[0].pk: "excellent", staff[1].pk: ""},
        version=1,
    )
    assert _ratings(staff) == {"Lò Văn Sính": "excellent"}
    updated = AuditEntry.objects.get(action="awards.taskrating.updated")
    assert updated.data["rating"] == ["good", "excellent"]
    deleted = AuditEntry.objects.get(action="awards.taskrating.deleted")
    assert deleted.data == {"year": YEAR, "rating": ["good", None]}


def test_people_of_another_unit_cannot_be_rated_on_this_sheet(jurisdiction, unit_head_a, staff):
    stranger = PersonFactory(full_name="Người Xã Khác", unit=jurisdiction.commune_b)
    with pytest.raises(ValidationError, match="Có người không thuộc đơn vị Ủy ban nhân dân xã Bình Lư"):
        services.rating_sheet_save(
            by=unit_head_a,
            unit=jurisdiction.commune_a,
            year=YEAR,
            ratings={staff[0].pk: "good", stranger.pk: "good"},
            version=0,
        )
    assert not TaskRating.objects.exists()


def test_future_year_is_refused(jurisdiction, unit_head_a, staff):
    with pytest.raises(ValidationError, match="không hợp lệ"):
        services.rating_sheet_save(
            by=unit_head_a, unit=jurisdiction.commune_a, year=2999, ratings={staff[0].pk: "good"}, version=0
        )


def test_another_units_head_gets_404(client, jurisdiction, unit_head_b, council_member, staff):
    client.force_login(unit_head_b)
    assert client.get(_grid_url(jurisdiction.commune_a)).status_code == 404
    assert _post_grid(client, jurisdiction.commune_a, staff, ["good"] * 4).status_code == 404
    assert (
        client.get(reverse("awards:rating-import", args=[jurisdiction.commune_a.pk, YEAR])).status_code == 404
    )
    client.force_login(council_member)
    assert client.get(_grid_url(jurisdiction.commune_a)).status_code == 404
    assert not TaskRating.objects.exists()


def test_overview_shows_which_units_entered(client, jurisdiction, secretariat, unit_head_a, staff):
    PersonFactory(full_name="Hờ A Dình", unit=jurisdiction.commune_b)
    services.rating_sheet_save(
        by=unit_head_a,
        unit=jurisdiction.commune_a,
        year=YEAR,
        ratings={p.pk: "good" for p in staff[:3]},
        version=0,
    )
    client.force_login(secretariat)
    html = client.get(reverse("awards:rating-overview"), {"year": YEAR}).content.decode()
    assert "1/2 đơn vị đã nhập." in html
    assert "3/4" in html
    assert "Chưa nhập" in html
    html = client.get(
        reverse("awards:rating-overview"), {"year": YEAR, "missing": "1", "q": "son binh"}
    ).content.decode()
    assert "Ủy ban nhân dân xã Sơn Bình" in html
    assert "Ủy ban nhân dân xã Bình Lư" not in html


def test_overview_query_count_does_not_grow_with_units(
    client, jurisdiction, secretariat, django_assert_max_num_queries
):
    for i in range(8):
        PersonFactory(unit=jurisdiction.commune_a if i % 2 else jurisdiction.commune_b)
    client.force_login(secretariat)
    with django_assert_max_num_queries(12):
        client.get(reverse("awards:rating-overview"), {"year": YEAR})


# --- Excel grid ------------------------------------------------------------------------
def _book(rows, *, title=True) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["ỦY BAN NHÂN DÂN XÃ BÌNH LƯ"])
        ws.merge_cells("A1:F1")
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("xep-loai.xlsx", buf.getvalue())


def test_excel_template_lists_the_units_people_and_reads_back(client, jurisdiction, unit_head_a, staff):
    client.force_login(unit_head_a)
    url = reverse("awards:rating-import", args=[jurisdiction.commune_a.pk, YEAR])
    response = client.get(url, {"template": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r[1] == "Họ và tên")
    assert rows[header_at] == ("STT", "Họ và tên", "Ngày sinh", "Số CCCD", "Chức vụ", "Xếp loại")
    assert {r[1] for r in rows[header_at + 1 :]} == {p.full_name for p in staff}
    # Fill the grid the way an office does, save it, upload it.
    spellings = ["HTXSNV", "hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "KHÔNG HOÀN THÀNH NHIỆM VỤ"]
    filled = [list(rows[header_at])] + [
        [*list(r[:5]), spellings[i]] for i, r in enumerate(rows[header_at + 1 :])
    ]
    by_name = {r[1]: r[5] for r in filled[1:]}
    html = client.post(url, {"file": _book(filled)}).content.decode()
    assert "Tệp hợp lệ: 4 dòng sẵn sàng để nhập." in html
    html = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "Đã nhập xếp loại năm 2025 cho 4 người." in html
    from awards.record_importing import rating_from_text

    assert _ratings(staff) == {name: rating_from_text(text) for name, text in by_name.items()}


def test_excel_grid_errors_name_the_row_and_cause(client, jurisdiction, unit_head_a, staff):
    PersonFactory(full_name="Lò Văn Sính", unit=jurisdiction.commune_a, date_of_birth=date(1990, 1, 1))
    client.force_login(unit_head_a)
    url = reverse("awards:rating-import", args=[jurisdiction.commune_a.pk, YEAR])
    rows = [
        ["Họ và tên", "Xếp loại"],
        ["Lò Văn Sính", "Tốt"],
        ["Tao Thị Lìu", "Giỏi"],
        ["Người Lạ", "Tốt"],
        ["tao thi liu", "Tốt"],
    ]
    html = client.post(url, {"file": _book(rows)}).content.decode()
    assert (
        "Có 2 người tên “Lò Văn Sính” ở Ủy ban nhân dân xã Bình Lư; hãy ghi Số CCCD hoặc Ngày sinh." in html
    )
    assert "Xếp loại “Giỏi” không hợp lệ (ghi một trong: Hoàn thành xuất sắc nhiệm vụ;" in html
    assert "Không có “Người Lạ” trong danh sách của Ủy ban nhân dân xã Bình Lư." in html
    assert "“Tao Thị Lìu” đã có ở dòng 4." in html
    assert 'name="confirm"' not in html
    assert not TaskRating.objects.exists()


def test_excel_grid_conflicts_with_a_grid_saved_after_the_preview(
    client, jurisdiction, unit_head_a, secretariat, staff
):
    client.force_login(unit_head_a)
    url = reverse("awards:rating-import", args=[jurisdiction.commune_a.pk, YEAR])
    html = client.post(
        url, {"file": _book([["Họ và tên", "Xếp loại"], ["Lò Văn Sính", "HTTNV"]])}
    ).content.decode()
    assert "Tệp hợp lệ" in html
    services.rating_sheet_save(
        by=secretariat, unit=jurisdiction.commune_a, year=YEAR, ratings={staff[0].pk: "completed"}, version=0
    )
    html = client.post(url, {"confirm": "1"}, follow=True).content.decode()
    assert "sau khi bạn mở trang" in html
    assert _ratings(staff) == {"Lò Văn Sính": "completed"}


def test_person_moved_out_is_not_on_the_grid(client, jurisdiction, unit_head_a, staff):
    Person.objects.filter(pk=staff[0].pk).update(unit=jurisdiction.commune_b)
    client.force_login(unit_head_a)
    html = client.get(_grid_url(jurisdiction.commune_a)).content.decode()
    assert "Lò Văn Sính" not in html


def test_the_appraisal_reads_the_ratings_entered_in_the_grid(client, jurisdiction, unit_head_a, staff):
    from awards.eligibility import Nominee, evaluate_many
    from awards.histories import load_histories
    from awards.rules import load_rulebook

    for p in staff:
        Person.objects.filter(pk=p.pk).update(employed_since=date(2020, 1, 1))
    nominees = [Nominee("individual", p.pk, "advanced_worker", YEAR) for p in staff[:2]]
    before = evaluate_many(
        nominees, date(2026, 1, 20), rules=load_rulebook(), histories=load_histories(nominees)
    )
    assert "Năm 2025 chưa đạt hoàn thành tốt nhiệm vụ trở lên (xếp loại: chưa có)." in [
        r.message for r in before[0].failures
    ]
    client.force_login(unit_head_a)
    _post_grid(client, jurisdiction.commune_a, staff, ["good", "completed", "", ""])
    good, completed = evaluate_many(
        nominees, date(2026, 1, 20), rules=load_rulebook(), histories=load_histories(nominees)
    )
    assert good.eligible, good.failures
    assert "Năm 2025 xếp loại: Hoàn thành tốt nhiệm vụ." in [r.message for r in good.reasons]
    assert not completed.eligible
    assert "Năm 2025 chưa đạt hoàn thành tốt nhiệm vụ trở lên (xếp loại: Hoàn thành nhiệm vụ)." in [
        r.message for r in completed.failures
    ]
