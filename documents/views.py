"""Staff pages (secretariat, administrator) and the public verification page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView
from django_ratelimit.decorators import ratelimit

from core.forms import ConfirmForm
from core.views import PaginatedMixin, RoleRequiredMixin, Transition, TransitionView
from documents import permissions, selectors, services
from documents.forms import DraftDocxUploadForm, DraftReturnForm, DraftSubmitForm
from documents.http import issued_file_response
from documents.models import DocType, DocumentDraft, RenderJob
from documents.richtext import html_to_text, section_html, text_to_html
from units.permissions import ADDRESSEE_ROLES, DOCUMENT_ROLES

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Drafts bigger than this (annex rows + certificates) render in a background job.
LONG_RENDER_ROWS = 100


def draft_size(draft) -> int:
    ctx = draft.context or {}
    rows = sum(len(a.get("rows") or []) for a in ctx.get("annexes") or [])
    return rows + len(ctx.get("certificates") or [])


class StaffMixin(RoleRequiredMixin):
    """The desk and the signers of some issuing body; which documents they see: selectors."""

    required_roles = DOCUMENT_ROLES


def _verify_rate(group, request) -> str:
    return settings.THIDUA_VERIFY_RATE


@method_decorator(ratelimit(key="ip", rate=_verify_rate, method=ratelimit.ALL, block=False), name="get")
class VerifyView(View):
    """Public (no login): is this paper a genuine, valid document? Rate-limited per client IP
    (THIDUA_VERIFY_RATE, counted in the cache); shows only what the paper itself shows, a
    certificate's holder by initials (selectors.public_subject)."""

    def get(self, request, code):
        if getattr(request, "limited", False):
            return render(request, "documents/verify_limited.html", status=429)
        document = selectors.issued_document_get_by_code(code=code)
        if document is None:
            return render(request, "documents/verify_not_found.html", {"code": code[:16]}, status=404)
        return render(
            request,
            "documents/verify.html",
            {
                "document": document,
                "subject": selectors.public_subject(document),
                "later_decisions": selectors.later_decisions_of(document),
            },
        )


class AddresseeMixin(RoleRequiredMixin):
    """Issued documents: the desk and signers of some issuing body, and the staff of the units
    documents are addressed to (issue 10 item 3); which documents each sees: selectors."""

    required_roles = ADDRESSEE_ROLES


class IssuedListView(AddresseeMixin, PaginatedMixin, ListView):
    template_name = "documents/issued_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return selectors.issued_document_list_for_user(
            user=self.request.user, search=self.request.GET.get("q", "")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)


class IssuedDetailView(AddresseeMixin, View):
    def get(self, request, pk):
        document = selectors.issued_document_get_for_user(user=request.user, pk=pk)
        issuer_side = permissions.can_see_body(request.user, document.issuing_body)
        return render(
            request,
            "documents/issued_detail.html",
            {
                "document": document,
                "later_decisions": selectors.later_decisions_of(document),
                "issuer_side": issuer_side,
                "own_lines": [] if issuer_side else permissions.addressed_lines(request.user, document),
            },
        )


class IssuedDownloadView(AddresseeMixin, View):
    def get(self, request, pk):
        document = selectors.issued_document_get_for_user(user=request.user, pk=pk)
        filename = document.file.name.rsplit("/", 1)[-1]
        return issued_file_response(request, document, filename=filename)


class DraftListView(StaffMixin, PaginatedMixin, ListView):
    template_name = "documents/draft_list.html"
    context_object_name = "drafts"

    def get_queryset(self):
        return selectors.draft_list_for_user(user=self.request.user, search=self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)


class DraftDetailView(StaffMixin, View):
    def get(self, request, pk):
        draft = selectors.draft_get_for_user(user=request.user, pk=pk)
        user = request.user
        return render(
            request,
            "documents/draft_detail.html",
            {
                "draft": draft,
                "long_render": draft_size(draft) > LONG_RENDER_ROWS,
                "can_submit": permissions.can_submit(user, draft),
                "can_sign": permissions.can_sign(user, draft),
                "submit_form": DraftSubmitForm(draft=draft) if permissions.can_submit(user, draft) else None,
                "return_form": DraftReturnForm(),
                "issue_form": ConfirmForm(),
            },
        )


