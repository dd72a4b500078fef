"""Issue 17 item 3: an import keeps its rows in an ImportJob (not the session), previews them page
by page, and a large file is committed in a background job whose progress the page shows."""

from io import BytesIO

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from core.importing import import_job_progress, import_job_run
from core.models import ImportJob, ImportJobRow
from units.models import Person

pytestmark = pytest.mark.django_db

UNIT = "Ủy ban nhân dân xã Bình Lư"  # the jurisdiction fixture's commune_a
URL = reverse("units:people-import")


def _people_file(n: int, *, bad_rows=()) -> BytesIO:
    """A people file of `n` rows, written as offices do (title row above the header); the rows in
    `bad_rows` (1-based) have a gender nobody can read."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("DS")
    ws.append(["DANH SÁCH CÁN BỘ"])
    ws.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị"])
    for i in range(1, n + 1):
        gender = "Không rõ" if i in bad_rows else ("Nam" if i % 2 else "Nữ")
        ws.append([f"Nguyễn Văn Số {i}", gender, "15/03/1990", f"0010{i:08d}", UNIT])
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "ds.xlsx"
    return buf


def test_the_session_holds_only_the_job_and_the_preview_is_paged(client, secretariat):
    client.force_login(secretariat)
    html = client.post(URL, {"file": _people_file(250, bad_rows=[240])}).content.decode()
    job = ImportJob.objects.get(requested_by=secretariat)
    assert (job.row_count, job.error_count) == (250, 1)
    assert ImportJobRow.objects.filter(job=job).count() == 250
    assert "people_import_rows" not in client.session  # a file with errors cannot be confirmed
    assert "Có 1 dòng lỗi." in html
    assert "Nguyễn Văn Số 1<" in html
    assert "Nguyễn Văn Số 200<" in html
    assert "Nguyễn Văn Số 201<" not in html  # page 2
    assert "Trang 1/2" in html
    page2 = client.get(URL, {"job": job.pk, "page": 2}).content.decode()
    assert "Nguyễn Văn Số 201<" in page2
    assert "Nguyễn Văn Số 1<" not in page2
    errors = client.get(URL, {"job": job.pk, "errors": 1}).content.decode()
    assert "Giới tính “Không rõ” không hợp lệ" in errors
    assert "Nguyễn Văn Số 240<" in errors
    assert "Nguyễn Văn Số 239<" not in errors

    client.post(URL, {"file": _people_file(3)})
    valid = ImportJob.objects.get(requested_by=secretariat)  # the upload replaced the unconfirmed one
    assert client.session["people_import_rows"] == valid.pk
    assert ImportJobRow.objects.count() == 3


def test_a_preview_page_costs_the_same_queries_for_a_small_and_a_large_file(client, secretariat):
    client.force_login(secretariat)
    counts = []
    for n in (30, 450):
        client.post(URL, {"file": _people_file(n)})
        job = ImportJob.objects.get(requested_by=secretariat)
        client.get(URL, {"job": job.pk})
        with CaptureQueriesContext(connection) as queries:
            html = client.get(URL, {"job": job.pk, "page": 2 if n > 200 else 1}).content.decode()
        assert f"Tệp hợp lệ: {n} dòng sẵn sàng để nhập." in html
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_another_users_job_is_not_found(client, secretariat, unit_head_a):
    client.force_login(secretariat)
    client.post(URL, {"file": _people_file(3)})
    job = ImportJob.objects.get()
    client.force_login(unit_head_a)
    assert client.get(URL, {"job": job.pk}).status_code == 404


def test_a_small_file_is_still_written_in_the_request(client, secretariat, settings):
    settings.THIDUA_IMPORT_BACKGROUND_ROWS = 10
    client.force_login(secretariat)
    client.post(URL, {"file": _people_file(10)})
    response = client.post(URL, {"confirm": "1"}, follow=True)
    assert "Đã nhập 10 cá nhân." in response.content.decode()
    assert Person.objects.filter(full_name__startswith="Nguyễn Văn Số").count() == 10
    job = ImportJob.objects.get()
    assert (job.status, job.written_count, job.rows.count()) == (ImportJob.Status.DONE, 10, 0)


def test_a_large_file_is_committed_in_the_background_with_progress(
    client, secretariat, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_IMPORT_BACKGROUND_ROWS = 10
    client.force_login(secretariat)
    client.post(URL, {"file": _people_file(600)})
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(URL, {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?job={job.pk}"
    assert len(callbacks) == 1  # the task is queued once the request's transaction commits
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING
    assert not Person.objects.filter(full_name__startswith="Nguyễn Văn Số").exists()
    waiting = client.get(URL, {"job": job.pk}).content.decode()
    assert f'hx-get="?job={job.pk}"' in waiting
    assert "Đang chờ" in waiting

    seen = []
    real_set = cache.set

    def spy(key, value, *args, **kwargs):
        seen.append(value)
        return real_set(key, value, *args, **kwargs)

    cache.set = spy
    try:
        callbacks[0]()  # what the broker's worker runs (inline without a broker)
    finally:
        cache.set = real_set
    assert seen == [83, 99]  # 500, then 600 of 600 rows written, while the transaction was open

    job.refresh_from_db()
    assert (job.status, job.progress, job.written_count) == (ImportJob.Status.DONE, 100, 600)
    assert job.rows.count() == 0
    people = Person.objects.filter(full_name__startswith="Nguyễn Văn Số")
    assert people.count() == 600
    assert people.get(cccd="001000000600").unit.name == UNIT
    done = client.get(URL, {"job": job.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "Đã nhập 600 cá nhân." in done
    assert "hx-get" not in done

    import_job_run(job_id=job.pk)  # a second delivery of the task changes nothing
    assert people.count() == 600


def test_a_row_that_became_invalid_fails_the_job_and_writes_nothing(
    client, secretariat, jurisdiction, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_IMPORT_BACKGROUND_ROWS = 10
    client.force_login(secretariat)
    client.post(URL, {"file": _people_file(20)})
    Person.objects.create(
        full_name="Người khác", gender=Person.Gender.MALE, cccd="001000000017", unit=jurisdiction.commune_a
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"confirm": "1"})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert "1 dòng lỗi" in job.message
    assert not Person.objects.filter(full_name__startswith="Nguyễn Văn Số").exists()
    html = client.get(URL, {"job": job.pk}).content.decode()
    assert "Không nhập được; chưa có dữ liệu nào được ghi" in html


def test_a_running_job_shows_the_progress_its_commit_reported(secretariat):
    job = ImportJob.objects.create(
        requested_by=secretariat, scope="x", status=ImportJob.Status.RUNNING, progress=1
    )
    assert import_job_progress(job) == 1
    cache.set(f"import-job:{job.pk}:progress", 42)
    assert import_job_progress(job) == 42
