"""Thin views over reports.selectors and reports.services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from campaigns.models import LaunchDocument
from campaigns.permissions import can_manage_campaign
from campaigns.selectors import campaign_get_for_user, participating_units
from core import audit
from core.excel import xlsx_table_response
from core.forms import ReturnForm
from core.views import (
    ExportMixin,
    PaginatedMixin,
    RoleRequiredMixin,
    Transition,
    TransitionView,
    add_service_errors,
    error_text,
    message_error,
)
from reports import permissions, selectors, services
from reports.forms import AttachmentForm, RoundForm, SubmissionForm
from reports.models import ReminderDelivery, ReportRound, ReportSubmission, SubmissionAttachment
from reports.selectors import TrackerState
from units.models import Unit
from units.permissions import DESK_ROLES, MANAGING_ROLES, OFFICE_ROLES, UNIT_ROLES, managed_units
from units.selectors import blocs_visible_to


# --- Rounds --------------------------------------------------------------------------
class RoundListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = OFFICE_ROLES
    template_name = "reports/round_list.html"
    context_object_name = "rounds"
    export_filename = "ky-bao-cao.xlsx"
    export_columns = [
        ("Kỳ báo cáo", "title"),
        ("Loại", "get_kind_display"),
        ("Phong trào", "campaign.title"),
        ("Năm", "campaign.year"),
        ("Mở nhận từ", "opens_at"),
        ("Hạn nộp", "deadline"),
        ("Số đơn vị phải báo cáo", "unit_count"),
        ("Số đơn vị đã nộp", "reported_count"),
    ]

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            titles = [
                _("Danh sách kỳ báo cáo"),
                _("Giờ Việt Nam; xuất lúc %(t)s") % {"t": f"{timezone.localtime():%H:%M %d/%m/%Y}"},
            ]
            return xlsx_table_response(
                self.export_filename,
                [h for h, _attr in self.export_columns],
                (self.export_row(o) for o in qs),
                title_rows=titles,
            )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        g = self.request.GET
        campaign = g.get("campaign", "")
        return selectors.round_list_for_user(
            user=self.request.user,
            campaign_id=int(campaign) if campaign.isdigit() else None,
            kind=g.get("kind", ""),
            state=g.get("state", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaigns = selectors.round_campaign_choices(self.request.user)
        ctx.update(
            campaigns=campaigns,
            manageable=[c for c in campaigns if c.manageable],
            kinds=ReportRound.Kind.choices,
            now=timezone.now(),
        )
        return ctx


class RoundDetailView(RoleRequiredMixin, TemplateView):
    required_roles = OFFICE_ROLES
    template_name = "reports/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rnd = selectors.round_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        data = selectors.tracker(campaign=rnd.campaign, round_id=rnd.pk, page=self.request.GET.get("page", 1))
        ctx.update(
            round=rnd,
            policy=getattr(rnd, "policy", None),
            tracker=data,
            aggregates=selectors.round_aggregates(rnd),
            **_page_context(data),
            states=TrackerState.summary(data.counts),
            can_manage_round=permissions.can_manage_round(self.request.user, rnd),
            history=audit.history_for(rnd)[:50],
            failed=ReminderDelivery.objects.filter(round=rnd, status=ReminderDelivery.Status.FAILED).count(),
        )
        return ctx


class _ManageRound(RoleRequiredMixin):
    required_roles = MANAGING_ROLES

    def get_round(self, request, pk) -> ReportRound:
        rnd = selectors.round_get_for_user(user=request.user, pk=pk)
        if not permissions.can_manage_round(request.user, rnd):
            raise Http404
        return rnd


class RoundCreateView(RoleRequiredMixin, View):
    required_roles = MANAGING_ROLES
    template_name = "reports/round_form.html"

    def _campaign(self, request):
        value = request.GET.get("campaign") or request.POST.get("campaign") or ""
        if not value.isdigit():
            raise Http404
        campaign = campaign_get_for_user(user=request.user, pk=int(value))
        if not can_manage_campaign(request.user, campaign):
            raise Http404
        return campaign

    def _units(self, campaign):
        ids = participating_units(campaign).values("pk")
        return Unit.objects.filter(
            Q(pk__in=managed_units(self.request.user).values("pk")) | Q(pk__in=ids)
        ).order_by("path")

    def get(self, request):
        campaign = self._campaign(request)
        today = timezone.localdate()
        form = RoundForm(initial={"opens_on": today}, units=self._units(campaign))
        documents = [d for d in campaign.documents.all() if d.report_deadlines]
        return render(
            request, self.template_name, {"form": form, "campaign": campaign, "documents": documents}
        )

    def post(self, request):
        campaign = self._campaign(request)
        form = RoundForm(request.POST, units=self._units(campaign))
        if form.is_valid():
            units = list(form.cleaned_data["units"]) or None
            try:
                rnd = services.round_create(
                    campaign=campaign,
                    by=request.user,
                    units=units,
                    policy=form.policy_values(),
                    **form.round_values(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo kỳ báo cáo."))
                return redirect(rnd)
        return render(request, self.template_name, {"form": form, "campaign": campaign})


class RoundUpdateView(_ManageRound, View):
    template_name = "reports/round_form.html"

    def _units(self, rnd):
        ids = rnd.units.values("pk")
        return Unit.objects.filter(
            Q(pk__in=managed_units(self.request.user).values("pk")) | Q(pk__in=ids)
        ).order_by("path")

    def get(self, request, pk):
        rnd = self.get_round(request, pk)
        policy = getattr(rnd, "policy", None)
        initial = {
            "title": rnd.title,
            "kind": rnd.kind,
            "opens_on": timezone.localdate(rnd.opens_at),
            "deadline_on": timezone.localdate(rnd.deadline),
            "units": list(rnd.units.values_list("pk", flat=True)),
            "recurrence": rnd.recurrence,
            "recurrence_day": rnd.recurrence_day,
            "recurrence_month": rnd.recurrence_month,
        }
        if policy:
            initial.update(audit.snapshot(policy, services.POLICY_FIELDS))
        form = RoundForm(initial=initial, units=self._units(rnd), version_of=rnd)
        return render(request, self.template_name, {"form": form, "campaign": rnd.campaign, "round": rnd})

    def post(self, request, pk):
        rnd = self.get_round(request, pk)
        form = RoundForm(request.POST, units=self._units(rnd), version_of=rnd)
        if form.is_valid():
            try:
                services.round_update(
                    round=rnd,
                    by=request.user,
                    version=form.cleaned_data.get("version"),
                    units=list(form.cleaned_data["units"]),
                    policy=form.policy_values(),
                    **form.round_values(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu kỳ báo cáo."))
                return redirect(rnd)
        return render(request, self.template_name, {"form": form, "campaign": rnd.campaign, "round": rnd})


class RoundTransitionView(TransitionView):
    """`<pk>/chuyen/<status>/`: close the round (units can no longer submit or edit) or reopen it."""

    required_roles = MANAGING_ROLES
    model = ReportRound
    transitions = {
        ReportRound.Status.CLOSED: Transition(
            lambda rnd, by: services.round_close(round=rnd, by=by),
            gettext_lazy("Đã khóa kỳ báo cáo: đơn vị không nộp, sửa báo cáo được nữa."),
        ),
        ReportRound.Status.OPEN: Transition(
            lambda rnd, by: services.round_reopen(round=rnd, by=by),
            gettext_lazy("Đã mở lại kỳ báo cáo."),
        ),
    }

    def get_object(self, request, pk):
        return _ManageRound.get_round(self, request, pk)


class RoundNextView(_ManageRound, View):
    def post(self, request, pk):
        rnd = self.get_round(request, pk)
        try:
            nxt = services.round_generate_next(round=rnd, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(rnd)
        messages.success(request, _("Đã tạo kỳ báo cáo tiếp theo."))
        return redirect(nxt)


class RoundDocumentDraftView(_ManageRound, View):
    """Công văn đôn đốc or Báo cáo tổng hợp as a documents-engine draft (preview, PDF, issue)."""

    def post(self, request, pk, kind):
        from reports import outputs

        rnd = self.get_round(request, pk)
        make = {
            "cong-van-don-doc": outputs.round_reminder_letter_draft,
            "bao-cao-tong-hop": outputs.round_summary_report_draft,
        }.get(kind)
        if make is None:
            raise Http404
        try:
            draft = make(round=rnd, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(rnd)
        messages.success(request, _("Đã soạn dự thảo văn bản; kiểm tra rồi bấm “Ban hành”."))
        return redirect("documents:draft-detail", pk=draft.pk)


class RoundsFromDocumentView(RoleRequiredMixin, View):
    required_roles = MANAGING_ROLES

    def post(self, request, document_pk):
        document = get_object_or_404(LaunchDocument.objects.select_related("campaign"), pk=document_pk)
        campaign = campaign_get_for_user(user=request.user, pk=document.campaign_id)
        if not can_manage_campaign(request.user, campaign):
            raise Http404
        try:
            result = services.rounds_from_launch_document(document=document, by=request.user)
        except ValidationError as exc:
            message_error(request, exc)
            return redirect(f"{campaign.get_absolute_url()}?tab=documents")
        if result.created:
            messages.success(request, _("Đã tạo %(n)s kỳ báo cáo từ văn bản.") % {"n": len(result.created)})
        elif not result.skipped:
            messages.info(request, _("Văn bản không có hạn báo cáo mới để tạo kỳ báo cáo."))
        for why in result.skipped:
            messages.warning(request, why)
        return redirect(f"{reverse('reports:round-list')}?campaign={campaign.pk}")


# --- Tracker -------------------------------------------------------------------------
class TrackerView(RoleRequiredMixin, TemplateView):
    required_roles = MANAGING_ROLES
    template_name = "reports/tracker.html"

    def _params(self):
        g = self.request.GET
        round_id, bloc_id = g.get("round", ""), g.get("bloc", "")
        state = g.get("state", "")
        return (
            int(round_id) if round_id.isdigit() else None,
            int(bloc_id) if bloc_id.isdigit() else None,
            state if state in TrackerState.LABELS else "",
        )

    def get(self, request, *args, **kwargs):
        campaign = campaign_get_for_user(user=request.user, pk=kwargs["campaign_pk"], detail=False)
        if not can_manage_campaign(request.user, campaign):
            raise Http404
        self.campaign = campaign
        round_id, bloc_id, state = self._params()
        export = request.GET.get("export") == "xlsx"
        self.data = selectors.tracker(
            campaign=campaign,
            round_id=round_id,
            bloc_id=bloc_id,
            state=state,
            page=None if export else request.GET.get("page", 1),  # the Excel file has every unit
        )
        if export:
            headers, rows = selectors.tracker_export_rows(self.data, campaign)
            titles = [
                _("Phong trào: %(c)s (năm %(y)s)") % {"c": campaign.title, "y": campaign.year},
                *[
                    _("Kỳ báo cáo: %(r)s — hạn nộp %(d)s (giờ Việt Nam)")
                    % {"r": r.title, "d": f"{timezone.localtime(r.deadline):%H:%M %d/%m/%Y}"}
                    for r in self.data.rounds
                ],
                _("Xuất lúc %(t)s") % {"t": f"{timezone.localtime():%H:%M %d/%m/%Y}"},
            ]
            return xlsx_table_response("theo-doi-bao-cao.xlsx", headers, rows, title_rows=titles)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("export", None)
        params.pop("page", None)
        rounds = self.data.rounds
        filtered = bool(self._params()[1] or self._params()[2])
        ctx.update(
            campaign=self.campaign,
            tracker=self.data,
            # the aggregates of every unit the filters keep (all pages), as the summary Báo cáo
            aggregates=selectors.round_aggregates(
                rounds[0], unit_ids=self.data.unit_ids if filtered else None
            )
            if len(rounds) == 1
            else None,
            **_page_context(self.data),
            results_round=rounds[0] if len(rounds) == 1 else None,
            all_rounds=self.data.all_rounds,
            blocs=blocs_visible_to(self.request.user).filter(year=self.campaign.year).order_by("name"),
            states=TrackerState.summary(self.data.counts),
            querystring=params.urlencode(),
        )
        return ctx


def _page_context(data: selectors.Tracker) -> dict:
    """The names partials/_pagination.html reads, for a paginated tracker."""
    page = data.page
    return {
        "page_obj": page,
        "paginator": page and page.paginator,
        "is_paginated": bool(page and page.paginator.num_pages > 1),
    }


class MyRoundsView(RoleRequiredMixin, TemplateView):
    required_roles = UNIT_ROLES
    template_name = "reports/my_rounds.html"

    def get_context_data(self, **kwargs):
        """A page of the open rounds (`THIDUA_PAGE_SIZE` rows, by deadline): a district head has
        65 round × unit pairs, and only the page's rows are built (issue 17)."""
        now = timezone.now()
        pairs = selectors.my_open_round_pairs(self.request.user, now=now)
        page = Paginator(pairs, settings.THIDUA_PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "rows": selectors.open_rounds_rows(page.object_list, now=now),
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
        }


