"""Issuing without waiting in line (issue 15 §11): the register's row lock is held only while a
number is taken. The numbering step is a durable transaction, so no caller can hold it inside
its own; a draft is numbered and rendered between two short transactions of its own."""

import threading
import time

import pytest
from django.db import connection, transaction

from documents import services as documents_services
from documents.models import DocumentDraft, IssuedDocument, NumberReservation
from documents.services import document_issue, draft_create, draft_issue, draft_submit


def _plan(by, subject: str) -> DocumentDraft:
    return draft_create(
        by=by,
        doc_type="ke_hoach",
        title=subject,
        context={"sections": [{"heading": "I. MỤC ĐÍCH", "paragraphs": ["Phát động thi đua."]}]},
        issue_kwargs={
            "issuer_code": "UBND",
            "issuer_name": "Ủy ban nhân dân huyện Tam Đường",
            "place": "Tam Đường",
            "subject": subject,
            "signer_name": "",
            "signer_title": "Chủ tịch",
            "signing_capacity": "TM.",
            "signing_for": "Ủy ban nhân dân",
        },
    )


def _submitted(secretariat, signer, subject: str) -> DocumentDraft:
    return draft_submit(
        by=secretariat, draft=_plan(secretariat, subject), signer=signer, signer_title="Chủ tịch"
    )


@pytest.mark.django_db
def test_numbering_refuses_to_run_inside_a_callers_transaction(secretariat, issue_kwargs):
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        document_issue(by=secretariat, **issue_kwargs)
    assert not NumberReservation.objects.exists()
    assert document_issue(by=secretariat, **issue_kwargs).number == 1  # outside: fine


@pytest.mark.django_db
def test_a_draft_whose_render_failed_keeps_its_number_for_the_retry(monkeypatch, secretariat, doc_signer):
    first = _submitted(secretariat, doc_signer, "Kế hoạch thứ nhất")
    second = _submitted(secretariat, doc_signer, "Kế hoạch thứ hai")
    real_render = documents_services.render_pdf

    def broken(*args, **kwargs):
        raise OSError("font cache unavailable")

    monkeypatch.setattr(documents_services, "render_pdf", broken)
    with pytest.raises(OSError, match="font cache"):
        draft_issue(by=doc_signer, draft=first)
    monkeypatch.setattr(documents_services, "render_pdf", real_render)
    first.refresh_from_db()
    assert (first.status, first.issued_document_id) == (DocumentDraft.Status.SUBMITTED, None)
    reservation = NumberReservation.objects.get(doc_type="ke_hoach")
    assert (reservation.number, reservation.source_id, reservation.purpose) == (1, str(first.pk), "draft")
    assert draft_issue(by=doc_signer, draft=second).number == 2  # issued meanwhile
    assert draft_issue(by=doc_signer, draft=first).number == 1  # the retry renders its number
    assert sorted(IssuedDocument.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_a_draft_rendering_does_not_hold_up_another_issue_of_the_register(
    monkeypatch, secretariat, doc_signer
):
    slow_draft = _submitted(secretariat, doc_signer, "Kế hoạch dài")
    quick_draft = _submitted(secretariat, doc_signer, "Kế hoạch ngắn")
    rendering, release = threading.Event(), threading.Event()
    real_render = documents_services.render_pdf
    slow_thread, errors = [], []

    def render(*args, **kwargs):
        if threading.current_thread() in slow_thread:
            rendering.set()
            assert release.wait(30), "the test never released the slow render"
        return real_render(*args, **kwargs)

    def issue_slowly():
        try:
            draft_issue(by=doc_signer, draft=slow_draft)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    monkeypatch.setattr(documents_services, "render_pdf", render)
    slow = threading.Thread(target=issue_slowly)
    slow_thread.append(slow)
    slow.start()
    try:
        assert rendering.wait(30)  # the slow draft has its number and is rendering...
        started = time.monotonic()
        quick = draft_issue(by=doc_signer, draft=quick_draft)  # ...the other one does not wait
        assert time.monotonic() - started < 10
    finally:
        release.set()
        slow.join(60)
    assert errors == []
    slow_draft.refresh_from_db()
    assert (slow_draft.issued_document.number, quick.number) == (1, 2)
