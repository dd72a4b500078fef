import pytest
from django.urls import reverse

from core.models import Notification
from core.notifications import notify, unread_count
from units.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_is_idempotent_with_a_dedupe_key():
    a, b = UserFactory(), UserFactory()
    assert notify(recipients=[a, b, a], kind="x", title="Phát động", dedupe_key="k1") == 2
    assert notify(recipients=[a, b], kind="x", title="Phát động", dedupe_key="k1") == 0
    assert Notification.objects.count() == 2


def test_list_shows_only_own_notifications_and_unread_badge(client):
    me, other = UserFactory(), UserFactory()
    notify(recipients=[me], kind="x", title="Thông báo của tôi")
    notify(recipients=[other], kind="x", title="Thông báo người khác")
    client.force_login(me)
    html = client.get(reverse("core:notification-list")).content.decode()
    assert "Thông báo của tôi" in html
    assert "Thông báo người khác" not in html
    assert 'data-unread-count>1<' in html


def test_opening_marks_read_and_follows_a_local_link_only(client):
    me = UserFactory()
    notify(recipients=[me], kind="x", title="A", url="/phong-trao/")
    notify(recipients=[me], kind="x", title="B", url="https://evil.example/steal")
    a, b = Notification.objects.get(title="A"), Notification.objects.get(title="B")
    client.force_login(me)
    assert client.post(reverse("core:notification-open", args=[a.pk])).url == "/phong-trao/"
    assert client.post(reverse("core:notification-open", args=[b.pk])).url == reverse("core:notification-list")
    assert unread_count(me) == 0


def test_someone_elses_notification_is_404_and_stays_unread(client):
    me, other = UserFactory(), UserFactory()
    notify(recipients=[other], kind="x", title="Riêng")
    n = Notification.objects.get()
    client.force_login(me)
    assert client.post(reverse("core:notification-open", args=[n.pk])).status_code == 404
    client.post(reverse("core:notification-read-all"))
    n.refresh_from_db()
    assert n.read_at is None


def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("core:notification-list")).status_code == 302
