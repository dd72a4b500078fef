import io

import pytest
from django.core.management import call_command

from awards.models import AwardRecord, Initiative, TaskRating
from nominations.models import Council

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_gives_varied_verdicts():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Council.objects.count(), AwardRecord.objects.count(), TaskRating.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Council.objects.count(), AwardRecord.objects.count(), TaskRating.objects.count()) == counts
    council = Council.objects.get()
    usernames = set(council.members.values_list("username", flat=True))
    assert {"hoidong", "chutich", "hoidong7"} <= usernames
    assert AwardRecord.objects.filter(award_kind__code="grassroots_fighter").exists()
    assert Initiative.objects.exists()
    assert TaskRating.objects.filter(rating="completed").exists()
