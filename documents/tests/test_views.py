"""Staff pages: allowed for the secretariat and administrators, 404 for anyone else."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import DocumentDraft, IssuedDocument, RenderJob
from documents.services import document_issue, draft_create, draft_submit, render_job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(secretariat, issue_kwargs):
    kwargs = {
        k: v for k, v in issue_kwargs.items() if k not in ("doc_type", "date", "template_name", "context")
    }
    return draft_create(
        by=secretariat,
        doc_type="quyet_dinh",
        title="Dự thảo Quyết định khen thưởng phong trào nông thôn mới",
        context=issue_kwargs["context"],
        issue_kwargs={**kwargs, "date": "2026-01-05"},
    )


def submit_and_sign_prepare(draft, secretariat, doc_signer):
    return draft_submit(by=secretariat, draft=draft, signer=doc_signer, signer_title="Chủ tịch")


@pytest.fixture
def big_draft(secretariat, draft):
    from documents.samples import decision_context

    return draft_create(
        by=secretariat,
        doc_type="quyet_dinh",
        title="Quyết định kèm danh sách dài",
        context=decision_context(120),
        issue_kwargs=draft.issue_kwargs,
    )


@pytest.fixture
def issued(secretariat, issue_kwargs):
    return document_issue(by=secretariat, **issue_kwargs)


def _urls(draft, issued, job):
    return [
        ("get", reverse("documents:issued-list")),
        ("get", reverse("documents:issued-detail", args=[issued.pk])),
        ("get", reverse("documents:issued-download", args=[issued.pk])),
        ("get", reverse("documents:draft-list")),
        ("get", reverse("documents:draft-detail", args=[draft.pk])),
        ("get", reverse("documents:draft-html", args=[draft.pk])),
        ("get", reverse("documents:draft-pdf", args=[draft.pk])),
        ("post", reverse("documents:draft-render", args=[draft.pk])),
        ("post", reverse("documents:draft-transition", args=[draft.pk, "issued"])),
        ("get", reverse("documents:job-detail", args=[job.pk])),
        ("get", reverse("documents:job-download", args=[job.pk])),
    ]


@pytest.fixture
def job(secretariat, draft):
    return RenderJob.objects.create(draft=draft, requested_by=secretariat)


def test_every_staff_view_is_404_for_other_roles(client, unit_clerk, draft, issued, job):
    client.force_login(unit_clerk)
    for method, url in _urls(draft, issued, job):
        if url == reverse("documents:issued-list"):
            # Unit staff have a list: the documents addressed to their unit (none here).
            assert issued.symbol not in client.get(url).content.decode()
            continue
        assert getattr(client, method)(url).status_code == 404, url
    assert not DocumentDraft.objects.get(pk=draft.pk).issued_document_id
    assert RenderJob.objects.count() == 1


def test_every_staff_view_needs_login(client, draft, issued, job):
    for method, url in _urls(draft, issued, job):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert reverse("login") in response["Location"]


@pytest.mark.parametrize("who", ["secretariat", "admin_user"])
def test_staff_can_read_every_page(client, request, who, draft, issued):
    client.force_login(request.getfixturevalue(who))
    for name, args in [
        ("documents:issued-list", []),
        ("documents:issued-detail", [issued.pk]),
        ("documents:draft-list", []),
        ("documents:draft-detail", [draft.pk]),
        ("documents:draft-html", [draft.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    download = client.get(reverse("documents:issued-download", args=[issued.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "no-store" in download["Cache-Control"]


def test_issued_file_changed_on_disk_is_refused_and_logged(client, secretariat, issued, caplog):
    from core.models import AuditEntry

    path = issued.file.path
    with open(path, "r+b") as f:
        f.seek(-20, 2)
        f.write(b"% tampered         ")
    client.force_login(secretariat)
    with caplog.at_level("ERROR", logger="documents.http"):
        response = client.get(reverse("documents:issued-download", args=[issued.pk]))
    assert response.status_code == 409
    assert b"%PDF" not in response.content
    assert "không khớp với mã băm" in response.content.decode()
    assert "integrity check failed" in caplog.text
    entry = AuditEntry.objects.get(action="documents.issued.integrity_failed")
    assert entry.target_id == str(issued.pk)


def test_issued_list_searches_without_diacritics(client, secretariat, issue_kwargs):
    document_issue(
        by=secretariat, **{**issue_kwargs, "subject": "Về việc tặng Giấy khen phong trào Dân vận khéo"}
    )
    document_issue(by=secretariat, **{**issue_kwargs, "subject": "Về việc khen thưởng thi đua nông thôn mới"})
    client.force_login(secretariat)
    html = client.get(reverse("documents:issued-list"), {"q": "dan van kheo"}).content.decode()
    assert "Dân vận khéo" in html
    assert "nông thôn mới" not in html
    html = client.get(reverse("documents:issued-list"), {"q": "02/QĐ"}).content.decode()
    assert "nông thôn mới" in html


def _bare_documents(count: int, by, start: int):
    for n in range(start, start + count):
        IssuedDocument.objects.create(
            doc_type="quyet_dinh",
            year=2026,
            number=n,
            symbol=f"{n:02d}/QĐ-UBND",
            date=datetime.date(2026, 1, 5),
            place="Tam Đường",
            issuer_code="UBND",
            issuer_name="UBND huyện",
            subject=f"Văn bản {n}",
            signer_name="Sùng Lữ Páo",
            signer_title="Chủ tịch",
            template_name="x",
            file=ContentFile(b"%PDF-1.7", name=f"{n}.pdf"),
            sha256="0" * 64,
            verification_code=f"C{n:07d}",
            issued_by=by,
        )


def test_issued_list_query_count_does_not_grow(client, secretariat):
    client.force_login(secretariat)
    url = reverse("documents:issued-list")
    client.get(url)
    _bare_documents(3, secretariat, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _bare_documents(40, secretariat, 100)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_draft_pdf_is_watermarked(client, secretariat, draft):
    import io

    import pdfplumber

    client.force_login(secretariat)
    response = client.get(reverse("documents:draft-pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        assert "".join(c["text"] for c in pdf.pages[0].chars if c["size"] > 30) == "BẢN NHÁP"
        assert "Số:" in pdf.pages[0].extract_text()
    assert not IssuedDocument.objects.exists()


def test_draft_html_preview_loads_fonts_from_static_not_from_the_server_disk(
    client, secretariat, draft, tmp_path
):
    """The browser preview must not name file:// URLs (blocked, and they leak a server path)."""
    client.force_login(secretariat)
    response = client.get(reverse("documents:draft-html", args=[draft.pk]))
    html = response.content.decode()
    assert "file://" not in html
    assert "url('/static/fonts/liberation/LiberationSerif-Regular.ttf')" in html
    assert "font-src 'self'" in response["Content-Security-Policy"]
    # the PDF still embeds the bundled fonts, loaded from the disk
    from documents.pdfcheck import pdf_fonts

    path = tmp_path / "draft.pdf"
    path.write_bytes(client.get(reverse("documents:draft-pdf", args=[draft.pk])).content)
    fonts = pdf_fonts(str(path))
    assert fonts
    assert all("Liberation-Serif" in name and embedded == "yes" for name, embedded in fonts)


