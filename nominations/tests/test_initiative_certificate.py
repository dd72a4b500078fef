"""Item 7: the completeness check asks for an initiative certificate only when the claim rests
on an initiative (a grassroots fighter rated 'hoàn thành xuất sắc nhiệm vụ' needs none)."""

import pytest
from django.urls import reverse

from awards.models import TaskRating
from nominations import services
from nominations.tests.workflow_helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_initiative_certificate_asked_only_of_the_nominee_without_excellent_rating(client):
    world = World()
    excellent, good = world.people[:2]
    TaskRating.objects.create(person=excellent, year=2025, rating="excellent")
    TaskRating.objects.create(person=good, year=2025, rating="good")
    batch, _noms = world.batch(people=[excellent, good], award="grassroots_fighter", year=2025)
    check = services.batch_check(batch)
    missing = {(m.nomination.person_id, m.document_type) for m in check.missing}
    assert missing == {(good.pk, "initiative_certification")}
    client.force_login(world.head)
    html = client.get(reverse("awards:batch-detail", args=[batch.pk])).content.decode()
    label = "Xác nhận của cấp có thẩm quyền về sáng kiến, đề tài khoa học"
    assert f"Thiếu <strong>{label}</strong> — {good.full_name}" in html
    assert f"— {excellent.full_name}</li>" not in html
