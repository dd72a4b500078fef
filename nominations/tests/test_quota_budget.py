"""The live grassroots-fighter quota per unit and year on the batch (and appraisal) page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards.models import RuleParameter
from awards.tests.factories import AwardRecordFactory, PersonFactory, kind
from core import caching
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
    # Columns: Advanced Workers, allowed, elsewhere, in this batch, total, left.
    row = html.split('data-testid="quota"')[1].split("</tr>")[1]
    assert "UBND xã Một" in row
    cells = [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]]
    assert cells == ["10", "1", "1", "2", "3", "Vượt 2"]  # over budget: never "-2"
    assert "15%, làm tròn xuống" in row
    RuleParameter.objects.filter(key="grassroots_fighter.quota_rounding").update(value="nearest")
    caching.bump(RuleParameter)  # .update() skips save(): the cached rule book must hear of it
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    row = html.split('data-testid="quota"')[1].split("</tr>")[1]
    assert [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]] == [
        "10",
        "2",
        "1",
        "2",
        "3",
        "Vượt 1",
    ]
    assert "15%, làm tròn đến số gần nhất" in row


def test_no_quota_box_without_grassroots_fighter_nominations(client):
    world = World()
    batch, _noms = world.batch(award="certificate_of_merit", docs=False)
    client.force_login(world.head)
    assert (
        'data-testid="quota"'
        not in client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    )


def _cells(html: str) -> list[str]:
    row = html.split('data-testid="quota"')[1].split("</tr>")[1]
    return [c.split("<")[0].strip() for c in row.split('class="text-end">')[1:]]


def test_quota_partial_previews_the_person_being_added_and_warns_over_budget(client):
    world = World()
    year = 2025
    staff = [*world.people, *[PersonFactory(unit=world.commune) for _ in range(7)]]
    for p in staff:  # 10 Advanced Workers: 15% rounded down allows 1
        AwardRecordFactory(person=p, award_kind=kind("advanced_worker"), year=year)
    batch, _noms = world.batch(people=[staff[1]], award="grassroots_fighter", year=year, docs=False)
    client.force_login(world.head)
    url = reverse("awards:batch-quota", args=[batch.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert 'data-testid="quota"' in html  # the table alone: htmx swaps it into #quota-panel
    assert _cells(html) == ["10", "1", "0", "1", "1", "0"]
    assert 'data-testid="quota-over"' not in html
    # Choosing a second person for grassroots fighter: counted as if added, over the budget.
    gf = kind("grassroots_fighter")
    html = client.get(url, {"award_kind": gf.pk, "person": staff[2].pk}).content.decode()
    assert staff[2].full_name in html.split('data-testid="quota-preview"')[1]
    assert _cells(html) == ["10", "1", "0", "2", "2", "Vượt 1"]
    warning = html.split('data-testid="quota-over"')[1].split("</div>")[0]
    assert "Vượt tỷ lệ: 2 Chiến sĩ thi đua cơ sở trên 10 Lao động tiên tiến" in warning
    # Another award chosen: no preview.
    html = client.get(url, {"award_kind": kind("advanced_worker").pk, "person": staff[2].pk}).content.decode()
    assert 'data-testid="quota-preview"' not in html
    assert _cells(html)[3] == "1"
    # A person outside the batch's unit is not previewed.
    outsider = PersonFactory(unit=world.other)
    html = client.get(url, {"award_kind": gf.pk, "person": outsider.pk}).content.decode()
    assert 'data-testid="quota-preview"' not in html


def test_quota_partial_is_refreshed_from_the_add_form_and_hidden_from_another_unit(client):
    world = World()
    batch, _noms = world.batch(people=[world.people[0]], award="grassroots_fighter", year=2025, docs=False)
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    panel = html.split('id="quota-panel"')[1].split(">")[0]
    assert f'hx-get="{reverse("awards:batch-quota", args=[batch.pk])}"' in panel
    assert 'hx-trigger="change from:#nomination-add-form"' in panel
    # The add form's CSRF token must not travel in the panel's GET URL (logs, Referer).
    assert 'hx-include="#nomination-add-form"' in panel
    assert 'hx-params="not csrfmiddlewaretoken"' in panel
    assert 'hx-sync="this:replace"' in panel  # a newer change replaces the request in flight
    client.force_login(world.head2)
    assert client.get(reverse("awards:batch-quota", args=[batch.pk])).status_code == 404


def test_quota_partial_query_count_does_not_grow(client, django_assert_max_num_queries):
    world = World()
    url_for = {}
    for n in (2, 8):
        people = [PersonFactory(unit=world.commune) for _ in range(n)]
        for p in people:
            AwardRecordFactory(person=p, award_kind=kind("advanced_worker"), year=2025)
        batch, _noms = world.batch(people=people, award="grassroots_fighter", year=2025, docs=False)
        url_for[n] = reverse("awards:batch-quota", args=[batch.pk])
    client.force_login(world.head)
    client.get(url_for[2])
    cache.clear()  # both sizes read their batch's outline afresh (it is cached between requests)
    with django_assert_max_num_queries(20) as small:
        client.get(url_for[2])
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url_for[8])


def test_panel_and_nominee_check_count_the_same_advanced_workers(client):
    """Tester fault: the panel counted the unit's Lao động tiên tiến proposed in another open
    batch, the nominee's eligibility check did not ("trên 2" vs "trên 0" on one page)."""
    world = World()
    year = 2025
    staff = [*world.people, *[PersonFactory(unit=world.commune) for _ in range(3)]]
    # Two Advanced Workers of the year proposed (and sent) in another batch, not yet recorded.
    world.submitted_and_appraised(people=staff[:2], award="advanced_worker", year=year, title="Tờ trình LĐTT")
    batch, _noms = world.batch(people=[staff[2]], award="grassroots_fighter", year=year, docs=False)
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    expected = "Vượt tỷ lệ: 1 Chiến sĩ thi đua cơ sở trên 2 Lao động tiên tiến của đơn vị, tối đa 0"
    panel = html.split('data-testid="quota-over"')[1].split("</div>")[0]
    assert expected in panel
    assert _cells(html)[0] == "2"
    # The nominee's own check, further down the same page, says the same.
    assert html.count(expected) >= 2
    assert "trên 0 Lao động tiên tiến" not in html
