"""Register search page: visibility, filters, export, constant query count; history partials."""

import io
from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards import services
from awards.models import AwardRecord
from awards.selectors import award_history_for_person, award_history_for_unit
from awards.tests.factories import AwardRecordFactory, HouseholdFactory, PersonFactory, UnitFactory, kind

pytestmark = pytest.mark.django_db
URL = reverse("awards:register")


@pytest.fixture
def office(root):
    return UnitFactory(name="Trường Tiểu học An Bình", parent=root)


def names(response):
    return [r.subject_name for r in response.context["records"]]


def test_register_lists_visible_records_only(client, secretariat, office, outsider):
    mine = AwardRecordFactory(person=PersonFactory(full_name="Nguyễn Văn Đức", unit=office))
    theirs = AwardRecordFactory(person=PersonFactory(full_name="Phạm Thị Ngoại"))
    client.force_login(secretariat)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn Đức"]
    assert "Phạm Thị Ngoại" not in response.content.decode()
    client.force_login(outsider)
    assert mine.subject_name not in client.get(URL).content.decode()
    assert theirs.pk  # exists, just not visible to either of them through the other's tree


def test_register_denied_without_role(client, council_member):
    client.force_login(council_member)
    assert client.get(URL).status_code == 404
    assert client.get(URL + "?export=xlsx").status_code == 404


def test_register_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_years_and_ids_are_not_localised(client, secretariat, root):
    big = UnitFactory(parent=root, pk=12345, name="Đơn vị lớn")
    AwardRecordFactory(person=PersonFactory(unit=big), year=2024)
    client.force_login(secretariat)
    body = client.get(URL).content.decode()
    assert "<td>2024</td>" in body
    assert '<option value="2024"' in body
    assert "2.024" not in body
    body = client.get(URL, {"unit": "12345"}).content.decode()
    assert '<input type="hidden" name="unit" value="12345">' in body
    assert "12.345" not in body


def test_search_without_diacritics_and_filters(client, secretariat, office, root):
    duc = PersonFactory(full_name="Nguyễn Văn Đức", unit=office)
    AwardRecordFactory(person=duc, year=2023)
    AwardRecordFactory(person=duc, year=2024, award_kind=kind("grassroots_fighter"))
    AwardRecordFactory(person=PersonFactory(full_name="Trần Thị Hoa", unit=root), year=2024)
    AwardRecordFactory(person=None, collective=office, award_kind=kind("advanced_collective"), year=2024)
    AwardRecordFactory(
        person=None,
        household=HouseholdFactory(head_name="Lê Văn Đông", village=UnitFactory(parent=root)),
        award_kind=kind("cultural_family"),
    )
    client.force_login(secretariat)
    assert names(client.get(URL, {"q": "nguyen van duc"})) == ["Nguyễn Văn Đức", "Nguyễn Văn Đức"]
    assert names(client.get(URL, {"q": "DUC", "year": "2024"})) == ["Nguyễn Văn Đức"]
    assert names(client.get(URL, {"kind": "grassroots_fighter"})) == ["Nguyễn Văn Đức"]
    assert set(names(client.get(URL, {"unit": office.pk}))) == {"Nguyễn Văn Đức", "Trường Tiểu học An Bình"}
    assert names(client.get(URL, {"q": "truong tieu hoc"})) == ["Trường Tiểu học An Bình"]
    assert names(client.get(URL, {"q": "le van dong"})) == ["Hộ Lê Văn Đông"]


def test_search_of_several_words_matches_the_words_with_their_spaces(client, secretariat, office):
    """The space-free key only helps the index (issue 17): names that run the same letters
    together differently are not found."""
    for name in ["Hoàng Thị Lan", "Hoàng Thị Lan Anh", "Hoàng Thịlan", "Hoàngthị Lan", "Lê Hoàng Thị Lan"]:
        AwardRecordFactory(person=PersonFactory(full_name=name, unit=office))
    client.force_login(secretariat)
    found = set(names(client.get(URL, {"q": "hoang thi lan"})))
    assert found == {"Hoàng Thị Lan", "Hoàng Thị Lan Anh", "Lê Hoàng Thị Lan"}


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # the annulment date must not be in the future
def test_annulled_records_are_marked(client, secretariat, office):
    record = AwardRecordFactory(person=PersonFactory(unit=office))
    services.award_record_annul(
        record=record,
        by=secretariat,
        ground="false_achievement",
        decision_number="9/QĐ-UBND",
        decision_date=date(2025, 3, 1),
    )
    client.force_login(secretariat)
    assert "Đã hủy bỏ" in client.get(URL).content.decode()


