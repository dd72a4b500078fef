"""Shared view mixins: role checks, paginated searchable lists, Excel export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

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


class ExcelImportView(RoleRequiredMixin, View):
    """The one Excel import page: GET the upload form (and `?template=xlsx`, the empty template);
    POST a file: read it with `core.importing.read_table` and show the preview; POST `confirm`:
    write every row or none. Subclasses set the columns and the two service calls."""

    template_name = ""
    session_key = ""
    columns: list[str] = []
    aliases: dict[str, list[str]] = {}
    required_columns: list[str] = []
    template_filename = "mau-nhap.xlsx"
    form_class = None  # default: core.forms.ExcelUploadForm
    success_url = ""
    preview_columns: list[str] = []  # columns shown in the preview table (default: the first six)
    row_noun = _lazy("dòng")  # "Xác nhận nhập 12 <row_noun>"

    def get_form_class(self):
        from core.forms import ExcelUploadForm

        return self.form_class or ExcelUploadForm

    def preview(self, raw_rows):  # pragma: no cover - abstract
        """Validate rows [(number, {column: text})] for this user; returns an ImportPreview."""
        raise NotImplementedError

    def commit(self, raw_rows) -> list:  # pragma: no cover - abstract
        """Re-validate and write all rows or none; raises ValidationError."""
        raise NotImplementedError

    def success_message(self, created: list) -> str:
        return _("Đã nhập %(n)s dòng.") % {"n": len(created)}

    def template_rows(self) -> list:
        """Rows for the downloadable template (none by default)."""
        return []

    def get_context_data(self, **kwargs):
        return {
            "columns": self.columns,
            "required_columns": self.required_columns,
            "preview_columns": self.preview_columns or self.columns[:6],
            "row_noun": self.row_noun,
            "unknown_columns": getattr(self, "unknown_columns", []),
            **kwargs,
        }

    def _render(self, request, form, preview=None):
        return render(request, self.template_name, self.get_context_data(form=form, preview=preview))

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            return xlsx_response(self.template_filename, self.columns, self.template_rows())
        return self._render(request, self.get_form_class()())

    def post(self, request, *args, **kwargs):
        from core.importing import ImportFileError, read_table

        if "confirm" in request.POST:
            raw_rows = request.session.get(self.session_key)
            if not raw_rows:
                messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
                return redirect(request.path)
            try:
                created = self.commit(raw_rows)
            except ValidationError as exc:
                message_error(request, exc)
                return redirect(request.path)
            del request.session[self.session_key]
            messages.success(request, self.success_message(created))
            return redirect(self.success_url or request.path)
        form = self.get_form_class()(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        self.unknown_columns = []
        try:
            raw_rows = read_table(
                form.cleaned_data["file"],
                self.columns,
                aliases=self.aliases,
                required=self.required_columns,
                unknown=self.unknown_columns,
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            return self._render(request, form)
        preview = self.preview(raw_rows)
        if preview.ok:
            request.session[self.session_key] = raw_rows
        else:
            request.session.pop(self.session_key, None)
        return self._render(request, self.get_form_class()(), preview)


def message_error(request, exc) -> None:
    """Show a service error (see `error_text`) as an error message on the next page."""
    messages.error(request, error_text(exc))


def form_error_text(form) -> str:
    """All the errors of a bound form as one line (for pages that redirect instead of re-rendering)."""
    return " ".join(str(e) for errs in form.errors.values() for e in errs)
