"""The batch page at province scale (issue 17): nominees shown a page at a time, each still
judged within its whole batch; the batch-wide summary still covers every nominee."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from awards.models import TaskRating
from awards.tests.factories import kind
from nominations import services
from nominations.tests.workflow_helpers import World, docx
from nominations.views import BatchDetailView

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.time_machine("2025-03-16 09:00:00+07:00")
def test_a_page_of_nominees_is_judged_within_the_whole_batch(client, monkeypatch):
    """The Tập thể lao động tiên tiến on page 2 is judged with its members' Lao động tiên tiến
    proposed on page 1, as the appraisal stores it; rows keep their numbers across pages."""
    monkeypatch.setattr(BatchDetailView, "nominees_per_page", 2)
    world = World()
    for person in world.people:
        TaskRating.objects.create(person=person, year=2024, rating="excellent")
    batch, workers = world.batch(year=2024, award="advanced_worker", people=world.people)
    team = services.nomination_add(
        by=world.head, batch=batch, award_kind=kind("advanced_collective"), collective=world.commune
    )
    services.dossier_document_add(
        by=world.head, batch=batch, nomination=team, document_type="achievement_report", upload=docx()
    )
    services.batch_submit(by=world.head, batch=batch)
    in_batch = {r.message for r in services.batch_verdicts(batch)[team.pk].reasons}
    alone = {r.message for r in services.batch_verdicts(batch, [team])[team.pk].reasons}
    assert in_batch != alone

    client.force_login(world.secretariat)
    url = reverse("awards:batch-detail", args=[batch.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert f'id="nomination-{workers[0].pk}"' in first
    assert f'id="nomination-{team.pk}"' not in first
    assert f'id="nomination-{team.pk}"' in second
    assert f'id="nomination-{workers[2].pk}"' in second
    assert "(4 đối tượng, trang 2/2)" in second
    row = second[second.index(f'id="nomination-{team.pk}"') :]
    assert row.split("<td>", 2)[1].startswith("4</td>")
    row = row[: row.index("</tr>")]
    assert all(escape(m) in row for m in in_batch - alone)
    assert not any(escape(m) in row for m in alone - in_batch)
    assert 'placeholder="Lý do vẫn trình (chưa đạt tiêu chuẩn)"' not in row  # eligible in its batch
    assert '<input type="hidden" name="page" value="2">' in row

    # Appraised from page 2: stored as shown, and the desk is sent back to page 2.
    response = client.post(
        reverse("awards:nomination-appraise", args=[batch.pk, team.pk]),
        {"accept": "1", "note": "Đủ hồ sơ", "page": "2"},
    )
    assert response.url == f"{url}?page=2"
    team.refresh_from_db()
    assert team.status == "appraised"
    assert {r["message"] for r in team.verdict["reasons"]} == in_batch


def test_the_check_before_sending_covers_nominees_on_every_page(client, monkeypatch):
    """A draft's summary lists the missing documents of nominees beyond the first page."""
    monkeypatch.setattr(BatchDetailView, "nominees_per_page", 1)
    world = World()
    batch, noms = world.batch(award="advanced_worker", people=world.people, docs=False)
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    summary = html[html.index('id="check-missing"') : html.index("</ul>", html.index('id="check-missing"'))]
    for n in noms:
        assert n.subject_name in summary
    assert f'id="nomination-{noms[0].pk}"' in html
    assert f'id="nomination-{noms[2].pk}"' not in html
