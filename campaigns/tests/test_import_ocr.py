"""Scanned launch documents: a seed rendered to an image-only PDF goes through OCR (OCRmyPDF +
Tesseract with Vietnamese data, Debian packages ocrmypdf, tesseract-ocr, tesseract-ocr-vie) in the
Celery task (eager in tests), with progress, and the review screen says the text came from OCR."""

import functools
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns import selectors, services
from campaigns.extraction import ocr_available
from campaigns.parsing import parse_launch_document
from campaigns.tests.seeds import seed_text
from campaigns.tests.test_parsing_seeds import EXPECTED
from campaigns.tests.variants import to_pdf, to_scanned_pdf


def _require_ocr():
    if not ocr_available():
        pytest.fail(
            "OCR is not installed: apt-get install ocrmypdf tesseract-ocr tesseract-ocr-vie", pytrace=False
        )


@functools.cache
def scanned_seed(prefix: str) -> bytes:
    return to_scanned_pdf(to_pdf(seed_text(prefix)))


@pytest.mark.django_db
def test_scanned_seed_imports_through_ocr_with_subject_and_targets(client, jurisdiction, secretariat):
    _require_ocr()
    client.force_login(secretariat)
    scan = scanned_seed("003")
    upload = SimpleUploadedFile("phat-dong-scan.pdf", scan, content_type="application/pdf")
    response = client.post(reverse("campaigns:campaign-import"), {"step": "parse", "file": upload})
    assert response.status_code == 302  # to the progress page; the eager task has already run
    key = response["Location"].split("ocr=")[1]
    from urllib.parse import unquote

    key = unquote(key)
    status = selectors.launch_import_ocr_status(key)
    assert status["state"] == "done"
    assert status["done"] == status["total"] == 5

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "nhận dạng bằng OCR" in html
    expected = EXPECTED["003"]
    text = selectors.launch_import_ocr_text(key)
    parsed = parse_launch_document(text)
    assert parsed["subject"] == expected["subject"]
    assert expected["subject"] in html
    right = [t for t in parsed["targets"] if t in expected["targets"]]
    assert len(right) >= 0.8 * len(expected["targets"]), [t for t in parsed["targets"] if t not in right]
    assert 'value="3.130,5"' in html


@pytest.mark.django_db
def test_ocr_page_of_another_user_is_not_found(client, jurisdiction, secretariat, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    key = default_storage.save("launch-imports/abc/scan.pdf", ContentFile(b"%PDF-1.4"))
    services.launch_import_ocr_start(key=key, by=secretariat)
    other = type(secretariat).objects.create_user(username="khac", password="x")
    client.force_login(other)
    assert client.get(reverse("campaigns:campaign-import"), {"ocr": key}).status_code in (403, 404)


@pytest.mark.django_db
def test_ocr_progress_page_and_idempotent_run(client, jurisdiction, secretariat):
    """While OCR runs the page shows pages done; a second run of the task does nothing."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    key = default_storage.save("launch-imports/def/scan.pdf", ContentFile(b"%PDF-1.4"))
    services.launch_import_ocr_start(key=key, by=secretariat)
    client.force_login(secretariat)
    page = client.get(reverse("campaigns:campaign-import"), {"ocr": key})
    assert page.status_code == 202
    assert "Đang chờ xử lý" in page.content.decode()

    def fake_ocr(data, progress=None):
        progress(1, 2)
        progress(2, 2)
        return "KẾ HOẠCH\nThi đua năm 2026\n"

    with mock.patch("campaigns.extraction.ocr_pdf_text", side_effect=fake_ocr) as ocr:
        services.launch_import_ocr_run(key=key)
        services.launch_import_ocr_run(key=key)
    assert ocr.call_count == 1
    assert selectors.launch_import_ocr_status(key) | {"user": None} == {
        "state": "done", "done": 2, "total": 2, "user": None, "error": "",
    }  # fmt: skip
    html = client.get(reverse("campaigns:campaign-import"), {"ocr": key}).content.decode()
    assert "Thi đua năm 2026" in html
    assert "nhận dạng bằng OCR" in html


@pytest.mark.django_db
def test_ocr_failure_is_told(client, jurisdiction, secretariat):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    key = default_storage.save("launch-imports/ghi/scan.pdf", ContentFile(b"%PDF-1.4"))
    services.launch_import_ocr_start(key=key, by=secretariat)
    with mock.patch(
        "campaigns.extraction.ocr_pdf_text",
        side_effect=ValidationError("Nhận dạng chữ (OCR) thất bại ở trang 1."),
    ):
        services.launch_import_ocr_run(key=key)
    client.force_login(secretariat)
    html = client.get(reverse("campaigns:campaign-import"), {"ocr": key}).content.decode()
    assert "thất bại ở trang 1" in html


def test_command_reads_a_scanned_pdf_through_ocr(tmp_path, capsys):
    from django.core.management import call_command

    _require_ocr()
    path = tmp_path / "S1-scan.pdf"
    s1 = (__import__("pathlib").Path(__file__).parent / "fixtures" / "cases" / "S1.txt").read_text()
    path.write_bytes(to_scanned_pdf(to_pdf(s1)))
    call_command("import_launch_document", str(path))
    out, err = capsys.readouterr()
    assert "OCR: trang 1/1" in err
    assert "nhận dạng bằng OCR" in err
    # Tesseract may read a capital "THI" as "THỊ"; the rest of the subject must be there
    assert "Trích yếu: TỔ CHỨC PHONG TRÀO TH" in out
    assert "ĐUA XÂY DỰNG XÃ VĂN MINH NĂM 2026" in out
    assert "Số, ký hiệu: 07/KH-UBND" in out


def test_too_many_pages_are_refused_before_ocr():
    from django.core.exceptions import ValidationError

    from campaigns import extraction

    pdf = to_pdf("KẾ HOẠCH\nThi đua năm 2026\n")
    with mock.patch.object(extraction, "OCR_MAX_PAGES", 0), pytest.raises(ValidationError) as caught:
        extraction.ocr_pdf_text(pdf)
    assert caught.value.code == "too_many_pages"


@pytest.mark.django_db
def test_task_over_its_time_limit_records_a_failure(secretariat):
    from celery.exceptions import SoftTimeLimitExceeded
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from campaigns.tasks import ocr_launch_import_task

    key = default_storage.save("launch-imports/jkl/scan.pdf", ContentFile(b"%PDF-1.4"))
    services.launch_import_ocr_start(key=key, by=secretariat)
    with mock.patch("campaigns.services.launch_import_ocr_run", side_effect=SoftTimeLimitExceeded()):
        ocr_launch_import_task.delay(key)
    status = selectors.launch_import_ocr_status(key)
    assert status["state"] == "failed"
    assert "quá lâu" in status["error"]
