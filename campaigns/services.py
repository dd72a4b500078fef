"""Every change to campaigns, targets and registrations: lock, check, save, audit."""

import re
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.models import (
    Campaign,
    CampaignSection,
    Commitment,
    IndividualPledge,
    LaunchDocument,
    Registration,
    Target,
    TargetAssignment,
)
from campaigns.permissions import can_manage_campaign, can_register_for
from campaigns.selectors import participating_units
from campaigns.target_grid import unit_target_problem
from core import audit, caching
from core.concurrency import check_version
from core.exceptions import error_text
from core.notifications import notify
from core.workflow import transition
from units import permissions as authority
from units.models import Bloc, Unit

CAMPAIGN_FIELDS = [
    "title",
    "kind",
    "year",
    "launching_unit",
    "theme",
    "period_start",
    "period_end",
    "registration_deadline",
    "award_forms",
    "movements",
]
TARGET_FIELDS = ["name", "group", "unit_of_measure", "value", "direction", "kind", "order"]


def _require_manage(by, campaign_or_unit):
    if isinstance(campaign_or_unit, Campaign):
        allowed = can_manage_campaign(by, campaign_or_unit)
    else:
        allowed = authority.can_manage(by, campaign_or_unit)
    if not allowed:
        raise ValidationError(_("Bạn không có quyền quản lý phong trào của cơ quan này."))


def _apply(obj, fields, values):
    for f in fields:
        if f in values:
            setattr(obj, f, values[f])


@transaction.atomic
def campaign_create(*, by, participants=(), blocs=(), sections=(), **values) -> Campaign:
    """Create a draft campaign. `sections` is a list of (heading, body)."""
    _require_manage(by, values.get("launching_unit"))
    campaign = Campaign(created_by=by)
    _apply(campaign, CAMPAIGN_FIELDS, values)
    campaign.full_clean()
    campaign.save()
    campaign.participants.set(participants)
    caching.bump(Campaign)  # the M2M has no save signal
    campaign.participant_blocs.set(blocs)
    for i, (heading, body) in enumerate(sections, start=1):
        CampaignSection.objects.create(campaign=campaign, order=i, heading=heading[:500], body=body)
    audit.record(
        actor=by,
        action="campaigns.campaign.created",
        target=campaign,
        data={"after": audit.snapshot(campaign, CAMPAIGN_FIELDS)},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    by,
    participants=None,
    blocs=None,
    sections=None,
    version: int | None = None,
    **values,
) -> Campaign:
    """Change a campaign under a row lock: `values` among CAMPAIGN_FIELDS, and optionally the
    participating units, blocs and sections; audited with the changes. `version` is the one the
    editor loaded: a concurrent edit is refused.

    Raises ValidationError without the right, on a stale version or on invalid data.
    """
    _require_manage(by, campaign)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_version(locked, version)
    before = audit.snapshot(locked, CAMPAIGN_FIELDS)
    before_units = sorted(locked.participants.values_list("pk", flat=True))
    before_blocs = sorted(locked.participant_blocs.values_list("pk", flat=True))
    _apply(locked, CAMPAIGN_FIELDS, values)
    _require_manage(by, locked)
    locked.full_clean()
    locked.save()
    data = {"changes": audit.diff(before, audit.snapshot(locked, CAMPAIGN_FIELDS))}
    if participants is not None:
        locked.participants.set(participants)
        caching.bump(Campaign)
        after = sorted(u.pk for u in participants)
        if after != before_units:
            data["participants"] = [before_units, after]
    if blocs is not None:
        locked.participant_blocs.set(blocs)
        after = sorted(b.pk for b in blocs)
        if after != before_blocs:
            data["blocs"] = [before_blocs, after]
    if sections is not None:
        old = [(x.heading, x.body) for x in locked.sections.all()]
        new = [(h, b) for h, b in sections]
        if old != new:
            locked.sections.all().delete()
            CampaignSection.objects.bulk_create(
                [
                    CampaignSection(campaign=locked, order=i, heading=h[:500], body=b)
                    for i, (h, b) in enumerate(new, start=1)
                ]
            )
            data["sections"] = [len(old), len(new)]
    if any(data.values()):
        audit.record(actor=by, action="campaigns.campaign.updated", target=locked, data=data)
    return locked


