"""Every change to report rounds and submissions: lock, check, save, audit.

The reminder sweep and delivery live in `reports.reminders` and are re-exported here.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.models import Campaign, LaunchDocument
from campaigns.selectors import participating_units
from core import audit, caching
from core.concurrency import check_version
from core.exceptions import TransitionNotAllowed
from core.uploads import validate_upload
from core.workflow import transition
from reports.models import (
    ReminderPolicy,
    ReportRound,
    ReportSubmission,
    SubmissionAttachment,
    SubmissionFigure,
)
from reports.permissions import can_report_for
from reports.reminders import reminder_deliver, reminders_schedule_due  # noqa: F401 - documented entry points
from reports.schedule import as_deadline, next_deadline, start_of_day
from units import permissions as authority
from units.models import Unit

ROUND_FIELDS = [
    "kind",
    "title",
    "opens_at",
    "deadline",
    "recurrence",
    "recurrence_day",
    "recurrence_month",
]
POLICY_FIELDS = [
    "days_before",
    "on_the_day",
    "overdue_every_days",
    "escalate_after",
    "send_email",
    "send_in_app",
]


def _require_manage(by, campaign: Campaign):
    if not authority.can_manage(by, campaign.launching_unit):
        raise ValidationError(_("Bạn không có quyền quản lý kỳ báo cáo của phong trào này."))


def _policy_values(policy: dict | None) -> dict:
    values = {"days_before": list(ReminderPolicy.DEFAULT_DAYS_BEFORE)}
    values.update({k: v for k, v in (policy or {}).items() if k in POLICY_FIELDS and v is not None})
    values["days_before"] = sorted({int(n) for n in values["days_before"] if int(n) > 0}, reverse=True)
    return values


# --- Rounds --------------------------------------------------------------------------
@transaction.atomic
def round_create(
    *,
    campaign: Campaign,
    by,
    title: str,
    deadline: date | datetime,
    opens_at: date | datetime | None = None,
    kind: str = ReportRound.Kind.PERIODIC,
    units=None,
    recurrence: str = ReportRound.Recurrence.NONE,
    recurrence_day: int | None = None,
    recurrence_month: int | None = None,
    policy: dict | None = None,
    source_document: LaunchDocument | None = None,
    previous: ReportRound | None = None,
) -> ReportRound:
    """Create a round; the units default to the campaign's participating units.

    Refused (ValidationError with a Vietnamese message) for a campaign that is not launched or
    already closed, without any reporting unit, with a deadline outside the campaign's period,
    or with a recurrence date that does not exist every year (31/02, 29/02, 31/04…).
    """
    _require_manage(by, campaign)
    _require_running(campaign)
    unit_list = list(participating_units(campaign) if units is None else units)
    if not unit_list:
        raise ValidationError(
            {
                "units": _(
                    "Phong trào chưa có đơn vị tham gia: hãy thêm đơn vị tham gia (hoặc chọn đơn vị "
                    "phải báo cáo) trước khi tạo kỳ báo cáo."
                )
            }
        )
    deadline = as_deadline(deadline)
    if opens_at is None:
        opens_at = timezone.now()
    elif not isinstance(opens_at, datetime):
        opens_at = start_of_day(opens_at)
    rnd = ReportRound(
        campaign=campaign,
        kind=kind,
        title=title.strip(),
        opens_at=min(opens_at, deadline),
        deadline=deadline,
        recurrence=recurrence,
        recurrence_day=recurrence_day,
        recurrence_month=recurrence_month,
        source_document=source_document,
        previous=previous,
        created_by=by,
    )
    _check_recurrence(rnd)
    _check_inside_campaign(rnd, campaign)
    rnd.full_clean()
    rnd.save()
    rnd.units.set(unit_list)
    caching.bump(ReportRound)  # the M2M has no save signal
    pol = ReminderPolicy(round=rnd, **_policy_values(policy))
    pol.full_clean()
    pol.save()
    audit.record(
        actor=by,
        action="reports.round.created",
        target=rnd,
        data={
            "after": audit.snapshot(rnd, ROUND_FIELDS),
            "units": len(unit_list),
            "policy": audit.snapshot(pol, POLICY_FIELDS),
        },
    )
    return rnd


RUNNING = (
    Campaign.Status.LAUNCHED,
    Campaign.Status.INTERIM_REVIEW,
    Campaign.Status.FINAL_REVIEW,
)


def _require_running(campaign: Campaign):
    """Rounds (and so reminders) exist only for a campaign that has been launched and not closed."""
    if campaign.status == Campaign.Status.DRAFT:
        raise ValidationError(_("Phong trào chưa phát động: chỉ tạo kỳ báo cáo cho phong trào đã phát động."))
    if campaign.status not in RUNNING:
        raise ValidationError(_("Phong trào đã kết thúc: không tạo kỳ báo cáo mới."))


def _check_inside_campaign(rnd: ReportRound, campaign: Campaign):
    """The deadline lies inside the campaign's period (when the period is known)."""
    day = timezone.localdate(rnd.deadline)
    start, end = campaign.period_start, campaign.period_end
    if (start and day < start) or (end and day > end):
        raise ValidationError(
            {
                "deadline": _("Hạn nộp %(d)s nằm ngoài thời gian của phong trào (%(s)s – %(e)s).")
                % {
                    "d": date_format(day, "d/m/Y"),
                    "s": date_format(start, "d/m/Y") if start else "…",
                    "e": date_format(end, "d/m/Y") if end else "…",
                }
            }
        )


