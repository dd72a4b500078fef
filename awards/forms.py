"""Input shape only; domain checks live in services and importing."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class AwardImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    MAX_BYTES = 5 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        head = f.read(4)
        f.seek(0)
        if not f.name.lower().endswith(".xlsx") or head != b"PK\x03\x04":
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        return f
