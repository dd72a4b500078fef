"""The live grassroots-fighter quota per unit and year on the batch (and appraisal) page."""

import pytest
from django.urls import reverse

from awards.models import RuleParameter
from awards.tests.factories import AwardRecordFactory, PersonFactory, kind
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_batch_page_shows_the_live_quota_of_the_unit(client):
    world = World()
    year = 2025
    staff = [*world.people, *[PersonFactory(unit=world.commune) for _ in range(11)]]
    for p in staff[:10]:
        AwardRecordFactory(person=p, award_kind=kind("advanced_worker"), year=year)
    AwardRecordFactory(person=staff[0], award_kind=kind("grassroots_fighter"), year=year)
    batch, _noms = world.batch(people=[staff[1], staff[2]], award="grassroots_fighter", year=year, docs=False)
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    assert "Hạn mức Chiến sĩ thi đua cơ sở năm 2025" in html
    # 10 Advanced Workers, 15% rounded down: 1; 1 in the register + 2 proposed here: 3, left -2.
    row = html.split('data-testid="quota"')[1].split("</tr>")[1]
    assert "UBND xã Một" in row
    cells = [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]]
    assert cells == ["10", "1", "3", "-2"]
    assert "15%, làm tròn xuống" in row
    RuleParameter.objects.filter(key="grassroots_fighter.quota_rounding").update(value="nearest")
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    row = html.split('data-testid="quota"')[1].split("</tr>")[1]
    assert [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]] == ["10", "2", "3", "-1"]
    assert "15%, làm tròn đến số gần nhất" in row


def test_no_quota_box_without_grassroots_fighter_nominations(client):
    world = World()
    batch, _noms = world.batch(award="certificate_of_merit", docs=False)
    client.force_login(world.head)
    assert (
        'data-testid="quota"'
        not in client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    )
