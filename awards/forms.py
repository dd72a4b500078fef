"""Input shape only; domain checks live in services and importing."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_upload


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
        validate_upload(f, allowed={"xlsx"})  # type by content; zip bomb refused before opening
        return f