def test_issue_action_issues_once(client, secretariat, doc_signer, draft):
    submit_and_sign_prepare(draft, secretariat, doc_signer)
    client.force_login(doc_signer)
    url = reverse("documents:draft-transition", args=[draft.pk, "issued"])
    assert url in client.get(reverse("documents:draft-detail", args=[draft.pk])).content.decode()
    assert client.get(url).status_code == 405
    unconfirmed = client.post(url)
    assert "Đánh dấu xác nhận trước khi thực hiện." in unconfirmed.content.decode()
    assert not IssuedDocument.objects.exists()
    response = client.post(url, {"confirm": "on"})
    document = IssuedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert DocumentDraft.objects.get(pk=draft.pk).issued_document == document
    client.post(reverse("documents:draft-transition", args=[draft.pk, "issued"]), {"confirm": "on"})
    assert IssuedDocument.objects.count() == 1


def test_long_render_runs_as_a_job_with_progress(
    client, secretariat, big_draft, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:draft-render", args=[big_draft.pk]))
    job = RenderJob.objects.get()
    assert response["Location"] == reverse("documents:job-detail", args=[job.pk])
    assert job.status == RenderJob.Status.DONE
    assert job.progress == 100
    render_job_run(job_id=job.pk)  # delivered again by the broker: a finished job is left alone
    assert RenderJob.objects.values_list("status", "updated_at").get() == (job.status, job.updated_at)
    fragment = client.get(reverse("documents:job-detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "Hoàn thành" in fragment.content.decode()
    assert "hx-trigger" not in fragment.content.decode()  # finished: polling stops
    pdf = client.get(reverse("documents:job-download", args=[job.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_pending_job_page_polls(client, secretariat, draft):
    job = RenderJob.objects.create(draft=draft, requested_by=secretariat)
    client.force_login(secretariat)
    html = client.get(reverse("documents:job-detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "Đang chờ" in html


def test_issuing_a_long_draft_runs_as_a_job(
    client, secretariat, doc_signer, big_draft, django_capture_on_commit_callbacks
):
    submit_and_sign_prepare(big_draft, secretariat, doc_signer)
    client.force_login(doc_signer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("documents:draft-transition", args=[big_draft.pk, "issued"]), {"confirm": "on"})
    job = RenderJob.objects.get()
    assert job.kind == RenderJob.Kind.ISSUE
    assert job.status == RenderJob.Status.DONE
    assert job.issued_document.symbol == "01/QĐ-UBND"


def test_draft_list_query_count_does_not_grow(client, secretariat, draft):
    client.force_login(secretariat)
    url = reverse("documents:draft-list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        draft_create(
            by=secretariat,
            doc_type="bao_cao",
            title=f"Báo cáo {n}",
            context={"paragraphs": ["…"]},
            issue_kwargs={"subject": "…"},
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(url, {"q": "bao cao"}).content.decode()
    assert len(many) == len(few)
    assert "Báo cáo 29" in html
    assert "Dự thảo Quyết định" not in html
