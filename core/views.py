"""Shared view mixins: role checks, paginated searchable lists, Excel export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404

from core.excel import xlsx_response
from core.exceptions import error_text


class RoleRequiredMixin(LoginRequiredMixin):
    """Declare `required_roles`; a user without any of them gets 404 (same as missing)."""

    required_roles: frozenset | set | tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not self.user_has_required_role(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def user_has_required_role(self, user) -> bool:
        from units.selectors import user_roles  # core must not import units at load time

        return bool(user_roles(user) & set(self.required_roles))


class ExportMixin:
    """`?export=xlsx` on a list view exports the filtered rows (not only the page)."""

    export_filename = "danh-sach.xlsx"
    export_columns: list[tuple[str, str]] = []  # (header, attribute or callable name)

    def export_row(self, obj):
        row = []
        for _header, attr in self.export_columns:
            value = obj
            for part in attr.split("."):
                value = getattr(value, part, "") if value is not None else ""
                if callable(value):
                    value = value()
            row.append(value)
        return row

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            qs = self.get_queryset()
            headers = [h for h, _ in self.export_columns]
            return xlsx_response(
                self.export_filename, headers, (self.export_row(o) for o in qs.iterator(2000))
            )
        return super().get(request, *args, **kwargs)


class PaginatedMixin:
    paginate_by = settings.THIDUA_PAGE_SIZE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        ctx["querystring"] = params.urlencode()
        return ctx


def add_service_errors(form, exc) -> None:
    """Put a service's ValidationError on the form: field errors next to their field (when the
    form has it), everything else at the top. The user's input stays in the bound form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def message_error(request, exc) -> None:
    """Show a service error (see `error_text`) as an error message on the next page."""
    messages.error(request, error_text(exc))


def form_error_text(form) -> str:
    """All the errors of a bound form as one line (for pages that redirect instead of re-rendering)."""
    return " ".join(str(e) for errs in form.errors.values() for e in errs)
