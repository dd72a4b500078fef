"""Shared view mixins: role checks, paginated searchable lists, Excel export, and the one
transition view (`TransitionView`)."""

from collections.abc import Callable
from dataclasses import dataclass

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
            if request.GET.get("job", "").isdigit():
                return self.export_job_page(request, int(request.GET["job"]))
            qs = self.get_queryset()
            limit = settings.THIDUA_EXPORT_BACKGROUND_ROWS
            if qs.order_by()[: limit + 1].count() > limit:
                # A large list: written in a background job, the page shows its progress.
                from core.excel import export_job_create

                params = request.GET.copy()
                params.pop("export", None)
                params.pop("job", None)
                job = export_job_create(
                    by=request.user, view=self, query=params.urlencode(), filename=self.export_filename
                )
                return redirect(f"{request.path}?export=xlsx&job={job.pk}")
            headers = [h for h, _ in self.export_columns]
            return xlsx_response(
                self.export_filename, headers, (self.export_row(o) for o in qs.iterator(2000))
            )
        return super().get(request, *args, **kwargs)

    def export_job_page(self, request, pk: int):
        """`?export=xlsx&job=<pk>`: the export job's progress (the htmx fragment when polled), or
        its file with `&download=1` once done. Another user's or another list's job: 404."""
        from django.http import FileResponse

        from core.excel import XLSX_MIME, export_job_get_for_user

        job = export_job_get_for_user(user=request.user, pk=pk, view=self)
        if request.GET.get("download") == "1":
            if job.status != job.Status.DONE or not job.file:
                raise Http404
            return FileResponse(
                job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_MIME
            )
        polled = request.headers.get("HX-Request")
        template = "partials/_export_job.html" if polled else "core/export_job.html"
        return render(request, template, {"export_job": job, "back": request.path})


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
    POST a file: read it with `core.importing.read_table`, validate it and store the rows as an
    `ImportJob` (only its id goes in the session), and show the preview page by page
    (`?job=<id>&page=<n>`, `&errors=1` for the rows with errors only); POST `confirm`: write every
    row or none. A file of more than THIDUA_IMPORT_BACKGROUND_ROWS rows on a page that names a
    `background_commit` service is committed in a background job whose progress the page shows
    (htmx polls `?job=<id>`). Subclasses set the columns and the two service calls."""

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
    # Dotted path of a service `(by=, raw_rows=, progress=) -> list` committing a large file in a
    # background job; empty: always committed in the request through `commit()`.
    background_commit = ""
    preview_page_size = 200

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

    def _render(self, request, form, preview=None, job=None):
        return render(
            request, self.template_name, self.get_context_data(form=form, preview=preview, import_job=job)
        )

    def _preview_page(self, request, job):
        """The preview of a stored job: its counts and one page of its rows."""
        from django.core.paginator import Paginator

        rows = job.rows.order_by("number")
        errors_only = request.GET.get("errors") == "1" and job.error_count > 0
        if errors_only:
            rows = rows.filter(has_errors=True)
        page = Paginator(rows, self.preview_page_size).get_page(request.GET.get("page"))
        self.unknown_columns = job.unknown_columns
        return ImportJobPreview(job=job, page=page, errors_only=errors_only)

    def get(self, request, *args, **kwargs):
        if request.GET.get("template") == "xlsx":
            return xlsx_response(self.template_filename, self.columns, self.template_rows())
        if request.GET.get("job", "").isdigit():
            from core.importing import import_job_get_for_user, import_job_progress

            job = import_job_get_for_user(
                user=request.user, pk=int(request.GET["job"]), scope=self.session_key
            )
            if job.status == job.Status.PREVIEWED:
                return self._render(request, self.get_form_class()(), self._preview_page(request, job))
            job.live_progress = import_job_progress(job)
            if request.headers.get("HX-Request"):
                return render(
                    request,
                    "partials/_import_job.html",
                    {"import_job": job, "row_noun": self.row_noun, "success_url": self.success_url},
                )
            return self._render(request, self.get_form_class()(), job=job)
        return self._render(request, self.get_form_class()())

    def post(self, request, *args, **kwargs):
        from core.importing import ImportFileError, import_job_create, read_table

        if "confirm" in request.POST:
            return self.confirm(request)
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
        del raw_rows
        job = import_job_create(
            by=request.user,
            scope=self.session_key,
            preview=preview,
            unknown_columns=self.unknown_columns,
            commit_path=self.background_commit,
        )
        del preview
        if job.ok:
            request.session[self.session_key] = job.pk
        else:
            request.session.pop(self.session_key, None)
        return self._render(request, self.get_form_class()(), self._preview_page(request, job))

    def confirm(self, request):
        """POST `confirm`: commit the job named in the session, in the request or (a large file on
        a page with a `background_commit`) in a background job the browser then follows."""
        from core.importing import import_job_finish, import_job_raw_rows, import_job_start
        from core.models import ImportJob

        job_id = request.session.get(self.session_key)
        job = (
            ImportJob.objects.filter(
                pk=job_id,
                requested_by=request.user,
                scope=self.session_key,
                status=ImportJob.Status.PREVIEWED,
            ).first()
            if isinstance(job_id, int)
            else None
        )
        if job is None or not job.ok:
            messages.error(request, _("Phiên nhập đã hết hạn, hãy tải tệp lên lại."))
            return redirect(request.path)
        del request.session[self.session_key]
        if self.background_commit and job.row_count > settings.THIDUA_IMPORT_BACKGROUND_ROWS:
            try:
                import_job_start(job=job)
            except ValidationError as exc:  # confirmed twice at once: the other request started it
                message_error(request, exc)
                return redirect(request.path)
            return redirect(f"{request.path}?job={job.pk}")
        try:
            created = self.commit(import_job_raw_rows(job))
        except ValidationError as exc:
            message_error(request, exc)
            return redirect(request.path)
        import_job_finish(job=job, written=len(created))
        messages.success(request, self.success_message(created))
        return redirect(self.success_url or request.path)


@dataclass
class ImportJobPreview:
    """What the import template shows of a stored job: counts, one page of rows (each with
    `number`, `raw`, `errors`, `notes`), and whether only the rows with errors are listed."""

    job: object
    page: object
    errors_only: bool = False

    @property
    def ok(self) -> bool:
        return self.job.ok

    @property
    def error_count(self) -> int:
        return self.job.error_count

    @property
    def row_count(self) -> int:
        return self.job.row_count

    @property
    def rows(self):
        return self.page.object_list


def message_error(request, exc) -> None:
    """Show a service error (see `error_text`) as an error message on the next page."""
    messages.error(request, error_text(exc))


def form_error_text(form) -> str:
    """All the errors of a bound form as one line (for pages that redirect instead of re-rendering)."""
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


# --- The one transition URL shape ----------------------------------------------------
@dataclass(frozen=True)
class Transition:
    """What one transition of a workflow object does in a view (the app's mapping entry).

    `call(obj, by, **cleaned_data)` calls the app's service (which locks, checks the table,
    saves and audits) and returns the object to go back to (or None for `obj`); `success` is the
    Vietnamese message shown after it, or a callable of the returned object making it;
    `form_class` (optional) is the small form of the inputs the service needs (a reason, a
    confirmation, attendees), built with `form_kwargs(obj)`; `allowed` (optional) is a
    permission check on top of the object's selector (False: `TransitionView.forbidden()`, 404);
    `takes_form` (optional) calls `call(obj, by, form=form)` with the valid bound form instead of
    its cleaned data (an edit form whose inputs the service reads through the form's own methods).
    """

    call: Callable
    success: str | Callable
    form_class: type | None = None
    form_kwargs: Callable | None = None
    allowed: Callable | None = None
    takes_form: bool = False


def transition_names(model) -> set[str]:
    """Every status a workflow `model`'s TRANSITIONS table can move to: the names its transition
    URL (`<prefix>/<pk>/chuyen/<slug:transition>/`) accepts (str values of `model.Status`)."""
    return {str(s) for targets in model.TRANSITIONS.values() for s in targets}


class TransitionView(RoleRequiredMixin, View):
    """The one view behind every workflow transition URL, `<prefix>/<pk>/chuyen/<slug:transition>/`
    (POST only: a GET answers 405). Subclasses name the `model`, `get_object()` (the app's
    permission-scoped selector: a forbidden object answers 404) and `transitions`, the mapping
    transition name (a target status of `model.TRANSITIONS`) → `Transition`, or → {current status:
    `Transition`} when one target is reached by different services.

    A name outside the model's table or the mapping answers 404. The service's ValidationError
    becomes a Vietnamese message (`error_text`) and the browser goes back to the object; when the
    transition has a form, an invalid form or a refused service re-renders the form with what the
    user typed (`form_template_name`)."""

    http_method_names = ["post"]
    model = None
    transitions: dict = {}
    form_template_name = "core/transition_form.html"
    detail_view = None  # a TemplateView of the object's page, to show a refused form on it
    form_context_name = "form"

    def dispatch(self, request, *args, **kwargs):
        # A GET (or any method but POST) is refused before anything else, for every user.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, request, pk):  # pragma: no cover - abstract
        """The object behind `pk` as the user may see it (raise Http404 otherwise)."""
        raise NotImplementedError

    def get_transition(self, obj, name: str) -> Transition:
        """The mapping entry for `name` from `obj`'s current status (Http404 when there is none)."""
        if name not in transition_names(self.model) or name not in self.transitions:
            raise Http404
        entry = self.transitions[name]
        if isinstance(entry, dict):
            entry = entry.get(str(obj.status)) or next(iter(entry.values()))
        if entry.allowed is not None and not entry.allowed(self.request.user, obj):
            self.forbidden()
        return entry

    def forbidden(self):
        """A transition the user may not make on an object they may see: 404 (same as missing)."""
        raise Http404

    def success_url(self, obj) -> str:
        """Where to go after the transition (the object's page by default)."""
        return obj.get_absolute_url()

    def post(self, request, pk, transition):
        obj = self.get_object(request, pk)
        entry = self.get_transition(obj, transition)
        form = None
        data = {}
        if entry.form_class is not None:
            form = entry.form_class(request.POST, request.FILES, **self.get_form_kwargs(entry, obj))
            if not form.is_valid():
                return self.form_invalid(obj, transition, form)
            data = {"form": form} if entry.takes_form else form.cleaned_data
        try:
            result = entry.call(obj, request.user, **data)
        except ValidationError as exc:
            if form is not None:
                add_service_errors(form, exc)
                return self.form_invalid(obj, transition, form)
            message_error(request, exc)
            return redirect(self.success_url(obj))
        result = result if result is not None else obj
        messages.success(request, entry.success(result) if callable(entry.success) else entry.success)
        return redirect(self.success_url(result))

    def get_form_kwargs(self, entry: Transition, obj) -> dict:
        """The keyword arguments `entry.form_class` is built with besides the POST data: the
        entry's `form_kwargs(obj)` by default (override when they depend on the request)."""
        return entry.form_kwargs(obj) if entry.form_kwargs else {}

    def form_invalid(self, obj, name: str, form):
        """Show the form again with what was typed and the errors (status 200): on the object's
        own page when `detail_view` is set (its context gets the form as `form_context_name`),
        else on the small `form_template_name` page."""
        if self.detail_view is not None:
            view = self.detail_view()
            view.setup(self.request, pk=obj.pk)
            ctx = view.get_context_data(pk=obj.pk, **{self.form_context_name: form})
            return render(self.request, view.template_name, ctx)
        return render(
            self.request,
            self.form_template_name,
            {
                "object": obj,
                "to": type(obj).Status(name),
                "form": form,
                "action": self.request.path,
                "back": self.success_url(obj),
            },
        )
