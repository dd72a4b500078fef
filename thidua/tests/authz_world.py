"""The real objects the authorization matrix is walked against.

Two districts (the owning jurisdiction D1 and another one D2); in D1 two communes (A owns the
objects, B is "another unit"); one actor per matrix column; and one object behind every URL
keyword argument (campaign, registration, round, submission, batch, session, decision,
documents, bloc, scoring table…).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import Campaign, Registration
from campaigns.tests.factories import CampaignFactory, TargetFactory
from core.models import Notification
from core.notifications import notify
from core.roles import Role
from documents.issuers import issuer_kwargs, issuing_body_for
from documents.models import RenderJob
from documents.services import certificates_issue, document_issue, draft_create
from nominations import services as wf
from nominations.models import Nomination
from nominations.tests.workflow_helpers import docx, pdf
from reports import services as report_services
from scoring import services as scoring_services
from units.models import Unit
from units.tests.factories import (
    BlocFactory,
    BlocMembershipFactory,
    LevelFactory,
    PersonFactory,
    RoleGrantFactory,
    UnitFactory,
    UserFactory,
)

ACTORS = (
    "desk",  # secretariat of the owning jurisdiction (district D1)
    "desk_other",  # secretariat of another jurisdiction (district D2)
    "head",  # unit head of the owning unit (commune A)
    "clerk",  # unit clerk of the owning unit
    "head_other",  # unit head of another unit (commune B)
    "council_in",  # council member invited (member of D1's council)
    "council_out",  # council member not invited (D2's council)
    "bloc_head",  # bloc head of the bloc
    "bloc_head_other",  # bloc head of another bloc
    "signer",  # chair of the issuing body (D1)
    "signer_other",  # chair of another issuing body (D2)
    "anon",  # not logged in
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DECISION_CONTEXT = {
    "authority": "Chủ tịch Ủy ban nhân dân huyện Một",
    "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
    "articles": [{"title": "Điều 1.", "text": "Tặng Giấy khen./."}],
    "recipients_cc": ["Như Điều 1", "Lưu: VT"],
}


@dataclass
class AuthzWorld:
    users: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)


def _user(username: str, unit: Unit, role: str, person_unit: Unit | None = None):
    user = UserFactory(username=username, full_name=username.replace("_", " ").title())
    RoleGrantFactory(user=user, unit=unit, role=role, valid_from=datetime.date(2020, 1, 1))
    PersonFactory(user=user, unit=person_unit or unit, full_name=user.full_name)
    return user


def build_world() -> AuthzWorld:
    """Create every object and actor; returns the users by actor and the URL kwargs by name."""
    w = AuthzWorld()
    district_level = LevelFactory(code="district", name="Cấp huyện", rank=2)
    commune_level = LevelFactory(code="commune", name="Cấp xã", rank=3)
    d1 = UnitFactory(name="Ủy ban nhân dân huyện Một", level=district_level)
    d2 = UnitFactory(name="Ủy ban nhân dân huyện Hai", level=district_level)
    office = UnitFactory(
        name="Phòng Nội vụ huyện Một", kind=Unit.Kind.SPECIALIST_OFFICE, level=district_level, parent=d1
    )
    a = UnitFactory(name="Ủy ban nhân dân xã A", level=commune_level, parent=d1)
    b = UnitFactory(name="Ủy ban nhân dân xã B", level=commune_level, parent=d1)
    UnitFactory(name="Ủy ban nhân dân xã C", level=commune_level, parent=d2)

    u = w.users
    u["desk"] = _user("desk", d1, Role.SECRETARIAT)
    u["desk_other"] = _user("desk_other", d2, Role.SECRETARIAT)
    u["head"] = _user("head", a, Role.UNIT_HEAD)
    u["clerk"] = _user("clerk", a, Role.UNIT_CLERK)
    u["head_other"] = _user("head_other", b, Role.UNIT_HEAD)
    u["council_in"] = _user("council_in", d1, Role.COUNCIL_MEMBER)
    u["council_out"] = _user("council_out", d2, Role.COUNCIL_MEMBER)
    u["bloc_head"] = _user("bloc_head", office, Role.BLOC_HEAD)
    u["bloc_head_other"] = _user("bloc_head_other", b, Role.BLOC_HEAD)
    u["signer"] = _user("signer", d1, Role.CHAIR)
    u["signer_other"] = _user("signer_other", d2, Role.CHAIR)
    u["anon"] = None
    desk, head = u["desk"], u["head"]

    # Units, people, blocs, grants
    person = PersonFactory(unit=a, full_name="Giàng Thị Mai")
    bloc = BlocFactory(name="Khối một", organiser=d1, head=office, year=timezone.localdate().year)
    for unit in (office, a, b):
        BlocMembershipFactory(bloc=bloc, unit=unit)
    other_bloc = BlocFactory(name="Cụm hai", organiser=d1, head=b, year=timezone.localdate().year)
    BlocMembershipFactory(bloc=other_bloc, unit=b)
    clerk_grant = u["clerk"].role_grants.get()

    # Campaign, target, launch document, registration
    campaign = CampaignFactory(
        launching_unit=d1, registration_deadline=timezone.localdate() + datetime.timedelta(days=10)
    )
    campaign.participants.set([a, b])
    target = TargetFactory(campaign=campaign, name="Thu ngân sách", value=Decimal("120"))
    campaign = campaign_services.campaign_transition(campaign=campaign, to=Campaign.Status.LAUNCHED, by=desk)
    launch_doc = campaign_services.launch_document_save(
        campaign=campaign,
        by=desk,
        doc_type="ke_hoach",
        number="01",
        symbol="KH-UBND",
        date=timezone.localdate(),
        place="Một",
        issuer="Ủy ban nhân dân huyện Một",
        subject="Kế hoạch thi đua",
        signer_name="Signer",
        original_file=SimpleUploadedFile("ke-hoach.pdf", PDF),
        original_name="ke-hoach.pdf",
    )
    registration = campaign_services.registration_start(campaign=campaign, unit=a, by=head)

    # Report round, submission, attachment
    rnd = report_services.round_create(
        campaign=campaign,
        by=desk,
        title="Báo cáo sơ kết",
        kind="interim",
        opens_at=timezone.now() - datetime.timedelta(days=20),
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    submission = report_services.submission_start(round=rnd, unit=a, by=head)
    attachment = report_services.attachment_add(
        submission=submission, by=head, upload=SimpleUploadedFile("bc.pdf", PDF)
    )

    # Nomination batch (submitted), council session (with the batch on its agenda), decision
    council = wf.council_create(
        by=desk,
        name="Hội đồng TĐKT huyện Một",
        unit=d1,
        level="commune",
        chair=u["signer"],
        members=[u["council_in"]],
    )
    wf.council_create(
        by=u["desk_other"],
        name="Hội đồng TĐKT huyện Hai",
        unit=d2,
        level="commune",
        chair=u["signer_other"],
        members=[u["council_out"]],
    )
    from awards.tests.factories import kind

    batch = wf.batch_create(
        by=head, unit=a, title="Tờ trình", year=timezone.localdate().year - 1, occasion="regular"
    )
    nomination = wf.nomination_add(
        by=head, batch=batch, award_kind=kind("certificate_of_merit"), person=person
    )
    for t in ("submission", "minutes"):
        wf.dossier_document_add(by=head, batch=batch, document_type=t, upload=pdf())
    dossier = wf.dossier_document_add(
        by=head, batch=batch, nomination=nomination, document_type="achievement_report", upload=docx()
    )
    wf.batch_submit(by=head, batch=batch)
    wf.nomination_appraise(by=desk, nomination=nomination, accept=True, note="Đủ hồ sơ")
    session = wf.session_create(
        by=desk, council=council, title="Phiên họp", meeting_date=timezone.localdate()
    )
    item = wf.agenda_add(by=desk, session=session, nominations=[nomination])[0]
    # The ballot's outcome is not what the matrix checks: mark the nominee approved directly.
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.APPROVED)
    decision = wf.decision_create(
        by=desk,
        unit=d1,
        title="Khen thưởng",
        decision_date=timezone.localdate(),
        nominations=[Nomination.objects.get(pk=nomination.pk)],
        signer=u["signer"],
        signer_title="Chủ tịch",
    )

    # Documents of D1's People's Committee
    kw = {**issuer_kwargs(issuing_body_for(d1)), "signer_name": "Signer"}
    draft = draft_create(
        by=desk,
        doc_type="quyet_dinh",
        title="Dự thảo quyết định",
        context=DECISION_CONTEXT,
        issue_kwargs={**kw, "subject": "Khen thưởng", "date": timezone.localdate().isoformat()},
    )
    issued = document_issue(
        by=desk,
        doc_type="quyet_dinh",
        date=timezone.localdate(),
        subject="Khen thưởng",
        context=DECISION_CONTEXT,
        addressees=[a],  # addressed to commune A: its head and clerk open it, B's head does not
        **kw,
    )
    certs, _ = certificates_issue(
        by=desk,
        date=timezone.localdate(),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN MỘT",
        recipients=[
            {
                "recipient_name": "Giàng Thị Mai",
                "recipient_unit": "xã A",
                "achievement": "LĐTT",
                "decision_ref": issued.symbol,
            }
        ],
        **kw,
    )
    job = RenderJob.objects.create(draft=draft, requested_by=desk)

    # Scoring table of the bloc
    table = scoring_services.table_save(
        bloc=bloc,
        by=u["bloc_head"],
        title="Bảng chấm điểm",
        criteria=[{"code": "I", "name": "Nhiệm vụ", "max_points": Decimal("100"), "guidance": ""}],
    )

    # A notification for the owning unit's head
    notify(recipients=[head], kind="info", title="Thông báo thử", url="/")
    notification = Notification.objects.filter(recipient=head).latest("pk")

    from awards.models import Household

    household = Household.objects.create(head_name="Hộ Lò Văn Thử", village=a)
    w.kwargs = {
        "year": 2025,
        "pk:household": household.pk,
        "pk:unit": a.pk,
        "pk:person": person.pk,
        "pk:bloc": bloc.pk,
        "pk:rolegrant": clerk_grant.pk,
        "pk:campaign": campaign.pk,
        "target_pk": target.pk,
        "unit_pk": a.pk,
        "pk:registration": registration.pk,
        "pk:round": rnd.pk,
        "campaign_pk": campaign.pk,
        "document_pk": launch_doc.pk,
        "pk:submission": submission.pk,
        "pk:attachment": attachment.pk,
        "pk:batch": batch.pk,
        "nomination_pk": nomination.pk,
        "doc_pk": dossier.pk,
        "pk:session": session.pk,
        "item_pk": item.pk,
        "pk:decision": decision.pk,
        "code": issued.verification_code,
        "pk:issued": issued.pk,
        "pk:certificate": certs[0].pk,
        "pk:draft": draft.pk,
        "pk:job": job.pk,
        "bloc_pk": bloc.pk,
        "pk:table": table.pk,
        "pk:notification": notification.pk,
    }
    return w


# --- Workflow states for thidua.authorization.STATE_MATRIX ----------------------------------


def _draft_state(world, state: str | None = None):
    """Read (state=None) or set the world draft's status: "draft" (being prepared) or
    "submitted" (to the world's signer, by the desk)."""
    from documents.models import DocumentDraft

    qs = DocumentDraft.objects.filter(pk=world.kwargs["pk:draft"])
    if state is None:
        return qs.get().status
    signer = world.users["signer"] if state == DocumentDraft.Status.SUBMITTED else None
    qs.update(
        status=state,
        issued_document=None,
        signer=signer,
        submitted_by=world.users["desk"] if signer else None,
        submitted_at=timezone.now() if signer else None,
    )
    return state


def _registration_state(world, state: str | None = None):
    """Read or set the world registration's status ("draft", "submitted")."""
    qs = Registration.objects.filter(pk=world.kwargs["pk:registration"])
    if state is None:
        return qs.get().status
    qs.update(status=state, submitted_at=timezone.now() if state == "submitted" else None)
    return state


STATE_ACCESSORS = {"draft": _draft_state, "registration": _registration_state}
