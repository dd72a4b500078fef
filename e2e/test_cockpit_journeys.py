"""Issue 16: each role starts at the home page and reaches its pending item in one click."""

import re

import pytest
from django.utils import timezone

from core.roles import Role
from e2e.conftest import login
from units.demo import DEMO_PASSWORD

# "Today" here is the test clock: the root conftest freezes it for every test with time_machine
# (16/03/2026 09:00 ICT unless --clock moves it), so they never read the wall clock.
pytestmark = pytest.mark.browser


def _grant_unit(username, role):
    from units.models import RoleGrant

    return RoleGrant.objects.filter(user__username=username, role=role).select_related("unit", "user").first()


def _pending_items():
    """One fresh pending item per role on top of the demo data.

    Returns [(username, cockpit list key, link text, path reached, text of the landing page)].
    """
    from campaigns.models import Campaign, Registration
    from campaigns.tests.factories import CampaignFactory
    from nominations.models import Council, CouncilSession, Decision, NominationBatch
    from scoring.models import ScoringTable
    from units.models import Unit
    from units.tests.factories import BlocFactory

    now = timezone.now()
    today = timezone.localdate()
    desk = _grant_unit("noivu", Role.SECRETARIAT)
    head = _grant_unit("truongdonvi", Role.UNIT_HEAD)
    chair = _grant_unit("chutich", Role.CHAIR)
    bloc_head = _grant_unit("truongkhoi", Role.BLOC_HEAD)
    member = _grant_unit("hoidong", Role.COUNCIL_MEMBER).user

    campaign = CampaignFactory(
        title="Phong trào thi đua E2E",
        launching_unit=desk.unit,
        status=Campaign.Status.LAUNCHED,
        year=today.year,
    )
    campaign.participants.add(head.unit)
    registration = Registration.objects.create(
        campaign=campaign, unit=head.unit, status="submitted", submitted_at=now, pledge="Cam kết E2E"
    )
    returned = NominationBatch.objects.create(
        unit=head.unit,
        title="Tờ trình khen thưởng trả lại E2E",
        year=today.year - 1,
        status="returned",
        return_reason="Thiếu biên bản họp xét",
    )
    council = Council.objects.filter(members=member).first()
    session = CouncilSession.objects.create(
        council=council, title="Phiên họp Hội đồng E2E", meeting_date=today
    )
    decision = Decision.objects.create(
        unit=chair.unit,
        title="Quyết định khen thưởng chờ ký E2E",
        decision_date=today,
        rule_set="nd152",
        article_1="-",
        article_2="-",
        article_3="-",
        signer=chair.user,
        signer_title="Chủ tịch",
    )
    bloc = BlocFactory(
        name="Khối E2E", organiser=Unit.objects.get(pk=desk.unit.pk), head=bloc_head.unit, year=today.year
    )
    table = ScoringTable.objects.create(bloc=bloc, title="Bảng chấm điểm Khối E2E")
    return [
        (
            "noivu",
            "registrations",
            f"{head.unit.name} — {campaign.display_title}",
            f"/phong-trao/dang-ky/{registration.pk}/",
            f"Đăng ký thi đua: {head.unit.name}",
        ),
        (
            "truongdonvi",
            "returned",
            f"Tờ trình: {returned.title}",
            f"/khen-thuong/to-trinh/{returned.pk}/",
            returned.title,
        ),
        (
            "hoidong",
            "council-sessions",
            session.title,
            f"/khen-thuong/phien-hop/{session.pk}/",
            session.title,
        ),
        ("chutich", "to-sign", decision.title, f"/khen-thuong/quyet-dinh/{decision.pk}/", decision.title),
        ("truongkhoi", "tables", table.title, f"/cham-diem/{table.pk}/", table.title),
    ]


def test_each_role_reaches_its_pending_item_from_home_in_one_click(page, demo_site):
    for username, key, title, path, expect in _pending_items():
        page.context.clear_cookies()
        login(page, demo_site.url, username, DEMO_PASSWORD)
        assert page.url.rstrip("/") == demo_site.url.rstrip("/"), username
        card = page.locator(f'[data-cockpit="{key}"]')
        assert int(card.get_attribute("data-count")) >= 1, username
        card.get_by_role("link", name=title, exact=True).click()
        page.wait_for_load_state("networkidle")
        assert page.url == f"{demo_site.url}{path}", username
        assert re.search(r"\b(404|403)\b", page.title()) is None, username
        assert expect in page.locator("main").inner_text(), username