def yearly_date_error(day: int | None, month: int | None) -> str:
    """Why day/month is not a date that exists every year ("" if it is): 31/02, 29/02, 31/04."""
    if not day or not month:
        return _("Thiếu ngày hoặc tháng.")
    if not 1 <= month <= 12:
        return _("Tháng %(m)s không có thật.") % {"m": month}
    if not 1 <= day <= calendar.monthrange(2023, month)[1]:  # 2023: not a leap year
        return _("Ngày %(d)02d/%(m)02d không có trong mọi năm.") % {"d": day, "m": month}
    return ""


def _check_recurrence(rnd: ReportRound):
    if rnd.recurrence == ReportRound.Recurrence.NONE:
        rnd.recurrence_day = rnd.recurrence_month = None
        return
    local = timezone.localtime(rnd.deadline)
    rnd.recurrence_day = rnd.recurrence_day or local.day
    if rnd.recurrence == ReportRound.Recurrence.YEARLY:
        rnd.recurrence_month = rnd.recurrence_month or local.month
        why = yearly_date_error(rnd.recurrence_day, rnd.recurrence_month)
        if why:
            raise ValidationError(
                {"recurrence_day": _("Ngày lặp lại hằng năm không hợp lệ: %(w)s") % {"w": why}}
            )
    else:
        rnd.recurrence_month = None
        if not 1 <= rnd.recurrence_day <= 31:
            raise ValidationError({"recurrence_day": _("Ngày lặp lại phải từ 1 đến 31.")})


@transaction.atomic
def round_update(
    *, round: ReportRound, by, units=None, policy: dict | None = None, version: int | None = None, **values
) -> ReportRound:
    """Change a round under a row lock (`values` among ROUND_FIELDS; a date deadline means the end of
    that day), its units and reminder `policy`, audited. `version` is the one the editor loaded: a
    concurrent edit is refused. Raises ValidationError.
    """
    locked = ReportRound.objects.select_for_update().select_related("campaign").get(pk=round.pk)
    _require_manage(by, locked.campaign)
    check_version(locked, version)
    before = audit.snapshot(locked, ROUND_FIELDS)
    if "deadline" in values:
        values["deadline"] = as_deadline(values["deadline"])
    if "opens_at" in values and not isinstance(values["opens_at"], datetime):
        values["opens_at"] = start_of_day(values["opens_at"])
    for f in ROUND_FIELDS:
        if f in values:
            setattr(locked, f, values[f])
    _check_recurrence(locked)
    _check_inside_campaign(locked, locked.campaign)
    locked.full_clean()
    locked.save()
    data = {"changes": audit.diff(before, audit.snapshot(locked, ROUND_FIELDS))}
    if units is not None:
        units = list(units)
        if not units:
            raise ValidationError({"units": _("Hãy chọn ít nhất một đơn vị phải báo cáo.")})
        old = sorted(locked.units.values_list("pk", flat=True))
        locked.units.set(units)
        caching.bump(ReportRound)
        new = sorted(u.pk for u in units)
        if old != new:
            data["units"] = [old, new]
    if policy is not None:
        pol, _created = ReminderPolicy.objects.get_or_create(round=locked)
        pol_before = audit.snapshot(pol, POLICY_FIELDS)
        for k, v in _policy_values({**pol_before, **policy}).items():
            setattr(pol, k, v)
        pol.full_clean()
        pol.save()
        pol_diff = audit.diff(pol_before, audit.snapshot(pol, POLICY_FIELDS))
        if pol_diff:
            data["policy"] = pol_diff
    if any(data.values()):
        audit.record(actor=by, action="reports.round.updated", target=locked, data=data)
    return locked