def test_export_contains_the_filtered_rows(client, secretariat, office):
    AwardRecordFactory(
        person=PersonFactory(full_name="Nguyễn Văn Đức", unit=office),
        decision_number="12/QĐ-UBND",
        issuer="Chủ tịch UBND huyện An Bình",
        decision_level="district",
    )
    AwardRecordFactory(person=PersonFactory(full_name="Trần Thị Hoa", unit=office))
    client.force_login(secretariat)
    page = client.get(URL, {"q": "duc"}).content.decode()
    assert "Chủ tịch UBND huyện An Bình <span" in page
    assert "cấp huyện</span>" in page
    response = client.get(URL, {"q": "duc", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Họ tên / Tên tập thể", "Đối tượng", "Đơn vị", "Danh hiệu, hình thức")
    # "Cấp quyết định" as written (the import reads it back) and the level as data (issue 13 item 4).
    assert rows[0][7:9] == ("Cấp quyết định", "Cấp (theo dữ liệu)")
    assert rows[1][7:9] == ("Chủ tịch UBND huyện An Bình", "Huyện")
    assert rows[1][:6] == (
        "Nguyễn Văn Đức",
        "Cá nhân",
        "Trường Tiểu học An Bình",
        "Lao động tiên tiến",
        2024,
        "12/QĐ-UBND",
    )
    assert len(rows) == 2


def _mixed_batch(n, office, root):
    for i in range(n):
        if i % 3 == 0:
            AwardRecordFactory(person=PersonFactory(unit=office))
        elif i % 3 == 1:
            AwardRecordFactory(
                person=None, collective=UnitFactory(parent=root), award_kind=kind("advanced_collective")
            )
        else:
            AwardRecordFactory(
                person=None, household=HouseholdFactory(village=office), award_kind=kind("cultural_family")
            )


def test_register_query_count_constant(client, secretariat, office, root):
    client.force_login(secretariat)
    client.get(URL)
    _mixed_batch(10, office, root)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "", "year": "2024"})
    _mixed_batch(90, office, root)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"q": "", "year": "2024"})
    assert response.context["paginator"].count == 100
    assert len(many) == len(few)


def test_register_query_count_with_10000_records(client, secretariat, office):
    client.force_login(secretariat)
    AwardRecordFactory(person=PersonFactory(unit=office))
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    people = PersonFactory.create_batch(100, unit=office)
    aw = kind("advanced_worker")
    AwardRecord.objects.bulk_create(
        [
            AwardRecord(
                person=p,
                unit=office,
                award_kind=aw,
                year=2000 + y,
                decision_number=f"{y}/QĐ",
                decision_date=date(2001 + y, 1, 5),
                issuer="UBND",
            )
            for p in people
            for y in range(100)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(many) == len(few)
    # No exact count over the whole list on each view: a bounded window, shown as a lower bound.
    assert "Tổng số: hơn 1.000" in response.content.decode()
    assert not [
        q["sql"]
        for q in many.captured_queries
        if "COUNT(*)" in q["sql"] and "awards_awardrecord" in q["sql"] and "LIMIT" not in q["sql"]
    ]
    # Deep pages stay reachable and the exact number is there on request.
    deep = client.get(URL, {"page": "150"})
    assert deep.context["page_obj"].number == 150
    assert len(deep.context["records"]) == 25
    assert deep.context["page_obj"].has_next
    exact = client.get(URL, {"count": "exact"})
    assert exact.context["paginator"].count == 10_001
    assert "Tổng số: 10.001" in exact.content.decode()


def test_history_partials_render_the_selectors(office):
    person = PersonFactory(full_name="Nguyễn Văn Đức", unit=office)
    AwardRecordFactory(
        person=person, year=2022, award_kind=kind("grassroots_fighter"), decision_number="7/QĐ-UBND"
    )
    AwardRecordFactory(person=person, year=2024)
    AwardRecordFactory(person=None, collective=office, award_kind=kind("advanced_collective"), year=2024)
    history = award_history_for_person(person)
    assert [(r.year, r.award_kind.code) for r in history] == [
        (2024, "advanced_worker"),
        (2022, "grassroots_fighter"),
    ]
    html = render_to_string("awards/_history_person.html", {"award_history": history})
    assert "Chiến sĩ thi đua cơ sở" in html
    assert "7/QĐ-UBND ngày 15/01/2023" in html
    assert "<td>2022</td>" in html  # a year, not "2.022"
    unit_html = render_to_string(
        "awards/_history_unit.html", {"award_history": award_history_for_unit(office)}
    )
    assert "Tập thể lao động tiên tiến" in unit_html
    assert "Chưa có khen thưởng" in render_to_string("awards/_history_person.html", {"award_history": []})
