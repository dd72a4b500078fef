"""Annulling a line is a numbered decision (hủy bỏ) citing the original, issued by the signer;
its date is the signing day (never in the future, never before the original); the original's
page, its verification page and the register show it (issue 11 §6)."""

import io
from datetime import date

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import AwardRecord
from documents.models import DocumentDraft, IssuedDocument
from documents.services import draft_issue, draft_submit
from nominations import services
from nominations.tests.test_decision_wording import _approved, _decision
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def issued():
    world = World()
    noms, session = _approved(
        world,
        [
            ("certificate_of_merit", {"person": world.people[0]}),
            ("advanced_worker", {"person": world.people[1]}),
        ],
    )
    decision = services.decision_issue(by=world.chair, decision=_decision(world, noms, session))
    return world, decision


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_a_future_or_earlier_date_is_refused(issued):
    world, decision = issued
    line = decision.lines.first()
    for bad in (date(2030, 1, 1), date(2025, 12, 31)):
        with pytest.raises(ValidationError, match="Ngày quyết định hủy bỏ"):
            services.decision_line_annul(
                by=world.secretariat,
                line=line,
                ground="false_achievement",
                decision_number="99/QĐ-UBND",
                decision_date=bad,
            )
    assert not AwardRecord.objects.filter(annulment__isnull=False).exists()


@pytest.mark.time_machine("2026-02-10 09:00:00+07:00")
def test_annulment_is_a_numbered_decision_shown_everywhere(issued, client):
    world, decision = issued
    line = decision.lines.get(award_kind__code="certificate_of_merit")
    draft = services.line_annulment_draft_create(by=world.secretariat, line=line, ground="false_achievement")
    with pytest.raises(ValidationError, match="Đã có dự thảo"):
        services.line_annulment_draft_create(by=world.secretariat, line=line, ground="false_achievement")
    with pytest.raises(ValidationError, match="Chỉ người ký"):
        draft_issue(by=world.secretariat, draft=draft)
    assert not AwardRecord.objects.filter(annulment__isnull=False).exists()
    draft_submit(by=world.secretariat, draft=draft, signer=world.chair, signer_title="Chủ tịch")
    annulling = draft_issue(by=world.chair, draft=draft)

    assert annulling.symbol == "02/QĐ-UBND"  # the next number in the same register
    assert annulling.date == date(2026, 2, 10)
    with annulling.file.open("rb") as fh:
        text = " ".join(
            " ".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(fh.read())).pages).split()
        )
    assert "Hủy bỏ Giấy khen năm 2025 đối với" in text
    assert f"tại Quyết định số {decision.number} ngày 15/01/2026" in text
    assert "Thu hồi hiện vật khen thưởng và số tiền thưởng 702.000 đồng" in text
    assert "Lưu: VT" in text

    record = AwardRecord.objects.get(decision_line=line)
    assert record.annulment.decision_number == annulling.symbol
    assert record.annulment.decision_date == date(2026, 2, 10)
    line.certificate.refresh_from_db()
    assert line.certificate.status == IssuedDocument.Status.ANNULLED
    assert DocumentDraft.objects.get(pk=draft.pk).status == DocumentDraft.Status.ISSUED

    client.force_login(world.secretariat)
    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert f"Quyết định số {annulling.symbol}" in page
    verify = client.get(
        reverse("documents:verify", args=[decision.document.verification_code])
    ).content.decode()
    assert f"Quyết định số {annulling.symbol} ngày 10/02/2026" in verify
    register = client.get(reverse("awards:register")).content.decode()
    assert f"Đã hủy bỏ theo Quyết định số {annulling.symbol}" in register


@pytest.mark.time_machine("2026-03-16 09:00:00+07:00")
def test_a_failing_register_update_undoes_the_issue(issued):
    world, decision = issued
    line = decision.lines.first()
    draft = services.line_annulment_draft_create(by=world.secretariat, line=line, ground="false_achievement")
    draft_submit(by=world.secretariat, draft=draft, signer=world.chair, signer_title="Chủ tịch")
    # meanwhile the line is annulled another way: issuing the second annulment must fail as a whole
    services.decision_line_annul(
        by=world.secretariat,
        line=line,
        ground="false_achievement",
        decision_number="05/QĐ-UBND",
        decision_date=decision.decision_date,
    )
    with pytest.raises(ValidationError):
        draft_issue(by=world.chair, draft=draft)
    assert IssuedDocument.objects.filter(doc_type="quyet_dinh").count() == 1