@transaction.atomic
def round_close(*, round: ReportRound, by, note: str = "") -> ReportRound:
    """Close a round (no more submissions or edits), audited. Raises ValidationError without the
    right and TransitionNotAllowed when already closed.
    """
    locked = ReportRound.objects.select_for_update().select_related("campaign").get(pk=round.pk)
    _require_manage(by, locked.campaign)
    if locked.is_closed:
        raise TransitionNotAllowed(_("Kỳ báo cáo đã khóa."))
    locked.closed_at, locked.closed_by = timezone.now(), by
    locked.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(actor=by, action="reports.round.closed", target=locked, data={"note": note})
    return locked


@transaction.atomic
def round_reopen(*, round: ReportRound, by, reason: str = "") -> ReportRound:
    """Reopen a closed round with a `reason`, audited. Raises ValidationError without the right and
    TransitionNotAllowed when the round is open.
    """
    locked = ReportRound.objects.select_for_update().select_related("campaign").get(pk=round.pk)
    _require_manage(by, locked.campaign)
    if not locked.is_closed:
        raise TransitionNotAllowed(_("Kỳ báo cáo đang mở."))
    closed_at = locked.closed_at
    locked.closed_at, locked.closed_by = None, None
    locked.save(update_fields=["closed_at", "closed_by", "updated_at"])
    audit.record(
        actor=by,
        action="reports.round.reopened",
        target=locked,
        data={"reason": reason, "closed_at": closed_at},
    )
    return locked


def _year_in_title(title: str, old: int, new: int) -> str:
    return title.replace(str(old), str(new)) if str(old) in title else title


@transaction.atomic
def round_generate_next(*, round: ReportRound, by) -> ReportRound:
    """The next occurrence of a recurring round (idempotent: a second call returns the same round).

    A yearly round moves to next year's copy of the campaign when there is one
    (`Campaign.cloned_from`), with that campaign's participating units.
    """
    locked = ReportRound.objects.select_for_update().select_related("campaign").get(pk=round.pk)
    _require_manage(by, locked.campaign)
    existing = ReportRound.objects.filter(previous=locked).first()
    if existing:
        return existing
    if locked.recurrence == ReportRound.Recurrence.NONE:
        raise ValidationError(_("Kỳ báo cáo này không lặp lại."))
    deadline = next_deadline(
        locked.deadline,
        recurrence=locked.recurrence,
        day=locked.recurrence_day,
        month=locked.recurrence_month,
    )
    shift = deadline - locked.deadline
    campaign, units = locked.campaign, list(locked.units.all())
    old_year, new_year = timezone.localtime(locked.deadline).year, timezone.localtime(deadline).year
    if new_year != campaign.year:
        clone = Campaign.objects.filter(cloned_from=campaign, year=new_year).first()
        if clone is not None:
            campaign, units = clone, None
    policy = getattr(locked, "policy", None)
    return round_create(
        campaign=campaign,
        by=by,
        title=_year_in_title(locked.title, old_year, new_year),
        kind=locked.kind,
        opens_at=locked.opens_at + shift,
        deadline=deadline,
        units=units,
        recurrence=locked.recurrence,
        recurrence_day=locked.recurrence_day,
        recurrence_month=locked.recurrence_month,
        policy=audit.snapshot(policy, POLICY_FIELDS) if policy else None,
        previous=locked,
    )


# Chosen: a deadline in October-December is the year's final review (tổng kết), an earlier one an
# interim review (sơ kết); the round opens 30 days before its deadline. Both are editable afterwards.
FINAL_FROM_MONTH = 10
OPENS_DAYS_BEFORE = 30


@dataclass
class RoundsFromDocument:
    created: list[ReportRound] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why a deadline gave no round (Vietnamese)


def next_occurrence(
    *, day: int, month: int, campaign: Campaign, today: date, year: int | None = None
) -> date | None:
    """The first day/month on or after `today` inside the campaign's period (None if none is left).

    The period is `period_start`–`period_end`, or the campaign's year when they are not set;
    with `year` only that year is considered. "05/12 hằng năm" on a 2024–2026 campaign on
    16/03/2025 gives 05/12/2025.
    """
    start = campaign.period_start or date(campaign.year, 1, 1)
    end = campaign.period_end or date(campaign.year, 12, 31)
    years = [year] if year else range(max(start.year, today.year), end.year + 1)
    for y in years:
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d >= today and start <= d <= end:
            return d
    return None


