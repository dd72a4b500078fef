"""Separation of duties (issue 10 item 5): the secretariat drafts and submits for signature; only
the signer it was submitted to issues, on the day it signs; the signer's home lists what waits."""

import datetime
import io

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.roles import Role
from documents.models import DocumentDraft, IssuedDocument
from documents.services import draft_issue, draft_return, draft_submit
from documents.tests.conftest import _user_with_role
from documents.tests.helpers import plan_draft
from units.selectors import forget_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(secretariat):
    return plan_draft(by=secretariat, signer_name="", date="2026-01-05")


def _text(document) -> str:
    with document.file.open("rb") as fh:
        data = fh.read()
    return " ".join(" ".join(p.extract_text() or "" for p in pdfplumber.open(io.BytesIO(data)).pages).split())


def test_secretariat_and_admin_cannot_issue_in_the_chairs_name(secretariat, admin_user, doc_signer, plan):
    for user in (secretariat, admin_user, doc_signer):  # the doc_signer too, before it is submitted
        with pytest.raises(ValidationError, match="Chỉ người ký"):
            draft_issue(by=user, draft=plan)
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    for user in (secretariat, admin_user):
        with pytest.raises(ValidationError, match="Chỉ người ký"):
            draft_issue(by=user, draft=plan)
    assert not IssuedDocument.objects.exists()


def test_only_the_chosen_signer_issues(secretariat, doc_signer, plan):
    other_chair = _user_with_role("phochutich", Role.CHAIR)
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    with pytest.raises(ValidationError, match="Chỉ người ký"):
        draft_issue(by=other_chair, draft=plan)
    document = draft_issue(by=doc_signer, draft=plan)
    assert document.signer_name == doc_signer.full_name
    assert DocumentDraft.objects.get(pk=plan.pk).status == DocumentDraft.Status.ISSUED


def test_submit_needs_a_signer_of_the_unit_and_not_oneself(secretariat, unit_clerk, plan):
    with pytest.raises(ValidationError, match="thẩm quyền ký"):
        draft_submit(by=secretariat, draft=plan, signer=unit_clerk, signer_title="Chủ tịch")
    from units.models import RoleGrant

    grant = RoleGrant.objects.get(user=secretariat)
    RoleGrant.objects.create(user=secretariat, unit=grant.unit, role=Role.CHAIR, valid_from=grant.valid_from)
    forget_grants(secretariat)
    with pytest.raises(ValidationError, match="không tự ký"):
        draft_submit(by=secretariat, draft=plan, signer=secretariat, signer_title="Chủ tịch")
    assert DocumentDraft.objects.get(pk=plan.pk).status == DocumentDraft.Status.DRAFT


@pytest.mark.time_machine("2026-03-20 10:00:00+07:00")
def test_date_of_issue_is_the_signing_day(secretariat, doc_signer, plan):
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    document = draft_issue(by=doc_signer, draft=plan)
    assert document.date == datetime.date(2026, 3, 20)
    text = _text(document)
    assert "Tam Đường, ngày 20 tháng 3 năm 2026" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert document.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_deputy_signs_a_collective_document_kt(secretariat, doc_signer, plan, client):
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Phó Chủ tịch")
    document = draft_issue(by=doc_signer, draft=plan)
    text = _text(document)
    assert "TM. ỦY BAN NHÂN DÂN" in text
    assert "KT. CHỦ TỊCH" in text
    assert "PHÓ CHỦ TỊCH" in text
    assert document.signature_lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    client.force_login(secretariat)
    html = client.get(reverse("documents:issued-detail", args=[document.pk])).content.decode()
    assert "TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH<br>" in html


def test_signer_home_lists_what_waits_and_the_signer_returns_or_signs(client, secretariat, doc_signer, plan):
    client.force_login(secretariat)
    client.post(
        reverse("documents:draft-transition", args=[plan.pk, "submitted"]),
        {"signer": doc_signer.pk, "signer_title": "Chủ tịch"},
    )
    client.force_login(doc_signer)
    home = client.get(reverse("home")).content.decode()
    assert "Kế hoạch phát động thi đua năm 2026" in home
    page = client.get(reverse("documents:draft-detail", args=[plan.pk])).content.decode()
    assert "Ký ban hành" in page
    client.post(reverse("documents:draft-transition", args=[plan.pk, "draft"]), {"note": "Sửa mục I"})
    plan.refresh_from_db()
    assert plan.status == DocumentDraft.Status.DRAFT
    assert plan.return_note == "Sửa mục I"
    assert "Kế hoạch phát động" not in client.get(reverse("home")).content.decode()
    client.post(reverse("documents:draft-transition", args=[plan.pk, "issued"]), {"confirm": "on"})
    assert not IssuedDocument.objects.exists()
    with pytest.raises(ValidationError):
        draft_return(by=doc_signer, draft=plan, note="x")
    client.force_login(secretariat)
    assert "Sửa mục I" in client.get(reverse("documents:draft-detail", args=[plan.pk])).content.decode()
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    client.force_login(doc_signer)
    client.post(reverse("documents:draft-transition", args=[plan.pk, "issued"]), {"confirm": "on"})
    assert IssuedDocument.objects.get().doc_type == "ke_hoach"
    assert "Kế hoạch phát động" not in client.get(reverse("home")).content.decode()


def test_a_signer_reads_drafts_but_signs_only_what_is_submitted_to_it(client, secretariat, doc_signer, plan):
    client.force_login(doc_signer)
    page = client.get(reverse("documents:draft-detail", args=[plan.pk])).content.decode()
    assert "Ký ban hành" not in page
    assert (
        client.post(reverse("documents:draft-transition", args=[plan.pk, "draft"]), {"note": "x"}).status_code
        == 403
    )
    assert client.post(reverse("documents:draft-transition", args=[plan.pk, "submitted"])).status_code == 403
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    assert "Ký ban hành" in client.get(reverse("documents:draft-detail", args=[plan.pk])).content.decode()


def test_edited_sections_are_versioned_and_reach_the_issued_pdf(
    client, secretariat, doc_signer, plan, unit_clerk
):
    url = reverse("documents:draft-edit", args=[plan.pk])
    client.force_login(secretariat)
    page = client.get(url).content.decode()
    assert "I. MỤC ĐÍCH, YÊU CẦU" in page
    data = {
        "version": "0",
        "heading": ["I. MỤC ĐÍCH, YÊU CẦU", "II. TỔ CHỨC THỰC HIỆN"],
        "body": ["Phát động thi đua sâu rộng.\r\nKhen thưởng kịp thời.", "Giao Văn phòng theo dõi, đôn đốc."],
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "body": ["Sửa đè", ""]})
    assert stale.status_code == 200  # the form again, with the message
    assert "vừa được người khác sửa" in stale.content.decode()
    assert "Sửa đè" in stale.content.decode()  # the form keeps what was typed
    plan.refresh_from_db()
    assert [v.number for v in plan.versions.all()] == [2, 1]
    assert plan.context["sections"][1] == {
        "heading": "II. TỔ CHỨC THỰC HIỆN",
        "html": "<p>Giao Văn phòng theo dõi, đôn đốc.</p>",
    }
    client.force_login(unit_clerk)
    assert client.get(url).status_code == 404
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    client.force_login(secretariat)
    assert client.get(url).status_code == 404  # submitted: no more edits
    document = draft_issue(by=doc_signer, draft=plan)
    text = _text(document)
    assert "Khen thưởng kịp thời." in text
    assert "II. TỔ CHỨC THỰC HIỆN" in text
