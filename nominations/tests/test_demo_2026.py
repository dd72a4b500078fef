"""The demo as loaded today (issue 10 item 8, issue 13 item 4): in the 2026 world a commune's
nominations pass the authority check when the commune chair decides them; a Chiến sĩ thi đua
cấp tỉnh is routed "trình cấp tỉnh" at appraisal and refused to the commune at decision time."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nominations import services
from nominations.models import CouncilSession, Nomination, NominationBatch
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _at(day: date):
    return time_machine.travel(
        timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=9), tick=False
    )


def _ballot(office, session, nominations):
    services.agenda_add(by=office, session=session, nominations=nominations)
    members = list(session.council.members.all())
    services.session_open(by=office, session=session, attendees=members)
    services.ballot_open(by=office, session=session)
    for item in session.items.all():
        for m in members:
            services.ballot_cast(by=m, item=item, choice="yes")
    return services.ballot_close(by=office, session=session)


@pytest.mark.parametrize("day", [date(2026, 3, 16), date(2026, 11, 29)], ids=str)
def test_commune_decides_its_awards_and_routes_the_provincial_title(day):
    with _at(day):
        call_command("load_demo", stdout=StringIO())
        User = get_user_model()
        office, chair = (
            User.objects.get(username="vanphong_tamduong"),
            User.objects.get(username="chutich_tamduong"),
        )
        commune = Unit.objects.get(name="Ủy ban nhân dân xã Tam Đường", valid_from=date(2025, 7, 1))
        batch = NominationBatch.objects.get(unit__name="Trường Tiểu học Bình Lư", year=day.year - 1)
        approved = list(batch.nominations.filter(status=Nomination.Status.APPROVED).order_by("pk"))
        assert sorted(n.award_kind.code for n in approved) == [
            "advanced_collective",
            "advanced_worker",
            "advanced_worker",
            "certificate_of_merit",
            "grassroots_fighter",
        ]
        [provincial] = batch.nominations.filter(award_kind__code="provincial_fighter")
        assert provincial.status == Nomination.Status.APPRAISED
        # Appraisal: the commune cannot decide it — routing, not a failed criterion.
        [route] = [r for r in provincial.verdict["reasons"] if r["code"] == "authority_route"]
        assert route["ok"] is True
        assert route["message"].endswith(": trình cấp tỉnh.")
        for n in approved:
            assert not [r for r in n.verdict["reasons"] if r["code"] == "authority_route"], n.award_kind.code

        session = CouncilSession.objects.get(council__unit=commune)
        decision = services.decision_create(
            by=office,
            unit=commune,
            title=f"Khen thưởng năm {day.year - 1}",
            decision_date=day,
            nominations=approved,
            signer=chair,
            signer_title="CHỦ TỊCH",
            session=session,
        )
        assert decision.lines.count() == 5

        # Even approved by the commune council, the provincial title cannot be a commune decision.
        second = services.session_create(
            by=office, council=session.council, title="Phiên bổ sung", meeting_date=day
        )
        _ballot(office, second, [provincial])
        provincial.refresh_from_db()
        assert provincial.status == Nomination.Status.APPROVED
        with pytest.raises(ValidationError) as exc:
            services.decision_create(
                by=office,
                unit=commune,
                title="Khen thưởng",
                decision_date=day,
                nominations=[provincial],
                signer=chair,
                signer_title="CHỦ TỊCH",
                session=second,
            )
        assert exc.value.messages == [
            "Cấp xã không có thẩm quyền quyết định “Chiến sĩ thi đua cấp tỉnh” vào ngày "
            f"{day:%d/%m/%Y}; trình cấp tỉnh."
        ]


def test_the_province_office_reads_the_dossier_routed_to_it(client):
    """ "Trình cấp tỉnh" is routing: the province's Sở Nội vụ, whose jurisdiction holds the commune,
    opens the commune school's batch and reads the provincial nominee with the routing reason; the
    other commune's office gets 404 (issue 10 item 8)."""
    with _at(date(2026, 11, 29)):
        call_command("load_demo", stdout=StringIO())
        User = get_user_model()
        batch = NominationBatch.objects.get(unit__name="Trường Tiểu học Bình Lư", year=2025)
        url = reverse("awards:batch-detail", args=[batch.pk])
        client.force_login(User.objects.get(username="sonoivu"))
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "Chiến sĩ thi đua cấp tỉnh" in text
        assert "trình cấp tỉnh" in text
        client.force_login(User.objects.get(username="vanphong_khunha"))
        assert client.get(url).status_code == 404


def test_demo_school_batch_is_within_its_grassroots_fighter_quota(client):
    """The demo shows a normal case: Trường Tiểu học Bình Lư counts 7 Lao động tiên tiến of the
    year (5 recorded, 2 in its batch), so 15% rounded down allows its one Chiến sĩ thi đua cơ sở."""
    with _at(date(2026, 3, 16)):
        call_command("load_demo", stdout=StringIO())
        batch = NominationBatch.objects.get(unit__name="Trường Tiểu học Bình Lư", year=2025)
        client.force_login(get_user_model().objects.get(username="hieutruong"))
        html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    panel = html.split('data-testid="quota"')[1]
    row = panel.split("</tr>")[1]
    cells = [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]]
    assert cells[:2] == ["7", "1"]
    assert cells[-2:] == ["1", "0"]
    assert 'data-testid="quota-over"' not in html
    assert "Vượt tỷ lệ" not in html
    assert "Tỷ lệ Chiến sĩ thi đua cơ sở của đơn vị: 1/7 Lao động tiên tiến" in html
