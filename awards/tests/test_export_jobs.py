"""Issue 17 item 3: a register export over THIDUA_EXPORT_BACKGROUND_ROWS rows is written in a
background job (rows streamed into a write-only workbook), its progress shown, its file read back."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from awards.tests.factories import AwardRecordFactory, HouseholdFactory, PersonFactory, UnitFactory, kind
from awards.tests.test_views import _mixed_batch
from core.excel import export_job_run
from core.models import ExportJob

pytestmark = pytest.mark.django_db
URL = reverse("awards:register")


@pytest.fixture
def office(root):
    return UnitFactory(name="Trường Tiểu học An Bình", parent=root)


def _read(response) -> list[tuple]:
    body = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(body), read_only=True).active.iter_rows(values_only=True))


def test_a_large_export_runs_as_a_job_and_its_file_holds_the_filtered_rows(
    client, secretariat, office, outsider, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_EXPORT_BACKGROUND_ROWS = 5
    for i in range(8):
        AwardRecordFactory(person=PersonFactory(full_name=f"Nguyễn Văn Số {i}", unit=office), year=2024)
    AwardRecordFactory(person=PersonFactory(full_name="Lê Thị Năm Khác", unit=office), year=2023)
    AwardRecordFactory(person=PersonFactory(full_name="Phạm Thị Ngoại"), year=2024)  # outside the tree
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(URL, {"year": "2024", "export": "xlsx"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?export=xlsx&job={job.pk}"
    assert (job.status, job.query, job.filename) == (
        ExportJob.Status.PENDING,
        "year=2024",
        "so-khen-thuong.xlsx",
    )
    waiting = client.get(URL, {"export": "xlsx", "job": job.pk}).content.decode()
    assert "Đang chờ" in waiting
    assert f'hx-get="?export=xlsx&amp;job={job.pk}"' in waiting
    assert client.get(URL, {"export": "xlsx", "job": job.pk, "download": "1"}).status_code == 404

    callbacks[0]()  # the worker's run (inline without a broker)
    job.refresh_from_db()
    assert (job.status, job.progress, job.row_count) == (ExportJob.Status.DONE, 100, 8)
    done = client.get(URL, {"export": "xlsx", "job": job.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "Tải tệp Excel (8 dòng)" in done
    assert "hx-get" not in done
    rows = _read(client.get(URL, {"export": "xlsx", "job": job.pk, "download": "1"}))
    assert rows[0][:5] == ("Họ tên / Tên tập thể", "Đối tượng", "Đơn vị", "Danh hiệu, hình thức", "Năm")
    assert sorted(r[0] for r in rows[1:]) == sorted(f"Nguyễn Văn Số {i}" for i in range(8))
    assert {r[2] for r in rows[1:]} == {"Trường Tiểu học An Bình"}
    assert {r[4] for r in rows[1:]} == {2024}

    client.force_login(outsider)  # another user's job is not found
    assert client.get(URL, {"export": "xlsx", "job": job.pk, "download": "1"}).status_code == 404


def test_a_small_export_is_still_answered_at_once(client, secretariat, office, settings):
    settings.THIDUA_EXPORT_BACKGROUND_ROWS = 5
    for i in range(5):
        AwardRecordFactory(person=PersonFactory(full_name=f"Nguyễn Văn Số {i}", unit=office))
    client.force_login(secretariat)
    response = client.get(URL, {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 6
    assert not ExportJob.objects.exists()


def _job_queries(client, secretariat) -> int:
    client.force_login(secretariat)
    client.get(URL, {"export": "xlsx"})
    job = ExportJob.objects.latest("pk")
    with CaptureQueriesContext(connection) as queries:
        export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    return len(queries), job.row_count


def test_the_export_job_reads_the_rows_in_a_constant_number_of_queries(
    client, secretariat, office, root, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_EXPORT_BACKGROUND_ROWS = 2
    _mixed_batch(6, office, root)
    with django_capture_on_commit_callbacks(execute=False):
        few, n_few = _job_queries(client, secretariat)
    _mixed_batch(30, office, root)
    with django_capture_on_commit_callbacks(execute=False):
        many, n_many = _job_queries(client, secretariat)
    assert (n_few, n_many) == (6, 36)
    assert many == few


def test_household_and_collective_rows_are_named(
    client, secretariat, office, root, settings, django_capture_on_commit_callbacks
):
    settings.THIDUA_EXPORT_BACKGROUND_ROWS = 1
    AwardRecordFactory(
        person=None,
        household=HouseholdFactory(village=office, head_name="Lò Văn Hộ"),
        award_kind=kind("cultural_family"),
    )
    AwardRecordFactory(
        person=None,
        collective=UnitFactory(parent=root, name="Tổ Văn phòng"),
        award_kind=kind("advanced_collective"),
    )
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):  # no broker: the job runs at commit
        job_url = client.get(URL, {"export": "xlsx"})["Location"]
    job = ExportJob.objects.get()
    assert job_url.endswith(f"job={job.pk}")
    rows = _read(client.get(URL, {"export": "xlsx", "job": job.pk, "download": "1"}))
    assert {(r[0], r[1]) for r in rows[1:]} == {("Hộ Lò Văn Hộ", "Hộ gia đình"), ("Tổ Văn phòng", "Tập thể")}
