"""Pages for the facts the engine reads: initiatives, discipline, review freezes, start dates,
households — scoped (404 outside), audited, shown on the person's or household's page."""

from datetime import date

import pytest
from django.urls import reverse

from awards.models import DisciplineRecord, Household, Initiative, ReviewFreeze
from core.models import AuditEntry
from core.roles import Role
from units.models import Unit
from units.tests.factories import PersonFactory, RoleGrantFactory, UnitFactory, UserFactory

# Record facts are entered for years counted back from today (a year-end of 2025).
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine("2026-03-16 09:00:00+07:00")]


@pytest.fixture
def clerk_a(jurisdiction):
    user = UserFactory(username="canbo")
    RoleGrantFactory(user=user, unit=jurisdiction.commune_a, role=Role.UNIT_CLERK)
    return user


@pytest.fixture
def person(jurisdiction):
    return PersonFactory(full_name="Lò Thị Mai", unit=jurisdiction.commune_a)


def test_clerk_records_an_initiative_shown_on_the_person_page(client, clerk_a, person):
    client.force_login(clerk_a)
    url = reverse("awards:initiative-add", args=[person.pk])
    response = client.post(
        url,
        {
            "title": "Số hóa hồ sơ một cửa",
            "scope": "commune",
            "decision_number": "15/QĐ-UBND",
            "recognised_on": "10/12/2025",
            "recognised_by": "Chủ tịch UBND xã Bình Lư",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Đã ghi sáng kiến." in html
    assert "Số hóa hồ sơ một cửa" in html
    assert "Cấp xã" in html
    assert "15/QĐ-UBND ngày 10/12/2025, Chủ tịch UBND xã Bình Lư" in html
    initiative = Initiative.objects.get(person=person)
    assert (initiative.year, initiative.scope) == (2025, "commune")
    assert AuditEntry.objects.filter(action="awards.initiative.created", actor=clerk_a).exists()


def test_bad_initiative_keeps_what_was_typed(client, clerk_a, person):
    client.force_login(clerk_a)
    html = client.post(
        reverse("awards:initiative-add", args=[person.pk]),
        {"title": "Sáng kiến dở dang", "scope": "unit", "recognised_on": "31/02/2025"},
    ).content.decode()
    assert "Sáng kiến dở dang" in html
    assert "Nhập một ngày hợp lệ." in html
    assert not Initiative.objects.exists()


def test_discipline_says_from_when_achievements_count_again(client, clerk_a, person):
    client.force_login(clerk_a)
    html = client.post(
        reverse("awards:discipline-add", args=[person.pk]),
        {"form": "reprimand", "decision_number": "7/QĐ-UBND", "start": "01/03/2024", "end": "28/02/2025"},
        follow=True,
    ).content.decode()
    assert "Đã ghi kỷ luật." in html
    assert "Khiển trách" in html
    assert "01/03/2024 – 28/02/2025" in html
    assert DisciplineRecord.objects.get(person=person).end == date(2025, 2, 28)


def test_discipline_end_before_start_is_refused(client, clerk_a, person):
    client.force_login(clerk_a)
    html = client.post(
        reverse("awards:discipline-add", args=[person.pk]),
        {"form": "warning", "start": "01/03/2025", "end": "01/01/2025"},
    ).content.decode()
    assert not DisciplineRecord.objects.exists()
    assert "01/03/2025" in html  # what was typed stays
    assert "Ngày hết thời hạn không được trước ngày có hiệu lực." in html


def test_freeze_and_start_date(client, clerk_a, person):
    client.force_login(clerk_a)
    client.post(
        reverse("awards:freeze-add", args=[person.pk]),
        {"reason": "complaint", "start": "05/01/2026", "note": "Đơn tố cáo ngày 02/01/2026"},
    )
    assert ReviewFreeze.objects.get(person=person).reason == "complaint"
    html = client.post(
        reverse("awards:start-date", args=[person.pk]), {"employed_since": "01/08/2025"}, follow=True
    ).content.decode()
    assert "Đã cập nhật ngày bắt đầu công tác." in html
    assert "đang tạm dừng" in html
    person.refresh_from_db()
    assert person.employed_since == date(2025, 8, 1)
    entry = AuditEntry.objects.get(action="units.person.updated", target_id=str(person.pk))
    assert entry.data["changes"]["employed_since"] == [None, "2025-08-01"]


def test_another_units_head_gets_404_on_every_fact_page(client, jurisdiction, unit_head_b, person):
    client.force_login(unit_head_b)
    for name in ("awards:initiative-add", "awards:discipline-add", "awards:freeze-add", "awards:start-date"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404
        assert client.post(reverse(name, args=[person.pk]), {}).status_code == 404
    assert not Initiative.objects.exists()


def test_chair_sees_the_record_but_gets_no_entry_links(client, chair, person):
    Initiative.objects.create(
        person=person, title="Sáng kiến cũ", scope="unit", recognised_on=date(2024, 5, 1), year=2024
    )
    client.force_login(chair)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Sáng kiến cũ" in html
    assert "Thêm sáng kiến" not in html
    assert client.get(reverse("awards:initiative-add", args=[person.pk])).status_code == 404


def test_households_entered_by_the_commune_with_members(client, jurisdiction, clerk_a, unit_head_b):
    client.force_login(clerk_a)
    html = client.post(
        reverse("awards:household-create"),
        {
            "head_name": "\u00d0èo Văn Pao",
            "village": jurisdiction.village_a.pk,
            "address": "Bản Nà Đon",
            "members": "Lò Thị Xuân (vợ)\nĐèo Văn Páo (con)\n",
        },
        follow=True,
    ).content.decode()
    assert "Đã thêm hộ gia đình." in html
    household = Household.objects.get()
    assert household.head_name == "Đèo Văn Pao"
    assert household.member_list == ["Lò Thị Xuân (vợ)", "Đèo Văn Páo (con)"]
    assert "Lò Thị Xuân (vợ)" in html
    assert "awards.household.created" in AuditEntry.objects.values_list("action", flat=True)
    assert "Đèo Văn Pao" in client.get(reverse("awards:household-list"), {"q": "deo van"}).content.decode()
    client.force_login(unit_head_b)
    assert client.get(reverse("awards:household-detail", args=[household.pk])).status_code == 404
    assert "Đèo Văn Pao" not in client.get(reverse("awards:household-list")).content.decode()
    other_village = UnitFactory(name="Bản Khác", kind=Unit.Kind.VILLAGE, parent=jurisdiction.commune_a)
    response = client.post(
        reverse("awards:household-create"), {"head_name": "Hộ Lạ", "village": other_village.pk}
    )
    assert not Household.objects.filter(head_name="Hộ Lạ").exists()
    assert response.status_code == 404  # no village of theirs: no household page to enter