class DraftHtmlView(StaffMixin, View):
    """The draft as the HTML WeasyPrint receives (shown in an iframe on the draft page)."""

    def get(self, request, pk):
        draft = selectors.draft_get_for_user(user=request.user, pk=pk)
        response = HttpResponse(services.draft_render(draft=draft, html=True))
        # The preview is the document's own HTML (inline <style>, no script), framed by the draft page.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
        )
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class DraftPdfView(StaffMixin, View):
    """Watermarked PDF, rendered on request (small drafts)."""

    def get(self, request, pk):
        draft = selectors.draft_get_for_user(user=request.user, pk=pk)
        if draft_size(draft) > LONG_RENDER_ROWS:
            job = services.render_job_create(by=request.user, draft=draft)
            return redirect("documents:job-detail", pk=job.pk)
        pdf = services.draft_render(draft=draft)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ban-nhap-{draft.pk}.pdf"'
        return response


class DraftRenderJobView(StaffMixin, View):
    def post(self, request, pk):
        draft = selectors.draft_get_for_user(user=request.user, pk=pk)
        job = services.render_job_create(by=request.user, draft=draft)
        return redirect("documents:job-detail", pk=job.pk)


def _draft_issue(draft, by, **_confirmed):
    """Issue now, or in a job for a long draft (the browser then follows the job's progress)."""
    if draft.issued_document_id:
        raise ValidationError(_("Dự thảo này đã được ban hành."))
    if not permissions.can_sign(by, draft):
        raise ValidationError(_("Chỉ người ký được trình mới ban hành văn bản này."))
    if draft_size(draft) > LONG_RENDER_ROWS:
        return services.render_job_create(by=by, draft=draft, kind=RenderJob.Kind.ISSUE)
    return services.draft_issue(by=by, draft=draft)


def _issued_message(result) -> str:
    if isinstance(result, RenderJob):
        return _("Đang ban hành văn bản: theo dõi tiến độ ở trang này.")
    return _("Đã ban hành văn bản số %(symbol)s.") % {"symbol": result.symbol}


class DraftTransitionView(StaffMixin, TransitionView):
    """`van-ban/du-thao/<pk>/chuyen/<status>/`: the secretariat submits the draft to a signer
    (submitted); that signer returns it with a note (draft) or, after confirming, signs and issues
    it (issued: numbered, rendered, stored; in a job for long documents). Submitting or returning
    without the right answers 403, as the documents pages always have."""

    model = DocumentDraft
    transitions = {
        DocumentDraft.Status.SUBMITTED: Transition(
            lambda draft, by, signer, signer_title: services.draft_submit(
                by=by, draft=draft, signer=signer, signer_title=signer_title
            ),
            gettext_lazy("Đã trình ký."),
            form_class=DraftSubmitForm,
            form_kwargs=lambda draft: {"draft": draft},
            allowed=permissions.can_submit,
        ),
        DocumentDraft.Status.DRAFT: Transition(
            lambda draft, by, note: services.draft_return(by=by, draft=draft, note=note),
            gettext_lazy("Đã trả lại dự thảo cho bộ phận soạn thảo."),
            form_class=DraftReturnForm,
            allowed=permissions.can_return,
        ),
        DocumentDraft.Status.ISSUED: Transition(_draft_issue, _issued_message, form_class=ConfirmForm),
    }

    def get_object(self, request, pk):
        return selectors.draft_get_for_user(user=request.user, pk=pk)

    def forbidden(self):
        raise PermissionDenied

    def success_url(self, obj) -> str:
        if isinstance(obj, RenderJob):
            return reverse("documents:job-detail", args=[obj.pk])
        return obj.get_absolute_url()


class RenderJobView(StaffMixin, View):
    """Job progress; htmx polls the same URL and receives only the status fragment."""

    def get(self, request, pk):
        job = selectors.render_job_get_for_user(user=request.user, pk=pk)
        template = (
            "documents/_job_status.html" if request.headers.get("HX-Request") else "documents/job_detail.html"
        )
        return render(request, template, {"job": job})


