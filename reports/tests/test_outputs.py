"""The reminder letter and the round summary go through the documents engine and pass the checks."""

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import TargetAssignment
from core.roles import Role
from documents.models import DocumentDraft
from documents.pdfcheck import failures
from documents.tests.helpers import submit_and_sign
from reports import outputs, services
from units.tests.factories import RoleGrantFactory, UserFactory

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(campaign, secretariat, jurisdiction, unit_head_a):
    chair = UserFactory(username="chutich", full_name="Sùng Lữ Páo")
    RoleGrantFactory(user=chair, unit=jurisdiction.district, role=Role.CHAIR)
    rnd = services.round_create(
        campaign=campaign,
        by=secretariat,
        title="Báo cáo sơ kết 6 tháng",
        kind="interim",
        opens_at=timezone.now() - timedelta(days=30),
        deadline=timezone.now() - timedelta(days=3),
    )
    budget, poverty = campaign.targets.order_by("order")
    TargetAssignment.objects.create(target=budget, unit=jurisdiction.commune_a, value=Decimal("120"))
    sub = services.submission_start(round=rnd, unit=jurisdiction.commune_a, by=unit_head_a)
    sub = services.submission_save(
        submission=sub,
        by=unit_head_a,
        version=sub.version,
        figures={budget.pk: Decimal("130"), poverty.pk: Decimal("2.5")},
    )
    services.submission_submit(submission=sub, by=unit_head_a)
    return rnd


def _chair():
    from core.models import User

    return User.objects.get(username="chutich")


def _text(data, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_reminder_letter_names_the_late_unit_and_passes_checks(overdue, secretariat, jurisdiction, tmp_path):
    draft = outputs.round_reminder_letter_draft(round=overdue, by=secretariat)
    doc = submit_and_sign(draft=draft, secretariat=secretariat, signer=_chair())
    data = doc.file.read()
    assert failures(data) == []
    text = " ".join(_text(data, tmp_path).split())
    assert "Số: 01/UBND-NV" in text
    assert "V/v đôn đốc gửi báo cáo sơ kết 6 tháng" in text
    assert jurisdiction.commune_b.name in text
    assert "Đến nay đã có 1/2 đơn vị gửi báo cáo" in " ".join(text.split())


def test_summary_report_has_results_table_and_passes_checks(overdue, secretariat, jurisdiction, tmp_path):
    draft = outputs.round_summary_report_draft(round=overdue, by=secretariat)
    doc = submit_and_sign(draft=draft, secretariat=secretariat, signer=_chair())
    data = doc.file.read()
    assert failures(data) == []
    text = " ".join(_text(data, tmp_path).split())
    assert "BÁO CÁO" in text
    assert "Có 1/2 đơn vị gửi báo cáo" in text
    assert f"Các đơn vị chưa báo cáo: {jurisdiction.commune_b.name}." in text
    assert "KẾT QUẢ THỰC HIỆN CHỈ TIÊU CỦA CÁC ĐƠN VỊ" in text
    assert "130,00 108,3% Đạt" in text or "130 108,3% Đạt" in text


def test_no_letter_when_nobody_is_late(rnd, secretariat):
    with pytest.raises(Exception, match="Không có đơn vị nào chậm báo cáo"):
        outputs.round_reminder_letter_draft(round=rnd, by=secretariat)


def test_output_actions_denied_to_unit_head_and_allowed_to_secretariat(
    client, overdue, unit_head_a, secretariat
):
    url = reverse("reports:round-document", args=[overdue.pk, "bao-cao-tong-hop"])
    client.force_login(unit_head_a)
    assert client.post(url).status_code == 404
    assert not DocumentDraft.objects.exists()
    client.force_login(secretariat)
    response = client.post(url)
    assert response.url == reverse("documents:draft-detail", args=[DocumentDraft.objects.get().pk])