@transaction.atomic
def rounds_from_launch_document(*, document: LaunchDocument, by, now=None) -> RoundsFromDocument:
    """Rounds for the report deadlines extracted from a launch document (idempotent).

    Only for a launched campaign. Each "dd/mm" (once or yearly) becomes its next occurrence
    inside the campaign's period (`next_occurrence`), never a date already past. Monthly and
    quarterly deadlines are not turned into rounds (no such recurrence here); impossible dates
    (31/02) and deadlines with no occurrence left are listed in `skipped`. Raises
    ValidationError when the campaign is not launched or has no participating unit.
    """
    campaign = document.campaign
    _require_manage(by, campaign)
    _require_running(campaign)
    today = timezone.localdate(now)
    out = RoundsFromDocument()
    for item in document.report_deadlines or []:
        month, day = item.get("month"), item.get("day")
        recurring = item.get("recurring")
        if recurring not in (None, "yearly"):
            out.skipped.append(_("Hạn báo cáo hằng tháng/hằng quý: hãy tạo kỳ báo cáo bằng tay."))
            continue
        label_dm = f"{day or '?'}/{month or '?'}"
        why = yearly_date_error(day, month)
        if why and not (item.get("year") and day == 29 and month == 2):
            out.skipped.append(_("Hạn %(dm)s: %(why)s") % {"dm": label_dm, "why": why})
            continue
        occurrence = next_occurrence(
            day=day, month=month, campaign=campaign, today=today, year=item.get("year")
        )
        if occurrence is None:
            out.skipped.append(
                _("Hạn %(dm)s: không còn ngày nào trong thời gian phong trào (từ hôm nay).")
                % {"dm": label_dm}
            )
            continue
        deadline = as_deadline(occurrence)
        if ReportRound.objects.filter(
            campaign=campaign, source_document=document, deadline=deadline
        ).exists():
            continue
        kind = ReportRound.Kind.FINAL if month >= FINAL_FROM_MONTH else ReportRound.Kind.INTERIM
        label = _("tổng kết") if kind == ReportRound.Kind.FINAL else _("sơ kết")
        opens = max(occurrence - timedelta(days=OPENS_DAYS_BEFORE), today)
        out.created.append(
            round_create(
                campaign=campaign,
                by=by,
                kind=kind,
                title=_("Báo cáo %(kind)s năm %(year)s (hạn %(date)s)")
                % {"kind": label, "year": occurrence.year, "date": date_format(occurrence, "d/m/Y")},
                opens_at=start_of_day(opens),
                deadline=deadline,
                recurrence=ReportRound.Recurrence.YEARLY if recurring == "yearly" else "none",
                recurrence_day=day if recurring == "yearly" else None,
                recurrence_month=month if recurring == "yearly" else None,
                source_document=document,
            )
        )
    return out


# --- Submissions ---------------------------------------------------------------------
def _require_unit_role(by, unit: Unit):
    if not can_report_for(by, unit):
        raise ValidationError(_("Bạn không phụ trách đơn vị này."))


def _require_open(rnd: ReportRound, now=None):
    if rnd.is_closed:
        raise ValidationError(_("Kỳ báo cáo đã khóa: không nộp hoặc sửa báo cáo được nữa."))
    if (now or timezone.now()) < rnd.opens_at:
        raise ValidationError(
            _("Kỳ báo cáo chưa mở (mở từ %(d)s).")
            % {"d": date_format(timezone.localtime(rnd.opens_at), "d/m/Y H:i")}
        )


@transaction.atomic
def submission_start(*, round: ReportRound, unit: Unit, by, now=None) -> ReportSubmission:
    """The submission of `unit` in `round`, created (audited) on first use while the round is open.

    Raises ValidationError when `by` is not staff of the unit, the unit is not in the round, or a
    new submission would start in a closed round.
    """
    _require_unit_role(by, unit)
    if not round.units.filter(pk=unit.pk).exists():
        raise ValidationError(_("Đơn vị không thuộc danh sách phải báo cáo kỳ này."))
    existing = ReportSubmission.objects.filter(round=round, unit=unit).first()
    if existing:
        return existing
    _require_open(round, now)
    submission, created = ReportSubmission.objects.get_or_create(round=round, unit=unit)
    if created:
        audit.record(actor=by, action="reports.submission.started", target=submission)
    return submission


