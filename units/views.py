"""Thin views: fetch through selectors, bind a form, call one service."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core import audit
from core.pagination import DeferredJoinPaginator
from core.roles import Role
from core.views import (
    ExcelImportView,
    ExportMixin,
    PaginatedMixin,
    RoleRequiredMixin,
    add_service_errors,
    message_error,
)
from units import importing, permissions, reorganisation, selectors, services
from units.forms import BlocForm, PeopleImportForm, PersonForm, ReorganiseForm, RoleGrantForm, UnitForm
from units.models import Bloc, Person, Unit
from units.permissions import ALL_ROLES, MANAGING_ROLES, TREE_ROLES


def _form_kwargs_units(user):
    return permissions.managed_units(user).select_related("level").order_by("path")


class _ServiceFormMixin:
    """Run a service in form_valid; its ValidationError goes back onto the form, input intact."""

    def run_service(self, form):  # pragma: no cover - overridden
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.run_service(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(obj)


# --- Units --------------------------------------------------------------------------
class UnitListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = TREE_ROLES
    template_name = "units/unit_list.html"
    context_object_name = "units"
    export_filename = "don-vi.xlsx"
    export_columns = [
        ("Tên đơn vị", "name"),
        ("Loại", "get_kind_display"),
        ("Cấp", "level.name"),
        ("Đơn vị cấp trên", "parent.name"),
        ("Số cá nhân", "people_count"),
    ]

    def get_queryset(self):
        g = self.request.GET
        return selectors.unit_list_for_user(
            user=self.request.user, search=g.get("q", ""), kind=g.get("kind", ""), level=g.get("level", "")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = Unit.Kind.choices
        return ctx


class UnitDetailView(RoleRequiredMixin, DetailView):
    required_roles = TREE_ROLES
    template_name = "units/unit_detail.html"
    context_object_name = "unit"
    children_per_page = 50

    def get_object(self, queryset=None):
        return selectors.unit_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit, user = self.object, self.request.user
        # A province has a hundred and more direct sub-units: a page of them at a time.
        children = permissions.visible_units(user).filter(parent=unit).select_related("level")
        children = children.order_by("path")
        page = Paginator(children, self.children_per_page).get_page(self.request.GET.get("page"))
        ctx.update(children=page.object_list, page_obj=page, paginator=page.paginator)
        ctx["is_paginated"] = page.has_other_pages()
        ctx["people"] = selectors.people_visible_to(user).filter(unit=unit).order_by("search_key")[:50]
        ctx["people_total"] = unit.people.count()
        ctx["blocs"] = unit.blocs.order_by("-year", "name").select_related("head")
        ctx["can_edit"] = permissions.can_manage(user, unit)
        ctx["can_reorganise"] = not unit.successor_id and permissions.can_reorganise(user, unit)
        ctx["history"] = audit.history_for(unit)[:20]
        return ctx


class UnitCreateView(RoleRequiredMixin, _ServiceFormMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/unit_form.html"
    form_class = UnitForm
    success_message = _("Đã thêm đơn vị.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": _form_kwargs_units(self.request.user)}

    def run_service(self, form):
        return services.unit_create(by=self.request.user, **form.cleaned_data)


class UnitUpdateView(RoleRequiredMixin, _ServiceFormMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/unit_form.html"
    form_class = UnitForm
    success_message = _("Đã lưu thay đổi của đơn vị.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = selectors.unit_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # Bind the form to a copy so a failed save leaves the displayed object untouched.
        return {
            **kwargs,
            "instance": Unit.objects.get(pk=self.unit.pk),
            "units": _form_kwargs_units(self.request.user).exclude(pk=self.unit.pk),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit": self.unit}

    def run_service(self, form):
        return services.unit_update(unit=self.unit, by=self.request.user, **form.cleaned_data)


class UnitReorganiseView(RoleRequiredMixin, FormView):
    """Merge / rename / move a unit with an effective date: preview first, then apply (one
    service, the same as the `reorganise_units` command). Only the secretariat over the unit's
    parent reaches it (404 otherwise)."""

    required_roles = MANAGING_ROLES
    template_name = "units/unit_reorganise.html"
    form_class = ReorganiseForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.unit = selectors.reorganisable_unit_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"operation": reorganisation.MERGE, "effective": timezone.localdate()}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "operations": reorganisation.OPERATIONS.items(),
            "others": selectors.merge_partner_choices(unit=self.unit),
            "parents": selectors.new_parent_choices(user=self.request.user, unit=self.unit),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit": self.unit}

    def _arguments(self, form) -> dict:
        data = form.cleaned_data
        operation = data["operation"]
        others = list(data["others"]) if operation == reorganisation.MERGE else []
        return {
            "operation": operation,
            "sources": sorted([self.unit, *others], key=lambda u: u.path),
            "target_name": data["name"] if operation != reorganisation.MOVE else "",
            "parent": data["parent"],
            "effective": data["effective"],
        }

    def form_valid(self, form):
        args = self._arguments(form)
        preview = reorganisation.reorganisation_preview(**args)
        versions = {u.pk: u.version for u in args["sources"]}
        if self.request.POST.get("action") == "apply":
            seen = reorganisation.parse_versions(self.request.POST.get("versions", ""))
            if set(seen) != set(versions):
                form.add_error(
                    None, _("Các đơn vị đã chọn khác với bản xem trước: hãy xem lại bản xem trước.")
                )
            else:
                try:
                    result = reorganisation.reorganisation_apply(by=self.request.user, versions=seen, **args)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(self.request, _("Đã sắp xếp đơn vị: %(u)s.") % {"u": result.name})
                    return redirect(result)
        return self.render_to_response(
            self.get_context_data(
                form=form, preview=preview, versions=reorganisation.format_versions(versions)
            )
        )


# --- People -------------------------------------------------------------------------
class PersonListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = TREE_ROLES
    template_name = "units/person_list.html"
    context_object_name = "people"
    paginator_class = DeferredJoinPaginator  # the last page of a province's people stays cheap
    export_filename = "ca-nhan.xlsx"
    export_columns = [
        ("Họ và tên", "full_name"),
        ("Giới tính", "get_gender_display"),
        ("Ngày sinh", "date_of_birth"),
        ("Số CCCD", "cccd"),
        ("Đơn vị", "unit.name"),
        ("Chức vụ", "position"),
    ]

    def get_queryset(self):
        g = self.request.GET
        unit_id = g.get("unit")
        return selectors.person_list_for_user(
            user=self.request.user,
            search=g.get("q", ""),
            unit_id=int(unit_id) if unit_id and unit_id.isdigit() else None,
            cccd=g.get("cccd", ""),
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        # The exact count of the jurisdiction's people, cached until a person or unit changes.
        return self.paginator_class(queryset, per_page, count_inputs=[Person, Unit], **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["unit_choices"] = permissions.visible_units(self.request.user).only("pk", "name", "depth")
        return ctx


class PersonDetailView(RoleRequiredMixin, DetailView):
    required_roles = TREE_ROLES
    template_name = "units/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset=None):
        return selectors.person_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = permissions.can_manage(self.request.user, self.object.unit)
        ctx["history"] = audit.history_for(self.object)[:20]
        return ctx


class PersonCreateView(RoleRequiredMixin, _ServiceFormMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/person_form.html"
    form_class = PersonForm
    success_message = _("Đã thêm cá nhân.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "units": _form_kwargs_units(self.request.user)}

    def run_service(self, form):
        return services.person_create(by=self.request.user, **form.cleaned_data)


class PersonUpdateView(RoleRequiredMixin, _ServiceFormMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/person_form.html"
    form_class = PersonForm
    success_message = _("Đã lưu thay đổi.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = selectors.person_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": Person.objects.get(pk=self.person.pk),
            "units": _form_kwargs_units(self.request.user),
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "person": self.person}

    def run_service(self, form):
        return services.person_update(person=self.person, by=self.request.user, **form.cleaned_data)


class PeopleImportView(ExcelImportView):
    """The people import: the shared Excel import page over `units.importing`."""

    required_roles = MANAGING_ROLES
    template_name = "units/people_import.html"
    session_key = "people_import_rows"
    columns = importing.COLUMNS
    aliases = importing.ALIASES
    required_columns = importing.REQUIRED
    template_filename = "mau-nhap-ca-nhan.xlsx"
    form_class = PeopleImportForm
    success_url = reverse_lazy("units:person-list")
    preview_columns = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Đơn vị"]
    row_noun = _lazy("cá nhân")
    background_commit = "units.importing.people_import_commit"

    def preview(self, raw_rows):
        return importing.people_import_preview(by=self.request.user, raw_rows=raw_rows)

    def commit(self, raw_rows):
        return importing.people_import_commit(by=self.request.user, raw_rows=raw_rows)

    def success_message(self, created):
        return _("Đã nhập %(n)s cá nhân.") % {"n": len(created)}


# --- Blocs --------------------------------------------------------------------------
class BlocListView(RoleRequiredMixin, ExportMixin, PaginatedMixin, ListView):
    required_roles = ALL_ROLES
    template_name = "units/bloc_list.html"
    context_object_name = "blocs"
    export_filename = "khoi-cum-thi-dua.xlsx"
    export_columns = [
        ("Tên", "name"),
        ("Loại", "get_kind_display"),
        ("Năm", "year"),
        ("Trưởng khối", "head.name"),
        ("Phó khối", "deputy.name"),
        ("Số thành viên", "member_count"),
    ]

    def get_queryset(self):
        g = self.request.GET
        year = g.get("year", "")
        return selectors.bloc_list_for_user(
            user=self.request.user,
            year=int(year) if year.isdigit() else None,
            search=g.get("q", ""),
            kind=g.get("kind", ""),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["years"] = selectors.bloc_years(self.request.user)
        ctx["kinds"] = Bloc.Kind.choices
        return ctx


class BlocDetailView(RoleRequiredMixin, DetailView):
    required_roles = ALL_ROLES
    template_name = "units/bloc_detail.html"
    context_object_name = "bloc"

    def get_object(self, queryset=None):
        return selectors.bloc_get_for_user(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = permissions.can_manage(self.request.user, self.object.organiser)
        ctx["history"] = audit.history_for(self.object)[:20]
        return ctx


class _BlocFormView(RoleRequiredMixin, _ServiceFormMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/bloc_form.html"
    form_class = BlocForm
    bloc = None

    def get_form_kwargs(self):
        units = _form_kwargs_units(self.request.user)
        kwargs = {
            **super().get_form_kwargs(),
            "units": units,
            "organisers": units.filter(kind=Unit.Kind.PEOPLES_COMMITTEE),
        }
        if self.bloc:
            kwargs["instance"] = Bloc.objects.get(pk=self.bloc.pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "bloc": self.bloc}

    def run_service(self, form):
        data = dict(form.cleaned_data)
        members = list(data.pop("members"))
        return services.bloc_save(by=self.request.user, bloc=self.bloc, members=members, **data)


class BlocCreateView(_BlocFormView):
    success_message = _("Đã tạo khối/cụm thi đua.")

    def get_initial(self):
        return {"year": timezone.localdate().year}


class BlocUpdateView(_BlocFormView):
    success_message = _("Đã lưu khối/cụm thi đua.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.bloc = selectors.bloc_get_for_user(user=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# --- Role grants --------------------------------------------------------------------
class RoleGrantListView(RoleRequiredMixin, PaginatedMixin, ListView):
    required_roles = MANAGING_ROLES
    template_name = "units/rolegrant_list.html"
    context_object_name = "grants"

    def get_queryset(self):
        g = self.request.GET
        return selectors.rolegrant_list_for_user(
            user=self.request.user, search=g.get("q", ""), role=g.get("role", "")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["role_choices"] = Role.choices
        ctx["today"] = timezone.localdate()
        return ctx


class RoleGrantCreateView(RoleRequiredMixin, FormView):
    required_roles = MANAGING_ROLES
    template_name = "units/rolegrant_form.html"
    form_class = RoleGrantForm

    def get_form_kwargs(self):
        user = self.request.user
        return {
            **super().get_form_kwargs(),
            "units": _form_kwargs_units(user),
            "users": selectors.grantee_choices_for_user(user=user, search=self.request.GET.get("q", "")),
            "roles": permissions.grantable_roles(user),
        }

    def get_initial(self):
        return {"valid_from": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(q=self.request.GET.get("q", ""), **kwargs)

    def form_valid(self, form):
        try:
            services.rolegrant_create(by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã cấp quyền."))
        return redirect("units:rolegrant-list")


class RoleGrantEndView(RoleRequiredMixin, View):
    required_roles = MANAGING_ROLES

    def post(self, request, pk):
        grant = selectors.rolegrant_get_for_user(user=request.user, pk=pk)
        try:
            services.rolegrant_end(grant=grant, by=request.user)
        except ValidationError as exc:
            message_error(request, exc)
        else:
            messages.success(request, _("Đã kết thúc quyền."))
        return redirect("units:rolegrant-list")
