"""Thin views over campaigns.selectors and campaigns.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from campaigns import permissions, selectors, services, target_grid
from campaigns.forms import (
    CampaignForm,
    ImportedDocumentForm,
    ImportedTargetFormSet,
    ImportSourceForm,
    LaunchDocumentForm,
    RegistrationForm,
    SectionFormSet,
    TargetForm,
)
from campaigns.models import Campaign, LaunchDocument, Registration, Target
from campaigns.parsing import campaign_title_from_subject
from core import audit
from core.excel import xlsx_response
from core.formats import format_vn_decimal, parse_vn_decimal
from core.forms import ConfirmForm, ReturnForm
from core.views import (
    ExcelImportView,
    ExportMixin,
    PaginatedMixin,
    RoleRequiredMixin,
    Transition,
    TransitionView,
    add_service_errors,
    message_error,
    transition_names,
)
from units.permissions import MANAGING_ROLES, OFFICE_ROLES, UNIT_ROLES, managed_units, subtree_of_unit
from units.selectors import blocs_visible_to, people_visible_to

VIEW_ROLES = OFFICE_ROLES | UNIT_ROLES


class CampaignListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = VIEW_ROLES
    template_name = "campaigns/campaign_list.html"
    context_object_name = "campaigns"
    export_filename = "phong-trao-thi-dua.xlsx"
    export_columns = [
        ("Tên phong trào", "title"),
        ("Năm", "year"),
        ("Hình thức", "get_kind_display"),
        ("Cơ quan phát động", "launching_unit.name"),
        ("Trạng thái", "get_status_display"),
        ("Số chỉ tiêu", "target_count"),
        ("Số đăng ký", "registration_count"),
    ]

    def get_queryset(self):
        g = self.request.GET
        year = g.get("year", "")
        return selectors.campaign_list_for_user(
            user=self.request.user,
            search=g.get("q", ""),
            year=int(year) if year.isdigit() else None,
            kind=g.get("kind", ""),
            status=g.get("status", ""),
            level=g.get("level", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            years=selectors.campaign_years(self.request.user),
            kinds=Campaign.Kind.choices,
            statuses=Campaign.Status.choices,
        )
        return ctx


TABS = [
    ("contents", "Nội dung"),
    ("targets", "Chỉ tiêu"),
    ("participants", "Đơn vị tham gia"),
    ("registrations", "Đăng ký thi đua"),
    ("documents", "Văn bản"),
    ("history", "Lịch sử"),
]


class CampaignDetailView(RoleRequiredMixin, TemplateView):
    required_roles = VIEW_ROLES
    template_name = "campaigns/campaign_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        campaign = selectors.campaign_get_for_user(user=user, pk=self.kwargs["pk"])
        tab = self.request.GET.get("tab", "contents")
        if tab not in dict(TABS):
            tab = "contents"
        manage = permissions.can_manage_campaign(user, campaign)
        ctx.update(
            campaign=campaign,
            tab=tab,
            tabs=TABS,
            can_manage_campaign=manage,
            launch_document=services.campaign_launch_document(campaign) if manage else None,
        )
        if manage and Campaign.Status.LAUNCHED in campaign.next_statuses:
            deadline = campaign.registration_deadline
            ctx["launch_form"] = ConfirmForm()
            ctx["launch_note"] = _(
                "%(n)s đơn vị tham gia sẽ nhận thông báo và có thể đăng ký thi đua%(until)s."
            ) % {
                "n": selectors.participating_units(campaign).count(),
                "until": _(" đến hết ngày %(d)s") % {"d": deadline.strftime("%d/%m/%Y")} if deadline else "",
            }
        if tab == "targets":
            ctx["targets"] = selectors.targets_with_assignments(campaign)
            ctx["target_form"] = TargetForm()
        elif tab == "participants":
            ctx["units"] = selectors.participating_units(campaign).select_related("level").order_by("path")
            ctx["blocs"] = campaign.participant_blocs.all()
        elif tab == "registrations":
            if manage:
                tracker = list(selectors.registration_tracker(campaign))
                ctx["tracker"] = tracker
                ctx["not_registered"] = [
                    u
                    for u in tracker
                    if u.registration_status
                    not in (Registration.Status.SUBMITTED, Registration.Status.APPROVED)
                ]
            ctx["my_units"] = selectors.units_registering_for_user(user, campaign)
        elif tab == "history":
            ctx["history"] = audit.history_for(campaign)[:100]
        ctx["my_units_count"] = selectors.units_registering_for_user(user, campaign).count()
        return ctx


class _CampaignFormMixin(RoleRequiredMixin):
    required_roles = MANAGING_ROLES
    template_name = "campaigns/campaign_form.html"
    form_class = CampaignForm
    campaign = None

    def get_form_kwargs(self):
        units = managed_units(self.request.user).order_by("path")
        blocs = blocs_visible_to(self.request.user).order_by("-year", "name")
        kwargs = {**super().get_form_kwargs(), "units": units, "blocs": blocs}
        if self.campaign:
            kwargs["instance"] = Campaign.objects.get(pk=self.campaign.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "sections" not in kwargs:
            initial = (
                [{"heading": s.heading, "body": s.body} for s in self.campaign.sections.all()]
                if self.campaign
                else []
            )
            ctx["sections"] = SectionFormSet(self.request.POST or None, initial=initial, prefix="sections")
        return {**ctx, "campaign": self.campaign}

    def form_invalid(self, form, sections=None):
        return self.render_to_response(
            self.get_context_data(form=form, **({"sections": sections} if sections else {}))
        )

    def form_valid(self, form):
        sections = SectionFormSet(self.request.POST, prefix="sections")
        if not sections.is_valid():
            return self.form_invalid(form, sections)
        section_list = [
            (f.cleaned_data["heading"], f.cleaned_data["body"])
            for f in sections.forms
            if f.cleaned_data.get("heading") and not f.cleaned_data.get("DELETE")
        ]
        data = dict(form.cleaned_data)
        participants, blocs = list(data.pop("participants")), list(data.pop("blocs"))
        try:
            if self.campaign:
                campaign = services.campaign_update(
                    campaign=self.campaign,
                    by=self.request.user,
                    participants=participants,
                    blocs=blocs,
                    sections=section_list,
                    **data,
                )
            else:
                campaign = services.campaign_create(
                    by=self.request.user,
                    participants=participants,
                    blocs=blocs,
                    sections=section_list,
                    **data,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form, sections)
        messages.success(self.request, _("Đã lưu phong trào."))
        return redirect(campaign)


class CampaignCreateView(_CampaignFormMixin, FormView):
    def get_initial(self):
        return {"year": timezone.localdate().year}


class CampaignUpdateView(_CampaignFormMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.campaign = selectors.campaign_get_for_user(user=request.user, pk=kwargs["pk"])
            if not permissions.can_manage_campaign(request.user, self.campaign):
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class _ManageCampaignAction(RoleRequiredMixin, View):
    required_roles = MANAGING_ROLES

    def get_campaign(self, request, pk):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        if not permissions.can_manage_campaign(request.user, campaign):
            raise Http404
        return campaign


def _campaign_move(to):
    def call(campaign, by, **_inputs):
        return services.campaign_transition(campaign=campaign, to=to, by=by)

    return call


class CampaignTransitionView(TransitionView):
    """`<pk>/chuyen/<status>/`: launch (confirmed: every participating unit is notified), interim
    review, final review, close."""

    required_roles = MANAGING_ROLES
    model = Campaign
    transitions = {
        to: Transition(
            _campaign_move(to),
            gettext_lazy("Đã phát động phong trào.")
            if to == Campaign.Status.LAUNCHED
            else gettext_lazy("Đã chuyển trạng thái phong trào."),
            form_class=ConfirmForm if to == Campaign.Status.LAUNCHED else None,
        )
        for to in map(Campaign.Status, sorted(transition_names(Campaign)))
    }

    def get_object(self, request, pk):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        if not permissions.can_manage_campaign(request.user, campaign):
            raise Http404
        return campaign


class CampaignCloneView(_ManageCampaignAction):
    def post(self, request, pk):
        campaign = self.get_campaign(request, pk)
        clone = services.campaign_clone(campaign=campaign, by=request.user)
        messages.success(request, _("Đã tạo bản sao cho năm %(y)s (dự thảo).") % {"y": clone.year})
        return redirect(clone)


class CampaignDocumentDraftView(_ManageCampaignAction):
    """Turn the campaign into its official Kế hoạch/Chỉ thị draft (preview, draft PDF, issue)."""

    def post(self, request, pk):
        campaign = self.get_campaign(request, pk)
        try:
            draft = services.campaign_launch_document_draft(campaign=campaign, by=request.user)
        except ValidationError as exc:
            message_error(request, exc)
            return redirect(campaign)
        messages.success(request, _("Đã mở dự thảo văn bản; sửa nội dung rồi trình ký."))
        return redirect("documents:draft-detail", pk=draft.pk)


class TargetCreateView(_ManageCampaignAction):
    def post(self, request, pk):
        campaign = self.get_campaign(request, pk)
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                services.target_save(campaign=campaign, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm chỉ tiêu."))
                return redirect(f"{campaign.get_absolute_url()}?tab=targets")
        return render(
            request,
            "campaigns/campaign_detail.html",
            {
                "campaign": campaign,
                "tab": "targets",
                "tabs": TABS,
                "can_manage_campaign": True,
                "targets": selectors.targets_with_assignments(campaign),
                "target_form": form,
            },
        )


class TargetUpdateView(_ManageCampaignAction):
    template_name = "campaigns/target_form.html"

    def _target(self, request, pk, target_pk):
        campaign = self.get_campaign(request, pk)
        return campaign, get_object_or_404(Target, pk=target_pk, campaign=campaign)

    def get(self, request, pk, target_pk):
        campaign, target = self._target(request, pk, target_pk)
        return render(
            request,
            self.template_name,
            {"campaign": campaign, "target": target, "form": TargetForm(instance=target)},
        )

    def post(self, request, pk, target_pk):
        campaign, target = self._target(request, pk, target_pk)
        if "delete" in request.POST:
            try:
                services.target_delete(target=target, by=request.user)
            except ValidationError as exc:
                message_error(request, exc)
            else:
                messages.success(request, _("Đã xóa chỉ tiêu."))
            return redirect(f"{campaign.get_absolute_url()}?tab=targets")
        form = TargetForm(request.POST, instance=Target.objects.get(pk=target.pk))
        if form.is_valid():
            try:
                services.target_save(campaign=campaign, target=target, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect(f"{campaign.get_absolute_url()}?tab=targets")
        return render(request, self.template_name, {"campaign": campaign, "target": target, "form": form})


class LaunchDocumentCreateView(_ManageCampaignAction):
    template_name = "campaigns/launchdocument_form.html"

    def get(self, request, pk):
        campaign = self.get_campaign(request, pk)
        return render(request, self.template_name, {"campaign": campaign, "form": LaunchDocumentForm()})

    def post(self, request, pk):
        campaign = self.get_campaign(request, pk)
        form = LaunchDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("original_file")
            if upload:
                data.update(
                    original_file=upload,
                    original_name=upload.name[:255],
                    text=getattr(form, "extracted_text", ""),
                )
            try:
                services.launch_document_save(campaign=campaign, by=request.user, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm văn bản."))
                return redirect(f"{campaign.get_absolute_url()}?tab=documents")
        return render(request, self.template_name, {"campaign": campaign, "form": form})


# --- Registrations -------------------------------------------------------------------
class MyCampaignsView(RoleRequiredMixin, TemplateView):
    """A unit head's campaigns: what concerns its unit, and its registration status."""

    required_roles = UNIT_ROLES
    template_name = "campaigns/my_campaigns.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "rows": selectors.my_campaigns(self.request.user)}