def _lock(submission: ReportSubmission) -> ReportSubmission:
    return (
        ReportSubmission.objects.select_for_update()
        .select_related("round", "round__campaign", "unit")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_save(
    *,
    submission: ReportSubmission,
    by,
    version: int,
    narrative: str = "",
    figures: dict | None = None,
    bases: dict | None = None,
    now=None,
) -> ReportSubmission:
    """Save the draft: narrative, figures {target_id: Decimal or None} and, for rate targets, the
    optional denominators {target_id: Decimal or None} (tổng số, for the weighted rate).
    `version` is the one the user loaded."""
    locked = _lock(submission)
    _require_unit_role(by, locked.unit)
    _require_open(locked.round, now)
    if not locked.is_editable:
        raise ValidationError(_("Báo cáo đã nộp, không sửa được nữa (trừ khi bị trả lại)."))
    if locked.version != version:
        raise ValidationError(
            _(
                "Báo cáo vừa được người khác sửa và lưu. Nội dung bạn vừa nhập vẫn còn trên form; "
                "hãy mở báo cáo ở một thẻ khác để xem bản mới, đối chiếu rồi lưu lại."
            ),
            code="conflict",
        )
    figures = figures or {}
    valid = set(locked.round.campaign.targets.values_list("pk", flat=True))
    errors = {}
    for target_id, value in figures.items():
        if target_id not in valid:
            errors[f"target_{target_id}"] = _("Chỉ tiêu không thuộc phong trào này.")
        elif value is not None and value < 0:
            errors[f"target_{target_id}"] = _("Giá trị không được âm.")
    bases = {t: v for t, v in (bases or {}).items() if v is not None}
    for target_id, value in bases.items():
        if target_id not in valid:
            errors[f"base_{target_id}"] = _("Chỉ tiêu không thuộc phong trào này.")
        elif value <= 0:
            errors[f"base_{target_id}"] = _("Tổng số (mẫu số) phải lớn hơn 0.")
        elif figures.get(target_id) is None:
            errors[f"base_{target_id}"] = _("Hãy nhập kết quả (tỷ lệ) của chỉ tiêu này cùng với tổng số.")
    if errors:
        raise ValidationError(errors)
    before = {
        "narrative": locked.narrative,
        "figures": {str(f.target_id): str(f.actual) for f in locked.figures.all()},
        "bases": {str(f.target_id): str(f.base) for f in locked.figures.all() if f.base is not None},
    }
    after_figures = {t: v for t, v in figures.items() if v is not None}
    locked.narrative = narrative
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["narrative", "version", "updated_at"])
    locked.figures.all().delete()
    SubmissionFigure.objects.bulk_create(
        [
            SubmissionFigure(submission=locked, target_id=t, actual=v, base=bases.get(t))
            for t, v in after_figures.items()
        ]
    )
    caching.bump(SubmissionFigure)
    after = {
        "narrative": narrative,
        "figures": {str(t): str(v) for t, v in after_figures.items()},
        "bases": {str(t): str(v) for t, v in bases.items()},
    }
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor=by, action="reports.submission.saved", target=locked, data={"changes": changes})
    return locked


def _transition(sub: ReportSubmission, *, to: str, by, reason: str = "", **extra) -> ReportSubmission:
    sub.check_transition(to)
    sub.version += 1
    for k, v in extra.items():
        setattr(sub, k, v)
    transition(
        sub, to, by=by, action=f"reports.submission.{to}", data={"reason": reason, "late": sub.is_late}
    )
    sub.full_clean()
    sub.save()
    return sub


@transaction.atomic
def submission_submit(*, submission: ReportSubmission, by, now=None) -> ReportSubmission:
    """Submit (or resubmit after a return). After the deadline it is accepted but marked late."""
    now = now or timezone.now()
    locked = _lock(submission)
    _require_unit_role(by, locked.unit)
    _require_open(locked.round, now)
    if not locked.narrative.strip() and not locked.figures.exists():
        raise ValidationError(_("Hãy nhập số liệu hoặc nội dung báo cáo trước khi nộp."))
    to = (
        ReportSubmission.Status.RESUBMITTED
        if locked.status == ReportSubmission.Status.RETURNED
        else ReportSubmission.Status.SUBMITTED
    )
    return _transition(
        locked,
        to=to,
        by=by,
        submitted_at=now,
        submitted_by=by,
        is_late=now > locked.round.deadline,
        deadline_at_submission=locked.round.deadline,
        first_submitted_at=locked.first_submitted_at or now,
    )