def _unit_users(units):
    """Users holding a unit-head or clerk grant on these units today."""
    ids = authority.role_grants_on(units, authority.UNIT_ROLES).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


@transaction.atomic
def campaign_transition(*, campaign: Campaign, to: str, by, note: str = "") -> Campaign:
    """Move a campaign along draft → launched → interim review → final review → closed."""
    _require_manage(by, campaign)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    locked.check_transition(to)
    if to == Campaign.Status.LAUNCHED and not participating_units(locked).exists():
        raise ValidationError(_("Chưa chọn đơn vị hoặc khối, cụm tham gia: không thể phát động."))
    transition(locked, to, by=by, action=f"campaigns.campaign.{to}", data={"note": note})
    fields = ["status", "status_changed_at", "updated_at"]
    if to == Campaign.Status.LAUNCHED:
        locked.launched_at = locked.status_changed_at
        fields.append("launched_at")
    locked.save(update_fields=fields)
    if to == Campaign.Status.LAUNCHED:
        recipients = list(_unit_users(participating_units(locked)))
        url = reverse("campaigns:campaign-detail", args=[locked.pk])
        transaction.on_commit(
            lambda: notify(
                recipients=recipients,
                kind="campaign.launched",
                title=_("Phát động phong trào: %(t)s") % {"t": locked.title},
                body=_("Đơn vị của bạn tham gia phong trào. Hạn đăng ký thi đua: %(d)s.")
                % {
                    "d": date_format(locked.registration_deadline, "d/m/Y")
                    if locked.registration_deadline
                    else _("chưa ấn định")
                },
                url=url,
                dedupe_key=f"campaign-launched-{locked.pk}",
            )
        )
    return locked


def _shift_year(d: date | None, years: int) -> date | None:
    if d is None:
        return None
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


@transaction.atomic
def campaign_clone(*, campaign: Campaign, by, year: int | None = None) -> Campaign:
    """Copy a campaign (contents, targets, participants, award forms) as next year's draft."""
    _require_manage(by, campaign)
    year = year or campaign.year + 1
    shift = year - campaign.year
    title = campaign.title.replace(str(campaign.year), str(year))
    blocs = [
        Bloc.objects.filter(organiser=b.organiser, name=b.name, year=b.year + shift).first() or b
        for b in campaign.participant_blocs.all()
    ]
    clone = campaign_create(
        by=by,
        title=title,
        kind=campaign.kind,
        year=year,
        launching_unit=campaign.launching_unit,
        theme=campaign.theme,
        period_start=_shift_year(campaign.period_start, shift),
        period_end=_shift_year(campaign.period_end, shift),
        registration_deadline=_shift_year(campaign.registration_deadline, shift),
        award_forms=list(campaign.award_forms),
        movements=list(campaign.movements),
        participants=list(campaign.participants.all()),
        blocs=blocs,
        sections=[(s.heading, s.body) for s in campaign.sections.all()],
    )
    Campaign.objects.filter(pk=clone.pk).update(cloned_from=campaign)
    for t in campaign.targets.prefetch_related("assignments"):
        new_t = Target.objects.create(campaign=clone, **{f: getattr(t, f) for f in TARGET_FIELDS})
        TargetAssignment.objects.bulk_create(
            [TargetAssignment(target=new_t, unit_id=a.unit_id, value=a.value) for a in t.assignments.all()]
        )
    caching.bump(TargetAssignment)
    audit.record(actor=by, action="campaigns.campaign.cloned", target=clone, data={"from": campaign.pk})
    clone.refresh_from_db()
    return clone


