"""Every issued file served goes through the one hash check (issue 15 §3): the decision's PDF
and the combined certificates PDF (all certificates of the decision in one file) alike."""

import hashlib

import pytest
from django.urls import reverse

from core.models import AuditEntry
from nominations import services
from nominations.tests.test_decisions import _draft, approved  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _tamper(path) -> None:
    with open(path, "r+b") as f:
        f.seek(-20, 2)
        f.write(b"% tampered         ")


@pytest.mark.parametrize("kind", ["quyet-dinh", "giay-khen"])
def test_a_tampered_issued_file_is_refused_and_logged(client, approved, caplog, kind):  # noqa: F811
    world, noms, session = approved
    decision = services.decision_issue(by=world.chair, decision=_draft(world, noms, session))
    with decision.certificates_file.open("rb") as f:  # the combined file's hash is stored with it
        assert decision.certificates_sha256 == hashlib.sha256(f.read()).hexdigest()
    url = reverse("awards:decision-file", args=[decision.pk, kind])
    client.force_login(world.chair)
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")

    stored = decision.document if kind == "quyet-dinh" else decision
    _tamper(decision.document.file.path if kind == "quyet-dinh" else decision.certificates_file.path)
    with caplog.at_level("ERROR", logger="documents.http"):
        refused = client.get(url)
    assert refused.status_code == 409
    assert b"%PDF" not in refused.content
    assert "không khớp với mã băm" in refused.content.decode()
    assert "integrity check failed" in caplog.text
    entry = AuditEntry.objects.get(action="documents.issued.integrity_failed")
    assert entry.target_id == str(stored.pk)
    assert entry.data["expected"] != entry.data["actual"]


def test_a_combined_file_without_a_stored_hash_is_refused(client, approved):  # noqa: F811
    world, noms, session = approved
    decision = services.decision_issue(by=world.chair, decision=_draft(world, noms, session))
    type(decision).objects.filter(pk=decision.pk).update(certificates_sha256="")
    client.force_login(world.chair)
    response = client.get(reverse("awards:decision-file", args=[decision.pk, "giay-khen"]))
    assert response.status_code == 409