class RegistrationEditView(RoleRequiredMixin, View):
    """GET/POST the registration of one unit for one campaign (created on first visit)."""

    required_roles = UNIT_ROLES
    template_name = "campaigns/registration_form.html"

    def _load(self, request, pk, unit_pk):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        unit = get_object_or_404(selectors.units_registering_for_user(request.user, campaign), pk=unit_pk)
        return campaign, unit

    @staticmethod
    def form_kwargs(request, registration: Registration) -> dict:
        """The edit form's arguments besides the POST data: what the registration holds as
        `initial`, the campaign's `targets` and the unit's `people` (the user's view of its subtree)."""
        people = (
            people_visible_to(request.user)
            .filter(unit__in=subtree_of_unit(registration.unit))
            .order_by("search_key")
        )
        initial = {
            "version": registration.version,
            "collective_title": registration.collective_title,
            "pledge": registration.pledge,
        }
        for c in registration.commitments.all():
            initial[f"target_{c.target_id}"] = c.value
        for i in registration.individuals.all():
            initial[f"person_{i.person_id}"] = i.title
        return {"initial": initial, "targets": registration.campaign.targets.all(), "people": people}

    @classmethod
    def render_form(cls, request, registration: Registration, form):
        """The edit page with `form` (what was typed and its errors, when bound); its "Gửi" button
        posts the same form to the registration's `submitted` transition URL."""
        return render(
            request,
            cls.template_name,
            {
                "campaign": registration.campaign,
                "unit": registration.unit,
                "registration": registration,
                "form": form,
                "submit_to": Registration.Status.SUBMITTED,
            },
        )

    def get(self, request, pk, unit_pk):
        campaign, unit = self._load(request, pk, unit_pk)
        registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
        if registration is None:
            try:
                registration = services.registration_start(campaign=campaign, unit=unit, by=request.user)
            except ValidationError as exc:
                message_error(request, exc)
                return redirect(campaign)
        form = RegistrationForm(**self.form_kwargs(request, registration))
        return self.render_form(request, registration, form)

    def post(self, request, pk, unit_pk):
        """ "Lưu nháp": save what was typed (the "Gửi" button posts to the transition URL)."""
        campaign, unit = self._load(request, pk, unit_pk)
        registration = get_object_or_404(Registration, campaign=campaign, unit=unit)
        form = RegistrationForm(request.POST, **self.form_kwargs(request, registration))
        if form.is_valid():
            try:
                registration = services.registration_save(
                    registration=registration, by=request.user, **_registration_inputs(form)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu bản đăng ký (chưa gửi)."))
                return redirect(registration)
        return self.render_form(request, registration, form)


def _registration_inputs(form: RegistrationForm) -> dict:
    """The registration services' inputs from a valid edit form (version, titles, commitments)."""
    return {
        "version": form.cleaned_data["version"],
        "collective_title": form.cleaned_data["collective_title"],
        "pledge": form.cleaned_data["pledge"],
        "commitments": form.commitments(),
        "individuals": form.individuals(),
    }


class RegistrationDetailView(RoleRequiredMixin, TemplateView):
    required_roles = VIEW_ROLES
    template_name = "campaigns/registration_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        reg = selectors.registration_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        ctx.update(
            registration=reg,
            can_decide=permissions.can_manage_campaign(self.request.user, reg.campaign)
            and reg.status == Registration.Status.SUBMITTED,
            return_form=kwargs.get("return_form") or ReturnForm(),
            history=audit.history_for(reg)[:50],
        )
        return ctx