@transaction.atomic
def target_save(
    *, campaign: Campaign, by, target: Target | None = None, version: int | None = None, **values
) -> Target:
    """Create (`target=None`) or change a target of `campaign` from `values` (TARGET_FIELDS), audited.
    `version` is the one the editor loaded: a concurrent edit is refused.

    Raises ValidationError without the right, when the campaign is closed, on a stale version, or on
    invalid data.
    """
    _require_manage(by, campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("Phong trào đã kết thúc: không sửa chỉ tiêu."))
    creating = target is None
    target = Target(campaign=campaign) if creating else Target.objects.select_for_update().get(pk=target.pk)
    if not creating:
        check_version(target, version)
    before = {} if creating else audit.snapshot(target, TARGET_FIELDS)
    if creating and "order" not in values:
        values["order"] = campaign.targets.count() + 1
    _apply(target, TARGET_FIELDS, values)
    target.full_clean()
    target.save()
    after = audit.snapshot(target, TARGET_FIELDS)
    audit.record(
        actor=by,
        action=f"campaigns.target.{'created' if creating else 'updated'}",
        target=campaign,
        data={"target": target.pk, "after": after}
        if creating
        else {"target": target.pk, "changes": audit.diff(before, after)},
    )
    return target


@transaction.atomic
def target_delete(*, target: Target, by) -> None:
    """Delete a target nobody has registered for, audited. Raises ValidationError otherwise."""
    campaign = target.campaign
    _require_manage(by, campaign)
    if target.commitments.exists():
        raise ValidationError(_("Đã có đơn vị đăng ký chỉ tiêu này: không thể xóa."))
    audit.record(
        actor=by,
        action="campaigns.target.deleted",
        target=campaign,
        data={"target": target.pk, "before": audit.snapshot(target, TARGET_FIELDS)},
    )
    target.delete()


@transaction.atomic
def target_assign(*, target: Target, unit: Unit, value: Decimal | None, by) -> None:
    """Give one unit its own value for a target (None removes the assignment)."""
    target_assign_grid(campaign=target.campaign, by=by, values={(unit.pk, target.pk): value})


@transaction.atomic
def target_assign_grid(*, campaign: Campaign, by, values: dict) -> int:
    """Assign the units' own targets in one go (the grid, or one cell of it).

    `values`: {(unit_id, target_id): Decimal | None}; None removes the unit's own value (it then
    falls back to its approved commitment, see `campaigns.selectors.unit_goals`). Units must take
    part in the campaign. All or nothing: any bad cell raises ValidationError with
    {"u<unit_id>_t<target_id>": message} and nothing is saved. Audited once with every change.
    Returns the number of cells changed.
    """
    _require_manage(by, campaign)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError(_("Phong trào đã kết thúc: không giao chỉ tiêu được nữa."))
    targets = {t.pk: t for t in campaign.targets.all()}
    allowed = set(participating_units(campaign).values_list("pk", flat=True))
    errors = {}
    for (unit_id, target_id), value in values.items():
        key = f"u{unit_id}_t{target_id}"
        if target_id not in targets:
            errors[key] = _("Chỉ tiêu không thuộc phong trào này.")
        elif unit_id not in allowed:
            errors[key] = _("Đơn vị không tham gia phong trào này.")
        elif value is not None and (why := unit_target_problem(targets[target_id], value)):
            errors[key] = why
    if errors:
        raise ValidationError(errors)
    existing = {
        (a.unit_id, a.target_id): a
        for a in TargetAssignment.objects.select_for_update().filter(target__campaign=campaign)
    }
    changes = []
    for (unit_id, target_id), value in sorted(values.items()):
        old = existing.get((unit_id, target_id))
        if value is None:
            if old is not None:
                old.delete()
                changes.append(
                    {"unit": unit_id, "target": target_id, "before": str(old.value), "after": None}
                )
        elif old is None:
            TargetAssignment.objects.create(target_id=target_id, unit_id=unit_id, value=value)
            changes.append({"unit": unit_id, "target": target_id, "before": None, "after": str(value)})
        elif old.value != value:
            changes.append(
                {"unit": unit_id, "target": target_id, "before": str(old.value), "after": str(value)}
            )
            old.value = value
            old.save(update_fields=["value"])
    if changes:
        audit.record(actor=by, action="campaigns.target.assigned", target=campaign, data={"changes": changes})
    return len(changes)


