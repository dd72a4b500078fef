import io
from datetime import date

import pytest
from django.core.management import call_command

from awards.models import AwardRecord, Initiative, TaskRating
from nominations.models import Council

pytestmark = pytest.mark.django_db


@pytest.mark.time_machine("2026-03-16T09:00:00+07:00")  # the 2026 world needs a day after 1/7/2025
def test_demo_is_idempotent_and_gives_varied_verdicts():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Council.objects.count(), AwardRecord.objects.count(), TaskRating.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Council.objects.count(), AwardRecord.objects.count(), TaskRating.objects.count()) == counts
    # The district's council stays as history; each 2026 commune has its own, at commune level.
    council = Council.objects.get(name="Hội đồng Thi đua - Khen thưởng huyện Tam Đường")
    usernames = set(council.members.values_list("username", flat=True))
    assert {"hoidong", "chutich", "hoidong7"} <= usernames
    assert set(Council.objects.exclude(pk=council.pk).values_list("name", "level")) == {
        ("Hội đồng Thi đua - Khen thưởng xã Tam Đường", "commune"),
        ("Hội đồng Thi đua - Khen thưởng xã Khun Há", "commune"),
    }
    # Every register record carries its deciding level; the district decided until 30/06/2025.
    assert not AwardRecord.objects.filter(decision_level="").exists()
    assert not AwardRecord.objects.filter(
        decision_level="district", decision_date__gte=date(2025, 7, 1)
    ).exists()
    assert AwardRecord.objects.filter(award_kind__code="grassroots_fighter").exists()
    assert Initiative.objects.exists()
    assert TaskRating.objects.filter(rating="completed").exists()