class RegistrationTransitionView(TransitionView):
    """`dang-ky/<pk>/chuyen/<status>/`: the launching unit approves or returns (with a reason) a
    submitted registration; a refused return shows the registration again with the reason typed."""

    required_roles = MANAGING_ROLES | UNIT_ROLES
    model = Registration
    transitions = {
        # the unit's "Gửi" on its edit form: what was typed is saved and sent in one step
        Registration.Status.SUBMITTED: Transition(
            lambda reg, by, form: services.registration_save_submit(
                registration=reg, by=by, **_registration_inputs(form)
            ),
            gettext_lazy("Đã gửi bản đăng ký thi đua."),
            form_class=RegistrationForm,
            takes_form=True,
            allowed=lambda user, reg: (
                selectors.units_registering_for_user(user, reg.campaign).filter(pk=reg.unit_id).exists()
            ),
        ),
        Registration.Status.APPROVED: Transition(
            lambda reg, by: services.registration_approve(registration=reg, by=by),
            gettext_lazy("Đã duyệt bản đăng ký."),
            allowed=lambda user, reg: permissions.can_manage_campaign(user, reg.campaign),
        ),
        Registration.Status.RETURNED: Transition(
            lambda reg, by, reason: services.registration_return(registration=reg, by=by, reason=reason),
            gettext_lazy("Đã trả lại bản đăng ký."),
            form_class=ReturnForm,
            allowed=lambda user, reg: permissions.can_manage_campaign(user, reg.campaign),
        ),
    }

    def get_object(self, request, pk):
        return selectors.registration_get_for_user(user=request.user, pk=pk)

    def get_form_kwargs(self, entry, obj):
        if entry.form_class is RegistrationForm:
            return RegistrationEditView.form_kwargs(self.request, obj)
        return super().get_form_kwargs(entry, obj)

    def form_invalid(self, obj, name, form):
        if name == Registration.Status.SUBMITTED:  # the edit page again, everything typed kept
            return RegistrationEditView.render_form(self.request, obj, form)
        return super().form_invalid(obj, name, form)

    detail_view = RegistrationDetailView
    form_context_name = "return_form"


