"""Document drafts notify exactly the people who must act or should know (issue 16 item 2): the
signer when a draft waits for signature; whoever submitted it when it is returned or issued."""

import pytest
from django.urls import reverse

from core.models import AuditEntry, Notification
from documents.services import draft_issue, draft_return, draft_submit
from documents.tests.helpers import plan_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(secretariat):
    return plan_draft(by=secretariat, date="2026-01-05")


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def go(fn, **kw):
        Notification.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kw)

    return go


def _rows():
    return set(Notification.objects.values_list("recipient__username", "kind", "url"))


def test_waiting_for_signature_notifies_the_chosen_signer_once(secretariat, doc_signer, plan, run):
    run(draft_submit, by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    url = reverse("documents:draft-detail", args=[plan.pk])
    assert _rows() == {("chutich", "documents.draft.submitted", url)}
    assert Notification.objects.get().title == "Văn bản chờ ký: Kế hoạch phát động thi đua năm 2026"


def test_returned_notifies_the_submitter_with_the_note(secretariat, doc_signer, plan, run):
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    run(draft_return, by=doc_signer, draft=plan, note="Sửa mục I")
    note = Notification.objects.get()
    assert (note.recipient, note.kind, note.body) == (secretariat, "documents.draft.returned", "Sửa mục I")


def test_issued_notifies_the_submitter_once_and_is_audited(secretariat, doc_signer, plan, run):
    draft_submit(by=secretariat, draft=plan, signer=doc_signer, signer_title="Chủ tịch")
    document = run(draft_issue, by=doc_signer, draft=plan)
    url = reverse("documents:draft-detail", args=[plan.pk])
    assert _rows() == {("thuongtruc", "documents.draft.issued", url)}
    assert document.symbol in Notification.objects.get().body
    entry = AuditEntry.objects.get(action="documents.draft.issued")
    assert entry.data["from"] == "submitted"
    assert entry.data["to"] == "issued"
