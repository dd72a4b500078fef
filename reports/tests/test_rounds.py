from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, LaunchDocument
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


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
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
    result = services.rounds_from_launch_document(document=doc, by=secretariat)
    assert [(r.kind, timezone.localdate(r.deadline), r.recurrence) for r in result.created] == [
        ("interim", date(2026, 6, 15), "none"),
        ("final", date(2026, 12, 5), "yearly"),
    ]
    assert timezone.localdate(result.created[1].opens_at) == date(2026, 12, 5) - timedelta(days=30)
    assert services.rounds_from_launch_document(document=doc, by=secretariat).created == []
    assert ReportRound.objects.count() == 2


def _on(instant: str, expected: date | None, opens: date | None = None):
    return pytest.param(expected, opens, id=instant[:16], marks=pytest.mark.time_machine(instant))


@pytest.mark.parametrize(
    ("expected", "opens"),
    [
        _on("2025-03-16 09:00:00+07:00", date(2025, 12, 5), date(2025, 11, 5)),
        _on("2026-03-16 09:00:00+07:00", date(2026, 12, 5), date(2026, 11, 5)),
        # less than 30 days ahead: the round opens today, not in the past
        _on("2026-11-29 09:00:00+07:00", date(2026, 12, 5), date(2026, 11, 29)),
        # on the day itself the deadline (23:59:59) is still ahead
        _on("2026-12-05 08:00:00+07:00", date(2026, 12, 5), date(2026, 12, 5)),
        # the day after, 05/12/2027 lies outside a campaign ending 31/12/2026: refused, with the reason
        _on("2026-12-06 00:30:00+07:00", None),
    ],
)
def test_yearly_deadline_gives_the_next_occurrence_inside_the_campaign(
    campaign, secretariat, expected, opens
):
    """ "05/12 hằng năm" on a 2024–2026 campaign gives 5 December of this year while it is still
    ahead (today counts); after it, none is left inside the campaign: no round, and the reason."""
    campaign.period_start, campaign.period_end = date(2024, 1, 1), date(2026, 12, 31)
    campaign.year = 2024
    campaign.save()
    doc = LaunchDocument.objects.create(
        campaign=campaign,
        doc_type="chi_thi",
        report_deadlines=[{"day": 5, "month": 12, "recurring": "yearly"}],
    )
    result = services.rounds_from_launch_document(document=doc, by=secretariat)
    if expected is None:
        assert result.created == []
        assert result.skipped == ["Hạn 5/12: không còn ngày nào trong thời gian phong trào (từ hôm nay)."]
        assert not ReportRound.objects.exists()
        return
    (rnd,) = result.created
    assert result.skipped == []
    assert timezone.localdate(rnd.deadline) == expected == date(timezone.localdate().year, 12, 5)
    assert timezone.localtime(rnd.deadline).strftime("%H:%M") == "23:59"
    assert timezone.localdate(rnd.opens_at) == opens
    assert rnd.title == f"Báo cáo tổng kết năm {expected.year} (hạn 05/12/{expected.year})"
    assert (rnd.recurrence, rnd.recurrence_day, rnd.recurrence_month) == ("yearly", 5, 12)


@pytest.mark.time_machine("2026-12-10 09:00:00+07:00")
def test_no_round_when_no_occurrence_is_left_in_the_period(campaign, secretariat):
    campaign.period_start, campaign.period_end = date(2024, 1, 1), date(2026, 12, 31)
    campaign.save()
    doc = LaunchDocument.objects.create(
        campaign=campaign,
        doc_type="chi_thi",
        report_deadlines=[
            {"day": 5, "month": 12, "recurring": "yearly"},
            {"day": 31, "month": 2, "recurring": "yearly"},
        ],
    )
    result = services.rounds_from_launch_document(document=doc, by=secretariat)
    assert result.created == []
    assert any("không còn ngày nào" in why for why in result.skipped)
    assert any("31/2" in why and "không có trong mọi năm" in why for why in result.skipped)


def test_draft_campaign_cannot_get_rounds(campaign, secretariat):
    campaign.status = "draft"
    campaign.save()
    doc = LaunchDocument.objects.create(
        campaign=campaign,
        doc_type="cong_van",
        report_deadlines=[{"day": 5, "month": 12, "recurring": "yearly"}],
    )
    with pytest.raises(ValidationError, match="chưa phát động"):
        services.rounds_from_launch_document(document=doc, by=secretariat)
    with pytest.raises(ValidationError, match="chưa phát động"):
        services.round_create(
            campaign=campaign, by=secretariat, title="x", deadline=timezone.localdate() + timedelta(days=3)
        )
    assert not ReportRound.objects.exists()


def test_draft_campaign_rounds_get_no_reminders(rnd, campaign):
    """A round left over from before (e.g. imported) never reminds while its campaign is a draft."""
    from reports.reminders import reminders_schedule_due

    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    result = reminders_schedule_due(now=rnd.deadline + timedelta(days=30), enqueue=False)
    assert result.created == []


@pytest.mark.time_machine(
    "2026-03-16 09:00:00+07:00"
)  # the campaign factory runs in 2026: its rounds must fall inside it
def test_round_without_participants_is_refused_with_a_message(client, campaign, secretariat):
    campaign.participants.clear()
    doc = LaunchDocument.objects.create(
        campaign=campaign, doc_type="cong_van", report_deadlines=[{"day": 28, "month": 12, "recurring": None}]
    )
    client.force_login(secretariat)
    response = client.post(reverse("reports:rounds-from-document", args=[doc.pk]), follow=True)
    assert response.status_code == 200
    assert "chưa có đơn vị tham gia" in response.content.decode()
    assert not ReportRound.objects.exists()


def test_implausible_recurrence_and_deadline_outside_campaign_refused(campaign, secretariat):
    with pytest.raises(ValidationError, match="không có trong mọi năm"):
        services.round_create(
            campaign=campaign,
            by=secretariat,
            title="x",
            deadline=timezone.localdate() + timedelta(days=3),
            recurrence="yearly",
            recurrence_day=31,
            recurrence_month=2,
        )
    campaign.period_start = timezone.localdate() - timedelta(days=10)
    campaign.period_end = timezone.localdate() + timedelta(days=10)
    campaign.save()
    with pytest.raises(ValidationError, match="nằm ngoài thời gian của phong trào"):
        services.round_create(
            campaign=campaign, by=secretariat, title="x", deadline=timezone.localdate() + timedelta(days=40)
        )
    assert not ReportRound.objects.exists()