# --- Import from a launch document ---------------------------------------------------
THEMATIC_HINTS = ("dot thi dua", "cao diem", "chuyen de", "theo dot")


def _deadline_lines(deadlines: list[dict]) -> list[str]:
    out = []
    for d in deadlines or []:
        text = f"{d.get('day', 0):02d}/{d.get('month', 0):02d}"
        if d.get("recurring") == "yearly":
            text += " hằng năm"
        out.append(text)
    return out


def _parse_deadline_lines(lines: list[str]) -> list[dict]:
    import re

    out = []
    for line in lines:
        m = re.match(r"\s*(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", line)
        if m:
            item = {"day": int(m[1]), "month": int(m[2])}
            item["recurring"] = "yearly" if "hằng năm" in line or "hàng năm" in line else None
            if m[3]:
                item["year"] = int(m[3])
            out.append(item)
    return out


_KEY_FIELDS = (
    ("doc_type", _("Loại văn bản")),
    ("number", _("Số")),
    ("symbol", _("Ký hiệu")),
    ("date", _("Ngày ban hành")),
    ("place", _("Địa danh")),
    ("issuer", _("Cơ quan ban hành")),
    ("subject", _("Trích yếu")),
    ("signer_name", _("Người ký")),
)


def _missing_fields(parsed: dict) -> list[str]:
    """Labels of the main fields the importer did not find (shown instead of a guess)."""
    return [str(label) for key, label in _KEY_FIELDS if not parsed.get(key)]


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The text cut into (piece, field label or "") for the highlighted source beside the review."""
    out, pos = [], 0
    for start, end, label in spans:
        if start < pos:
            continue
        if start > pos:
            out.append((text[pos:start], ""))
        out.append((text[start:end], label))
        pos = end
    if pos < len(text):
        out.append((text[pos:], ""))
    return out


class CampaignImportView(RoleRequiredMixin, View):
    """Upload or paste a launch document → review every extracted field → save a draft campaign."""

    required_roles = MANAGING_ROLES
    template_name = "campaigns/campaign_import.html"

    def _units(self, request):
        return managed_units(request.user).order_by("path")

    def _review_forms(self, request, data=None, parsed=None, text="", upload_key=""):
        units = self._units(request)
        blocs = blocs_visible_to(request.user).order_by("-year", "name")
        campaign_initial, doc_initial, targets_initial = {}, {}, []
        if parsed is not None:
            from core.search import fold_diacritics

            subject = parsed.get("subject") or ""
            folded = fold_diacritics(subject)
            issuer = fold_diacritics(parsed.get("issuer") or "")
            launching = (
                next(
                    (
                        u
                        for u in units.filter(kind="peoples_committee")
                        if issuer and fold_diacritics(u.name) in issuer
                    ),
                    None,
                )
                # no guess: the user's own committee only when they manage exactly one
                or (
                    committees[0]
                    if len(committees := list(units.filter(kind="peoples_committee")[:2])) == 1
                    else None
                )
            )
            campaign_initial = {
                "title": campaign_title_from_subject(subject) or parsed.get("theme") or "",
                "kind": Campaign.Kind.THEMATIC
                if any(h in folded for h in THEMATIC_HINTS)
                else Campaign.Kind.REGULAR,
                # the year the subject names ("… năm 2024"), else the year of issue; never today's
                "year": parsed.get("campaign_year") or parsed.get("year"),
                "launching_unit": launching.pk if launching else None,
                "theme": parsed.get("theme") or "",
                "period_start": parsed.get("period_start"),
                "period_end": parsed.get("period_end"),
                "award_forms": parsed.get("award_forms") or [],
                "movements": parsed.get("movements") or [],
            }
            doc_initial = {
                k: parsed.get(k) or ""
                for k in (
                    "doc_type",
                    "number",
                    "symbol",
                    "date",
                    "place",
                    "issuer",
                    "subject",
                    "signer_name",
                    "signer_title",
                    "signing_capacity",
                )
            }
            doc_initial.update(
                recipients=parsed.get("recipients") or [],
                report_deadlines=_deadline_lines(parsed.get("report_deadlines")),
                text=text,
                upload_key=upload_key,
            )
            targets_initial = [
                {
                    "name": t.get("name", ""),
                    "value": t.get("value"),
                    "unit_of_measure": t.get("unit") or "",
                    "direction": t.get("direction") or "reach",
                    "group": t.get("group") or Target.Group.OTHER,
                }
                for t in parsed.get("targets") or []
            ]
        return (
            CampaignForm(data, initial=campaign_initial, units=units, blocs=blocs, prefix="campaign"),
            ImportedDocumentForm(data, initial=doc_initial, prefix="document"),
            ImportedTargetFormSet(data, initial=targets_initial, prefix="targets"),
        )

    def get(self, request):
        key = request.GET.get("ocr", "")
        if key:
            return self._ocr_page(request, key)
        return render(request, self.template_name, {"source_form": ImportSourceForm()})

    def post(self, request):
        step = request.POST.get("step")
        if step == "save":
            return self._save(request)
        if step == "add-row":
            return self._add_row(request)
        return self._parse(request)

    def _review(self, request, *, parsed, text, upload_key="", source="", notes=()):
        from campaigns.parsing import field_spans

        campaign_form, document_form, targets = self._review_forms(
            request, parsed=parsed, text=text, upload_key=upload_key
        )
        return render(
            request,
            self.template_name,
            {
                "campaign_form": campaign_form,
                "document_form": document_form,
                "targets": targets,
                "parsed": parsed,
                "text_source": source,
                "notes": list(notes),
                "missing": _missing_fields(parsed),
                "duplicates": selectors.launch_documents_like(user=request.user, parsed=parsed, text=text),
                "source_segments": _segments(text, field_spans(text, parsed)),
            },
        )

    def _ocr_page(self, request, key):
        """Progress of the OCR of a scanned upload; the review once the text is there."""
        from campaigns.parsing import parse_launch_document

        status = None
        if key.startswith("launch-imports/") and ".." not in key:
            status = selectors.launch_import_ocr_status(key)
        if not status or status.get("user") != request.user.pk:
            raise Http404
        if status["state"] == "failed":
            error = status.get("error") or _("Nhận dạng chữ (OCR) thất bại.")
            return render(
                request, self.template_name, {"source_form": ImportSourceForm(), "ocr_error": error}
            )
        text = selectors.launch_import_ocr_text(key) if status["state"] == "done" else None
        if text is None:
            return render(request, "campaigns/campaign_import_ocr.html", {"status": status}, status=202)
        notes = [_("Văn bản được nhận dạng bằng OCR từ bản quét; hãy đối chiếu từng trường với bản gốc.")]
        return self._review(
            request, parsed=parse_launch_document(text), text=text, upload_key=key, source="ocr", notes=notes
        )

    def _add_row(self, request):
        data = request.POST.copy()
        try:
            data["targets-TOTAL_FORMS"] = str(int(data.get("targets-TOTAL_FORMS", "0")) + 1)
        except ValueError:
            data["targets-TOTAL_FORMS"] = "1"
        campaign_form, document_form, targets = self._review_forms(request, data=data)
        text = data.get("document-text", "")
        return render(
            request,
            self.template_name,
            {
                "campaign_form": campaign_form,
                "document_form": document_form,
                "targets": targets,
                "text_source": data.get("text_source", ""),
                "source_segments": _segments(text, []),
            },
        )

    def _parse(self, request):
        from urllib.parse import urlencode

        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from campaigns.extraction import extract_document
        from campaigns.parsing import parse_launch_document
        from campaigns.tasks import ocr_launch_import_task

        source = ImportSourceForm(request.POST, request.FILES)
        if not source.is_valid():
            return render(request, self.template_name, {"source_form": source})
        upload, upload_key = source.cleaned_data.get("file"), ""
        kind, notes = "", []
        try:
            if upload:
                import uuid

                data = upload.read()
                name = f"launch-imports/{uuid.uuid4().hex}/{upload.name[-100:]}"
                try:
                    extraction = extract_document(upload.name, data)
                except ValidationError as exc:
                    if exc.code != "needs_ocr":
                        raise
                    # a scan: OCR runs in the background; the page shows its progress
                    upload_key = default_storage.save(name, ContentFile(data))
                    services.launch_import_ocr_start(key=upload_key, by=request.user)
                    ocr_launch_import_task.delay(upload_key)
                    return redirect(f"{request.path}?{urlencode({'ocr': upload_key})}")
                text, kind, notes = extraction.text, extraction.source, extraction.notes
                upload_key = default_storage.save(name, ContentFile(data))
            else:
                text = source.cleaned_data["text"]
        except ValidationError as exc:
            source.add_error("file", exc)
            return render(request, self.template_name, {"source_form": source})
        return self._review(
            request,
            parsed=parse_launch_document(text),
            text=text,
            upload_key=upload_key,
            source=kind,
            notes=notes,
        )

    def _save(self, request):
        from django.core.files.storage import default_storage

        campaign_form, document_form, targets = self._review_forms(request, data=request.POST)
        ok = campaign_form.is_valid() & document_form.is_valid() & targets.is_valid()
        if ok:
            c = dict(campaign_form.cleaned_data)
            participants, blocs = list(c.pop("participants")), list(c.pop("blocs"))
            d = dict(document_form.cleaned_data)
            d["report_deadlines"] = _parse_deadline_lines(d.pop("report_deadlines"))
            key = d.pop("upload_key")
            if key and key.startswith("launch-imports/") and ".." not in key and default_storage.exists(key):
                d["original_file"] = key
                d["original_name"] = key.rsplit("/", 1)[-1]
            target_values = [
                {
                    "name": f.cleaned_data["name"],
                    "value": f.cleaned_data["value"],
                    "unit_of_measure": f.cleaned_data["unit_of_measure"],
                    "direction": f.cleaned_data["direction"],
                    "group": f.cleaned_data["group"],
                }
                for f in targets.forms
                if f.cleaned_data.get("name") and not f.cleaned_data.get("DELETE")
            ]
            try:
                campaign = services.campaign_create_from_document(
                    by=request.user,
                    campaign_values=c,
                    document_values=d,
                    targets=target_values,
                    participants=participants,
                    blocs=blocs,
                )
            except ValidationError as exc:
                add_service_errors(campaign_form, exc)
            else:
                messages.success(request, _("Đã tạo phong trào (dự thảo) từ văn bản."))
                return redirect(campaign)
        return render(
            request,
            self.template_name,
            {"campaign_form": campaign_form, "document_form": document_form, "targets": targets},
        )


class TargetGridView(ExcelImportView):
    """Each participating unit's own targets: a grid to fill in (one cell or all), or an Excel file
    read through the one import scaffold (upload, preview with row messages, confirm)."""

    required_roles = MANAGING_ROLES
    template_name = "campaigns/target_grid.html"
    required_columns = [target_grid.UNIT_HEADER]
    aliases = {target_grid.CODE_HEADER: target_grid.CODE_ALIASES}
    row_noun = gettext_lazy("đơn vị")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.campaign = selectors.campaign_get_for_user(user=request.user, pk=kwargs["pk"])
            if not permissions.can_manage_campaign(request.user, self.campaign):
                raise Http404
            self.targets = list(self.campaign.targets.order_by("order", "pk"))
            self.units = list(selectors.participating_units(self.campaign).order_by("path"))
            self.goals = selectors.unit_goals(self.targets, [u.pk for u in self.units])
            self.columns = target_grid.grid_headers(self.targets)
            self.preview_columns = self.columns[1:]
            self.session_key = f"target_grid_rows:{self.campaign.pk}"
            self.template_filename = f"giao-chi-tieu-{self.campaign.pk}.xlsx"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx" or request.GET.get("export") == "xlsx":
            return xlsx_response(
                self.template_filename,
                self.columns,
                target_grid.grid_template_rows(self.targets, self.units, self.goals),
                title_rows=[[self.campaign.title], [_("GIAO CHỈ TIÊU CHO TỪNG ĐƠN VỊ")]],
            )
        return super().get(request, *args, **kwargs)

    def preview(self, raw_rows):
        return target_grid.target_grid_preview(
            raw_rows=raw_rows, targets=self.targets, units=self.units, goals=self.goals
        )

    def commit(self, raw_rows):
        preview = self.preview(raw_rows)
        if not preview.ok:
            raise ValidationError(
                _("Tệp còn %(n)s dòng lỗi; chưa ghi dữ liệu nào.") % {"n": preview.error_count}
            )
        self.changed = services.target_assign_grid(
            campaign=self.campaign, by=self.request.user, values=target_grid.grid_values(preview)
        )
        return [row.number for row in preview.rows]

    def success_message(self, created):
        return _("Đã giao chỉ tiêu cho đơn vị (%(n)s ô thay đổi).") % {"n": self.changed}

    def get_context_data(self, **kwargs):
        typed, errors = kwargs.pop("typed", {}), kwargs.pop("errors", {})
        rows = []
        for u in self.units:
            cells = []
            for t in self.targets:
                name = f"u{u.pk}_t{t.pk}"
                goal = self.goals.get((u.pk, t.pk))
                if name in typed:
                    value = typed[name]
                elif goal is not None and goal.source == "assigned":
                    value = format_vn_decimal(goal.value, 4)
                else:
                    value = ""
                cells.append({"name": name, "value": value, "goal": goal, "error": errors.get(name, "")})
            rows.append({"unit": u, "cells": cells})
        return super().get_context_data(
            campaign=self.campaign, targets=self.targets, rows=rows, errors=errors, **kwargs
        )

    def _render_grid(self, request, *, typed, errors):
        context = self.get_context_data(form=self.get_form_class()(), typed=typed, errors=errors)
        return render(request, self.template_name, context, status=400 if errors else 200)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST or request.FILES:
            return super().post(request, *args, **kwargs)
        values, typed, errors = {}, {}, {}
        for u in self.units:
            for t in self.targets:
                name = f"u{u.pk}_t{t.pk}"
                if name not in request.POST:
                    continue
                raw = request.POST[name].strip()
                typed[name] = raw
                try:
                    values[(u.pk, t.pk)] = parse_vn_decimal(raw) if raw else None
                except ValueError:
                    errors[name] = _("“%(v)s” không phải là số hợp lệ (ví dụ 3.130,5).") % {"v": raw}
        if errors:
            return self._render_grid(request, typed=typed, errors=errors)
        try:
            changed = services.target_assign_grid(campaign=self.campaign, by=request.user, values=values)
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in getattr(exc, "message_dict", {}).items()}
            if not errors:
                message_error(request, exc)
            return self._render_grid(request, typed=typed, errors=errors)
        messages.success(request, _("Đã giao chỉ tiêu cho đơn vị (%(n)s ô thay đổi).") % {"n": changed})
        return redirect("campaigns:target-grid", pk=self.campaign.pk)


class LaunchDocumentOriginalView(RoleRequiredMixin, View):
    """The imported original of a launch document, to whoever may see the campaign (else 404).

    Media files are never served from a public URL; this view is the only way to them.
    """

    required_roles = VIEW_ROLES

    def get(self, request, pk, document_pk):
        campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
        document = get_object_or_404(LaunchDocument, pk=document_pk, campaign=campaign)
        if not document.original_file:
            raise Http404
        try:
            handle = document.original_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        name = document.original_name or document.original_file.name.rsplit("/", 1)[-1]
        return FileResponse(handle, as_attachment=True, filename=name)


class RegistrationPdfView(RoleRequiredMixin, View):
    """The registration as the unit sends it: a PDF in the unit's name (404 when not visible)."""

    required_roles = VIEW_ROLES

    def get(self, request, pk):
        from django.http import HttpResponse

        from campaigns.outputs import registration_pdf

        reg = selectors.registration_get_for_user(user=request.user, pk=pk)
        response = HttpResponse(registration_pdf(reg), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ban-dang-ky-thi-dua-{reg.pk}.pdf"'
        return response