class RenderJobDownloadView(StaffMixin, View):
    def get(self, request, pk):
        job = selectors.render_job_get_for_user(user=request.user, pk=pk)
        if job.status != RenderJob.Status.DONE or not job.file:
            raise Http404
        return FileResponse(
            job.file.open("rb"), content_type="application/pdf", filename=f"ban-nhap-{job.draft_id}.pdf"
        )


class CertificateBlankPrintView(StaffMixin, View):
    """A certificate's variable text for printing on a pre-printed blank, with the calibrated layout."""

    def get(self, request, pk):
        document = selectors.issued_document_get_for_user(user=request.user, pk=pk, issuer_only=True)
        if document.doc_type != DocType.CERTIFICATE:
            raise Http404
        layout = selectors.certificate_layout_get(pk=request.GET.get("layout"))
        pdf = services.certificates_blank_pdf(documents=[document], layout=layout)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="in-phoi-{document.pk}.pdf"'
        return response


def _editable_draft(request, pk) -> DocumentDraft:
    """The draft `pk` if the user may edit it now (documents.permissions), else 404."""
    draft = selectors.draft_get_for_user(user=request.user, pk=pk)
    if not permissions.can_edit_draft(request.user, draft):
        raise Http404
    return draft


def _edit_items(draft) -> list[tuple[str, str, str]]:
    """(heading, plain text, sanitised HTML) of each section, and an empty one to add a section."""
    items = []
    for s in (draft.context or {}).get("sections") or []:
        body = section_html(s)
        items.append((s.get("heading", ""), html_to_text(body), body))
    return [*items, ("", "", "")]


class DraftEditView(StaffMixin, View):
    """Edit a draft's sections: a heading and a rich-text body each (Quill, static/js/draft_editor.js;
    a plain textarea, one paragraph a line, without JavaScript); each save is a new version."""

    template_name = "documents/draft_edit.html"

    def _page(self, request, draft, items, version, status=200, docx_form=None):
        return render(
            request,
            self.template_name,
            {
                "draft": draft,
                "items": items,
                "version": version,
                "versions": draft.versions.select_related("created_by")[:20],
                "docx_form": docx_form or DraftDocxUploadForm(initial={"version": version}),
            },
            status=status,
        )

    def get(self, request, pk):
        draft = _editable_draft(request, pk)
        return self._page(request, draft, _edit_items(draft), draft.versions.count())

    def post(self, request, pk):
        draft = _editable_draft(request, pk)
        headings, texts = request.POST.getlist("heading"), request.POST.getlist("body")
        rich = request.POST.getlist("body_html")
        items = [
            (heading, text, rich[i] if i < len(rich) and rich[i] else None)
            for i, (heading, text) in enumerate(zip(headings, texts, strict=False))
        ]
        try:
            version = int(request.POST.get("version", "-1"))
            services.draft_update_sections(
                by=request.user, draft=draft, sections=services.sections_from_form(items), version=version
            )
        except (ValueError, ValidationError) as exc:
            for msg in getattr(exc, "messages", [_("Dữ liệu không hợp lệ.")]):
                messages.error(request, msg)
            shown = [(h, html_to_text(r) if r else t, r or text_to_html(t)) for h, t, r in items]
            return self._page(request, draft, shown, draft.versions.count())
        messages.success(request, _("Đã lưu dự thảo (phiên bản mới)."))
        return redirect("documents:draft-detail", pk=draft.pk)


class DraftDocxView(StaffMixin, View):
    """The draft as a Word file to edit offline (GET), and the edited file uploaded back (POST):
    its headings and paragraphs become the sections of a new version (documents.docx)."""

    def get(self, request, pk):
        draft = _editable_draft(request, pk)
        data = services.draft_docx(draft=draft)
        response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="du-thao-{draft.pk}-v{draft.versions.count()}.docx"'
        )
        return response

    def post(self, request, pk):
        draft = _editable_draft(request, pk)
        form = DraftDocxUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.draft_update_from_docx(
                    by=request.user,
                    draft=draft,
                    upload=form.cleaned_data["file"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error("file", msg)
            else:
                messages.success(request, _("Đã cập nhật dự thảo từ tệp Word (phiên bản mới)."))
                return redirect("documents:draft-detail", pk=draft.pk)
        return DraftEditView()._page(
            request, draft, _edit_items(draft), draft.versions.count(), status=400, docx_form=form
        )