# --- Submissions ---------------------------------------------------------------------
class SubmissionEditView(RoleRequiredMixin, View):
    """GET/POST a unit's report for a round (created on first visit)."""

    required_roles = UNIT_ROLES
    template_name = "reports/submission_form.html"

    def _load(self, request, pk, unit_pk):
        rnd = selectors.round_get_for_user(user=request.user, pk=pk)
        unit = get_object_or_404(selectors.units_reporting_for_user(request.user, rnd), pk=unit_pk)
        return rnd, unit

    @classmethod
    def render_form(cls, request, submission: ReportSubmission, form, status=200, results=None):
        """The edit page with `form` (what was typed and its errors, when bound); its "Nộp báo cáo"
        button posts the same form (and a chosen file) to the submission's submit transition URL.
        `results`: the saved figures' results when the caller has just read them (else read)."""
        rnd, unit = submission.round, submission.unit
        if results is None:
            results = selectors.submission_results(submission, rnd=rnd, unit=unit)
        return render(
            request,
            cls.template_name,
            {
                "round": rnd,
                "unit": unit,
                "submission": submission,
                "form": form,
                "attachment_form": AttachmentForm(),
                "results": results,
                "now": timezone.now(),
                "submit_to": _submit_to(submission),
            },
            status=status,
        )

    @staticmethod
    def form_kwargs(submission: ReportSubmission) -> dict:
        """The edit form's arguments besides the POST data: the unit's `results` for the round."""
        rnd, unit = submission.round, submission.unit
        return {"results": selectors.submission_results(submission, rnd=rnd, unit=unit)}

    def _initial(self, submission, results):
        initial = {"version": submission.version, "narrative": submission.narrative}
        for r in results:
            if r.actual is not None:
                initial[f"target_{r.target.pk}"] = r.actual
            if r.base is not None:
                initial[f"base_{r.target.pk}"] = r.base
        return initial

    def get(self, request, pk, unit_pk):
        rnd, unit = self._load(request, pk, unit_pk)
        submission = (
            ReportSubmission.objects.filter(round=rnd, unit=unit).prefetch_related("attachments").first()
        )
        if submission is not None:
            submission.round, submission.unit = rnd, unit  # already read: not again for the page
        else:
            try:
                submission = services.submission_start(round=rnd, unit=unit, by=request.user)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                return redirect("reports:my-rounds")
        if not submission.is_editable or rnd.is_closed:
            return redirect(submission)
        kwargs = self.form_kwargs(submission)
        form = SubmissionForm(initial=self._initial(submission, kwargs["results"]), **kwargs)
        # Nothing was saved since `results` were read: the page's comparison table shows them.
        return self.render_form(request, submission, form, results=kwargs["results"])

    def post(self, request, pk, unit_pk):
        """ "Lưu nháp" / "Tải tệp lên": save what was typed, then attach the chosen file (the
        "Nộp báo cáo" button posts to the transition URL)."""
        rnd, unit = self._load(request, pk, unit_pk)
        submission = get_object_or_404(ReportSubmission, round=rnd, unit=unit)
        form = SubmissionForm(request.POST, **self.form_kwargs(submission))
        if not form.is_valid():
            return self.render_form(request, submission, form)
        try:
            submission = services.submission_save(
                submission=submission, by=request.user, **_submission_inputs(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.render_form(request, submission, form)
        upload = request.FILES.get("file")
        if upload is not None:
            # The figures and text typed so far were saved above: attaching a file never loses them.
            try:
                services.attachment_add(submission=submission, by=request.user, upload=upload)
            except ValidationError as exc:
                messages.error(
                    request, _("Đã lưu bản nháp; tệp chưa được đính kèm: %(e)s") % {"e": error_text(exc)}
                )
                return redirect("reports:submission-edit", pk=rnd.pk, unit_pk=unit.pk)
            messages.success(request, _("Đã đính kèm tệp."))
        messages.success(request, _("Đã lưu bản nháp báo cáo."))
        return redirect("reports:submission-edit", pk=rnd.pk, unit_pk=unit.pk)


def _submit_to(submission: ReportSubmission) -> str:
    """The status the unit's "Nộp báo cáo" moves `submission` to (returned → resubmitted)."""
    if submission.status == ReportSubmission.Status.RETURNED:
        return ReportSubmission.Status.RESUBMITTED
    return ReportSubmission.Status.SUBMITTED


def _submission_inputs(form: SubmissionForm) -> dict:
    """The report services' inputs from a valid edit form (version, narrative, figures, bases)."""
    return {
        "version": form.cleaned_data["version"],
        "narrative": form.cleaned_data["narrative"],
        "figures": form.figures(),
        "bases": form.bases(),
    }


def _submitted_message(submission: ReportSubmission) -> str:
    if submission.is_late:
        return _("Đã nộp báo cáo (sau hạn: ghi nhận là nộp muộn).")
    return _("Đã nộp báo cáo đúng hạn.")


class SubmissionDetailView(RoleRequiredMixin, TemplateView):
    required_roles = OFFICE_ROLES | UNIT_ROLES
    template_name = "reports/submission_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        submission = selectors.submission_get_for_user(user=user, pk=self.kwargs["pk"])
        rnd = submission.round
        manage = permissions.can_manage_round(user, rnd)
        ctx.update(
            submission=submission,
            round=rnd,
            results=selectors.submission_results(submission, rnd=rnd, unit=submission.unit),
            can_decide=manage
            and submission.status in (ReportSubmission.Status.SUBMITTED, ReportSubmission.Status.RESUBMITTED),
            can_edit=submission.is_editable
            and not rnd.is_closed
            and selectors.units_reporting_for_user(user, rnd).filter(pk=submission.unit_id).exists(),
            return_form=kwargs.get("return_form") or ReturnForm(),
            history=audit.history_for(submission)[:50],
        )
        return ctx


class SubmissionTransitionView(TransitionView):
    """`bao-cao/<pk>/chuyen/<status>/`: the round's organiser accepts a report or returns it with a
    reason; a refused return shows the report again with the reason typed."""

    required_roles = MANAGING_ROLES | UNIT_ROLES
    model = ReportSubmission
    _manage = staticmethod(lambda user, sub: permissions.can_manage_round(user, sub.round))
    # the unit's "Nộp báo cáo" on its edit form: what was typed (and a chosen file) is saved and
    # submitted in one step; the same from a draft (submitted) and after a return (resubmitted)
    _submit = Transition(
        lambda sub, by, form: services.submission_save_submit(
            submission=sub, by=by, upload=form.files.get("file"), **_submission_inputs(form)
        ),
        _submitted_message,
        form_class=SubmissionForm,
        takes_form=True,
        allowed=lambda user, sub: (
            selectors.units_reporting_for_user(user, sub.round).filter(pk=sub.unit_id).exists()
        ),
    )
    transitions = {
        ReportSubmission.Status.SUBMITTED: _submit,
        ReportSubmission.Status.RESUBMITTED: _submit,
        ReportSubmission.Status.ACCEPTED: Transition(
            lambda sub, by: services.submission_accept(submission=sub, by=by),
            gettext_lazy("Đã tiếp nhận báo cáo."),
            allowed=_manage,
        ),
        ReportSubmission.Status.RETURNED: Transition(
            lambda sub, by, reason: services.submission_return(submission=sub, by=by, reason=reason),
            gettext_lazy("Đã trả lại báo cáo cho đơn vị."),
            form_class=ReturnForm,
            allowed=_manage,
        ),
    }

    def get_object(self, request, pk):
        return selectors.submission_get_for_user(user=request.user, pk=pk)

    def get_form_kwargs(self, entry, obj):
        if entry.form_class is SubmissionForm:
            return SubmissionEditView.form_kwargs(obj)
        return super().get_form_kwargs(entry, obj)

    def form_invalid(self, obj, name, form):
        if name in (ReportSubmission.Status.SUBMITTED, ReportSubmission.Status.RESUBMITTED):
            return SubmissionEditView.render_form(self.request, obj, form)  # everything typed kept
        return super().form_invalid(obj, name, form)

    detail_view = SubmissionDetailView
    form_context_name = "return_form"


class _Attachment(RoleRequiredMixin, View):
    def get_attachment(self, request, pk) -> SubmissionAttachment:
        attachment = get_object_or_404(SubmissionAttachment.objects.select_related("submission"), pk=pk)
        selectors.submission_get_for_user(user=request.user, pk=attachment.submission_id)
        return attachment


class AttachmentAddView(RoleRequiredMixin, View):
    required_roles = UNIT_ROLES

    def post(self, request, pk):
        submission = selectors.submission_get_for_user(user=request.user, pk=pk)
        rnd = submission.round
        if not selectors.units_reporting_for_user(request.user, rnd).filter(pk=submission.unit_id).exists():
            raise Http404
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(
                    submission=submission, by=request.user, upload=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, _("Đã đính kèm tệp."))
        else:
            messages.error(request, _("Hãy chọn một tệp để đính kèm."))
        return redirect("reports:submission-edit", pk=rnd.pk, unit_pk=submission.unit_id)


class AttachmentDownloadView(_Attachment):
    required_roles = OFFICE_ROLES | UNIT_ROLES

    def get(self, request, pk):
        attachment = self.get_attachment(request, pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


class AttachmentDeleteView(_Attachment):
    required_roles = UNIT_ROLES

    def post(self, request, pk):
        attachment = self.get_attachment(request, pk)
        submission = attachment.submission
        try:
            services.attachment_delete(attachment=attachment, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã xóa tệp."))
        return redirect("reports:submission-edit", pk=submission.round_id, unit_pk=submission.unit_id)


# --- Reminder log --------------------------------------------------------------------
class DeliveryListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = DESK_ROLES
    template_name = "reports/delivery_list.html"
    context_object_name = "deliveries"
    export_filename = "nhat-ky-nhac-nho.xlsx"
    export_columns = [
        ("Tạo lúc", "created_at"),
        ("Kỳ báo cáo / phong trào", "subject_title"),
        ("Đơn vị", "unit.name"),
        ("Người nhận", "recipient"),
        ("Loại", "get_kind_display"),
        ("Ngày nhắc", "due_date"),
        ("Trạng thái", "get_status_display"),
        ("Số lần thử", "attempts"),
        ("Lỗi gần nhất", "last_error"),
    ]

    def get_queryset(self):
        g = self.request.GET
        round_id, unit_id = g.get("round", ""), g.get("unit", "")
        status = g.get("status", "")
        return selectors.delivery_list_for_user(
            user=self.request.user,
            status=status if status in ReminderDelivery.Status.values else "",
            round_id=int(round_id) if round_id.isdigit() else None,
            unit_id=int(unit_id) if unit_id.isdigit() else None,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["statuses"] = ReminderDelivery.Status.choices
        ctx["failed_count"] = self.get_queryset().filter(status=ReminderDelivery.Status.FAILED).count()
        round_id, unit_id = self.request.GET.get("round", ""), self.request.GET.get("unit", "")
        if round_id.isdigit() and unit_id.isdigit():  # one unit's page for one round
            ctx["unit_status"] = selectors.unit_round_status(
                user=self.request.user, round_id=int(round_id), unit_id=int(unit_id)
            )
        return ctx
