from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns.models import LaunchDocument
from core.models import AuditEntry
from reports import services
from reports.models import ReportRound

pytestmark = pytest.mark.django_db


def test_create_defaults_to_participating_units_and_end_of_day(campaign, secretariat, jurisdiction):
    rnd = services.round_create(
        campaign=campaign, by=secretariat, title="Tổng kết năm", kind="final", deadline=date(2026, 12, 5)
    )
    assert set(rnd.units.all()) == {jurisdiction.commune_a, jurisdiction.commune_b}
    local = timezone.localtime(rnd.deadline)
    assert (local.day, local.month, local.hour, local.minute) == (5, 12, 23, 59)
    assert rnd.policy.days_before == [7, 1]
    assert (rnd.policy.overdue_every_days, rnd.policy.escalate_after) == (3, 2)
    assert AuditEntry.objects.filter(action="reports.round.created", target_id=str(rnd.pk)).count() == 1


def test_create_with_edited_units(campaign, secretariat, jurisdiction):
    rnd = services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Đột xuất",
        kind="ad_hoc",
        deadline=date(2026, 12, 5),
        units=[jurisdiction.commune_a],
    )
    assert list(rnd.units.all()) == [jurisdiction.commune_a]


def test_unit_head_cannot_create_round(campaign, unit_head_a):
    with pytest.raises(ValidationError):
        services.round_create(campaign=campaign, by=unit_head_a, title="x", deadline=date(2026, 12, 5))
    assert not ReportRound.objects.exists()


def test_close_and_reopen_are_audited(rnd, secretariat):
    services.round_close(round=rnd, by=secretariat)
    rnd.refresh_from_db()
    assert rnd.is_closed
    with pytest.raises(ValidationError):
        services.round_close(round=rnd, by=secretariat)
    services.round_reopen(round=rnd, by=secretariat, reason="Đơn vị xin bổ sung")
    rnd.refresh_from_db()
    assert not rnd.is_closed
    actions = list(AuditEntry.objects.filter(target_id=str(rnd.pk)).values_list("action", flat=True))
    assert "reports.round.closed" in actions
    assert "reports.round.reopened" in actions


def test_yearly_round_generates_next_occurrence_once(campaign, secretariat):
    rnd = services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo tổng kết năm 2026",
        kind="final",
        opens_at=date(2026, 11, 5),
        deadline=date(2026, 12, 5),
        recurrence="yearly",
    )
    assert (rnd.recurrence_day, rnd.recurrence_month) == (5, 12)
    nxt = services.round_generate_next(round=rnd, by=secretariat)
    assert services.round_generate_next(round=rnd, by=secretariat) == nxt
    assert timezone.localdate(nxt.deadline) == date(2027, 12, 5)
    assert timezone.localdate(nxt.opens_at) == date(2027, 11, 5)
    assert nxt.title == "Báo cáo tổng kết năm 2027"
    assert nxt.previous == rnd
    assert set(nxt.units.all()) == set(rnd.units.all())


def test_one_off_round_has_no_next(rnd, secretariat):
    with pytest.raises(ValidationError, match="không lặp lại"):
        services.round_generate_next(round=rnd, by=secretariat)


def test_rounds_from_launch_document(campaign, secretariat):
    doc = LaunchDocument.objects.create(
        campaign=campaign,
        doc_type="chi_thi",
        report_deadlines=[
            {"day": 15, "month": 6, "recurring": None},
            {"day": 5, "month": 12, "recurring": "yearly"},
            {"day": 20, "month": None, "recurring": "monthly"},
        ],
    )
    rounds = services.rounds_from_launch_document(document=doc, by=secretariat)
    assert [(r.kind, timezone.localdate(r.deadline), r.recurrence) for r in rounds] == [
        ("interim", date(campaign.year, 6, 15), "none"),
        ("final", date(campaign.year, 12, 5), "yearly"),
    ]
    assert timezone.localdate(rounds[1].opens_at) == date(campaign.year, 12, 5) - timedelta(days=30)
    assert services.rounds_from_launch_document(document=doc, by=secretariat) == []
    assert ReportRound.objects.count() == 2
