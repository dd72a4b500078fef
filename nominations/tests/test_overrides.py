"""Item 8: a nominee whose verdict fails goes to the council only with a recorded override
reason, shown to the council and printed in the minutes."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.tests.factories import kind
from core.models import AuditEntry
from nominations import services
from nominations.models import Nomination
from nominations.tests.workflow_helpers import World, docx

pytestmark = pytest.mark.django_db

WHY = "Có thành tích đột xuất trong phòng chống lũ năm 2024"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def submitted():
    world = World()
    batch, noms = world.batch(year=2024, award="merit_diploma")  # no history: the verdicts fail
    services.batch_submit(by=world.head, batch=batch)
    return world, batch, noms


def test_failing_verdict_needs_an_override_reason(submitted):
    world, _batch, (n1, _n2) = submitted
    with pytest.raises(ValidationError) as exc:
        services.nomination_appraise(by=world.secretariat, nomination=n1, accept=True)
    [message] = exc.value.message_dict["override_reason"]
    assert message.startswith(
        f"“{n1.subject_name}” chưa đạt tiêu chuẩn theo kết quả kiểm tra "
        "(Chưa đạt: cần 2 năm liên tục Chiến sĩ thi đua cơ sở (2023–2024)"
    )
    assert message.endswith("): phải ghi lý do vẫn trình Hội đồng.")
    n1.refresh_from_db()
    assert n1.status == Nomination.Status.SUBMITTED
    services.nomination_appraise(by=world.secretariat, nomination=n1, accept=True, override_reason=WHY)
    n1.refresh_from_db()
    assert (n1.status, n1.override_reason) == (Nomination.Status.APPRAISED, WHY)
    assert n1.verdict["eligible"] is False
    entry = AuditEntry.objects.filter(action="awards.nomination.appraised", target_id=str(n1.pk)).get()
    assert entry.data["reason"] == WHY


def test_not_accepting_needs_no_override(submitted):
    world, _batch, (_n1, n2) = submitted
    services.nomination_appraise(
        by=world.secretariat, nomination=n2, accept=False, reason="Chưa đủ tiêu chuẩn"
    )
    n2.refresh_from_db()
    assert n2.override_reason == ""


def test_agenda_refuses_a_failing_nominee_without_override(submitted):
    world, _batch, (n1, _n2) = submitted
    services.nomination_appraise(by=world.secretariat, nomination=n1, accept=True, override_reason=WHY)
    Nomination.objects.filter(pk=n1.pk).update(override_reason="")  # e.g. an older appraisal
    session = services.session_create(
        by=world.secretariat, council=world.council, title="Phiên", meeting_date=date(2026, 3, 16)
    )
    with pytest.raises(ValidationError, match="chưa có lý do vẫn trình Hội đồng"):
        services.agenda_add(by=world.secretariat, session=session, nominations=[n1])


def test_override_shown_on_the_batch_and_council_pages_and_printed_in_the_minutes(client, submitted):
    import pdfplumber

    world, batch, (n1, n2) = submitted
    client.force_login(world.secretariat)
    url = reverse("awards:nomination-appraise", args=[batch.pk, n1.pk])
    client.post(url, {"accept": "1", "note": "", "reason": ""})
    n1.refresh_from_db()
    assert n1.status == Nomination.Status.SUBMITTED  # refused without a reason
    client.post(url, {"accept": "1", "note": "", "reason": "", "override_reason": WHY})
    services.nomination_appraise(by=world.secretariat, nomination=n2, accept=True, override_reason="Đặc cách")
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    assert f"Chưa đạt tiêu chuẩn, vẫn trình Hội đồng vì:</strong> {WHY}" in html
    session = services.session_create(
        by=world.secretariat, council=world.council, title="Phiên", meeting_date=date(2026, 3, 16)
    )
    services.agenda_add(by=world.secretariat, session=session, nominations=[n1, n2])
    client.force_login(world.members[0])
    html = client.get(reverse("awards:session-detail", args=[session.pk])).content.decode()
    assert f"Chưa đạt tiêu chuẩn theo kết quả kiểm tra; vẫn trình vì: {WHY}" in html
    members = list(world.council.members.all())
    services.session_open(by=world.secretariat, session=session, attendees=members)
    services.ballot_open(by=world.secretariat, session=session)
    for item in session.items.all():
        for m in members:
            services.ballot_cast(by=m, item=item, choice="yes")
    session = services.ballot_close(by=world.secretariat, session=session, confirm_missing=True)
    session = services.session_documents_issue(by=world.secretariat, session=session)
    text = "\n".join(
        p.extract_text() or "" for p in pdfplumber.open(session.minutes_document.file.open("rb")).pages
    )
    flat = re.sub(r"\s+", " ", text)
    assert f"cơ quan thường trực vẫn trình vì: {WHY}." in flat
    assert "vẫn trình vì: Đặc cách." in flat


def test_decision_checks_authority_with_its_date_and_the_deciding_level(submitted):
    """Item 4: a commune council's approval of a Bằng khen cannot become a commune decision."""
    from nominations.tests.test_decisions import approve_all

    world, _batch, noms = submitted
    for n in noms:
        services.nomination_appraise(by=world.secretariat, nomination=n, accept=True, override_reason=WHY)
    [route] = [
        r for r in services.batch_verdicts(noms[0].batch)[noms[0].pk].reasons if r.code == "authority_route"
    ]
    assert route.ok
    assert route.message.endswith(": trình cấp tỉnh.")
    session = approve_all(world, noms)
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            by=world.secretariat,
            unit=world.district,
            title="Tặng Bằng khen",
            decision_date=date(2026, 3, 16),
            nominations=noms,
            signer=world.chair,
            signer_title="CHỦ TỊCH",
            session=session,
        )
    assert exc.value.messages == [
        "Cấp xã không có thẩm quyền quyết định “Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh” "
        "vào ngày 16/03/2026; trình cấp tỉnh."
    ]


@pytest.mark.time_machine("2025-03-16 09:00:00+07:00")
def test_appraisal_judges_the_nominee_within_its_batch(client):
    """The verdict stored at appraisal is the one the batch page shows: the members' Lao động
    tiên tiến proposed in the same batch count toward a Tập thể lao động tiên tiến (the nominee
    was judged alone before, and the desk saw one verdict and stored another)."""
    from awards.models import TaskRating
    from nominations.services.nominations import verdict_to_json

    world = World()
    for person in world.people:  # each member meets Lao động tiên tiến of 2024
        TaskRating.objects.create(person=person, year=2024, rating="excellent")
    batch, _ = world.batch(year=2024, award="advanced_worker", people=world.people)
    team = services.nomination_add(
        by=world.head, batch=batch, award_kind=kind("advanced_collective"), collective=world.commune
    )
    services.dossier_document_add(
        by=world.head, batch=batch, nomination=team, document_type="achievement_report", upload=docx()
    )
    services.batch_submit(by=world.head, batch=batch)
    in_batch = services.batch_verdicts(batch)[team.pk]
    alone = services.batch_verdicts(batch, [Nomination.objects.get(pk=team.pk)])[team.pk]
    assert [r.message for r in in_batch.reasons] != [r.message for r in alone.reasons]

    client.force_login(world.secretariat)
    client.post(
        reverse("awards:nomination-appraise", args=[batch.pk, team.pk]),
        {"accept": "1", "note": "Đủ hồ sơ", "override_reason": WHY},
    )
    team.refresh_from_db()
    assert team.status == Nomination.Status.APPRAISED
    assert team.verdict == verdict_to_json(in_batch)