@transaction.atomic
def launch_document_save(
    *, campaign: Campaign, by, document: LaunchDocument | None = None, **values
) -> LaunchDocument:
    """Create or change the campaign's launch document record (type, number, symbol, date, signer, …)
    from `values`, audited. Raises ValidationError without the right or on invalid data.
    """
    _require_manage(by, campaign)
    fields = [
        "doc_type",
        "number",
        "symbol",
        "date",
        "place",
        "issuer",
        "subject",
        "signer_name",
        "signer_title",
        "signing_capacity",
        "recipients",
        "report_deadlines",
        "original_file",
        "original_name",
        "text",
    ]
    creating = document is None
    document = LaunchDocument(campaign=campaign) if creating else document
    _apply(document, fields, values)
    document.full_clean()
    document.save()
    audit.record(
        actor=by,
        action=f"campaigns.document.{'added' if creating else 'updated'}",
        target=campaign,
        data={"document": document.pk, "ref": str(document)},
    )
    return document


# --- Registration --------------------------------------------------------------------
def _require_unit_role(by, unit: Unit):
    if not can_register_for(by, unit):
        raise ValidationError(_("Bạn không phụ trách đơn vị này."))


def _require_open_for_registration(campaign: Campaign, now=None):
    reason = campaign.registration_closed_reason(now)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def registration_start(*, campaign: Campaign, unit: Unit, by) -> Registration:
    """The registration of `unit` for `campaign`, created (audited) on first use.

    Raises ValidationError when `by` is not staff of the unit or the unit does not take part.
    """
    _require_unit_role(by, unit)
    if not participating_units(campaign).filter(pk=unit.pk).exists():
        raise ValidationError(_("Đơn vị không tham gia phong trào này."))
    registration, created = Registration.objects.get_or_create(campaign=campaign, unit=unit)
    if created:
        audit.record(actor=by, action="campaigns.registration.started", target=registration)
    return registration


@transaction.atomic
def registration_save(
    *,
    registration: Registration,
    by,
    version: int,
    collective_title: str = "",
    pledge: str = "",
    commitments: dict | None = None,
    individuals: list | None = None,
    now=None,
) -> Registration:
    """Save a draft registration. `commitments` = {target_id: Decimal}; `individuals` = [(person, title)].

    `version` is the version the user loaded: a second person's concurrent edit is refused.
    """
    locked = (
        Registration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
    )
    _require_unit_role(by, locked.unit)
    _require_open_for_registration(locked.campaign, now)
    if not locked.is_editable:
        raise ValidationError(_("Bản đăng ký đã gửi, không sửa được nữa."))
    if locked.version != version:
        raise ValidationError(
            _(
                "Bản đăng ký vừa được người khác sửa. Hãy tải lại trang; "
                "nội dung bạn vừa nhập vẫn còn trên form."
            )
        )
    commitments = commitments or {}
    errors = {}
    valid_targets = set(locked.campaign.targets.values_list("pk", flat=True))
    for target_id, value in commitments.items():
        if target_id not in valid_targets:
            errors[f"target_{target_id}"] = _("Chỉ tiêu không thuộc phong trào này.")
        elif value < 0:
            errors[f"target_{target_id}"] = _("Giá trị không được âm.")
    for person, _title in individuals or []:
        if not person.unit.path.startswith(locked.unit.path):
            errors["individuals"] = _("%(name)s không thuộc đơn vị đăng ký.") % {"name": person.full_name}
    if errors:
        raise ValidationError(errors)
    before = {
        "collective_title": locked.collective_title,
        "pledge": locked.pledge,
        "commitments": {str(c.target_id): str(c.value) for c in locked.commitments.all()},
        "individuals": {str(i.person_id): i.title for i in locked.individuals.all()},
    }
    locked.collective_title, locked.pledge = collective_title, pledge
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=["collective_title", "pledge", "version", "updated_at"])
    locked.commitments.all().delete()
    Commitment.objects.bulk_create(
        [Commitment(registration=locked, target_id=t, value=v) for t, v in commitments.items()]
    )
    caching.bump(Commitment)
    locked.individuals.all().delete()
    IndividualPledge.objects.bulk_create(
        [IndividualPledge(registration=locked, person=p, title=t) for p, t in individuals or []]
    )
    after = {
        "collective_title": collective_title,
        "pledge": pledge,
        "commitments": {str(t): str(v) for t, v in commitments.items()},
        "individuals": {str(p.pk): t for p, t in individuals or []},
    }
    audit.record(
        actor=by,
        action="campaigns.registration.saved",
        target=locked,
        data={"changes": audit.diff(before, after)},
    )
    return locked


