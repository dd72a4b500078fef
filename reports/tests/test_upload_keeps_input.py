"""Attaching a file on the report form keeps what the user had typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tests.test_uploads import EXE, PDF
from reports.models import ReportSubmission, SubmissionAttachment

pytestmark = pytest.mark.django_db


def test_upload_saves_unsaved_figures_and_text(client, rnd, jurisdiction, unit_head_a):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    client.force_login(unit_head_a)
    client.get(url)
    sub = ReportSubmission.objects.get()
    target = rnd.campaign.targets.get(name="Thu ngân sách")
    data = {
        "version": sub.version,
        "narrative": "Chưa kịp lưu",
        f"target_{target.pk}": "125,5",
        "file": SimpleUploadedFile("bao-cao.pdf", PDF),
        "upload": "1",
    }
    html = client.post(url, data, follow=True).content.decode()
    assert "Đã đính kèm tệp." in html
    assert "Chưa kịp lưu" in html
    assert 'value="125,5"' in html
    sub.refresh_from_db()
    assert sub.narrative == "Chưa kịp lưu"
    assert SubmissionAttachment.objects.get().original_name == "bao-cao.pdf"


def test_bad_file_still_keeps_the_typed_text(client, rnd, jurisdiction, unit_head_a):
    url = reverse("reports:submission-edit", args=[rnd.pk, jurisdiction.commune_a.pk])
    client.force_login(unit_head_a)
    client.get(url)
    sub = ReportSubmission.objects.get()
    data = {
        "version": sub.version,
        "narrative": "Giữ lại",
        "file": SimpleUploadedFile("x.pdf", EXE),
        "upload": "1",
    }
    html = client.post(url, data, follow=True).content.decode()
    assert "tệp chưa được đính kèm" in html
    assert "Giữ lại" in html
    assert not SubmissionAttachment.objects.exists()
