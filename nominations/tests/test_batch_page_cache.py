"""The batch page's verdicts and dossier check are cached (issue 17; core/caching.py): the page
follows a change to their inputs at once, and the legal acts (sending, appraisal) never read the
page's cache: they judge afresh."""

import pytest
from django.urls import reverse

from awards.models import TaskRating
from core import caching
from nominations import services
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.time_machine("2025-03-16 09:00:00+07:00")
def test_cached_verdicts_follow_a_new_task_rating(client, django_capture_on_commit_callbacks):
    world = World()
    batch, _noms = world.batch(year=2024, award="advanced_worker", people=world.people[:1])
    services.batch_submit(by=world.head, batch=batch)
    client.force_login(world.secretariat)
    url = reverse("awards:batch-detail", args=[batch.pk])
    assert "Chưa đủ tiêu chuẩn" in client.get(url).content.decode()
    assert "Chưa đủ tiêu chuẩn" in client.get(url).content.decode()  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):  # the bump runs at commit too
        TaskRating.objects.create(person=world.people[0], year=2024, rating="excellent")
    html = client.get(url).content.decode()
    assert "Chưa đủ tiêu chuẩn" not in html
    assert "Đủ tiêu chuẩn theo hệ thống" in html


@pytest.mark.time_machine("2025-03-16 09:00:00+07:00")
def test_sending_and_appraising_judge_afresh_not_from_the_pages_cache(client, monkeypatch):
    world = World()
    batch, noms = world.batch(year=2024, award="advanced_worker", people=world.people[:2])
    client.force_login(world.head)
    assert client.get(reverse("awards:batch-detail", args=[batch.pk])).status_code == 200
    cached_names = []
    real = caching.cached_aggregate

    def spy(name, *args, **kwargs):
        cached_names.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(caching, "cached_aggregate", spy)
    services.batch_submit(by=world.head, batch=batch)
    for n in noms:
        services.nomination_appraise(
            by=world.secretariat, nomination=n, accept=False, reason="Chưa đủ tiêu chuẩn xếp loại"
        )
    assert not [name for name in cached_names if name.startswith("nominations.batch_")]
    assert {n.status for n in batch.nominations.all()} == {"not_accepted"}


@pytest.mark.time_machine("2025-03-16 09:00:00+07:00")
def test_cached_rows_follow_an_appraisal_and_a_renamed_person(client, django_capture_on_commit_callbacks):
    """The page's nominees (with their people and units) are cached too
    (selectors.batch_nominations): an appraisal and a person's new name show on the next view."""
    world = World()
    batch, noms = world.batch(year=2024, award="advanced_worker", people=world.people[:1])
    services.batch_submit(by=world.head, batch=batch)
    client.force_login(world.secretariat)
    url = reverse("awards:batch-detail", args=[batch.pk])
    person = world.people[0]
    assert person.full_name in client.get(url).content.decode()
    assert "Ghi kết quả" in client.get(url).content.decode()  # served from the cache: to appraise
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_appraise(
            by=world.secretariat, nomination=noms[0], accept=False, reason="Chưa đủ tiêu chuẩn xếp loại"
        )
        person.full_name = "Nguyễn Thị Đổi Tên"
        person.save()
    html = client.get(url).content.decode()
    assert "Nguyễn Thị Đổi Tên" in html
    assert "Ghi kết quả" not in html  # appraised: no appraisal form left
    assert "Chưa đủ tiêu chuẩn xếp loại" in html  # the reason recorded at appraisal
