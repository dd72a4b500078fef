"""Demo report rounds for this year's launched campaign (idempotent).

In the 2026 world the campaign is xã Tam Đường's (`load_2026`): Trường THCS thị trấn Tam Đường
reported the interim round on time (accepted), Trường Tiểu học Bình Lư (logins `hieutruong`,
`canbo_truong`) and the others did not. In the district-2024 world it is the district's:

- "Báo cáo sơ kết 6 tháng đầu năm": its deadline passed 5 days before the load date (never before
  1 January: loaded on 2 January it was due on 1 January; loaded on 1 January it is due that day,
  the only day on which no round is overdue yet); UBND xã Sơn Bình reported on time with figures
  (accepted), UBND xã Bình Lư and the others did not, so `python manage.py send_reminders` has
  overdue reminders to send at once.
- "Báo cáo tổng kết năm": open, deadline 5 December (yearly, as in the district's directive:
  "báo cáo kết quả … trước ngày 05 tháng 12 hàng năm"); when loaded from 3 December on, two weeks
  ahead, but never past 31 December (the campaign's end).
Every date is derived from `today`, the load date. Figures are ILLUSTRATIVE.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from campaigns.models import Campaign
from reports import services
from reports.models import ReportRound, ReportSubmission
from units.models import Unit

DISTRICT = "Ủy ban nhân dân huyện Tam Đường"


def load(*, stdout, two_level: bool = False, today: date, world: str = "2026") -> None:
    """The district's rounds of this year (district-2024 world only; the 2026 world's are the
    commune's, `load_2026`)."""
    from units import demo as units_demo

    if world == units_demo.WORLD_2026:
        return
    _rounds(
        stdout=stdout,
        today=today,
        launching_unit=Unit.objects.get(name=DISTRICT),
        secretariat="noivu",
        reporter=("truongdonvi2", "Ủy ban nhân dân xã Sơn Bình"),
    )


def load_2026(*, stdout, today: date) -> None:
    """xã Tam Đường's rounds of this year; its THCS school reported the interim round on time."""
    from units import demo as units_demo

    _rounds(
        stdout=stdout,
        today=today,
        launching_unit=units_demo.communes_2026()[0],
        secretariat="vanphong_tamduong",
        reporter=("hieutruong2", "Trường THCS thị trấn Tam Đường"),
    )


def _rounds(
    *, stdout, today: date, launching_unit: Unit, secretariat: str, reporter: tuple[str, str]
) -> None:
    User = get_user_model()
    secretariat = User.objects.get(username=secretariat)
    year = today.year
    first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    campaign = (
        Campaign.objects.filter(launching_unit=launching_unit, year=year, status=Campaign.Status.LAUNCHED)
        .order_by("pk")
        .first()
    )
    if campaign is None:
        stdout.write("  reports: không có phong trào năm nay đang phát động, bỏ qua.")
        return
    interim_title = f"Báo cáo sơ kết 6 tháng đầu năm {year}"
    interim = ReportRound.objects.filter(campaign=campaign, title=interim_title).first()
    if interim is None:
        deadline = max(today - timedelta(days=5), first_day)
        interim = services.round_create(
            campaign=campaign,
            by=secretariat,
            title=interim_title,
            kind=ReportRound.Kind.INTERIM,
            opens_at=max(deadline - timedelta(days=30), first_day),
            deadline=deadline,
        )
        _demo_submission(interim, secretariat, *reporter)
    final_title = f"Báo cáo tổng kết năm {year}"
    if not ReportRound.objects.filter(campaign=campaign, title=final_title).exists():
        deadline = date(year, 12, 5)
        if deadline < today + timedelta(days=3):
            deadline = min(today + timedelta(days=14), last_day)
        services.round_create(
            campaign=campaign,
            by=secretariat,
            title=final_title,
            kind=ReportRound.Kind.FINAL,
            opens_at=max(today - timedelta(days=1), first_day),
            deadline=deadline,
            recurrence=ReportRound.Recurrence.YEARLY,
            recurrence_day=5,
            recurrence_month=12,
        )
    stdout.write(
        f"  reports: {ReportRound.objects.count()} kỳ báo cáo, {ReportSubmission.objects.count()} báo cáo"
    )


def _demo_submission(rnd: ReportRound, secretariat, username: str, unit_name: str) -> None:
    """`unit_name` (its head `username`) reported on time (2 days before the deadline), with
    figures; accepted."""
    User = get_user_model()
    head = User.objects.get(username=username)
    unit = rnd.units.filter(name=unit_name).first()
    if unit is None:
        return
    when = max(rnd.deadline - timedelta(days=2), rnd.opens_at)
    sub = services.submission_start(round=rnd, unit=unit, by=head, now=when)
    ratios = [Decimal("0.55"), Decimal("0.9"), Decimal("0.4"), Decimal("1.02"), Decimal("1.0")]
    figures = {
        t.pk: (t.value * ratio).quantize(Decimal("0.1"))
        for t, ratio in zip(rnd.campaign.targets.order_by("order", "pk"), ratios, strict=False)
    }
    sub = services.submission_save(
        submission=sub,
        by=head,
        version=sub.version,
        narrative=(
            "Sáu tháng đầu năm, xã tập trung chỉ đạo phát triển cây chè, thu ngân sách đạt khá; "
            "công tác giảm nghèo, xây dựng trường chuẩn được duy trì."
        ),
        figures=figures,
        now=when,
    )
    sub = services.submission_submit(submission=sub, by=head, now=when)
    services.submission_accept(submission=sub, by=secretariat)
