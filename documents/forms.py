"""The small forms of the signing workflow's transitions (submit for signature, return)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyFieldsMixin
from documents import permissions

SIGNER_TITLES = ["Chủ tịch", "Phó Chủ tịch", "Quyền Chủ tịch"]


class DraftSubmitForm(CrispyFieldsMixin, forms.Form):
    """Trình ký: the signer (today's signer-role holders of the draft's unit) and their title."""

    signer = forms.ModelChoiceField(label=_("Người ký"), queryset=None, empty_label=_("— Chọn người ký —"))
    signer_title = forms.ChoiceField(label=_("Chức vụ người ký"), choices=[(t, t) for t in SIGNER_TITLES])

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = permissions.signers_for(draft)


class DraftReturnForm(CrispyFieldsMixin, forms.Form):
    """The signer's note when returning a draft to the secretariat."""

    note = forms.CharField(label=_("Ý kiến khi trả lại"), max_length=1000)


class DraftDocxUploadForm(CrispyFieldsMixin, forms.Form):
    """A .docx edited in Word, uploaded back as a new version; `version` detects a lost update."""

    file = forms.FileField(label=_("Tệp Word đã sửa (.docx)"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