@transaction.atomic
def submission_save_submit(
    *,
    submission: ReportSubmission,
    by,
    version: int,
    narrative: str = "",
    figures: dict | None = None,
    bases: dict | None = None,
    upload=None,
) -> ReportSubmission:
    """The unit's "Nộp báo cáo" on its edit form: save what was typed (`submission_save`, same
    arguments), attach `upload` when a file was chosen (`attachment_add`), and submit
    (`submission_submit`: draft → submitted, returned → resubmitted; late after the deadline), in
    one transaction.

    Raises ValidationError (nothing saved) when any step refuses.
    """
    saved = submission_save(
        submission=submission, by=by, version=version, narrative=narrative, figures=figures, bases=bases
    )
    if upload is not None:
        attachment_add(submission=saved, by=by, upload=upload)
        saved.refresh_from_db()
    return submission_submit(submission=saved, by=by)


@transaction.atomic
def submission_accept(*, submission: ReportSubmission, by) -> ReportSubmission:
    """The launching unit accepts a submitted report; the unit is notified.

    Raises ValidationError without the right; TransitionNotAllowed unless submitted/resubmitted.
    """
    locked = _lock(submission)
    _require_manage(by, locked.round.campaign)
    sub = _transition(
        locked, to=ReportSubmission.Status.ACCEPTED, by=by, decided_at=timezone.now(), decided_by=by
    )
    return sub


@transaction.atomic
def submission_return(*, submission: ReportSubmission, by, reason: str) -> ReportSubmission:
    """The launching unit returns a report with a `reason` (required) for correction; the unit is
    notified. Raises ValidationError without a reason, without the right or when the round is closed;
    TransitionNotAllowed when the state table forbids it.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải ghi lý do trả lại.")})
    locked = _lock(submission)
    _require_manage(by, locked.round.campaign)
    if locked.round.is_closed:
        raise ValidationError(_("Kỳ báo cáo đã khóa: mở lại kỳ báo cáo trước khi trả lại báo cáo."))
    sub = _transition(
        locked,
        to=ReportSubmission.Status.RETURNED,
        by=by,
        reason=reason,
        decided_at=timezone.now(),
        decided_by=by,
        return_reason=reason,
    )
    return sub


def unit_users(units, roles=authority.UNIT_ROLES):
    """Active users holding one of `roles` (default unit head/clerk) on `units` today."""
    ids = authority.role_grants_on(units, roles).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


# --- Attachments ---------------------------------------------------------------------
@transaction.atomic
def attachment_add(
    *, submission: ReportSubmission, by, upload, name: str | None = None
) -> SubmissionAttachment:
    """Check the file by content and size, store it under a generated name, keep the user's name."""
    locked = _lock(submission)
    _require_unit_role(by, locked.unit)
    _require_open(locked.round)
    if not locked.is_editable:
        raise ValidationError(_("Báo cáo đã nộp: không thêm tệp được nữa (trừ khi bị trả lại)."))
    original = name if name is not None else upload.name
    kind = validate_upload(upload, name=original).kind
    att = SubmissionAttachment(
        submission=locked, original_name=original, kind=kind, size=upload.size, uploaded_by=by
    )
    upload.name = f"x.{'jpg' if kind == 'jpg' else kind}"  # only the suffix reaches attachment_path
    att.file.save(upload.name, upload, save=False)
    att.save()
    audit.record(
        actor=by,
        action="reports.attachment.added",
        target=locked,
        data={"attachment": att.pk, "name": original, "size": att.size},
    )
    return att


@transaction.atomic
def attachment_delete(*, attachment: SubmissionAttachment, by) -> None:
    """Delete an attachment of a report still being edited, audited. Raises ValidationError without
    the right, once submitted, or when the round is closed.
    """
    locked = _lock(attachment.submission)
    _require_unit_role(by, locked.unit)
    _require_open(locked.round)
    if not locked.is_editable:
        raise ValidationError(_("Báo cáo đã nộp: không xóa tệp được nữa."))
    audit.record(
        actor=by,
        action="reports.attachment.deleted",
        target=locked,
        data={"attachment": attachment.pk, "name": attachment.original_name},
    )
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