def _registration_transition(reg: Registration, *, to: str, by, **extra) -> Registration:
    reg.check_transition(to)
    reg.version += 1
    for k, v in extra.items():
        setattr(reg, k, v)
    transition(
        reg, to, by=by, action=f"campaigns.registration.{to}", data={"reason": extra.get("return_reason", "")}
    )
    reg.full_clean()
    reg.save()
    return reg


@transaction.atomic
def registration_submit(*, registration: Registration, by, now=None) -> Registration:
    """The unit sends its registration (draft/returned → submitted) before the registration deadline.

    Raises ValidationError without the right, after the deadline, or when nothing is registered;
    TransitionNotAllowed when the state table forbids it.
    """
    locked = (
        Registration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
    )
    _require_unit_role(by, locked.unit)
    _require_open_for_registration(locked.campaign, now)
    if not locked.commitments.exists() and not locked.collective_title:
        raise ValidationError(_("Hãy đăng ký ít nhất một chỉ tiêu hoặc một danh hiệu tập thể trước khi gửi."))
    return _registration_transition(
        locked,
        to=Registration.Status.SUBMITTED,
        by=by,
        submitted_at=timezone.now(),
        submitted_by=by,
        return_reason="",
    )


@transaction.atomic
def registration_save_submit(
    *,
    registration: Registration,
    by,
    version: int,
    collective_title: str = "",
    pledge: str = "",
    commitments: dict | None = None,
    individuals: list | None = None,
) -> Registration:
    """The unit's "Gửi" on its edit form: save what was typed (`registration_save`, same arguments)
    and send it (`registration_submit`, draft/returned → submitted) in one transaction.

    Raises ValidationError (nothing saved) when either step refuses.
    """
    saved = registration_save(
        registration=registration,
        by=by,
        version=version,
        collective_title=collective_title,
        pledge=pledge,
        commitments=commitments,
        individuals=individuals,
    )
    return registration_submit(registration=saved, by=by)


@transaction.atomic
def registration_approve(*, registration: Registration, by) -> Registration:
    """The launching unit approves a submitted registration; the unit is notified (campaigns/notices.py).

    Raises ValidationError without the right; TransitionNotAllowed unless submitted.
    """
    locked = Registration.objects.select_for_update().select_related("campaign").get(pk=registration.pk)
    _require_manage(by, locked.campaign)
    reg = _registration_transition(
        locked, to=Registration.Status.APPROVED, by=by, decided_at=timezone.now(), decided_by=by
    )
    return reg


@transaction.atomic
def registration_return(*, registration: Registration, by, reason: str) -> Registration:
    """The launching unit returns a submitted registration with a `reason` (required); the unit is
    notified. Raises ValidationError without a reason or the right; TransitionNotAllowed unless
    submitted.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải ghi lý do trả lại.")})
    locked = Registration.objects.select_for_update().select_related("campaign").get(pk=registration.pk)
    _require_manage(by, locked.campaign)
    reg = _registration_transition(
        locked,
        to=Registration.Status.RETURNED,
        by=by,
        decided_at=timezone.now(),
        decided_by=by,
        return_reason=reason,
    )
    return reg


@transaction.atomic
def campaign_create_from_document(
    *,
    by,
    campaign_values: dict,
    document_values: dict,
    targets: list[dict],
    participants=(),
    blocs=(),
    sections=(),
) -> Campaign:
    """Save a campaign reviewed from an imported launch document: campaign, document, targets.

    Without `sections`, the document's content parts (căn cứ, mục đích – yêu cầu, nội dung, chỉ
    tiêu, tổ chức thực hiện…: campaigns.parsing.content_parts of its text) become the campaign's
    sections, which prefill its Kế hoạch draft (issue 11 item 5).
    """
    if not sections and document_values.get("text"):
        from campaigns.parsing import content_parts

        sections = content_parts(document_values["text"])
    campaign = campaign_create(
        by=by, participants=participants, blocs=blocs, sections=sections, **campaign_values
    )
    launch_document_save(campaign=campaign, by=by, **document_values)
    for i, t in enumerate(targets, start=1):
        target_save(campaign=campaign, by=by, order=i, **t)
    audit.record(
        actor=by,
        action="campaigns.campaign.imported",
        target=campaign,
        data={"document": document_values.get("symbol", ""), "targets": len(targets)},
    )
    return campaign


# --- The campaign's own launch document, through the documents engine ------------------
# The issuer block, place name and signer come from the issuing body (documents.issuers).


def campaign_launch_document(campaign: Campaign):
    """The campaign's issued Kế hoạch or Chỉ thị (still valid), or None."""
    from documents.selectors import current_document_of

    for doc_type in ("ke_hoach", "chi_thi"):
        document = current_document_of(campaign, doc_type=doc_type)
        if document is not None:
            return document
    return None


