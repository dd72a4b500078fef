"""Award decisions: draft from approved nominees (legal bases and money by the decision date's
rule set), issue (number + PDF through the `documents` app), annul a line with a legal ground."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import decision_text
from awards.models import AwardAnnulment, AwardRecord, Occasion
from awards.money import bonus_amount
from awards.rules import load_rulebook
from awards.services.register import award_record_annul
from core import audit, notifying
from core.exceptions import TransitionNotAllowed
from core.workflow import transition
from documents.services import document_annul
from nominations.models import Decision, DecisionLine, Nomination
from nominations.permissions import can_prepare_decision, can_sign, is_signer_of


def _require(ok: bool) -> None:
    if not ok:
        raise ValidationError(_("Bạn không có quyền thực hiện thao tác này."))


def _locality(unit) -> str:
    """ "Ủy ban nhân dân xã Sơn Bình" / "UBND xã Sơn Bình" -> "xã Sơn Bình"."""
    name = " ".join(unit.name.split())
    for prefix in ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "):
        if name.lower().startswith(prefix):
            return name[len(prefix) :]
    return name


def _decree_phrase(decree: str) -> str:
    """ "NĐ 152/2025" -> "Nghị định số 152/2025/NĐ-CP" (the rule set's decree, as printed)."""
    match = re.search(r"(\d+/\d{4})", decree)
    return f"Nghị định số {match.group(1)}/NĐ-CP" if match else decree


def compose_articles(*, unit, lines, decree: str) -> tuple[str, str, str]:
    """Điều 1/2/3 of an award decision by `unit`'s chair from its lines (see decision_text)."""
    locality = _locality(unit)
    groups = decision_text.group_lines(lines)
    return (
        decision_text.article_1(groups, issuer_title=f"Chủ tịch Ủy ban nhân dân {locality}"),
        decision_text.article_2(
            groups, decree=_decree_phrase(decree), fund_owner=f"Ủy ban nhân dân {locality}"
        ),
        decision_text.article_3(groups, office_head=f"Chánh Văn phòng HĐND và UBND {locality}"),
    )


def _detail(n: Nomination) -> str:
    if n.person_id:
        parts = [n.person.position, n.person.unit.name]
        return ", ".join(p for p in parts if p)
    if n.household_id:
        return n.household.village.name
    return ""


def _deciding_level(unit, session) -> str | None:
    """The level of the body that decides: the session's council, else the nearest council over `unit`."""
    from nominations.selectors import deciding_level_for_unit

    return session.council.level if session is not None else deciding_level_for_unit(unit)


def _check_authority(rs, nominations, unit, session, decision_date: date) -> None:
    """Authority applied when it is decided: the decision's date and the deciding body's level."""
    from awards.eligibility import authority_refusal

    level = _deciding_level(unit, session)
    if not level:
        return
    refusals = sorted(
        {
            msg
            for n in nominations
            if (msg := authority_refusal(rs, n.award_kind.code, n.award_kind.name, level, decision_date))
        }
    )
    if refusals:
        raise ValidationError(refusals)


@transaction.atomic
def decision_create(
    *,
    by,
    unit,
    title: str,
    decision_date: date,
    nominations,
    signer,
    signer_title: str,
    session=None,
) -> Decision:
    """A draft decision from approved nominees; the annex lines carry the money of the day."""
    _require(can_prepare_decision(by, unit))
    if not is_signer_of(signer, unit):
        raise ValidationError({"signer": _("Người ký phải có vai trò Chủ tịch / người ký của đơn vị.")})
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("award_kind", "person__unit", "collective", "household__village", "batch")
        .order_by("award_kind__order", "pk")
    )
    if not nominations:
        raise ValidationError(_("Chọn ít nhất một đối tượng đã được Hội đồng tán thành."))
    for n in nominations:
        if n.status != Nomination.Status.APPROVED or DecisionLine.objects.filter(nomination=n).exists():
            raise ValidationError(
                _("“%(n)s” chưa được Hội đồng tán thành hoặc đã có trong quyết định khác.")
                % {"n": n.subject_name}
            )
        if not n.batch.unit.path.startswith(unit.path):
            raise ValidationError(
                _("“%(n)s” không thuộc phạm vi của đơn vị ban hành.") % {"n": n.subject_name}
            )
    rules = load_rulebook()
    rs = rules.rule_set_on(decision_date)
    _check_authority(rs, nominations, unit, session, decision_date)
    decision = Decision(
        unit=unit,
        session=session,
        title=title.strip(),
        decision_date=decision_date,
        rule_set=rs.code,
        legal_bases=list(rs.legal_bases),
        article_1="-",
        article_2="-",
        article_3="-",
        signer=signer,
        signer_title=signer_title,
        created_by=by,
    )
    decision.full_clean()
    decision.save()
    lines = []
    for i, n in enumerate(nominations, start=1):
        line = DecisionLine.objects.create(
            decision=decision,
            nomination=n,
            order=i,
            award_kind=n.award_kind,
            subject_kind=n.subject_kind,
            subject_name=n.subject_name,
            subject_detail=_detail(n),
            year=n.year,
            amount=bonus_amount(
                award_kind=n.award_kind,
                subject_kind=n.subject_kind,
                decision_date=decision_date,
                rules=rules,
            ),
        )
        line.occasion = n.batch.occasion
        lines.append(line)
    decision.article_1, decision.article_2, decision.article_3 = compose_articles(
        unit=unit, lines=lines, decree=rs.decree
    )
    decision.save(update_fields=["article_1", "article_2", "article_3"])
    entry = audit.record(
        actor=by,
        action="awards.decision.drafted",
        target=decision,
        data={"rule_set": rs.code, "nominations": [n.pk for n in nominations], "date": decision_date},
    )
    # The signer has a decision waiting for signature (nominations/notices.py).
    notifying.event(decision, "drafted", by=by, key=f"audit:{entry.pk}")
    return decision


