"""Issue 12 acceptance: the signed summary never adds percentages; each unit has its own target."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Commitment, Registration
from campaigns.tests.factories import TargetFactory
from core.roles import Role
from documents.tests.helpers import submit_and_sign
from reports import outputs, services
from reports.models import ReportSubmission
from reports.tests.test_outputs import _chair, _text
from units.tests.factories import RoleGrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes(campaign, rnd, jurisdiction, unit_head_a, unit_head_b):
    """Vaccination 98,5 %: Bình Lư 99 %, Sơn Bình 97,1 %. Budget 3.130,5 tỷ for the district;
    Bình Lư's approved registration commits 160 and it reports 165,2; Sơn Bình has no own target."""
    chair = UserFactory(username="chutich", full_name="Sùng Lữ Páo")
    RoleGrantFactory(user=chair, unit=jurisdiction.district, role=Role.CHAIR)
    campaign.targets.all().delete()
    rate = TargetFactory(
        campaign=campaign, name="Tỷ lệ tiêm chủng đầy đủ", unit_of_measure="%", value="98.5", order=1
    )
    poor = TargetFactory(
        campaign=campaign,
        name="Giảm tỷ lệ hộ nghèo",
        unit_of_measure="%",
        value="2",
        direction="reduce",
        order=2,
    )
    budget = TargetFactory(campaign=campaign, name="Thu ngân sách", value="3130.5", order=3)
    reg = Registration.objects.create(
        campaign=campaign, unit=jurisdiction.commune_a, status=Registration.Status.APPROVED
    )
    Commitment.objects.create(registration=reg, target=budget, value=Decimal("160"))
    figures = {
        jurisdiction.commune_a: (
            {rate.pk: Decimal("99"), poor.pk: Decimal("2.5"), budget.pk: Decimal("165.2")},
            unit_head_a,
        ),
        jurisdiction.commune_b: (
            {rate.pk: Decimal("97.1"), poor.pk: Decimal("1.4"), budget.pk: Decimal("80")},
            unit_head_b,
        ),
    }
    for unit, (values, user) in figures.items():
        sub = services.submission_start(round=rnd, unit=unit, by=user)
        sub = services.submission_save(submission=sub, by=user, version=sub.version, figures=values)
        services.submission_submit(submission=sub, by=user)
    return rnd


def test_summary_pdf_has_no_sum_of_percentages_and_own_targets(two_communes, secretariat, tmp_path):
    draft = outputs.round_summary_report_draft(round=two_communes, by=secretariat)
    doc = submit_and_sign(draft=draft, secretariat=secretariat, signer=_chair())
    text = " ".join(_text(doc.file.read(), tmp_path).split())
    assert "196,1" not in text  # 99 + 97,1 never appears
    assert "3,9%" not in text  # 2,5 + 1,4 never appears
    assert "thấp nhất 97,1%, cao nhất 99%, trung bình 98,05%, trung vị 98,05%" in text
    assert "1/2 đơn vị đạt chỉ tiêu của đơn vị" in text
    assert "mức giảm thấp nhất 1,4%" in text
    # The budget sums (a quantity), and Bình Lư is measured against its own 160 tỷ, not 3.130,5.
    assert "tổng số thực hiện 245,2 tỷ đồng, bằng 7,8% chỉ tiêu chung" in text
    assert "Thu ngân sách 160 tỷ đồng 165,2 103,3% Đạt" in text
    assert "Tỷ lệ tiêm chủng đầy đủ 98,5% 97,1 98,6% Chưa đạt" in text
    assert "5,3%" not in text
    assert "Thu ngân sách Chưa giao 80 — —" in text  # Sơn Bình: its figure, no ratio


def test_verification_line_uses_the_configured_site_url(two_communes, secretariat, settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8111"
    draft = outputs.round_summary_report_draft(round=two_communes, by=secretariat)
    text = " ".join(
        _text(
            submit_and_sign(draft=draft, secretariat=secretariat, signer=_chair()).file.read(), tmp_path
        ).split()
    )
    assert "127.0.0.1:8111/xac-minh/" in text
    assert "8000" not in text


def test_pages_show_each_unit_against_its_own_target(
    client, two_communes, jurisdiction, unit_head_a, secretariat
):
    sub = ReportSubmission.objects.get(round=two_communes, unit=jurisdiction.commune_a)
    client.force_login(unit_head_a)
    html = client.get(reverse("reports:submission-detail", args=[sub.pk])).content.decode()
    assert "Đạt (103,3%)" in html  # 165,2 of its committed 160
    assert "5,3%" not in html
    client.force_login(secretariat)
    html = client.get(reverse("reports:round-detail", args=[two_communes.pk])).content.decode()
    assert "thấp nhất 97,1%, cao nhất 99%, trung bình 98,05%, trung vị 98,05%" in html
    assert "196,1" not in html
    html = client.get(
        reverse("reports:tracker", args=[two_communes.campaign_id]) + f"?round={two_communes.pk}"
    ).content.decode()
    assert "tổng số thực hiện 245,2 tỷ đồng" in html


def test_round_pages_aggregates_are_the_summary_reports(two_communes, jurisdiction):
    """The round page and the tracker read `round_aggregates` (plain values, 1,500 units at
    province scale); the summary Báo cáo reads `round_results`: the same numbers."""
    from reports.selectors import round_aggregates, round_results

    assert round_aggregates(two_communes) == round_results(two_communes).aggregates
    only_a = round_aggregates(two_communes, unit_ids=[jurisdiction.commune_a.pk])
    assert only_a == round_results(two_communes, units=[jurisdiction.commune_a]).aggregates
    assert [a.reported for a in only_a] == [1, 1, 1]
    assert only_a[2].total == Decimal("165.2")
