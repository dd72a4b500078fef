"""Register services: one subject, audited writes, permission, annulment only once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards import services
from awards.models import AwardRecord, ReviewFreeze, TaskRating
from awards.rules import load_rulebook
from awards.selectors import council_threshold
from awards.tests.factories import HouseholdFactory, PersonFactory, UnitFactory, UserFactory, kind
from core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(root):
    return PersonFactory(unit=UnitFactory(parent=root))


def create(by, **kw):
    base = {
        "award_kind": kind("advanced_worker"),
        "year": 2024,
        "decision_number": "12/QĐ-UBND",
        "decision_date": date(2025, 1, 15),
        "issuer": "Chủ tịch UBND xã An Bình",
    }
    return services.award_record_create(by=by, **{**base, **kw})


def test_create_is_audited_and_takes_the_subjects_unit(secretariat, person):
    record = create(secretariat, person=person)
    assert record.unit == person.unit
    entry = AuditEntry.objects.get(action="awards.awardrecord.created", target_id=str(record.pk))
    assert entry.actor == secretariat
    assert entry.data["after"]["decision_number"] == "12/QĐ-UBND"


def test_exactly_one_subject_is_enforced_by_the_database(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecord.objects.create(
            person=person,
            collective=person.unit,
            unit=person.unit,
            award_kind=kind("certificate_of_merit"),
            year=2024,
            decision_number="1",
            decision_date=date(2025, 1, 1),
            issuer="x",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecord.objects.create(
            unit=person.unit,
            award_kind=kind("certificate_of_merit"),
            year=2024,
            decision_number="1",
            decision_date=date(2025, 1, 1),
            issuer="x",
        )


def test_service_refuses_two_subjects_and_wrong_subject_kind(secretariat, person):
    with pytest.raises(ValidationError, match="đúng một đối tượng"):
        create(secretariat, person=person, collective=person.unit)
    with pytest.raises(ValidationError, match="không tặng cho tập thể"):
        create(secretariat, collective=person.unit)
    household = HouseholdFactory(village=person.unit)
    assert create(secretariat, household=household, award_kind=kind("cultural_family")).unit == person.unit


def test_annual_title_only_once_per_year_but_certificates_many(secretariat, person):
    create(secretariat, person=person)
    with pytest.raises(ValidationError, match="đã có “Lao động tiên tiến” năm 2024"):
        create(secretariat, person=person, decision_number="13/QĐ-UBND")
    create(secretariat, person=person, award_kind=kind("certificate_of_merit"))
    create(secretariat, person=person, award_kind=kind("certificate_of_merit"), occasion="thematic")
    assert person.award_records.count() == 3


def test_achievement_year_not_after_decision(secretariat, person):
    with pytest.raises(ValidationError, match="không được sau năm ra quyết định"):
        create(secretariat, person=person, year=2026)


def test_other_commune_cannot_write_our_register(outsider, person):
    with pytest.raises(ValidationError, match="không có quyền"):
        create(outsider, person=person)
    with pytest.raises(ValidationError, match="không có quyền"):
        services.task_rating_set(by=outsider, person=person, year=2024, rating="good")
    assert not AwardRecord.objects.exists()


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")  # the annulment date must not be in the future
def test_annul_once_and_keep_the_record(secretariat, person):
    record = create(secretariat, person=person)
    services.award_record_annul(
        record=record,
        by=secretariat,
        ground="forged_documents",
        decision_number="3/QĐ-UBND",
        decision_date=date(2025, 5, 1),
    )
    record.refresh_from_db()
    assert record.is_annulled
    assert not AwardRecord.objects.in_force().exists()
    with pytest.raises(ValidationError, match="đã bị hủy bỏ"):
        services.award_record_annul(
            record=record,
            by=secretariat,
            ground="forged_documents",
            decision_number="4/QĐ-UBND",
            decision_date=date(2025, 5, 2),
        )
    assert AuditEntry.objects.filter(action="awards.awardrecord.annulled").count() == 1


def test_history_services_are_audited(secretariat, person):
    services.task_rating_set(by=secretariat, person=person, year=2024, rating="good")
    services.task_rating_set(by=secretariat, person=person, year=2024, rating="excellent")
    assert TaskRating.objects.get(person=person, year=2024).rating == "excellent"
    services.initiative_create(
        by=secretariat, person=person, title="Số hóa hồ sơ", scope="province", recognised_on=date(2024, 11, 2)
    )
    services.discipline_create(
        by=secretariat, person=person, form="reprimand", start=date(2024, 2, 1), end=date(2025, 1, 31)
    )
    freeze = services.freeze_create(by=secretariat, person=person, reason="complaint", start=date(2025, 1, 2))
    services.freeze_end(by=secretariat, freeze=freeze, on=date(2025, 2, 1))
    assert ReviewFreeze.objects.get().end == date(2025, 2, 1)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        "awards.taskrating.created",
        "awards.taskrating.updated",
        "awards.initiative.created",
        "awards.discipline.created",
        "awards.freeze.created",
        "awards.freeze.ended",
    ]


def test_freeze_needs_exactly_one_subject(secretariat, person):
    with pytest.raises(ValidationError, match="đúng một đối tượng"):
        services.freeze_create(
            by=secretariat, person=person, collective=person.unit, reason="complaint", start=date(2025, 1, 1)
        )


def test_required_documents_by_occasion():
    rs = load_rulebook().rule_set_on(date(2025, 8, 1))
    assert rs.required_documents("certificate_of_merit") == ["submission", "achievement_report", "minutes"]
    assert rs.required_documents("certificate_of_merit", "ad_hoc")[-1] == "competent_confirmation"


def test_council_threshold_specific_then_default():
    assert council_threshold(level="province", award_kind="provincial_fighter").approval_percent == 90
    default = council_threshold(level="commune", award_kind="grassroots_fighter")
    assert default.award_kind is None
    assert default.approval_strictly_greater


def test_admin_pages_open_for_superuser(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for name in ("ruleset", "awardkind", "ruleparameter", "councilthreshold", "awardrecord", "basesalary"):
        assert client.get(reverse(f"admin:awards_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:awards_ruleset_change", args=[1])).status_code == 200
