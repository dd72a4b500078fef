"""OCR of a scanned upload through a REAL Celery worker (subprocess) on Redis: the task runs in the
background, writes its progress and the text beside the stored upload, and a second run is a no-op.
Set THIDUA_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/5)."""

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from campaigns import selectors, services
from campaigns.extraction import ocr_available
from campaigns.tasks import ocr_launch_import_task
from campaigns.tests.variants import to_pdf, to_scanned_pdf
from reports.tests.test_worker import broker, workers  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.worker,
    pytest.mark.real_clock("a real Celery worker subprocess reads the wall clock"),
]

S1 = Path(__file__).parent / "fixtures" / "cases" / "S1.txt"


def test_ocr_runs_in_a_real_worker_with_progress(broker, workers, monkeypatch):  # noqa: F811
    if not ocr_available():
        pytest.fail(
            "OCR is not installed: apt-get install ocrmypdf tesseract-ocr tesseract-ocr-vie", pytrace=False
        )
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(settings.MEDIA_ROOT))
    key = default_storage.save(
        "launch-imports/worker/scan.pdf", ContentFile(to_scanned_pdf(to_pdf(S1.read_text())))
    )
    services.launch_import_ocr_start(key=key, by=SimpleNamespace(pk=7))
    worker = workers()
    ocr_launch_import_task.delay(key)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        status = selectors.launch_import_ocr_status(key)
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status == {"state": "done", "done": 1, "total": 1, "user": 7, "error": ""}, worker.text()[-2000:]
    assert "KẾ HOẠCH" in selectors.launch_import_ocr_text(key)

    written = Path(default_storage.path(f"{key}.ocr.txt")).stat().st_mtime_ns
    ocr_launch_import_task.delay(key)  # idempotent: the text is there, nothing runs again
    worker.wait_for_log("succeeded", timeout=60, count=2)
    assert Path(default_storage.path(f"{key}.ocr.txt")).stat().st_mtime_ns == written
    assert selectors.launch_import_ocr_status(key)["state"] == "done"
