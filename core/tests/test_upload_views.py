"""The 1 MB zip bombs of the review, sent through the real pages: refused in well under a second."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign
from core.tests.bombs import zip_bomb
from units.models import Person

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    started = time.perf_counter()
    html = client.post(url, data).content.decode()
    return html, time.perf_counter() - started


def test_xlsx_bomb_on_people_import_is_refused_fast(client, secretariat):
    client.force_login(secretariat)
    before = Person.objects.count()
    bomb = SimpleUploadedFile("danh-sach.xlsx", zip_bomb("xl/workbook.xml"))
    html, elapsed = _post(client, reverse("units:people-import"), {"file": bomb})
    assert "khi giải nén quá lớn" in html
    assert elapsed < 1.0
    assert Person.objects.count() == before


def test_docx_bomb_on_launch_document_import_is_refused_fast(client, secretariat):
    client.force_login(secretariat)
    bomb = SimpleUploadedFile("ke-hoach.docx", zip_bomb("word/document.xml"))
    html, elapsed = _post(client, reverse("campaigns:campaign-import"), {"step": "parse", "file": bomb})
    assert "khi giải nén quá lớn" in html
    assert elapsed < 1.0
    assert not Campaign.objects.exists()
