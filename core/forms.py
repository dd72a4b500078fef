"""Form fields and the crispy-forms helper shared by every app."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.formats import format_vn_decimal, parse_vn_decimal


class VNDecimalField(forms.CharField):
    """A number typed the Vietnamese way ("3.130,5"); cleans to Decimal, refuses negatives."""

    default_error_messages = {
        "invalid": _("“%(value)s” không phải là số hợp lệ (ví dụ: 3.130,5)."),
        "negative": _("Giá trị không được âm."),
    }

    def __init__(self, *args, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "3.130,5"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int | float):
            return format_vn_decimal(value, 4)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_vn_decimal(value)
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
        if number < 0 and not self.allow_negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return number


class LinesField(forms.CharField):
    """One item per line <-> a list of strings."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [line.strip(" -;\t") for line in value.splitlines() if line.strip(" -;\t")]


class CrispyFieldsMixin:
    """Give a form the crispy helper every page uses: fields only, no <form> tag and no CSRF
    token (the template writes the form element and `{% csrf_token %}` itself). The one copy."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class ExcelUploadForm(CrispyFieldsMixin, forms.Form):
    """The upload of every Excel import: one .xlsx of at most 5 MB (the file is read by
    `core.importing.read_table`, whose `open_workbook` is the one place a workbook is opened)."""

    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        from core.uploads import validate_upload

        validate_upload(f, allowed={"xlsx"})  # type by content; zip bomb refused before opening
        return f


class ConfirmForm(CrispyFieldsMixin, forms.Form):
    """A transition the user must confirm (a required tick), e.g. launching a campaign, which
    notifies every participating unit."""

    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra và xác nhận"),
        error_messages={"required": _("Đánh dấu xác nhận trước khi thực hiện.")},
    )


class ReturnForm(CrispyFieldsMixin, forms.Form):
    """The reason a submitted registration or report is returned to its unit (the service says
    when it is missing, so the form does not require it)."""

    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NotificationEmailForm(CrispyFieldsMixin, forms.Form):
    """How the user's notifications also reach them by e-mail (their own setting: no version,
    nobody else edits it)."""

    notification_email = forms.ChoiceField(
        label=_("Nhận thông báo qua thư điện tử"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Hãy chọn một cách nhận thư."),
            "invalid_choice": _("Lựa chọn không hợp lệ."),
        },
    )

    def __init__(self, *args, **kwargs):
        from core.models import User

        super().__init__(*args, **kwargs)
        self.fields["notification_email"].choices = User.NotificationEmail.choices