_PART_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*)\s*[.:)]\s*")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def launch_document_sections(campaign: Campaign) -> list[dict]:
    """The sections of the campaign's Kế hoạch draft: [{"heading", "paragraphs"}] in order.

    The theme, then the campaign's content parts (imported or typed: mục đích – yêu cầu, nội
    dung…), then its targets (chỉ tiêu), award forms and the registration deadline (tổ chức thực
    hiện) unless a part already covers them. A part without heading (the "Căn cứ …" preamble)
    stays first and unnumbered; the others are numbered I, II, III… (Nghị định 30/2020, Annex I:
    parts in Roman numerals, items 1, 2, points a, b inside their bodies).
    """
    from core.formats import format_vn_decimal
    from core.search import fold_diacritics

    parts = [
        (s.heading, [p.strip() for p in s.body.splitlines() if p.strip()]) for s in campaign.sections.all()
    ]
    covered = fold_diacritics(" ".join(h for h, _p in parts)).casefold()
    generated = []
    if campaign.theme:
        generated.append((_("CHỦ ĐỀ THI ĐUA"), [f"“{campaign.theme}”."]))
    extra = []
    targets = list(campaign.targets.all())
    if targets and "chi tieu" not in covered:
        extra.append(
            (
                _("CHỈ TIÊU THI ĐUA"),
                [
                    f"- {t.name}: {t.get_direction_display().lower()} "
                    f"{format_vn_decimal(t.value, 4)} {t.unit_of_measure};"
                    for t in targets
                ],
            )
        )
    if campaign.award_forms and "khen thuong" not in covered:
        extra.append((_("HÌNH THỨC KHEN THƯỞNG"), [f"- {f};" for f in campaign.award_forms]))
    # the generated parts go before the imported "Tổ chức thực hiện", which stays last
    last = next(
        (i for i, (h, _p) in enumerate(parts) if "to chuc thuc hien" in fold_diacritics(h).casefold()),
        len(parts),
    )
    body = [*parts[:last], *extra, *parts[last:]]
    if campaign.registration_deadline and "to chuc thuc hien" not in covered:
        body.append(
            (
                _("TỔ CHỨC THỰC HIỆN"),
                [
                    _("Các cơ quan, đơn vị đăng ký thi đua trước ngày %(d)s.")
                    % {"d": date_format(campaign.registration_deadline, "d/m/Y")}
                ],
            )
        )
    preamble = [(h, p) for h, p in body if not h.strip()]
    numbered = [*generated, *[(h, p) for h, p in body if h.strip()]]
    sections = [{"heading": "", "paragraphs": p} for _h, p in preamble]
    for i, (heading, paragraphs) in enumerate(numbered, start=1):
        sections.append(
            {"heading": f"{_roman(i)}. {_PART_NUMBER.sub('', heading, count=1)}", "paragraphs": paragraphs}
        )
    return sections


