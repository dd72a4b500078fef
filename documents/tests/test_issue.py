"""Issuing: numbering, one stored render and its hash, immutability at every layer, corrections."""

import datetime
import hashlib
import io

import pdfplumber
import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEntry
from documents.models import Annulment, ImmutableRowError, IssuedDocument
from documents.services import document_annul, document_correct, document_issue

pytestmark = pytest.mark.django_db


def _text(document: IssuedDocument) -> str:
    with document.file.open("rb") as f, pdfplumber.open(io.BytesIO(f.read())) as pdf:
        return "\n".join(p.extract_text() for p in pdf.pages)


def test_issue_numbers_renders_stores_and_hashes(secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    document.refresh_from_db()
    assert document.number == 1
    assert document.symbol == "01/QĐ-UBND"
    with document.file.open("rb") as f:
        stored = f.read()
    assert stored.startswith(b"%PDF")
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    text = _text(document)
    assert "Số: 01/QĐ-UBND" in text
    assert "Tam Đường, ngày 05 tháng 01 năm 2026" in text
    assert f"Mã xác minh: {document.verification_code}" in text
    assert (
        AuditEntry.objects.filter(action="documents.document.issued", target_id=str(document.pk)).count() == 1
    )


def test_numbers_run_per_register_and_restart_each_year(secretariat, issue_kwargs):
    first = document_issue(by=secretariat, **issue_kwargs)
    second = document_issue(by=secretariat, **issue_kwargs)
    council = document_issue(by=secretariat, **{**issue_kwargs, "series": "council", "issuer_code": "HĐTĐKT"})
    report = document_issue(
        by=secretariat,
        **{**issue_kwargs, "doc_type": "bao_cao", "template_name": "documents/pdf/report.html"},
    )
    next_year = document_issue(by=secretariat, **{**issue_kwargs, "date": datetime.date(2027, 1, 4)})
    assert [first.number, second.number, council.number, report.number, next_year.number] == [1, 2, 1, 1, 1]
    assert council.symbol == "01/QĐ-HĐTĐKT"
    assert report.symbol == "01/BC-UBND"
    assert next_year.year == 2027


def test_letter_symbol_has_no_type_abbreviation(secretariat, issue_kwargs):
    kwargs = {**issue_kwargs, "doc_type": "cong_van", "template_name": "documents/pdf/letter.html"}
    with pytest.raises(ValidationError):
        document_issue(by=secretariat, **kwargs)
    letter = document_issue(
        by=secretariat, drafting_unit_code="VP", **{**kwargs, "subject": "đôn đốc gửi hồ sơ khen thưởng"}
    )
    assert letter.symbol == "01/UBND-VP"
    text = _text(letter)
    assert "V/v đôn đốc gửi hồ sơ khen thưởng" in text
    assert "CÔNG VĂN" not in text


def test_model_refuses_save_and_delete(secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    document.subject = "Sửa trái phép"
    with pytest.raises(ImmutableRowError):
        document.save()
    with pytest.raises(ImmutableRowError):
        document.delete()
    document.refresh_from_db()
    assert document.subject == issue_kwargs["subject"]


def test_database_refuses_raw_update_and_delete(secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE documents_issueddocument SET subject = %s WHERE id = %s", ["x", document.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_issueddocument WHERE id = %s", [document.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    annulment = document_annul(by=secretariat, document=document, legal_ground="Căn cứ Điều 9 Luật …")
    with pytest.raises(DatabaseError), transaction.atomic():
        Annulment.objects.filter(pk=annulment.pk).update(legal_ground="x")
    document.refresh_from_db()
    assert document.subject == issue_kwargs["subject"]


def test_admin_is_read_only(secretariat, issue_kwargs, client, django_user_model):
    document = document_issue(by=secretariat, **issue_kwargs)
    model_admin = admin.site._registry[IssuedDocument]
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.create_superuser("root", password="x")
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, document)
    assert not model_admin.has_delete_permission(request, document)
    client.force_login(request.user)
    response = client.post(
        reverse("admin:documents_issueddocument_delete", args=[document.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert IssuedDocument.objects.filter(pk=document.pk).exists()


def test_correction_supersedes_and_status_is_derived(secretariat, issue_kwargs):
    original = document_issue(by=secretariat, **issue_kwargs)
    correction = document_correct(
        by=secretariat,
        document=original,
        date=datetime.date(2026, 1, 9),
        subject="Về việc tặng Giấy khen (thay thế Quyết định số 01/QĐ-UBND)",
    )
    original = IssuedDocument.objects.get(pk=original.pk)
    assert correction.supersedes == original
    assert correction.version == 2
    assert correction.number == 2
    assert original.status == IssuedDocument.Status.SUPERSEDED
    assert correction.status == IssuedDocument.Status.VALID
    with pytest.raises(ValidationError):
        document_correct(by=secretariat, document=original, date=datetime.date(2026, 1, 10))


def test_annulment_needs_a_legal_ground_and_happens_once(secretariat, issue_kwargs):
    document = document_issue(by=secretariat, **issue_kwargs)
    with pytest.raises(ValidationError):
        document_annul(by=secretariat, document=document, legal_ground="  ")
    document_annul(by=secretariat, document=document, legal_ground="Quyết định số 09/QĐ-UBND hủy bỏ")
    with pytest.raises(ValidationError):
        document_annul(by=secretariat, document=document, legal_ground="lần hai")
    document = IssuedDocument.objects.get(pk=document.pk)
    assert document.status == IssuedDocument.Status.ANNULLED
    assert AuditEntry.objects.filter(action="documents.document.annulled").count() == 1


def test_user_text_is_nfc_normalised(secretariat, issue_kwargs):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Về việc tặng Giấy khen cho ông Sùng Lữ Páo")
    document = document_issue(by=secretariat, **{**issue_kwargs, "subject": nfd})
    assert document.subject == unicodedata.normalize("NFC", nfd)
    assert unicodedata.normalize("NFC", nfd) in " ".join(_text(document).split())


def test_source_is_a_generic_relation(secretariat, issue_kwargs, django_user_model):
    source = django_user_model.objects.create_user("nguon", password="x")  # any model instance
    document = document_issue(by=secretariat, source=source, **issue_kwargs)
    assert IssuedDocument.objects.get(pk=document.pk).source == source