@transaction.atomic
def decision_update(*, by, decision: Decision, legal_bases: list[str] | None = None, **articles) -> Decision:
    """Edit a draft's legal bases and articles (an issued decision is never edited)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _require(can_prepare_decision(by, decision.unit))
    if decision.status != Decision.Status.DRAFT:
        raise TransitionNotAllowed(_("Quyết định đã ban hành: không được sửa."))
    before = audit.snapshot(decision, ["legal_bases", "article_1", "article_2", "article_3"])
    if legal_bases is not None:
        decision.legal_bases = [b.strip() for b in legal_bases if b.strip()]
    for key in ("article_1", "article_2", "article_3"):
        if key in articles:
            setattr(decision, key, articles[key].strip())
    decision.full_clean()
    decision.save()
    audit.record(
        actor=by,
        action="awards.decision.updated",
        target=decision,
        data={
            "before": before,
            "after": audit.snapshot(decision, ["legal_bases", "article_1", "article_2", "article_3"]),
        },
    )
    return decision


@transaction.atomic
def decision_record_issue(*, by, decision: Decision, number: str) -> Decision:
    """The register side of issuing (called by `issuing.decision_issue` with the number the
    documents app took): status issued, nominees decided, one `AwardRecord` per line."""
    decision = Decision.objects.select_for_update().select_related("unit").get(pk=decision.pk)
    _require(can_sign(by, decision) or can_prepare_decision(by, decision.unit))
    if decision.status != Decision.Status.DRAFT:
        raise TransitionNotAllowed(_("Quyết định đã ban hành."))
    if not number.strip():
        raise ValidationError(_("Thiếu số quyết định."))
    decision.number = number.strip()
    decision.issued_at = timezone.now()
    lines_count = decision.lines.count()
    transition(
        decision,
        Decision.Status.ISSUED,
        by=by,
        action="awards.decision.issued",
        data={"number": decision.number, "lines": lines_count},
    )
    decision.save(update_fields=["status", "number", "issued_at", "updated_at"])
    issuer = f"{decision.signer_title} — {decision.unit.name}"
    level = _deciding_level(decision.unit, decision.session)
    lines = decision.lines.select_related(
        "nomination__batch",
        "nomination__person__unit",
        "nomination__collective",
        "nomination__household__village",
    )
    for line in lines:
        n = Nomination.objects.select_for_update().get(pk=line.nomination_id)
        transition(
            n,
            Nomination.Status.DECIDED,
            by=by,
            action="awards.nomination.decided",
            data={"reason": decision.number},
        )
        n.save(update_fields=["status", "updated_at"])
        src = line.nomination
        record = AwardRecord(
            person=src.person,
            collective=src.collective,
            household=src.household,
            unit=src.subject_unit,
            award_kind=line.award_kind,
            year=line.year,
            occasion=src.batch.occasion or Occasion.REGULAR,
            decision_number=decision.number,
            decision_date=decision.decision_date,
            issuer=issuer[:200],
            decision_level=level or "",
            decision_line=line,
            created_by=by,
        )
        record.full_clean()
        record.save()
    return decision


@transaction.atomic
def decision_line_annul(
    *, by, line: DecisionLine, ground: str, decision_number: str, decision_date: date, note: str = ""
) -> AwardAnnulment:
    """Annul one line (law.md §7.5 grounds): the register entry is annulled, the nominee too."""
    if ground not in AwardAnnulment.Ground.values:
        raise ValidationError({"ground": _("Căn cứ hủy bỏ không hợp lệ.")})
    line = DecisionLine.objects.select_related("decision").get(pk=line.pk)
    if line.decision.status != Decision.Status.ISSUED:
        raise TransitionNotAllowed(_("Chỉ hủy bỏ được khen thưởng của quyết định đã ban hành."))
    _require(can_prepare_decision(by, line.decision.unit))
    record = AwardRecord.objects.get(decision_line=line)
    annulment = award_record_annul(
        record=record,
        by=by,
        ground=ground,
        decision_number=decision_number,
        decision_date=decision_date,
        note=note,
    )
    n = Nomination.objects.select_for_update().get(pk=line.nomination_id)
    transition(
        n,
        Nomination.Status.ANNULLED,
        by=by,
        action="awards.nomination.annulled",
        data={"reason": f"{AwardAnnulment.Ground(ground).label} ({decision_number})"},
    )
    n.reason = str(AwardAnnulment.Ground(ground).label)
    n.save(update_fields=["status", "reason", "updated_at"])
    annul_line_certificate(by=by, line=line, ground=ground, decision_number=decision_number)
    return annulment


def annul_line_certificate(*, by, line: DecisionLine, ground: str, decision_number: str) -> None:
    """The line's certificate shows as annulled on its public verification page."""
    if line.certificate_id:
        document_annul(
            by=by,
            document=line.certificate,
            legal_ground=_("%(g)s (Quyết định hủy bỏ số %(n)s)")
            % {"g": AwardAnnulment.Ground(ground).label, "n": decision_number},
        )
