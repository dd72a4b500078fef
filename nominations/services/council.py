"""Council sessions: agenda, attendance and quorum, conflicts and recusal, the secret ballot
and its count against the council threshold (`awards.CouncilThreshold`, all ⚠ configurable).

Secrecy: a vote writes one `BallotParticipation(item, member)` row (random UUID key, no choice)
and increments the item's `BallotTally` counter under a row lock. Nothing stores which member
chose what, and the counters are only shown once the ballot is closed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import CouncilThreshold
from awards.selectors import council_threshold
from core import audit, notifying
from core.exceptions import TransitionNotAllowed
from core.formats import format_vn_decimal
from core.notifications import notify
from core.roles import Role
from core.workflow import transition
from nominations.models import (
    AgendaItem,
    BallotParticipation,
    BallotTally,
    Council,
    CouncilSession,
    Nomination,
    Recusal,
)
from nominations.permissions import can_run_session
from nominations.selectors import ballot_console
from units import permissions as authority
from units.permissions import can_manage


class Choice:
    YES, NO, ABSTAIN = "yes", "no", "abstain"
    ALL = (YES, NO, ABSTAIN)
    #: What the member sees on the ballot and on its confirmation step.
    LABELS = {YES: "Tán thành", NO: "Không tán thành", ABSTAIN: "Không biểu quyết"}


def _require(ok: bool) -> None:
    if not ok:
        raise ValidationError(_("Bạn không có quyền thực hiện thao tác này."))


@transaction.atomic
def council_create(*, by, name: str, unit, level: str, chair, members) -> Council:
    """Set up a council (Hội đồng Thi đua – Khen thưởng) of `unit` at `level`, audited.

    Args: `by` (must manage `unit`); `name`; `level` a `LevelCode`; `chair` a user (always a
    member); `members` users. Returns the saved Council. Raises ValidationError.
    Legal source: law.md §7.3 (the council of each level).
    """
    _require(can_manage(by, unit))
    council = Council(name=name, unit=unit, level=level, chair=chair)
    council.full_clean()
    council.save()
    council.members.set(set(members) | {chair})
    audit.record(
        actor=by,
        action="awards.council.created",
        target=council,
        data={"name": name, "members": sorted(u.pk for u in council.members.all())},
    )
    return council


@transaction.atomic
def session_create(*, by, council: Council, title: str, meeting_date, location: str = "") -> CouncilSession:
    """Plan a council session on `meeting_date` (a date) at `location`, audited.

    Args: `by` (must be able to run the council's sessions); `council`; `title`. Returns the
    planned CouncilSession. Raises ValidationError.
    """
    _require(can_run_session(by, council))
    session = CouncilSession(
        council=council, title=title.strip(), meeting_date=meeting_date, location=location, created_by=by
    )
    session.full_clean()
    session.save()
    audit.record(actor=by, action="awards.session.created", target=session, data={"title": session.title})
    return session


def _lock_session(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().select_related("council__unit").get(pk=session.pk)


def agenda_candidates(council: Council):
    """Nominees accepted at appraisal (status appraised) from units under the council's unit."""
    return (
        Nomination.objects.filter(
            authority.subtree_q("batch__unit", [council.unit.path]), status=Nomination.Status.APPRAISED
        )
        .select_related("batch", "award_kind", "person__unit", "collective", "household__village")
        .order_by("batch", "pk")
    )


def conflicts_for(nominations, members) -> dict[tuple[int, int], str]:
    """(nomination pk, member pk) -> reason: the member is the nominee, or heads the nominee's unit."""
    member_ids = {m.pk for m in members}
    today = timezone.localdate()
    heads: dict[int, set[int]] = {}
    for user_id, unit_id in (
        authority.role_grants_on(None, Role.UNIT_HEAD, on=today)
        .filter(user_id__in=member_ids)
        .values_list("user_id", "unit_id")
    ):
        heads.setdefault(unit_id, set()).add(user_id)
    result = {}
    for n in nominations:
        if n.person_id and n.person.user_id in member_ids:
            result[(n.pk, n.person.user_id)] = _("Thành viên là người được đề nghị.")
        for uid in heads.get(n.subject_unit.pk, ()):
            result.setdefault((n.pk, uid), _("Thành viên là thủ trưởng đơn vị của đối tượng được đề nghị."))
    return result


@transaction.atomic
def agenda_add(*, by, session: CouncilSession, nominations) -> list[AgendaItem]:
    """Put appraised nominees on the agenda; conflicted members are recused automatically."""
    session = _lock_session(session)
    _require(can_run_session(by, session.council))
    if session.status not in (CouncilSession.Status.PLANNED, CouncilSession.Status.OPEN):
        raise TransitionNotAllowed(_("Phiên họp đã bỏ phiếu: không thể thêm nội dung."))
    allowed = {n.pk: n for n in agenda_candidates(session.council)}
    members = list(session.council.members.all())
    items = []
    start = session.items.count()
    chosen = []
    for n in nominations:
        locked = Nomination.objects.select_for_update().get(pk=n.pk)
        if locked.pk not in allowed:
            raise ValidationError(
                _("“%(n)s” chưa được thẩm định để trình Hội đồng này.") % {"n": locked.subject_name}
            )
        if locked.verdict and not locked.verdict.get("eligible") and not locked.override_reason.strip():
            raise ValidationError(
                _("“%(n)s” chưa đạt tiêu chuẩn theo kết quả kiểm tra và chưa có lý do vẫn trình Hội đồng.")
                % {"n": locked.subject_name}
            )
        transition(
            locked,
            Nomination.Status.IN_COUNCIL,
            by=by,
            action="awards.nomination.in_council",
            data={"reason": ""},
        )
        locked.save(update_fields=["status", "updated_at"])
        chosen.append(allowed[n.pk])
    for i, n in enumerate(chosen, start=start + 1):
        item = AgendaItem.objects.create(session=session, nomination=n, order=i)
        BallotTally.objects.create(item=item)
        items.append(item)
    conflicts = conflicts_for(chosen, members)
    by_nom = {item.nomination_id: item for item in items}
    for (nom_pk, member_pk), reason in conflicts.items():
        Recusal.objects.create(item=by_nom[nom_pk], member_id=member_pk, reason=reason)
    audit.record(
        actor=by,
        action="awards.session.agenda_added",
        target=session,
        data={"nominations": [n.pk for n in chosen], "recusals": len(conflicts)},
    )
    return items


@transaction.atomic
def recusal_declare(*, by, item: AgendaItem, reason: str) -> Recusal:
    """A member steps aside from an item before voting on it."""
    session = _lock_session(item.session)
    if not session.council.members.filter(pk=by.pk).exists():
        raise ValidationError(_("Bạn không phải thành viên Hội đồng."))
    if BallotParticipation.objects.filter(item=item, member=by).exists():
        raise ValidationError(_("Bạn đã bỏ phiếu nội dung này."))
    if not reason.strip():
        raise ValidationError({"reason": _("Phải nêu lý do không tham gia biểu quyết.")})
    recusal, _created = Recusal.objects.get_or_create(
        item=item, member=by, defaults={"reason": reason.strip()}
    )
    audit.record(actor=by, action="awards.session.recused", target=session, data={"item": item.pk})
    return recusal


# --- Thresholds ----------------------------------------------------------------------
@dataclass
class QuorumCheck:
    ok: bool
    members: int
    attendees: int
    percent: Decimal
    message: str
    rule: str


def _rule_text(t: CouncilThreshold) -> str:
    base = t.get_base_display().lower()
    op = _("trên") if t.approval_strictly_greater else _("từ")
    return _(
        "Có mặt từ %(q)s%% tổng số thành viên; tán thành %(op)s %(a)s%% %(base)s%(secret)s. %(note)s"
    ) % {
        "q": _fmt(t.quorum_percent),
        "op": op,
        "a": _fmt(t.approval_percent),
        "base": base,
        "secret": _(" (bỏ phiếu kín)") if t.secret_ballot else "",
        "note": t.note,
    }


def _fmt(d: Decimal) -> str:
    return format_vn_decimal(d.normalize(), as_is=True)


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01")) if whole else Decimal(0)


def threshold_for(council: Council, award_code: str | None) -> CouncilThreshold:
    """The quorum and approval threshold that applies to `council` for award `award_code`
    (None/"" = the council level's default row).

    Returns a `CouncilThreshold`; raises ValidationError (Vietnamese) when none is configured.
    Thresholds are rule data (seed `awards/catalogue.py`, ⚠ unconfirmed under ND 98/152).
    """
    t = council_threshold(level=council.level, award_kind=award_code or "")
    if t is None:
        raise ValidationError(
            _("Chưa cấu hình ngưỡng biểu quyết cho Hội đồng cấp %(l)s.") % {"l": council.get_level_display()}
        )
    return t


def quorum_check(t: CouncilThreshold, *, members: int, attendees: int) -> QuorumCheck:
    """Is the session quorate? `attendees` × 100 ≥ quorum percent × `members` (counts of people).

    Returns a QuorumCheck (ok, Vietnamese message with the percentage, rule text).
    """
    pct = _pct(attendees, members)
    ok = members > 0 and Decimal(attendees) * 100 >= t.quorum_percent * members
    msg = _("%(a)s/%(m)s thành viên dự họp (%(p)s%%): %(r)s.") % {
        "a": attendees,
        "m": members,
        "p": _fmt(pct),
        "r": _("đủ điều kiện")
        if ok
        else _("không đủ số lượng tối thiểu %(q)s%%") % {"q": _fmt(t.quorum_percent)},
    }
    return QuorumCheck(ok, members, attendees, pct, msg, _rule_text(t))


@transaction.atomic
def session_open(*, by, session: CouncilSession, attendees) -> CouncilSession:
    """Record attendance; the session opens only with the quorum of the council's default rule."""
    session = _lock_session(session)
    _require(can_run_session(by, session.council))
    members = set(session.council.members.all())
    present = set(attendees)
    if not present <= members:
        raise ValidationError(_("Người dự họp phải là thành viên Hội đồng."))
    check = quorum_check(threshold_for(session.council, None), members=len(members), attendees=len(present))
    if not check.ok:
        raise ValidationError(check.message)
    transition(
        session, CouncilSession.Status.OPEN, by=by, action="awards.session.opened", data={"reason": ""}
    )
    session.attendees.set(present)
    session.member_count, session.attendee_count = len(members), len(present)
    session.quorum = {"ok": check.ok, "message": check.message, "rule": check.rule}
    session.opened_at = timezone.now()
    session.save(
        update_fields=["status", "member_count", "attendee_count", "quorum", "opened_at", "updated_at"]
    )
    return session


@transaction.atomic
def ballot_open(*, by, session: CouncilSession) -> CouncilSession:
    """Start the secret ballot of an open session (open → voting), audited.

    Raises ValidationError when `by` may not run the session or the agenda is empty, and
    TransitionNotAllowed when the session is not open.
    """
    session = _lock_session(session)
    _require(can_run_session(by, session.council))
    if not session.items.exists():
        raise ValidationError(_("Phiên họp chưa có nội dung để bỏ phiếu."))
    transition(
        session, CouncilSession.Status.VOTING, by=by, action="awards.session.voting", data={"reason": ""}
    )
    session.save(update_fields=["status", "updated_at"])
    return session


def can_vote(user, item: AgendaItem) -> str | None:
    """None if `user` may vote on `item` now, else the reason (Vietnamese)."""
    session = item.session
    if session.status != CouncilSession.Status.VOTING:
        return _("Phiên họp không trong thời gian bỏ phiếu.")
    if not session.attendees.filter(pk=user.pk).exists():
        return _("Bạn không có tên trong danh sách dự họp.")
    if Recusal.objects.filter(item=item, member=user).exists():
        return _("Bạn không tham gia biểu quyết nội dung này.")
    if BallotParticipation.objects.filter(item=item, member=user).exists():
        return _("Bạn đã bỏ phiếu nội dung này.")
    return None


@transaction.atomic
def ballot_cast(*, by, item: AgendaItem, choice: str) -> None:
    """One secret vote: a participation row (who) and a counter increment (what), never linked."""
    if choice not in Choice.ALL:
        raise ValidationError(_("Phiếu không hợp lệ."))
    # Lock the item's tally first: votes on one item are serialised, and closing the ballot
    # (which locks every tally) cannot interleave with a vote.
    BallotTally.objects.select_for_update().get(item_id=item.pk)
    item = AgendaItem.objects.select_related("session").get(pk=item.pk)
    problem = can_vote(by, item)
    if problem:
        raise ValidationError(problem)
    try:
        with transaction.atomic():
            BallotParticipation.objects.create(
                id=uuid.uuid4(), session_id=item.session_id, item=item, member=by
            )
    except IntegrityError as exc:
        raise ValidationError(_("Bạn đã bỏ phiếu nội dung này.")) from exc
    BallotTally.objects.filter(item_id=item.pk).update(**{choice: F(choice) + 1})
    # The audit log records THAT the member voted, never the choice.
    audit.record(actor=by, action="awards.ballot.cast", target=item.session, data={"item": item.pk})


def count_item(item: AgendaItem, tally: BallotTally, *, recused: int) -> dict:
    """Pass/fail with the numbers and the rule (written when the ballot closes)."""
    session = item.session
    t = threshold_for(session.council, item.nomination.award_kind.code)
    quorum = quorum_check(t, members=session.member_count, attendees=session.attendee_count)
    base_total = session.member_count if t.base == CouncilThreshold.Base.MEMBERS else session.attendee_count
    # Chosen: members who stand aside (conflict, own request) are not counted in the base.
    base = max(base_total - recused, 0)
    need = t.approval_percent * base
    passed = (
        quorum.ok
        and base > 0
        and (
            Decimal(tally.yes) * 100 > need
            if t.approval_strictly_greater
            else Decimal(tally.yes) * 100 >= need
        )
    )
    return {
        "passed": passed,
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "voted": tally.yes + tally.no + tally.abstain,
        "base": base,
        "recused": recused,
        "yes_percent": str(_pct(tally.yes, base)),
        "rule": _rule_text(t),
        "quorum": quorum.message,
        "message": _("Tán thành %(y)s/%(b)s (%(p)s%%), không tán thành %(n)s, không biểu quyết %(a)s: %(r)s.")
        % {
            "y": tally.yes,
            "b": base,
            "p": _fmt(_pct(tally.yes, base)),
            "n": tally.no,
            "a": tally.abstain,
            "r": _("ĐẠT") if passed else _("KHÔNG ĐẠT"),
        },
    }


@transaction.atomic
def ballot_close(*, by, session: CouncilSession, confirm_missing: bool = False) -> CouncilSession:
    """Close the ballot, count every item, move nominees to approved / rejected.

    While attendees still have to vote on some item, closing needs `confirm_missing=True` (the
    secretariat ticked the box that states the numbers); otherwise a ValidationError says how many
    members have not voted on how many nominees (issue 16 item 3). The audit entry records the
    numbers missing at closing.
    """
    session = _lock_session(session)
    _require(can_run_session(by, session.council))
    if session.status == CouncilSession.Status.VOTING:
        console = ballot_console(session)
        if console.missing_members and not confirm_missing:
            raise ValidationError(
                _("%(msg)s. Hãy xác nhận kết thúc bỏ phiếu khi còn thành viên chưa bỏ phiếu.")
                % {"msg": console.message}
            )
        if console.missing_members:
            audit.record(
                actor=by,
                action="awards.ballot.closed_with_missing",
                target=session,
                data={
                    "missing_members": len(console.missing_members),
                    "attendees": console.attendee_count,
                    "items": console.missing_item_count,
                },
            )
    transition(
        session, CouncilSession.Status.CLOSED, by=by, action="awards.session.closed", data={"reason": ""}
    )
    items = list(session.items.select_related("nomination__award_kind", "session__council"))
    tallies = {t.item_id: t for t in BallotTally.objects.select_for_update().filter(item__session=session)}
    recused: dict[int, int] = {}
    for item_id in Recusal.objects.filter(item__session=session).values_list("item_id", flat=True):
        recused[item_id] = recused.get(item_id, 0) + 1
    for item in items:
        detail = count_item(item, tallies[item.pk], recused=recused.get(item.pk, 0))
        item.result = AgendaItem.Result.PASSED if detail["passed"] else AgendaItem.Result.FAILED
        item.result_detail = detail
        item.save(update_fields=["result", "result_detail"])
        n = Nomination.objects.select_for_update().get(pk=item.nomination_id)
        to = Nomination.Status.APPROVED if detail["passed"] else Nomination.Status.REJECTED
        transition(n, to, by=by, action="awards.nomination.voted", data={"reason": detail["message"]})
        if not detail["passed"]:
            n.reason = detail["message"]
        n.save(update_fields=["status", "reason", "updated_at"])
    session.closed_at = timezone.now()
    session.save(update_fields=["status", "closed_at", "updated_at"])
    return session


def session_results(session: CouncilSession) -> list[AgendaItem] | None:
    """The counted items, or None while the ballot is not closed (results stay hidden)."""
    if session.status != CouncilSession.Status.CLOSED:
        return None
    return list(session.items.select_related("nomination__award_kind", "nomination__batch"))


@transaction.atomic
def ballot_remind(*, by, session: CouncilSession) -> int:
    """Remind the attendees who have not yet voted on every agenda item of a voting session:
    one in-app notification per member per press, audited (issue 16 item 3).

    Returns the number of members reminded. Raises ValidationError when `by` may not run the
    session, the session is not voting, or everybody has voted.
    """
    session = _lock_session(session)
    _require(can_run_session(by, session.council))
    if session.status != CouncilSession.Status.VOTING:
        raise ValidationError(_("Phiên họp không trong thời gian bỏ phiếu."))
    console = ballot_console(session)
    if not console.missing_members:
        raise ValidationError(_("Mọi thành viên dự họp đã bỏ phiếu."))
    press = uuid.uuid4().hex
    pending = {u.pk: 0 for u in console.missing_members}
    for row in console.rows:
        for u in row.missing:
            pending[u.pk] += 1
    url = reverse("awards:session-detail", args=[session.pk])
    for member in console.missing_members:
        notify(
            recipients=[member],
            kind="ballot_reminder",
            title=_("Nhắc bỏ phiếu: %(s)s") % {"s": session.title},
            body=_("Bạn còn %(n)s đối tượng chưa bỏ phiếu.") % {"n": pending[member.pk]},
            url=url,
            dedupe_key=f"ballot-remind:{session.pk}:{press}",
        )
    audit.record(
        actor=by,
        action="awards.ballot.reminded",
        target=session,
        data={"members": sorted(pending), "press": press},
    )
    return len(pending)


def ballots_closing_soon_notify(*, now=None) -> int:
    """ "Ballot closing soon": a ballot closes with its meeting, so from `THIDUA_BALLOT_CLOSING_HOUR`
    (default 15, Asia/Ho_Chi_Minh) on the meeting day, and each later day while the session is
    still voting, the attending members who have not voted on every item are told once a day
    (nominations/notices.py). Run by Celery beat (`nominations.tasks.ballots_closing_soon_task`)
    and `manage.py send_ballot_notices` for cron.

    Args: `now` an aware datetime (default the current time). Returns the number of sessions
    whose members were told. Idempotent per day: the event key is (session, local date).
    """
    local = timezone.localtime(now or timezone.now())
    if local.hour < getattr(settings, "THIDUA_BALLOT_CLOSING_HOUR", 15):
        return 0
    today = local.date()
    told = 0
    sessions = CouncilSession.objects.filter(status=CouncilSession.Status.VOTING, meeting_date__lte=today)
    for session in sessions.order_by("pk"):
        missing = ballot_console(session).missing_members
        if not missing:
            continue
        notifying.event(
            session,
            "closing_soon",
            by=None,
            key=f"{session.pk}:{today.isoformat()}",
            data={"members": sorted(u.pk for u in missing)},
        )
        told += 1
    return told
