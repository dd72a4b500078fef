"""Who hears of a document draft's state changes (core.notifying): the signer when it is
submitted for signature (trình ký); whoever submitted it when it is returned or issued."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core import notifying
from documents.models import DocumentDraft
from documents.selectors import draft_list_for_user

S = DocumentDraft.Status
notifying.visibility("documents.documentdraft", lambda user: draft_list_for_user(user=user))


def _url(draft: DocumentDraft) -> str:
    return reverse("documents:draft-detail", args=[draft.pk])


@notifying.rule("documents.documentdraft", S.SUBMITTED, kind="documents.draft.submitted")
def _submitted(draft: DocumentDraft, data: dict) -> list[notifying.Notice]:
    title = _("Văn bản chờ ký: %(t)s") % {"t": draft.title}
    body = _("Trình ký: %(u)s.") % {"u": draft.submitted_by} if draft.submitted_by_id else ""
    return [notifying.Notice([draft.signer], title, _url(draft), draft, body=body)]


@notifying.rule("documents.documentdraft", S.DRAFT, kind="documents.draft.returned")
def _returned(draft: DocumentDraft, data: dict) -> list[notifying.Notice]:
    title = _("Dự thảo bị trả lại: %(t)s") % {"t": draft.title}
    people = [u for u in (draft.submitted_by, draft.created_by) if u is not None]
    return [notifying.Notice(people, title, _url(draft), draft, body=draft.return_note)]


@notifying.rule("documents.documentdraft", S.ISSUED, kind="documents.draft.issued")
def _issued(draft: DocumentDraft, data: dict) -> list[notifying.Notice]:
    doc = draft.issued_document
    title = _("Văn bản đã ký ban hành: %(t)s") % {"t": draft.title}
    body = _("Số, ký hiệu: %(s)s.") % {"s": doc.symbol} if doc else ""
    people = [u for u in (draft.submitted_by, draft.created_by) if u is not None]
    return [notifying.Notice(people, title, _url(draft), draft, body=body)]