def campaign_launch_document_draft(*, campaign: Campaign, by):
    """Prepare the campaign's Kế hoạch (or Chỉ thị) as an official document draft to preview and issue."""
    from documents.issuers import issuer_kwargs, issuing_body_for
    from documents.services import draft_create

    _require_manage(by, campaign)
    issued = campaign_launch_document(campaign)
    if issued is not None:
        raise ValidationError(
            _("Văn bản phát động đã được ban hành: số %(s)s ngày %(d)s.")
            % {"s": issued.symbol, "d": issued.date.strftime("%d/%m/%Y")}
        )
    from django.contrib.contenttypes.models import ContentType

    from documents.models import DocumentDraft

    open_draft = DocumentDraft.objects.filter(
        source_type=ContentType.objects.get_for_model(Campaign),
        source_id=str(campaign.pk),
        status__in=[DocumentDraft.Status.DRAFT, DocumentDraft.Status.SUBMITTED],
    ).first()
    if open_draft is not None:  # one launch document: reopen the draft being prepared
        return open_draft
    unit = campaign.launching_unit
    source = campaign.documents.filter(doc_type__in=[LaunchDocument.Type.DIRECTIVE, LaunchDocument.Type.PLAN])
    primary = source.first()
    doc_type = "chi_thi" if primary and primary.doc_type == LaunchDocument.Type.DIRECTIVE else "ke_hoach"
    sections = launch_document_sections(campaign)
    issue_kwargs = {
        **issuer_kwargs(issuing_body_for(unit)),
        "subject": campaign.title,
        "date": timezone.localdate().isoformat(),
    }
    if primary and primary.place:
        issue_kwargs["place"] = primary.place
    recipients = (
        primary.recipients
        if primary and primary.recipients
        else [_("Các cơ quan, đơn vị tham gia"), _("Lưu: VT, NV")]
    )
    draft = draft_create(
        by=by,
        doc_type=doc_type,
        title=campaign.title,
        context={"sections": sections, "recipients_cc": recipients},
        issue_kwargs=issue_kwargs,
        source=campaign,
    )
    audit.record(
        actor=by,
        action="campaigns.campaign.document_drafted",
        target=campaign,
        data={"draft": draft.pk, "doc_type": doc_type},
    )
    return draft


# --- OCR of a scanned launch document ---------------------------------------------------------
# The upload is stored under launch-imports/<uuid>/<name>; the OCR run writes beside it
# "<key>.ocr.json" (progress: state, done, total, user, error) and "<key>.ocr.txt" (the text).


def _ocr_paths(key: str) -> tuple[str, str]:
    return f"{key}.ocr.json", f"{key}.ocr.txt"


def launch_import_ocr_start(*, key: str, by) -> None:
    """Record that user ``by`` queued OCR of the stored upload ``key`` (state "queued")."""
    _write_ocr_status(key, {"state": "queued", "done": 0, "total": 0, "user": by.pk, "error": ""})


def _write_ocr_status(key: str, status: dict) -> None:
    import json

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    path, _text = _ocr_paths(key)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(json.dumps(status).encode()))


def launch_import_ocr_fail(*, key: str, message: str) -> None:
    """Record that OCR of ``key`` failed, with a Vietnamese ``message`` for the page."""
    from campaigns.selectors import launch_import_ocr_status

    status = launch_import_ocr_status(key) or {"user": None, "done": 0, "total": 0}
    _write_ocr_status(key, {**status, "state": "failed", "error": message})


def launch_import_ocr_run(*, key: str) -> None:
    """Recognise the text of the scanned PDF stored at ``key`` (OCR, page by page, with progress).

    Idempotent: when the text is already there it does nothing; a failure is recorded in the
    status ("failed" and a Vietnamese message), never raised, so the page can tell the user."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from campaigns.extraction import ocr_pdf_text
    from campaigns.selectors import launch_import_ocr_status

    _status_path, text_path = _ocr_paths(key)
    status = launch_import_ocr_status(key) or {"user": None}
    if default_storage.exists(text_path) and status.get("state") == "done":
        return
    with default_storage.open(key, "rb") as handle:
        data = handle.read()

    def progress(done: int, total: int) -> None:
        _write_ocr_status(key, {**status, "state": "running", "done": done, "total": total, "error": ""})

    try:
        text = ocr_pdf_text(data, progress=progress)
    except ValidationError as exc:
        launch_import_ocr_fail(key=key, message=error_text(exc))
        return
    if default_storage.exists(text_path):
        default_storage.delete(text_path)
    default_storage.save(text_path, ContentFile(text.encode("utf-8")))
    final = launch_import_ocr_status(key) or status
    _write_ocr_status(key, {**final, "state": "done", "error": ""})
